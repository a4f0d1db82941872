#!/bin/sh
# SPDX-License-Identifier: MIT
#
# run.sh BUILD_DIR [SECONDS] [TARGET...] - run each libFuzzer target of
# BUILD_DIR (configured with -DRXSIM_FUZZ=ON, built with --target fuzz) for
# SECONDS (default 30), from its seed corpus and committed regressions.
# New interesting inputs go to BUILD_DIR/fuzz-corpus/TARGET (kept between
# runs: a longer campaign resumes where the last stopped); a crash, leak,
# UB report or timeout is written to BUILD_DIR/fuzz-artifacts/TARGET/ and
# makes the script fail.  Copy such a file to tests/fuzz/regressions/TARGET/
# once fixed: the normal test suite replays it (fuzz.replay.TARGET).
# Environment: FUZZ_JOBS (parallel workers per target, default 1).
set -u
if [ $# -lt 1 ]; then
	echo "usage: $0 BUILD_DIR [SECONDS] [TARGET...]" >&2
	exit 2
fi
build=$(cd "$1" && pwd) || exit 2
secs=${2:-30}
shift
[ $# -gt 0 ] && shift
src=$(cd "$(dirname "$0")/../.." && pwd)
fz=$src/tests/fuzz
targets=${*:-"scenario units set sweep_axis pcap csv_trace run replay"}
fail=0

for t in $targets; do
	bin=$build/tests/fuzz/fuzz_$t
	if [ ! -x "$bin" ]; then
		echo "run.sh: $bin missing (cmake -DRXSIM_FUZZ=ON, build --target fuzz)" >&2
		exit 2
	fi
	case $t in
	scenario) dict=scenario.dict seeds="$src/tests/bad $src/scenarios" ;;
	run) dict=scenario.dict seeds="$src/tests/bad $src/scenarios $fz/seeds/run" ;;
	set | sweep_axis) dict=scenario.dict seeds="$fz/seeds/$t" ;;
	units) dict=units.dict seeds="$fz/seeds/units" ;;
	pcap) dict=pcap.dict seeds="$src/tests/bad_traces $src/scenarios/traces" ;;
	replay) dict=pcap.dict seeds="$fz/seeds/replay $src/scenarios/traces $src/tests/bad_traces" ;;
	csv_trace) dict=csv.dict seeds="$src/tests/bad_traces $src/scenarios/traces" ;;
	*) echo "run.sh: unknown target $t" >&2; exit 2 ;;
	esac
	corpus=$build/fuzz-corpus/$t
	art=$build/fuzz-artifacts/$t
	mkdir -p "$corpus" "$art"
	log=$build/fuzz-artifacts/$t.log
	# a target with no regression yet has no folder (git keeps no empty one)
	regs=$fz/regressions/$t
	[ -d "$regs" ] || regs=
	echo "== fuzz_$t: $secs s"
	# libFuzzer adds new inputs to the first directory only: the seeds and
	# the regressions are read, never written.
	# shellcheck disable=SC2086
	ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
	UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	TMPDIR=$corpus/.. \
		"$bin" -max_total_time="$secs" -timeout=25 -rss_limit_mb=2560 -max_len=65536 \
		-dict="$fz/$dict" -artifact_prefix="$art/" -print_final_stats=1 \
		${FUZZ_JOBS:+-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS} \
		"$corpus" $regs $seeds >"$log" 2>&1
	rc=$?
	grep -E '^stat::number_of_executed_units|^#[0-9]+.*DONE' "$log" | tail -2
	if [ $rc -ne 0 ]; then
		echo "FAIL  fuzz_$t (exit $rc): see $log and $art" >&2
		grep -E 'ERROR|SUMMARY|runtime error|Assertion' "$log" | head -5 >&2
		# the input itself, so that a CI log alone reproduces it
		for a in "$art"/crash-* "$art"/timeout-* "$art"/leak-* "$art"/oom-*; do
			[ -f "$a" ] || continue
			echo "input $(basename "$a") (first 1500 bytes, cat -v):" >&2
			head -c 1500 "$a" | cat -v >&2
			echo >&2
		done
		fail=1
	else
		echo "PASS  fuzz_$t"
	fi
done
exit $fail
