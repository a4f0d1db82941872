#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_emit.sh RXSIM SRCDIR - --emit-jobs prints one self-contained command
# per point; run by GNU parallel and joined by `rxsim merge`, their files
# give exactly the CSV of a local sweep.  merge rejects missing points and
# files of another sweep with exit 2.
. "$(dirname "$0")/sweep_common.sh"
command -v parallel >/dev/null 2>&1 || { echo "SKIP: GNU parallel not found"; exit 77; }

axes="--set nics.0.rx_ring=64,128 --set host.costs.hardirq=1us,uniform(1us,2us) --reps 2"
"$rxsim" sweep $qs $short $axes --jobs 2 --out "$tmp/local.csv" 2>"$tmp/err"
check_rc "local sweep" 0 $? "$tmp/err"
"$rxsim" sweep $qs $short $axes --emit-jobs "$tmp/points dir" >"$tmp/jobs.txt" 2>"$tmp/err"
check_rc "emit-jobs" 0 $? "$tmp/err"
if [ "$(wc -l <"$tmp/jobs.txt")" -eq 4 ] && grep -q -- "--point 3 --out '$tmp/points dir/point-3.csv'" "$tmp/jobs.txt" &&
	grep -q "'host.costs.hardirq=1us,uniform(1us,2us)'" "$tmp/jobs.txt"; then
	ok "one quoted, absolute command per point"
else
	ko "emitted commands" "$tmp/jobs.txt"
fi
# Run them from elsewhere: the commands must not depend on the directory.
(cd / && parallel --will-cite -j2 <"$tmp/jobs.txt") >"$tmp/par.out" 2>&1
check_rc "parallel" 0 $? "$tmp/par.out"
if head -1 "$tmp/points dir/point-2.csv" | grep -qx '# point 2 of 4'; then
	ok "point file starts with '# point I of N'"
else
	ko "point file" "$tmp/points dir/point-2.csv"
fi
"$rxsim" merge "$tmp/points dir"/point-*.csv --out "$tmp/merged.csv" 2>"$tmp/err"
check_rc "merge" 0 $? "$tmp/err"
if cmp "$tmp/merged.csv" "$tmp/local.csv"; then
	ok "merged CSV identical to the local sweep's"
else
	ko "merged CSV differs" "$tmp/merged.csv"
fi
"$rxsim" merge "$tmp/points dir/point-3.csv" "$tmp/points dir/point-0.csv" >"$tmp/out" 2>"$tmp/err"
rc=$?
check_rc "merge with missing points" 2 $rc "$tmp/err"
if grep -q "missing: 1, 2" "$tmp/err" && [ ! -s "$tmp/out" ]; then
	ok "missing points listed, nothing written"
else
	ko "missing points message" "$tmp/err"
fi
"$rxsim" sweep $qs $short --set nics.0.rx_ring=64,128,256,512 --point 1 --out "$tmp/other.csv" 2>"$tmp/err"
check_rc "--point of another sweep" 0 $? "$tmp/err"
"$rxsim" merge "$tmp/points dir/point-0.csv" "$tmp/other.csv" >"$tmp/out" 2>"$tmp/err"
check_rc "merge of inconsistent headers" 2 $? "$tmp/err"
"$rxsim" merge "$tmp/points dir/point-0.csv" "$tmp/nonexistent.csv" >"$tmp/out" 2>"$tmp/err"
check_rc "merge of a missing file" 2 $? "$tmp/err"
# A damaged row (a result cut off, a result not a number) is refused by line.
sed '3s/,[^,]*$//' "$tmp/points dir/point-1.csv" >"$tmp/cut.csv"
"$rxsim" merge "$tmp/points dir/point-0.csv" "$tmp/cut.csv" >"$tmp/out" 2>"$tmp/err"
check_rc "merge of a row with a field cut off" 2 $? "$tmp/err"
if grep -q "cut.csv:3: .* fields, the header has " "$tmp/err" && [ ! -s "$tmp/out" ]; then
	ok "cut-off row named by file:line, nothing written"
else
	ko "cut-off row message" "$tmp/err"
fi
sed '3s/,[0-9][0-9.]*$/,12x/' "$tmp/points dir/point-1.csv" >"$tmp/nan.csv"
"$rxsim" merge "$tmp/points dir/point-0.csv" "$tmp/nan.csv" >"$tmp/out" 2>"$tmp/err"
check_rc "merge of a row with a non-number result" 2 $? "$tmp/err"
if grep -q "nan.csv:3: column .*: expected a number" "$tmp/err"; then
	ok "non-number result named by file:line and column"
else
	ko "non-number result message" "$tmp/err"
fi
finish
