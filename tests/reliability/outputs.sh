#!/bin/sh
# SPDX-License-Identifier: MIT
# outputs.sh RXSIM SRCDIR - outputs never replace what is not a regular
# file, a run's set of outputs is committed whole or not at all, and a
# failed write to stdout is exit 3 with a message, never a success.
. "$(dirname "$0")/common.sh"
short="--set duration=5ms --set warmup=1ms"

no_tmp() {
	! ls -a "$@" 2>/dev/null | grep -q '\.tmp\.'
}

# stdout on a full device: exit 3, one message naming stdout
for args in "run $qs $short" "run $qs $short --json" "check $qs" "params"; do
	if [ ! -c /dev/full ]; then
		echo "SKIP  no /dev/full"
		break
	fi
	# shellcheck disable=SC2086
	"$rxsim" $args >/dev/full 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 3 ] && grep -q '^rxsim: stdout: write error' "$tmp/err" &&
	   [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
		ok "stdout full: $args"
	else
		ko "stdout full: $args: exit $rc" "$tmp/err"
	fi
done

# a symlink is followed: its target is replaced, the link stays a link
echo old >"$tmp/real.json"
ln -s real.json "$tmp/link.json"
"$rxsim" run $qs $short -q --trace "$tmp/link.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 0 ] && [ -L "$tmp/link.json" ] && [ "$(head -c 1 "$tmp/real.json")" = "{" ] &&
   no_tmp "$tmp"; then
	ok "symlink followed"
else
	ko "symlink followed: exit $rc" "$tmp/err"
fi

# a dangling symlink is refused (exit 2), nothing created
ln -s nowhere/x.json "$tmp/dangling.json"
"$rxsim" run $qs $short -q --trace "$tmp/dangling.json" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && [ -L "$tmp/dangling.json" ] && grep -q 'dangling.json: a symbolic link' "$tmp/err"; then
	ok "dangling symlink refused"
else
	ko "dangling symlink refused: exit $rc" "$tmp/err"
fi

# a directory is refused, not replaced
mkdir "$tmp/dir"
"$rxsim" run $qs $short -q --trace "$tmp/dir" 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && [ -d "$tmp/dir" ] && grep -q 'a directory, not a regular file' "$tmp/err"; then
	ok "directory refused"
else
	ko "directory refused: exit $rc" "$tmp/err"
fi

# a FIFO is written through and stays a FIFO
if mkfifo "$tmp/fifo"; then
	cat "$tmp/fifo" >"$tmp/fifo.out" &
	reader=$!
	"$rxsim" run $qs $short -q --trace "$tmp/fifo" 2>"$tmp/err"
	rc=$?
	wait $reader
	if [ $rc -eq 0 ] && [ -p "$tmp/fifo" ] && [ "$(head -c 1 "$tmp/fifo.out")" = "{" ] &&
	   no_tmp "$tmp"; then
		ok "FIFO written through"
	else
		ko "FIFO written through: exit $rc" "$tmp/err"
	fi
fi

# all or nothing: one output of the set fails (a full device), so none of
# the others appears and no temporary is left
if [ -c /dev/full ]; then
	mkdir "$tmp/set"
	"$rxsim" run $qs $short -q --out "$tmp/set" --trace /dev/full \
		--packet-trace "$tmp/packets.json" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 3 ] && [ -c /dev/full ] && [ -z "$(ls -A "$tmp/set")" ] &&
	   [ ! -e "$tmp/packets.json" ] && no_tmp "$tmp" && [ "$(wc -l <"$tmp/err")" -eq 1 ]; then
		ok "output set all or nothing"
	else
		ko "output set all or nothing: exit $rc, left: $(ls -A "$tmp/set" | tr '\n' ' ')" "$tmp/err"
	fi
fi
finish
