#!/bin/sh
# SPDX-License-Identifier: MIT
# resume_cut.sh RXSIM SRCDIR - a sweep file cut anywhere (inside its last
# row, inside its header) is resumed: the complete rows are kept, the cut
# row's point and the missing ones run again, and the result is the same
# bytes as the uncut sweep.  -v names the points that run.
. "$(dirname "$0")/common.sh"
short="--set duration=5ms --set warmup=1ms"
axes="--set nics.0.rx_ring=64,128,256"

"$rxsim" sweep $qs $short $axes --jobs 1 --out "$tmp/ref.csv" 2>"$tmp/err" ||
	ko "reference sweep" "$tmp/err"
size=$(wc -c <"$tmp/ref.csv")
hl=$(head -1 "$tmp/ref.csv" | wc -c)
row3=$(sed -n 1,3p "$tmp/ref.csv" | wc -c)	# the header and two rows

# cut N NAME RUNS: keep the first N bytes, resume, expect RUNS points run
cut_at() {
	head -c "$1" "$tmp/ref.csv" >"$tmp/part.csv"
	"$rxsim" sweep $qs $short $axes --jobs 1 --out "$tmp/part.csv" --resume -v \
		2>"$tmp/err" >/dev/null
	rc=$?
	runs=$(grep -c 'done' "$tmp/err")
	if [ $rc -ne 0 ]; then
		ko "$2: exit $rc" "$tmp/err"
	elif ! cmp -s "$tmp/part.csv" "$tmp/ref.csv"; then
		ko "$2: resumed file differs" "$tmp/part.csv"
	elif [ "$runs" -ne "$3" ]; then
		ko "$2: $runs points ran, expected $3" "$tmp/err"
	else
		ok "$2"
	fi
}

cut_at $((size - 1)) "cut before the last newline" 1
cut_at $((row3 + 5)) "cut five bytes into the last row" 1
cut_at $((row3 - 3)) "cut inside the second row" 2
cut_at $((hl - 4)) "cut inside the header" 3
cut_at "$hl" "header only" 3
finish
