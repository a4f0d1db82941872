#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
#
# check_bad.sh RXSIM SRCDIR - run `RXSIM check tests/bad/NAME.json` from
# SRCDIR for every bad scenario and require: exit status exactly 2, nothing
# on stdout, and stderr exactly one line equal to tests/bad/NAME.err.
#
# tests/bad/KNOWN_WRONG lists cases (one NAME.json per line, '#' comments)
# whose message rxsim gets wrong today; their .err holds the message it
# should print.  For those only the exit status and the empty stdout are
# checked, until the message is fixed and the line removed.
#
# tests/bad/KNOWN_ACCEPTED lists cases that rxsim wrongly accepts today
# (it exits 0 or not 2); for those not even the exit status is checked.
# Every line there should also be in KNOWN_WRONG.  Delete the line once
# rxsim rejects the file; the runner says so when that happens.
#
# Prints one line per case and "N passed, M failed"; exits 1 on any failure.

. "$(dirname "$0")/args.sh"

bad=tests/bad
tmp=$(mktemp -d "${TMPDIR:-/tmp}/rxsim-bad.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# Normalised lists: names only, no comments or blank lines.
list() {
	if [ -f "$1" ]; then
		sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$1"
	fi
}
list "$bad/KNOWN_WRONG" >"$tmp/known_wrong"
list "$bad/KNOWN_ACCEPTED" >"$tmp/known_accepted"

in_list() {
	grep -qxF -- "$1" "$2"
}

pass=0
fail=0
known=0

ok() {
	echo "PASS  $1${2:+  ($2)}"
	pass=$((pass + 1))
}

ko() {
	echo "FAIL  $1: $2"
	fail=$((fail + 1))
}

# Show a one-line-expected stderr with control characters made visible.
show() {
	sed -e 's/^/        | /' "$1" | cat -v
}

# Lists must only name existing cases.
for l in known_wrong known_accepted; do
	while IFS= read -r f; do
		[ -f "$bad/$f" ] || ko "$f" "listed in $bad/$(echo "$l" | tr "[:lower:]" "[:upper:]") but there is no $bad/$f"
	done <"$tmp/$l"
done
while IFS= read -r f; do
	in_list "$f" "$tmp/known_wrong" ||
		ko "$f" "listed in KNOWN_ACCEPTED but not in KNOWN_WRONG"
done <"$tmp/known_accepted"

found=0
for json in "$bad"/*.json; do
	[ -e "$json" ] || continue
	found=1
	f=${json##*/}
	name=${f%.json}
	errf=$bad/$name.err

	if [ ! -f "$errf" ]; then
		ko "$name" "no $errf"
		continue
	fi
	if [ "$(wc -l <"$errf")" -ne 1 ] || [ -n "$(tail -c 1 "$errf")" ]; then
		ko "$name" "$errf must hold exactly one newline-terminated line"
		continue
	fi

	"$rxsim" check "$json" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?

	if in_list "$f" "$tmp/known_accepted"; then
		if [ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ]; then
			if cmp -s "$tmp/err" "$errf"; then
				ok "$name" "rejected with the right message now: remove it from KNOWN_ACCEPTED and KNOWN_WRONG"
			else
				ok "$name" "rejected now: remove it from KNOWN_ACCEPTED"
			fi
		else
			echo "XFAIL $name: known wrong, rxsim accepts it (exit $rc)"
			known=$((known + 1))
		fi
		continue
	fi
	if [ "$rc" -ne 2 ]; then
		ko "$name" "exit status $rc, expected 2"
		[ -s "$tmp/err" ] && show "$tmp/err"
		continue
	fi
	if [ -s "$tmp/out" ]; then
		ko "$name" "stdout not empty"
		show "$tmp/out"
		continue
	fi
	if in_list "$f" "$tmp/known_wrong"; then
		if cmp -s "$tmp/err" "$errf"; then
			ok "$name" "message right now: remove it from KNOWN_WRONG"
		else
			echo "XFAIL $name: known wrong message (exit status 2 checked)"
			known=$((known + 1))
		fi
		continue
	fi
	if ! cmp -s "$tmp/err" "$errf"; then
		if [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
			ko "$name" "stderr is $(wc -l <"$tmp/err") lines, expected 1"
		else
			ko "$name" "stderr differs"
		fi
		echo "      expected:"
		show "$errf"
		echo "      got:"
		show "$tmp/err"
		continue
	fi
	ok "$name"
done

if [ "$found" -eq 0 ]; then
	ko "$bad" "no *.json cases found"
fi
[ "$known" -gt 0 ] && echo "($known known wrong: see $bad/KNOWN_WRONG and $bad/KNOWN_ACCEPTED)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
