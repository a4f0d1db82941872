# latency_cdf.gp - distribution of the end-to-end latency and of each stage.
#
#   gnuplot -c plots/latency_cdf.gp LATENCY.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the latency.csv of `rxsim run --out DIR` (one row per quantile).
# Left: the cumulative distribution (y = quantile) of e2e_ns and of the four
# stages (wire -> ring, ring -> poll, poll -> socket, socket -> read), with
# latency in microseconds on a log scale.  Right: the same curves as a tail
# plot (y = 1 - quantile, log), where p99 and p99.9 can be read.  The x range
# covers the 1st percentile up to the maximum, so that a near-zero minimum
# does not squash the curves.  Curves are steps through the measured
# quantiles: nothing is drawn between them that was not measured.

if (ARGC < 2) {
	print "usage: gnuplot -c latency_cdf.gp LATENCY.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
	exit status 2
}
is_svg = strlen(ARG2) >= 4 && ARG2[strlen(ARG2) - 3:] eq ".svg"
is_pdf = strlen(ARG2) >= 4 && ARG2[strlen(ARG2) - 3:] eq ".pdf"
if (is_svg) {
	set terminal svg size 1000,600 dynamic noenhanced font "DejaVu Sans,10" background "white"
} else { if (is_pdf) {
	# 1000x600 at 100 dpi: 10 x 6 inches (720 x 432 points)
	set terminal pdfcairo size 10in,6in noenhanced font "DejaVu Sans,10"
} else {
	set terminal pngcairo size 1000,600 noenhanced font "DejaVu Sans,10"
}}
set output ARG2
set datafile separator comma
set datafile columnheaders
title = ARGC >= 3 && strlen(ARG3) > 0 ? ARG3 : ARG1

cols = "e2e_ns wire_to_ring_ns ring_to_poll_ns poll_to_sock_ns sock_to_read_ns"
clabel(c) = c eq "e2e_ns" ? "end to end" : \
	    c eq "wire_to_ring_ns" ? "wire -> ring" : \
	    c eq "ring_to_poll_ns" ? "ring -> poll" : \
	    c eq "poll_to_sock_ns" ? "poll -> socket" : \
	    c eq "sock_to_read_ns" ? "socket -> read" : c
ccolor(c) = c eq "e2e_ns" ? 0x000000 : c eq "wire_to_ring_ns" ? 0x7f7f7f : \
	    c eq "ring_to_poll_ns" ? 0xff7f0e : c eq "poll_to_sock_ns" ? 0x2ca02c : 0x1f77b4
cwidth(c) = c eq "e2e_ns" ? 3 : 2
us(c) = column(c) > 0 ? column(c) / 1e3 : NaN

# x range: from the smallest 1st percentile to the largest maximum (counted
# by hand: stats fails on a column with no values).
xmin = 1e300
xmax = 0
do for [c in cols] {
	stats ARG1 using (v = us(c), q = column("quantile"), \
		v == v && q >= 0.01 && v < xmin ? xmin = v : 0, \
		v == v && v > xmax ? xmax = v : 0, 0) nooutput
}
if (xmax <= 0 || xmin > xmax) {
	print sprintf("latency_cdf.gp: %s: no latency samples (no packet was delivered)", ARG1)
	exit status 2
}
lo = 10 ** floor(log10(xmin))
hi = 10 ** ceil(log10(xmax))
if (hi <= lo) { hi = lo * 10 }

set multiplot title title
set logscale x 10
set xrange [lo:hi]
set format x "%g"
set mxtics 10
set xlabel "latency (us, log scale)"
set grid xtics mxtics ytics mytics lc rgb "#e4e4e4", lc rgb "#f4f4f4"
set border 3
set tics nomirror
set tmargin at screen 0.84
set bmargin at screen 0.10

# The key alone, above both panels.
set lmargin at screen 0.08
set rmargin at screen 0.97
set tmargin at screen 0.94
set bmargin at screen 0.89
set border 0
unset tics
unset xlabel
set key center center horizontal maxrows 1 Left reverse samplen 2 width 2
set yrange [0:1]
plot for [c in cols] NaN with lines lw cwidth(c) lc rgb ccolor(c) title clabel(c)
unset key
set border 3
set xtics nomirror
set ytics nomirror
set xlabel "latency (us, log scale)"
set tmargin at screen 0.84
set bmargin at screen 0.10

# Left: the distribution, y = quantile.
set lmargin at screen 0.08
set rmargin at screen 0.555
set yrange [0:1]
set ytics 0, 0.1, 1 format "%g"
set ylabel "fraction of packets (quantile)"
# Steps, not lines: between two quantiles of latency.csv (p99.5 and p99.9,
# say) nothing was measured, and a straight line would draw latencies that
# no packet had.  Each step keeps the fraction known at the lower latency
# until the next measured one.
plot for [c in cols] ARG1 using (us(c)):(column("quantile")) with steps lw cwidth(c) \
	lc rgb ccolor(c) notitle

# Right: the tail, y = 1 - quantile on a log scale (0.1 = p90, 0.001 = p99.9).
set lmargin at screen 0.685
set rmargin at screen 0.97
set logscale y 10
set yrange [1e-4:1]
if (hi / lo > 1e5) { set xtics 100 }
set ytics format "%g" ("1" 1, "0.1 (p90)" 0.1, "0.01 (p99)" 0.01, "0.001 (p99.9)" 0.001, \
	"1e-4 (p99.99)" 1e-4)
set mytics 10
set ylabel "fraction slower (1 - quantile, log)"
plot for [c in cols] ARG1 using (us(c)):(1 - column("quantile")) with steps lw cwidth(c) \
	lc rgb ccolor(c) notitle
unset multiplot
