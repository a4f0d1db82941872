# latency_stages.gp - where the time goes: per-stage latency at p50, p90, p99.
#
#   gnuplot -c plots/latency_stages.gp LATENCY.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the latency.csv of `rxsim run --out DIR` (rows 0.5, 0.9 and 0.99 of
# the quantile column are used).  One stacked bar per quantile: the quantile
# of each stage (wire -> ring, ring -> poll, poll -> socket, socket -> read)
# in microseconds, stacked in the order a packet meets them.  Quantiles do
# not add up, so the end-to-end quantile is drawn beside each bar as a black
# mark: a stack above the mark means the slow packets of each stage were not
# the same packets.

if (ARGC < 2) {
	print "usage: gnuplot -c latency_stages.gp LATENCY.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
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

quantiles = "0.5 0.9 0.99"
qname(i) = word("p50 p90 p99", i)
stages = "wire_to_ring_ns ring_to_poll_ns poll_to_sock_ns sock_to_read_ns"
slabel(s) = s eq "wire_to_ring_ns" ? "wire -> NIC ring (DMA)" : \
	    s eq "ring_to_poll_ns" ? "NIC ring -> NAPI poll" : \
	    s eq "poll_to_sock_ns" ? "NAPI poll -> socket" : \
	    s eq "sock_to_read_ns" ? "socket -> read by app" : s
scolor(s) = s eq "wire_to_ring_ns" ? 0x7f7f7f : s eq "ring_to_poll_ns" ? 0xff7f0e : \
	    s eq "poll_to_sock_ns" ? 0x2ca02c : 0x1f77b4

# V[(q - 1) * 5 + k]: stage k (5 = e2e) at quantile q, in microseconds.
nq = words(quantiles)
ns = words(stages)
array V[nq * (ns + 1)]
do for [i = 1:|V|] { V[i] = NaN }
near(a, b) = abs(a - b) < 1e-6
do for [q = 1:nq] {
	qv = real(word(quantiles, q))
	do for [k = 1:ns + 1] {
		c = k <= ns ? word(stages, k) : "e2e_ns"
		idx = (q - 1) * (ns + 1) + k
		stats ARG1 using (near(column("quantile"), qv) ? V[idx] = column(c) / 1e3 : 0, 0) \
			nooutput
	}
	if (V[(q - 1) * (ns + 1) + ns + 1] != V[(q - 1) * (ns + 1) + ns + 1]) {
		print sprintf("latency_stages.gp: %s: no latency at quantile %s (no row, or no " . \
			      "packet was delivered)", ARG1, word(quantiles, q))
		exit status 2
	}
}
v(q, k) = V[(int(q) - 1) * (ns + 1) + k]
cum(q, k) = k < 1 ? 0 : sum [j = 1:k] v(q, j)
e2e(q) = v(q, ns + 1)
ymax = 0
do for [q = 1:nq] {
	ymax = cum(q, ns) > ymax ? cum(q, ns) : ymax
	ymax = e2e(q) > ymax ? e2e(q) : ymax
}

# The bars come from the pseudo-file '+', whose first sample would be taken
# for a header.
set datafile nocolumnheaders
set title title
set xrange [0.4:nq + 0.6]
set xtics ("p50" 1, "p90" 2, "p99" 3) scale 0
set xlabel "quantile"
set yrange [0:ymax * 1.12]
set ylabel "latency (us)"
set format y "%g"
set grid ytics lc rgb "#e4e4e4"
set border 3
set tics nomirror
set style fill solid 1.0 border lc rgb "white"
set key outside right top Left reverse samplen 2 width 1
set bars 0
# Bars are 0.5 wide; stage values are written in the segment when it is
# tall enough, the e2e value above its mark.
lbl(x) = x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : sprintf("%.2f", x)
plot for [k = 1:ns] [q = 1:nq:1] '+' \
	using (q - 0.05):(0):(q - 0.30):(q + 0.20):(cum(q, k - 1)):(cum(q, k)) \
	with boxxyerror lc rgb scolor(word(stages, k)) title slabel(word(stages, k)), \
     for [k = 1:ns] [q = 1:nq:1] '+' \
	using (q - 0.05):((cum(q, k - 1) + cum(q, k)) / 2): \
	(v(q, k) > ymax * 0.06 ? lbl(v(q, k)) : "") \
	with labels tc rgb "white" notitle, \
     [q = 1:nq:1] '+' using (q + 0.30):(e2e(q)):(0.08) \
	with xerrorbars pt -1 lw 3 lc rgb "black" title "end to end (same quantile)", \
     [q = 1:nq:1] '+' using (q + 0.30):(e2e(q)):(lbl(e2e(q))) \
	with labels offset 0, 0.8 tc rgb "black" notitle
