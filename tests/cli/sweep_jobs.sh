#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_jobs.sh RXSIM SRCDIR - the CSV of a sweep is byte-identical whatever
# --jobs is (rows merged by point index), with two command-line axes (a list
# and a range), repetitions, and a scenario's own "sweep" section.
. "$(dirname "$0")/sweep_common.sh"

axes="--set nics.0.rx_ring=64,512 --set traffic.0.rate=200kpps..1Mpps/3 --reps 2"
"$rxsim" sweep $qs $short $axes --jobs 1 --out "$tmp/j1.csv" 2>"$tmp/err1"
check_rc "jobs 1" 0 $? "$tmp/err1"
"$rxsim" sweep $qs $short $axes --jobs 2 --out "$tmp/j2.csv" 2>"$tmp/err2"
check_rc "jobs 2" 0 $? "$tmp/err2"
"$rxsim" sweep $qs $short $axes --jobs 5 >"$tmp/j5.csv" 2>"$tmp/err5"
check_rc "jobs 5 to stdout" 0 $? "$tmp/err5"
if cmp "$tmp/j1.csv" "$tmp/j2.csv" && cmp "$tmp/j1.csv" "$tmp/j5.csv"; then
	ok "identical CSV for --jobs 1, 2 and 5"
else
	ko "CSV differs between --jobs values"
fi
# 1 header + 2 x 3 points, first axis slowest, swept columns then seed.
if [ "$(wc -l <"$tmp/j1.csv")" -eq 7 ] &&
	head -1 "$tmp/j1.csv" | grep -q '^nics\.0\.rx_ring,traffic\.0\.rate,seed,offered_pps,offered_pps_ci95,' &&
	[ "$(sed -n '2p;4p' "$tmp/j1.csv" | cut -d, -f1-3 | tr '\n' ' ')" = "64,200000,1 64,1000000,1 " ] &&
	[ "$(sed -n '5p' "$tmp/j1.csv" | cut -d, -f1-3)" = "512,200000,1" ]; then
	ok "header, point order and natural units"
else
	ko "unexpected CSV layout" "$tmp/j1.csv"
fi
# No spaces anywhere, every row as many fields as the header.
if ! grep -q ' ' "$tmp/j1.csv" &&
	[ "$(awk -F, '{print NF}' "$tmp/j1.csv" | sort -u | wc -l)" -eq 1 ]; then
	ok "rectangular CSV without spaces"
else
	ko "ragged CSV or spaces" "$tmp/j1.csv"
fi

# The scenario's sweep section (4 points of rx-usecs), at any --jobs.
"$rxsim" sweep scenarios/coalescing.json $short --jobs 1 >"$tmp/c1.csv" 2>"$tmp/cerr"
check_rc "sweep section, jobs 1" 0 $? "$tmp/cerr"
"$rxsim" sweep scenarios/coalescing.json $short --jobs 2 >"$tmp/c2.csv" 2>"$tmp/cerr"
check_rc "sweep section, jobs 2" 0 $? "$tmp/cerr"
if cmp "$tmp/c1.csv" "$tmp/c2.csv" &&
	[ "$(cut -d, -f1 "$tmp/c1.csv" | tr '\n' ' ')" = "nics.0.coalesce.rx-usecs_ns 0 8000 50000 200000 " ]; then
	ok "sweep section: rx-usecs in ns, identical at jobs 1 and 2"
else
	ko "sweep section CSV" "$tmp/c1.csv"
fi
# A command-line list on the same path replaces the section's axis; a
# single value overrides it.
"$rxsim" sweep scenarios/coalescing.json $short --set nics.0.coalesce.rx-usecs=4,16 \
	>"$tmp/c3.csv" 2>"$tmp/cerr"
"$rxsim" sweep scenarios/coalescing.json $short --set nics.0.coalesce.rx-usecs=16 \
	>"$tmp/c4.csv" 2>>"$tmp/cerr"
if [ "$(cut -d, -f1 "$tmp/c3.csv" | tr '\n' ' ')" = "nics.0.coalesce.rx-usecs_ns 4000 16000 " ] &&
	[ "$(wc -l <"$tmp/c4.csv")" -eq 2 ] && head -1 "$tmp/c4.csv" | grep -q '^seed,'; then
	ok "command line replaces or overrides the section's axis"
else
	ko "section axis override" "$tmp/cerr"
fi
finish
