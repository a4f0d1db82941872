# Tests of `rxsim plot` and the gnuplot scripts in plots/ (label: plot).
#
# plot.data runs a shipped scenario into the build tree (fixture); each kind
# is then drawn from it or from the committed sweep CSV tests/data/sweep_small.csv,
# and the figure is checked: non-empty, a PNG of 1000x600 pixels (read from
# the IHDR chunk with od) or an SVG with a 1000x600 viewBox, and no temporary
# file left beside it.  Tests that need gnuplot exit 77 (skipped) without it.
# RXSIM_DATADIR points at the source tree, so these scripts are the ones tested.

set(RXSIM_PLOT_DIR "${CMAKE_CURRENT_BINARY_DIR}/plot")
set(RXSIM_PLOT_RUN "${RXSIM_PLOT_DIR}/quickstart")
set(RXSIM_PLOT_SWEEP "${CMAKE_CURRENT_SOURCE_DIR}/data/sweep_small.csv")
set(RXSIM_PLOT_CHECK "${RXSIM_PLOT_DIR}/plot_check.sh")
file(MAKE_DIRECTORY "${RXSIM_PLOT_DIR}")
# A timeseries.csv that passes rxsim's header check but that gnuplot cannot plot.
file(WRITE "${RXSIM_PLOT_DIR}/broken_timeseries.csv" "t_ns\n1000000\n")

file(WRITE "${RXSIM_PLOT_CHECK}" [==[#!/bin/sh
# plot_check.sh figure RXSIM KIND DATA OUT WIDTH HEIGHT [rxsim plot options]
#   draw a figure and check it (exit 77 without gnuplot)
# plot_check.sh fails NEEDS CODE MESSAGE OUT -- COMMAND...
#   COMMAND must exit CODE with MESSAGE on stderr and leave neither OUT nor a
#   temporary file; NEEDS "gnuplot": skipped (77) when gnuplot is missing,
#   "none": runs anyway
set -u
fail() { echo "FAIL: $*" >&2; exit 1; }
no_leftovers() {	# OUT: no OUT.tmp.* beside it
	dir=$(dirname "$1") base=$(basename "$1")
	for f in "$dir/$base".tmp.*; do
		[ -e "$f" ] && fail "temporary file left: $f"
	done
	return 0
}
have_gnuplot() { command -v gnuplot >/dev/null 2>&1; }

mode=$1
shift
case $mode in
figure)
	rxsim=$1 kind=$2 data=$3 out=$4 w=$5 h=$6
	shift 6
	have_gnuplot || { echo "gnuplot not found in PATH: skipped"; exit 77; }
	rm -f "$out"
	"$rxsim" plot "$kind" "$data" --out "$out" "$@"
	rc=$?
	[ $rc -eq 0 ] || fail "rxsim plot $kind exited $rc"
	[ -s "$out" ] || fail "$out: missing or empty"
	no_leftovers "$out"
	case $out in
	*.png)
		sig=$(od -An -tx1 -N8 "$out" | tr -d ' \n')
		[ "$sig" = 89504e470d0a1a0a ] || fail "$out: not a PNG (signature $sig)"
		# IHDR: width and height, 4 bytes each, big endian, at offset 16
		set -- $(od -An -tu1 -j16 -N8 "$out")
		[ $# -eq 8 ] || fail "$out: short PNG header"
		pw=$(( ($1 << 24) + ($2 << 16) + ($3 << 8) + $4 ))
		ph=$(( ($5 << 24) + ($6 << 16) + ($7 << 8) + $8 ))
		;;
	*.svg)
		grep -q '</svg>' "$out" || fail "$out: not a complete SVG"
		set -- $(sed -n 's/.*viewBox="0 0 \([0-9]*\) \([0-9]*\)".*/\1 \2/p' "$out" | head -n 1)
		[ $# -eq 2 ] || fail "$out: no viewBox"
		pw=$1 ph=$2
		;;
	*.pdf)
		sig=$(head -c 5 "$out")
		[ "$sig" = "%PDF-" ] || fail "$out: not a PDF (starts with $sig)"
		tail -c 32 "$out" | grep -q '%%EOF' || fail "$out: not a complete PDF"
		# the page in points, 72 a inch; the scripts draw 10x6 in for 1000x600
		set -- $(grep -a -o 'MediaBox \[ *0 0 [0-9]* [0-9]*' "$out" | head -n 1 | \
			sed 's/.* 0 0 //')
		[ $# -eq 2 ] || fail "$out: no MediaBox"
		pw=$(( $1 * 100 / 72 )) ph=$(( $2 * 100 / 72 ))
		;;
	*)
		fail "$out: unexpected extension"
		;;
	esac
	[ "$pw" -eq "$w" ] && [ "$ph" -eq "$h" ] || fail "$out: ${pw}x$ph, expected ${w}x$h"
	echo "$out: ${pw}x$ph, $(wc -c <"$out") bytes"
	;;
fails)
	if [ "$1" = gnuplot ] && ! have_gnuplot; then
		echo "gnuplot not found in PATH: skipped"
		exit 77
	fi
	code=$2 msg=$3 out=$4
	shift 5		# NEEDS CODE MESSAGE OUT --
	rm -f "$out"
	err=$("$@" 2>&1 >/dev/null)
	rc=$?
	printf '%s\n' "$err"
	[ $rc -eq "$code" ] || fail "exit status $rc, expected $code"
	case $err in
	*"$msg"*) ;;
	*) fail "stderr lacks: $msg" ;;
	esac
	[ -e "$out" ] && fail "$out was written"
	no_leftovers "$out"
	echo "exit $rc as expected"
	;;
