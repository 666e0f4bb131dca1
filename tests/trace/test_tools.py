"""test_tools.py - the trace tools (scripts/trace) on hand-made dumps, with no QEMU: the parser,
the Chrome trace-event JSON, the SVG timeline and its PNG, the window, and the errors."""
import io
import json
import os
import shutil
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ET
from contextlib import redirect_stderr

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "scripts", "trace"))
sys.path.insert(0, HERE)
import check_trace  # noqa: E402
import trace2json  # noqa: E402
import trace2svg  # noqa: E402
import tracedump  # noqa: E402

PINGPONG = os.path.join(HERE, "pingpong.dump")
KV = os.path.join(HERE, "kv.dump")
SVG = "{http://www.w3.org/2000/svg}"
HEADER = "# mk-trace 1\n# tsc-per-ms 1000000\n# dropped 0\n"


def parse_text(text):
    return tracedump.parse(text.splitlines(), "test.dump")


def timeline(path, *options):
    """The Timeline of @path with the converters' command-line @options."""
    parser = __import__("argparse").ArgumentParser()
    tracedump.add_common_options(parser)
    return tracedump.load(parser.parse_args(list(options) + [path]))


def validate_trace_events(test, doc):
    """The trace-event format's required fields, by phase (ph)."""
    test.assertIsInstance(doc["traceEvents"], list)
    test.assertIn(doc["displayTimeUnit"], ("ms", "ns"))
    flows = {}
    for e in doc["traceEvents"]:
        for field in ("name", "ph", "ts", "pid", "tid"):
            test.assertIn(field, e, "%r has no %s" % (e, field))
        test.assertIsInstance(e["ts"], (int, float))
        test.assertIn(e["ph"], ("M", "X", "i", "s", "f"))
        if e["ph"] == "X":
            test.assertGreaterEqual(e["dur"], 0)
        if e["ph"] == "i":
            test.assertIn(e["s"], ("t", "p", "g"))
        if e["ph"] in ("s", "f"):
            test.assertIn("id", e)
            test.assertEqual(e["cat"], "ipc")
            flows.setdefault(e["id"], {})[e["ph"]] = e
        if e["ph"] == "M":
            test.assertIn(e["name"], ("process_name", "thread_name", "thread_sort_index"))
    for pair in flows.values():
        test.assertEqual(sorted(pair), ["f", "s"], "a flow without its other end: %r" % pair)
        test.assertEqual(pair["s"]["name"], pair["f"]["name"])
        test.assertGreaterEqual(pair["f"]["ts"], pair["s"]["ts"])
        test.assertEqual(pair["f"]["bp"], "e")
    return flows


