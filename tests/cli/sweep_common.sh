# Sourced by tests/cli/sweep_*.sh: arguments, a scratch directory, checks.
# Usage of a script: sh sweep_NAME.sh RXSIM SRCDIR
. "$(dirname "$0")/args.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxsim-sweep.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
# Short runs: 5 ms simulated, 1 ms warm-up.
short="--set duration=5ms --set warmup=1ms"
qs=scenarios/quickstart.json

ok() {
	echo "PASS  $1"
	pass=$((pass + 1))
}

ko() {
	echo "FAIL  $1"
	fail=$((fail + 1))
	if [ -n "${2:-}" ] && [ -s "$2" ]; then
		sed -e 's/^/        | /' "$2" | head -20
	fi
}

# check NAME EXPECTED_STATUS STATUS [FILE-TO-SHOW]
check_rc() {
	if [ "$3" -eq "$2" ]; then
		ok "$1 (exit $3)"
	else
		ko "$1: exit $3, expected $2" "${4:-}"
	fi
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}
