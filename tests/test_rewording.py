"""What a suggested rewording asks of staff, beyond checking clean (test_suggestions.py):
the author's intent is kept where the law allows it, and nothing adopted breaks the law."""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from confide.findings import Finding

CheckText = Callable[..., list[Finding]]

OPT_OUT_IDVA = """\
    protocol "Women's refuge"
      service supported-housing
    trigger dash "DASH risk checklist scores 14 or more: high risk of serious harm from a partner"
      means domestic-abuse-high-risk
      threshold belief
    clause 4.5 "IDVA referral unless she says no"
      when dash
      staff may share identity, risk-information with idva
      consent unless-objects
"""


def rewording(findings: list[Finding], clause: str) -> str:
    found = {f.suggestion for f in findings if f.clause == clause and f.suggestion}
    assert len(found) == 1, found
    return found.pop()


def test_an_opt_out_that_is_not_consent_becomes_asking_not_overriding(check_text: CheckText) -> None:
    # CON003: opt-out is consent only in direct care. The referral is justified by serious
    # harm, but the author meant her objection to count: the rewording asks her.
    findings = check_text(OPT_OUT_IDVA)
    assert "CON003" in {f.code for f in findings}
    suggested = rewording(findings, "4.5")
    assert "consent required" in suggested
    assert "not-required" not in suggested


def test_an_opt_out_under_a_duty_keeps_the_duty(check_text: CheckText) -> None:
    # A court order binds whatever the client says: asking would make the order wait on consent.
    findings = check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        clause 6 "Court orders"
          when court-order
          staff must share as-required with court
          consent unless-objects
    """)
    assert "CON003" in {f.code for f in findings}
    suggested = rewording(findings, "6")
    assert "staff must share as-required with court" in suggested
    assert "consent not-required" in suggested


def test_asking_where_asking_would_tip_off_says_so(check_text: CheckText) -> None:
    # No duty covers telling Channel, so the clean form is the consent-based one (§6); but
    # asking a client believed to be preparing an attack is what s.39 forbids: the author is told.
    findings = check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        trigger bomb "Staff believe a resident is preparing a bomb attack"
          means terrorism-information
          threshold belief
        clause 1.2 "Terrorism: Channel told"
          when bomb
          staff must share identity with channel-panel
          consent not-required
          steps consult-supervisor, record-decision
    """)
    suggested = rewording(findings, "1.2")
    assert "consent required" in suggested
    assert "# asking for consent here could tip the client off (terrorism-act-2000-s38b" in suggested


def test_no_tipping_off_note_where_the_law_forbids_nothing(check_text: CheckText) -> None:
    findings = check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        trigger dealing "Staff suspect a resident of dealing drugs on the premises"
          means drug-supply-on-premises
        clause 5.1 "Dealing"
          when dealing
          staff must share identity with police
          consent not-required
    """)
    assert "tip the client off" not in rewording(findings, "5.1")


def test_a_rewording_drops_the_waivers_it_makes_stale_and_keeps_the_rest(check_text: CheckText) -> None:
    findings = check_text("""\
        protocol "Test hostel"
          service homeless-hostel
        trigger knife "A resident threatens to stab their partner"
          means serious-harm-to-others
          threshold belief
        clause 5.2 "Threats with a knife"
          when knife
          staff must share identity, risk-information with police
          consent not-required
          steps seek-consent, inform-client, record-decision
          allow FDAP004 "the duty manager decides alone at night" until 2099-12-31
          allow LAW007 "the board has made this its policy" until 2099-12-31
    """)
    suggested = rewording(findings, "5.2")
    assert "consult-supervisor" in suggested
    assert "allow FDAP004" not in suggested  # the rewording consults a supervisor: nothing left to waive
    assert "allow LAW007" in suggested  # still a 'must' resting on serious harm: the waiver still matches


MIXED = """\
    protocol "Young people's service"
      service young-peoples-service
      clients young-people
    trigger exploited "Staff believe a young person is being exploited"
      means child-at-risk-of-significant-harm
      threshold belief
    trigger any-use "A young person tells us they use cannabis"
      means young-person-substance-use
    clause 1.1 "Referral"
      when {when}
      staff must share identity, risk-information with childrens-social-care
      consent not-required
      steps seek-consent, consult-supervisor, inform-client, record-decision
      assess age-maturity, severity, risk
