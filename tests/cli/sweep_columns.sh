#!/bin/sh
# SPDX-License-Identifier: MIT
# sweep_columns.sh RXSIM SRCDIR - sweeps that keep what is needed: --column
# (any summary number, [] aggregated), --keep (each point's summary), a
# swept column named with the unit of its cells, the busiest-CPU columns,
# and expect failures in point order; identical at --jobs 1 and 2, through
# --resume and through --emit-jobs + merge.
. "$(dirname "$0")/sweep_common.sh"

sc=scenarios/coalescing.json
cols="--column cpus[].share.softirq:max --column drops.total --column cpus[].interrupts:sum
	--column cpus[].share.idle:mean --column cpus[].share.idle:min --column cpus.0.interrupts"
# shellcheck disable=SC2086
"$rxsim" sweep $sc $short $cols --keep "$tmp/k1" --jobs 1 --out "$tmp/c1.csv" 2>"$tmp/err"
check_rc "sweep with --column and --keep" 0 $? "$tmp/err"

# col NAME FILE: the values of column NAME, one per line.
col() {
	awk -F, -v n="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == n) c = i; next }
		c { print $c }' "$2"
}
# The section's axis is rx-usecs 0, 8us, 50us, 200us: the cells hold ns.
if [ "$(head -1 "$tmp/c1.csv" | cut -d, -f1)" = "nics.0.coalesce.rx-usecs_ns" ] &&
	[ "$(col nics.0.coalesce.rx-usecs_ns "$tmp/c1.csv" | tr '\n' ' ')" = "0 8000 50000 200000 " ]; then
	ok "swept column named with its unit: rx-usecs_ns 0 8000 50000 200000"
else
	ko "swept column" "$tmp/c1.csv"
fi
last=$(head -1 "$tmp/c1.csv" | tr ',' '\n' | tail -6 | tr '\n' ' ')
if [ "$last" = "cpus[].share.softirq:max drops.total cpus[].interrupts:sum cpus[].share.idle:mean cpus[].share.idle:min cpus.0.interrupts " ]; then
	ok "--column adds one column each, named as written, after the fixed ones"
else
	ko "--column header: $last" "$tmp/c1.csv"
fi

# The same numbers reached another way: from the kept summaries (awk over
# each CPU's share/interrupts) and from the fixed columns.
i=0
for f in "$tmp/k1/point-0.json" "$tmp/k1/point-1.json" "$tmp/k1/point-2.json" "$tmp/k1/point-3.json"; do
	[ -s "$f" ] || ko "missing $f"
done
[ ! -e "$tmp/k1/point-4.json" ] && ok "--keep: one point-I.json per point (0..3)"
ks=$(for i in 0 1 2 3; do
	awk -F'\t' '
		/^\t"cpus":/ { c = 1 }
		c && /^\t\t\t"interrupts":/ { v = $NF; sub(/,$/, "", v); irq += v; if (!n0++) irq0 = v }
		c && /^\t\t\t\t"softirq":/ && sh { v = $NF; sub(/,$/, "", v); if (v + 0 > mx) mx = v + 0 }
		c && /^\t\t\t\t"idle":/ && sh { v = $NF; sub(/,$/, "", v); idle += v; k++
			if (!mn || v + 0 < mn) mn = v + 0 }
		c && /^\t\t\t"share":/ { sh = 1 } c && /^\t\t\t}/ { sh = 0 }
		/^\t"drops":/ { d = 1 } d && /^\t\t"total":/ { v = $NF; sub(/,$/, "", v); tot = v; d = 0 }
		END { printf "%.6f %d %d %.6f %.6f %d\n", mx, tot, irq, idle / k, mn, irq0 }' \
		"$tmp/k1/point-$i.json"
done)
got=$(awk -F, 'NR == 1 { next } { printf "%.6f %d %d %.6f %.6f %d\n", $(NF-5), $(NF-4), $(NF-3), $(NF-2), $(NF-1), $NF }' "$tmp/c1.csv")
if [ "$ks" = "$got" ]; then
	ok "--column cells equal the kept summaries' max, sum, mean, min and element 0"
else
	printf 'from summaries:\n%s\nfrom columns:\n%s\n' "$ks" "$got" >"$tmp/diff"
	ko "--column cells differ from the kept summaries" "$tmp/diff"
fi
if [ "$(col 'cpus[].interrupts:sum' "$tmp/c1.csv")" = "$(col interrupts "$tmp/c1.csv")" ] &&
	[ "$(col drops.total "$tmp/c1.csv")" = "$(col drops_total "$tmp/c1.csv")" ] &&
	[ "$(col 'cpus[].share.softirq:max' "$tmp/c1.csv" | awk '{ printf "%.4f\n", $1 }')" = \
	  "$(col cpu_softirq_share_max "$tmp/c1.csv")" ]; then
	ok "--column sums and maxima agree with interrupts, drops_total, cpu_softirq_share_max"
else
	ko "--column and fixed columns disagree" "$tmp/c1.csv"
