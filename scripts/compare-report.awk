# compare-report.awk - turns figures.csv (scripts/compare.sh) into report.md on stdout and,
# with plots=yes, the data files scripts/compare-plot.gp draws (in plotdir).
#
# variables (-v): variants (names, in column order), sweep (the memory sizes of the
#   `bench=frame` boots), quick (yes/no), plots (yes/no), plotdir, config (a `bench config` line's
#   options), qemu (its version line), version (the kernel's), command (the compare.sh command
#   line, without OUTDIR), elapsed (seconds the builds and boots took), cpus, jobs, sweep_full
#   (the memory sizes of a run without --quick)

BEGIN {
	FS = ","
	nvar = split(variants, var, " ")
	# The tables: figures by name or prefix, the option whose alternatives the ratio column
	# compares (B over A), and the parameter that only repeats that option (dropped from rows).
	deftab("memory", "Memory", "allocator", "bitmap", "freelist", "allocator",
	       "frame_alloc_free frame_alloc_free_fragmented kmalloc_free sbrk_touch",
	       "frame_ kmalloc_ sbrk_")
	deftab("sched", "Scheduling", "timer", "pit", "lapic", "",
	       "sched_yield_switch sched_switch proc_yield_switch spawn_wait", "sched_ proc_ spawn_")
	deftab("timer", "Timers", "timer", "pit", "lapic", "timer",
	       "timer_irq timer_tick_interval", "timer_")
	deftab("syscall", "System calls", "entry", "syscall", "int80", "", "syscall_null", "syscall_")
	deftab("ipc", "IPC", "entry", "syscall", "int80", "", "ipc_roundtrip", "ipc_")
	deftab("other", "Other figures", "", "", "", "", "", "")
	nfig = 0
	# The quoted Linux 6.1 getpid figure (TSC ticks), a reference in the table and the plot.
	linux_getpid = 310
}

function deftab(id, title, option, a, b, strip, figures, prefixes,    n, i, f) {
	ntab++
	tab[ntab] = id
	tab_title[ntab] = title
	tab_opt[ntab] = option
	tab_a[ntab] = a
	tab_b[ntab] = b
	tab_strip[ntab] = strip
	tab_prefixes[ntab] = prefixes
	n = split(figures, f, " ")
	for (i = 1; i <= n; i++) {
		fig_tab[f[i]] = ntab
		fig_rank[f[i]] = i
	}
}

# table_of(figure): the table a figure goes in (the last one, "other", when none claims it).
function table_of(fig,    t, n, p, i) {
	if (fig in fig_tab)
		return fig_tab[fig]
	for (t = 1; t < ntab; t++) {
		n = split(tab_prefixes[t], p, " ")
		for (i = 1; i <= n; i++)
			if (index(fig, p[i]) == 1)
				return t
	}
	return ntab
}

# drop_param(params, name): params without the name=value token.
function drop_param(params, name,    n, p, i, out) {
	if (name == "")
		return params
	n = split(params, p, " ")
	out = ""
	for (i = 1; i <= n; i++)
		if (index(p[i], name "=") != 1)
			out = out (out == "" ? "" : " ") p[i]
	return out
}

# param(params, name): the value of name=value in params, or "".
function param(params, name,    n, p, i) {
	n = split(params, p, " ")
	for (i = 1; i <= n; i++)
		if (index(p[i], name "=") == 1)
			return substr(p[i], length(name) + 2)
	return ""
}

# size_value(text): 64M -> 67108864, 8 -> 8; -1 when text is not a size.
function size_value(s,    m) {
	if (s !~ /^[0-9]+[KMG]?$/)
		return -1
	m = 1
	if (s ~ /K$/) m = 1024
	if (s ~ /M$/) m = 1024 * 1024
	if (s ~ /G$/) m = 1024 * 1024 * 1024
	return (s + 0) * m
}

# params_before(t, a, b): true when params a sort before b in table t: sizes and counts by
# value, min/median/max in that order, the table's alternative A before B.
function params_before(t, a, b,    na, nb, pa, pb, i, ka, kb, va, vb, xa, xb) {
	na = split(a, pa, " ")
	nb = split(b, pb, " ")
	for (i = 1; i <= na && i <= nb; i++) {
		ka = pa[i]; sub(/=.*/, "", ka)
		kb = pb[i]; sub(/=.*/, "", kb)
		if (ka != kb)
			return ka < kb
		va = substr(pa[i], length(ka) + 2)
		vb = substr(pb[i], length(kb) + 2)
		if (va == vb)
			continue
		if (ka == tab_opt[t] && va == tab_a[t])
			return 1
		if (ka == tab_opt[t] && vb == tab_a[t])
			return 0
		xa = size_value(va)
		xb = size_value(vb)
		if (xa < 0 && xb < 0) {
			xa = index("min median max", va)
			xb = index("min median max", vb)
		}
		if (xa > 0 && xb > 0)
			return xa < xb
		return va < vb
	}
	return na < nb
}

