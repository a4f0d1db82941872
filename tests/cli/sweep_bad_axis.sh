#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_bad_axis.sh RXSIM SRCDIR - a bad axis or a bad value at any point is
# an input error (exit 2) reported before anything runs: nothing on stdout,
# no output file.
. "$(dirname "$0")/sweep_common.sh"

bad() {
	name=$1
	want=$2
	shift 2
	rm -f "$tmp/out.csv"
	"$rxsim" sweep $qs $short --out "$tmp/out.csv" "$@" >"$tmp/stdout" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		ko "$name: exit $rc, expected 2" "$tmp/err"
	elif [ -s "$tmp/stdout" ] || [ -e "$tmp/out.csv" ] || ls "$tmp" | grep -q '\.tmp\.'; then
		ko "$name: output written"
	elif ! grep -q -- "$want" "$tmp/err"; then
		ko "$name: stderr lacks '$want'" "$tmp/err"
	else
		ok "$name"
	fi
}

bad "unknown path (did you mean)" 'rx_rng: unknown key (did you mean "rx_ring"?)' \
	--set nics.0.rx_rng=64,128
bad "unknown path of a range" 'did you mean "rate"' --set traffic.0.rat=1kpps..2kpps/2
bad "STEPS < 2" 'STEPS must be 2' --set nics.0.rx_ring=64..128/1
bad "FROM > TO" 'FROM is greater than TO' --set nics.0.rx_ring=512..64/3
bad "log from 0" 'log spacing needs FROM > 0' --set nics.0.coalesce.rx-usecs=0..100us/3log
bad "malformed range" 'expected FROM..TO/STEPS' --set nics.0.rx_ring=64..128
bad "range over an enum" 'needs a numeric parameter' --set traffic.0.arrival=a..b/2
bad "range units of another kind" 'FROM' --set traffic.0.rate=1Gbps..2Gbps/2
bad "bad value at one point" 'point 1 (nics.0.rx_ring=4)' --set nics.0.rx_ring=64,4
bad "cross-check fails at one point" 'point 0 (host.cpus=1)' --set host.cpus=1,2
bad "empty list element" 'empty value' --set nics.0.rx_ring=64,,128
bad "unbalanced brackets" 'unbalanced' --set 'nics.0.rx_ring=[64,128'
bad "swept twice" 'swept twice' --set nics.0.rx_ring=64,128 --set nics.0.rx_ring=256,512
bad "bad --reps" 'reps' --set nics.0.rx_ring=64,128 --reps 0
bad "bad --jobs" 'jobs' --set nics.0.rx_ring=64,128 --jobs x
bad "--point out of range" 'points 0..1' --set nics.0.rx_ring=64,128 --point 2
bad "--resume without --out" 'needs --out' --set nics.0.rx_ring=64,128 --resume --out -
bad "bad sweep section" "/sweep/nics.0.rx_ring: expected a non-empty array" \
	--set 'sweep={"nics.0.rx_ring":[]}'
finish