fi
# The busiest CPU is at least the mean, the least idle at most the mean.
if awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
	!($(c["cpu_softirq_share_max"]) >= $(c["cpu_softirq_share"]) &&
	  $(c["cpu_app_share_max"]) >= $(c["cpu_app_share"]) &&
	  $(c["cpu_idle_share_min"]) <= $(c["cpu_idle_share"])) { bad = 1 }
	END { exit bad }' "$tmp/c1.csv"; then
	ok "busiest-CPU columns bound the means"
else
	ko "busiest-CPU columns" "$tmp/c1.csv"
fi

# --jobs 2: the same CSV and the same kept files, byte for byte.
# shellcheck disable=SC2086
"$rxsim" sweep $sc $short $cols --keep "$tmp/k2" --jobs 2 --out "$tmp/c2.csv" 2>"$tmp/err"
check_rc "same sweep at --jobs 2" 0 $? "$tmp/err"
if cmp -s "$tmp/c1.csv" "$tmp/c2.csv" && diff -r "$tmp/k1" "$tmp/k2" >/dev/null; then
	ok "--jobs 1 and 2: identical CSV and kept summaries"
else
	ko "--jobs 1 and 2 differ"
fi

# --resume: a row removed is run again; the file ends as before.
sed '3d' "$tmp/c1.csv" >"$tmp/c3.csv"
# shellcheck disable=SC2086
"$rxsim" sweep $sc $short $cols --resume --jobs 2 --out "$tmp/c3.csv" 2>"$tmp/err"
check_rc "--resume with --column" 0 $? "$tmp/err"
cmp -s "$tmp/c1.csv" "$tmp/c3.csv" && ok "--resume rebuilds the same CSV" ||
	ko "--resume differs" "$tmp/c3.csv"

# --emit-jobs passes --column and --keep on; merge joins the same CSV.
# shellcheck disable=SC2086
"$rxsim" sweep $sc $short $cols --keep "$tmp/k4" --emit-jobs "$tmp/jobs" >"$tmp/cmds" 2>"$tmp/err"
check_rc "--emit-jobs with --column and --keep" 0 $? "$tmp/err"
sh "$tmp/cmds" 2>"$tmp/err"
"$rxsim" merge "$tmp"/jobs/point-*.csv >"$tmp/c4.csv" 2>>"$tmp/err"
# (the emitted commands name the scenario by its absolute path, and the
# summary echoes the file name as given)
if cmp -s "$tmp/c1.csv" "$tmp/c4.csv" && diff -r -I '^		"file":' "$tmp/k1" "$tmp/k4" >/dev/null; then
	ok "--emit-jobs + merge: same CSV and kept summaries"
else
	ko "--emit-jobs + merge differ" "$tmp/err"
fi

# Expect failures in point order: point 0 runs longest (40 ms against 5 ms),
# so at --jobs 2 points 1..3 finish first.
"$rxsim" sweep $sc --set warmup=1ms --set duration=40ms,5ms,5ms,5ms \
	--set nics.0.coalesce.rx-usecs=8 --expect 'drops.total>=1' --jobs 2 >/dev/null 2>"$tmp/err"
check_rc "sweep with a failing bound" 1 $? "$tmp/err"
if [ "$(sed -n 's/^rxsim sweep: point \([0-9]*\) .*expect failed.*/\1/p' "$tmp/err" | tr '\n' ' ')" = "0 1 2 3 " ]; then
	ok "expect failures reported in point order"
else
	ko "expect failures out of order" "$tmp/err"
fi

# Bad columns stop the sweep before it runs.
bad() {
	"$rxsim" sweep $sc $short --column "$1" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ $rc -eq 2 ] && [ ! -s "$tmp/out" ] && grep -q -- "$2" "$tmp/err"; then
		ok "--column $1: exit 2, $2"
	else
		ko "--column $1: exit $rc" "$tmp/err"
	fi
}
# a key with ':' in it is a path, not an aggregate
"$rxsim" sweep $sc $short --set nics.0.coalesce.rx-usecs=8 \
	--column 'drops.by_counter.Udp: RcvbufErrors' >"$tmp/c5.csv" 2>"$tmp/err"
check_rc "--column of a key holding ': '" 0 $? "$tmp/err"
[ "$(col 'drops.by_counter.Udp: RcvbufErrors' "$tmp/c5.csv")" = "$(col drops_socket_rcvbuf "$tmp/c5.csv")" ] &&
	ok "Udp: RcvbufErrors equals drops_socket_rcvbuf" || ko "Udp: RcvbufErrors column" "$tmp/c5.csv"
bad drops.totl 'did you mean "drops.total"'
bad 'cpus[].share.softirq' 'needs an aggregate'
bad 'drops.total:max' 'needs an array'
bad 'cpus[].share.softirq:median' "unknown aggregate ':median'"
bad 'cpus[].share.nothing:max' 'no number cpus.0.share.nothing'
finish
