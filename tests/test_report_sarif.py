"""SARIF 2.1.0: valid against the schema, positions and URIs as code scanning needs them."""

from __future__ import annotations

import json
import textwrap
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from confide.batch import check_paths as check
from confide.check import Checker, FileReport
from confide.config import Settings
from confide.findings import Severity
from confide.report import sarif
from confide.report.sarif import MAX_RESULTS, artifact_uri, cut_notice, family, render_sarif, rule_descriptor
from confide.report.text import repository_root
from confide.rules import CATALOGUE

Cli = Callable[..., tuple[int, str, str]]

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout (a worktree sits one level deeper than the main checkout).
SCHEMA = next((p / "shared" / "schemas" / "sarif-schema-2.1.0.json" for p in ROOT.parents
               if (p / "shared" / "schemas" / "sarif-schema-2.1.0.json").is_file()), ROOT / "missing.json")
SAMPLE = ROOT / "tests" / "golden" / "sample.protocol"
PROTOCOLS = ROOT / "protocols"


def sarif_of(path: Path, root: Path) -> dict[str, Any]:
    return json.loads(render_sarif(list(check([str(path)], Settings())), root))  # type: ignore[no-any-return]


def validate(log: dict[str, Any]) -> None:
    if not SCHEMA.is_file():
        pytest.skip("../shared/schemas is not present")
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.validate(log, json.loads(SCHEMA.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", [SAMPLE, PROTOCOLS], ids=["sample", "demo"])
def test_sarif_validates_against_the_2_1_0_schema(path: Path) -> None:
    log = sarif_of(path, ROOT)
    validate(log)
    assert log["runs"][0]["results"], "there are findings: the schema check must see results"


def test_every_message_is_one_line_and_the_rewording_travels_beside_it() -> None:
    results = sarif_of(PROTOCOLS, ROOT)["runs"][0]["results"]
    assert len(results) > 100
    for result in results:
        text = result["message"]["text"]
        assert "\n" not in text and text == text.strip() and "Suggested wording" not in text
    reworded = [r for r in results if r["properties"].get("suggestion")]
    assert reworded, "the demo has suggestions"
    for result in reworded:
        suggestion = result["properties"]["suggestion"]
        for fix in result.get("fixes", []):
            (change,) = fix["artifactChanges"]
            assert change["artifactLocation"] == result["locations"][0]["physicalLocation"]["artifactLocation"]
            assert change["replacements"][0]["insertedContent"]["text"] == suggestion


def test_a_fix_replaces_the_lines_of_its_clause() -> None:
    results = sarif_of(SAMPLE, ROOT)["runs"][0]["results"]
    law001 = next(r for r in results if r["ruleId"] == "LAW001")
    (fix,) = law001["fixes"]
    region = fix["artifactChanges"][0]["replacements"][0]["deletedRegion"]
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    replaced = lines[region["startLine"] - 1:region["endLine"]]
    assert replaced[0].startswith(f'clause {law001["properties"]["clause"]} ')
    assert fix["description"]["text"].startswith(f'Replace clause {law001["properties"]["clause"]} (lines ')
    # Every finding on that clause carries the same fix: one rewording per clause.
    same = [r["fixes"] for r in results if r["properties"]["clause"] == law001["properties"]["clause"]
            and r.get("fixes")]
    assert len(same) > 1 and all(f == [fix] for f in same)


def test_tags_precision_and_security_severity_come_from_the_rule_family() -> None:
    for code, rule in CATALOGUE.items():
        descriptor = rule_descriptor(rule)
        props = descriptor["properties"]
        kind = family(code)
        assert props["tags"][-len(kind.tags):] == list(kind.tags)
        assert props["precision"] in {"very-high", "high", "medium", "low"}
        assert 0.0 <= float(props["security-severity"]) <= 10.0
        assert ("security" in props["tags"]) == (kind.disclosure and rule.severity >= Severity.WARNING)
        assert "helpUri" not in descriptor  # no rules-url configured: no link to a page that may not exist
    assert "fdap" in rule_descriptor(CATALOGUE["FDAP003"])["properties"]["tags"]
    assert {"young-people"} <= set(rule_descriptor(CATALOGUE["YP001"])["properties"]["tags"])
    assert {"uk-gdpr", "consent"} <= set(rule_descriptor(CATALOGUE["CON001"])["properties"]["tags"])
    assert {"data-protection", "uk-gdpr"} <= set(rule_descriptor(CATALOGUE["DP002"])["properties"]["tags"])
    law001 = rule_descriptor(CATALOGUE["LAW001"])["properties"]
    assert law001["tags"][:2] == ["security", "law"] and law001["security-severity"] == "8.0"
    # A re-graded rule is graded the same in its descriptor as in its results.
    lowered = rule_descriptor(CATALOGUE["LAW001"], severity=Severity.INFO)
    assert lowered["defaultConfiguration"]["level"] == "note" and "security" not in lowered["properties"]["tags"]


def test_the_run_has_an_automation_id_and_no_placeholder_links() -> None:
    run = sarif_of(SAMPLE, ROOT)["runs"][0]
    assert run["automationDetails"] == {"id": "confide/"}
    assert "informationUri" not in run["tool"]["driver"]
    assert "example" not in json.dumps(run["tool"])


def test_rules_carry_documentation_and_results_point_into_the_repository() -> None:
    run = sarif_of(SAMPLE, ROOT)["runs"][0]
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    law001 = rules["LAW001"]
    assert law001["name"] == "automatic-referral-exceeds-duty"
    assert law001["defaultConfiguration"]["level"] == "error"
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
    assert "https://policies.example.org/rules.md#law001-automatic-referral-exceeds-duty" in uris
    anchors = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "(#law001-automatic-referral-exceeds-duty)" in anchors  # the link lands on the rule's heading


def test_waived_findings_are_left_out_by_default() -> None:
    run = sarif_of(SAMPLE, ROOT)["runs"][0]
    assert all("suppressions" not in r for r in run["results"])
    assert not any(r["ruleId"] == "FDAP004" and r["properties"]["clause"] == "4.2" for r in run["results"])
    assert run["properties"] == {"waivedLeftOut": 1}


def test_waived_findings_can_be_included_as_suppressed_in_source(tmp_path: Path) -> None:
    (tmp_path / "confide.toml").write_text("sarif-include-waived = true\n", encoding="utf-8")
    from confide.config import load_settings
    from confide.report import render

    settings = load_settings({}, cwd=tmp_path)
    log = json.loads(render("sarif", list(check([str(SAMPLE)], settings)), settings=settings))
    validate(log)
    results = log["runs"][0]["results"]
    suppressed = [r for r in results if r["suppressions"]]
    assert [(r["ruleId"], r["suppressions"]) for r in suppressed] == [
        ("FDAP004", [{"kind": "inSource", "justification": "supervisor rota agreed with the commissioner"}])]
    # SARIF 3.27.23: once any result says whether it is suppressed, every result does.
    assert all(r["suppressions"] == [] for r in results if r not in suppressed)


def corpus(copies: int) -> list[FileReport]:
    """A real report (one protocol of 100 clauses, 1,104 findings) under ``copies`` paths."""
    clauses = "".join(f'\nclause {i} "Every suspicion {i}"\n  staff must share identity, treatment-content with '
                      f"police, family\n  consent blanket\n" for i in range(1, 101))
    text = 'protocol "Corpus"\n  service homeless-hostel\n  clients all\n\nrecipient police\n  kind police\n' + clauses
    report = Checker().check(Path("corpus.protocol"), "corpus.protocol", Path("."), text=text).report
    return [FileReport(path, tuple(replace(f, span=replace(f.span, path=path)) for f in report.findings),
                       report.lines, report.outline)
            for path in (f"corpus/p{n}.protocol" for n in range(copies))]


def test_a_run_past_githubs_limit_keeps_the_most_serious_and_says_so() -> None:
    reports = corpus(28)
    findings = [f for r in reports for f in r.findings]
    assert len(findings) > 30_000
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    log = json.loads(text := render_sarif(reports, ROOT))
    run = log["runs"][0]
    assert len(run["results"]) == MAX_RESULTS == 5_000
    # Errors come first: the cut falls among the errors here, so every result kept is an error.
    assert errors > MAX_RESULTS and {r["level"] for r in run["results"]} == {"error"}
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]] == sorted(
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"])
    (note,) = run["invocations"][0]["toolExecutionNotifications"]
    assert note["level"] == "warning" and note["properties"] == {"results": len(findings), "kept": 5_000}
    assert note["message"]["text"].startswith(f"{len(findings):,} results are more than the 5,000 GitHub code")
    assert cut_notice(text) == note["message"]["text"]


def test_the_cut_keeps_errors_then_warnings_and_the_log_stays_valid() -> None:
    reports = corpus(1)
    findings = [f for r in reports for f in r.findings]
    errors = sum(1 for f in findings if f.severity == Severity.ERROR)
    log = json.loads(render_sarif(reports, ROOT, limit=errors + 10))
    validate(log)
    levels = Counter(r["level"] for r in log["runs"][0]["results"])
    assert levels == {"error": errors, "warning": 10}
    fingerprints = {r["partialFingerprints"]["confide/v1"] for r in log["runs"][0]["results"]}
    whole = json.loads(render_sarif(reports, ROOT))["runs"][0]["results"]
    assert fingerprints <= {r["partialFingerprints"]["confide/v1"] for r in whole}  # a cut renumbers nothing
    assert cut_notice(render_sarif(reports, ROOT)) is None


def test_the_command_line_warns_when_it_cuts(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sarif, "MAX_RESULTS", 3)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out.sarif"
    code, _, err = cli("check", str(SAMPLE), "--format", "sarif", "--output", str(out), "--no-cache")
    assert code == 1 and len(json.loads(out.read_text(encoding="utf-8"))["runs"][0]["results"]) == 3
    assert err.startswith("confide: warning: ") and "more than the 3 GitHub code scanning shows" in err
    assert "--format json or text lists every finding" in err


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


def test_fingerprints_of_clause_and_protocol_findings_are_the_ones_they_always_were(tmp_path: Path) -> None:
    """Alerts already in code scanning keep their identity: these were the fingerprints before a
    trigger's id went into those of trigger findings (a change here reopens every alert)."""
    assert _fingerprints(BASE.format(gap=""), tmp_path) == {
        ("DP003", 0): "cebd18a2def3b4d219d0376d2c0ca43a:1", ("FDAP001", 1): "718de0e8df5a5642001d1d1962be96af:1",
        ("FDAP002", 2): "d8ba2d64ac3980079cddadfa1e93ee48:1", ("FDAP003", 3): "c2e40255dd444a5e887ec07910bf646c:1",
        ("FDAP004", 4): "a81369e625bf745442ff735289693ebc:1", ("FDAP005", 5): "e67c42feaec146c4cbcc068846da65b5:1",
        ("FDAP007", 6): "dcc50db43d5dd50a42239dc23b7dd4be:1", ("LAW001", 7): "b419c0e342e42b5126637b81fd78154b:1",
        ("LAW005", 8): "2fe95ab92e4ea520cef35e06fb1e74a2:1", ("VAGUE001", 9): "9786fcf19ec89343e5186e1dfca22581:1"}


TWO_LABELS = """\
    protocol "Two labels"
      service homeless-hostel
      clients adults
    {arrears}
    trigger noise "Neighbours complain about noise"
      means serious-harm-to-self

    clause 2 "Noise"
      when noise
      staff may share identity with gp
      consent not-required
    """
ARREARS = """
    trigger arrears "Rent arrears reach four weeks"
      means serious-harm-to-self

    clause 1 "Arrears"
      when arrears
      staff may share identity with gp
      consent not-required
    """


def test_a_trigger_finding_keeps_its_fingerprint_when_a_trigger_with_the_same_means_line_goes(tmp_path: Path) -> None:
    """Two VAGUE002 findings on identical 'means' lines: each is fingerprinted by its own trigger,
    so deleting the first does not hand its (perhaps dismissed) alert to the second."""
    def labels(text: str) -> dict[str, str]:
        path = tmp_path / "p.protocol"
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        results = sarif_of(path, tmp_path)["runs"][0]["results"]
        return {r["properties"]["subject"]["id"]: r["partialFingerprints"]["confide/v1"]
                for r in results if r["ruleId"] == "VAGUE002"}

    both = labels(TWO_LABELS.format(arrears=ARREARS))
    alone = labels(TWO_LABELS.format(arrears=""))
    assert set(both) == {"arrears", "noise"} and both["arrears"] != both["noise"]
    assert alone == {"noise": both["noise"]}


def test_uris_are_relative_with_forward_slashes_and_encoded(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    folder = tmp_path / "policy docs" / "hostels"
    folder.mkdir(parents=True)
    assert repository_root(folder) == tmp_path
    assert artifact_uri(str(folder / "a b.protocol"), tmp_path) == "policy%20docs/hostels/a%20b.protocol"
    assert artifact_uri("<library:england-and-wales>", tmp_path) is None
