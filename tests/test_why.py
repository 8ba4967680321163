"""`confide explain FILE REF`: the chain of reasons behind a clause; `explain CODE` still works."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]


def test_rule_code_still_explained(cli: Cli) -> None:
    code, out, _ = cli("explain", "LAW001")
    assert code == 0 and out.startswith("LAW001 automatic-referral-exceeds-duty (error)")


def test_unjustified_referral_chain(cli: Cli) -> None:
    code, out, _ = cli("explain", str(ROOT / "protocols" / "hostel-blanket-police-referral.protocol"), "7.1")
    assert code == 0
    chain = ["1. It shares WITHOUT the client's agreement", "Trigger suspected-drug-activity",
             "-> means drug-supply-on-premises", "crime-and-disorder-act-1998-s115 (power): binds this service",
             "misuse-of-drugs-act-1971-s8 (offence)", "nothing justifies sharing without consent",
             "3. The legal basis", "4. Safeguards: steps none", "NOT JUSTIFIED", "error LAW001", "error LAW002"]
    positions = [out.index(link) for link in chain]
    assert positions == sorted(positions)


def test_duty_with_tipping_off_is_justified(cli: Cli) -> None:
    _, out, _ = cli("explain", str(ROOT / "protocols" / "personalised-consent-model.protocol"), "3.2")
    assert "terrorism-act-2000-s38b (duty): binds this service and covers every recipient (police)" in out
    assert "inform-client is left out rightly: the law forbids it here (tipping off)" in out
    assert "JUSTIFIED in sharing without consent (a legal duty covers every trigger)" in out
    assert "The checker has no findings on this clause." in out


def test_a_duty_that_does_not_bind_says_why(cli: Cli, tmp_path: Path) -> None:
    protocol = tmp_path / "p.protocol"
    protocol.write_text(textwrap.dedent("""\
        protocol "Laundering"
          service homeless-hostel
          sector voluntary
          staff-include support-workers

        trigger laundering "Staff suspect money laundering"
          means money-laundering

        clause 1 "Laundering"
          when laundering
          staff must share identity with police
          consent not-required
          basis proceeds-of-crime-act-2002-s330
        """), encoding="utf-8")
    _, out, _ = cli("explain", str(protocol), "1")
    assert ("proceeds-of-crime-act-2002-s330 (duty): does NOT bind this service: it binds regulated-sector; "
            "this protocol (service homeless-hostel, sector voluntary, staff support-workers) falls only in") in out
    assert "LAW004" in out and "NOT JUSTIFIED" in out


def test_unknown_clause_is_a_usage_error(cli: Cli) -> None:
    code, _, err = cli("explain", str(ROOT / "protocols" / "personalised-consent-model.protocol"), "3.4")
    assert code == 2 and "has no clause '3.4' (its clauses: 2.1, 2.2, 3.1, 3.2, 3.3)" in err


def test_a_best_interests_or_opt_out_clause_is_not_called_the_clients_agreement(cli: Cli, tmp_path: Path) -> None:
    # A client who lacks capacity cannot agree; an opt-out is the absence of an objection.
    protocol = tmp_path / "p.protocol"
    protocol.write_text(textwrap.dedent("""\
        protocol "Treatment"
          service drug-and-alcohol-treatment
        clause 1 "Best interests"
          when adult-lacking-capacity
          staff may share health with gp
          consent best-interests
        clause 2 "GP letters"
          when direct-care
          staff may share attendance with gp
          consent unless-objects
        """), encoding="utf-8")
    _, first, _ = cli("explain", str(protocol), "1")
    _, second, _ = cli("explain", str(protocol), "2")
    assert "1. It shares on a best-interests decision for a client who lacks capacity" in first
    assert "1. It shares unless the client objects" in second
    assert "agreement" not in first.split("\n\n")[1] + second.split("\n\n")[1]


def test_explain_a_standard_keeps_engaged_laws_apart_from_the_rest(cli: Cli) -> None:
    # §3: a trigger engages only duties and constraints (LAW006, FDAP003/005); an enquiry, a
    # condition, a power or guidance listed with them would read as an exemption it is not.
    _, out, _ = cli("explain", "terrorism-information")
    engaged = out[out.index("Laws it engages (duties and constraints):"):]
    assert "terrorism-act-2000-s38b (duty)" in engaged.split("\n\n")[0]
    _, out, _ = cli("explain", "child-at-risk-of-significant-harm")
    assert "Laws it engages" not in out
    others = out[out.index("Other laws and guidance about it:"):]
    assert "children-act-1989-s47 (enquiry)" in others and "common-law-public-interest (power)" in others


def test_explain_a_built_in_word_says_what_it_means(cli: Cli) -> None:
    # Which services a Welsh duty binds is only knowable from the bound group's meaning.
    code, out, _ = cli("explain", "welsh-relevant-partners")
    assert code == 0 and out.startswith("welsh-relevant-partners (bound group): public-sector services")
    code, out, _ = cli("explain", "nominated-officer")
    assert code == 0 and "internal, not a disclosure" in out


def test_explain_a_law_refuses_a_broken_library(cli: Cli, tmp_path: Path) -> None:
    library = tmp_path / "lib.protocol"
    library.write_text('law my-law "Mine"\n  kind dutty\n  source "x"\n', encoding="utf-8")
    code, out, err = cli("explain", "my-law", "--library", str(library))
    assert (code, out) == (2, "") and "the law library has errors" in err and "did you mean 'duty'" in err