"""


def test_a_clause_justified_under_one_trigger_only_is_split_not_made_consent_based(
        check_text: CheckText) -> None:
    # §3 judges trigger by trigger: the exploitation referral stands without consent; only the
    # cannabis use needs the young person's agreement.
    suggested = rewording(check_text(MIXED.format(when="exploited, any-use")), "1.1")
    kept, asked = suggested.split("\n\n")
    assert "when exploited\n" in kept and "staff must share" in kept and "consent not-required" in kept
    assert "assess age-maturity, severity, risk, context" in kept
    assert asked.startswith('clause 1.1-with-consent "Referral, with the client\'s agreement"')
    assert "when any-use\n" in asked and "consent required" in asked


def test_a_clause_justified_under_no_trigger_is_not_split(check_text: CheckText) -> None:
    suggested = rewording(check_text(MIXED.format(when="any-use")), "1.1")
    assert "\n\n" not in suggested and "consent required" in suggested


DUTY_CASE_FILE = """\
    protocol "Hostel"
      service homeless-hostel
      jurisdiction northern-ireland
    trigger supplying "Staff know a resident is supplying heroin from their room"
      means relevant-offence
      threshold knowledge
    {declared}
    clause 2.4 "The whole file for supply cases"
      when supplying
      staff must share case-file with police
      consent not-required
      steps seek-consent, consult-supervisor, inform-client, record-decision
      basis criminal-law-act-northern-ireland-1967-s5
