#!/bin/sh
# run_twice.sh RXSIM SCENARIO OUTDIR: run a scenario twice and require
# exit 0 and byte-identical summaries once wall-clock fields are removed.
set -eu
rxsim=$1 scenario=$2 out=$3
rm -rf "$out" && mkdir -p "$out"
"$rxsim" run "$scenario" --out "$out/a" --quiet
"$rxsim" run "$scenario" --out "$out/b" --quiet
for d in a b; do
	grep -v -E '"(wall_s|sim_over_wall|events_per_wall_s)"' "$out/$d/summary.json" >"$out/$d.json"
done
if ! cmp "$out/a.json" "$out/b.json"; then
	echo "not deterministic: $scenario" >&2
	exit 1
fi
echo "1 passed, 0 failed"
