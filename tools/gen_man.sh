#!/bin/sh
# SPDX-License-Identifier: MIT
# gen_man.sh RXSIM [OUT] - the manual page rxsim(1) (to OUT, whole or not at
# all, or to stdout), written from the
# program's own help texts ('rxsim --help', 'rxsim COMMAND --help') and its
# parameter table ('rxsim params'), so it cannot say what the program does
# not.  A build step (CMake target "man") and installed by cmake --install.
set -eu
rxsim=$1
if [ $# -ge 2 ]; then
	sh "$0" "$rxsim" >"$2.tmp" && mv "$2.tmp" "$2" || { rm -f "$2.tmp"; exit 1; }
	exit 0
fi
LC_ALL=C
export LC_ALL

# roff-safe text: backslashes, a leading dot or quote, hyphens as \-
esc() {
	sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
}

version=$("$rxsim" --version | sed 's/^rxsim //')
commands=$("$rxsim" --help | awk '/^Commands:/ { c = 1; next } c && /^$/ { exit }
	c && /^  [a-z]/ { print $1 }')

cat <<EOT
.TH RXSIM 1 "" "rxsim $version" "User Commands"
.SH NAME
rxsim \\- deterministic discrete-event simulator of the Linux receive path
.SH SYNOPSIS
.B rxsim
.RB [ \\-h | \\-\\-help ]
.RB [ \\-V | \\-\\-version ]
.I COMMAND
.RI [ OPTIONS ]
.I ARGS
.SH DESCRIPTION
EOT
"$rxsim" --help | awk '/^$/ { n++; next } n == 1' | esc
echo ".SH COMMANDS"
"$rxsim" --help | awk '/^Commands:/ { c = 1; next } c && /^$/ { exit } c' | esc |
	sed -e '1i .nf' -e '$a .fi'
for c in $commands; do
	echo ".SS rxsim $c"
	echo ".nf"
	"$rxsim" "$c" --help | esc
	echo ".fi"
done
cat <<'EOT'
.SH SCENARIO KEYS
A scenario is one JSON object; these are its keys, as
.B rxsim params
lists them (array sections as NAME[], indexed NAME.0 in
.BR \-\-set ).
Quantities take units ("2.5us", "1.2Mpps", "10Gbps", "256KiB").
EOT
"$rxsim" params | awk '
	/^  [a-z][^ ]* += / {
		path = $1
		line = $0
		sub(/^  [^ ]+ += /, "", line)
		def = line; sub(/ .*/, "", def)
		help = line; sub(/^[^ ]* +/, "", help)
		if (def ~ /^\(/) { help = line; def = "" }
		getline ex
		sub(/^ +/, "", ex)
		print ".TP"
		print ".B " path
		print help
		print ".br"
		print ex (def != "" ? "; default " def : "")
		next
	}
	/^[a-z][^ ]*: / { print ".SS " $0; next }
' | sed -e 's/\\/\\e/g' -e '/^\./!s/-/\\-/g' -e "s/^'/\\\\\\&'/"
cat <<'EOT'
.SH EXIT STATUS
.TP
.B 0
success, all expect bounds held
.TP
.B 1
the run completed but an expect bound failed
.TP
.B 2
bad command line, invalid scenario or sweep, missing or unreadable file, corrupt capture
.TP
.B 3
rxsim itself failed: a broken invariant, fork or exec failed, an output not written
.TP
.B 130
interrupted
.SH ENVIRONMENT
.TP
.B RXSIM_DATADIR
where plots/ is looked up first
.TP
.B TERM
progress is not drawn when it is "dumb" (nor when stderr is not a terminal, nor with
.BR \-\-quiet )
.SH FILES
.TP
.I share/rxsim/scenarios/*.json
ready-to-run scenarios
.TP
.I share/rxsim/plots/*.gp
the gnuplot scripts of
.B rxsim plot
.SH SEE ALSO
.BR ethtool (8),
.BR sysctl (8),
.BR gnuplot (1)
EOT
