#!/bin/sh
# SPDX-License-Identifier: MIT
# progress.sh RXSIM SRCDIR - a long 'rxsim run' on a terminal shows its
# progress on stderr (simulated time, %, ETA; redrawn with \r at most 10
# times a second, cleared at the end); none with --quiet, TERM=dumb or
# stderr not a terminal; and the output files are the same with and
# without it.  The terminal is a pseudo-terminal from script(1); exit 77
# (skipped) without it.
. "$(dirname "$0")/sweep_common.sh"

command -v script >/dev/null 2>&1 || { echo "SKIP  no script(1)"; exit 77; }
# 4 s simulated of the quick start: about a second of wall time.
long="scenarios/quickstart.json --set duration=4s"
# tty FILE CMD: run CMD with stdin, stdout and stderr on a pseudo-terminal,
# its transcript in FILE; prints the wall time in seconds.
tty() {
	f=$1
	shift
	t0=$(date +%s.%N)
	TERM=${TERM_FOR_TEST:-xterm} script -qec "$*" /dev/null >"$f" 2>&1 </dev/null
	rc=$?
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.3f", $2 - $1 }'
	return $rc
}
wall=$(tty "$tmp/t1" "'$rxsim' run $long --out '$tmp/p1'")
check_rc "run on a terminal" 0 $? "$tmp/t1"
tr '\r' '\n' <"$tmp/t1" | grep -E '^rxsim run \[[#.]{20}\] [0-9.]+ of 4000\.0 ms +[0-9]+%  ETA [0-9]+:[0-9]{2}:[0-9]{2} $' \
	>"$tmp/lines"
draws=$(wc -l <"$tmp/lines")
if [ "$draws" -ge 1 ]; then
	ok "progress drawn $draws times in ${wall}s: $(tail -1 "$tmp/lines")"
else
	ko "no progress line on a terminal" "$tmp/t1"
fi
# at most 10 a second (the first after 0.1 s)
if awk -v n="$draws" -v w="$wall" 'BEGIN { exit !(n <= 10 * w + 1) }'; then
	ok "at most 10 redraws a second ($draws in ${wall}s)"
else
	ko "$draws redraws in ${wall}s"
fi
# simulated time and percentage rise from draw to draw
if awk '{ t = $4; p = $7 + 0 } NR > 1 && (t + 0 < pt || p < pp) { bad = 1 } { pt = t; pp = p }
	END { exit bad }' "$tmp/lines"; then
	ok "simulated time and percentage never go back"
else
	ko "progress goes back" "$tmp/lines"
fi
# each draw starts with \r, and the last is wiped (\r, spaces, \r) before
# the summary
if grep -q "$(printf '\r')rxsim run \[" "$tmp/t1" &&
	grep -q "$(printf '\r') \{79\}$(printf '\r')" "$tmp/t1"; then
	ok "redrawn in place (CR) and cleared at the end"
else
	ko "not redrawn in place or not cleared" "$tmp/t1"
fi

# The same run without a terminal: nothing on stderr, the same files.
"$rxsim" run $long --out "$tmp/p2" >/dev/null 2>"$tmp/err"
check_rc "run without a terminal" 0 $? "$tmp/err"
[ ! -s "$tmp/err" ] && ok "no progress when stderr is not a terminal" ||
	ko "stderr not empty" "$tmp/err"
strip() { awk '/^\t"run":\t\{/ { skip = 1; next } skip && /^\t\},?$/ { skip = 0; next } !skip' "$1"; }
if cmp -s "$tmp/p1/timeseries.csv" "$tmp/p2/timeseries.csv" &&
	cmp -s "$tmp/p1/latency.csv" "$tmp/p2/latency.csv" &&
	[ "$(strip "$tmp/p1/summary.json")" = "$(strip "$tmp/p2/summary.json")" ]; then
	ok "timeseries.csv, latency.csv and summary.json identical with and without progress"
else
	ko "outputs differ with progress"
fi

# On a terminal the run goes in slices of simulated time: every shipped
# scenario still gives its golden summary.
for g in tests/golden/*.json; do
	n=$(basename "$g" .json)
	tty "$tmp/g" "'$rxsim' run scenarios/$n.json --out '$tmp/g-$n'" >/dev/null
	if strip "$tmp/g-$n/summary.json" | cmp -s - "$g"; then
		ok "$n: golden summary on a terminal"
	else
		strip "$tmp/g-$n/summary.json" | diff "$g" - | head -5 >"$tmp/d"
		ko "$n: summary on a terminal differs from its golden" "$tmp/d"
	fi
done

# --quiet and TERM=dumb: none, even on a terminal.
tty "$tmp/t2" "'$rxsim' run $long --quiet" >/dev/null
check_rc "--quiet on a terminal" 0 $? "$tmp/t2"
grep -q 'rxsim run \[' "$tmp/t2" && ko "progress despite --quiet" "$tmp/t2" ||
	ok "no progress with --quiet"
TERM_FOR_TEST=dumb tty "$tmp/t3" "'$rxsim' run $long" >/dev/null
check_rc "TERM=dumb" 0 $? "$tmp/t3"
grep -q 'rxsim run \[' "$tmp/t3" && ko "progress despite TERM=dumb" "$tmp/t3" ||
	ok "no progress with TERM=dumb"
finish
