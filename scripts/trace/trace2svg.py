#!/usr/bin/env python3
"""trace2svg.py - draws a kernel trace dump as an SVG timeline (and a PNG of it, for the docs).

    trace2svg.py [--start MS | --from REGEX | --from-task NAME] [--end MS | --length MS]
                 [--title TEXT] [-o FILE.svg [--png FILE.png]] DUMP

One lane per task, labelled with its name and id; a bar while the task has the CPU; a red tick
on the lane of the task an interrupt stopped, and a red dot where a driver takes the
notification of its interrupt; an arrow from a message's sender (when it sends) to its receiver
(when it has the message); the time axis below, counted from the window's start (which its left
end gives, in time since the dump's first event). The PNG is the same picture, drawn by
rsvg-convert (Debian: librsvg2-bin) when it is installed. The same dump gives the same bytes.
"""
import argparse
import math
import shutil
import subprocess
import sys
from xml.sax.saxutils import escape, quoteattr

import tracedump

WIDTH = 960          # the whole picture, pixels
LABEL_W = 150        # the lane labels, on the left
RIGHT = 20           # margin on the right
TOP = 34             # the title
LANE_H = 28          # one lane
BAR_H = 14           # a running bar, centred in its lane
AXIS_H = 34          # the time axis and its labels
LEGEND_H = 24        # the key, at the bottom
BAR_COLORS = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948", "#9c755f",
              "#ff9da7"]
IDLE_COLOR = "#c8c8c8"
IRQ_COLOR = "#d62728"
MESSAGE_COLORS = {"send": "#1b1b1b", "call": "#2c7fb8", "reply": "#31a354"}


def _num(x):
    """A coordinate, always written the same way."""
    return "%.2f" % x