function row_before(t, a, b) {
	if (fig_order[row_fig[t, a]] != fig_order[row_fig[t, b]])
		return fig_order[row_fig[t, a]] < fig_order[row_fig[t, b]]
	return params_before(t, row_par[t, a], row_par[t, b])
}

NR == 1 { next }
{
	v = $1; fig = $5; params = $6; ticks = $7 + 0
	opt[v, "timer"] = $2
	opt[v, "allocator"] = $3
	opt[v, "entry"] = $4
	raw[v, fig, params] = ticks
	if (!(fig in fig_order)) {
		nfig++
		fig_order[fig] = (fig in fig_rank ? fig_rank[fig] : 1000 + nfig)
	}
	t = table_of(fig)
	p = drop_param(params, tab_strip[t])
	rk = fig (p == "" ? "" : " " p)
	if (!((t, rk) in row_fig)) {
		nrow[t]++
		row[t, nrow[t]] = rk
		row_fig[t, rk] = fig
		row_par[t, rk] = p
	}
	if (!((t, rk, v) in cell))
		cell[t, rk, v] = ticks
	collect(v, fig, params, ticks)
}

# --- Plot data ---------------------------------------------------------------------------

function add(name, x, value) {
	if (!((name, x) in sum)) {
		npoints[name]++
		point[name, npoints[name]] = x
	}
	sum[name, x] += value
	cnt[name, x]++
}

function mean(name, x) {
	return sum[name, x] / cnt[name, x]
}

function collect(v, fig, params, ticks,    mem, series) {
	if (fig == "frame_alloc_free" || fig == "frame_alloc_free_fragmented") {
		mem = param(params, "mem")
		series = (param(params, "allocator") == "freelist" ? "free list" : "bitmap")
		if (fig ~ /fragmented/)
			series = series ", fragmented"
		add("frame:" series, size_value(mem) / 1048576, ticks)
	} else if (fig == "sched_switch") {
		add("sched:" toupper(opt[v, "timer"]) " build", param(params, "runnable"), ticks)
	} else if (fig == "timer_tick_interval") {
		series = opt[v, "timer"]
		add("tick:" series, param(params, "stat"), ticks)
		if (!(series in tick_hz))
			tick_hz[series] = param(params, "hz")
	} else if (fig == "syscall_null") {
		add("syscall", param(params, "entry"), ticks)
	} else if (fig == "ipc_roundtrip") {
		series = (param(params, "between") == "threads" ? "kernel threads" : "user processes")
		add("ipc:" series, param(params, "size"), ticks)
	}
}

# sort_numeric(a, m): sorts a[1..m] by numeric value (insertion sort: a handful of points).
function sort_numeric(a, m,    k, j, tmp) {
	for (k = 2; k <= m; k++)
		for (j = k; j > 1 && a[j - 1] + 0 > a[j] + 0; j--) {
			tmp = a[j]; a[j] = a[j - 1]; a[j - 1] = tmp
		}
}

# write_lines(prefix, file, extra, names...): one data block per series that has points,
# sorted by x, its title on the first line; returns the number of blocks. The x values of all
# the series, and those in extra (space-separated), make one grid: where a series has no point
# at a grid value, a blank line breaks its line there, so no line is drawn across a value this
# series was not measured at.
function write_lines(prefix, file, extra, n1, n2, n3, n4,    names, n, i, k, name, m, grid,
		ngrid, seen, blocks, gap, drawn, more) {
	n = split(n1 "|" n2 "|" n3 "|" n4, names, "|")
	ngrid = 0
	m = split(extra, more, " ")
	for (k = 1; k <= m; k++)
		if (!(more[k] in seen)) {
			seen[more[k]] = 1
			grid[++ngrid] = more[k]
		}
	for (i = 1; i <= n; i++) {
		name = prefix ":" names[i]
		if (names[i] == "" || !(name in npoints))
			continue
		for (k = 1; k <= npoints[name]; k++)
			if (!(point[name, k] in seen)) {
				seen[point[name, k]] = 1
				grid[++ngrid] = point[name, k]
			}
	}
	sort_numeric(grid, ngrid)
	blocks = 0
	for (i = 1; i <= n; i++) {
		name = prefix ":" names[i]
		if (names[i] == "" || !(name in npoints))
			continue
		if (blocks > 0)
			printf "\n\n" > file
		printf "\"%s\" ticks\n", names[i] > file
		gap = drawn = 0
		for (k = 1; k <= ngrid; k++) {
			if (!((name, grid[k]) in sum)) {
				gap = 1
				continue
			}
			if (gap && drawn)
				printf "\n" > file
			printf "%s %.1f\n", grid[k], mean(name, grid[k]) > file
			gap = 0
			drawn = 1
		}
		blocks++
	}
	close(file)
	return blocks
}

