"""tracedump.py - reads the kernel's trace dump (doc/tracing.md, format version 1) into events,
and works out from them who ran when and which message went where (trace2json, trace2svg).

A dump is text, one line each:
    # mk-trace 1            the format's version (a file may hold several dumps, one after another)
    # tsc-per-ms N          the TSC's rate
    # dropped N             events lost because the ring was full
    E TSC KIND FIELDS...    an event, oldest first
    # end N                 N = the number of E lines of this dump
Lines this version does not know (another KIND, another '#' line) are counted, not refused.
"""
import re
from collections import Counter

FORMAT_VERSION = 1

# The fields of each kind of event, in order: (name, type). Types: "int" (decimal >= 0),
# "signed" (decimal), "hex" (0x...), "word" (a word), "rest" (the rest of the line).
KINDS = {
    "name": (("task", "int"), ("pid", "int"), ("name", "rest")),
    "switch": (("prev", "int"), ("next", "int")),
    "irq": (("vector", "int"), ("task", "int")),
    "sys": (("task", "int"), ("number", "int")),
    "sysret": (("task", "int"), ("number", "int"), ("result", "signed")),
    "send": (("from", "int"), ("to", "int"), ("len", "int")),
    "recv": (("to", "int"), ("from", "int"), ("len", "int")),
    "call": (("from", "int"), ("to", "int"), ("len", "int")),
    "reply": (("from", "int"), ("to", "int"), ("len", "int")),
    "block": (("task", "int"), ("reason", "word")),
    "wake": (("task", "int"), ("reason", "word")),
    "spawn": (("parent", "int"), ("child", "int"), ("pid", "int")),
    "exit": (("task", "int"), ("status", "signed")),
    "fault": (("task", "int"), ("addr", "hex"), ("code", "hex")),
}
BLOCK_REASONS = {"recv", "send", "call", "sleep", "wait", "mutex", "other"}
WAKE_REASONS = BLOCK_REASONS | {"kill"}

# Interrupt vectors by name (include/arch/x86_64/irq.h: the PIC's lines from 0x20, the local
# APIC timer at 0x30, the I/O APIC's lines from 0x40; the lines are the PC's ISA lines).
ISA_LINES = {0: "timer", 1: "keyboard", 3: "COM2", 4: "COM1"}
VECTOR_NAMES = {0x20 + line: name for line, name in ISA_LINES.items()}
VECTOR_NAMES.update({0x40 + line: name for line, name in ISA_LINES.items()})
VECTOR_NAMES[0x30] = "timer"


class TraceError(Exception):
    """A dump that cannot be read: the message names the line and what is wrong with it."""


class Event:
    """One E line: tsc, kind, the fields by name (KINDS), and where and what it was."""

    def __init__(self, tsc, kind, fields, line, text):
        self.tsc = tsc
        self.kind = kind
        self.fields = fields
        self.line = line  # "FILE:LINE", for messages
        self.text = text  # "KIND FIELDS..." as written

    def __getitem__(self, field):
        return self.fields[field]

    def __repr__(self):
        return "Event(%d, %s, %r)" % (self.tsc, self.kind, self.fields)


class Dump:
    """What a dump file holds: its events (every dump in the file, in order) and header."""

    def __init__(self):
        self.events = []
        self.tsc_per_ms = None
        self.dropped = 0          # over every dump in the file
        self.dumps = 0            # how many '# mk-trace' sections
        self.unknown = Counter()  # lines not understood: "kind NAME" or "line '# WORD'"


def _number(text, kind, what, where):
    """The value of one field of type @kind, or a TraceError saying why not."""
    patterns = {"int": r"[0-9]+", "signed": r"-?[0-9]+", "hex": r"0x[0-9a-fA-F]+"}
    if kind in ("word", "rest"):
        return text
    if not re.fullmatch(patterns[kind], text):
        expected = {"int": "a decimal number", "signed": "a signed decimal number",
                    "hex": "a hex number with 0x"}[kind]
        raise TraceError("%s: %s is '%s', not %s" % (where, what, text, expected))
    return int(text, 16 if kind == "hex" else 10)


