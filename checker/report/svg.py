"""Arrows (an outline's flows) -> an inline SVG drawing of who shares with whom (the HTML report).

Drawn by our own code so the report stays one self-contained file with no Graphviz on the
machine that makes it. Parties are boxes: the service's staff on the left, recipients in a
column on the right; a sharing flow is an arrow labelled with its clause references. A flow
made without consent that no duty or serious-harm standard justifies is dashed *and* says
"not justified" in words, so its meaning never rests on colour alone. The SVG is built with
``xml.etree.ElementTree``, which escapes every name and label taken from the protocol.
"""

from __future__ import annotations

import bisect
import xml.etree.ElementTree as ET
from collections.abc import Sequence

from confide.check import Arrow
from confide.display import visible
from confide.graph import STAFF

BOX_H = 42  # a party's box, at least
LANE = 26  # vertical room for each arrow arriving at a box
GAP = 26  # between boxes
ARC_STEP = 26  # between the arcs of onward flows
LEFT_X, LEFT_W = 16, 250
RIGHT_X, RIGHT_W = 650, 290
TOP = 24
CHAR_WIDTH = 9  # pixels per character of a party's name, generously
LABEL_GAP = 19  # between the labels of onward flows

# One style per kind of flow: the label word carries the meaning, the stroke repeats it.
DASHED = "7 5"
STATUSES = {
    "unjustified": ("not justified", "#b00020", DASHED),
    "justified": ("no consent, justified", "#1f3a68", ""),
    "consent": ("with consent", "#2e6b30", ""),
    # Not disclosures (LANGUAGE.md §3): never drawn as consented, whatever the clause's consent line says.
    "internal": ("internal, not a disclosure", "#5f6368", "2 4"),
    "anonymised": ("anonymised, not a disclosure", "#5f6368", "2 4"),
}
# Always in the legend; the others only where a flow has them.
LEGEND = ("unjustified", "justified", "consent")


def _short(text: str, width: int) -> str:
    """``text`` cut to what fits a box ``width`` pixels wide (the full name is in its tooltip)."""
    fits = width // CHAR_WIDTH
    return text if len(text) <= fits else text[: fits - 1].rstrip() + "…"


def _box(parent: ET.Element, x: int, y: int, w: int, h: int, title: str) -> None:
    group = ET.SubElement(parent, "g", {"class": "party"})
    ET.SubElement(group, "title").text = visible(title)
    ET.SubElement(group, "rect", {"x": str(x), "y": str(y), "width": str(w), "height": str(h), "rx": "6",
                                  "fill": "#ffffff", "stroke": "#333333", "stroke-width": "1.5"})
    text = ET.SubElement(group, "text", {"x": str(x + w // 2), "y": str(y + h // 2 + 5),
                                         "text-anchor": "middle", "font-size": "16", "fill": "#111111"})
    text.text = _short(visible(title), w - 16)


def _label(parent: ET.Element, x: float, y: float, text: str, colour: str, anchor: str = "middle") -> None:
    node = ET.SubElement(parent, "text", {"x": f"{x:.0f}", "y": f"{y:.0f}", "text-anchor": anchor,
                                          "font-size": "15", "fill": colour, "paint-order": "stroke",
                                          "stroke": "#ffffff", "stroke-width": "4"})
    node.text = text


def _free_row(used: list[float], want: float) -> float:
    """The first height at or below ``want`` that is clear of every onward label placed so far.

    ``used`` is kept sorted, so a label looks only at its neighbours instead of every label
    before it (35 partners all sharing with each other make 1,190 labels).
    """
    at = bisect.bisect_right(used, want - LABEL_GAP)
    while at < len(used) and used[at] < want + LABEL_GAP:
        want = used[at] + LABEL_GAP
        at += 1
    bisect.insort(used, want)
    return want


def draw(arrows: Sequence[Arrow], title: str, ident: str = "graph") -> str:
    """The SVG markup of the graph's sharing flows, with a legend; '' when nothing is shared.

    ``ident`` keeps element ids unique when several drawings share one page. Each recipient's
    box is tall enough for every arrow coming into it to arrive at its own height, so the
    label written just above each arrow's end never sits on another. The service's staff are
    the box on the left; every recipient is a box on the right, even one a protocol names
    ``staff``. Protocol text is shown with control characters made visible, so the drawing is
    valid XML whatever the protocol holds.
    """
    if not arrows:
        return ""
    return _drawing(arrows, title, ident)


def empty(title: str) -> str:
    """A drawing that says nothing is shared: what ``confide graph --format svg`` writes then (an
    SVG file must be a document, even an empty one).
    """
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": "0 0 640 60", "width": "640",
                             "height": "60", "role": "img", "font-family": "system-ui, sans-serif"})
    ET.SubElement(svg, "title").text = visible(f"Sharing flows in {title}")
    ET.SubElement(svg, "text", {"x": "16", "y": "36", "font-size": "16"}).text = "This protocol shares nothing."
    return ET.tostring(svg, encoding="unicode")


