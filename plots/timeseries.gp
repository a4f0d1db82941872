# timeseries.gp - packet rates and queue occupancy over time.
#
#   gnuplot -c plots/timeseries.gp TIMESERIES.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the timeseries.csv of `rxsim run --out DIR`, columns selected by name.
# Top panel: offered and delivered rate (left axis), and the drop rate of
# each place that dropped anything during the run (every drops_* column) on
# the right axis, scaled to the drops alone so that a few drops among
# millions of packets still show; per-interval count / interval_ns, drawn
# at the middle of each interval.  Bottom panel: packets held at the end of
# each interval in the NIC ring, the NIC FIFO, the CPU backlogs and the
# socket receive queues (solid), and the most the fullest ring, backlog or
# socket held during the interval (dashed, where the file has *_max
# columns); queues that stayed empty are named in the key.

if (ARGC < 2) {
	print "usage: gnuplot -c timeseries.gp TIMESERIES.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
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

# Per-interval count -> packets per second (scaled to kpps or Mpps when the
# offered rate is that high), at the middle of the interval.
stats ARG1 using (column("offered") / column("interval_ns") * 1e9) nooutput
rscale = STATS_max >= 2e6 ? 1e6 : STATS_max >= 2e3 ? 1e3 : 1
runit = rscale == 1e6 ? "Mpps" : rscale == 1e3 ? "kpps" : "pps"
rate(c) = column(c) / column("interval_ns") * 1e9 / rscale
tmid(x) = (column("t_ns") - column("interval_ns") / 2.0) / 1e6
tend(x) = column("t_ns") / 1e6

# The header, to find the drop places (every drops_* column) and the queues.
stats ARG1 using 1 nooutput
ncols = STATS_columns
H = " "
stats ARG1 every ::0::0 using (sum [i = 1:ncols] (H = H . columnhead(i) . " ", 0)) nooutput
hascol(c) = strstrt(H, " " . c . " ") > 0

# Drop places, with the labels and colours of the known ones; a place is
# drawn if it dropped anything during the run.
plabel(c) = c eq "drops_upstream" ? "drops upstream (link buffer)" : \
	    c eq "drops_nic_ring" ? "drops NIC ring (no descriptor)" : \
	    c eq "drops_nic_fifo" ? "drops NIC FIFO" : \
	    c eq "drops_no_socket" ? "drops no socket" : \
	    c eq "drops_socket_rcvbuf" ? "drops socket rcvbuf" : \
	    c eq "drops_cpu_backlog" ? "drops CPU backlog" : spaces(c)
spaces(s) = strstrt(s, "_") ? s[1:strstrt(s, "_") - 1] . " " . spaces(s[strstrt(s, "_") + 1:]) : s
pcolor(c, j) = c eq "drops_upstream" ? 0x7f7f7f : c eq "drops_nic_ring" ? 0xd62728 : \
	       c eq "drops_nic_fifo" ? 0xff7f0e : c eq "drops_no_socket" ? 0x8c564b : \
	       c eq "drops_socket_rcvbuf" ? 0xe377c2 : c eq "drops_cpu_backlog" ? 0xbcbd22 : \
	       word("#17becf #9467bd #1f77b4 #393b79 #637939 #843c39", (j - 1) % 6 + 1)
drops = ""
do for [i = 1:words(H)] {
	c = word(H, i)
	if (strstrt(c, "drops_") == 1) {
		stats ARG1 using (column(c)) nooutput
		if (STATS_max > 0) { drops = drops . " " . c }
	}
}

queues = "ring_filled nic_fifo_len backlog_len socket_queued"
qlabel(q) = q eq "ring_filled" ? "NIC ring (filled descriptors)" : \
	    q eq "nic_fifo_len" ? "NIC FIFO" : \
	    q eq "backlog_len" ? "CPU backlogs" : \
	    q eq "socket_queued" ? "socket receive queues" : q
qcolor(q) = q eq "ring_filled" ? 0x1f77b4 : q eq "nic_fifo_len" ? 0xff7f0e : \
	    q eq "backlog_len" ? 0x2ca02c : 0x9467bd
busy = ""
empty = ""
# the fullest queue's maximum during the interval, where the file has it
qmax(q) = q eq "nic_fifo_len" ? "" : q . "_max"
qshort(q) = q eq "ring_filled" ? "a NIC ring" : q eq "backlog_len" ? "a CPU backlog" : "a socket"
do for [q in queues] {
	m = 0
	if (hascol(q)) { stats ARG1 using (column(q)) nooutput; m = STATS_max }
	if (strlen(qmax(q)) && hascol(qmax(q))) {
		stats ARG1 using (column(qmax(q))) nooutput
		if (STATS_max > m) { m = STATS_max }
	}
	if (hascol(q) && m > 0) {
		busy = busy . " " . q
	} else {
		empty = empty . (strlen(empty) ? ", " : "") . qlabel(q)
	}
}

# gnuplot evaluates the using spec of an empty "for" once: keep names valid.
dcol(i) = i <= words(drops) ? word(drops, i) : "offered"
qcol(i) = i <= words(busy) ? word(busy, i) : "ring_filled"
# busy queues with a *_max column
busymax = ""
do for [i = 1:words(busy)] {
	if (strlen(qmax(word(busy, i))) && hascol(qmax(word(busy, i)))) {
		busymax = busymax . " " . word(busy, i)
	}
}
qmcol(i) = i <= words(busymax) ? qmax(word(busymax, i)) : "ring_filled"

stats ARG1 using (tend(0)) nooutput
set xrange [0:STATS_max]

set multiplot title title
set lmargin at screen 0.09
set rmargin at screen 0.64
set grid xtics ytics lc rgb "#dddddd"
set border 3
set tics nomirror
set key Left reverse width 1 samplen 2

# Top panel: rates.
set tmargin at screen 0.91
set bmargin at screen 0.55
set key at screen 0.73, 0.91 left top
set format x ""
set ylabel "rate (" . runit . ")"
set format y "%g"
set yrange [0:*]
# Drops on the right axis, in their own unit: the largest drop rate picks it.
dmax = 0
do for [i = 1:words(drops)] {
	stats ARG1 using (column(word(drops, i)) / column("interval_ns") * 1e9) nooutput
	if (STATS_max > dmax) { dmax = STATS_max }
}
dscale = dmax >= 2e6 ? 1e6 : dmax >= 2e3 ? 1e3 : 1
dunit = dscale == 1e6 ? "Mpps" : dscale == 1e3 ? "kpps" : "pps"
drate(c) = column(c) / column("interval_ns") * 1e9 / dscale
if (strlen(drops)) {
	set y2label "drops (" . dunit . ", right axis)"
	set y2tics nomirror
	set format y2 "%g"
	set y2range [0:*]
	set border 11
}
plot ARG1 using (tmid(0)):(rate("delivered")) with lines lw 3 lc rgb "#2ca02c" \
	title "delivered", \
     ARG1 using (tmid(0)):(rate("offered")) with lines lw 1.5 lc rgb "#000000" title "offered", \
     for [i = 1:words(drops)] ARG1 using (tmid(0)):(drate(dcol(i))) axes x1y2 \
	with linespoints lw 1.5 pt 7 ps 0.4 lc rgb pcolor(dcol(i), i) \
	title plabel(dcol(i)), \
     (strlen(drops) ? NaN : 1/0) with lines lc rgb "white" title (strlen(drops) ? "" : "no drops")
unset y2tics
unset y2label
set border 3

# Bottom panel: occupancy at the end of each interval, and its maximum.
set tmargin at screen 0.50
set bmargin at screen 0.10
set key at screen 0.73, 0.50 left top
set format x "%g"
set xlabel "time (ms)"
set ylabel "queued (packets)"
set format y "%g"
if (!strlen(busy)) { set yrange [0:1] }
plot for [i = 1:words(busy)] ARG1 using (tend(0)):(column(qcol(i))) with lines lw 1.5 \
	lc rgb qcolor(word(busy, i)) title qlabel(word(busy, i)), \
     for [i = 1:words(busymax)] ARG1 using (tend(0)):(column(qmcol(i))) with lines lw 1 dt 2 \
	lc rgb qcolor(word(busymax, i)) title qshort(word(busymax, i)) . ": max in interval", \
     for [k = 1:(strlen(busy) ? 0 : 1)] ARG1 using (tend(0)):(0) with lines lw 1.5 \
	lc rgb "#999999" title "all queues empty", \
     (strlen(busy) && strlen(empty) ? NaN : 1/0) with lines lc rgb "white" \
	title (strlen(busy) && strlen(empty) ? "empty: " . empty : "")
unset multiplot
