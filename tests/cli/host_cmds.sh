#!/bin/sh
# SPDX-License-Identifier: MIT
# host_cmds.sh RXSIM SRCDIR - smoke tests of import, calibrate and compare
# on the sample snapshots: exit codes, stdout/stderr, errors naming the
# file and line, atomic outputs, a .tar.gz snapshot.
. "$(dirname "$0")/sweep_common.sh"
S=tests/data/snapshots

for c in import calibrate compare; do
	"$rxsim" $c --help >"$tmp/out" 2>"$tmp/err"
	check_rc "$c --help" 0 $? "$tmp/err"
	grep -q "^Usage: rxsim $c" "$tmp/out" && [ ! -s "$tmp/err" ] && ok "$c --help on stdout" ||
		ko "$c --help output" "$tmp/out"
	"$rxsim" $c --bogus "$S/virtio" >"$tmp/out" 2>"$tmp/err"
	check_rc "$c --bogus" 2 $? "$tmp/err"
	grep -q "Try 'rxsim $c --help'." "$tmp/err" && ok "$c --bogus: hint" || ko "$c hint" "$tmp/err"
done

# import: stdout is a scenario that check accepts; --out is atomic
"$rxsim" import "$S/ixgbe" >"$tmp/ixgbe.json" 2>"$tmp/err"
check_rc "import ixgbe to stdout" 0 $? "$tmp/err"
"$rxsim" check "$tmp/ixgbe.json" >/dev/null 2>"$tmp/err"
check_rc "rxsim check accepts the imported scenario (notes, sources)" 0 $? "$tmp/err"
"$rxsim" import "$S/virtio" --out "$tmp/v.json" --explain >"$tmp/out" 2>"$tmp/err"
check_rc "import virtio --out --explain" 0 $? "$tmp/err"
grep -q '^nics.0.rx_ring  *256  *<- if/eth0/ethtool_g line 8$' "$tmp/out" &&
	ok "--explain names file and line" || ko "--explain" "$tmp/out"
grep -q 'warning: eth0: driver virtio_net .*has no rxsim profile: generic' "$tmp/err" &&
	ok "unknown driver: a warning on stderr" || ko "driver warning" "$tmp/err"
ls "$tmp" | grep -q '\.tmp' && ko "a temporary file was left" || ok "no temporary file left"
"$rxsim" import "$S/bad/softnet_truncated" --out "$tmp/bad.json" >"$tmp/out" 2>"$tmp/err"
check_rc "import of a truncated softnet_stat" 2 $? "$tmp/err"
grep -q 'bad/softnet_truncated/proc/softnet_stat line 2: expected at least 11 hex fields' \
	"$tmp/err" && ok "the error names file and line" || ko "softnet message" "$tmp/err"
[ ! -e "$tmp/bad.json" ] && ok "no output on error" || ko "output written on error"
"$rxsim" import "$S/virtio" --iface lo --out "$tmp/lo.json" --explain >"$tmp/out" 2>"$tmp/err"
check_rc "import --iface lo" 0 $? "$tmp/err"
grep -q '^devices.0.mtu  *65536  *<- if/lo/sys/mtu line 1$' "$tmp/out" &&
	ok "--iface lo: lo's mtu and its source" || ko "lo mtu" "$tmp/out"
# a calibration's costs and rate: a file of calibrate --out, and a bad one
printf '{"calibration": {"pps": 20000, "softirq_ns_per_packet": {"value": 2000, "err": 100}}}\n' \
	>"$tmp/c.json"
"$rxsim" import "$S/virtio" --iface lo --costs "$tmp/c.json" --out "$tmp/lo.json" 2>"$tmp/err"
check_rc "import --iface lo --costs" 0 $? "$tmp/err"
# 2000 - 45 (process_backlog) - 500 (wakeup) = 1455
grep -q '"ip_udp_rx":[[:space:]]*"1455.0ns"' "$tmp/lo.json" && grep -q '"rate":[[:space:]]*"20000pps"' \
	"$tmp/lo.json" && ok "--costs: ip_udp_rx 1455.0ns and the rate over lo" || ko "--costs" "$tmp/lo.json"
