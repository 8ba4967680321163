"""The shipped law libraries: complete where they say so, faithful to law-facts.md, overridable.

The England-and-Wales library is compared, entry by entry, with the tables of
``../shared/law-facts.md`` (parsed here), so a wrong ``kind`` — a power shipped as a duty — fails.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlparse

import pytest
from confide.batch import check_paths as check
from confide.check import Checker
from confide.config import Settings
from confide.findings import Finding
from confide.library import Library
from confide.resources import library_path
from confide.vocabulary import JURISDICTIONS

LAW_FACTS = Path(__file__).resolve().parent.parent.parent / "shared" / "law-facts.md"
CheckText = Callable[..., list[Finding]]
MAX = 10 * 1024 * 1024


def library(jurisdiction: str) -> Library:
    checker = Checker(Settings(max_file_size=MAX))
    loaded = checker.library(jurisdiction)
    assert not checker.library_reports()
    return loaded


# ---- law-facts.md, parsed ---------------------------------------------------------------------


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


def _bare(cell: str) -> str:
    """A cell without its parenthesised remarks and back-quotes."""
    while re.search(r"\([^()]*\)", cell):
        cell = re.sub(r"\([^()]*\)", "", cell)
    return cell.replace("`", "").strip()


def _names(cell: str) -> list[str]:
    """'other (Home Office)' -> ['other']; '—', 'any', 'minimum necessary' -> [] (no such line)."""
    cell = _bare(cell)
    if cell in {"—", "-", "", "any", "minimum necessary"}:
        return []
    return [re.sub(r"\s+", "-", part.strip().lower()) for part in cell.split(",") if part.strip()]


def _table(heading: str, columns: int) -> list[list[str]]:
    """The body rows of the first table under the markdown heading that starts with ``heading``."""
    text = LAW_FACTS.read_text(encoding="utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [_cells(line) for line in section.splitlines() if line.startswith("| `")]
    return [row for row in rows if len(row) == columns]


def fact_laws() -> list[dict[str, object]]:
    laws = []
    for law_id, kind, binds, when, threshold, recipients, discloses, forbids, source in _table("Laws", 9):
        laws.append({
            "id": law_id.strip("`"), "kind": kind.split(",")[0].strip(), "binds": _names(binds),
            "when": _names(when), "threshold": None if threshold in {"—", "-"} else threshold,
            "recipients": _names(recipients), "discloses": _names(discloses),
            "forbids": [w for w in ("inform-client", "seek-consent") if w in _bare(forbids)],
            "unless_objects": "unless-objects" in kind, "special_category": "special-category yes" in kind,
            "source": source,
        })
    return laws


def fact_standards() -> list[dict[str, object]]:
    acts = {row[0].strip("`"): _names(row[1]) for row in _table("Standards", 2)}
    standards = []
    for ids, serious_harm, threshold, necessary, signals in _table("Standards", 5):
        for standard_id in re.findall(r"`([^`]+)`", ids):
            standards.append({"id": standard_id, "serious_harm": _bare(serious_harm).split()[0],
                              "threshold": _bare(threshold), "necessary": _names(necessary),
                              "acts": acts.get(standard_id, []),
                              "signals": [w.strip() for w in signals.split(",") if w.strip()]})
    return standards


needs_facts = pytest.mark.skipif(not LAW_FACTS.is_file(), reason="../shared/law-facts.md not present")


@needs_facts
def test_law_facts_tables_are_read() -> None:
    assert len(fact_laws()) >= 43 and len(fact_standards()) >= 31
    assert sum(bool(s["acts"]) for s in fact_standards()) == 4


@needs_facts
@pytest.mark.parametrize("fact", fact_laws() if LAW_FACTS.is_file() else [], ids=lambda f: str(f["id"]))
def test_england_and_wales_holds_each_law_as_the_facts_say(fact: dict[str, object]) -> None:
    law = library("england-and-wales").laws.get(str(fact["id"]))
    assert law is not None, f"{fact['id']} is missing from the England and Wales library"
    assert law.kind_word == fact["kind"]
    assert [b.text for b in law.binds] == fact["binds"]
    assert [w.text for w in law.when] == fact["when"]
    assert (law.threshold.text if law.threshold else None) == fact["threshold"]
    assert [r.text for r in law.recipients] == fact["recipients"]
    assert [d.text for d in law.discloses] == fact["discloses"]
    assert sorted(f.text for f in law.forbids) == sorted(fact["forbids"])  # type: ignore[arg-type]
    assert law.unless_objects is fact["unless_objects"]
    assert law.special_category is fact["special_category"]


@needs_facts
@pytest.mark.parametrize("fact", fact_standards() if LAW_FACTS.is_file() else [], ids=lambda f: str(f["id"]))
def test_england_and_wales_holds_each_standard_as_the_facts_say(fact: dict[str, object]) -> None:
    standard = library("england-and-wales").standard(str(fact["id"]))
    assert standard is not None, f"{fact['id']} is missing from the England and Wales library"
    assert standard.serious_harm is not None and standard.serious_harm.text == fact["serious_harm"]
    assert standard.threshold is not None and standard.threshold.text == fact["threshold"]
    assert [n.text for n in standard.necessary] == fact["necessary"]
    assert [a.text for a in standard.acts] == fact["acts"]
    assert [s.text for s in standard.signals] == fact["signals"]


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
    assert loaded.principle, "the library must state its jurisdiction's principle (LAW001 quotes it)"
    for law in loaded.laws.values():
        assert law.kind is not None, f"{law.id.text} has no kind"
        assert law.sources and all(s.text.strip() for s in law.sources), f"{law.id.text} has no source"
        for standard in law.when:
            assert standard.text in loaded.standards, f"{law.id.text}: 'when {standard.text}' is not a standard"
    for standard in loaded.standards.values():
        assert standard.signals, f"{standard.id.text} has no signals (VAGUE002 could never fire on it)"


# Commissioners forward these links: the statute at legislation.gov.uk, a judgment at BAILII or
# the National Archives, guidance on gov.uk (and the Welsh and Northern Ireland governments' own).
CANONICAL_HOSTS = {"www.legislation.gov.uk", "www.bailii.org", "caselaw.nationalarchives.gov.uk", "www.gov.uk",
                   "www.gov.wales", "gov.wales", "www.health-ni.gov.uk"}


@pytest.mark.parametrize("jurisdiction", ["england-and-wales", "wales", "northern-ireland"])
def test_every_source_is_at_a_canonical_address(jurisdiction: str) -> None:
    loaded = library(jurisdiction)
    entries = [*loaded.laws.values(), *loaded.standards.values()]
    for entry in entries:
        for source in entry.sources:
            urls = re.findall(r"https?://\S+", source.text)
            assert urls, f"{entry.id.text}: source names no address: {source.text}"
            for url in urls:
                parsed = urlparse(url.rstrip(".,;)"))
                assert parsed.scheme == "https", f"{entry.id.text}: {url}"
                assert parsed.netloc in CANONICAL_HOSTS, f"{entry.id.text}: {url} is not a canonical source"
                if parsed.netloc == "www.legislation.gov.uk":
                    assert re.fullmatch(r"/[a-z]+/\d{4}/\d+(/[a-z]+/[0-9A-Za-z]+)*", parsed.path), \
                        f"{entry.id.text}: {url} is not a section's canonical address (no dates, no /data)"


@pytest.mark.parametrize("jurisdiction", ["england-and-wales", "wales", "northern-ireland"])
def test_every_law_and_standard_cites_its_source_at_a_canonical_address(jurisdiction: str) -> None:
    """The brief: every law and standard carries its source at its canonical address (audit L1)."""
    loaded = library(jurisdiction)
    for entry in [*loaded.laws.values(), *loaded.standards.values()]:
        hosts = {urlparse(url.rstrip(".,;)")).netloc for source in entry.sources
                 for url in re.findall(r"https?://\S+", source.text)}
        assert hosts & CANONICAL_HOSTS, f"{jurisdiction}: {entry.id.text} cites no source at a canonical address"


@pytest.mark.parametrize("jurisdiction", ["england-and-wales", "wales", "northern-ireland"])
def test_a_serious_harm_standard_cites_the_public_interest_justification_first(jurisdiction: str) -> None:
    """publish shows a serious-harm standard's first source as the source of the public-interest justification."""
    for standard in library(jurisdiction).standards.values():
        if standard.is_serious_harm:
            assert standard.sources[0].text.startswith("W v Egdell [1989] EWCA Civ 13"), standard.id.text


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
    # The override made s.115 a duty that covers the clause, so the added power beside it is a
    # supporting gateway, not a power presented as a duty (LAW002 is judged trigger by trigger).
    assert _codes(overridden, "LAW002") == []
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


