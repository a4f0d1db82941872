#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_expect.sh RXSIM SRCDIR - expect bounds (the scenario's and --expect)
# apply at every point; a failure names the point's parameters; exit 1.
. "$(dirname "$0")/sweep_common.sh"

# 3 Mpps of 512-byte frames is beyond 10GbE line rate: upstream drops.
axes="--set traffic.0.rate=100kpps,3Mpps"
"$rxsim" sweep $qs $short $axes --expect 'drops.total<=0' >"$tmp/out.csv" 2>"$tmp/err"
check_rc "--expect fails at one point" 1 $? "$tmp/err"
if grep -q "point 1 (traffic.0.rate=3Mpps, seed=1): expect failed: drops.total" "$tmp/err" &&
	! grep -q "point 0" "$tmp/err"; then
	ok "failure reported with the point's parameters"
else
	ko "expect report" "$tmp/err"
fi
if [ "$(wc -l <"$tmp/out.csv")" -eq 3 ] && ! grep -q '^#' "$tmp/out.csv" &&
	[ "$(sed -n 3p "$tmp/out.csv" | cut -d, -f1)" = "3000000" ]; then
	ok "the CSV is complete"
else
	ko "CSV" "$tmp/out.csv"
fi
# The scenario's expect block (drops.host max 0) at every point: a slow
# reader with a tiny socket buffer drops, with a large one it does not.
"$rxsim" sweep $qs $short --set sockets.0.rcvbuf=0,16MiB --set sockets.0.rcvbuf_force=true \
	--set apps.0.per_packet=1us \
	>"$tmp/out.csv" 2>"$tmp/err"
check_rc "scenario expect block over a sweep" 1 $? "$tmp/err"
if grep -q "point 0 (sockets.0.rcvbuf=0, seed=1): expect failed: drops.host" "$tmp/err" &&
	! grep -q "point 1" "$tmp/err"; then
	ok "scenario bound reported with the point's parameters"
else
	ko "scenario expect report" "$tmp/err"
fi
"$rxsim" sweep $qs $short --set traffic.0.rate=100kpps,200kpps --expect 'drops.total<=0' \
	>/dev/null 2>"$tmp/err"
check_rc "bounds that hold" 0 $? "$tmp/err"
"$rxsim" sweep $qs $short $axes --expect 'drops.total' >/dev/null 2>"$tmp/err"
check_rc "malformed --expect" 2 $? "$tmp/err"
finish
