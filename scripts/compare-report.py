#!/usr/bin/env python3
"""compare-report.py - turns figures.csv of scripts/compare.sh into report.md on stdout and,
with --plotdir, the data files scripts/compare-plot.gp draws.

The report holds tables and short captions only; doc/compare.md explains how to read them.
Targets and quoted reference figures come from scripts/compare-targets.csv.
"""

import argparse
import csv
import os
import re
import sys
from collections import defaultdict, namedtuple
from statistics import mean

# One table of the report: the figures it holds (named, in row order, or by prefix), the
# option whose alternatives its last column compares (b over a), the parameter left out of
# its rows because it only repeats that option, and its plot.
Table = namedtuple("Table", "title figures prefixes option a b strip plot caption")
TABLES = [
    Table("Memory", "frame_alloc_free frame_alloc_free_fragmented kmalloc_free sbrk_touch",
          "frame_ kmalloc_ sbrk_", "allocator", "bitmap", "freelist", "allocator",
          "frame", "Frame allocation cost against memory size"),
    Table("Scheduling", "sched_yield_switch sched_switch proc_yield_switch spawn_wait",
          "sched_ proc_ spawn_", "timer", "pit", "lapic", "",
          "sched", "Task switch cost against runnable tasks"),
    Table("Timers", "timer_irq timer_tick_interval", "timer_", "timer", "pit", "lapic", "timer",
          "timer", "Timer tick interval: median against the exact rate, and min..max"),
    Table("System calls", "syscall_null", "syscall_", "entry", "syscall", "int80", "",
          "syscall", "System call cost per entry instruction"),
    Table("IPC", "ipc_roundtrip rpc_roundtrip", "ipc_ rpc_", "entry", "syscall", "int80", "",
          "ipc", "IPC round trip against message size: send/recv and call/reply_recv"),
    Table("Interrupts to user space", "irq_to_driver keystroke_to_shell", "irq_ keystroke_",
          "timer", "pit", "lapic", "", "", ""),
    Table("Other figures", "", "", "", "", "", "", "", ""),
]
STATS = ["min", "median", "max"]
SIZE_UNITS = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30}


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("csv", help="figures.csv")
    p.add_argument("--targets", help="the targets file (default: compare-targets.csv here)",
                   default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "compare-targets.csv"))
    p.add_argument("--variants", help="names in column order (default: as in the CSV)")
    p.add_argument("--plotdir", help="write the plot data here")
    p.add_argument("--bench-mem", default="", help="memory size of the `make bench` boot")
    p.add_argument("--sweep", default="", help="memory sizes of the `bench=frame` boots")
    p.add_argument("--sweep-full", default="", help="the sizes of a run without --quick")
    p.add_argument("--config", default="", help="a `bench config` line's options")
    p.add_argument("--qemu", default="", help="QEMU's version line")
    p.add_argument("--kernel-version", default="")
    p.add_argument("--command", default="scripts/compare.sh", help="the compare.sh command")
    p.add_argument("--elapsed", type=int, default=0, help="seconds the builds and boots took")
    p.add_argument("--cpus", type=int, default=1)
    p.add_argument("--jobs", type=int, default=1)
    return p.parse_args()


def params_of(text):
    """'a=1 b=2' -> [('a', '1'), ('b', '2')]"""
    return [tuple(tok.partition("=")[::2]) for tok in text.split()]


def params_text(params):
    return " ".join(f"{k}={v}" for k, v in params)


def size_value(text):
    """64M -> 67108864, 8 -> 8; None when text is not a size."""
    m = re.fullmatch(r"(\d+)([KMG]?)", text)
    return int(m[1]) * SIZE_UNITS[m[2]] if m else None


def number(x):
    """x as text, integers without a point: 64.0 -> 64"""
    return str(int(x)) if x == int(x) else f"{x:.6g}"


def group(n):
    """13100 -> 13,100"""
    return f"{int(n):,}"


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        r["ticks"] = int(r["ticks"])
    return rows


def read_targets(path):
    """The targets file's rows, without its comment lines."""
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(line for line in f if not line.startswith("#")))


def table_of(figure):
    for t in TABLES:
        if figure in t.figures.split():
            return t
    for t in TABLES:
        if t.prefixes and figure.startswith(tuple(t.prefixes.split())):
            return t
    return TABLES[-1]


# --- The tables ---------------------------------------------------------------------------

