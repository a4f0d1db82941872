# tcp.gp - TCP goodput, receive window and receive memory over time.
#
#   gnuplot -c plots/tcp.gp TIMESERIES.csv OUT.png|OUT.svg|OUT.pdf [TITLE]
#
# Input: the timeseries.csv of `rxsim run --out DIR` for a scenario with
# TCP (the tcp_* columns).  Top: goodput of the interval (bytes the readers
# copied) in Gbit/s.  Bottom: the windows the receivers offered (rcv_wnd),
# their receive buffers (sk_rcvbuf) and the memory queued (sk_rmem_alloc),
# summed over the connections, in MB.

if (ARGC < 2) {
	print "usage: gnuplot -c tcp.gp TIMESERIES.csv OUT.png|OUT.svg|OUT.pdf [TITLE]"
	exit status 2
}
is_svg = strlen(ARG2) >= 4 && ARG2[strlen(ARG2) - 3:] eq ".svg"
is_pdf = strlen(ARG2) >= 4 && ARG2[strlen(ARG2) - 3:] eq ".pdf"
if (is_svg) {
	set terminal svg size 1000,600 dynamic noenhanced font "DejaVu Sans,10" background "white"
} else { if (is_pdf) {
	set terminal pdfcairo size 10in,6in noenhanced font "DejaVu Sans,10"
} else {
	set terminal pngcairo size 1000,600 noenhanced font "DejaVu Sans,10"
}}
set output ARG2
set datafile separator comma
set datafile columnheaders
title = ARGC >= 3 && strlen(ARG3) > 0 ? ARG3 : ARG1

set multiplot layout 2,1 title title
set grid
set key top left
set xlabel "time (ms)"
set ylabel "goodput (Gbit/s)"
set yrange [0:*]
plot ARG1 using (column("t_ns") / 1e6):(column("tcp_goodput_bps") / 1e9) \
	with steps lw 2 lc rgb "#1f77b4" title "goodput"
set ylabel "MB"
plot ARG1 using (column("t_ns") / 1e6):(column("tcp_rcv_wnd") / 1e6) \
	with steps lw 2 lc rgb "#2ca02c" title "rcv_wnd", \
     "" using (column("t_ns") / 1e6):(column("tcp_rcvbuf") / 1e6) \
	with steps lw 1 dt 2 lc rgb "#7f7f7f" title "sk_rcvbuf", \
     "" using (column("t_ns") / 1e6):(column("tcp_rmem_alloc") / 1e6) \
	with steps lw 2 lc rgb "#d62728" title "sk_rmem_alloc"
unset multiplot
