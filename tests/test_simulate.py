"""`confide simulate`: one situation step by step, and the whole decision table with its gaps."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PERSONALISED = str(ROOT / "protocols" / "personalised-consent-model.protocol")
YOUTH = str(ROOT / "protocols" / "youth-automatic-referral.protocol")
Cli = Callable[..., tuple[int, str, str]]


def test_serious_harm_is_justified_lawful_and_fdap_compliant(cli: Cli) -> None:
    code, out, _ = cli("simulate", PERSONALISED, "--event", "risk-to-others", "--consent", "refused", "--age", "40")
    assert code == 0
    assert 'Clause 3.1 "Serious risk of harm" applies' in out
    assert "Staff MAY (a judgement, case by case) share identity, contact-details, location, risk-information" in out
    steps = [line.strip() for line in out.splitlines()
             if line.startswith("     ") and line.strip()[:2] in {"1.", "2.", "3.", "4."}]
    assert [s.rsplit("(", 1)[1] for s in steps] == ["seek-consent)", "consult-supervisor)", "inform-client)",
                                                     "record-decision)"]
    assert "serious harm" in out and "W v Egdell" in out
    assert "Lawful: yes, no findings" in out and "FDAP-compliant: yes, no findings" in out
    assert "clause 2.1: needs the client's agreement (consent preferences) and the client refused" in out


def test_duty_forbids_tipping_off(cli: Cli) -> None:
    _, out, _ = cli("simulate", PERSONALISED, "--event", "terrorism", "--consent", "not-asked")
    assert "Staff MUST share identity, suspected-activity with police" in out
    assert "Do not ask for the client's agreement or tell the client: that would be tipping off" in out
    assert "a legal duty requires it: Terrorism Act 2000, section 38B" in out


def test_unlawful_automatic_referral_cites_findings(cli: Cli) -> None:
    _, out, _ = cli("simulate", YOUTH, "--age", "15", "--not-competent", "--consent", "given")
    assert "Staff MUST share identity, attendance, treatment-content with childrens-services" in out
    assert "Lawful: NO" in out and "LAW001" in out and "YP001" in out
    assert "FDAP-compliant: NO" in out and "FDAP002" in out
    assert "not competent" in out and "may not be valid consent" in out


def test_nothing_happens_without_an_event_or_agreement(cli: Cli) -> None:
    _, out, _ = cli("simulate", PERSONALISED, "--consent", "refused")
    assert "No clause lets staff share anything here" in out


def test_decision_table_shows_every_situation_and_the_gaps(cli: Cli, tmp_path: Path) -> None:
    protocol = tmp_path / "gap.protocol"
    protocol.write_text(textwrap.dedent("""\
        protocol "Gap"
          service homeless-hostel
          sector voluntary
          clients all

        trigger missing "A resident has not been seen for three days"
          means client-missing
        trigger threat "A resident threatens staff"
          means serious-harm-to-others

        clause 1 "Threats"
          clients adults
          when threat
          staff may share identity with police
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        """), encoding="utf-8")
    code, out, _ = cli("simulate", str(protocol), "--all")
    assert code == 0
    assert out.count("an adult, the client refused:") == 3  # two triggers and no event
    assert "a young person, the client agreed:" in out
    assert "Left to chance: 9 situations" in out  # missing x 2 groups x 3 + threat x young person x 3
    assert "  - missing, an adult, the client refused" in out
    threat = out.split("When threat")[1].split("When")[0]
    assert "may share identity with police (1)" in threat and "LEFT TO CHANCE" in threat


def test_broken_protocol_prints_its_errors(cli: Cli, tmp_path: Path) -> None:
    protocol = tmp_path / "bad.protocol"
    protocol.write_text('protocol "Bad"\nclause 1\n  staff may share identty with police\n', encoding="utf-8")
    code, out, _ = cli("simulate", str(protocol))
    assert code == 1 and "E002" in out and "did you mean 'identity'?" in out


def test_a_clause_moved_into_an_include_is_still_judged(cli: Cli, tmp_path: Path) -> None:
    """An automatic police referral in an included agreement is as unlawful as in the protocol:
    simulate and explain judge it as the protocol includes it, not "no findings".
    """
    (tmp_path / "agreement.txt").write_text(textwrap.dedent("""\
        clause P.2 "Our staff refer every resident to the police"
          staff must share identity, drug-test-results with police
          consent not-required
        """), encoding="utf-8")
    main = tmp_path / "main.protocol"
    main.write_text(textwrap.dedent("""\
        protocol "Hostel"
          service homeless-hostel
        include "agreement.txt"
        at-assessment
          explain limits-of-confidentiality
        """), encoding="utf-8")
    _, out, _ = cli("simulate", str(main), "--consent", "refused")
    assert "Staff MUST share identity, drug-test-results with police" in out
    assert "Lawful: NO" in out and "LAW001" in out and "FDAP-compliant: NO" in out and "FDAP002" in out
    _, out, _ = cli("explain", str(main), "P.2")
    assert "LAW001" in out and "FDAP002" in out
    # The agreement's own waiver counts, as it does in the agreement's own report: said beside
    # the finding, which a waiver does not make lawful.
    with (tmp_path / "agreement.txt").open("a", encoding="utf-8") as agreement:
        agreement.write('  allow LAW001 "agreed with the commissioner" until 2099-01-01\n')
    _, out, _ = cli("simulate", str(main), "--consent", "refused")
    assert "Lawful: NO\n     - LAW001 (waived: agreed with the commissioner)" in out and "FDAP-compliant: NO" in out
    _, out, _ = cli("simulate", str(main), "--consent", "refused", "--format", "json")
    assert '"waived": true' in out


def test_a_misspelt_event_is_refused_with_a_suggestion(cli: Cli, tmp_path: Path) -> None:
    """Otherwise it is a situation where nothing happened, and the answer "nothing is shared"."""
    code, out, err = cli("simulate", YOUTH, "--event", "child-at-risk-of-significant-harn")
    assert code == 2 and out == ""
    assert "no such trigger" in err and "did you mean 'child-at-risk-of-significant-harm'?" in err


def test_a_partner_barred_from_passing_on_is_not_shown_passing_on(cli: Cli, tmp_path: Path) -> None:
    protocol = tmp_path / "p.protocol"
    text = textwrap.dedent("""\
        protocol "Youth service"
          service young-peoples-service
        recipient csc "Children's social care"
          kind childrens-social-care
          onward-sharing {limit}
        recipient housing "The council's housing team"
          kind housing-provider
        clause 1 "Referral"
          when child-at-risk-of-significant-harm
          staff may share identity with csc
          consent not-required
        clause P1 "Social care tells housing"
          when child-at-risk-of-significant-harm
          csc may share identity with housing
          consent not-required
        """)
    shown = {}
    for limit in ("allowed", "prohibited", "requires-consent"):
        protocol.write_text(text.format(limit=limit), encoding="utf-8")
        _, out, _ = cli("simulate", str(protocol), "--event", "child-at-risk-of-significant-harm",
                        "--consent", "refused", "--age", "15")
        shown[limit] = "csc may share identity with housing" in out
    assert shown == {"allowed": True, "prohibited": False, "requires-consent": False}