def library_problems(tmp_path: Path, text: str) -> list[tuple[str, int, str]]:
    """(code, line, message) of every problem in a --library file holding ``text``."""
    extra = tmp_path / "local.protocol"
    extra.write_text(text, encoding="utf-8")
    checker = Checker(Settings(library=(extra,)))
    checker.library(None)
    return [(f.code, f.span.line, f.message) for r in checker.library_reports() for f in r.findings]


def test_a_law_or_standard_declared_twice_in_one_library_file_is_e004(tmp_path: Path) -> None:
    """The second `law my-law` would silently replace the first (a power become a duty)."""
    law = 'law my-law "Mine"\n  kind {kind}\n  binds anyone\n  when direct-care\n  recipients gp\n  source "x"\n'
    standard = 'standard direct-care "Redefined"\n  serious-harm {harm}\n'
    text = law.format(kind="power") + law.format(kind="duty") + standard.format(harm="no") + standard.format(harm="yes")
    assert library_problems(tmp_path, text) == [
        ("E004", 7, "law 'my-law' is declared twice (first on line 1)"),
        ("E004", 15, "standard 'direct-care' is declared twice (first on line 13)")]
    assert library_problems(tmp_path, OVERRIDE) == []  # overriding the built-in library is what --library is for


def test_a_misspelt_library_jurisdiction_is_e005_with_a_suggestion(tmp_path: Path) -> None:
    found = library_problems(tmp_path, 'library "Mine"\n  jurisdiction englnd-and-wales\n')
    assert [(code, line) for code, line, _ in found] == [("E005", 2)]
    assert "did you mean 'england-and-wales'?" in found[0][2]


