#!/bin/sh
# plot_all.sh RXSIM SRCDIR NAME WORKDIR CHECK: run scenarios/NAME.json and
# draw every plot kind that applies to what it writes: timeseries and cpu
# from timeseries.csv, queues from timeseries_long.csv, latency_cdf and latency_stages from latency.csv, and,
# if the scenario carries its own "sweep" axes, load_curve and sweep_latency
# (and heatmap with two axes) from its sweep CSV.  CHECK is plot_check.sh,
# which checks each figure.  Exit 77 (skipped) without gnuplot.
set -u
rxsim=$1 src=$2 name=$3 work=$4 check=$5
command -v gnuplot >/dev/null 2>&1 || { echo "gnuplot not found in PATH: skipped"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
dir=$work/$name
rm -rf "$dir" && mkdir -p "$dir" || fail "cannot create $dir"
scen=$src/scenarios/$name.json
# exit 1 is an expect bound that failed: the outputs are still whole
"$rxsim" run "$scen" --out "$dir/run" --quiet >/dev/null
rc=$?
[ $rc -le 1 ] || fail "rxsim run exited $rc"
figure() {	# KIND DATA OUT [options]
	kind=$1 data=$2 out=$3
	shift 3
	sh "$check" figure "$rxsim" "$kind" "$data" "$dir/$out" 1000 600 "$@" ||
		fail "$name: plot $kind $data"
}
figure timeseries "$dir/run/timeseries.csv" timeseries.png
figure cpu "$dir/run/timeseries.csv" cpu.png
figure queues "$dir/run/timeseries_long.csv" queues.png
figure latency_cdf "$dir/run/latency.csv" latency_cdf.png
figure latency_stages "$dir/run/latency.csv" latency_stages.png
if grep -q '"sweep"' "$scen"; then
	"$rxsim" sweep "$scen" --out "$dir/sweep.csv" --quiet >/dev/null
	rc=$?
	[ $rc -le 1 ] || fail "rxsim sweep exited $rc"
	figure load_curve "$dir/sweep.csv" load_curve.png
	figure sweep_latency "$dir/sweep.csv" sweep_latency.png
	# swept columns come before "seed"
	axes=$(head -n 1 "$dir/sweep.csv" | tr ',' '\n' | sed -n '/^seed$/=')
	if [ "$axes" -ge 3 ]; then
		figure heatmap "$dir/sweep.csv" heatmap.png
	fi
fi
echo "$name: every kind drawn"