*)
	fail "unknown mode $mode"
	;;
esac
]==])

add_test(NAME plot.data
  COMMAND $<TARGET_FILE:rxsim> run "${PROJECT_SOURCE_DIR}/scenarios/quickstart.json"
          --out "${RXSIM_PLOT_RUN}" --quiet)
set_tests_properties(plot.data PROPERTIES
  LABELS plot TIMEOUT 120 FIXTURES_SETUP rxsim_plot_data)

# plot.NAME: KIND DATA OUT [options]; every figure is 1000x600.
function(rxsim_plot_test name kind data out)
  add_test(NAME plot.${name}
    COMMAND sh "${RXSIM_PLOT_CHECK}" figure $<TARGET_FILE:rxsim> ${kind} "${data}"
            "${RXSIM_PLOT_DIR}/${out}" 1000 600 ${ARGN})
  set_tests_properties(plot.${name} PROPERTIES
    LABELS plot TIMEOUT 60 SKIP_RETURN_CODE 77 FIXTURES_REQUIRED rxsim_plot_data
    ENVIRONMENT "RXSIM_DATADIR=${PROJECT_SOURCE_DIR}")
endfunction()

rxsim_plot_test(timeseries timeseries "${RXSIM_PLOT_RUN}/timeseries.csv" timeseries.png
  --title "quickstart: rates and queues")
rxsim_plot_test(cpu cpu "${RXSIM_PLOT_RUN}/timeseries.csv" cpu.png)
rxsim_plot_test(latency_cdf latency_cdf "${RXSIM_PLOT_RUN}/latency.csv" latency_cdf.png)
rxsim_plot_test(latency_stages latency_stages "${RXSIM_PLOT_RUN}/latency.csv"
  latency_stages.png)
rxsim_plot_test(load_curve load_curve "${RXSIM_PLOT_SWEEP}" load_curve.png)
rxsim_plot_test(sweep_latency sweep_latency "${RXSIM_PLOT_SWEEP}" sweep_latency.png)
rxsim_plot_test(heatmap heatmap "${RXSIM_PLOT_SWEEP}" heatmap.png)
rxsim_plot_test(heatmap_column heatmap "${RXSIM_PLOT_SWEEP}" heatmap_p99.png
  --column lat_e2e_p99_ns)
rxsim_plot_test(svg cpu "${RXSIM_PLOT_RUN}/timeseries.csv" cpu.svg)
rxsim_plot_test(pdf timeseries "${RXSIM_PLOT_RUN}/timeseries.csv" timeseries.pdf)
# An interval that delivered nothing has empty latency cells (missing values).
file(WRITE "${RXSIM_PLOT_DIR}/empty_cells.csv"
  "t_ns,interval_ns,offered,delivered,drops_socket_rcvbuf,ring_filled,socket_queued,"
  "lat_count,lat_p50_ns,lat_p99_ns,lat_max_ns,cpu0_hardirq,cpu0_softirq,cpu0_ksoftirqd,"
  "cpu0_app,cpu0_other,cpu0_idle\n"
  "1000000,1000000,10,10,0,1,0,10,5000,7000,8000,0.1,0.2,0.0,0.3,0.0,0.4\n"
  "2000000,1000000,10,0,10,5,90,0,,,,0.1,0.9,0.0,0.0,0.0,0.0\n"
  "3000000,1000000,10,10,0,1,0,10,6000,9000,9500,0.1,0.2,0.0,0.3,0.0,0.4\n")
rxsim_plot_test(empty_cells timeseries "${RXSIM_PLOT_DIR}/empty_cells.csv" empty_cells.png)
rxsim_plot_test(empty_cells_cpu cpu "${RXSIM_PLOT_DIR}/empty_cells.csv" empty_cells_cpu.png)

# plot.all.NAME: every shipped scenario drawn with every kind that applies.
file(GLOB RXSIM_PLOT_SCENARIOS "${PROJECT_SOURCE_DIR}/scenarios/*.json")
foreach(scen ${RXSIM_PLOT_SCENARIOS})
  get_filename_component(name "${scen}" NAME_WE)
  add_test(NAME plot.all.${name}
    COMMAND sh "${CMAKE_CURRENT_SOURCE_DIR}/cli/plot_all.sh" $<TARGET_FILE:rxsim>
            "${PROJECT_SOURCE_DIR}" ${name} "${RXSIM_PLOT_DIR}/all" "${RXSIM_PLOT_CHECK}")
  set_tests_properties(plot.all.${name} PROPERTIES
    LABELS plot TIMEOUT 300 SKIP_RETURN_CODE 77
    ENVIRONMENT "RXSIM_DATADIR=${PROJECT_SOURCE_DIR}")