function write_plot_data(    f, n, t, i, hz, m, sizes, grid) {
	f = plotdir "/series.gp"
	# The frame allocator's grid is every size of the full sweep: a --quick run draws no
	# line across the sizes it left out.
	m = split(sweep_full, sizes, " ")
	grid = ""
	for (i = 1; i <= m; i++)
		grid = grid " " size_value(sizes[i]) / 1048576
	n = write_lines("frame", plotdir "/frame.dat", grid, "free list", "free list, fragmented",
			"bitmap", "bitmap, fragmented")
	printf "frame_n = %d\n", n > f
	plot_made["frame"] = n > 0
	n = write_lines("sched", plotdir "/sched.dat", "", "PIT build", "LAPIC build")
	printf "sched_n = %d\n", n > f
	plot_made["sched"] = n > 0
	n = write_lines("ipc", plotdir "/ipc.dat", "", "kernel threads", "user processes")
	printf "ipc_n = %d\n", n > f
	plot_made["ipc"] = n > 0
	n = 0
	split("pit lapic", t, " ")
	for (i = 1; i <= 2; i++) {
		if (!(("tick:" t[i], "median") in sum))
			continue
		printf "\"%s\" %.1f %.1f %.1f\n", toupper(t[i]), mean("tick:" t[i], "median"),
			mean("tick:" t[i], "min"), mean("tick:" t[i], "max") > plotdir "/timer.dat"
		hz = tick_hz[t[i]]
		n++
	}
	close(plotdir "/timer.dat")
	printf "timer_n = %d\ntimer_nominal = %s\n", n, n ? 1e9 / hz : 0 > f
	plot_made["timer"] = n > 0
	# The measured bars, then the quoted Linux figure in a file of its own: the plot draws
	# it apart, as a reference that was not measured here.
	n = 0
	if (("syscall", "syscall") in sum) {
		printf "\"syscall\" %.1f\n", mean("syscall", "syscall") > plotdir "/syscall.dat"; n++
	}
	if (("syscall", "int80") in sum) {
		printf "\"int 0x80\" %.1f\n", mean("syscall", "int80") > plotdir "/syscall.dat"; n++
	}
	close(plotdir "/syscall.dat")
	if (n)
		printf "\"Linux 6.1 getpid\" %d\n", linux_getpid > plotdir "/syscall-ref.dat"
	close(plotdir "/syscall-ref.dat")
	printf "syscall_n = %d\nsyscall_ref = %d\n", n, (n > 0) > f
	plot_made["syscall"] = n > 0
	close(f)
}

# --- The report ----------------------------------------------------------------------------

function image(name, caption) {
	if (plots == "yes" && plot_made[name])
		printf "\n![%s](compare-%s.png)\n\nAlso as [SVG](compare-%s.svg).\n", caption, name, name
}

# ratio(t, rk): the ratio column of a row, "—" when one side is missing.
function ratio(t, rk,    o, par, partner, i, v, sa, sb, n) {
	o = tab_opt[t]
	par = row_par[t, rk]
	if (o == "" || param(par, o) != tab_b[t])
		return ratio_builds(t, rk)
	# The row measures alternative B itself (syscall_null entry=int80): it over its A
	# partner row, in the variants that have both.
	partner = row_fig[t, rk] " " set_param(par, o, tab_a[t])
	sa = sb = n = 0
	for (i = 1; i <= nvar; i++) {
		v = var[i]
		if ((t, rk, v) in cell && (t, partner, v) in cell) {
			sb += cell[t, rk, v]
			sa += cell[t, partner, v]
			n++
		}
	}
	return n && sa ? sprintf("%.2f", sb / sa) : "—"
}

