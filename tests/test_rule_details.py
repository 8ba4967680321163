"""What a user reads in a finding beyond its code: paths, both sides of a contradiction, waivers."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from datetime import date
from pathlib import Path

from confide.config import Settings
from confide.findings import Finding, Severity

CheckText = Callable[..., list[Finding]]
Cli = Callable[..., tuple[int, str, str]]

PARTNERSHIP = """\
    protocol "Partnership agreement"
    clause P1 "The hub tells the police"
      hub must share risk-information, identity with police
      consent not-required
    clause P2 "The police tell probation"
      police may share risk-information with probation
      consent blanket
"""

HOSTEL = """\
    protocol "Test hostel"
      service homeless-hostel
    include "partnership.protocol"
    recipient hub "Multi-agency hub"
      kind marac
    clause 4.1 "Referral to the hub"
      staff may share risk-information with hub
"""


def test_onward_path_is_shown_clause_by_clause(check_text: CheckText) -> None:
    findings = [f for f in check_text(HOSTEL, extra={"partnership.protocol": PARTNERSHIP}) if f.code == "GRAPH002"]
    assert len(findings) == 1
    finding = findings[0]
    assert finding.path == ("4.1", "P1", "P2")
    assert finding.clause == "4.1"
    assert "hub -> police (clause P1) -> probation (clause P2)" in finding.message
    assert (finding.span.line, finding.span.column) == (7, 3)


def test_onward_path_stops_where_consent_is_required(check_text: CheckText) -> None:
    stopped = PARTNERSHIP.replace("consent blanket", "consent required")
    findings = [f for f in check_text(HOSTEL, extra={"partnership.protocol": stopped}) if f.code == "GRAPH002"]
    assert [f.path for f in findings] == [("4.1", "P1")]


def test_contradiction_names_both_clauses(check_text: CheckText) -> None:
    findings = check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        clause 4.1 "Always tell the police"
          staff must share identity with police
        clause 4.2 "Never tell the police"
          staff must-not share identity with police
    """)
    (finding,) = [f for f in findings if f.code == "GRAPH001"]
    assert finding.path == ("4.1", "4.2")
    assert "4.1" in finding.message and "4.2" in finding.message
    assert finding.clause == "4.1"


WAIVED = """\
    protocol "Test hostel"
      service homeless-hostel
    clause 7.1 "Dealing"
      when drug-supply-on-premises
      staff must share identity with police
      consent not-required
      allow LAW001 "pilot agreed with the commissioner" until 2026-12-31
"""


def _law001(findings: list[Finding]) -> Finding:
    (finding,) = [f for f in findings if f.code == "LAW001"]
    return finding


def test_waiver_is_shown_but_does_not_fail(check_text: CheckText) -> None:
    findings = check_text(WAIVED, settings=Settings(today=date(2026, 6, 1)))
    finding = _law001(findings)
    assert finding.waived and not finding.waiver_expired
    assert finding.severity is Severity.ERROR
    assert "expired" not in finding.message
    assert not any(f.code == "WAIVER001" for f in findings)


def test_waiver_holds_on_its_last_day(check_text: CheckText) -> None:
    assert _law001(check_text(WAIVED, settings=Settings(today=date(2026, 12, 31)))).waived


def test_expired_waiver_fails_again_and_says_so(check_text: CheckText) -> None:
    finding = _law001(check_text(WAIVED, settings=Settings(today=date(2027, 1, 1))))
    assert not finding.waived and finding.waiver_expired
    assert "waiver expired on 2026-12-31" in finding.message


def test_waiver_matching_nothing_is_reported(check_text: CheckText) -> None:
    text = WAIVED.replace("allow LAW001", "allow DP001")
    findings = check_text(text, settings=Settings(today=date(2026, 6, 1)))
    (unused,) = [f for f in findings if f.code == "WAIVER001"]
    assert unused.severity is Severity.INFO
    assert (unused.span.line, unused.clause) == (7, "7.1")
    assert "DP001" in unused.message
    assert not _law001(findings).waived


def test_waived_errors_do_not_fail_the_command_until_they_expire(tmp_path: Path, cli: Cli) -> None:
    text = textwrap.dedent(WAIVED).rstrip("\n")
    text += '\n  allow FDAP002 "pilot agreed with the commissioner" until {until}\n'
    text += "at-assessment\n  explain limits-of-confidentiality\n"
    path = tmp_path / "t.protocol"
    path.write_text(text.replace("2026-12-31", "{until}").format(until="2999-12-31"), encoding="utf-8")
    code, out, _ = cli("check", str(path))
    assert "LAW001" in out and "FDAP002" in out
    assert code == 0
    path.write_text(text.replace("2026-12-31", "{until}").format(until="2001-01-01"), encoding="utf-8")
    code, out, _ = cli("check", str(path))
    assert code == 1 and "waiver expired on 2001-01-01" in out


