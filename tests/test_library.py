"""The shipped law libraries: complete where they say so, faithful to law-facts.md, overridable.

The England-and-Wales library is compared, entry by entry, with the tables of
``../shared/law-facts.md`` (parsed here), so a wrong ``kind`` — a power shipped as a duty — fails.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

import pytest

import confide.rules  # noqa: F401  (registers the catalogue)
from confide.config import Settings
from confide.findings import Finding
from confide.library import Library
from confide.check import check, load_library
from confide.resources import library_path
from confide.vocabulary import JURISDICTIONS

LAW_FACTS = Path(__file__).resolve().parent.parent.parent / "shared" / "law-facts.md"
CheckText = Callable[..., list[Finding]]
MAX = 10 * 1024 * 1024


def library(jurisdiction: str) -> Library:
    loaded, findings = load_library(jurisdiction, (), MAX)
    assert findings == []
    return loaded


# ---- law-facts.md, parsed ---------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _names(cell: str) -> list[str]:
    """'other (Home Office)' -> ['other']; '—' -> []; 'regulated activity with children' -> one name."""
    cell = re.sub(r"\([^)]*\)", "", cell).replace("`", "").strip()
    if cell in {"—", "-", ""}:
        return []
    return [re.sub(r"\s+", "-", part.strip().lower()) for part in cell.split(",") if part.strip()]


def _table(heading: str) -> list[list[str]]:
    """The body rows of the table under the markdown heading that starts with ``heading``."""
    text = LAW_FACTS.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [_cells(row) for row in rows]


def fact_laws() -> list[dict[str, object]]:
    laws = []
    for law_id, kind, binds, when, threshold, recipients, _discloses, forbids, source in _table("Laws"):
        laws.append({
            "id": law_id.strip("`"), "kind": kind, "binds": _names(binds), "when": _names(when),
            "threshold": None if threshold in {"—", "-"} else threshold, "recipients": _names(recipients),
            "forbids": [w for w in ("inform-client", "seek-consent") if w in forbids], "source": source,
        })
    return laws


def fact_standards() -> list[dict[str, object]]:
    standards = []
    for ids, serious_harm, necessary in _table("Standards"):
        for standard_id in re.findall(r"`([^`]+)`", ids):
            standards.append({"id": standard_id, "serious_harm": serious_harm, "necessary": _names(necessary)})
    return standards


needs_facts = pytest.mark.skipif(not LAW_FACTS.is_file(), reason="../shared/law-facts.md not present")


@needs_facts
def test_law_facts_tables_are_read() -> None:
    assert len(fact_laws()) >= 23 and len(fact_standards()) >= 24


@needs_facts
@pytest.mark.parametrize("fact", fact_laws() if LAW_FACTS.is_file() else [], ids=lambda f: str(f["id"]))
def test_england_and_wales_holds_each_law_as_the_facts_say(fact: dict[str, object]) -> None:
    law = library("england-and-wales").laws.get(str(fact["id"]))
    assert law is not None, f"{fact['id']} is missing from the England and Wales library"
    assert law.kind is not None and law.kind.text == fact["kind"]
    assert [b.text for b in law.binds] == fact["binds"]
    assert [w.text for w in law.when] == fact["when"]
    assert (law.threshold.text if law.threshold else None) == fact["threshold"]
    assert [r.text for r in law.recipients] == fact["recipients"]
    assert sorted(f.text for f in law.forbids) == sorted(fact["forbids"])  # type: ignore[arg-type]


@needs_facts
@pytest.mark.parametrize("fact", fact_standards() if LAW_FACTS.is_file() else [], ids=lambda f: str(f["id"]))
def test_england_and_wales_holds_each_standard_as_the_facts_say(fact: dict[str, object]) -> None:
    standard = library("england-and-wales").standard(str(fact["id"]))
    assert standard is not None, f"{fact['id']} is missing from the England and Wales library"
    assert standard.serious_harm is not None and standard.serious_harm.text == fact["serious_harm"]
    assert [n.text for n in standard.necessary] == fact["necessary"]


# ---- every shipped library ---------------------------------------------------------------------


def test_every_jurisdiction_ships_a_library() -> None:
    assert JURISDICTIONS == {"england-and-wales", "wales", "northern-ireland"}
    for jurisdiction in JURISDICTIONS:
        assert library_path(jurisdiction).is_file(), jurisdiction


@pytest.mark.parametrize("jurisdiction, partial", [("england-and-wales", False), ("wales", True),
                                                   ("northern-ireland", True)])
def test_shipped_library_loads_clean_and_says_whether_it_is_partial(jurisdiction: str, partial: bool) -> None:
    loaded = library(jurisdiction)
    assert loaded.partial is partial
    assert loaded.laws and loaded.standards
    for law in loaded.laws.values():
        assert law.kind is not None, f"{law.id.text} has no kind"
        assert law.source is not None and law.source.text.strip(), f"{law.id.text} has no source"
        for standard in law.when:
            assert standard.text in loaded.standards, f"{law.id.text}: 'when {standard.text}' is not a standard"


def test_library_says_it_is_not_legal_advice() -> None:
    for jurisdiction in ("england-and-wales", "wales", "northern-ireland"):
        notes = " ".join(n.text for h in library(jurisdiction).headers for n in h.notes)
        assert "not legal advice" in notes


# ---- --library and --jurisdiction --------------------------------------------------------------

MUST_ON_A_POWER = """\
    protocol "Test hostel"
      service homeless-hostel
    clause 7.1
      when crime-prevention
      staff must share identity with police
      consent not-required
      basis crime-and-disorder-act-1998-s115, local-information-duty
