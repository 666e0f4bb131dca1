#!/usr/bin/env python3
"""trace2json.py - converts a kernel trace dump into Chrome trace-event JSON, which Perfetto
(https://ui.perfetto.dev) and chrome://tracing open.

    trace2json.py [--start MS | --from REGEX | --from-task NAME] [--end MS | --length MS]
                  [-o FILE.json] DUMP

One track (thread) per task; a slice ("X") each time the task has the CPU; an instant ("i") for
each interrupt (on the interrupted task), system call and return, message, block and wake; a
flow arrow ("s" to "f") from each message's sender to its receiver. Times are microseconds
since the dump's first event. The same dump always gives the same bytes.
"""
import argparse
import json
import sys

import tracedump

PID = 1  # one process in the viewer: the machine


def _us(ns):
    """Microseconds, as the format wants them (exact: at most three decimals)."""
    return ns / 1000 if ns % 1000 else ns // 1000


def _event(ph, name, task, ns, **more):
    event = {"ph": ph, "name": name, "pid": PID, "tid": task, "ts": _us(ns)}
    event.update(more)
    return event


def trace_events(tl):
    """The list of trace events for Timeline @tl, metadata first, then in time order."""
    meta = [_event("M", "process_name", 0, 0, args={"name": "microkernel"})]
    for task in tl.lanes():
        name, pid = tl.tasks[task]
        label = name if pid is None else "%s (task %d, pid %d)" % (name, task, pid)
        meta.append(_event("M", "thread_name", task, 0, args={"name": label}))
        meta.append(_event("M", "thread_sort_index", task, 0, args={"sort_index": task}))
    timed = []
    for task, start, end in tl.runs:
        timed.append(_event("X", tl.task_name(task), task, start, dur=_us(end - start),
                            cat="run", args={"task": task}))
    for ns, task, kind, label, args in tl.marks:
        timed.append(_event("i", label, task, ns, s="t", cat=kind, args=dict(args)))
    for flow_id, (kind, sender, receiver, start, end, length) in enumerate(tl.messages, 1):
        args = {"len": length}
        timed.append(_event("s", kind, sender, start, id=flow_id, cat="ipc", args=args))
        timed.append(_event("f", kind, receiver, end, id=flow_id, cat="ipc", bp="e",
                            args=args))
    # Stable: at one time, a slice before the instants and flows inside it.
    order = {"X": 0, "i": 1, "s": 2, "f": 3}
    timed.sort(key=lambda e: (e["ts"], order[e["ph"]]))
    return meta + timed


def to_json(tl):
    """The whole JSON file (the Object Format), one event a line, keys sorted."""
    other = {"format": "mk-trace %d" % tracedump.FORMAT_VERSION,
             "tsc_per_ms": tl.dump.tsc_per_ms, "first_tsc": tl.tsc0,
             "dropped_events": tl.dump.dropped, "unmatched_messages": tl.unmatched}
    lines = [json.dumps(e, sort_keys=True) for e in trace_events(tl)]
    return ('{"displayTimeUnit": "ns", "otherData": %s, "traceEvents": [\n%s\n]}\n' % (
        json.dumps(other, sort_keys=True), ",\n".join(lines)))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    tracedump.add_common_options(parser)
    parser.add_argument("-o", "--output", help="write here instead of to standard output")
    args = parser.parse_args(argv)
    try:
        tl = tracedump.load(args)
    except (tracedump.TraceError, OSError) as err:
        sys.stderr.write("trace2json: %s\n" % err)
        return 1
    tracedump.report_unknown(tl.dump, "trace2json", sys.stderr)
    text = to_json(tl)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