def _parse_event(words, where):
    """An Event from the words after 'E', or None for a kind this version does not know."""
    if len(words) < 2:
        raise TraceError("%s: an event needs a TSC and a kind" % where)
    tsc = _number(words[0], "int", "the TSC", where)
    kind = words[1]
    if kind not in KINDS:
        return None
    spec = KINDS[kind]
    values = words[2:]
    if spec[-1][1] == "rest" and len(values) > len(spec):
        values = values[:len(spec) - 1] + [" ".join(values[len(spec) - 1:])]
    if len(values) != len(spec):
        raise TraceError("%s: '%s' has %d fields, not %d (%s)" % (
            where, kind, len(values), len(spec), " ".join(n.upper() for n, _ in spec)))
    fields = {}
    for (name, ftype), text in zip(spec, values):
        fields[name] = _number(text, ftype, name.upper(), where)
    reasons = {"block": BLOCK_REASONS, "wake": WAKE_REASONS}.get(kind)
    if reasons and fields["reason"] not in reasons:
        raise TraceError("%s: '%s' is not a reason to %s (%s)" % (
            where, fields["reason"], kind, " ".join(sorted(reasons))))
    return Event(tsc, kind, fields, where, " ".join(words[1:]))


class _Reader:
    """parse()'s state between lines: which dump it is in and what it has seen of it."""

    def __init__(self, source):
        self.source = source
        self.dump = Dump()
        self.in_dump = False  # between '# mk-trace' and '# end'
        self.count = 0        # E lines in the current dump
        self.last_tsc = 0

    def start(self, words, where):
        """A '# mk-trace VERSION' line."""
        if self.in_dump:
            raise TraceError("%s: a new dump starts before the last one ended" % where)
        if words[2:] != [str(FORMAT_VERSION)]:
            raise TraceError("%s: dump format '%s', these tools read version %d" % (
                where, " ".join(words[2:]), FORMAT_VERSION))
        self.in_dump, self.count = True, 0
        self.dump.dumps += 1

    def header(self, words, where):
        """A '# NAME VALUE' line inside a dump."""
        dump = self.dump
        name = words[1] if len(words) > 1 else ""
        if name not in ("tsc-per-ms", "dropped", "end"):
            dump.unknown["line '# %s'" % name] += 1
            return
        if len(words) != 3:
            raise TraceError("%s: '# %s' needs one number" % (where, name))
        value = _number(words[2], "int", name, where)
        if name == "tsc-per-ms":
            if value == 0:
                raise TraceError("%s: tsc-per-ms is 0" % where)
            if dump.tsc_per_ms not in (None, value):
                raise TraceError("%s: tsc-per-ms %d, but an earlier dump said %d" % (
                    where, value, dump.tsc_per_ms))
            dump.tsc_per_ms = value
        elif name == "dropped":
            dump.dropped += value
        elif value != self.count:
            raise TraceError("%s: '# end %d' but the dump has %d events" % (
                where, value, self.count))
        else:
            self.in_dump = False

    def event(self, words, where):
        """An 'E TSC KIND FIELDS...' line."""
        self.count += 1
        if self.dump.tsc_per_ms is None:
            raise TraceError("%s: an event before '# tsc-per-ms'" % where)
        event = _parse_event(words[1:], where)
        tsc = int(words[1])
        if tsc < self.last_tsc:
            raise TraceError("%s: TSC %d is before the previous event's %d" % (
                where, tsc, self.last_tsc))
        self.last_tsc = tsc
        if event is None:
            self.dump.unknown["kind '%s'" % words[2]] += 1
        else:
            self.dump.events.append(event)