def test_vague_trigger_suggestion_follows_its_words_never_an_unearned_serious_harm(check_text: CheckText) -> None:
    findings = check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        trigger concern "Any concern about a resident"
        trigger missing "The resident has not been seen for three days and cannot be contacted"
        clause 1
          when concern, missing
          staff may share identity with police
        """)
    by_trigger = {f.message.split("'")[1]: f for f in findings if f.code == "VAGUE001" and f.clause is None}
    assert by_trigger["concern"].suggestion == "" and "no library standard" in by_trigger["concern"].message
    assert "means client-missing" in by_trigger["missing"].suggestion
    assert "serious-harm" not in by_trigger["missing"].suggestion


def test_a_northern_ireland_protocol_is_told_its_own_principle(check_text: CheckText) -> None:
    findings = check_text("""\
        protocol "Test hostel, Belfast"
          service homeless-hostel
          jurisdiction northern-ireland
        clause 1
          when crime-prevention
          staff must share identity with police
          consent not-required
        """)
    (law001,) = [f for f in findings if f.code == "LAW001"]
    assert "England and Wales have no general" not in law001.rests_on
    assert "Northern Ireland" in law001.rests_on


def test_a_step_forbidden_by_two_laws_names_both_in_plain_english(check_text: CheckText) -> None:
    found = [f.message for f in check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        clause 3.2
          when terrorism-information
          staff must share identity with police
          consent not-required
          steps consult-supervisor, inform-client
        """) if f.code == "LAW006"]
    assert found == ["step 'inform-client' would tip off the client: terrorism-act-2000-s38b and "
                     "terrorism-act-2000-s39 forbid it in this situation"]


def test_a_finding_shows_the_triggers_own_wording_beside_the_standard_it_claims(check_text: CheckText) -> None:
    """LANGUAGE.md §4: signals cannot stop a determined mislabel, so the reader is shown what the
    label stands on, in every finding that rests on it.
    """
    found = {f.code: f.message for f in check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        recipient coach "The resident's work coach"
        trigger risk "Staff believe a resident is a danger to others"
          means serious-harm-to-others
          threshold belief
        trigger dealing "Staff suspect a resident of dealing"
          means drug-supply-on-premises
        clause 1
          when risk
          staff must share identity with coach
          consent not-required
        clause 2
          when dealing
          staff must share identity with police
          consent not-required
        """)}
    worded = '\'risk\' ("Staff believe a resident is a danger to others", taken as serious-harm-to-others)'
    assert worded in found["LAW007"]
    dealing = '\'dealing\' ("Staff suspect a resident of dealing", taken as drug-supply-on-premises)'
    assert dealing in found["LAW001"] and dealing in found["FDAP002"]


def test_a_proposed_law_is_said_not_to_be_in_force(check_text: CheckText) -> None:
    # The reason a proposed law cannot be cited is that it is not law yet, not who it would bind.
    findings = check_text("""\
        protocol "Youth service"
          service young-peoples-service
          staff-include teachers, social-workers
        clause 1 "Child sexual abuse"
          when child-sexual-abuse
          staff may share identity with police
          basis crime-and-policing-bill-child-sexual-abuse
    """)
    law004 = [f for f in findings if f.code == "LAW004"]
    assert len(law004) == 1 and "proposed, not in force" in law004[0].message
    assert "this service is not among them" not in law004[0].message


def test_con004_rests_on_the_capacity_law_of_the_protocols_own_jurisdiction(cli: Cli, tmp_path: Path) -> None:
    # The Mental Capacity Act 2005 does not extend to Northern Ireland: a finding there must not cite it.
    rests = {}
    for jurisdiction in ("england-and-wales", "northern-ireland"):
        protocol = tmp_path / f"{jurisdiction}.protocol"
        protocol.write_text(f'protocol "Hostel"\n  service homeless-hostel\n  jurisdiction {jurisdiction}\n'
                            'clause 2 "Best interests"\n  staff may share health with family\n'
                            '  consent best-interests\n', encoding="utf-8")
        _, out, _ = cli("check", "--no-cache", "--format", "json", str(protocol))
        rests[jurisdiction] = next(f["rests_on"] for f in json.loads(out)["findings"] if f["code"] == "CON004")
    assert "Mental Capacity Act 2005 ss.1-4" in rests["england-and-wales"]
    assert "Mental Capacity Act 2005 is not law here" in rests["northern-ireland"]
    assert "https://www.legislation.gov.uk/nia/2016/18/" in rests["northern-ireland"]