@pytest.mark.parametrize("block, line", [
    ('protocol "Not a library"\n  service outreach\n', "protocol"),
    ("clause 1\n  staff must share identity with police\n  consent not-required\n", "clause"),
    ("recipient foo\n  kind police\n", "recipient"),
    ('trigger t "T"\n  means direct-care\n', "trigger"),
    ('scenario "x"\n  client age 30\n  expect no-share with police\n', "scenario"),
    ('include "other.protocol"\n', "include"),
])
def test_a_block_that_has_no_effect_in_a_library_is_reported(tmp_path: Path, block: str, line: str) -> None:
    found = library_problems(tmp_path, OVERRIDE + block)
    assert [(code, at) for code, at, _ in found] == [("E005", OVERRIDE.count("\n") + 1)]
    assert f"a '{line}' block has no effect in a law library file" in found[0][2]


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


def test_a_small_max_file_size_limits_protocols_not_the_shipped_library(
        cli: Callable[..., tuple[int, str, str]]) -> None:
    """--max-file-size guards the files being checked; the built-in library is larger and must still load."""
    target = str(Path(__file__).resolve().parent.parent / "protocols" / "hostel-cctv-identification.protocol")
    code, out, _ = cli("check", target, "--format", "json", "--max-file-size", "4000")
    assert code == 1
    assert '"E006"' not in out and '"FDAP002"' in out
    code, out, _ = cli("check", target, "--format", "json", "--max-file-size", "100")
    assert '"E006"' in out


