#!/bin/sh
# SPDX-License-Identifier: MIT
# roundtrip.sh RXSIM SRCDIR UDP_PACE - on the machine running the tests:
# snapshot it, import the snapshot, run the scenario; then paced UDP over
# loopback between two snapshots and calibrate on the pair.  A shared
# machine promises little: the checks are that each step works and the fit
# is finite and in a generous range, not that it has a given value.
rxsim=$1
src=$2
pace=$3
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxsim-host.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
ok() { echo "PASS  $1"; pass=$((pass + 1)); }
ko() {
	echo "FAIL  $1"
	fail=$((fail + 1))
	[ -n "${2:-}" ] && [ -s "$2" ] && sed 's/^/        | /' "$2" | head -20
}
snap="$src/tools/rxsim-snapshot"

sh "$snap" "$tmp/now" >/dev/null 2>"$tmp/err" && [ -s "$tmp/now/meta" ] &&
	ok "rxsim-snapshot of this machine ($(wc -l <"$tmp/now/SKIPPED") skipped)" ||
	ko "rxsim-snapshot" "$tmp/err"
sh "$snap" --tar "$tmp/packed" >/dev/null 2>"$tmp/err" && [ -s "$tmp/packed.tar.gz" ] &&
	[ ! -e "$tmp/packed" ] && ok "rxsim-snapshot --tar" || ko "--tar" "$tmp/err"
# this machine may have no NIC rxsim has a profile for, or none at all: the
# import then carries a generic NIC, and says so
"$rxsim" import "$tmp/packed.tar.gz" --out "$tmp/host.json" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "import of this machine" || ko "import (exit $rc)" "$tmp/err"
"$rxsim" run "$tmp/host.json" --set duration=10ms --quiet 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "the imported scenario runs" || ko "run of the import (exit $rc)" "$tmp/err"
cpus=$(cat "$tmp/now/nproc" 2>/dev/null)
grep -q "\"cpus\":[[:space:]]*$cpus" "$tmp/host.json" && ok "host.cpus $cpus from nproc" ||
	ko "host.cpus" "$tmp/host.json"

# a loaded pair: 20 kpps of 64-byte datagrams over loopback for 2 s
sh "$snap" --iface lo "$tmp/before" >/dev/null 2>&1
"$pace" --rate 20000 --seconds 2 >"$tmp/pace" 2>"$tmp/err" || ko "udp_pace" "$tmp/err"
sh "$snap" --iface lo "$tmp/after" >/dev/null 2>&1
cat "$tmp/pace"
app=$(sed -n 's/^reader_cpu_s //p' "$tmp/pace")
recv=$(sed -n 's/^received //p' "$tmp/pace")
[ "${recv:-0}" -gt 20000 ] && ok "the reader received $recv datagrams" || ko "received ${recv:-?}" "$tmp/pace"
"$rxsim" calibrate "$tmp/before" "$tmp/after" --app-cpu-seconds "${app:-0}" --json \
	>"$tmp/fit" 2>"$tmp/err"
rc=$?
[ $rc -eq 0 ] && ok "calibrate on the loaded pair" || ko "calibrate (exit $rc)" "$tmp/err"
cat "$tmp/fit"
# value NAME: the "value" of a fit in the JSON
value() {
	tr -d '\n\t ' <"$tmp/fit" | sed -n "s/.*\"$1\":{\"value\":\([-0-9.e+]*\).*/\1/p"
}
pps=$(tr -d '\n\t ' <"$tmp/fit" | sed -n 's/.*"pps":\([0-9.e+]*\).*/\1/p')
soft=$(value softirq_ns_per_packet)
appns=$(value app_ns_per_datagram)
# the interval is about 3 s (2 s of load and the snapshots themselves):
# at least a third of 20 kpps, at most what the machine could add besides
awk -v p="${pps:-0}" 'BEGIN { exit !(p > 6000 && p < 2000000) }' &&
	ok "measured $pps pps (offered 20000 for 2 s of the interval)" || ko "pps ${pps:-?}"
# softirq ticks may not move at all under so light a load (0 is honest);
# anything above 1 ms a packet is not a measurement of this path
awk -v s="${soft:-x}" 'BEGIN { exit !(s ~ /^[0-9.e+-]+$/ && s >= 0 && s < 1e6) }' &&
	ok "softirq per packet $soft ns: finite, in [0, 1 ms)" || ko "softirq fit ${soft:-?}"
awk -v s="${appns:-x}" 'BEGIN { exit !(s ~ /^[0-9.e+-]+$/ && s > 0 && s < 1e6) }' &&
	ok "reader per datagram $appns ns: finite, in (0, 1 ms)" || ko "reader fit ${appns:-?}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
