# compare-plot.gp - draws the plots of scripts/compare.sh, each as PNG and SVG, from the data
# scripts/compare-report.py writes.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/compare-plot.gp
# DIR/series.gp says how many series each plot has; a plot with none is left out. In the
# line plots a blank line in a series' data breaks its line: no line is drawn across a value
# that series was not measured at.

load datadir . '/series.gp'
png = strstrt(GPVAL_TERMINALS, 'pngcairo') > 0 ? 'pngcairo' : 'png'
set datafile missing 'NaN'
set grid ytics
set key box opaque
set offsets graph 0.04, graph 0.04, 0, 0    # room for the first and last x labels
# Series that may coincide must stay visible on top of each other: each style differs in
# colour, line width, dash and mark, the first wide and solid with a large open mark, the
# others narrower, dashed, with small filled marks that fit inside it.
set style line 1 lc rgb '#1f77b4' lw 4 dt 1 pt 6 ps 2.2
set style line 2 lc rgb '#ff7f0e' lw 2 dt 2 pt 5 ps 1.3
set style line 3 lc rgb '#2ca02c' lw 2 dt 3 pt 9 ps 1.3
set style line 4 lc rgb '#d62728' lw 2 dt 4 pt 11 ps 1.3
set style line 5 lc rgb '#555555' lw 1 dt 2

# Every plot is drawn once per format; `out(name, fmt)` sets terminal and file.
out(name, fmt) = outdir . '/compare-' . name . '.' . fmt
set macros

do for [fmt in 'png svg'] {
	if (fmt eq 'png') {
		set terminal png size 900,520 font ',10'
		if (png eq 'pngcairo') { set terminal pngcairo size 900,520 font ',10' }
	} else {
		set terminal svg size 900,520 dynamic font ',11'
	}

	if (frame_n > 0) {
		set output out('frame', fmt)
		set title 'Frame allocation: one frame\_alloc() + frame\_free(), against RAM size'
		set xlabel 'guest RAM (MiB)'
		set ylabel 'TSC ticks'
		set logscale x 2
		set xtics (64, 128, 256, 512, 1024, 2048, 4096, 8192)
		set yrange [0:*]
		set key bottom right
		plot for [i=0:frame_n-1] datadir . '/frame.dat' index i using 1:2 \
			with linespoints ls i+1 title columnheader(1)
		unset logscale x
		set xtics autofreq
	}

	if (sched_n > 0) {
		set output out('sched', fmt)
		set title 'Task switch (sched\_switch) against runnable tasks'
		set xlabel 'runnable tasks'
		set ylabel 'TSC ticks per switch'
		set logscale x 10
		set xtics (2, 10, 100, 1000)
		set yrange [0:*]
		set key bottom right
		plot for [i=0:sched_n-1] datadir . '/sched.dat' index i using 1:2 \
			with linespoints ls i+1 title columnheader(1)
		unset logscale x
		set xtics autofreq
	}

	if (timer_n > 0) {
		# Two panels: the median against the exact interval (the timers lie ~100 ticks
		# apart), and each timer's min..max around its median on an axis of a few ticks, where
		# a spread of one tick still shows.
		set output out('timer', fmt)
		set xrange [*:*]
		set yrange [*:*]                    # stats ignores what lies outside the ranges
		stats datadir . '/timer.dat' using ($2 - timer_nominal) name 'off' nooutput
		stats datadir . '/timer.dat' using ($3 - $2) name 'lo' nooutput
		stats datadir . '/timer.dat' using ($4 - $2) name 'hi' nooutput
		off_lo = off_min < 0 ? off_min : 0
		off_hi = off_max > 0 ? off_max : 0
		off_pad = (off_hi - off_lo) * 0.2 + 5
		spread = -lo_min > hi_max ? -lo_min : hi_max
		spread = spread < 2 ? 2 : spread + 1
		set multiplot layout 1, 2 title 'Timer tick interval at the configured rate'
		set xrange [-0.5:timer_n-0.5]
		set xlabel 'timer'
		set title 'median interval - exact interval'
		set ylabel 'TSC ticks'
		set yrange [off_lo - off_pad:off_hi + off_pad]
		set boxwidth 0.5
		set style fill solid 0.8 border -1
		set xzeroaxis ls 5
		unset key
		plot datadir . '/timer.dat' using 0:($2 - timer_nominal):xtic(1) with boxes \
			lc rgb '#1f77b4' lw 1.5 notitle, \
			'' using 0:($2 - timer_nominal + ($2 < timer_nominal ? -0.4 : 0.4) * off_pad): \
			(sprintf('%.0f (%+.0f)', $2, $2 - timer_nominal)) with labels notitle
		set title 'min..max of the intervals, around the median'
		set ylabel 'TSC ticks from the median'
		set yrange [-spread:spread]
		set offsets 0, 0, 0, 0
		set ytics 1
		set bars 3
		plot datadir . '/timer.dat' using 0:(0):($3 - $2):($4 - $2):xtic(1) with yerrorbars \
			lc rgb '#1f77b4' lw 2 pt 7 ps 1.2 notitle, \
			'' using 0:($4 - $2):(sprintf('min %+.0f, max %+.0f', $3 - $2, $4 - $2)) \
			with labels offset 0,1.2 notitle
		unset multiplot
		unset xzeroaxis
		set ytics autofreq
		set bars 1
		set style fill empty
		set key
		set offsets graph 0.04, graph 0.04, 0, 0
		set xrange [*:*]
	}

	if (syscall_n > 0) {
		set output out('syscall', fmt)
		set title 'Null system call (getpid) from user mode, per entry instruction'
		set xlabel ''
		set ylabel 'TSC ticks per call'
		set xrange [-0.6:syscall_n+syscall_ref-0.4]
		set yrange [0:*]
		set boxwidth 0.6
		set style fill solid 0.8 border -1
		set key top left
		# The measured bars solid; the quoted figures (scripts/compare-targets.csv) after
		# them, hatched and grey, with their own entry in the key.
		if (syscall_ref > 0) {
			plot datadir . '/syscall.dat' using 0:2:xtic(1) with boxes lc rgb '#1f77b4' \
				lw 1.5 title 'measured in this run', \
				'' using 0:2:(sprintf('%d', $2)) with labels offset 0,0.8 notitle, \
				datadir . '/syscall-ref.dat' using ($0 + syscall_n):2:xtic(1) with boxes \
				lc rgb '#888888' fs pattern 4 border lc rgb '#555555' \
				title 'quoted reference, not measured here', \
				'' using ($0 + syscall_n):2:(sprintf('%d (quoted)', $2)) with labels \
				offset 0,0.8 notitle
		} else {
			plot datadir . '/syscall.dat' using 0:2:xtic(1) with boxes lc rgb '#1f77b4' \
				lw 1.5 title 'measured in this run', \
				'' using 0:2:(sprintf('%d', $2)) with labels offset 0,0.8 notitle
		}
		set xrange [*:*]
		set style fill empty
		set key
	}

	if (ipc_n > 0) {
		set output out('ipc', fmt)
		set title 'IPC round trip (send/recv, call/reply\_recv) against message size'
		set xlabel 'message size (bytes)'
		set ylabel 'TSC ticks per round trip'
		set logscale x 2
		set xtics (8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
		set yrange [0:*]
		set key bottom right noenhanced
		plot for [i=0:ipc_n-1] datadir . '/ipc.dat' index i using 1:2 \
			with linespoints ls i+1 title columnheader(1)
		set key enhanced
		unset logscale x
		set xtics autofreq
	}
}
set output
