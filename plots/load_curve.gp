# load_curve.gp - delivered against offered load, and drops by place, from a sweep.
#
#   gnuplot -c plots/load_curve.gp SWEEP.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the CSV of `rxsim sweep`.  x is the first column (the first swept
# parameter, named by its scenario path; its unit is guessed from the path:
# rate in pps, times in ns, sizes in bytes).  Top panel: offered_pps and
# delivered_pps; bottom panel: the drops of each place that dropped anything
# (every drops_* column but drops_total and drops_host: drops_upstream,
# drops_nic_ring, drops_nic_fifo, ...; packets over the run).  When the second column is a
# second swept parameter with 2 to 8 values, there is one delivered curve and
# one set of drop curves per value (same colour); otherwise rows with the
# same x (other parameters, seeds) are averaged.  With --reps, the
# delivered_pps_ci95 column gives error bars.  Columns are selected by name.

if (ARGC < 2) {
	print "usage: gnuplot -c load_curve.gp SWEEP.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
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

# ---- header, swept axes, units (the same in load_curve.gp, sweep_latency.gp) -
stats ARG1 using 1 nooutput
ncols = STATS_columns
H = " "
stats ARG1 every ::0::0 using (sum [i = 1:ncols] (H = H . columnhead(i) . " ", 0)) nooutput
hascol(c) = strstrt(H, " " . c . " ") > 0
lastdot(s, i) = i < 1 ? 0 : s[i:i] eq "." ? i : lastdot(s, i - 1)
leaf(p) = p[lastdot(p, strlen(p)) + 1:]
inlist(w, l) = strstrt(" " . l . " ", " " . w . " ") > 0
timekeys = "duration warmup latency min_granularity wakeup_granularity dma_delay " . \
	   "rx-usecs busy_poll syscall per_datagram copy_per_kib per_packet at for " . \
	   "start stop on off interval netdev_budget_usecs"
sizekeys = "rcvbuf rmem_default rmem_max udp_rmem_min truesize rx_fifo upstream_buffer size"
kind(p) = leaf(p) eq "rate" || p[strlen(p) - 3:] eq "_pps" ? "rate" : \
	  leaf(p) eq "speed" ? "bw" : \
	  strstrt(p, ".costs.") > 0 || inlist(leaf(p), timekeys) || \
	  p[strlen(p) - 2:] eq "_ns" ? "time" : \
	  inlist(leaf(p), sizekeys) ? "size" : ""
# Display unit for values of kind k up to m: the divisor and its name.
div(k, m) = k eq "size" ? (m >= 2 * 2**20 ? 2**20 : m >= 2 * 2**10 ? 2**10 : 1) : \
	    k eq "" ? 1 : (m >= 2e9 ? 1e9 : m >= 2e6 ? 1e6 : m >= 2e3 ? 1e3 : 1)
uname(k, d) = k eq "rate" ? (d == 1e9 ? "Gpps" : d == 1e6 ? "Mpps" : d == 1e3 ? "kpps" : "pps") : \
	      k eq "time" ? (d == 1e9 ? "s" : d == 1e6 ? "ms" : d == 1e3 ? "us" : "ns") : \
	      k eq "size" ? (d == 2**30 ? "GiB" : d == 2**20 ? "MiB" : d == 2**10 ? "KiB" : "bytes") : \
	      k eq "bw" ? (d == 1e9 ? "Gbit/s" : d == 1e6 ? "Mbit/s" : d == 1e3 ? "kbit/s" : \
			   "bit/s") : ""
withunit(name, k, d) = k eq "" ? name : sprintf("%s (%s)", name, uname(k, d))
fmt(v) = sprintf("%.15g", v)
# Exact text of a value for lists of distinct values; real() reads it back
# (real("1e3") is an error, real("1.00000000000000e+03") is not).
key(v) = sprintf("%.14e", v)

xcol = word(H, 1)
stats ARG1 using 1 nooutput
xk = kind(xcol)
xdiv = div(xk, abs(STATS_max) > abs(STATS_min) ? abs(STATS_max) : abs(STATS_min))
gcol = words(H) >= 2 && word(H, 2) ne "seed" ? word(H, 2) : ""
G = " "
if (strlen(gcol)) {
	stats ARG1 using (v = key(column(2)), strstrt(G, " " . v . " ") ? 0 : (G = G . v . " ", 0)) \
		nooutput
}
ngroups = words(G)
note = ""
if (ngroups > 8) { note = sprintf("\n(mean over the %d values of %s)", ngroups, gcol) }
if (ngroups >= 2 && ngroups <= 8) { note = sprintf("\n(one curve per value of %s)", gcol) }
if (ngroups < 2 || ngroups > 8) { ngroups = 1; G = "" }
gk = kind(gcol)
# Group values are named in the largest unit that keeps them whole (100 ns,
# not 0.1 us).
notwhole(v, d) = v / d == floor(v / d) ? 0 : 1
gdiv = 1
if (ngroups > 1 && gk ne "") {
	do for [k = 3:1:-1] {
		d = gk eq "size" ? 1024**k : 1000**k
		frac = sum [i = 1:ngroups] notwhole(real(word(G, i)), d)
		if (gdiv == 1 && frac == 0) { gdiv = d }
	}
}
gname(i) = ngroups == 1 ? "" : sprintf("%s = %s%s", leaf(gcol), fmt(real(word(G, i)) / gdiv), \
	   gk eq "" ? "" : " " . uname(gk, gdiv))
ingroup(i) = ngroups == 1 ? 1 : key(column(2)) eq word(G, i)
# -----------------------------------------------------------------------------

do for [c in "offered_pps delivered_pps"] {
	if (!hascol(c)) {
		print sprintf("load_curve.gp: %s: no column %s (not a sweep CSV?)", ARG1, c)
		exit status 2
	}
}
stats ARG1 using (column("offered_pps")) nooutput
ydiv = div("rate", STATS_max)
ci = hascol("delivered_pps_ci95")

# Drop places: every drops_* column but the totals (drops_total, drops_host)
# and the _ci95 columns; a place is drawn if it dropped anything.
plabel(c) = c eq "drops_upstream" ? "upstream (link buffer)" : \
	    c eq "drops_nic_ring" ? "NIC ring (no descriptor)" : \
	    c eq "drops_nic_fifo" ? "NIC FIFO" : \
	    c eq "drops_no_socket" ? "no socket" : \
	    c eq "drops_socket_rcvbuf" ? "socket rcvbuf" : \
	    c eq "drops_cpu_backlog" ? "CPU backlog" : spaces(c[7:])
spaces(s) = strstrt(s, "_") ? s[1:strstrt(s, "_") - 1] . " " . spaces(s[strstrt(s, "_") + 1:]) : s
pcolor(c, j) = c eq "drops_upstream" ? 0x7f7f7f : c eq "drops_nic_ring" ? 0xd62728 : \
	       c eq "drops_nic_fifo" ? 0xff7f0e : c eq "drops_no_socket" ? 0x8c564b : \
	       c eq "drops_socket_rcvbuf" ? 0xe377c2 : c eq "drops_cpu_backlog" ? 0xbcbd22 : \
	       word("#17becf #9467bd #1f77b4 #393b79 #637939 #843c39", (j - 1) % 6 + 1)
drops = ""
dmax = 0
do for [i = 1:words(H)] {
	c = word(H, i)
	if (strstrt(c, "drops_") == 1 && c ne "drops_total" && c ne "drops_host" && \
	    !(strlen(c) > 5 && c[strlen(c) - 4:] eq "_ci95")) {
		stats ARG1 using (column(c)) nooutput
		if (STATS_max > 0) { drops = drops . " " . c }
		if (STATS_max > dmax) { dmax = STATS_max }
	}
}
ddiv = dmax >= 2e6 ? 1e6 : dmax >= 2e4 ? 1e3 : 1
dunit = ddiv == 1e6 ? "million packets" : ddiv == 1e3 ? "thousand packets" : "packets"
dword(j) = j <= words(drops) ? word(drops, j) : "offered_pps"

# One datablock per group: x, offered, delivered, delivered ci95, then the
# drops of each place in the order of the drops list.
spec = '(fmt(column(1) / xdiv)):(column("offered_pps") / ydiv)' . \
       ':(column("delivered_pps") / ydiv):(ci ? column("delivered_pps_ci95") / ydiv : NaN)'
do for [j = 1:words(drops)] {
	spec = spec . sprintf(':(column("%s") / ddiv)', word(drops, j))
}
do for [i = 1:ngroups] {
	eval sprintf('set table $G%d', i)
	plot ARG1 using @spec with table if (ingroup(i))
	unset table
}
set datafile separator whitespace
set datafile nocolumnheaders
blk(i) = sprintf('$G%d', i)
gcolor(i) = ngroups == 1 ? 0x2ca02c : \
	    word("#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #17becf", i)

set multiplot title title . note
set lmargin at screen 0.09
set rmargin at screen 0.68
set grid xtics ytics lc rgb "#e4e4e4"
set border 3
set tics nomirror
set key Left reverse samplen 2 width 1
set autoscale xfix
set offsets graph 0.02, graph 0.02, 0, 0

# Top: offered and delivered rate.
set tmargin at screen 0.91
set bmargin at screen 0.55
set key at screen 0.70, 0.91 left top
set format x ""
set ylabel "rate (" . uname("rate", ydiv) . ")"
set format y "%g"
set yrange [0:*]
plot for [i = 1:ngroups] blk(i) using 1:3 smooth unique with linespoints lw 2 pt 7 ps 0.6 \
	lc rgb gcolor(i) title (ngroups == 1 ? "delivered" : "delivered, " . gname(i)), \
     for [i = 1:(ci ? ngroups : 0)] blk(i) using 1:3:4 with yerrorbars pt 7 ps 0.6 \
	lc rgb gcolor(i) notitle, \
     $G1 using 1:2 smooth unique with lines lw 1.5 dt 2 lc rgb "black" title "offered"

# Bottom: drops by place.
set tmargin at screen 0.50
set bmargin at screen 0.10
set key at screen 0.70, 0.50 left top
set format x "%g"
set xlabel withunit(xcol, xk, xdiv)
set ylabel "drops (" . dunit . ")"
if (!strlen(drops)) { set yrange [0:1] }
if (ngroups == 1) {
	plot for [j = 1:words(drops)] $G1 using 1:(column(4 + j)) smooth unique \
		with linespoints lw 2 pt 7 ps 0.6 lc rgb pcolor(dword(j), j) title plabel(dword(j)), \
	     for [k = 1:(strlen(drops) ? 0 : 1)] $G1 using 1:(0) smooth unique with lines lw 2 \
		lc rgb "#999999" title "no drops"
} else {
	plot for [j = 1:words(drops)] for [i = 1:ngroups] blk(i) using 1:(column(4 + j)) \
		smooth unique with linespoints lw 2 dt j pt 7 ps 0.6 lc rgb gcolor(i) notitle, \
	     for [j = 1:words(drops)] keyentry with lines lw 2 dt j lc rgb "black" \
		title plabel(dword(j)), \
	     for [k = 1:(strlen(drops) ? 0 : 1)] $G1 using 1:(0) smooth unique with lines lw 2 \
		lc rgb "#999999" title "no drops"
}
unset multiplot
