#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_interrupt.sh RXSIM SRCDIR - SIGINT in the middle of a sweep stops the
# workers, keeps the completed rows in point order, marks the file
# incomplete and exits 130; --resume then completes it to the same bytes as
# an uninterrupted sweep.
. "$(dirname "$0")/sweep_common.sh"

# Point 2 simulates 2 s (about a second of wall time): the signal lands
# while it runs, after point 0 has been reported done.
axes="--set duration=5ms,10ms,2s,6ms --set warmup=1ms"
"$rxsim" sweep $qs $axes --jobs 1 --out "$tmp/ref.csv" 2>"$tmp/ref.err"
check_rc "uninterrupted reference" 0 $? "$tmp/ref.err"

"$rxsim" sweep $qs $axes --jobs 1 --verbose --out "$tmp/part.csv" 2>"$tmp/part.err" &
pid=$!
i=0
while ! grep -q "point 0 of 4 done" "$tmp/part.err" 2>/dev/null && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
kill -INT $pid
wait $pid
check_rc "interrupted sweep" 130 $? "$tmp/part.err"
last=$(tail -n 1 "$tmp/part.csv")
case $last in
"# incomplete: "[123]" of 4 points") ok "marked incomplete: $last" ;;
*) ko "last line is '$last'" "$tmp/part.csv" ;;
esac
# Every row kept is the reference's row, in point order (--jobs 1: a prefix).
grep -v '^#' "$tmp/part.csv" >"$tmp/part.rows"
n=$(wc -l <"$tmp/part.rows")
if [ "$n" -ge 2 ] && head -n "$n" "$tmp/ref.csv" | cmp -s - "$tmp/part.rows"; then
	ok "header and completed rows kept in point order"
else
	ko "partial rows differ from the reference" "$tmp/part.csv"
fi
if grep -q "interrupted" "$tmp/part.err"; then
	ok "interruption reported on stderr"
else
	ko "no interruption message" "$tmp/part.err"
fi
if ls "$tmp" | grep -q '\.tmp\.'; then
	ko "temporary file left behind"
else
	ok "no temporary file left"
fi

"$rxsim" sweep $qs $axes --jobs 2 --out "$tmp/part.csv" --resume -v 2>"$tmp/resume.err"
check_rc "resume" 0 $? "$tmp/resume.err"
if cmp "$tmp/part.csv" "$tmp/ref.csv"; then
	ok "resumed file identical to the uninterrupted sweep"
else
	ko "resumed file differs" "$tmp/part.csv"
fi
if ! grep -q "point 0 of 4 done" "$tmp/resume.err"; then
	ok "resume skipped the completed points"
else
	ko "resume ran point 0 again" "$tmp/resume.err"
fi
# Another sweep's file is not resumed.
"$rxsim" sweep $qs $short --set nics.0.rx_ring=64,128 --out "$tmp/part.csv" --resume \
	2>"$tmp/other.err"
check_rc "resume of another sweep's file" 2 $? "$tmp/other.err"
# A damaged row is an error naming the line, not a point silently kept or rerun.
sed '3s/,[^,]*$//' "$tmp/ref.csv" >"$tmp/cut.csv"
"$rxsim" sweep $qs $axes --jobs 1 --out "$tmp/cut.csv" --resume 2>"$tmp/cut.err"
check_rc "resume of a file with a cut-off row" 2 $? "$tmp/cut.err"
if grep -q "cut.csv:3: --resume: .* fields, the header has " "$tmp/cut.err" &&
	! ls "$tmp" | grep -q '\.tmp\.'; then
	ok "cut-off row named by file:line, no temporary file"
else
	ko "cut-off row message" "$tmp/cut.err"
fi
finish
