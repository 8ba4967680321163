"""Arrows -> Graphviz DOT or Mermaid text: who shares what with whom, and on what footing.

The arrows are the ones the HTML report draws (``Outline.arrows``), so every picture of a
protocol agrees. Protocol text reaches the output only as quoted, escaped labels; node ids
are generated (``n0``, ``n1``…), never taken from the protocol, so no name can break out.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from confide.check import Arrow
from confide.display import visible
from confide.graph import STAFF
from confide.report.svg import STATUSES

DOT_STYLE = {"unjustified": 'color="#b00020", style=dashed', "justified": 'color="#1f3a68"',
             "consent": 'color="#2e6b30"', "internal": 'color="#5f6368", style=dotted',
             "anonymised": 'color="#5f6368", style=dotted'}
MERMAID_ARROW = {"unjustified": "-.->", "justified": "-->", "consent": "-->", "internal": "-.->", "anonymised": "-.->"}
MERMAID_ESCAPES = {"&": "#amp;", '"': "#quot;", "<": "#lt;", ">": "#gt;", "|": "#124;", "#": "#35;", ";": "#59;",
                   "`": "#96;", "\n": " "}


def _party(name: str, source: bool) -> str:
    """The node of a party: the service's staff only as the subject of a flow; a recipient a
    protocol happens to name ``staff`` is a node of its own.
    """
    return STAFF if source and name == STAFF else f"recipient {name}"


def _parties(arrows: Sequence[Arrow]) -> dict[str, str]:
    """Party node -> generated node id, staff first, then in order of appearance."""
    ids: dict[str, str] = {STAFF: "n0"}
    for arrow in arrows:
        for party in (_party(arrow.source, True), _party(arrow.target, False)):
            ids.setdefault(party, f"n{len(ids)}")
    return ids


def _edge_label(arrow: Arrow) -> str:
    refs = ", ".join(arrow.clauses)
    return f"{', '.join(arrow.data)}\n(clause {refs}: {STATUSES[arrow.status][0]})"


def dot_quote(text: str) -> str:
    """A DOT double-quoted string: backslashes, quotes and newlines escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def to_dot(arrows: Sequence[Arrow], title: str) -> str:
    """The flows as a Graphviz digraph."""
    ids = _parties(arrows)
    labels = _labels(arrows)
    out = ["digraph obligations {", f"  label={dot_quote(visible(title))};", "  labelloc=t;", "  rankdir=LR;",
           '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];']
    out += [f"  {node} [label={dot_quote(labels.get(party, party))}];" for party, node in ids.items()]
    out += [f"  {ids[_party(a.source, True)]} -> {ids[_party(a.target, False)]} [label={dot_quote(_edge_label(a))}, "
            f"{DOT_STYLE[a.status]}];" for a in arrows]
    return "\n".join(out) + "\n}\n"


def mermaid_quote(text: str) -> str:
    """A Mermaid quoted label, with every character Mermaid would interpret as an entity code."""
    return '"' + "".join(MERMAID_ESCAPES.get(ch, ch) for ch in text) + '"'


def to_mermaid(arrows: Sequence[Arrow], title: str) -> str:
    """The flows as a Mermaid flowchart (renders in GitHub and GitLab Markdown)."""
    ids = _parties(arrows)
    labels = _labels(arrows)
    out = ["---", f"title: {json.dumps(visible(title))}", "---", "flowchart LR"]  # a YAML double-quoted string
    out += [f"  {node}[{mermaid_quote(labels.get(party, party))}]" for party, node in ids.items()]
    out += [f"  {ids[_party(a.source, True)]} {MERMAID_ARROW[a.status]}|"
            f"{mermaid_quote(_edge_label(a).replace(chr(10), ' '))}| {ids[_party(a.target, False)]}" for a in arrows]
    return "\n".join(out) + "\n"


def _labels(arrows: Sequence[Arrow]) -> dict[str, str]:
    """Each party node's name as the protocol gives it (control characters shown visibly)."""
    return ({_party(a.source, True): visible(a.source_label) for a in arrows}
            | {_party(a.target, False): visible(a.target_label) for a in arrows})