class ParseTest(unittest.TestCase):
    def test_reads_header_and_events(self):
        dump = tracedump.read(PINGPONG)
        self.assertEqual(dump.tsc_per_ms, 1000000)
        self.assertEqual(dump.dropped, 0)
        self.assertEqual(len(dump.events), 22)
        send = [e for e in dump.events if e.kind == "send"][0]
        self.assertEqual((send.tsc, send["from"], send["to"], send["len"]), (5021000, 3, 4, 2))
        self.assertEqual(send.text, "send 3 4 2")

    def test_field_types(self):
        dump = tracedump.read(KV)
        fault = [e for e in dump.events if e.kind == "fault"][0]
        self.assertEqual((fault["addr"], fault["code"]), (0x7ffffff000, 6))
        ret = [e for e in dump.events if e.kind == "sysret"][-1]
        self.assertEqual(ret["result"], -10)
        self.assertEqual(dump.dropped, 3)

    def test_names_with_fallback(self):
        tl = timeline(PINGPONG)
        self.assertEqual(tl.task_name(3), "ping")
        self.assertEqual(tl.task_name(99), "task 99")
        tl = tracedump.Timeline(parse_text(HEADER + "E 5 switch 8 9\nE 9 name 9 1 sh\n# end 2\n"))
        self.assertEqual(tl.lane_label(8), "task 8")
        self.assertEqual(tl.lane_label(9), "sh (9)")

    def test_unknown_lines_are_counted(self):
        dump = parse_text(HEADER + "E 1 later 1 2 3\n# later-header 4\nE 2 later 5\n"
                          "X something\nE 3 switch 1 2\n# end 3\n")
        self.assertEqual(len(dump.events), 1)
        self.assertEqual(dump.unknown["kind 'later'"], 2)
        self.assertEqual(dump.unknown["line '# later-header'"], 1)
        self.assertEqual(dump.unknown["line 'X'"], 1)
        err = io.StringIO()
        tracedump.report_unknown(dump, "t", err)
        self.assertIn("2 kind 'later'", err.getvalue())

    def test_crlf_and_several_dumps(self):
        text = HEADER + "E 10 switch 1 2\n# end 1\n" + HEADER + "E 20 switch 2 1\n# end 1\n"
        dump = parse_text(text.replace("\n", "\r\n"))
        self.assertEqual(dump.dumps, 2)
        self.assertEqual([e.tsc for e in dump.events], [10, 20])

    def test_malformed_lines_name_their_line(self):
        cases = [
            ("E 1 switch 1 2\n", 1, "before the first line"),
            ("# mk-trace 2\n", 1, "version"),
            (HEADER + "E x switch 1 2\n", 4, "not a decimal number"),
            (HEADER + "E 5 switch 1\n", 4, "has 1 fields, not 2 (PREV NEXT)"),
            (HEADER + "E 5 switch 1 2 3\n", 4, "has 3 fields, not 2"),
            (HEADER + "E 5 irq 0x20 1\n", 4, "VECTOR is '0x20'"),
            (HEADER + "E 5 fault 1 4096 0x2\n", 4, "ADDR is '4096', not a hex number"),
            (HEADER + "E 5 block 1 nap\n", 4, "'nap' is not a reason to block"),
            (HEADER + "E 5\n", 4, "needs a TSC and a kind"),
            (HEADER + "E 9 switch 1 2\nE 8 switch 2 1\n", 5, "before the previous event"),
            (HEADER + "E 9 switch 1 2\n# end 2\n", 5, "'# end 2' but the dump has 1 events"),
            (HEADER + "E 9 switch 1 2\n", 4, "stops before its '# end' line"),
            ("# mk-trace 1\nE 9 switch 1 2\n", 2, "before '# tsc-per-ms'"),
            ("# mk-trace 1\n# tsc-per-ms 0\n", 2, "tsc-per-ms is 0"),
            ("# mk-trace 1\n# dropped\n", 2, "needs one number"),
            (HEADER + "# mk-trace 1\n", 4, "before the last one ended"),
        ]
        for text, line, why in cases:
            with self.subTest(why=why):
                with self.assertRaises(tracedump.TraceError) as caught:
                    parse_text(text)
                self.assertIn("test.dump:%d:" % line, str(caught.exception))
                self.assertIn(why, str(caught.exception))
        with self.assertRaisesRegex(tracedump.TraceError, "no dump"):
            parse_text("")

    def test_switch_from_a_task_that_was_not_running(self):
        with self.assertRaisesRegex(tracedump.TraceError, r"test.dump:5: switch from task 3"):
            tracedump.Timeline(parse_text(HEADER + "E 1 switch 1 2\nE 2 switch 3 1\n# end 2\n"))


class TimelineTest(unittest.TestCase):
    def test_runs_from_switch_to_switch(self):
        tl = timeline(PINGPONG)
        self.assertEqual(tl.runs[:4], [(1, 0, 310), (3, 310, 12000), (4, 12000, 20010),
                                       (3, 20010, 21020)])
        self.assertEqual(tl.runs[-1], (1, 1000060, 1000510))  # idle's last run is empty
        self.assertEqual(tl.end, 1000510)
        # No two runs overlap, and they cover the trace from its start.
        for (a, b) in zip(tl.runs, tl.runs[1:]):
            self.assertEqual(a[2], b[1])

    def test_messages_and_marks(self):
        tl = timeline(PINGPONG)
        self.assertEqual(tl.messages, [("send", 3, 4, 21000, 21100, 2)])
        tl = timeline(KV)
        kinds = [(m[0], m[1], m[2]) for m in tl.messages]
        self.assertEqual(kinds, [("call", 7, 6), ("reply", 6, 7)])
        # The reply reaches the client when it runs again.
        self.assertEqual(tl.messages[1][3:5], (2100, 2130))
        marks = {m[2] for m in tl.marks}
        self.assertTrue({"irq", "sys", "sysret", "fault", "spawn", "exit", "notify",
                         "block", "wake", "call", "reply", "recv"} <= marks)
        irq = [m for m in tl.marks if m[2] == "irq"][0]
        self.assertEqual((irq[1], irq[3]), (7, "irq 36 (COM1)"))
        ret = [m for m in tl.marks if m[2] == "sysret"][0]
        self.assertEqual(ret[3], "sysret reply_recv = 15")

    def test_window(self):
        tl = timeline(PINGPONG, "--start", "0.015", "--end", "0.025")
        self.assertEqual((tl.start, tl.end), (15000, 25000))
        self.assertEqual(tl.runs[0], (4, 15000, 20010))
        self.assertTrue(all(15000 <= r[1] < r[2] <= 25000 for r in tl.runs))
        self.assertEqual(len(tl.messages), 1)
        self.assertEqual(tl.lanes(), [3, 4])
        tl = timeline(PINGPONG, "--first", "0.001")
        self.assertEqual(tl.runs, [(1, 0, 310), (3, 310, 1000)])
        tl = timeline(PINGPONG, "--from-task", "pong", "--length", "0.01")
        self.assertEqual((tl.start, tl.end), (12000, 22000))
        tl = timeline(PINGPONG, "--from", "irq 32", "--length", "1")
        self.assertEqual(tl.start, 1000000)
        with self.assertRaisesRegex(tracedump.TraceError, "no event matches"):
            timeline(PINGPONG, "--from", "irq 99")
        tl = timeline(PINGPONG, "--from", "switch", "--nth", "2", "--length", "0.01")
        self.assertEqual(tl.start, 12000)   # the second switch, 3 -> 4
        with self.assertRaisesRegex(tracedump.TraceError, "not 99 \\(--nth\\)"):
            timeline(PINGPONG, "--from", "switch", "--nth", "99")
        with self.assertRaisesRegex(tracedump.TraceError, "ends .* before it starts"):
            timeline(PINGPONG, "--start", "2", "--end", "1")


