#!/bin/sh
# SPDX-License-Identifier: MIT
# limits.sh RXSIM SRCDIR - a scenario whose estimated memory or output
# passes --max-memory / --max-output (or their defaults) is refused before
# it runs: exit 2, one line naming the keys that weigh most, nothing
# written.  The figures: 1000 s of 1 us time-series rows are 10^9 rows of
# some hundred bytes, far beyond any disk's half; ten million Zipf flows
# take 20 bytes each at least (200 MB > 100 MiB).
. "$(dirname "$0")/common.sh"

refused() {
	name=$1
	want=$2
	shift 2
	rm -rf "$tmp/out"
	"$rxsim" run $qs -q "$@" >"$tmp/stdout" 2>"$tmp/err"
	rc=$?
	if [ $rc -ne 2 ]; then
		ko "$name: exit $rc, expected 2" "$tmp/err"
	elif [ -e "$tmp/out" ] || [ -s "$tmp/stdout" ]; then
		ko "$name: something written"
	elif [ "$(wc -l <"$tmp/err")" -ne 1 ] || ! grep -qF -- "$want" "$tmp/err"; then
		ko "$name: stderr lacks '$want'" "$tmp/err"
	else
		ok "$name"
	fi
}

refused "time series of 1 us rows for 1000 s (default limit)" \
	'output estimated at' --set duration=1000s --set output.interval=1us --out "$tmp/out"
refused "the output key is named" 'mostly from /output/interval' \
	--set duration=1000s --set output.interval=1us --out "$tmp/out"
refused "ten million Zipf flows under 100MiB" 'mostly from /traffic/0/flows' \
	--set traffic.0.flows=10000000 --set 'traffic.0.weights=zipf(1)' --max-memory 100MiB
refused "1024 threads under 1MiB" '/apps/0/threads' --set apps.0.threads=1024 \
	--max-memory 1MiB
"$rxsim" run $qs -q --max-memory 12parsecs 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && head -1 "$tmp/err" | grep -qF -- "--max-memory 12parsecs: expected a size"; then
	ok "bad --max-memory is a usage error"
else
	ko "bad --max-memory: exit $rc" "$tmp/err"
fi

# the same flows with room enough run
"$rxsim" run $qs -q --set duration=2ms --set warmup=1ms --set traffic.0.flows=10000000 \
	--set 'traffic.0.weights=zipf(1)' --max-memory 2GiB 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ]; then ok "under the limit it runs"; else ko "under the limit: exit $rc" "$tmp/err"; fi
"$rxsim" run $qs -q --set duration=2ms --set warmup=1ms --max-memory unlimited \
	--max-output unlimited --out "$tmp/out" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ -s "$tmp/out/summary.json" ]; then ok "unlimited"; else ko "unlimited: exit $rc" "$tmp/err"; fi
finish
