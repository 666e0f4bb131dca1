# compare-plot.gp - draws the plots of scripts/compare.sh, each as PNG and SVG, from the data
# scripts/compare-report.awk writes.
#
# usage: gnuplot -e "datadir='DIR'; outdir='DIR'" scripts/compare-plot.gp
# DIR/series.gp says how many series each plot has; a plot with none is left out.

load datadir . '/series.gp'
png = strstrt(GPVAL_TERMINALS, 'pngcairo') > 0 ? 'pngcairo' : 'png'
set datafile missing 'NaN'
set grid ytics
set key box opaque
set offsets graph 0.04, graph 0.04, 0, 0    # room for the first and last x labels
set style line 1 lc rgb '#1f77b4' lw 2 pt 7 ps 1.2
set style line 2 lc rgb '#ff7f0e' lw 2 pt 5 ps 1.2
set style line 3 lc rgb '#2ca02c' lw 2 pt 9 ps 1.2
set style line 4 lc rgb '#d62728' lw 2 pt 11 ps 1.2

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
		set output out('timer', fmt)
		set title 'Timer tick interval at the configured rate: median, min..max'
		set xlabel 'timer'
		set ylabel 'TSC ticks between ticks'
		set xrange [-0.5:timer_n-0.5]
		set yrange [*:*]
		set offsets 0, 0, 50, 50
		set format y '%.0f'
		set key top left
		plot datadir . '/timer.dat' using 0:2:3:4:xtic(1) with yerrorbars ls 1 \
			title 'median (bars: min..max)', \
			'' using 0:2:(sprintf('%.0f (%.0f..%.0f)', $2, $3, $4)) with labels \
			offset 0,1.2 notitle, \
			timer_nominal with lines dt 2 lc rgb '#555555' title 'exact rate'
		set offsets graph 0.04, graph 0.04, 0, 0
		set xrange [*:*]
		set format y '%g'
	}

	if (syscall_n > 0) {
		set output out('syscall', fmt)
		set title 'Null system call (getpid) from user mode, per entry instruction'
		set xlabel ''
		set ylabel 'TSC ticks per call'
		set xrange [-0.6:syscall_n-0.4]
		set yrange [0:*]
		set boxwidth 0.6
		set style fill solid 0.8 border -1
		unset key
		plot datadir . '/syscall.dat' using 0:2:xtic(1) with boxes ls 1 notitle, \
			'' using 0:2:(sprintf('%d', $2)) with labels offset 0,0.8 notitle
		set xrange [*:*]
		set style fill empty
		set key
	}

	if (ipc_n > 0) {
		set output out('ipc', fmt)
		set title 'IPC round trip (send + receive each way) against message size'
		set xlabel 'message size (bytes)'
		set ylabel 'TSC ticks per round trip'
		set logscale x 2
		set xtics (8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
		set yrange [0:*]
		set key top left
		plot for [i=0:ipc_n-1] datadir . '/ipc.dat' index i using 1:2 \
			with linespoints ls i+1 title columnheader(1)
		unset logscale x
		set xtics autofreq
	}
}
set output
