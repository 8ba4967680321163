"""SARIF 2.1.0: valid against the schema, positions and URIs as code scanning needs them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest
from confide.batch import check_paths as check
from confide.config import Settings
from confide.report.sarif import artifact_uri, render_sarif
from confide.report.text import repository_root

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
SAMPLE = ROOT / "tests" / "golden" / "sample.protocol"


def sarif_of(path: Path, root: Path) -> dict[str, Any]:
    return json.loads(render_sarif(list(check([str(path)], Settings())), root))  # type: ignore[no-any-return]


def test_sarif_validates_against_the_2_1_0_schema() -> None:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas is not present")
    jsonschema = pytest.importorskip("jsonschema")
    log = sarif_of(SAMPLE, ROOT)
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))
    assert log["runs"][0]["results"], "the sample has findings: the schema check must see results"


def test_rules_carry_documentation_and_results_point_into_the_repository() -> None:
    run = sarif_of(SAMPLE, ROOT)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    law001 = rules["LAW001"]
    assert law001["name"] == "automatic-referral-exceeds-duty"
    assert law001["defaultConfiguration"]["level"] == "error"
    assert law001["helpUri"].endswith("docs/rules.md#law001-automatic-referral-exceeds-duty")
    anchors = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "(#law001-automatic-referral-exceeds-duty)" in anchors  # the link lands on the rule's heading
    assert law001["help"]["text"] and law001["help"]["markdown"] and law001["fullDescription"]["text"]
    result = next(r for r in run["results"] if r["ruleId"] == "LAW001")
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "LAW001"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "tests/golden/sample.protocol"
    assert location["region"] == {"startLine": 35, "startColumn": 3, "endLine": 35, "endColumn": 60}
    assert result["level"] == "error"
    assert {r["level"] for r in run["results"]} == {"error", "warning", "note"}


def test_rules_url_from_the_configuration_sets_every_help_uri(tmp_path: Path) -> None:
    (tmp_path / "confide.toml").write_text('rules-url = "https://policies.example.org/rules.md"\n', encoding="utf-8")
    from confide.config import load_settings
    from confide.report import render

    settings = load_settings({"format": "sarif"}, cwd=tmp_path)
    log = json.loads(render("sarif", list(check([str(SAMPLE)], settings)), settings=settings))
    uris = {r["helpUri"] for r in log["runs"][0]["tool"]["driver"]["rules"]}
    assert uris and all(u.startswith("https://policies.example.org/rules.md#") for u in uris)


def test_waived_findings_are_suppressed_in_source_with_the_justification() -> None:
    results = sarif_of(SAMPLE, ROOT)["runs"][0]["results"]
    suppressed = [r for r in results if "suppressions" in r]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        ("FDAP004", [{"kind": "inSource", "justification": "supervisor rota agreed with the commissioner"}])]


def _fingerprints(text: str, tmp_path: Path) -> dict[tuple[str, int], str]:
    path = tmp_path / "p.protocol"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    results = sarif_of(path, tmp_path)["runs"][0]["results"]
    return {(r["ruleId"], i): r["partialFingerprints"]["confide/v1"]
            for i, r in enumerate(sorted(results, key=lambda r: (r["ruleId"], r["message"]["text"])))}


BASE = """\
    protocol "Fingerprints"
      service homeless-hostel
      clients adults
    {gap}
    recipient police
      kind police

    clause 1 "Any suspicion"
      staff must share identity with police
      consent not-required
    """


def test_fingerprints_survive_unrelated_lines_moving(tmp_path: Path) -> None:
    before = _fingerprints(BASE.format(gap=""), tmp_path)
    after = _fingerprints(BASE.format(gap="  version \"2\"\n  organisation \"Moved down two lines\"\n"), tmp_path)
    assert before and before == after
    assert len(set(before.values())) == len(before)  # distinct findings, distinct fingerprints


def test_uris_are_relative_with_forward_slashes_and_encoded(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "policy docs" / "hostels"
    folder.mkdir(parents=True)
    assert repository_root(folder) == tmp_path
    assert artifact_uri(str(folder / "a b.protocol"), tmp_path) == "policy%20docs/hostels/a%20b.protocol"
    assert artifact_uri("<library:england-and-wales>", tmp_path) is None
