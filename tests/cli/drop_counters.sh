#!/bin/sh
# SPDX-License-Identifier: MIT
# drop_counters.sh RXSIM SRCDIR - drops.by_counter names every host drop by
# the counter a user reads on a host (ethtool -S, softnet_stat per CPU, Udp
# snmp), so its counters sum to drops.host; the upstream line and the
# "(not a drop)" lines are not host drops.  An expect failure shows the
# value in the unit its bound was written in.
. "$(dirname "$0")/sweep_common.sh"

withdrops=0
for s in quickstart livelock rps_backlog microburst mixed multiqueue rss_imbalance rfs; do
	"$rxsim" run "scenarios/$s.json" --json >"$tmp/$s.json" 2>"$tmp/err"
	check_rc "$s runs" 0 $? "$tmp/err"
	# cJSON prints one key per line, tab-indented: "key":<tab>value
	res=$(awk -F'\t' '
		/^\t"drops":/ { d = 1 }
		d && /^\t\t"host":/ { host = $NF; sub(/,$/, "", host) }
		d && /^\t\t"by_counter":/ { c = 1; next }
		c && /^\t\t}/ { c = 0; d = 0 }
		c { v = $NF; sub(/,$/, "", v); n++
		    if ($0 !~ /\(not the host\)|\(not a drop\)/) sum += v }
		END { printf "%d %d %d", host, sum, n }' "$tmp/$s.json")
	set -- $res
	[ "$1" -gt 0 ] && withdrops=$((withdrops + 1))
	if [ "$3" -gt 0 ] && [ "$1" -eq "$2" ]; then
		ok "$s: by_counter sums to drops.host ($1)"
	else
		ko "$s: drops.host $1, by_counter sums to $2 ($3 counters)" "$tmp/$s.json"
	fi
done
if [ "$withdrops" -ge 3 ]; then
	ok "$withdrops of those scenarios drop in the host"
else
	ko "only $withdrops scenarios with host drops: the sums show little"
fi
# rps_backlog drops at the backlogs: one softnet_stat line per CPU.
ncpu=$(grep -c '"cpu[0-9]*: softnet_stat dropped"' "$tmp/rps_backlog.json")
cpus=$(grep -c '"softnet_stat":' "$tmp/rps_backlog.json")
if [ "$ncpu" -gt 1 ] && [ "$ncpu" -eq "$cpus" ]; then
	ok "a softnet_stat dropped counter for each of the $cpus CPUs"
else
	ko "$ncpu softnet_stat counters for $cpus CPUs"
fi

# The p99 of quickstart in ns; a bound of 1ns or 1us fails, printing the
# value in that unit: x ns = x/1000 us.
p99=$(awk -F'\t' '/^\t"latency_ns":/ { l = 1 } l && /^\t\t\t"p99":/ { v = $NF; sub(/,$/, "", v); print v; exit }' \
	"$tmp/quickstart.json")
"$rxsim" run "$qs" --expect 'latency_ns.e2e.p99<=1us' \
	--expect 'latency_ns.e2e.p99<=1' --quiet 2>"$tmp/err"
check_rc "expect p99<=1us fails" 1 $? "$tmp/err"
want_us=$(awk -v v="$p99" 'BEGIN { printf "%.6g", v / 1000 }')
if grep -qx "rxsim: expect failed: latency_ns.e2e.p99 = ${want_us}us ($p99), above max 1us" "$tmp/err" &&
	grep -qx "rxsim: expect failed: latency_ns.e2e.p99 = $p99, above max 1" "$tmp/err"; then
	ok "expect failure in the bound's unit (${want_us}us = $p99 ns)"
else
	ko "expect failure not in the bound's unit (p99 $p99 ns)" "$tmp/err"
fi
"$rxsim" run "$qs" --expect 'packets.offered_pps>=1Gpps' --quiet 2>"$tmp/err"
pps=$(awk -F'\t' '/^\t"packets":/ { p = 1 } p && /^\t\t"offered_pps":/ { v = $NF; sub(/,$/, "", v); print v; exit }' \
	"$tmp/quickstart.json")
want=$(awk -v v="$pps" 'BEGIN { printf "%.6g", v / 1e9 }')
pps=$(awk -v v="$pps" 'BEGIN { printf "%.17g", v }')
if grep -qx "rxsim: expect failed: packets.offered_pps = ${want}Gpps ($pps), below min 1Gpps" "$tmp/err"; then
	ok "rate bound: ${want}Gpps"
else
	ko "rate bound not in Gpps (offered $pps pps)" "$tmp/err"
fi

# Findings are sentences: a count of one is singular.
for s in quickstart livelock rps_backlog microburst mixed multiqueue rss_imbalance rfs; do
	grep '"finding":' "$tmp/$s.json"
done >"$tmp/findings"
if grep -E '[^0-9.,]1 (times|frames|packets|datagrams|others) ' "$tmp/findings" >"$tmp/bad"; then
	ko "a count of 1 with a plural noun" "$tmp/bad"
else
	ok "no '1 times' in $(wc -l <"$tmp/findings") findings"
fi
finish