"""


def test_a_duty_clause_sharing_the_whole_file_is_narrowed_not_made_consent_based(check_text: CheckText) -> None:
    # DP001: the Criminal Law Act (NI) 1967 s.5 duty still binds; only the case file is too much.
    suggested = rewording(check_text(DUTY_CASE_FILE.format(declared="")), "2.4")
    assert "staff must share identity, location, suspected-activity with police" in suggested
    assert "consent not-required" in suggested


def test_narrowing_writes_the_protocols_own_names_for_what_is_needed(check_text: CheckText) -> None:
    declared = ('data name "Name and date of birth"\n  kind identity\n'
                'data identity "The whole tenancy file"\n  kind case-file')
    suggested = rewording(check_text(DUTY_CASE_FILE.format(declared=textwrap.indent(declared, "    ").strip())), "2.4")
    assert "staff must share name, location, suspected-activity with police" in suggested


def test_an_opt_out_valid_under_one_trigger_keeps_it_there_and_asks_under_the_rest(check_text: CheckText) -> None:
    # §3: opt-out is consent for direct care among care providers (s.251B): a clause that also
    # covers missed appointments asks about those, and keeps the direct-care letters as written.
    suggested = rewording(check_text("""\
        protocol "Treatment"
          service drug-and-alcohol-treatment
        trigger missing "A client misses three appointments"
          means client-missing
        clause 1.1 "GP letters"
          when direct-care, missing
          staff may share identity, attendance with gp
          consent unless-objects
    """), "1.1")
    kept, asked = suggested.split("\n\n")
    assert "when direct-care\n" in kept and "consent unless-objects" in kept
    assert "when missing\n" in asked and "consent required" in asked


def test_a_best_interests_clause_keeps_it_where_the_client_lacks_capacity(check_text: CheckText) -> None:
    suggested = rewording(check_text("""\
        protocol "Hostel"
          service homeless-hostel
        trigger nocap "A resident is unconscious and lacks capacity after an overdose"
          means adult-lacking-capacity
        trigger low "A resident seems low"
          means serious-harm-to-self
          threshold suspicion
        clause 2.1 "GP told"
          when nocap, low
          staff may share identity, health with gp
          consent best-interests
    """), "2.1")
    kept, asked = suggested.split("\n\n")
    assert "when nocap\n" in kept and "consent best-interests" in kept
    assert "when low\n" in asked and "consent required" in asked


def test_triggers_that_need_different_data_get_a_clause_each(check_text: CheckText) -> None:
    # Narrowed together, the s.38B report would keep only what a threat to life also needs, and
    # lose the suspected activity the duty is about.
    suggested = rewording(check_text("""\
        protocol "Hostel"
          service homeless-hostel
        trigger terror "Staff believe a resident is planning a terrorist attack"
          means terrorism-information
          threshold belief
        trigger threat "A resident threatens to kill a named person"
          means serious-harm-to-others
          threshold belief
        clause 1.1 "Police"
          when terror, threat
          staff must share case-file with police
          consent not-required
          steps consult-supervisor, record-decision
    """), "1.1")
    terror, threat = suggested.split("\n\n")
    assert "when terror\n" in terror and "suspected-activity" in terror and "case-file" not in terror
    assert threat.startswith('clause 1.1-threat "Police (threat)"')
    assert "risk-information" in threat and "suspected-activity" not in threat


def test_a_prohibition_gives_way_only_where_the_justified_clause_reaches(check_text: CheckText) -> None:
    findings = check_text("""\
        protocol "Hostel"
          service homeless-hostel
        trigger threat "A resident threatens to stab a named person"
          means serious-harm-to-others
          threshold belief
        trigger rows "Residents argue in the lounge"
          means crime-prevention
        clause 1.1 "Threats"
          when threat
          staff must share risk-information with police
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        clause 1.2 "Never tell police"
          when threat, rows
          staff must-not share risk-information with police
    """)
    assert [f.clause for f in findings if f.code == "GRAPH001"] == ["1.2"]
    suggested = rewording(findings, "1.2")
    assert "when rows\n" in suggested and "staff must-not share risk-information with police" in suggested


def test_a_referral_justified_for_some_recipients_keeps_them_and_asks_for_the_rest(check_text: CheckText) -> None:
    # §3 (b): the public interest justifies telling those who can act on the harm (children's
    # social care), not the parents; the referral stands, the parents' part needs agreement.
    suggested = rewording(check_text("""\
        protocol "Young people's service"
          service young-peoples-service
          clients young-people
        trigger harm "Staff suspect a young person is being sexually exploited"
          means child-at-risk-of-significant-harm
        clause 1.1 "Referral"
          when harm
          staff must share identity, risk-information with childrens-social-care, parent
          consent not-required
          steps consult-supervisor, record-decision
    """), "1.1")
    kept, asked = suggested.split("\n\n")
    assert "staff must share identity, risk-information with childrens-social-care\n" in kept
    assert "consent not-required" in kept and "parent" not in kept
    assert "staff may share identity, risk-information with parent" in asked and "consent required" in asked


def test_the_asking_half_of_a_split_never_sits_beside_a_prohibition_it_contradicts(check_text: CheckText) -> None:
    findings = check_text("""\
        protocol "Hostel"
          service homeless-hostel
        trigger threat "A resident threatens to stab a named person"
          means serious-harm-to-others
          threshold belief
        trigger dealing "Staff suspect a resident of dealing"
          means drug-supply-on-premises
        clause 1.1 "Police"
          when threat, dealing
          staff must share identity with police
          consent not-required
          steps seek-consent, consult-supervisor, inform-client, record-decision
        clause 1.2 "Not for dealing"
          when dealing
          staff must-not share identity with police
    """)
    suggested = rewording(findings, "1.1")
    assert "when threat\n" in suggested and "with-consent" not in suggested and "dealing" not in suggested
    # Apart from the prohibition's situation, the 'must' stands, with no note that it does not.
    assert "staff must share identity with police" in suggested and "forbids some of this" not in suggested


def test_a_clause_justified_for_some_recipients_under_some_triggers_keeps_just_that(check_text: CheckText) -> None:
    suggested = rewording(check_text("""\
        protocol "Young people's service"
          service young-peoples-service
          clients young-people
        trigger harm "Staff suspect a young person is being sexually exploited"
          means child-at-risk-of-significant-harm
        trigger using "A young person tells us they use cannabis"
          means young-person-substance-use
        clause 1.1 "Referral"
          when harm, using
          staff must share identity, risk-information with childrens-social-care, parent
          consent not-required
    """), "1.1")
    kept, parents, social_care = suggested.split("\n\n")
    assert "when harm\n" in kept and "with childrens-social-care\n" in kept and "consent not-required" in kept
    assert parents.startswith("clause 1.1-with-consent ") and "with parent\n" in parents
    assert social_care.startswith("clause 1.1-with-consent-2 ") and "when using\n" in social_care