def _meaning(entry: object) -> tuple[object, ...]:
    """What an entry decides (every line but its notes and sources, which say where it applies)."""
    from confide.language.model import Law

    if isinstance(entry, Law):
        return (entry.kind_word, [b.text for b in entry.binds], [w.text for w in entry.when],
                entry.threshold.text if entry.threshold else None, [r.text for r in entry.recipients],
                [d.text for d in entry.discloses], [f.text for f in entry.forbids], entry.unless_objects,
                entry.special_category)
    std = entry
    return (std.serious_harm.text if std.serious_harm else None,  # type: ignore[attr-defined]
            std.threshold.text if std.threshold else None,  # type: ignore[attr-defined]
            [n.text for n in std.necessary], [a.text for a in std.acts],  # type: ignore[attr-defined]
            [s.text for s in std.signals])  # type: ignore[attr-defined]


# Where a partial library's law differs from England and Wales on purpose: (jurisdiction, law) ->
# the binds groups it holds instead. FGM Act 2003 s.5B(2)(a)(iii) binds social care workers in Wales.
DELIBERATE_DIFFERENCES = {
    ("wales", "female-genital-mutilation-act-2003-s5b"): ["regulated-health-professionals",
                                                           "social-care-workers-in-wales"],
}


@pytest.mark.parametrize("jurisdiction", ["wales", "northern-ireland"])
def test_partial_libraries_are_level_with_england_and_wales_where_they_share_an_entry(jurisdiction: str) -> None:
    ew, partial = library("england-and-wales"), library(jurisdiction)
    assert set(ew.standards) <= set(partial.standards)  # so no protocol gets E002 for a standard
    for name, law in partial.laws.items():
        if name in ew.laws:
            binds = DELIBERATE_DIFFERENCES.get((jurisdiction, name))
            if binds is not None:
                assert [b.text for b in law.binds] == binds, name
                law = dataclasses.replace(law, binds=ew.laws[name].binds)
            assert _meaning(law) == _meaning(ew.laws[name]), name
    for name, standard in partial.standards.items():
        if name in ew.standards:
            assert _meaning(standard) == _meaning(ew.standards[name]), name


FGM_SOCIAL_WORKERS = """\
    protocol "FGM, youth service with social workers"
      service young-peoples-service
      sector voluntary
      jurisdiction {jurisdiction}
      clients young-people
      staff-include social-workers
    {clause}"""
FGM_CLAUSE = """\
    clause 1 "FGM"
      when fgm-under-18
      staff must share identity, risk-information with police
      consent not-required
      steps consult-supervisor, record-decision
      basis female-genital-mutilation-act-2003-s5b
"""


def test_fgm_duty_binds_social_workers_in_wales(check_text: CheckText) -> None:
    """FGM Act 2003 s.5B(2)(a)(iii): a social care worker in Wales is in a regulated profession."""
    covered = check_text(FGM_SOCIAL_WORKERS.format(jurisdiction="wales", clause=FGM_CLAUSE))
    assert not {f.code for f in covered} & {"LAW001", "LAW004", "FDAP002"}
    uncovered = check_text(FGM_SOCIAL_WORKERS.format(jurisdiction="wales", clause=""))
    assert any("female-genital-mutilation-act-2003-s5b" in m for m in _codes(uncovered, "LAW005"))


def test_fgm_duty_under_england_and_wales_binds_health_professionals_and_teachers_only(
        check_text: CheckText) -> None:
    """law-facts.md: the England-and-Wales library's s.5B binds regulated-health-professionals."""
    findings = check_text(FGM_SOCIAL_WORKERS.format(jurisdiction="england-and-wales", clause=FGM_CLAUSE))
    assert {"LAW001", "LAW004", "FDAP002"} <= {f.code for f in findings}
    uncovered = check_text(FGM_SOCIAL_WORKERS.format(jurisdiction="england-and-wales", clause=""))
    assert not any("female-genital-mutilation-act-2003-s5b" in m for m in _codes(uncovered, "LAW005"))