printf '{"calibration": {"pps": "fast"}}\n' >"$tmp/c.json"
"$rxsim" import "$S/virtio" --iface lo --costs "$tmp/c.json" >"$tmp/out" 2>"$tmp/err"
check_rc "import --costs of a bad calibration" 2 $? "$tmp/err"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "c.json: /calibration/pps: expected a number >= 0" \
	"$tmp/err" && ok "one line naming the file and the JSON path" || ko "--costs error" "$tmp/err"
"$rxsim" import "$S/virtio" --costs "$tmp/none.json" >"$tmp/out" 2>"$tmp/err"
check_rc "import --costs of a missing file" 2 $? "$tmp/err"
"$rxsim" import "$tmp/nothing" >"$tmp/out" 2>"$tmp/err"
check_rc "import of a missing snapshot" 2 $? "$tmp/err"
# a .tar.gz of --tar
(cd "$S" && tar -czf "$tmp/mlx5.tar.gz" mlx5)
"$rxsim" import "$tmp/mlx5.tar.gz" >"$tmp/m.json" 2>"$tmp/err"
check_rc "import of a .tar.gz" 0 $? "$tmp/err"
grep -q '"driver":[[:space:]]*"mlx5"' "$tmp/m.json" && ok "tar.gz: mlx5 read" || ko "tar" "$tmp/m.json"

# calibrate: the pair directory, the fit and its uncertainty, costs.json
"$rxsim" calibrate "$S/pair" --out "$tmp/costs.json" >"$tmp/out" 2>"$tmp/err"
check_rc "calibrate pair" 0 $? "$tmp/err"
grep -q 'softirq per packet  *2000.0 +- 4.0 ns' "$tmp/out" && ok "2000 +- 4 ns per packet" ||
	ko "calibrate text" "$tmp/out"
grep -q '"ip_udp_rx":[[:space:]]*"1887.5ns"' "$tmp/costs.json" && ok "costs.json" ||
	ko "costs.json" "$tmp/costs.json"
# the same file feeds import --costs: over the pair's NIC, its host.costs
# and its measured rate (calibration.pps: 5000000 processed in 10 s; compare
# adds the drops to what it offers)
"$rxsim" import "$S/pair/before" --costs "$tmp/costs.json" --out "$tmp/pc.json" 2>"$tmp/err"
check_rc "import --costs of calibrate's output" 0 $? "$tmp/err"
grep -q '"ip_udp_rx":[[:space:]]*"1887.5ns"' "$tmp/pc.json" &&
	grep -q '"rate":[[:space:]]*"500000pps"' "$tmp/pc.json" &&
	ok "import --costs: ip_udp_rx 1887.5ns, traffic.0.rate 500000pps" || ko "import --costs" "$tmp/pc.json"
"$rxsim" calibrate "$S/pair/after" "$S/pair/before" >"$tmp/out" 2>"$tmp/err"
check_rc "calibrate with the pair swapped" 2 $? "$tmp/err"
"$rxsim" calibrate "$S/pair/before" "$S/pair/after" --app-cpu-seconds 4 --json >"$tmp/out" 2>"$tmp/err"
check_rc "calibrate --app-cpu-seconds --json" 0 $? "$tmp/err"
# 4 s for 5000000 datagrams: 800 ns each
grep -q '"value":[[:space:]]*800' "$tmp/out" && ok "reader 800 ns per datagram" || ko "app" "$tmp/out"

# --app-stat: utime+stime (fields 14, 15) 100 -> 500 ticks = 4 s at USER_HZ
# 100, over 5000000 datagrams: 800 ns, +- 2 ticks = 0.02 s: 4 ns
echo '4242 (udp (r)) S 1 4242 4242 0 -1 4194560 120 0 0 0 100 0 0 0 20 0 1 0 12345 1000 100' >"$tmp/pb"
echo '4242 (udp (r)) S 1 4242 4242 0 -1 4194560 120 0 0 0 400 100 0 0 20 0 1 0 12345 1000 100' >"$tmp/pa"
"$rxsim" calibrate "$S/pair" --app-stat "$tmp/pb" "$tmp/pa" >"$tmp/out" 2>"$tmp/err"
check_rc "calibrate --app-stat" 0 $? "$tmp/err"
grep -q 'reader per datagram  *800.0 +- 4.0 ns' "$tmp/out" && ok "--app-stat: 800 +- 4 ns" ||
	ko "--app-stat" "$tmp/out"