"""

OVERRIDE = """\
library "Our local additions"
  jurisdiction england-and-wales
law crime-and-disorder-act-1998-s115 "Pretend, for this test, that s.115 were a duty"
  kind duty
  binds anyone
  when crime-prevention
  recipients police
  source "A test override, not the law"
law local-information-duty "A local duty the built-in library does not know"
  kind power
  binds anyone
  when crime-prevention
  recipients police
  source "A test addition"
"""


def _codes(findings: list[Finding], code: str) -> list[str]:
    return [f.message for f in findings if f.code == code]


def test_extra_library_adds_and_overrides_entries(check_text: CheckText, tmp_path: Path) -> None:
    plain = check_text(MUST_ON_A_POWER)
    assert len(_codes(plain, "LAW002")) == 1  # s.115 is a power
    assert len(_codes(plain, "LAW004")) == 1  # local-information-duty is unknown
    extra = tmp_path / "local.protocol.lib"
    extra.write_text(OVERRIDE, encoding="utf-8")
    overridden = check_text(MUST_ON_A_POWER, settings=Settings(library=(extra,)))
    assert _codes(overridden, "LAW004") == []
    # The override made s.115 a duty: only the added power is now 'not a duty'.
    (message,) = _codes(overridden, "LAW002")
    assert "local-information-duty" in message
    assert _codes(overridden, "LAW001") == []


def test_extra_library_through_the_command_line(tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    import textwrap

    protocol = tmp_path / "t.protocol"
    protocol.write_text(textwrap.dedent(MUST_ON_A_POWER), encoding="utf-8")
    extra = tmp_path / "local.lib"
    extra.write_text(OVERRIDE, encoding="utf-8")
    _, without, _ = cli("check", str(protocol))
    _, with_extra, _ = cli("check", "--library", str(extra), str(protocol))
    assert "LAW004" in without and "LAW004" not in with_extra


def test_bad_library_file_gets_findings_on_itself(tmp_path: Path) -> None:
    extra = tmp_path / "bad.lib"
    extra.write_text(OVERRIDE.replace("when crime-prevention\n  recipients police\n  source \"A test addition\"",
                                      "when crime-prevetnion\n  recipients police\n  source \"A test addition\""),
                     encoding="utf-8")
    protocol = tmp_path / "t.protocol"
    protocol.write_text('protocol "Test hostel"\n  service homeless-hostel\n', encoding="utf-8")
    results = list(check([str(protocol)], Settings(library=(extra,))))
    problems = [f for r in results for f in r.findings if f.span.path == str(extra)]
    assert [(f.code, f.span.line) for f in problems] == [("E002", 12)]
    assert "crime-prevention" in problems[0].message  # did you mean


NI_POLICE_REPORTING = """\
    protocol "Test hostel, Belfast"
      service homeless-hostel
    trigger serious-offence "Staff believe a resident has committed a serious offence"
      means relevant-offence
      threshold belief
    clause 6.1
      when serious-offence
      staff must share identity, suspected-activity with police
      consent not-required
      steps consult-supervisor, record-decision
      basis criminal-law-act-northern-ireland-1967-s5
"""


def test_northern_ireland_duty_to_report_covers_a_police_reporting_clause(check_text: CheckText) -> None:
    findings = check_text(NI_POLICE_REPORTING, settings=Settings(jurisdiction="northern-ireland"))
    codes = {f.code for f in findings}
    assert not codes & {"E002", "LAW001", "LAW002", "LAW004", "FDAP002"}


def test_northern_ireland_chosen_by_the_protocol_itself(check_text: CheckText) -> None:
    service = "  service homeless-hostel\n"
    text = NI_POLICE_REPORTING.replace(service, service + "  jurisdiction northern-ireland\n")
    assert not {f.code for f in check_text(text)} & {"E002", "LAW001", "LAW004"}


def test_the_same_clause_in_england_is_not_covered(check_text: CheckText) -> None:
    text = NI_POLICE_REPORTING.replace("means relevant-offence", "means investigation-of-offence")
    codes = {f.code for f in check_text(text)}
    assert {"LAW001", "LAW004"} <= codes


def test_a_small_max_file_size_limits_protocols_not_the_shipped_library(cli: Callable[..., tuple[int, str, str]]) -> None:
    """--max-file-size guards the files being checked; the built-in library is larger and must still load."""
    target = str(Path(__file__).resolve().parent.parent / "protocols" / "hostel-cctv-identification.protocol")
    code, out, _ = cli("check", target, "--format", "json", "--max-file-size", "4000")
    assert code == 1
    assert '"E006"' not in out and '"FDAP002"' in out
    code, out, _ = cli("check", target, "--format", "json", "--max-file-size", "100")
    assert '"E006"' in out