def nice_step(span_ns, ticks=8):
    """A tick spacing of 1, 2 or 5 times a power of ten giving about @ticks ticks."""
    raw = max(span_ns / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    for m in (1, 2, 5, 10):
        if m * power >= raw:
            return m * power
    return 10 * power


def exact(ns):
    """@ns as microseconds with every digit, for the tooltips."""
    return "%d.%03d us" % (ns // 1000, ns % 1000)


def time_label(ns, step):
    """@ns in the largest unit (ms, us, ns) not larger than the tick spacing @step: a whole
    number, since ticks are multiples of @step."""
    for unit, size in (("ms", 1000000), ("us", 1000), ("ns", 1)):
        if step >= size:
            return "%d %s" % (ns // size, unit)
    return "%d ns" % ns


class Drawing:
    """The SVG's elements, one a line, and the scale from time to x."""

    def __init__(self, tl):
        self.tl = tl
        self.lanes = tl.lanes()
        self.span = max(tl.end - tl.start, 1)
        self.plot_w = WIDTH - LABEL_W - RIGHT
        self.height = TOP + LANE_H * len(self.lanes) + AXIS_H + LEGEND_H
        self.out = []

    def x(self, ns):
        return LABEL_W + (ns - self.tl.start) * self.plot_w / self.span

    def lane_y(self, task):
        """The middle of @task's lane."""
        return TOP + LANE_H * self.lanes.index(task) + LANE_H / 2

    def add(self, text):
        self.out.append(text)

    def defs(self):
        self.add("<defs>")
        for kind, color in sorted(MESSAGE_COLORS.items()):
            self.add('<marker id="arrow-%s" viewBox="0 0 8 8" refX="8" refY="4" '
                     'markerWidth="7" markerHeight="7" orient="auto">'
                     '<path d="M0,0 L8,4 L0,8 z" fill="%s"/></marker>' % (kind, color))
        self.add("</defs>")

    def lane(self, index, task):
        """The lane's label and guide line, and the task's bars."""
        name = self.tl.task_name(task)
        color = IDLE_COLOR if name == "idle" else BAR_COLORS[index % len(BAR_COLORS)]
        y = self.lane_y(task)
        self.add('<g class="lane" id="lane-%d">' % task)
        self.add('<text class="label" x="%s" y="%s" text-anchor="end" '
                 'dominant-baseline="middle">%s</text>' % (
                     _num(LABEL_W - 8), _num(y), escape(self.tl.lane_label(task))))
        self.add('<line class="guide" x1="%s" y1="%s" x2="%s" y2="%s" stroke="#e0e0e0"/>' % (
            _num(LABEL_W), _num(y), _num(WIDTH - RIGHT), _num(y)))
        for who, start, end in self.tl.runs:
            if who != task:
                continue
            x0, x1 = self.x(start), self.x(end)
            self.add('<rect class="run" x="%s" y="%s" width="%s" height="%s" fill="%s">'
                     '<title>%s</title></rect>' % (
                         _num(x0), _num(y - BAR_H / 2), _num(max(x1 - x0, 0.5)), _num(BAR_H),
                         color, escape("%s runs %s to %s" % (name, exact(start), exact(end)))))
        self.add("</g>")

    def interrupts(self):
        """A tick at the top of the interrupted task's lane."""
        for ns, task, kind, label, _ in self.tl.marks:
            if kind != "irq" or task not in self.lanes:
                continue
            x, y = self.x(ns), self.lane_y(task) - LANE_H / 2
            self.add('<line class="irq" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" '
                     'stroke-width="1.5"><title>%s</title></line>' % (
                         _num(x), _num(y + 1), _num(x), _num(y + 8), IRQ_COLOR,
                         escape("%s at %s" % (label, exact(ns)))))

    def notifications(self):
        """A dot on the lane of the task that takes a notification (a driver, from its
        interrupt line)."""
        for ns, task, kind, label, _ in self.tl.marks:
            if kind != "notify" or task not in self.lanes:
                continue
            self.add('<circle class="notify" cx="%s" cy="%s" r="3" fill="%s"><title>%s</title>'
                     '</circle>' % (_num(self.x(ns)), _num(self.lane_y(task)), IRQ_COLOR,
                                    escape("%s at %s" % (label, exact(ns)))))

    def messages(self):
        """An arrow from the sender's lane to the receiver's."""
        for kind, sender, receiver, start, end, length in self.tl.messages:
            if sender not in self.lanes or receiver not in self.lanes:
                continue
            what = "%s %s -> %s, %d bytes" % (kind, self.tl.task_name(sender),
                                              self.tl.task_name(receiver), length)
            self.add('<line class="ipc %s" x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" '
                     'stroke-width="1.2" marker-end="url(#arrow-%s)"><title>%s</title></line>' % (
                         kind, _num(self.x(start)), _num(self.lane_y(sender)),
                         _num(self.x(end)), _num(self.lane_y(receiver)), MESSAGE_COLORS[kind],
                         kind, escape(what)))

    def axis(self):
        y = TOP + LANE_H * len(self.lanes) + 4
        self.add('<g class="axis">')
        self.add('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="black"/>' % (
            _num(LABEL_W), _num(y), _num(WIDTH - RIGHT), _num(y)))
        # The ticks count from the window's start, which the caption on the left gives.
        step = nice_step(self.span)
        tick = 0
        while self.tl.start + tick <= self.tl.end:
            x = self.x(self.tl.start + tick)
            self.add('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="black"/>' % (
                _num(x), _num(y), _num(x), _num(y + 5)))
            self.add('<text class="tick" x="%s" y="%s" text-anchor="middle">%s</text>' % (
                _num(x), _num(y + 18), escape(time_label(tick, step))))
            tick += step
        if self.tl.start:
            self.add('<text class="origin" x="%s" y="%s" text-anchor="end">from %.3f ms</text>' % (
                _num(LABEL_W - 24), _num(y + 18), self.tl.start / 1e6))
        self.add("</g>")

    def legend(self):
        y = self.height - LEGEND_H / 2
        x = LABEL_W
        self.add('<g class="legend">')
        self.add('<rect x="%s" y="%s" width="14" height="10" fill="%s"/>' % (
            _num(x), _num(y - 5), BAR_COLORS[0]))
        self.add('<text x="%s" y="%s" dominant-baseline="middle">running</text>' % (
            _num(x + 18), _num(y)))
        self.add('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.5"/>' % (
            _num(x + 90), _num(y - 5), _num(x + 90), _num(y + 5), IRQ_COLOR))
        self.add('<text x="%s" y="%s" dominant-baseline="middle">interrupt</text>' % (
            _num(x + 96), _num(y)))
        self.add('<circle cx="%s" cy="%s" r="3" fill="%s"/>' % (_num(x + 170), _num(y), IRQ_COLOR))
        self.add('<text x="%s" y="%s" dominant-baseline="middle">notification</text>' % (
            _num(x + 178), _num(y)))
        x += 270
        for kind in ("send", "call", "reply"):
            self.add('<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" '
                     'marker-end="url(#arrow-%s)"/>' % (_num(x), _num(y), _num(x + 24), _num(y),
                                                        MESSAGE_COLORS[kind], kind))
            self.add('<text x="%s" y="%s" dominant-baseline="middle">%s</text>' % (
                _num(x + 30), _num(y), {"send": "send to recv", "call": "call",
                                        "reply": "reply"}[kind]))
            x += 120
        self.add("</g>")

    def svg(self, title):
        self.add('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" '
                 'viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">' % (
                     WIDTH, self.height, WIDTH, self.height))
        self.add("<title>%s</title>" % escape(title))
        self.defs()
        self.add('<rect width="100%" height="100%" fill="white"/>')
        self.add('<text class="title" x="%d" y="20" font-size="14">%s</text>' % (
            LABEL_W, escape(title)))
        for index, task in enumerate(self.lanes):
            self.lane(index, task)
        self.interrupts()
        self.notifications()
        self.messages()
        self.axis()
        self.legend()
        self.add("</svg>")
        return '<?xml version="1.0" encoding="UTF-8"?>\n' + "\n".join(self.out) + "\n"


def to_svg(tl, title="kernel trace"):
    return Drawing(tl).svg(title)


def write_png(svg_path, png_path):
    """Draws the SVG file as a PNG with rsvg-convert; False (and says so) when it is missing."""
    tool = shutil.which("rsvg-convert")
    if tool is None:
        sys.stderr.write("trace2svg: rsvg-convert not found (apt-get install librsvg2-bin): "
                         "no PNG, %s not written\n" % png_path)
        return False
    subprocess.run([tool, "--format=png", "--output", png_path, svg_path], check=True)
    return True


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    tracedump.add_common_options(parser)
    parser.add_argument("--title", default=None, help="the picture's title")
    parser.add_argument("-o", "--output", help="write the SVG here instead of to standard output")
    parser.add_argument("--png", metavar="FILE", help="also draw it as a PNG (needs -o)")
    args = parser.parse_args(argv)
    if args.png and not args.output:
        parser.error("--png needs -o FILE.svg")
    try:
        tl = tracedump.load(args)
    except (tracedump.TraceError, OSError) as err:
        sys.stderr.write("trace2svg: %s\n" % err)
        return 1
    tracedump.report_unknown(tl.dump, "trace2svg", sys.stderr)
    text = to_svg(tl, args.title or "kernel trace")
    if not args.output:
        sys.stdout.write(text)
        return 0
    with open(args.output, "w", encoding="utf-8") as f:
        f.write(text)
    if args.png:
        write_png(args.output, args.png)
    return 0


if __name__ == "__main__":
    sys.exit(main())