def parse(lines, source="dump"):
    """Reads the lines of a dump file; returns a Dump or raises TraceError."""
    reader = _Reader(source)
    lineno = 0
    for lineno, line in enumerate(lines, 1):
        where = "%s:%d" % (source, lineno)
        words = line.rstrip("\r\n").split()
        if not words:
            continue
        if words[:2] == ["#", "mk-trace"]:
            reader.start(words, where)
        elif not reader.in_dump:
            raise TraceError("%s: '%s' before the first line '# mk-trace %d'" % (
                where, line.strip()[:40], FORMAT_VERSION))
        elif words[0] == "#":
            reader.header(words, where)
        elif words[0] == "E":
            reader.event(words, where)
        else:
            reader.dump.unknown["line '%s'" % words[0][:20]] += 1
    if reader.dump.dumps == 0:
        raise TraceError("%s: no line '# mk-trace %d': no dump (a kernel configured with "
                         "--enable-trace writes one on COM2 when it powers off)" % (
                             source, FORMAT_VERSION))
    if reader.in_dump:
        raise TraceError("%s:%d: the dump stops before its '# end' line (cut short?)" % (
            source, lineno))
    return reader.dump


def read(path):
    """parse() of the file at @path."""
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        return parse(f.read().splitlines(), path)


def syscall_names(header):
    """{number: name} from '#define SYS_name N' lines (include/uapi/syscall.h), or {}."""
    names = {}
    try:
        with open(header, encoding="utf-8") as f:
            for line in f:
                m = re.match(r"#define SYS_([a-z_0-9]+)\s+([0-9]+)", line)
                if m:
                    names[int(m.group(2))] = m.group(1)
    except OSError:
        pass
    return names