# set_param(params, name, value): params with name=value in place of name's token.
function set_param(params, name, value,    n, p, i, out) {
	n = split(params, p, " ")
	out = ""
	for (i = 1; i <= n; i++)
		out = out (i > 1 ? " " : "") (index(p[i], name "=") == 1 ? name "=" value : p[i])
	return out
}

# ratio_builds(t, rk): the mean over the B builds over the mean over the A builds.
function ratio_builds(t, rk,    o, i, v, sa, na, sb, nb) {
	o = tab_opt[t]
	if (o == "")
		return "—"
	sa = na = sb = nb = 0
	for (i = 1; i <= nvar; i++) {
		v = var[i]
		if (!((t, rk, v) in cell))
			continue
		if (opt[v, o] == tab_a[t]) { sa += cell[t, rk, v]; na++ }
		if (opt[v, o] == tab_b[t]) { sb += cell[t, rk, v]; nb++ }
	}
	return na && nb && sa ? sprintf("%.2f", (sb / nb) / (sa / na)) : "—"
}

function print_table(t,    i, j, k, tmp, rk, v, line, sep, hasratio) {
	if (nrow[t] == 0)
		return
	for (i = 2; i <= nrow[t]; i++)
		for (j = i; j > 1 && row_before(t, row[t, j], row[t, j - 1]); j--) {
			tmp = row[t, j]; row[t, j] = row[t, j - 1]; row[t, j - 1] = tmp
		}
	hasratio = tab_opt[t] != ""
	printf "\n## %s\n\n", tab_title[t]
	line = "| figure |"; sep = "|---|"
	for (i = 1; i <= nvar; i++) {
		line = line " " var[i] " |"; sep = sep "---:|"
	}
	if (hasratio) {
		line = line " " tab_b[t] "/" tab_a[t] " |"; sep = sep "---:|"
	}
	print line
	print sep
	for (k = 1; k <= nrow[t]; k++) {
		rk = row[t, k]
		line = "| `" rk "` |"
		for (i = 1; i <= nvar; i++) {
			v = var[i]
			line = line " " ((t, rk, v) in cell ? cell[t, rk, v] : "—") " |"
		}
		if (hasratio)
			line = line " " ratio(t, rk) " |"
		print line
	}
	print ""
	legend(tab[t])
}

function legend(id) {
	if (id == "memory") {
		print "Ticks per operation. `frame_*`: one frame_alloc() + frame_free() pair, `mem` the RAM"
		print "the guest boots with; `kmalloc_free`: one kmalloc() + kfree(); `sbrk_touch`: one first"
		print "write to a page from sbrk() in a user process. *freelist/bitmap*: the mean of the"
		print "free-list builds over the mean of the bitmap builds (below 1: the free list is cheaper)."
		image("frame", "Frame allocation cost against memory size")
	} else if (id == "sched") {
		print "Ticks per switch: `sched_*` between kernel threads taking turns with sched_yield()"
		print "(N of them runnable), `proc_yield_switch` between two user processes taking turns"
		print "with yield(); `spawn_wait`: ticks per spawn() + wait() of a program that exits at"
		print "once. *lapic/pit*: the mean of the LAPIC builds over the mean of the PIT builds."
		print "In the plot, where the two builds' figures are equal their marks sit on top of each"
		print "other: the PIT's as a large open circle and a wide line, the LAPIC's as a small"
		print "square inside it and a dashed line."
		image("sched", "Task switch cost against runnable tasks")
	} else if (id == "timer") {
		print "`timer_irq`: ticks per timer interrupt with nothing else to run; `timer_tick_interval`:"
		print "TSC ticks between timer interrupts over 100 intervals (1,000,000 is exact at 1000 Hz"
		print "under `-icount`). *lapic/pit*: the LAPIC builds over the PIT builds. The plot's left"
		print "half shows how far each timer's median interval is from the exact one; the right"
		print "half the spread of its intervals, min..max, around that median, on an axis of a few"
		print "ticks so that a spread of one tick shows."
		image("timer", "Timer tick interval: median against the exact rate, and min..max")
	} else if (id == "syscall") {
		print "Ticks per getpid() from user mode through one entry instruction (no C wrapper)."
		print "*int80/syscall*: on the `entry=int80` row, `int 0x80` over `syscall` in the same"
		print "builds; on other rows, the builds with the `int 0x80` gate over those without"
		print "(`--disable-syscall-int80`)."
		print "In the plot, the hatched bar is the quoted Linux 6.1 reference (see Targets), not a"
		print "measurement of this run."
		image("syscall", "System call cost per entry instruction")
	} else if (id == "ipc") {
		print "Ticks per round trip: a message sent to an echo task and its answer received"
		print "(`between=threads`: two kernel threads calling ipc_send_to()/ipc_recv_from(); without"
		print "it: two user processes calling send()/recv()). *int80/syscall*: the builds with the"
		print "`int 0x80` gate over those without. In the plot, points are the sizes measured and a"
		print "line joins only neighbouring sizes that were both measured."
		image("ipc", "IPC round trip against message size")
	} else {
		print "Figures no table above claims. *Ratio*: none."
	}
}

