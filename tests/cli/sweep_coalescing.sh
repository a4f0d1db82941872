#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_coalescing.sh RXSIM SRCDIR - scenarios/coalescing.json shows the
# coalescing trade-off: as rx-usecs grows, interrupts per packet fall and
# end-to-end latency rises.
. "$(dirname "$0")/sweep_common.sh"

"$rxsim" sweep scenarios/coalescing.json --set duration=20ms --out "$tmp/c.csv" 2>"$tmp/err"
check_rc "coalescing sweep" 0 $? "$tmp/err"
# Columns by name: interrupts per delivered packet and the median latency.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
	{ printf "%s %.6f %d\n", $1, $(col["interrupts"]) / ($(col["delivered_pps"]) * 0.02),
	  $(col["lat_e2e_p50_ns"]) }' "$tmp/c.csv" >"$tmp/trend"
cat "$tmp/trend"
if [ "$(wc -l <"$tmp/trend")" -eq 4 ] &&
	awk 'NR > 1 && !($2 < ipp && $3 > lat) { bad = 1 } { ipp = $2; lat = $3 }
		END { exit bad }' "$tmp/trend"; then
	ok "interrupts per packet fall and latency rises with rx-usecs"
else
	ko "no trade-off visible" "$tmp/c.csv"
fi
finish
