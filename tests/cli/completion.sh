#!/bin/sh
# SPDX-License-Identifier: MIT
# completion.sh RXSIM SRCDIR - the bash completion script, sourced in bash,
# completes commands, options, plot kinds and scenario keys.  Exit 77
# (skipped) without bash.
. "$(dirname "$0")/sweep_common.sh"

command -v bash >/dev/null 2>&1 || { echo "SKIP  no bash"; exit 77; }
# comp WORDS...: the completions of the last word (may be empty) as
# "a b c", with the program named by its path as a user's PATH would find it.
comp() {
	bash -c '
		. "$1"/tools/rxsim.bash-completion
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_rxsim
		printf "%s\n" "${COMPREPLY[@]}"
	' comp "$PWD" "$rxsim" "$@" 2>"$tmp/err" | sort | tr '\n' ' ' | sed 's/ $//'
}
t() {
	want=$1
	shift
	got=$(comp "$@")
	if [ "$got" = "$want" ]; then
		ok "rxsim $* <TAB> -> $want"
	else
		ko "rxsim $* <TAB> -> '$got', expected '$want'" "$tmp/err"
	fi
}
t "run" r
t "params plot" p
t "calibrate check compare" c
t "import" i
# every long option 'rxsim run --help' lists
t "--expect --help --json --max-memory --max-output --out --packet-trace --quiet --seed --set --trace" \
	run scenarios/quickstart.json --
t "--jobs" sweep x.json --j
t "--keep" sweep x.json --ke
t "--emit-jobs --expect" sweep x.json --e
t "--column" sweep x.json --e --c
t "host.sysctl.net.core.netdev_budget= host.sysctl.net.core.netdev_budget_usecs=" \
	run x.json --set net.core.netdev_b
t "host.sysctl.net.core.netdev_budget_usecs=" run x.json --set netdev_budget_u
t "nics.0.rx_ring=" run x.json -s nics.0.rx_r
t "latency_cdf latency_stages" plot latency
t "heatmap" plot h
finish