# values(fig, params, factor): per-variant values of one figure (times factor) into vals[],
# sorted ascending; returns how many variants have it.
function values(fig, params, factor,    i, n, j, tmp) {
	n = 0
	for (i = 1; i <= nvar; i++)
		if ((var[i], fig, params) in raw) {
			n++
			vals[n] = raw[var[i], fig, params] * factor
			vname[n] = var[i]
		}
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && vals[j - 1] > vals[j]; j--) {
			tmp = vals[j]; vals[j] = vals[j - 1]; vals[j - 1] = tmp
			tmp = vname[j]; vname[j] = vname[j - 1]; vname[j - 1] = tmp
		}
	return n
}

function range_text(n) {
	return vals[1] == vals[n] ? group(vals[1]) : group(vals[1]) "–" group(vals[n])
}

# group(n): 13100 -> 13,100
function group(n,    s, out) {
	s = sprintf("%d", n)
	out = ""
	while (length(s) > 3) {
		out = "," substr(s, length(s) - 2) out
		s = substr(s, 1, length(s) - 3)
	}
	return s out
}

# target(what, fig, params, factor, limit, how): one line of the Targets list.
function target(what, fig, params, factor, limit, how,    n, met, i, status) {
	n = values(fig, params, factor)
	if (n == 0) {
		printf "- **not measured** — %s ≤ %s ticks: no `%s` figure in this run.\n", what,
			group(limit), fig (params == "" ? "" : " " params)
		return
	}
	met = 0
	for (i = 1; i <= n; i++)
		if (vals[i] <= limit)
			met++
	status = met == n ? "met" : met == 0 ? "not met" : "met in " met " of " n " variants"
	printf "- **%s** — %s ≤ %s ticks: %s ticks (%s), in %s.\n", status, what, group(limit),
		range_text(n), how, n == nvar ? "every variant" : n " of " nvar " variants"
	if (met > 0 && met < n)
		printf "  Best: %s ticks in %s.\n", group(vals[1]), vname[1]
}

# spread(fig, allocator): over the variants with that allocator, the widest relative spread
# of fig across memory sizes; sets sp_lo, sp_hi, sp_var, sp_nvar, sp_nmem; -1 when unmeasured.
function spread(fig, allocator,    i, v, key, k, mems, lo, hi, s, worst) {
	worst = -1; sp_nvar = 0; sp_nmem = 0
	for (i = 1; i <= nvar; i++) {
		v = var[i]
		if (opt[v, "allocator"] != allocator)
			continue
		lo = hi = -1
		for (key in raw) {
			split(key, k, SUBSEP)
			if (k[1] != v || k[2] != fig)
				continue
			if (lo < 0 || raw[key] < lo) lo = raw[key]
			if (hi < 0 || raw[key] > hi) hi = raw[key]
			if (!(k[3] in mems)) {
				mems[k[3]] = 1
				sp_nmem++
			}
		}
		if (lo <= 0)
			continue
		sp_nvar++
		s = (hi - lo) / lo
		if (s > worst) {
			worst = s; sp_var = v; sp_lo = lo; sp_hi = hi
		}
	}
	return sp_nmem < 2 ? -1 : worst
}

# flat_target(): the free list's frame_alloc_free from the smallest to the largest memory.
function flat_target(    s, f) {
	s = spread("frame_alloc_free", "freelist")
	if (s < 0) {
		print "- **not measured** — frame allocate+free with the free list flat from 64 MiB to"
		print "  8 GiB (within 10%): no free-list variant, or one memory size only, in this run."
		return
	}
	printf "- **%s** — frame allocate+free with the free list flat from 64 MiB to 8 GiB (within\n",
		s <= 0.10 ? "met" : "not met"
	printf "  10%%): `frame_alloc_free` %s–%s ticks over %d memory sizes, %.1f%% apart (%s, the\n",
		sp_lo, sp_hi, sp_nmem, s * 100, sp_var
	printf "  widest of %d free-list variant%s).", sp_nvar, sp_nvar == 1 ? "" : "s"
	f = spread("frame_alloc_free_fragmented", "freelist")
	if (f >= 0)
		printf " With the pool fragmented, %s–%s ticks (%.1f%%).", sp_lo, sp_hi, f * 100
	printf "\n"
}

