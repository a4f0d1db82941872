#!/bin/sh
# SPDX-License-Identifier: MIT
# one_line_errors.sh RXSIM SRCDIR - text a user wrote (--set arguments,
# sweep axes) is echoed quoted and escaped, so a newline in it can never
# split an error over two lines.
. "$(dirname "$0")/common.sh"
nl='
'

# one NAME WANT ARGS...: exit 2, nothing on stdout, stderr one line holding WANT
one() {
	name=$1
	want=$2
	shift 2
	"$rxsim" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	if [ $rc -ne 2 ]; then
		ko "$name: exit $rc, expected 2" "$tmp/err"
	elif [ -s "$tmp/out" ]; then
		ko "$name: stdout not empty" "$tmp/out"
	elif [ "$(wc -l <"$tmp/err")" -ne 1 ]; then
		ko "$name: stderr is $(wc -l <"$tmp/err") lines, expected 1" "$tmp/err"
	elif ! grep -qF -- "$want" "$tmp/err"; then
		ko "$name: stderr lacks '$want'" "$tmp/err"
	else
		ok "$name"
	fi
}

one "--set without =" '--set "a\nb": expected PATH=VALUE' check $qs --set "a${nl}b"
one "--set bad index" '--set "nics.9\n.x=3": no element "9\n"' check $qs --set "nics.9${nl}.x=3"
one "--set not a container" 'is not an object or array' check $qs --set "seed.x${nl}y=3"
one "sweep range" 'range "1\n..2/2": FROM: expected integer' \
	sweep $qs --set "nics.0.rx_ring=1${nl}..2/2"
one "sweep point label" 'point 1 (nics.0.rx_ring=\n): ' \
	sweep $qs --set "nics.0.rx_ring=64,${nl},128"
one "sweep unbalanced" 'unbalanced brackets in "[64,\n"' \
	sweep $qs --set "nics.0.rx_ring=[64,${nl}"
finish