def build_tables(rows, variants):
    """{table: {row name: {'figure', 'params', 'cells': {variant: ticks}}}}, rows sorted."""
    order = {}
    tables = defaultdict(dict)
    for r in rows:
        t = table_of(r["figure"])
        order.setdefault(r["figure"], 1000 + len(order))
        params = [kv for kv in params_of(r["params"]) if kv[0] != t.strip]
        name = " ".join(filter(None, [r["figure"], params_text(params)]))
        row = tables[t].setdefault(name, {"figure": r["figure"], "params": params, "cells": {}})
        if r["variant"] in variants:
            row["cells"].setdefault(r["variant"], r["ticks"])

    def value_key(t, k, v):
        if k == t.option and v == t.a:
            return (0, 0, "")
        if size_value(v) is not None:
            return (1, size_value(v), "")
        return (2, STATS.index(v), "") if v in STATS else (3, 0, v)

    def row_key(t, item):
        fig, params = item[1]["figure"], item[1]["params"]
        named = t.figures.split()
        rank = named.index(fig) if fig in named else order[fig]
        return (rank, [(k, value_key(t, k, v)) for k, v in params])

    return {t: dict(sorted(tables[t].items(), key=lambda i: row_key(t, i)))
            for t in TABLES if tables[t]}


def ratio(t, rows, row, options):
    """The last column: b over a, '—' when one side is missing."""
    params = dict(row["params"])
    cells = row["cells"]
    if params.get(t.option) == t.b:
        # The row measures alternative b itself (entry=int80): it over its a partner row,
        # in the variants that have both.
        partner = [(k, t.a if k == t.option else v) for k, v in row["params"]]
        other = rows.get(" ".join([row["figure"], params_text(partner)]), {"cells": {}})["cells"]
        both = [v for v in cells if v in other]
        sb, sa = sum(cells[v] for v in both), sum(other[v] for v in both)
        return f"{sb / sa:.2f}" if both and sa else "—"
    a = [x for v, x in cells.items() if options[v][t.option] == t.a]
    b = [x for v, x in cells.items() if options[v][t.option] == t.b]
    return f"{mean(b) / mean(a):.2f}" if a and b and mean(a) else "—"


def print_table(t, rows, variants, options, plots):
    head = ["figure"] + variants + ([f"{t.b}/{t.a}"] if t.option else [])
    print(f"\n## {t.title}\n")
    print("| " + " | ".join(head) + " |")
    print("|---|" + "---:|" * (len(head) - 1))
    for name, row in rows.items():
        cells = [str(row["cells"].get(v, "—")) for v in variants]
        if t.option:
            cells.append(ratio(t, rows, row, options))
        print(f"| `{name}` | " + " | ".join(cells) + " |")
    if t.plot in plots:
        print(f"\n![{t.caption}](compare-{t.plot}.png)\n")
        print(f"Also as [SVG](compare-{t.plot}.svg).")


# --- Targets and references -----------------------------------------------------------------

def measured(rows, variants, figure, times):
    """[(ticks x times, variant)] of one figure (name and exact parameters), cheapest first."""
    fig, _, params = figure.partition(" ")
    found = {r["variant"]: r["ticks"] * times for r in rows
             if r["figure"] == fig and r["params"] == params and r["variant"] in variants}
    return sorted((x, v) for v, x in found.items())


def range_text(vals):
    lo, hi = group(vals[0][0]), group(vals[-1][0])
    return lo if lo == hi else f"{lo}–{hi}"


def how(figure, times):
    return ("" if times == 1 else f"{times} × ") + f"`{figure}`"


def target_row(rows, variants, tg):
    """One row of the targets table: what, limit, measured, figure, variants, verdict."""
    times, limit = int(tg["times"]), int(tg["value"])
    vals = measured(rows, variants, tg["figure"], times)
    row = [tg["what"], f"≤ {group(limit)} ticks"]
    if not vals:
        return row + ["—", how(tg["figure"], times), "none", "**not measured**"]
    met = sum(x <= limit for x, _ in vals)
    text = range_text(vals) + " ticks"
    if 0 < met < len(vals):
        text += f" (best: {vals[0][1]})"
    where = "every variant" if len(vals) == len(variants) else f"{len(vals)} of {len(variants)}"
    verdict = ("met" if met == len(vals) else "not met" if met == 0
               else f"met in {met} of {len(vals)}")
    return row + [text, how(tg["figure"], times), where, f"**{verdict}**"]


def flat_row(rows, variants, tg):
    """One row of the targets table for a figure that should not change with memory size:
    its widest spread, (most - least) / least, over the variants that have it."""
    fig, _, params = tg["figure"].partition(" ")
    limit = int(tg["value"])
    seen, sizes = defaultdict(list), set()
    for r in rows:
        p = params_of(r["params"])
        rest = params_text(kv for kv in p if kv[0] != "mem")
        if r["figure"] == fig and rest == params and r["variant"] in variants:
            seen[r["variant"]].append(r["ticks"])
            sizes.add(dict(p).get("mem"))
    spreads = [(min(x), max(x), v) for v, x in seen.items() if min(x) > 0]
    row = [tg["what"], f"≤ {limit}% apart"]
    if len(sizes) < 2 or not spreads:
        return row + ["—", f"`{tg['figure']}`", "none", "**not measured**"]
    lo, hi, worst = max(spreads, key=lambda s: (s[1] - s[0]) / s[0])
    verdict = "met" if (hi - lo) * 100 <= limit * lo else "not met"
    text = f"{(hi - lo) / lo * 100:.1f}% ({lo}–{hi} ticks over {len(sizes)} sizes)"
    return row + [text, f"`{tg['figure']}`", f"widest of {len(seen)}: {worst}", f"**{verdict}**"]