class JsonTest(unittest.TestCase):
    def convert(self, path, *options):
        out = io.StringIO()
        tl = timeline(path, *options)
        out.write(trace2json.to_json(tl))
        return json.loads(out.getvalue()), tl

    def test_valid_trace_events(self):
        for path in (PINGPONG, KV):
            with self.subTest(path=os.path.basename(path)):
                doc, tl = self.convert(path)
                flows = validate_trace_events(self, doc)
                self.assertEqual(len(flows), len(tl.messages))
                names = [e for e in doc["traceEvents"] if e["name"] == "thread_name"]
                self.assertEqual(sorted(e["tid"] for e in names), tl.lanes())
                slices = [e for e in doc["traceEvents"] if e["ph"] == "X"]
                self.assertEqual(len(slices), len(tl.runs))

    def test_pingpong_content(self):
        doc, _ = self.convert(PINGPONG)
        events = doc["traceEvents"]
        names = {e["tid"]: e["args"]["name"] for e in events if e["name"] == "thread_name"}
        self.assertEqual(names[3], "ping (task 3, pid 0)")
        # Microseconds from the first event: ping's first run is 310 ns to 12 us.
        ping = [e for e in events if e["ph"] == "X" and e["tid"] == 3][0]
        self.assertEqual((ping["ts"], ping["dur"]), (0.31, 11.69))
        send = [e for e in events if e["ph"] == "s"][0]
        recv = [e for e in events if e["ph"] == "f"][0]
        self.assertEqual((send["tid"], send["ts"], recv["tid"], recv["ts"]), (3, 21, 4, 21.1))
        irq = [e for e in events if e.get("cat") == "irq"][0]
        self.assertEqual((irq["tid"], irq["args"]), (2, {"vector": 32}))
        self.assertEqual(doc["otherData"]["tsc_per_ms"], 1000000)

    def test_syscall_args(self):
        doc, _ = self.convert(KV)
        ret = [e for e in doc["traceEvents"] if e.get("cat") == "sysret"]
        self.assertEqual(ret[0]["args"], {"number": 15, "call": "reply_recv", "result": 15})
        self.assertEqual(ret[-1]["args"]["result"], -10)

    def test_deterministic_and_command_line(self):
        with tempfile.TemporaryDirectory() as tmp:
            outs = [os.path.join(tmp, "%d.json" % i) for i in (1, 2)]
            for out in outs:
                self.assertEqual(trace2json.main(["-o", out, KV]), 0)
            with open(outs[0], "rb") as a, open(outs[1], "rb") as b:
                self.assertEqual(a.read(), b.read())

    def test_error_exit(self):
        with tempfile.TemporaryDirectory() as tmp:
            bad = os.path.join(tmp, "bad.dump")
            with open(bad, "w") as f:
                f.write(HEADER + "E 1 switch 1 2\nE 2 recv 1\n# end 2\n")
            err = io.StringIO()
            with redirect_stderr(err):
                self.assertEqual(trace2json.main([bad]), 1)
            self.assertIn("bad.dump:5: 'recv' has 1 fields, not 3", err.getvalue())


