#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_crash.sh RXSIM SRCDIR - a worker that crashes is reported with its
# point's parameters; the other points complete and the crashed point's row
# has empty result fields; exit 3.  RXSIM_SWEEP_CRASH_POINT=I (undocumented,
# for this test) makes the worker of point I call abort().
. "$(dirname "$0")/sweep_common.sh"
ulimit -c 0 2>/dev/null

axes="--set nics.0.rx_ring=64,128,256"
"$rxsim" sweep $qs $short $axes --jobs 2 --out "$tmp/ref.csv" 2>"$tmp/err"
check_rc "reference" 0 $? "$tmp/err"
RXSIM_SWEEP_CRASH_POINT=1 "$rxsim" sweep $qs $short $axes --jobs 2 --out "$tmp/crash.csv" \
	2>"$tmp/crash.err"
check_rc "sweep with a crashing worker" 3 $? "$tmp/crash.err"
if grep -q "point 1 (nics.0.rx_ring=128, seed=1): worker killed by signal" "$tmp/crash.err"; then
	ok "crash reported with the point's parameters"
else
	ko "crash report" "$tmp/crash.err"
fi
if [ "$(sed -n 3p "$tmp/crash.csv" | tr -d ',')" = "1281" ] &&
	[ "$(sed -n 3p "$tmp/crash.csv" | awk -F, '{print NF}')" = "$(head -1 "$tmp/ref.csv" | awk -F, '{print NF}')" ]; then
	ok "crashed point's row has empty result fields"
else
	ko "crashed row" "$tmp/crash.csv"
fi
if [ "$(sed -n '1,2p;4p' "$tmp/crash.csv")" = "$(sed -n '1,2p;4p' "$tmp/ref.csv")" ] &&
	[ "$(wc -l <"$tmp/crash.csv")" -eq 4 ]; then
	ok "the other points complete"
else
	ko "other rows differ" "$tmp/crash.csv"
fi
# --resume reruns the failed point only.
"$rxsim" sweep $qs $short $axes --out "$tmp/crash.csv" --resume 2>"$tmp/err"
check_rc "resume after the crash" 0 $? "$tmp/err"
if cmp "$tmp/crash.csv" "$tmp/ref.csv"; then
	ok "resume reruns the crashed point"
else
	ko "resumed file differs" "$tmp/crash.csv"
fi
finish
