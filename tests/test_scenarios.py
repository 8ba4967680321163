"""`confide test`: scenarios as policy tests, their semantics, messages and JUnit output."""

from __future__ import annotations

import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.check import Checker
from confide.commands.scenarios import run as run_paths


def run(paths: list[str]) -> list:  # type: ignore[type-arg]
    return run_paths(paths, Checker())

ROOT = Path(__file__).resolve().parent.parent
PROTOCOLS = ROOT / "protocols"

YOUTH = """\
protocol "Youth and adult service"
  organisation "Example"
  service young-peoples-service
  sector voluntary
  jurisdiction england-and-wales
  clients all

recipient csc "Children's social care"
  kind childrens-social-care
recipient family
  kind family
  named-by client
data results
  kind drug-test-results

trigger dealing "A young person discloses dealing"
  means child-at-risk-of-significant-harm

at-assessment
  explain limits-of-confidentiality

clause 1 "Dealing"
  clients young-people
  when dealing
  staff may share identity, risk-information with csc
  consent not-required
  steps seek-consent, consult-supervisor, inform-client, record-decision
  assess age-maturity, severity, risk, context

clause 2 "Family, if the client agrees"
  staff may share results with family
  consent required

clause 3 "Court"
  when court-order
  staff must share case-file with court
  consent not-required
  steps consult-supervisor, record-decision
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def scenario(title: str, *lines: str) -> str:
    body = "\n".join(f"  {line}" for line in lines)
    return f'scenario "{title}"\n  protocol-file "t.protocol"\n{body}\n'


def outcomes(tmp_path: Path, text: str) -> list[tuple[bool, str]]:
    write(tmp_path, "t.protocol", YOUTH)
    write(tmp_path, "t.scenario", text)
    (file,) = run([str(tmp_path / "t.scenario")])
    assert not file.errors and not any(r.errors for r in file.runs), file
    return [(o.passed, o.happened) for r in file.runs for o in r.outcomes]


def test_every_protocol_has_scenarios_and_all_pass() -> None:
    files = run([str(PROTOCOLS)])
    tested = {Path(r.protocol).name for f in files for r in f.runs}
    for protocol in PROTOCOLS.glob("*.protocol"):
        assert protocol.name in tested, f"no scenarios for {protocol.name}"
    assert len(files) >= len(list(PROTOCOLS.glob("*.scenario")))
    failed = [(f.path, r.scenario.title.text, o.happened) for f in files for r in f.runs for o in r.outcomes
              if not o.passed]
    errors = [e.message for f in files for e in f.errors] + [e.message for f in files for r in f.runs for e in r.errors]
    assert not failed and not errors
    kinds = {o.expectation.kind for f in files for r in f.runs for o in r.outcomes}
    assert kinds == {"share", "no-share", "steps"}


def test_young_person_by_age_and_consent_not_needed(tmp_path: Path) -> None:
    got = outcomes(tmp_path, scenario("yp", "client age 15, competent", "events dealing", "consent refused",
                                      "expect share risk-information with childrens-social-care",
                                      "expect share identity with csc", "expect no-share with family"))
    assert all(ok for ok, _ in got)


def test_adult_is_not_in_a_young_people_clause(tmp_path: Path) -> None:
    got = outcomes(tmp_path, scenario("adult", "client age 18", "events dealing", "consent refused",
                                      "expect share identity with csc"))
    assert got == [(False, "nothing is shared with csc: clause 1 is for young-people, not an adult")]


def test_consent_required_shares_only_when_given(tmp_path: Path) -> None:
    given = outcomes(tmp_path, scenario("given", "client age 30", "events none", "consent given",
                                        "expect share drug-test-results with family"))
    refused = outcomes(tmp_path, scenario("refused", "client age 30", "events none", "consent refused",
                                          "expect share results with family", "expect no-share with family"))
    assert given == [(True, "clause 2 lets staff share drug-test-results with family")]
    assert refused[0][0] is False and "consent required" in refused[0][1] and "the client refused" in refused[0][1]
    assert refused[1][0] is True


def test_case_file_covers_every_data_kind_and_steps_are_checked(tmp_path: Path) -> None:
    got = outcomes(tmp_path, scenario("court", "events court-order", "consent refused",
                                      "expect share treatment-content, identity with court",
                                      "expect steps consult-supervisor", "expect steps inform-client"))
    assert [ok for ok, _ in got] == [True, True, False]
    assert got[2][1] == "clause 3 does not require inform-client"


def test_steps_fail_when_nothing_is_shared(tmp_path: Path) -> None:
    got = outcomes(tmp_path, scenario("nothing", "client age 40", "events none", "consent refused",
                                      "expect steps record-decision"))
    assert got == [(False, "no clause discloses anything in this situation, so no steps are required")]


def test_wrong_expectation_fails_with_a_clear_message(tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    write(tmp_path, "t.protocol", YOUTH)
    write(tmp_path, "t.scenario", scenario("wrong", "client age 15", "events dealing", "consent refused",
                                           "expect no-share with csc"))
    code, out, _ = cli("test", str(tmp_path / "t.scenario"))
    assert code == 1
    assert (f"{tmp_path / 't.scenario'}:6:3: FAIL expect no-share with csc: clause 1 lets staff share "
            "identity, risk-information with csc") in out
    assert out.rstrip().endswith("1 file, 1 scenario, 1 expectations: 0 passed, 1 failed, 0 errors")


def test_failures_only_lists_only_what_failed(tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    write(tmp_path, "t.protocol", YOUTH)
    write(tmp_path, "t.scenario", scenario("wrong", "client age 15", "events dealing", "consent refused",
                                           "expect no-share with csc")
          + scenario("right", "client age 15", "events none", "consent refused", "expect no-share with csc"))
    code, out, _ = cli("test", "--failures-only", str(tmp_path / "t.scenario"))
    assert code == 1 and '"wrong" FAILED' in out and "FAIL expect no-share with csc" in out
    assert '"right"' not in out and " pass " not in out
    assert out.rstrip().endswith("1 file, 2 scenarios, 2 expectations: 1 passed, 1 failed, 0 errors")


def test_unknown_names_and_missing_protocol_file_are_errors(tmp_path: Path,
                                                            cli: Callable[..., tuple[int, str, str]]) -> None:
    write(tmp_path, "t.protocol", YOUTH)
    write(tmp_path, "t.scenario", scenario("typo", "events deeling", "expect no-share with polise")
          + 'scenario "orphan"\n  events none\n  expect no-share with police\n')
    code, out, _ = cli("test", str(tmp_path / "t.scenario"))
    assert code == 1
    assert "unknown trigger 'deeling'" in out and "did you mean 'dealing'?" in out
    assert "did you mean 'police'?" in out
    assert "needs a 'protocol-file \"PATH\"' line" in out
    # Each error quotes its line with a caret under the name, as `confide check` does.
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "unknown trigger 'deeling'" in line)
    assert lines[at + 1].endswith("|   events deeling") and lines[at + 2].endswith("|          ^^^^^^^")


def test_a_protocol_file_that_is_not_a_protocol_fails_its_scenario(tmp_path: Path,
                                                                    cli: Callable[..., tuple[int, str, str]]) -> None:
    """A protocol-file naming a file of scenarios alone: nothing in it shares anything, so every
    `expect no-share` would pass; the scenario fails with E005 instead.
    """
    write(tmp_path, "t.protocol", YOUTH)
    write(tmp_path, "only.scenario", scenario("other", "events none", "expect no-share with police"))
    write(tmp_path, "t.scenario", scenario("wrong file", "events none", "expect no-share with police")
          .replace("t.protocol", "only.scenario"))
    code, out, _ = cli("test", str(tmp_path / "t.scenario"))
    assert code == 1 and "pass expect" not in out
    assert "E005 a protocol file needs a 'protocol \"TITLE\"' block" in out


def test_a_scenario_with_no_expect_is_an_error_not_a_pass(tmp_path: Path,
                                                          cli: Callable[..., tuple[int, str, str]]) -> None:
    write(tmp_path, "t.protocol", YOUTH)
    write(tmp_path, "t.scenario", scenario("nothing", "events dealing"))
    code, out, _ = cli("test", str(tmp_path / "t.scenario"))
    assert code == 1 and '"nothing" FAILED' in out and "has no 'expect' line, so it tests nothing" in out
    write(tmp_path, "own.protocol", YOUTH + 'scenario "nothing"\n  events dealing\n')
    code, out, _ = cli("check", "--no-cache", str(tmp_path / "own.protocol"))
    assert code == 1 and "E005 scenario \"nothing\" has no 'expect' line" in out


def test_check_reports_a_missing_protocol_file_as_test_does(tmp_path: Path,
                                                            cli: Callable[..., tuple[int, str, str]]) -> None:
    own = write(tmp_path, "own.protocol", YOUTH + scenario("s", "events none", "expect no-share with police")
                .replace("t.protocol", "gone.protocol"))
    for command in (("test",), ("check", "--cache-dir", str(tmp_path / "cache"))):
        code, out, _ = cli(*command, str(own))
        assert code == 1 and 'E003 protocol file "gone.protocol" does not exist' in out, command
    write(tmp_path, "gone.protocol", YOUTH)  # the cached result depends on it
    code, out, _ = cli("check", "--cache-dir", str(tmp_path / "cache"), "--fail-on", "error", str(own))
    assert "E003" not in out


def test_a_broken_protocol_under_test_is_quoted_where_it_breaks(tmp_path: Path,
                                                                cli: Callable[..., tuple[int, str, str]]) -> None:
    write(tmp_path, "t.protocol", YOUTH.replace("consent not-required", "consent not-requird", 1))
    write(tmp_path, "t.scenario", scenario("any", "events none", "expect no-share with police"))
    code, out, _ = cli("test", str(tmp_path / "t.scenario"))
    assert code == 1 and "E005" in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if "E005" in line)
    assert "consent not-requird" in lines[at + 1] and "^" in lines[at + 2]


def test_junit_has_a_suite_per_file_a_case_per_scenario_a_failure_per_unmet_expect(
        tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    write(tmp_path, "t.protocol", YOUTH)
    write(tmp_path, "t.scenario", scenario("two wrong", "client age 15", "events dealing", "consent refused",
                                           "expect no-share with csc", "expect share health with csc",
                                           "expect steps seek-consent")
          + scenario("fine", "events none", "consent given", "expect share results with family"))
    out_file = tmp_path / "junit.xml"
    code, _, _ = cli("test", str(tmp_path), "--format", "junit", "--output", str(out_file))
    assert code == 1
    root = ET.fromstring(out_file.read_text(encoding="utf-8"))
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [str(tmp_path / "t.scenario")]
    cases = suites[0].findall("testcase")
    assert [c.get("name") for c in cases] == ["two wrong", "fine"]
    assert len(cases[0].findall("failure")) == 2 and not cases[1].findall("failure")
    assert suites[0].get("failures") == "1"


def test_protocol_files_without_scenarios_are_skipped_in_folders(tmp_path: Path) -> None:
    write(tmp_path, "t.protocol", YOUTH)
    assert run([str(tmp_path)]) == []


def test_missing_path_is_a_usage_error(cli: Callable[..., tuple[int, str, str]]) -> None:
    code, _, err = cli("test", "no/such/place")
    assert code == 2 and "no such file or folder" in err


@pytest.mark.parametrize("age,group", [(None, "all"), (17, "young-people"), (18, "adults")])
def test_situation_group_follows_age(tmp_path: Path, age: int | None, group: str) -> None:
    from confide.check import Checker

    checked = Checker().open(str(write(tmp_path, "t.protocol", YOUTH)))
    assert checked.graph is not None
    assert checked.graph.situation_group(age) == group
