# queues.gp - per rx queue and per CPU over time: RSS imbalance.
#
#   gnuplot -c plots/queues.gp TIMESERIES_LONG.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the timeseries_long.csv of `rxsim run --out DIR` (t_ns,object,
# metric,value).  Top panel: packets each rx queue took from the wire in each
# interval (rx_packets), one line per queue, so a queue that RSS overloads
# stands out.  Bottom panel: the share of each CPU spent in softirq and
# ksoftirqd (receive processing) per interval.

if (ARGC < 2) {
	print "usage: gnuplot -c queues.gp TIMESERIES_LONG.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
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

# The objects, in file order: rx queues (NIC/rx-N) and CPUs (cpuN).
Q = " "
C = " "
stats ARG1 using (strcol(3) eq "rx_packets" && !strstrt(Q, " " . strcol(2) . " ") ? \
	(Q = Q . strcol(2) . " ", 0) : 0) nooutput
stats ARG1 using (strcol(3) eq "softirq" && !strstrt(C, " " . strcol(2) . " ") ? \
	(C = C . strcol(2) . " ", 0) : 0) nooutput
if (words(Q) == 0 || words(C) == 0) {
	print sprintf("queues.gp: %s: no rx_packets or softirq rows (not a timeseries_long.csv?)", ARG1)
	exit status 2
}
# softirq and ksoftirqd rows of a CPU are adjacent (softirq first)
sel(o, m) = strcol(2) eq o && strcol(3) eq m ? column(4) : NaN
net = 0
netshare(o) = strcol(2) eq o && strcol(3) eq "softirq" ? (net = column(4), NaN) : \
	      strcol(2) eq o && strcol(3) eq "ksoftirqd" ? net + column(4) : NaN
tms(x) = column(1) / 1e6
colors = "#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #7f7f7f #bcbd22 #17becf"
col(i) = word(colors, (i - 1) % 10 + 1)

set multiplot title title
set lmargin at screen 0.09
set rmargin at screen 0.80
set grid xtics ytics lc rgb "#dddddd"
set border 3
set tics nomirror
set key at screen 0.82, 0.91 left top Left reverse samplen 2 maxrows 16
set datafile missing NaN

set tmargin at screen 0.91
set bmargin at screen 0.55
set format x ""
set ylabel "packets per interval"
set yrange [0:*]
plot for [i = 1:words(Q)] ARG1 using (tms(0)):(sel(word(Q, i), "rx_packets")) \
	with lines lw 1.5 lc rgb col(i) title word(Q, i)

set tmargin at screen 0.50
set bmargin at screen 0.10
set key at screen 0.82, 0.50 left top
set format x "%g"
set xlabel "time (ms)"
set ylabel "softirq + ksoftirqd share"
set yrange [0:1]
plot for [i = 1:words(C)] ARG1 using (tms(0)):(netshare(word(C, i))) \
	with lines lw 1.5 lc rgb col(i) title word(C, i)
unset multiplot