class Timeline:
    """The dump worked out: tasks, who ran when, what happened on whose lane, and messages.

    Times are nanoseconds since the dump's first event (ns()). Attributes:
      tasks     {id: (name, pid)}, from 'name' events ("task ID", pid None if never named)
      runs      [(task, start, end)], each time a task had the CPU, in order
      marks     [(ns, task, kind, label, args)]: irq, sys, sysret, send, call, reply, recv,
                notify (a recv from 0), block, wake, spawn, exit, fault, each on the lane of
                the task it happened to (irq: the interrupted task; send: the sender)
      messages  [(kind, from, to, start, end, len)]: a send, call or reply (start on the sender's
                lane) to the moment the receiver has it (end, on the receiver's lane: when it
                takes it, or for a reply when the caller runs again); unmatched ones are counted
      end       the last event's time
    """

    def __init__(self, dump, syscalls=None):
        self.dump = dump
        self.syscalls = syscalls or {}
        self.tsc0 = dump.events[0].tsc if dump.events else 0
        self.start = 0
        self.tasks = {}
        self.runs = []
        self.marks = []
        self.messages = []
        self.unmatched = 0
        self.end = self.ns(dump.events[-1].tsc) if dump.events else 0
        self._name_tasks()
        self._find_runs()
        self._find_marks()
        self._find_messages()

    def ns(self, tsc):
        """Nanoseconds since the first event, for a TSC value (integer arithmetic)."""
        return (tsc - self.tsc0) * 1000000 // self.dump.tsc_per_ms

    def task_name(self, task):
        return self.tasks.get(task, ("task %d" % task, None))[0]

    def lane_label(self, task):
        """"NAME (ID)", or "task ID" for a task that was never named."""
        name, pid = self.tasks.get(task, ("task %d" % task, None))
        return name if pid is None else "%s (%d)" % (name, task)

    def syscall_name(self, number):
        return self.syscalls.get(number, str(number))

    def _name_tasks(self):
        for e in self.dump.events:
            ids = [v for k, v in e.fields.items() if k in ("task", "prev", "next", "from", "to",
                                                           "parent", "child")]
            for task in ids:
                if task and task not in self.tasks:
                    self.tasks[task] = ("task %d" % task, None)
            if e.kind == "name":
                self.tasks[e["task"]] = (e["name"], e["pid"])

    def _find_runs(self):
        """From switch to switch; before the first switch, its PREV runs from the start."""
        switches = [e for e in self.dump.events if e.kind == "switch"]
        if not switches:
            return
        current, since = switches[0]["prev"], 0
        for e in switches:
            if e["prev"] == current:
                self.runs.append((current, since, self.ns(e.tsc)))
            elif not self.dump.dropped:
                raise TraceError("%s: switch from task %d, but task %d was running" % (
                    e.line, e["prev"], current))
            # else events were lost in between: who ran before this switch is not known.
            current, since = e["next"], self.ns(e.tsc)
        self.runs.append((current, since, self.end))
        self.runs = [r for r in self.runs if r[2] > r[1]]

    def _find_marks(self):
        for e in self.dump.events:
            t = self.ns(e.tsc)
            f = e.fields
            if e.kind == "irq":
                name = VECTOR_NAMES.get(f["vector"])
                label = "irq %d" % f["vector"] + (" (%s)" % name if name else "")
                self.marks.append((t, f["task"], "irq", label, {"vector": f["vector"]}))
            elif e.kind in ("sys", "sysret"):
                args = {"number": f["number"], "call": self.syscall_name(f["number"])}
                label = "%s %s" % (e.kind, args["call"])
                if e.kind == "sysret":
                    args["result"] = f["result"]
                    label += " = %d" % f["result"]
                self.marks.append((t, f["task"], e.kind, label, args))
            elif e.kind in ("block", "wake"):
                self.marks.append((t, f["task"], e.kind, "%s (%s)" % (e.kind, f["reason"]),
                                   {"reason": f["reason"]}))
            elif e.kind == "spawn":
                self.marks.append((t, f["parent"], "spawn", "spawn pid %d" % f["pid"],
                                   {"child": f["child"], "pid": f["pid"]}))
            elif e.kind == "exit":
                self.marks.append((t, f["task"], "exit", "exit %d" % f["status"],
                                   {"status": f["status"]}))
            elif e.kind == "fault":
                self.marks.append((t, f["task"], "fault", "page fault at 0x%x" % f["addr"],
                                   {"addr": "0x%x" % f["addr"], "code": "0x%x" % f["code"]}))
            elif e.kind == "recv" and f["from"] == 0:
                self.marks.append((t, f["to"], "notify", "notification", {"len": f["len"]}))
            elif e.kind == "recv":
                self.marks.append((t, f["to"], "recv", "recv from %s" % self.task_name(f["from"]),
                                   {"from": f["from"], "len": f["len"]}))
            elif e.kind in ("send", "call", "reply"):
                self.marks.append((t, f["from"], e.kind, "%s to %s" % (
                    e.kind, self.task_name(f["to"])), {"to": f["to"], "len": f["len"]}))

    def running_at(self, task, t):
        """The first moment at or after @t when @task has the CPU, or None."""
        for who, start, end in self.runs:
            if who == task and end > t:
                return max(start, t)
        return None

    def _find_messages(self):
        """Pairs each send or call with the receiver's recv of it (first in, first out for
        each sender and receiver), and each reply with the caller's next run."""
        waiting = {}  # (from, to) -> [(kind, start, len)] not yet received
        for e in self.dump.events:
            t = self.ns(e.tsc)
            f = e.fields
            if e.kind in ("send", "call"):
                waiting.setdefault((f["from"], f["to"]), []).append((e.kind, t, f["len"]))
            elif e.kind == "recv" and f["from"] != 0:
                queue = waiting.get((f["from"], f["to"]))
                if not queue:
                    self.unmatched += 1  # its send is older than the ring
                    continue
                kind, start, length = queue.pop(0)
                end = self.running_at(f["to"], t)
                self.messages.append((kind, f["from"], f["to"], start,
                                      t if end is None else end, length))
            elif e.kind == "reply":
                end = self.running_at(f["to"], t)
                if end is None:
                    self.unmatched += 1
                else:
                    self.messages.append(("reply", f["from"], f["to"], t, end, f["len"]))
        self.unmatched += sum(len(q) for q in waiting.values())
        self.messages.sort(key=lambda m: (m[3], m[4], m[1], m[2]))

    def window(self, start_ns, end_ns):
        """Keeps only what happens between @start_ns and @end_ns (runs cut to fit; messages
        whose two ends are inside)."""
        end_ns = min(end_ns, self.end)
        self.runs = [(w, max(s, start_ns), min(e, end_ns)) for w, s, e in self.runs
                     if e > start_ns and s < end_ns]
        self.marks = [m for m in self.marks if start_ns <= m[0] <= end_ns]
        self.messages = [m for m in self.messages if m[3] >= start_ns and m[4] <= end_ns]
        self.start, self.end = start_ns, end_ns

    def lanes(self):
        """The tasks to show, by id: those that run or have something happen in the view
        (all named tasks when nothing happens at all)."""
        busy = {r[0] for r in self.runs} | {m[1] for m in self.marks}
        busy |= {m[1] for m in self.messages} | {m[2] for m in self.messages}
        return sorted(busy & set(self.tasks)) or sorted(self.tasks)


