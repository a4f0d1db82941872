# Sourced by tests/reliability/*.sh: arguments RXSIM SRCDIR, a scratch
# directory removed on exit, PASS/FAIL lines and the final tally.
. "$(dirname "$0")/../cli/args.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxsim-rel.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0
qs=scenarios/quickstart.json

ok() {
	printf 'PASS  %s\n' "$1"
	pass=$((pass + 1))
}

ko() {
	printf 'FAIL  %s\n' "$1"
	fail=$((fail + 1))
	if [ -n "${2:-}" ] && [ -s "$2" ]; then
		sed -e 's/^/        | /' "$2" | head -20 | cat -v
	fi
}

finish() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}