def quoted(ref):
    text = ("~" if ref["value"].startswith("~") else "") + group(ref["value"].lstrip("~"))
    return text + (f" ({ref['note']})" if ref["note"] else "")


def print_targets(rows, variants, targets):
    """The targets table: one row per target or flat line of the targets file."""
    print("\n## Targets\n")
    print("| target | limit | measured | figure | variants | verdict |")
    print("|---|---:|---:|---|---|---|")
    for tg in targets:
        if tg["kind"] in ("target", "flat"):
            cells = (target_row if tg["kind"] == "target" else flat_row)(rows, variants, tg)
            print("| " + " | ".join(cells) + " |")


def print_references(rows, variants, targets):
    """This kernel's figures beside the quoted ones, one column per system quoted."""
    refs = [tg for tg in targets if tg["kind"] == "reference"]
    if not refs:
        return
    sources = list(dict.fromkeys(r["source"] for r in refs))
    lines = defaultdict(dict)
    for r in refs:
        lines[(r["what"], r["figure"], int(r["times"]))][r["source"]] = quoted(r)
    print("\nQuoted figures of other systems, not measured here:\n")
    print("| operation | this kernel (measured) | figure | " +
          " | ".join(f"{s} (quoted reference, not measured here)" for s in sources) + " |")
    print("|---|---:|---|" + "---:|" * len(sources))
    for (what, figure, times), by_source in lines.items():
        vals = measured(rows, variants, figure, times)
        cells = [what, range_text(vals) if vals else "—", how(figure, times)]
        print("| " + " | ".join(cells + [by_source.get(s, "—") for s in sources]) + " |")


# --- The header -----------------------------------------------------------------------------

def duration(t):
    return f"{t} s" if t < 60 else f"{t // 60} min {t % 60} s"


def print_header(args, variants, plots):
    print("# Benchmark comparison of the variants\n")
    make = " (`make compare`)" if args.command == "scripts/compare.sh" else ""
    print(f"microkernel {args.kernel_version}, {plural(len(variants), 'variant')}, figures in "
          f"TSC ticks under QEMU `-icount shift=0,sleep=off` ({args.qemu}).")
    print(f"Made by `{args.command}`{make}, in {duration(args.elapsed)} on a host with "
          f"{plural(args.cpus, 'CPU')} ({plural(args.jobs, 'parallel job')}).")
    if args.bench_mem:
        sweep = f"; `bench=frame` at {args.sweep}" if args.sweep else ""
        print(f"Boots: `make bench` at {args.bench_mem}{sweep}.")
    compared = ("timer", "frame-allocator", "syscall-int80")
    rest = [o for o in args.config.split() if o.partition("=")[0] not in compared]
    print(f"Options not compared, at their defaults: `{' '.join(rest)}`.\n")
    print("| variant | configure options |")
    print("|---|---|")
    for v in variants:
        timer, allocator, entry = v.split("-")
        gate = " --disable-syscall-int80" if entry == "syscall" else ""
        print(f"| {v} | `--with-timer={timer} --with-frame-allocator={allocator}{gate}` |")
    if not plots:
        print("\nPlots: none (no gnuplot; install gnuplot-nox).")


# --- Plot data ------------------------------------------------------------------------------

def plot_points(rows):
    """{plot: {series: {x: [ticks]}}}, and the tick rate of each timer."""
    pts = defaultdict(lambda: defaultdict(lambda: defaultdict(list)))
    hz = {}
    for r in rows:
        fig, p, t = r["figure"], dict(params_of(r["params"])), r["ticks"]
        if fig.startswith("frame_alloc_free") and size_value(p.get("mem", "")):
            series = "free list" if p.get("allocator") == "freelist" else "bitmap"
            series += ", fragmented" if fig.endswith("fragmented") else ""
            pts["frame"][series][number(size_value(p["mem"]) / (1 << 20))].append(t)
        elif fig == "sched_switch":
            pts["sched"][r["timer"].upper() + " build"][p.get("runnable")].append(t)
        elif fig == "timer_tick_interval":
            pts["timer"][r["timer"]][p.get("stat")].append(t)
            hz.setdefault(r["timer"], p.get("hz"))
        elif fig == "syscall_null":
            pts["syscall"][""][p.get("entry")].append(t)
        elif fig in ("ipc_roundtrip", "rpc_roundtrip"):
            series = "kernel threads" if p.get("between") == "threads" else "user processes"
            series = ("send/recv, " if fig == "ipc_roundtrip" else "call/reply_recv, ") + series
            pts["ipc"][series][p.get("size")].append(t)
    return pts, hz


