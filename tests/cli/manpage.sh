#!/bin/sh
# SPDX-License-Identifier: MIT
# manpage.sh RXSIM SRCDIR MANPAGE - the generated rxsim(1) renders without
# warnings and documents every command of 'rxsim --help', every option of
# each command's help, and every scenario key.  Exit 77 (skipped) without
# man or groff.
page=${3:-}
case $page in /*) ;; *) page=$PWD/$page ;; esac
set -- "$1" "$2"
. "$(dirname "$0")/sweep_common.sh"

if command -v man >/dev/null 2>&1; then
	render() { MANWIDTH=200 man -l "$page" 2>"$tmp/warn"; }
elif command -v groff >/dev/null 2>&1; then
	render() { groff -man -Tutf8 -ww -rLL=200n "$page" 2>"$tmp/warn"; }
else
	echo "SKIP  neither man nor groff"
	exit 77
fi
[ -s "$page" ] || { ko "$page missing"; finish; }
render | sed 's/.\x08//g' >"$tmp/page.txt"
if [ -s "$tmp/page.txt" ] && [ ! -s "$tmp/warn" ]; then
	ok "renders ($(wc -l <"$tmp/page.txt") lines), no warnings"
else
	ko "render failed or warned" "$tmp/warn"
fi
grep -q '^NAME' "$tmp/page.txt" && grep -q '^SYNOPSIS' "$tmp/page.txt" &&
	grep -q '^EXIT STATUS' "$tmp/page.txt" && ok "NAME, SYNOPSIS, EXIT STATUS" ||
	ko "sections missing"
for c in $("$rxsim" --help | awk '/^Commands:/ { c = 1; next } c && /^$/ { exit }
		c && /^  [a-z]/ { print $1 }'); do
	if grep -q "^ *rxsim $c\$" "$tmp/page.txt"; then
		miss=
		for o in $("$rxsim" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
			grep -q -- "$o" "$tmp/page.txt" || miss="$miss $o"
		done
		[ -z "$miss" ] && ok "command $c and its options" || ko "command $c lacks$miss"
	else
		ko "no section for command $c"
	fi
done
n=0
miss=0
for k in $("$rxsim" params | sed -n 's/^  \([a-z][^ ]*\) *=.*/\1/p'); do
	n=$((n + 1))
	grep -qF "$k" "$tmp/page.txt" || { miss=$((miss + 1)); echo "missing key $k"; }
done
[ "$n" -gt 50 ] && [ "$miss" -eq 0 ] && ok "all $n scenario keys" || ko "$miss of $n keys missing"
finish
