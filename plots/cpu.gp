# cpu.gp - where each CPU's time went, over time.
#
#   gnuplot -c plots/cpu.gp TIMESERIES.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the timeseries.csv of `rxsim run --out DIR`.  One panel per CPU
# (the CPUs are found from the cpuN_idle columns of the header; at most 8 are
# drawn), each a stacked area of the share of every interval spent in
# hardirq, softirq (inline, after an interrupt or in recv), ksoftirqd, the
# threaded NAPI kthreads (when the host has any), the application threads,
# other tasks and idle.  The colours are the same in
# every panel; one key at the top serves them all.

if (ARGC < 2) {
	print "usage: gnuplot -c cpu.gp TIMESERIES.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
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

# Count the cpuN_idle columns of the header.
stats ARG1 using 1 nooutput
ncols = STATS_columns
is_idle(s) = strstrt(s, "cpu") == 1 && strlen(s) > 8 && s[strlen(s) - 4:] eq "_idle"
ncpu = 0
stats ARG1 every ::0::0 using (ncpu = sum [i = 1:ncols] (is_idle(columnhead(i)) ? 1 : 0), 0) \
	nooutput
if (ncpu < 1) {
	print sprintf("cpu.gp: %s: no cpuN_idle columns (not a timeseries.csv?)", ARG1)
	exit status 2
}
nshow = ncpu > 8 ? 8 : ncpu
if (ncpu > nshow) {
	title = title . sprintf(" (CPUs 0-7 of %d)", ncpu)
}

stats ARG1 using (column("t_ns") / 1e6) nooutput
tmax = STATS_max
nrows = STATS_records

# Hosts with threaded NAPI have a napi_kthread column (the napi/IF-N threads).
has_napi = 0
stats ARG1 every ::0::0 using (has_napi = sum [i = 1:ncols] \
	(columnhead(i) eq "cpu0_napi_kthread" ? 1 : 0), 0) nooutput
if (has_napi) {
	ctx = "hardirq softirq ksoftirqd napi_kthread app other idle"
	clabel = "hardirq softirq ksoftirqd napi_kthread app other idle"
	colors = "#d62728 #ff7f0e #9467bd #2ca02c #1f77b4 #8c564b #e8e8e8"
} else {
	ctx = "hardirq softirq ksoftirqd app other idle"
	clabel = "hardirq softirq ksoftirqd app other idle"
	colors = "#d62728 #ff7f0e #9467bd #1f77b4 #8c564b #e8e8e8"
}
nctx = words(ctx)
ccolor(k) = word(colors, k)
# Cumulative share of the first k contexts of CPU c, in percent.
cum(c, k) = 100 * sum [j = 1:k] column(sprintf("cpu%d_%s", c, word(ctx, j)))
# Each interval is drawn as a box from its start to its end; beyond 1000
# intervals, as a filled curve through the middles of the intervals.
t1(x) = column("t_ns") / 1e6
t0(x) = (column("t_ns") - column("interval_ns")) / 1e6

# Grid: one column up to 3 CPUs, then two.
ncolumns = nshow <= 3 ? 1 : 2
nrows = (nshow + ncolumns - 1) / ncolumns
top = 0.86
bottom = 0.10
gap = 0.035
ph = (top - bottom - (nrows - 1) * gap) / nrows
left(col) = col == 0 ? 0.08 : 0.59
right(col) = ncolumns == 1 ? 0.97 : (col == 0 ? 0.48 : 0.97)

set multiplot title title
set xrange [0:tmax]
set yrange [0:100]
set style fill solid 1.0 noborder

# The key alone, across the full width above the panels.
set lmargin at screen 0.08
set rmargin at screen 0.97
set tmargin at screen 0.95
set bmargin at screen 0.90
set border 0
unset tics
unset xlabel
unset ylabel
set key center center horizontal maxrows 1 Left reverse samplen 1.5 width 2
plot for [k = 1:nctx] NaN with boxes lc rgb ccolor(k) title word(clabel, k)
unset key
set border 3
set xtics nomirror out
set ytics 0, 50, 100 nomirror out format "%g%%"
set mytics 2
do for [c = 0:nshow - 1] {
	row = c / ncolumns
	col = c % ncolumns
	set lmargin at screen left(col)
	set rmargin at screen right(col)
	set tmargin at screen top - row * (ph + gap)
	set bmargin at screen top - row * (ph + gap) - ph
	set ylabel sprintf("CPU %d", c)
	if (row == nrows - 1 || c + ncolumns >= nshow) {
		set format x "%g"
		set xlabel "time (ms)"
	} else {
		set format x ""
		unset xlabel
	}
	if (nrows <= 1000) {
		plot for [k = 1:nctx] ARG1 using (t0(0)):(0):(t0(0)):(t1(0)): \
			(cum(c, k - 1)):(cum(c, k)) \
			with boxxyerror lc rgb ccolor(k) fs solid 1.0 border lc rgb ccolor(k)
	} else {
		plot for [k = 1:nctx] ARG1 using ((t0(0) + t1(0)) / 2):(cum(c, k - 1)):(cum(c, k)) \
			with filledcurves lc rgb ccolor(k)
	}
}
unset multiplot
