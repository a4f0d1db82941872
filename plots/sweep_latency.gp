# sweep_latency.gp - end-to-end latency percentiles across a sweep.
#
#   gnuplot -c plots/sweep_latency.gp SWEEP.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the CSV of `rxsim sweep`.  x is the first column (the first swept
# parameter; unit guessed from its scenario path), y the end-to-end latency
# percentiles lat_e2e_p50_ns, lat_e2e_p99_ns and lat_e2e_p999_ns in
# microseconds on a log scale.  When the second column is a second swept
# parameter with 2 to 8 values there is one colour per value and one dash
# pattern per percentile; otherwise rows with the same x are averaged.  With
# --reps, the _ci95 columns give error bars.  Columns are selected by name;
# points without a latency (nothing delivered: empty field) are skipped.

if (ARGC < 2) {
	print "usage: gnuplot -c sweep_latency.gp SWEEP.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
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

lats = "lat_e2e_p50_ns lat_e2e_p99_ns lat_e2e_p999_ns"
lname(j) = word("p50 p99 p99.9", j)
lcolor(j) = word("#2ca02c #ff7f0e #d62728", j)
do for [c in lats] {
	if (!hascol(c)) {
		print sprintf("sweep_latency.gp: %s: no column %s (not a sweep CSV?)", ARG1, c)
		exit status 2
	}
}
nlat = 0
stats ARG1 using (v = column("lat_e2e_p50_ns"), nlat = nlat + (v == v), 0) nooutput
if (nlat == 0) {
	print sprintf("sweep_latency.gp: %s: no latency in any row (nothing delivered)", ARG1)
	exit status 2
}
ci(j) = hascol(word(lats, j) . "_ci95")
us(c) = column(c) / 1e3
cius(j) = ci(j) ? column(word(lats, j) . "_ci95") / 1e3 : NaN

# One datablock per group: x, p50, p99, p99.9, and their ci95 (or NaN).
do for [i = 1:ngroups] {
	eval sprintf('set table $G%d', i)
	plot ARG1 using (fmt(column(1) / xdiv)):(us(word(lats, 1))):(us(word(lats, 2))): \
		(us(word(lats, 3))):(cius(1)):(cius(2)):(cius(3)) with table if (ingroup(i))
	unset table
}
set datafile separator whitespace
set datafile nocolumnheaders
blk(i) = sprintf('$G%d', i)
gcolor(i) = word("#1f77b4 #ff7f0e #2ca02c #d62728 #9467bd #8c564b #e377c2 #17becf", i)
anyci = ci(1) || ci(2) || ci(3)

set title title . note
set lmargin at screen 0.09
set rmargin at screen 0.68
set key at screen 0.70, 0.90 left top Left reverse samplen 3 width 1
set grid xtics ytics mytics lc rgb "#e4e4e4", lc rgb "#f4f4f4"
set border 3
set tics nomirror
set autoscale xfix
set offsets graph 0.02, graph 0.02, 0, 0
set xlabel withunit(xcol, xk, xdiv)
set format x "%g"
set logscale y 10
set format y "%g"
set mytics 10
# Label 2x and 5x each decade too: latency often spans less than a decade.
do for [e = -3:9] {
	set ytics add (sprintf("%g", 2 * 10.0**e) 2 * 10.0**e, sprintf("%g", 5 * 10.0**e) 5 * 10.0**e)
}
set ylabel "end-to-end latency (us, log scale)"
if (ngroups == 1) {
	plot for [j = 1:3] $G1 using 1:(column(j + 1)) smooth unique \
		with linespoints lw 2 pt 7 ps 0.6 lc rgb lcolor(j) title lname(j), \
	     for [j = 1:(anyci ? 3 : 0)] $G1 using 1:(column(j + 1)):(column(j + 4)) \
		with yerrorbars pt 7 ps 0.6 lc rgb lcolor(j) notitle
} else {
	plot for [j = 1:3] for [i = 1:ngroups] blk(i) using 1:(column(j + 1)) smooth unique \
		with linespoints lw 2 dt j pt (4 + 2 * j) ps 0.7 lc rgb gcolor(i) notitle, \
	     for [j = 1:(anyci ? 3 : 0)] for [i = 1:ngroups] blk(i) \
		using 1:(column(j + 1)):(column(j + 4)) with yerrorbars pt -1 lc rgb gcolor(i) \
		notitle, \
	     for [i = 1:ngroups] keyentry with lines lw 2 lc rgb gcolor(i) title gname(i), \
	     for [j = 1:3] keyentry with linespoints lw 2 dt j pt (4 + 2 * j) lc rgb "black" \
		title lname(j)
}