def write_lines(path, series, names, grid=()):
    """One block per series that has points, its title first, x on one grid shared by every
    series (and grid): a blank line where a series lacks a grid value, so no line is drawn
    across it. Returns the number of blocks."""
    names = [n for n in names if n in series]
    xs = list(dict.fromkeys(list(grid) + [x for n in names for x in series[n]]))
    xs.sort(key=float)
    blocks = []
    for n in names:
        lines, gap = [f'"{n}" ticks'], False
        for x in xs:
            if x not in series[n]:
                gap = True
                continue
            if gap and len(lines) > 1:
                lines.append("")
            lines.append(f"{x} {mean(series[n][x]):.1f}")
            gap = False
        blocks.append("\n".join(lines) + "\n")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n\n".join(blocks))
    return len(blocks)


def write_plot_data(d, rows, targets, sweep_full):
    """The data files and series.gp in d; returns the plots that have data. The frame plot's
    grid is every size of sweep_full: a --quick run draws no line across those it left out."""
    pts, hz = plot_points(rows)
    sizes = [number(size_value(s) / (1 << 20)) for s in sweep_full.split()]
    n = {"frame": write_lines(f"{d}/frame.dat", pts["frame"], ["free list",
             "free list, fragmented", "bitmap", "bitmap, fragmented"], sizes),
         "sched": write_lines(f"{d}/sched.dat", pts["sched"], ["PIT build", "LAPIC build"]),
         "ipc": write_lines(f"{d}/ipc.dat", pts["ipc"],
                              [f"{a}, {b}" for a in ("send/recv", "call/reply_recv")
                               for b in ("kernel threads", "user processes")])}
    timers = [t for t in ("pit", "lapic") if all(s in pts["timer"][t] for s in STATS)]
    with open(f"{d}/timer.dat", "w", encoding="utf-8") as f:
        for t in timers:
            f.write(f'"{t.upper()}" ' + " ".join(f"{mean(pts['timer'][t][s]):.1f}"
                                                 for s in ("median", "min", "max")) + "\n")
    n["timer"] = len(timers)
    nominal = number(1e9 / float(hz[timers[-1]])) if timers else 0
    # The measured bars, then the quoted figures in a file of their own: the plot draws them
    # apart, as references not measured here.
    calls = pts["syscall"][""]
    bars = [(label, calls[x]) for x, label in (("syscall", "syscall"), ("int80", "int 0x80"))
            if x in calls]
    with open(f"{d}/syscall.dat", "w", encoding="utf-8") as f:
        f.writelines(f'"{label}" {mean(t):.1f}\n' for label, t in bars)
    refs = [r for r in targets if r["kind"] == "reference" and
            r["figure"].startswith("syscall_null ")] if bars else []
    with open(f"{d}/syscall-ref.dat", "w", encoding="utf-8") as f:
        f.writelines(f'"{r["source"]} {r["note"]}" {r["value"].lstrip("~")}\n' for r in refs)
    n["syscall"] = len(bars)
    with open(f"{d}/series.gp", "w", encoding="utf-8") as f:
        for plot in ("frame", "sched", "ipc", "timer"):
            f.write(f"{plot}_n = {n[plot]}\n")
        f.write(f"timer_nominal = {nominal}\nsyscall_n = {n['syscall']}\n"
                f"syscall_ref = {len(refs)}\n")
    return {plot for plot, count in n.items() if count}


def main(args):
    sys.stdout.reconfigure(encoding="utf-8")     # the report is UTF-8 whatever the locale
    rows = read_rows(args.csv)
    targets = read_targets(args.targets)
    variants = (args.variants.split() if args.variants
                else list(dict.fromkeys(r["variant"] for r in rows)))
    options = {r["variant"]: r for r in rows}
    plots = (write_plot_data(args.plotdir, rows, targets, args.sweep_full) if args.plotdir
             else set())
    print_header(args, variants, args.plotdir)
    for t, table_rows in build_tables(rows, variants).items():
        print_table(t, table_rows, variants, options, plots)
    print_targets(rows, variants, targets)
    print_references(rows, variants, targets)


if __name__ == "__main__":
    try:
        main(parse_args())
    except (OSError, KeyError, ValueError) as e:
        sys.exit(f"compare-report.py: {e}")
