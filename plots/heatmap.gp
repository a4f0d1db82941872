# heatmap.gp - one result over two swept parameters.
#
#   gnuplot -c plots/heatmap.gp SWEEP.csv OUT.png|OUT.svg|OUT.pdf [TITLE] [ZCOL]
#
# Input: the CSV of `rxsim sweep` with at least two swept parameters.  The
# first column is x, the second y (units guessed from their scenario paths),
# and ZCOL (default delivered_ratio; any result column, selected by name)
# is the colour.  The grid is categorical: every distinct value of x and of y
# gets one cell in sorted order, so log-spaced sweeps (256, 512, ... 4096)
# get equal cells.  Rows that fall in the same cell (a third parameter,
# seeds) are averaged; cells without data stay white.  The value is written
# in each cell when the grid is at most 16 x 16.  Ratios and shares
# (delivered_ratio, cpu_*_share) use a fixed 0..1 colour range, so figures
# can be compared.

if (ARGC < 2) {
	print "usage: gnuplot -c heatmap.gp SWEEP.csv OUT.png|OUT.svg|OUT.pdf [TITLE] [ZCOL]"
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
zcol = ARGC >= 4 && strlen(ARG4) > 0 ? ARG4 : "delivered_ratio"

# ---- header, swept axes, units (as in load_curve.gp up to fmt()) ----------
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
key(v) = sprintf("%.14e", v)
# -----------------------------------------------------------------------------

xcol = word(H, 1)
ycol = words(H) >= 2 ? word(H, 2) : "seed"
if (ycol eq "seed") {
	print sprintf("heatmap.gp: %s: needs two swept parameters (the second column is '%s')", \
		      ARG1, ycol)
	exit status 2
}
if (!hascol(zcol) || zcol eq xcol || zcol eq ycol) {
	print sprintf("heatmap.gp: %s: no result column %s", ARG1, zcol)
	exit status 2
}

# The distinct values of x and y, as exact text.
GX = " "
GY = " "
stats ARG1 using (v = key(column(1)), strstrt(GX, " " . v . " ") ? 0 : (GX = GX . v . " ", 0)) \
	nooutput
stats ARG1 using (v = key(column(2)), strstrt(GY, " " . v . " ") ? 0 : (GY = GY . v . " ", 0)) \
	nooutput
nx = words(GX)
ny = words(GY)
# Cell index of a value: 1 + how many distinct values are smaller.
rx(v) = 1 + sum [j = 1:nx] (real(word(GX, j)) < v ? 1 : 0)
ry(v) = 1 + sum [j = 1:ny] (real(word(GY, j)) < v ? 1 : 0)

# The cells are discrete values: name them in the largest unit that keeps
# every one of them whole (100 ns, not 0.1 us).
notwhole(v, d) = v / d == floor(v / d) ? 0 : 1
# (A sum extends as far right as it can: parenthesise it.)
nfrac(list, d) = (sum [j = 1:words(list)] notwhole(real(word(list, j)), d))
unit3(k, e) = k eq "size" ? 2**(10 * e) : 10**(3 * e)
wholediv(k, list) = k eq "" ? 1 : \
	nfrac(list, unit3(k, 3)) == 0 ? unit3(k, 3) : \
	nfrac(list, unit3(k, 2)) == 0 ? unit3(k, 2) : \
	nfrac(list, unit3(k, 1)) == 0 ? unit3(k, 1) : 1
xk = kind(xcol)
xdiv = wholediv(xk, GX)
yk = kind(ycol)
ydiv = wholediv(yk, GY)
zk = kind(zcol)
zratio = strstrt(zcol, "ratio") > 0 || strstrt(zcol, "_share") > 0

# Mean of z per cell (empty z fields are skipped).
array ZS[nx * ny]
array ZN[nx * ny]
do for [k = 1:nx * ny] { ZS[k] = 0; ZN[k] = 0 }
cell(x, y) = (ry(y) - 1) * nx + rx(x)
stats ARG1 using (z = column(zcol), z == z ? (k = cell(column(1), column(2)), \
	ZS[k] = ZS[k] + z, ZN[k] = ZN[k] + 1, 0) : 0) nooutput
zmin = 1e300
zmax = -1e300
do for [k = 1:nx * ny] {
	if (ZN[k] > 0) {
		ZS[k] = ZS[k] / ZN[k]
		zmin = ZS[k] < zmin ? ZS[k] : zmin
		zmax = ZS[k] > zmax ? ZS[k] : zmax
	}
}
if (zmin > zmax) {
	print sprintf("heatmap.gp: %s: column %s has no values", ARG1, zcol)
	exit status 2
}
# Display unit of z (ns -> us or ms, pps -> kpps or Mpps, ...).
zdiv = div(zk, abs(zmax) > abs(zmin) ? abs(zmax) : abs(zmin))
do for [k = 1:nx * ny] { ZS[k] = ZS[k] / zdiv }
zmin = zmin / zdiv
zmax = zmax / zdiv
if (zratio) { zmin = 0; zmax = 1 }
if (zmax == zmin) { zmax = zmin + 1 }
zmean(k) = ZN[k] > 0 ? ZS[k] : NaN
# Cell text: 3 significant digits, k/M/G beyond 1000 (ratios: 4 digits).
e3(v) = v == 0 ? 0 : floor(log10(abs(v)) / 3 + 1e-9)
eng(v) = sprintf("%.3g%s", v / 10.0**(3 * e3(v)), word("k M G T", e3(v)))
zlabel(v) = v != v ? "" : v == 0 ? "0" : zratio ? sprintf("%.4g", v) : \
	    abs(v) >= 1000 && e3(v) <= 4 ? eng(v) : sprintf("%.3g", v)
# White text on the dark end of the palette.
tcolor(v) = (v - zmin) / (zmax - zmin) < 0.55 ? 0xffffff : 0x000000

set datafile nocolumnheaders	# the plot reads the pseudo-file '+'
set title title
set lmargin at screen 0.12
set rmargin at screen 0.84
set tmargin at screen 0.90
set bmargin at screen 0.13
set xrange [0.5:nx + 0.5]
set yrange [0.5:ny + 0.5]
set xtics () scale 0
set ytics () scale 0
do for [j = 1:nx] { set xtics add (fmt(real(word(GX, j)) / xdiv) rx(real(word(GX, j)))) }
do for [j = 1:ny] { set ytics add (fmt(real(word(GY, j)) / ydiv) ry(real(word(GY, j)))) }
if (nx > 12) { set xtics rotate by 45 right }
set xlabel withunit(xcol, xk, xdiv)
set ylabel withunit(ycol, yk, ydiv)
# lat_e2e_p99_ns shown in us is labelled "lat_e2e_p99 (us)".
bare(c) = c[strlen(c) - 2:] eq "_ns" ? c[1:strlen(c) - 3] : \
	  c[strlen(c) - 3:] eq "_pps" ? c[1:strlen(c) - 4] : c
set cblabel withunit(bare(zcol), zk, zdiv)
set cbrange [zmin:zmax]
set palette defined (0 "#440154", 0.25 "#3b528b", 0.5 "#21918c", 0.75 "#5ec962", 1 "#fde725")
set colorbox vertical user origin screen 0.87, screen 0.13 size screen 0.025, screen 0.77
set border 0
unset key
set style fill solid 1.0 border lc rgb "white"
cx(k) = (int(k) - 1) % nx + 1
cy(k) = (int(k) - 1) / nx + 1
show = nx <= 16 && ny <= 16
plot sample [k = 1:nx * ny:1] '+' using (cx(k)):(cy(k)):(cx(k) - 0.5):(cx(k) + 0.5): \
	(cy(k) - 0.5):(cy(k) + 0.5):(zmean(int(k))) with boxxyerror fc palette, \
     [k = 1:nx * ny:1] '+' using (cx(k)):(cy(k)): \
	(show ? zlabel(zmean(int(k))) : ""):(tcolor(zmean(int(k)))) with labels tc rgb variable
