"""One check path: every command says what ``confide check`` says (issue "One house").

A project whose ``[tool.confide]`` disables one code and re-grades another holds a protocol that
includes an agreement outside its own folder. ``check``, ``explain``, ``simulate``, ``test``,
``graph``, ``leaflet``, ``diff`` and the HTML report must all follow that include and honour
those settings: the same findings, the same flows.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]

CONFIG = """\
[tool.confide]
disable = ["DP003"]

[tool.confide.severity]
FDAP004 = "error"
"""

AGREEMENT = """\
protocol "Partnership agreement"
recipient hub "Regional safeguarding hub"
  kind other
recipient probation-unit "Probation delivery unit"
  kind probation
trigger threat "A client threatens to hurt a named person"
  means serious-harm-to-others
  threshold belief
clause P1 "The hub tells probation"
  hub must share risk-information, identity with probation-unit
  consent not-required
"""

PROTOCOL = """\
protocol "Riverside House"
  service supported-housing
  clients adults
include "../shared/agreement.protocol"
trigger dealing "Staff suspect a resident of dealing on the premises"
  means drug-supply-on-premises
  threshold suspicion
at-assessment
  explain limits-of-confidentiality
records
  storage secure
clause 1 "Threats"
  when threat
  staff may share identity, risk-information with hub, police
  consent not-required
  steps seek-consent, inform-client, record-decision
clause 2 "Dealing"
  when dealing
  staff must share identity, suspected-activity with police
  consent not-required
scenario "A threat to a named person reaches the hub"
  client age 30
  events threat
  consent refused
  expect share risk-information with hub
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pyproject.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared" / "agreement.protocol").write_text(AGREEMENT, encoding="utf-8")
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "riverside.protocol").write_text(PROTOCOL, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def checked(cli: Cli) -> dict[str, set[tuple[str, str]]]:
    """What ``check`` finds: clause REF -> {(code, severity)}."""
    _, out, _ = cli("check", "site", "--format", "json", "--no-cache")
    found: dict[str, set[tuple[str, str]]] = {}
    for f in json.loads(out)["findings"]:
        found.setdefault(f["clause"] or "", set()).add((f["code"], f["severity"]))
    return found


def test_settings_and_includes_reach_check(project: Path, cli: Cli) -> None:
    found = checked(cli)
    codes = {code for items in found.values() for code, _ in items}
    assert "E003" not in codes and "E002" not in codes  # the include outside site/ was followed
    assert "DP003" not in codes  # disabled in [tool.confide]
    assert ("FDAP004", "error") in found["1"] and ("FDAP004", "error") in found["2"]  # re-graded
    assert any(code == "GRAPH002" for code, _ in found["1"])  # the hub passes it on: the agreement counts


def test_explain_lists_exactly_what_check_finds(project: Path, cli: Cli) -> None:
    found = checked(cli)
    for ref in ("1", "2"):
        code, out, err = cli("explain", "site/riverside.protocol", ref)
        assert code == 0, err
        listed = set(re.findall(r"^   (error|warning|info)(?: \(waived\))? ([A-Z]+\d+) \(line", out, re.MULTILINE))
        assert {(c, s) for s, c in listed} == found[ref]


def test_simulate_judges_clauses_as_check_does(project: Path, cli: Cli) -> None:
    found = checked(cli)
    code, out, err = cli("simulate", "site/riverside.protocol", "--event", "threat", "--event", "dealing",
                         "--consent", "refused")
    assert code == 0, err
    for ref in ("1", "2"):
        section = out.split(f"Clause {ref} ", 1)[1].split("\n\n", 1)[0]
        assert set(re.findall(r"- ([A-Z]+\d+) ", section)) == {c for c, _ in found[ref]}


def test_scenarios_run_against_the_same_unit(project: Path, cli: Cli) -> None:
    code, out, _ = cli("test", "site")
    assert code == 0, out
    assert "1 scenarios" in out.replace("1 scenario,", "1 scenarios,") and "1 passed" in out


def test_graph_and_html_draw_the_same_flows(project: Path, cli: Cli, tmp_path: Path) -> None:
    code, dot, _ = cli("graph", "site/riverside.protocol", "--format", "dot")
    assert code == 0
    edges = re.findall(r'-> n\d+ \[label="[^"]*\(clauses? ([^:]+): ([^)]+)\)"', dot)
    assert ("P1", "not justified") in edges  # the agreement's own flow is drawn
    html = tmp_path / "report.html"
    cli("check", "site", "--format", "html", "-o", str(html), "--no-cache")
    text = html.read_text(encoding="utf-8")
    for clauses, status in edges:
        assert f"clause{'s' if ',' in clauses else ''} {clauses}: {status}" in text


def test_leaflet_and_diff_use_the_same_check(project: Path, cli: Cli, tmp_path: Path) -> None:
    code, out, err = cli("leaflet", "site/riverside.protocol", "--format", "markdown")
    assert code == 0, err
    assert "Regional safeguarding hub" in out  # the hub, declared only in the included agreement
    newer = project / "site" / "newer.protocol"
    newer.write_text(PROTOCOL.replace("steps seek-consent, inform-client, record-decision\n",
                                      "steps seek-consent, inform-client\n"), encoding="utf-8")
    code, out, _ = cli("diff", "site/riverside.protocol", "site/newer.protocol")
    assert "DP003" not in out  # disabled: not a finding the redraft introduces
    assert code == 1 and "[DIFF003 error]" in out  # but dropping the step is still a less safe change
    assert textwrap.dedent("""\
        Safeguards removed:
          [DIFF003 error] identity, risk-information: no longer record-decision""") in out