function print_targets() {
	print ""
	print "## Targets"
	print ""
	target("null system call round trip via `syscall`", "syscall_null", "entry=syscall", 1, 100,
	       "`syscall_null entry=syscall`")
	target("process-to-process `yield` round trip", "proc_yield_switch", "", 2, 1000,
	       "two `proc_yield_switch`")
	target("user-to-user IPC round trip, 8-byte message", "ipc_roundtrip", "size=8", 1, 1500,
	       "`ipc_roundtrip size=8`")
	flat_target()
	print ""
	print "Beside them, reference values for a Linux 6.1 guest under QEMU `-icount` (TSC ticks),"
	print "quoted, **not measured here**: this script does not run Linux and nothing in this tree"
	print "reproduces them. They give an order of magnitude, not a like-for-like comparison (a"
	print "1-byte pipe against an 8-byte message, the C library against a bare stub)."
	print ""
	print "| operation | this kernel (measured) | figure | Linux 6.1 (quoted reference, not measured here) |"
	print "|---|---:|---|---:|"
	reference("null system call", "syscall_null", "entry=syscall", 1, "`syscall_null entry=syscall`",
		  group(linux_getpid) " (getpid)")
	reference("yield round trip between two processes", "proc_yield_switch", "", 2,
		  "2 × `proc_yield_switch`", "~3,600 (sched_yield ping-pong)")
	reference("message round trip between two processes", "ipc_roundtrip", "size=8", 1,
		  "`ipc_roundtrip size=8` (8 bytes)", "~13,100 (1-byte pipe ping-pong)")
	reference("first write to a fresh page", "sbrk_touch", "size=1M", 1,
		  "`sbrk_touch size=1M` (per page)", "~3,100")
}

function reference(what, fig, params, factor, how, linux,    n) {
	n = values(fig, params, factor)
	printf "| %s | %s | %s | %s |\n", what, n ? range_text(n) : "—", how, linux
}

# duration(seconds): 754 -> "12 min 34 s"
function duration(t) {
	return t < 60 ? t " s" : int(t / 60) " min " (t % 60) " s"
}

function print_header(    i, args, o) {
	print "# Benchmark comparison of the variants"
	print ""
	printf "microkernel %s, %d variant%s. Every figure is in TSC ticks under QEMU's\n", version,
		nvar, nvar == 1 ? "" : "s"
	print "`-icount shift=0,sleep=off`: one tick per guest instruction, identical on every run"
	printf "(%s). Made by `%s`%s, in %s on a host with %d CPU%s (%d parallel job%s).\n",
		qemu, command, command == "scripts/compare.sh" ? " (`make compare`)" : "",
		duration(elapsed), cpus, cpus == 1 ? "" : "s", jobs, jobs == 1 ? "" : "s"
	print ""
	print "Each variant runs `make bench` at 128 MiB (`bench` for the kernel figures, then"
	print "`init=ubench` with the user programs as modules for the user-space ones: `syscall_null`,"
	print "`proc_yield_switch`, `spawn_wait`, `sbrk_touch`, `ipc_roundtrip` without `between=`),"
	printf "and boots with `bench=frame` at %s for the frame allocator against memory\n", sweep
	print "(its figures at 128 MiB come from the first boot)."
	print "The options not compared keep their defaults:"
	o = config
	gsub(/(^| )(timer|frame-allocator|syscall-int80)=[^ ]*/, "", o)
	sub(/^ /, "", o)
	printf "`%s`.\n\n", o
	print "| variant | configure options |"
	print "|---|---|"
	for (i = 1; i <= nvar; i++) {
		split(var[i], args, "-")
		printf "| %s | `--with-timer=%s --with-frame-allocator=%s%s` |\n", var[i], args[1],
			args[2], args[3] == "syscall" ? " --disable-syscall-int80" : ""
	}
	if (plots != "yes")
		print "\nPlots: skipped (gnuplot not found; install gnuplot-nox)."
}

END {
	if (plots == "yes")
		write_plot_data()
	print_header()
	for (t = 1; t <= ntab; t++)
		print_table(t)
	print_targets()
}