def _drawing(arrows: Sequence[Arrow], title: str, ident: str) -> str:
    staff_label = next((a.source_label for a in arrows if a.source == STAFF), "staff")
    names = {a.source: a.source_label for a in arrows if a.source != STAFF} | {a.target: a.target_label for a in arrows}
    parties = list(dict.fromkeys(p for f in arrows
                                 for p in ((f.target,) if f.source == STAFF else (f.source, f.target))))
    incoming: dict[str, list[Arrow]] = {p: [] for p in parties}
    for flow in arrows:
        if flow.source == STAFF:
            incoming[flow.target].append(flow)
    heights = {p: max(BOX_H, LANE * len(incoming[p]) + 14) for p in parties}
    row_y: dict[str, int] = {}
    y = TOP
    for party in parties:
        row_y[party] = y
        y += heights[party] + GAP
    staff_y = max(TOP, (TOP + y - GAP) // 2 - BOX_H // 2)
    onward = [f for f in arrows if f.source != STAFF]
    arcs_right = RIGHT_X + RIGHT_W + 40 + ARC_STEP * len(onward)
    width = arcs_right + 300 if onward else RIGHT_X + RIGHT_W + 16
    height = max(y - GAP, staff_y + BOX_H) + 70
    svg = ET.Element("svg", {"xmlns": "http://www.w3.org/2000/svg", "viewBox": f"0 0 {width} {height}",
                             "width": str(width), "height": str(height),
                             "role": "img", "aria-labelledby": f"{ident}-title {ident}-desc", "class": "graph",
                             "font-family": "system-ui, sans-serif"})
    ET.SubElement(svg, "title", {"id": f"{ident}-title"}).text = visible(f"Sharing flows in {title}")
    ET.SubElement(svg, "desc", {"id": f"{ident}-desc"}).text = visible("; ".join(
        f"{staff_label if f.source == STAFF else names[f.source]} to {names[f.target]}: clause "
        f"{', '.join(f.clauses)}, {STATUSES[f.status][0]}" for f in arrows))
    defs = ET.SubElement(svg, "defs")
    for status, (_, colour, _) in STATUSES.items():
        marker = ET.SubElement(defs, "marker", {"id": f"{ident}-arrow-{status}", "viewBox": "0 0 10 10", "refX": "10",
                                                "refY": "5", "markerWidth": "7", "markerHeight": "7",
                                                "orient": "auto-start-reverse"})
        ET.SubElement(marker, "path", {"d": "M 0 0 L 10 5 L 0 10 z", "fill": colour})
    lines = ET.SubElement(svg, "g", {"class": "flows"})
    labels = ET.SubElement(svg, "g", {"class": "labels"})
    used: list[float] = []  # heights of the onward labels, sorted
    lanes: dict[str, int] = {}  # arrows drawn so far into each recipient's box
    arcs = 0  # onward arcs drawn so far
    for flow in arrows:
        word, colour, dash = STATUSES[flow.status]
        style = {"fill": "none", "stroke": colour, "stroke-width": "2.2",
                 "marker-end": f"url(#{ident}-arrow-{flow.status})"}
        if dash:
            style["stroke-dasharray"] = dash
        text = visible(f"{'clause' if len(flow.clauses) == 1 else 'clauses'} {', '.join(flow.clauses)}: {word}")
        if flow.source == STAFF:
            lane = lanes.get(flow.target, 0)
            lanes[flow.target] = lane + 1
            ty = row_y[flow.target] + 7 + LANE * lane + LANE // 2
            sx, sy = LEFT_X + LEFT_W, staff_y + BOX_H // 2
            ET.SubElement(lines, "path", {"d": f"M {sx} {sy} C {sx + 90} {sy}, {RIGHT_X - 150} {ty}, {RIGHT_X} {ty}",
                                          **style})
            _label(labels, RIGHT_X - 12, ty - 5, text, colour, anchor="end")
        else:  # onward: a recipient passes it on; an arc out to the right of the column
            arcs += 1
            sy = row_y[flow.source] + heights[flow.source] // 2 - 6
            ty = row_y[flow.target] + heights[flow.target] // 2 + 6
            edge = RIGHT_X + RIGHT_W
            reach = edge + 40 + ARC_STEP * arcs
            ET.SubElement(lines, "path", {"d": f"M {edge} {sy} C {reach} {sy}, {reach} {ty}, {edge + 2} {ty}", **style})
            ly = _free_row(used, (sy + ty) / 2 + 4)
            _label(labels, arcs_right + 8, ly, text, colour, anchor="start")
            leader = f"M {reach - ARC_STEP / 4:.0f} {(sy + ty) / 2:.0f} L {arcs_right + 4} {ly - 4:.0f}"
            ET.SubElement(lines, "path", {"d": leader, "stroke": colour, "stroke-width": "1",
                                          "stroke-dasharray": "2 2", "fill": "none"})
    _box(svg, LEFT_X, staff_y, LEFT_W, BOX_H, staff_label)
    for party in parties:
        _box(svg, RIGHT_X, row_y[party], RIGHT_W, heights[party], names[party])
    shown = [*LEGEND, *(s for s in STATUSES if s not in LEGEND and any(f.status == s for f in arrows))]
    rows = (len(shown) + 2) // 3  # three to a row: a fourth goes below
    if used and used[-1] + 70 > height:  # onward labels pushed below the boxes: make room for them
        height = int(used[-1]) + 70
    height += LANE * (rows - 1)
    svg.set("viewBox", f"0 0 {width} {height}")
    svg.set("height", str(height))
    legend = ET.SubElement(svg, "g", {"class": "legend", "font-size": "15"})
    for i, (word, colour, dash) in enumerate(STATUSES[s] for s in shown):
        x, y = LEFT_X + i % 3 * 330, height - 28 - LANE * (rows - 1 - i // 3)
        attrs = {"x1": str(x), "y1": str(y), "x2": str(x + 44), "y2": str(y), "stroke": colour, "stroke-width": "2.2"}
        if dash:
            attrs["stroke-dasharray"] = dash
        ET.SubElement(legend, "line", attrs)
        ET.SubElement(legend, "text", {"x": str(x + 52), "y": str(y + 4), "fill": "#111111"}).text = (
            f"{word} ({'dashed' if dash == DASHED else 'dotted'})" if dash else word)
    return ET.tostring(svg, encoding="unicode")