class CheckerTest(unittest.TestCase):
    """check_trace.py, which the boot test runs on a real trace, finds what it should."""

    def test_accepts_the_tools_output(self):
        tl = timeline(KV)
        doc = json.loads(trace2json.to_json(tl))
        self.assertEqual(check_trace.json_problems(doc), [])
        self.assertEqual(check_trace.svg_problems(trace2svg.to_svg(tl), doc), [])

    def test_finds_problems(self):
        tl = timeline(KV)
        doc = json.loads(trace2json.to_json(tl))
        events = doc["traceEvents"]
        del [e for e in events if e["ph"] == "X"][0]["dur"]
        del [e for e in events if e["ph"] == "i"][0]["tid"]
        events.remove([e for e in events if e["ph"] == "f"][0])
        problems = check_trace.json_problems(doc)
        self.assertEqual(len(problems), 3, problems)
        self.assertIn("no dur", problems[0] + problems[1])
        self.assertIn("flow 1 has only its s end", problems[2])
        svg = trace2svg.to_svg(tl)
        self.assertIn("not well-formed", check_trace.svg_problems(svg[:-20], doc)[0])
        fewer = svg.replace('<g class="lane" id="lane-2">', '<g id="lane-2">')
        self.assertIn("3 lanes for 4 tasks", check_trace.svg_problems(fewer, doc)[0])


class SvgTest(unittest.TestCase):
    def draw(self, path, *options):
        tl = timeline(path, *options)
        return ET.fromstring(trace2svg.to_svg(tl, "test").encode()), tl

    def by_class(self, root, name):
        return [e for e in root.iter() if name in e.get("class", "").split()]

    def test_lanes_bars_arrows(self):
        for path in (PINGPONG, KV):
            with self.subTest(path=os.path.basename(path)):
                root, tl = self.draw(path)
                self.assertEqual(root.tag, SVG + "svg")
                lanes = self.by_class(root, "lane")
                self.assertEqual([g.get("id") for g in lanes],
                                 ["lane-%d" % t for t in tl.lanes()])
                labels = [t.text for t in self.by_class(root, "label")]
                self.assertEqual(labels, [tl.lane_label(t) for t in tl.lanes()])
                self.assertEqual(len(self.by_class(root, "run")), len(tl.runs))
                self.assertEqual(len(self.by_class(root, "ipc")), len(tl.messages))
                irqs = [m for m in tl.marks if m[2] == "irq"]
                self.assertEqual(len(self.by_class(root, "irq")), len(irqs))
                self.assertGreaterEqual(len(self.by_class(root, "tick")), 3)

    def test_kv_arrows_go_from_sender_to_receiver(self):
        root, tl = self.draw(KV)
        call, reply = self.by_class(root, "ipc")
        self.assertEqual(call.get("class"), "ipc call")
        lane_y = {t: "%.2f" % (trace2svg.TOP + trace2svg.LANE_H * (i + 0.5))
                  for i, t in enumerate(tl.lanes())}
        self.assertEqual((call.get("y1"), call.get("y2")), (lane_y[7], lane_y[6]))
        self.assertEqual((reply.get("y1"), reply.get("y2")), (lane_y[6], lane_y[7]))
        self.assertLessEqual(float(call.get("x1")), float(call.get("x2")))

    def test_window_keeps_lanes_in_view(self):
        root, _ = self.draw(PINGPONG, "--start", "0.015", "--end", "0.025")
        self.assertEqual(len(self.by_class(root, "lane")), 2)
        for rect in self.by_class(root, "run"):
            x, w = float(rect.get("x")), float(rect.get("width"))
            self.assertGreaterEqual(x, trace2svg.LABEL_W)
            self.assertLessEqual(x + w, trace2svg.WIDTH - trace2svg.RIGHT + 0.01)

    def test_time_labels(self):
        self.assertEqual(trace2svg.nice_step(1000000), 200000)
        self.assertEqual(trace2svg.nice_step(37000), 5000)
        self.assertEqual(trace2svg.time_label(400000, 200000), "400 us")
        self.assertEqual(trace2svg.time_label(12000000, 1000000), "12 ms")
        self.assertEqual(trace2svg.time_label(1500, 500), "1500 ns")
        self.assertEqual(trace2svg.exact(21100), "21.100 us")

    def test_deterministic(self):
        with tempfile.TemporaryDirectory() as tmp:
            outs = [os.path.join(tmp, "%d.svg" % i) for i in (1, 2)]
            for out in outs:
                self.assertEqual(trace2svg.main(["-o", out, "--title", "kv", KV]), 0)
            with open(outs[0], "rb") as a, open(outs[1], "rb") as b:
                self.assertEqual(a.read(), b.read())

    def test_png(self):
        if shutil.which("rsvg-convert") is None:
            self.skipTest("rsvg-convert not found (librsvg2-bin): no PNG")
        with tempfile.TemporaryDirectory() as tmp:
            svg, png = os.path.join(tmp, "t.svg"), os.path.join(tmp, "t.png")
            self.assertEqual(trace2svg.main(["-o", svg, "--png", png, PINGPONG]), 0)
            with open(png, "rb") as f:
                self.assertEqual(f.read(8), b"\x89PNG\r\n\x1a\n")


if __name__ == "__main__":
    unittest.main()
