#!/usr/bin/env python3
"""check_trace.py - checks what the trace tools wrote: that a JSON file is trace-event JSON with
every field its events need, and that an SVG file is well-formed with a lane per task of the JSON
and an arrow per message. Prints each problem and exits 1 if there is any.

    check_trace.py FILE.json FILE.svg
"""
import json
import sys
import xml.etree.ElementTree as ET

# The fields every event must have, and more by phase (ph).
REQUIRED = ("name", "ph", "ts", "pid", "tid")
BY_PHASE = {"X": ("dur",), "i": ("s",), "s": ("id", "cat"), "f": ("id", "cat", "bp"), "M": ("args",)}


def json_problems(doc):
    """What is wrong with the trace-event JSON object @doc, as a list of sentences."""
    if not isinstance(doc, dict) or not isinstance(doc.get("traceEvents"), list):
        return ["not the JSON Object Format: no traceEvents list"]
    problems = []
    if doc.get("displayTimeUnit") not in ("ms", "ns"):
        problems.append("displayTimeUnit is %r" % doc.get("displayTimeUnit"))
    flows = {}
    for i, e in enumerate(doc["traceEvents"]):
        missing = [f for f in REQUIRED + BY_PHASE.get(e.get("ph"), ()) if f not in e]
        if e.get("ph") not in BY_PHASE:
            problems.append("event %d: phase %r" % (i, e.get("ph")))
        if missing:
            problems.append("event %d (%s): no %s" % (i, e.get("ph"), ", ".join(missing)))
            continue
        if not isinstance(e["ts"], (int, float)) or e["ts"] < 0:
            problems.append("event %d: ts %r" % (i, e["ts"]))
        if e["ph"] == "X" and not e["dur"] >= 0:
            problems.append("event %d: dur %r" % (i, e["dur"]))
        if e["ph"] in ("s", "f"):
            flows.setdefault(e["id"], {})[e["ph"]] = e
    for flow_id, ends in sorted(flows.items()):
        if sorted(ends) != ["f", "s"]:
            problems.append("flow %r has only its %s end" % (flow_id, "".join(ends)))
        elif ends["f"]["ts"] < ends["s"]["ts"]:
            problems.append("flow %r ends before it starts" % flow_id)
    return problems


def svg_problems(text, doc):
    """What is wrong with the SVG @text, drawn from the same trace as JSON object @doc."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as err:
        return ["the SVG is not well-formed XML: %s" % err]
    if root.tag != "{http://www.w3.org/2000/svg}svg":
        return ["the root element is %s, not svg" % root.tag]
    classes = [e.get("class", "").split() for e in root.iter()]
    lanes = sum("lane" in c for c in classes)
    arrows = sum("ipc" in c for c in classes)
    tasks = sum(e["name"] == "thread_name" for e in doc["traceEvents"])
    flows = sum(e["ph"] == "s" for e in doc["traceEvents"])
    problems = []
    if lanes != tasks:
        problems.append("the SVG has %d lanes for %d tasks" % (lanes, tasks))
    if arrows != flows:
        problems.append("the SVG has %d arrows for %d messages" % (arrows, flows))
    return problems


def main(argv):
    if len(argv) != 3:
        sys.stderr.write("usage: check_trace.py FILE.json FILE.svg\n")
        return 2
    try:
        with open(argv[1], encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as err:
        print("%s: %s" % (argv[1], err))
        return 1
    problems = json_problems(doc)
    with open(argv[2], encoding="utf-8") as f:
        problems += [] if problems else svg_problems(f.read(), doc)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