endforeach()

# plot.NAME: expected exit status and a piece of the message; no output left.
# NEEDS: gnuplot (skipped without it) or none.
function(rxsim_plot_fails name needs code msg out)
  add_test(NAME plot.${name}
    COMMAND sh "${RXSIM_PLOT_CHECK}" fails ${needs} ${code} "${msg}"
            "${RXSIM_PLOT_DIR}/${out}" -- ${ARGN})
  set_tests_properties(plot.${name} PROPERTIES
    LABELS plot TIMEOUT 60 SKIP_RETURN_CODE 77 FIXTURES_REQUIRED rxsim_plot_data
    ENVIRONMENT "RXSIM_DATADIR=${PROJECT_SOURCE_DIR}")
endfunction()

set(RXSIM_PLOT_TS "${RXSIM_PLOT_RUN}/timeseries.csv")
rxsim_plot_fails(no_gnuplot none 3 "rxsim plot: gnuplot not found in PATH (install gnuplot-nox)"
  nogp.png env PATH=/nonexistent
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_TS}" --out "${RXSIM_PLOT_DIR}/nogp.png")
rxsim_plot_fails(unknown_kind none 2 "known kinds: timeseries cpu queues latency_cdf" unknown.png
  $<TARGET_FILE:rxsim> plot bogus "${RXSIM_PLOT_TS}" --out "${RXSIM_PLOT_DIR}/unknown.png")
rxsim_plot_fails(bad_extension none 2 "must end in .png, .svg or .pdf" ext.jpg
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_TS}" --out "${RXSIM_PLOT_DIR}/ext.jpg")
rxsim_plot_fails(missing_data none 2 "${RXSIM_PLOT_DIR}/absent.csv: No such file" absent.png
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_DIR}/absent.csv"
  --out "${RXSIM_PLOT_DIR}/absent.png")
rxsim_plot_fails(wrong_data none 2 "no column 't_ns'" wrong.png
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_RUN}/latency.csv"
  --out "${RXSIM_PLOT_DIR}/wrong.png")
rxsim_plot_fails(missing_out none 2 "missing --out" none.png
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_TS}")
# gnuplot fails: its messages pass through, exit 3, no figure.
rxsim_plot_fails(gnuplot_fails gnuplot 3 "gnuplot failed" broken.png
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_DIR}/broken_timeseries.csv"
  --out "${RXSIM_PLOT_DIR}/broken.png")
# Damaged data is refused before gnuplot runs, naming file and line.
file(WRITE "${RXSIM_PLOT_DIR}/truncated.csv" "t_ns,offered\n1000000,5\n2000000,")
file(WRITE "${RXSIM_PLOT_DIR}/short_row.csv" "t_ns,offered\n1000000,5\n2000000\n")
file(WRITE "${RXSIM_PLOT_DIR}/not_number.csv" "t_ns,offered\n1000000,5\n2000000,x5\n")
rxsim_plot_fails(truncated none 2 "truncated.csv:3: the last line has no newline" trunc.png
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_DIR}/truncated.csv"
  --out "${RXSIM_PLOT_DIR}/trunc.png")
rxsim_plot_fails(short_row none 2 "short_row.csv:3: 1 field, the header has 2" short.png
  $<TARGET_FILE:rxsim> plot timeseries "${RXSIM_PLOT_DIR}/short_row.csv"
  --out "${RXSIM_PLOT_DIR}/short.png")
rxsim_plot_fails(not_number none 2 "not_number.csv:3: expected numbers only" nan.png
  $<TARGET_FILE:rxsim> plot cpu "${RXSIM_PLOT_DIR}/not_number.csv"
  --out "${RXSIM_PLOT_DIR}/nan.png")
# An empty cell is a missing value, but not in the key column.
file(WRITE "${RXSIM_PLOT_DIR}/empty_key.csv" "t_ns,offered\n1000000,5\n,5\n")
rxsim_plot_fails(empty_key none 2 "empty_key.csv:3: expected numbers only" nokey.png
  $<TARGET_FILE:rxsim> plot cpu "${RXSIM_PLOT_DIR}/empty_key.csv"
  --out "${RXSIM_PLOT_DIR}/nokey.png")
# queues reads the long file, not the wide one
rxsim_plot_fails(queues_wrong_data none 2 "no column 'object'" qwrong.png
  $<TARGET_FILE:rxsim> plot queues "${RXSIM_PLOT_TS}" --out "${RXSIM_PLOT_DIR}/qwrong.png")