def add_window_options(parser):
    """The options that cut a window out of the run, shared by the converters. Times are
    milliseconds since the dump's first event."""
    start = parser.add_mutually_exclusive_group()
    start.add_argument("--start", type=float, default=0.0, metavar="MS",
                       help="begin the window at MS")
    start.add_argument("--from", dest="from_event", metavar="REGEX",
                       help="begin it at the first event whose line (KIND FIELDS..., "
                       "e.g. 'switch 3 7' or 'irq 36') matches REGEX")
    start.add_argument("--from-task", metavar="NAME",
                       help="begin it when a task named NAME first has the CPU")
    parser.add_argument("--nth", type=int, default=1, metavar="N",
                        help="with --from: begin at the Nth matching event, not the first")
    end = parser.add_mutually_exclusive_group()
    end.add_argument("--end", type=float, default=None, metavar="MS",
                     help="end the window at MS")
    end.add_argument("--length", "--first", type=float, default=None, metavar="MS",
                     help="make it MS long (alone: the first MS of the run)")


def apply_window(timeline, args):
    """Cuts @timeline to the window the options ask for (all of it by default)."""
    start = int(args.start * 1000000)
    if args.from_event:
        pattern = re.compile(args.from_event)
        match = [e for e in timeline.dump.events if pattern.search(e.text)]
        if not match:
            raise TraceError("no event matches --from '%s'" % args.from_event)
        if len(match) < max(args.nth, 1):
            raise TraceError("%d events match --from '%s', not %d (--nth)"
                             % (len(match), args.from_event, args.nth))
        start = timeline.ns(match[max(args.nth, 1) - 1].tsc)
    if args.from_task:
        runs = [r for r in timeline.runs if timeline.task_name(r[0]) == args.from_task]
        if not runs:
            raise TraceError("no task named '%s' runs (--from-task)" % args.from_task)
        start = runs[0][1]
    if args.end is not None:
        end = int(args.end * 1000000)
    elif args.length is not None:
        end = start + int(args.length * 1000000)
    else:
        end = timeline.end
    if end <= start:
        raise TraceError("the window ends (%.3f ms) before it starts (%.3f ms)" % (
            end / 1e6, start / 1e6))
    timeline.window(start, end)


def load(args):
    """The Timeline of the dump named on the command line, with its window applied."""
    timeline = Timeline(read(args.dump), syscall_names(args.syscalls))
    apply_window(timeline, args)
    return timeline


def add_common_options(parser):
    """The dump, where the system calls are named, and the window."""
    import os
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("dump", help="the trace dump (what COM2 received)")
    parser.add_argument("--syscalls", metavar="HEADER",
                        default=os.path.join(here, "..", "..", "include", "uapi", "syscall.h"),
                        help="the header naming the system calls (default: the source tree's "
                        "include/uapi/syscall.h)")
    add_window_options(parser)


def report_unknown(dump, prog, stream):
    """One line on @stream about what the dump held that these tools did not understand."""
    if dump.unknown:
        parts = ", ".join("%d %s" % (n, what) for what, n in sorted(dump.unknown.items()))
        stream.write("%s: ignored lines this version does not know: %s\n" % (prog, parts))