# compare: within a generous tolerance, beyond a tight one (the model
# delivers about 470 kpps where the pair measured 500 kpps: its per-packet
# softirq work is the calibrated 2 us plus the wakeups it charges there)
"$rxsim" import "$S/pair/before" -q --out "$tmp/pair.json" 2>"$tmp/err"
"$rxsim" compare "$tmp/pair.json" "$S/pair" --costs "$tmp/costs.json" --duration 100ms \
	--tolerance 1 >"$tmp/out" 2>"$tmp/err"
check_rc "compare within tolerance 1" 0 $? "$tmp/out"
"$rxsim" compare "$tmp/pair.json" "$S/pair" --costs "$tmp/costs.json" --duration 100ms \
	--tolerance 0.05 >"$tmp/out" 2>"$tmp/err"
check_rc "compare beyond tolerance 0.05" 1 $? "$tmp/out"
grep -q 'Udp InDatagrams/s .*beyond' "$tmp/out" && ok "the counter beyond is marked" ||
	ko "beyond mark" "$tmp/out"
"$rxsim" compare "$tmp/pair.json" "$S/pair" --duration 100ms --json >"$tmp/out" 2>"$tmp/err"
grep -q '"counter":[[:space:]]*"Udp InDatagrams/s"' "$tmp/out" && ok "compare --json" ||
	ko "compare --json" "$tmp/out"
"$rxsim" compare "$tmp/pair.json" "$S/bad/no_meta" "$S/pair/after" >"$tmp/out" 2>"$tmp/err"
check_rc "compare with a bad snapshot" 2 $? "$tmp/err"
# local senders share the measured load by their rates: the pair offered
# 500000 pps to a scenario without its NIC (softnet processed 5000000 +
# dropped 0 over its 10 s; NIC drops count for the scenario's NICs only),
# so four senders of equal rate on CPUs 0-3 get 125000 pps each, and at a
# constant rate each CPU's backlog processes 125000 a second (lo: the
# sender's CPU)
cat >"$tmp/lo4.json" <<'EOF2'
{"name": "lo4", "host": {"cpus": 4}, "nics": [{"name": "eth9"}],
 "devices": [{"name": "lo", "type": "lo"}],
 "senders": [
  {"name": "a", "device": "lo", "cpu": 0, "dst_port": 9000, "rate": "1kpps", "arrival": "constant"},
  {"name": "b", "device": "lo", "cpu": 1, "dst_port": 9000, "rate": "1kpps", "arrival": "constant"},
  {"name": "c", "device": "lo", "cpu": 2, "dst_port": 9000, "rate": "1kpps", "arrival": "constant"},
  {"name": "d", "device": "lo", "cpu": 3, "dst_port": 9000, "rate": "1kpps", "arrival": "constant"}],
 "sockets": [{"name": "s0", "port": 9000}],
 "apps": [{"name": "r", "socket": "s0", "cpu": 3}]}
EOF2
"$rxsim" compare "$tmp/lo4.json" "$S/pair" --duration 20ms --json >"$tmp/out" 2>"$tmp/err"
[ $? -le 1 ] && ok "compare of local senders runs" || ko "compare lo4" "$tmp/err"
n=$(tr -d '\n\t' <"$tmp/out" | sed 's/}, *{/}\n{/g' |
	grep -c '"counter":"cpu[0-3] softnet processed/s","measured":[-0-9.e+]*,"simulated":12[45][0-9][0-9][0-9][,.]')
[ "$n" -eq 4 ] && grep -q '"offered_pps":[[:space:]]*500000' "$tmp/out" &&
	ok "500000 pps shared by four senders: 125000 a second on each CPU" ||
	ko "sender scaling ($n CPUs near 125000)" "$tmp/out"
finish
