"""Unit + Settings -> findings: run every registered rule once per scope, then waivers.

Rules are pure functions of a clause or of the whole graph; the engine alone knows about
configuration (disabled codes, severity overrides) and waivers, so rules never do.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Iterator

import confide.rules  # noqa: F401  (registers the catalogue)
from confide.config import Settings
from confide.findings import REGISTRY, Finding, apply_waivers
from confide.graph import ObligationGraph
from confide.loader import Unit


def run_rules(unit: Unit, settings: Settings) -> list[Finding]:
    """All rule findings for ``unit``, configured and waived."""
    graph = ObligationGraph(unit)
    raw: list[Finding] = []
    for rule in REGISTRY.values():
        if rule.check is None or rule.code in settings.disable:
            continue
        if rule.scope == "clause":
            for clause in unit.root.clauses:
                raw.extend(rule.check(clause, graph))
        else:
            raw.extend(rule.check(graph))
    waivers = [(c.ref.text, w) for c in unit.root.clauses for w in c.waivers]
    return list(apply_waivers(configure(raw, settings), waivers, settings.today))


def configure(findings: Iterable[Finding], settings: Settings) -> Iterator[Finding]:
    """Apply ``disable`` and severity overrides from the configuration."""
    for finding in findings:
        if finding.code in settings.disable:
            continue
        override = settings.severity.get(finding.code)
        yield replace(finding, severity=override) if override is not None else finding
