#!/bin/sh
# SPDX-License-Identifier: MIT
# params_find.sh RXSIM SRCDIR - finding keys as people write them: `params`
# by any part of a path, --set with a sysctl name alone (did-you-mean the
# full path), and rps_cpus as a list or as the hex mask sysfs holds.
. "$(dirname "$0")/sweep_common.sh"

"$rxsim" params netdev_budget >"$tmp/out" 2>"$tmp/err"
check_rc "params netdev_budget" 0 $? "$tmp/err"
# Both keys whose path contains it, nothing else.
if [ "$(grep -cE '^  [a-z]' "$tmp/out")" -eq 2 ] &&
	grep -qE '^  host\.sysctl\.net\.core\.netdev_budget +=' "$tmp/out" &&
	grep -qE '^  host\.sysctl\.net\.core\.netdev_budget_usecs +=' "$tmp/out"; then
	ok "params finds a key by the middle of its path"
else
	ko "params netdev_budget lists the wrong keys" "$tmp/out"
fi
"$rxsim" params no_such_thing >"$tmp/out" 2>"$tmp/err"
check_rc "params with a pattern no key contains" 2 $? "$tmp/err"

"$rxsim" run "$qs" $short --set net.core.netdev_budget=600 >"$tmp/out" 2>"$tmp/err"
check_rc "--set with the sysctl name alone" 2 $? "$tmp/err"
if [ "$(wc -l <"$tmp/err")" -eq 1 ] &&
	grep -q 'did you mean "host.sysctl.net.core.netdev_budget"' "$tmp/err"; then
	ok "--set net.core.netdev_budget suggests host.sysctl.net.core.netdev_budget"
else
	ko "no did-you-mean by suffix" "$tmp/err"
fi

# rps_cpus as written: the resolved list is echoed under config.  A mask is
# hex after 0x: 0x0e = 0b1110 = CPUs 1-3; 0x12 = 0b10010 = CPUs 1 and 4;
# "ff,ffffffff" is 40 bits set = CPUs 0-39.  Without 0x it is a list: "12"
# is CPU 12, "1-3" CPUs 1 to 3.
rps() {
	"$rxsim" run scenarios/rps_backlog.json --set duration=1ms --set host.cpus=48 \
		--set "nics.0.rps_cpus=$1" --json 2>"$tmp/err" | tr -d ' \t\n' |
		sed -n 's/.*"\/nics\/0\/rps_cpus":"\{0,1\}\(\[[^]]*\]\).*/\1/p'
}
all40=$(seq -s, 0 39)
for c in '0x0e|[1,2,3]' '0x12|[1,4]' '"0xff,ffffffff"|['"$all40"']' '0x0|[]' \
	'"1-3"|[1,2,3]' '12|[12]' '"12"|[12]' '[1,2]|[1,2]'; do
	v=${c%%|*}
	want=${c#*|}
	got=$(rps "$v")
	if [ "$got" = "$want" ]; then
		ok "rps_cpus=$v is $want"
	else
		ko "rps_cpus=$v is '$got', expected $want" "$tmp/err"
	fi
done
# The same per queue: 0xf0 = CPUs 4-7.
got=$("$rxsim" run scenarios/rps_backlog.json --set duration=1ms --set host.cpus=8 \
	--set 'nics.0.rps_cpus=' --set 'nics.0.rps_cpus_per_queue=0xf0' --json 2>"$tmp/err" |
	tr -d ' \t\n' | sed -n 's/.*"\/nics\/0\/rps_cpus_per_queue":"\([^"]*\)".*/\1/p')
busy=$("$rxsim" run scenarios/rps_backlog.json --set duration=5ms --set host.cpus=8 \
	--set 'nics.0.rps_cpus=' --set 'nics.0.rps_cpus_per_queue=0xf0' --json 2>>"$tmp/err" |
	awk -F'\t' '/^\t"cpus":/ { c = 1 } c && /^\t\t\t"cpu":/ { id = $NF + 0 }
		c && /^\t\t\t\t"received_rps":/ { v = $NF + 0; if (v > 0) printf "%d ", id }')
# 0xf0 = 0b11110000: steered to CPUs 4, 5, 6 and 7 only
if [ "$got" = "0xf0" ] && [ "$busy" = "4 5 6 7 " ]; then
	ok "rps_cpus_per_queue=0xf0 steers to CPUs 4-7"
else
	ko "rps_cpus_per_queue mask: '$got', RPS received on CPUs '$busy'" "$tmp/err"
fi
# Groups after the first have 8 digits, as the kernel prints them; no hex
# without 0x.
for v in '"0xf,ff"' '"0x"' '"0x1g"' '"0e"' '"0x,ff"'; do
	"$rxsim" check scenarios/rps_backlog.json --set "nics.0.rps_cpus=$v" >/dev/null 2>"$tmp/err"
	check_rc "rps_cpus=$v refused" 2 $? "$tmp/err"
done
finish