def test_every_bound_group_is_explained() -> None:
    """Editors show these meanings on hover and beside a completion after 'binds'."""
    from confide.vocabulary import BOUND_GROUPS, MEANINGS

    assert set(MEANINGS["bound group"]) == BOUND_GROUPS


@pytest.mark.parametrize("jurisdiction", ["england-and-wales", "wales", "northern-ireland"])
def test_poca_s342_names_every_part_8_investigation_by_its_definition(jurisdiction: str) -> None:
    """s.342 reaches every investigation s.341 defines, a list amended over time (ECCTA 2023 added cryptoassets)."""
    law = library(jurisdiction).laws["proceeds-of-crime-act-2002-s342"]
    assert any(s.text.endswith("/ukpga/2002/29/section/341") for s in law.sources)
    notes = " ".join(n.text for n in law.notes)
    assert "Part 8 (s.341)" in notes and "such as" in notes and "detained-property" in notes
    assert "in a confiscation, civil-recovery, detained-cash, exploitation-proceeds or money-laundering" not in notes


def test_lib001_says_truly_what_a_partial_library_holds() -> None:
    """The partial libraries hold entries their own notes call unverified (SSWB(W)A s.137, the NI guidance)."""
    from confide.rules import CATALOGUE

    doc = CATALOGUE["LIB001"].doc
    assert "only what the research verified" not in doc
    for jurisdiction, law in (("wales", "social-services-and-well-being-wales-act-2014-s137"),
                              ("northern-ireland", "co-operating-to-safeguard-children-ni")):
        notes = " ".join(n.text for n in library(jurisdiction).laws[law].notes)
        assert "unverified" in notes
    assert "'unverified'" in doc and "s.137" in doc


# ---- the notes the libraries point to ------------------------------------------------------------

NOTES_REFERENCE = re.compile(r"confide/laws/NOTES\.md, '([^']+)'")


def _shipped_notes() -> str:
    """NOTES.md read as an installed package would read it: through the package's resources."""
    from importlib import resources

    return resources.files("confide").joinpath("laws", "NOTES.md").read_text(encoding="utf-8")


def test_every_notes_reference_in_a_library_names_a_heading_of_the_shipped_notes() -> None:
    headings = {line[3:].strip() for line in _shipped_notes().splitlines() if line.startswith("## ")}
    named: set[str] = set()
    for jurisdiction in ("england-and-wales", "wales", "northern-ireland"):
        text = library_path(jurisdiction).read_text(encoding="utf-8")
        references = NOTES_REFERENCE.findall(text)
        assert len(references) == text.count("NOTES.md"), f"{jurisdiction}: a NOTES.md reference names no heading"
        assert set(references) <= headings, f"{jurisdiction}: {set(references) - headings} are not headings"
        named.update(references)
    assert named == headings, f"headings no library points to: {headings - named}"


def test_no_library_claims_a_generator_that_does_not_exist() -> None:
    for jurisdiction in ("england-and-wales", "wales", "northern-ireland"):
        text = library_path(jurisdiction).read_text(encoding="utf-8")
        assert "Generated by" not in text and "tools/" not in text, jurisdiction


def test_each_note_on_a_doubt_gives_its_sources_at_canonical_addresses() -> None:
    sections = _shipped_notes().split("\n## ")[1:]
    for section in sections:
        heading = section.splitlines()[0]
        urls = [u.rstrip(".,;)") for u in re.findall(r"https?://\S+", section)]
        if heading == "How the libraries relate to their contract":
            continue
        assert urls, f"'{heading}' cites no source"
        for url in urls:
            assert urlparse(url).netloc in CANONICAL_HOSTS, f"'{heading}': {url}"
