"""E001-E006: bad protocol text gets a coded finding at the exact place, never a traceback.

Each case is a small bad snippet with the code, line and column the finding must carry, and
words its message must contain, because the message is what a service manager acts on.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.batch import check_paths as check
from confide.cli import main
from confide.config import Settings
from confide.findings import Finding
from confide.language.parse import parse
from confide.loader import read_source
from confide.source import SourceFile

HEAD = textwrap.dedent("""\
    protocol "Test"
      service supported-housing
      clients adults
    recipient police
      kind police
    trigger dealing
      means drug-supply-on-premises
    """)  # 7 lines: the snippets below start on line 8

Check = Callable[..., list[Finding]]
Cli = Callable[..., tuple[int, str, str]]


def input_errors(findings: list[Finding]) -> list[tuple[str, int, int]]:
    return [(f.code, f.span.line, f.span.column) for f in findings if f.code.startswith("E")]


def one(findings: list[Finding], code: str) -> Finding:
    found = [f for f in findings if f.code == code]
    assert len(found) == 1, [(f.code, f.message) for f in findings]
    return found[0]


# ---- E001: syntax ---------------------------------------------------------------------------
E001_CASES = [
    ("unclosed-quote", 'clause 1 "Dealing\n  staff may share identity with police\n', 8, 10,
     "unclosed quote"),
    ("unclosed-quote-in-timing", 'clause 1\n  staff may share identity with police\n  timing "soon\n', 10, 10,
     "unclosed quote"),
    ("must-not-two-words", "clause 1\n  staff must not share identity with police\n", 9, 9, "'must-not' as one word"),
    ("clause-line-before-any-clause", "  staff may share identity with police\n", 8, 3, "no clause has started yet"),
    ("misspelt-block-keyword", 'clase 1 "x"\n  staff may share identity with police\n', 8, 1, "did you mean 'clause'?"),
    ("misspelt-line-keyword", "clause 1\n  staff may share identity with police\n  steeps consult-supervisor\n",
     10, 3, "did you mean 'steps'?"),
    ("misspelt-header-line", 'recipient probation\n  knd probation\n', 9, 3, "did you mean 'kind'?"),
    ("line-in-wrong-block", "clause 1\n  staff may share identity with police\n  kind police\n", 10, 3,
     "does not belong in the 'clause' block opened on line 8"),
    ("header-line-in-trigger", '  version "2"\n', 8, 3, "belongs in: protocol"),
    ("slash-date", 'clause 1\n  staff may share identity with police\n  allow LAW001 "x" until 31/03/2027\n',
     10, 26, "2027-03-31, not '31/03/2027'"),
    ("modality-should", "clause 1\n  staff should share identity with police\n", 9, 9, "must (automatic), may"),
    ("modality-capitals", "clause 1\n  staff MUST share identity with police\n", 9, 9, "did you mean 'must'?"),
    ("verb-misspelt", "clause 1\n  staff may sharee identity with police\n", 9, 13, "did you mean 'share'?"),
    ("to-instead-of-with", "clause 1\n  staff may share identity to police\n", 9, 28, "write 'with'"),
    ("comma-before-with", "clause 1\n  staff may share identity, with police\n", 9, 27, "cannot end with a comma"),
    ("no-recipient", "clause 1\n  staff may share identity\n", 9, 27, "add 'with RECIPIENT'"),
    ("share-nothing", "clause 1\n  staff may share with police\n", 9, 19, "say what is shared before 'with'"),
    ("two-lines-on-one", "clause 1\n  staff may share identity with police consent required\n", 9, 40,
     "'consent' starts a line of its own"),
    ("keyword-without-value", "clause 1\n  when\n  staff may share identity with police\n", 9, 3,
     "'when' needs a value after it"),
    ("quoted-text-for-a-name", 'recipient "Police"\n  kind police\n', 8, 11, "expected a name"),
    ("include-path-not-quoted", "include partners.protocol\n", 8, 9,
     'put this text in double quotes: "partners.protocol"'),
    ("clause-without-number", "clause\n  staff may share identity with police\n", 8, 1,
     "needs a value after it (a clause number)"),
]


@pytest.mark.parametrize(("snippet", "line", "column", "words"), [c[1:] for c in E001_CASES],
                         ids=[c[0] for c in E001_CASES])
def test_e001(check_text: Check, snippet: str, line: int, column: int, words: str) -> None:
    finding = one(check_text(HEAD + snippet), "E001")
    assert (finding.span.line, finding.span.column) == (line, column)
    assert words in finding.message


def test_e001_date_in_review_by_is_explained() -> None:
    # The header is the first block, so this one is checked without HEAD.
    (error,) = parse(SourceFile("p", 'protocol "A"\n  review-by 31/03/2027\n')).errors
    assert (error.code, error.span.line, error.span.column) == ("E001", 2, 13)
    assert "year-month-day: 2027-03-31" in error.message
    assert error.span.end_column - error.span.column == len("31/03/2027")


def test_e001_lines_after_a_broken_clause_head_still_belong_to_it(check_text: Check) -> None:
    findings = check_text(HEAD + 'clause 1 "unclosed\n  staff may share identity with police\n  kind police\n')
    # The share line is fine in its clause; the misplaced 'kind' line is still found.
    assert input_errors(findings) == [("E001", 8, 10), ("E001", 10, 3)]


def test_e001_stops_rules_but_reports_every_syntax_error(check_text: Check) -> None:
    findings = check_text(HEAD + "clause 1\n  staff must not share identity with police\n"
                          "clause 2\n  staff may share identity to police\n")
    assert input_errors(findings) == [("E001", 9, 9), ("E001", 11, 28)]
    assert all(f.code.startswith("E") for f in findings)


# ---- E002: unknown names --------------------------------------------------------------------
E002_CASES = [
    ("misspelt-data-kind", "clause 1\n  staff may share identiy with police\n", 9, 19, "'identiy'", "identity"),
    ("misspelt-declared-recipient", ("recipient probation-team\n  kind probation\n"
                                     "clause 1\n  staff may share identity with probaton-team\n"), 11, 33,
     "recipient 'probaton-team'",
     "probation-team"),
    ("unknown-trigger", "clause 1\n  when dealng\n  staff may share identity with police\n", 9, 8,
     "trigger 'dealng'", "dealing"),
    ("unknown-step", "clause 1\n  staff may share identity with police\n  steps consult-superviser\n", 10, 9,
     "step 'consult-superviser'", "consult-supervisor"),
    ("unknown-means-standard", ("trigger fight\n  means serous-harm-to-others\n"
                                "clause 1\n  when fight\n  staff may share identity with police\n"), 9, 9,
     "standard 'serous-harm-to-others'",
     "serious-harm-to-others"),
    ("unknown-recipient-kind", ("recipient key-worker\n  kind gpp\n"
                                "clause 1\n  staff may share identity with key-worker\n"), 9, 8,
     "recipient kind 'gpp'", "gp"),
    ("unknown-data-kind", ("data notes\n  kind case-files\n"
                           "clause 1\n  staff may share notes with police\n"), 9, 8,
     "data kind 'case-files'", "case-file"),
    ("unknown-subject", "clause 1\n  polce may share identity with probation\n", 9, 3, "recipient 'polce'", "police"),
    ("unknown-assess-parameter", "clause 1\n  staff may share identity with police\n  assess severty\n", 10, 10,
     "assessment parameter 'severty'", "severity"),
    ("unknown-scenario-event", 'scenario "s"\n  events dealng\n  expect no-share with police\n', 9, 10,
     "trigger 'dealng'", "dealing"),
]


@pytest.mark.parametrize(("snippet", "line", "column", "words", "guess"), [c[1:] for c in E002_CASES],
                         ids=[c[0] for c in E002_CASES])
def test_e002(check_text: Check, snippet: str, line: int, column: int, words: str, guess: str) -> None:
    finding = one(check_text(HEAD + snippet), "E002")
    assert (finding.span.line, finding.span.column) == (line, column)
    assert words in finding.message
    assert f"did you mean '{guess}'?" in finding.message


def test_e002_without_a_close_match_makes_no_guess(check_text: Check) -> None:
    finding = one(check_text(HEAD + "clause 1\n  staff may share zzqx with police\n"), "E002")
    assert finding.message == "unknown data category 'zzqx'"


def test_vocabulary_names_need_no_declaration(check_text: Check) -> None:
    findings = check_text(HEAD + "clause 1\n  when serious-harm-to-others\n  staff may share attendance with family\n")
    assert input_errors(findings) == []


# ---- E003: includes (more in test_includes.py) ------------------------------------------------
def test_e003_missing_include(check_text: Check) -> None:
    finding = one(check_text(HEAD + 'include "partner.protocol"\n'), "E003")
    assert (finding.span.line, finding.span.column) == (8, 9)
    assert 'included file "partner.protocol" does not exist' in finding.message


# ---- E004: duplicates -----------------------------------------------------------------------
E004_CASES = [
    ("recipient-twice", "recipient police\n  kind police\n", 8, 11, "recipient 'police' is declared twice"),
    ("trigger-twice", "trigger dealing\n  means drug-supply-on-premises\n", 8, 9,
     "trigger 'dealing' is declared twice"),
    ("clause-twice", ("clause 1\n  staff may share identity with police\n"
                      "clause 1\n  staff may share identity with police\n"),
     10, 8, "clause '1' is declared twice (first on line 8)"),
    ("line-twice-in-block", "clause 1\n  staff may share identity with police\n  consent required\n  consent written\n",
     11, 3, "'consent' is given twice"),
    ("second-records-block", "records\n  storage secure\nrecords\n  log disclosures\n", 10, 1, "only one 'records'"),
    ("second-protocol-block", 'protocol "Again"\n', 8, 1, "only one 'protocol'"),
]


@pytest.mark.parametrize(("snippet", "line", "column", "words"), [c[1:] for c in E004_CASES],
                         ids=[c[0] for c in E004_CASES])
def test_e004(check_text: Check, snippet: str, line: int, column: int, words: str) -> None:
    finding = one(check_text(HEAD + snippet), "E004")
    assert (finding.span.line, finding.span.column) == (line, column)
    assert words in finding.message


def test_e004_once_in_the_file_and_once_in_an_include(check_text: Check) -> None:
    findings = check_text(HEAD + 'include "partner.protocol"\n',
                          extra={"partner.protocol": 'protocol "Partners"\nrecipient police\n  kind police\n'})
    finding = one(findings, "E004")
    assert (finding.span.path.endswith("t.protocol"), finding.span.line, finding.span.column) == (True, 4, 11)
    assert "also declared in" in finding.message and "partner.protocol" in finding.message


# ---- E005: invalid values -------------------------------------------------------------------
E005_CASES = [
    ("threshold-maybe", "trigger fight\n  means serious-harm-to-others\n  threshold maybe\n", 10, 13,
     "'maybe' is not a valid threshold (choose from: belief, knowledge, suspicion)"),
    ("unknown-consent-mode", "clause 1\n  staff may share identity with police\n  consent implied\n", 10, 11,
     "'implied' is not a valid consent mode"),
    ("consent-mode-typo", "clause 1\n  staff may share identity with police\n  consent requird\n", 10, 11,
     "did you mean 'required'?"),
    ("allow-without-justification", "clause 1\n  staff may share identity with police\n  allow LAW001\n", 10, 9,
     "needs a justification in quotes"),
    ("allow-unknown-rule", 'clause 1\n  staff may share identity with police\n  allow LAW01 "x"\n', 10, 9,
     "did you mean 'LAW001'?"),
    ("allow-impossible-date", 'clause 1\n  staff may share identity with police\n  allow LAW001 "x" until 2027-02-30\n',
     10, 26, "'2027-02-30' is not a real date"),
    ("clause-without-share-line", "clause 1\n  consent required\n", 8, 8, "says nothing about sharing"),
    ("unknown-client-group", "clause 1\n  clients kids\n  staff may share identity with police\n", 9, 11,
     "not a valid client group"),
    ("unknown-onward-mode", "recipient hub\n  kind marac\n  onward-sharing never\n", 10, 18,
     "not a valid onward-sharing mode"),
    ("unknown-timing", "clause 1\n  staff may share identity with police\n  timing soon\n", 10, 10,
     'or a "quoted text"'),
    ("allow-an-input-code", 'clause 1\n  staff may share identity with police\n  allow E001 "x" until 2027-01-01\n',
     10, 9, "E001 cannot be waived: an input error means the protocol was not read whole"),
    ("scenario-age-300", 'scenario "s"\n  client age 300\n  events none\n  expect no-share with police\n', 9, 14,
     "age 300 is not a person's age (0 to 120)"),
]


@pytest.mark.parametrize(("snippet", "line", "column", "words"), [c[1:] for c in E005_CASES],
                         ids=[c[0] for c in E005_CASES])
def test_e005(check_text: Check, snippet: str, line: int, column: int, words: str) -> None:
    finding = one(check_text(HEAD + snippet), "E005")
    assert (finding.span.line, finding.span.column) == (line, column)
    assert words in finding.message


@pytest.mark.parametrize(("line", "words"), [
    ("  review-by 2027-13-01\n", "'2027-13-01' is not a real date for review-by"),
    ("  service suported-housing\n", "did you mean 'supported-housing'?"),
    ("  sector charity\n", "not a valid sector"),
    ("  staff-include nurses\n", "not a valid staff group"),
])
def test_e005_in_the_header(check_text: Check, line: str, words: str) -> None:
    finding = one(check_text('protocol "T"\n' + line), "E005")
    assert finding.span.line == 2 and finding.span.column == line.index(line.split()[1]) + 1
    assert words in finding.message


@pytest.mark.parametrize("text", ["", "# only a comment\n\n# and another\n"])
@pytest.mark.parametrize("name", ["t.protocol", "t.scenario"])
def test_an_empty_or_comment_only_file_fails_test_as_it_fails_check(cli: Cli, tmp_path: Path, text: str,
                                                                     name: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    code, out, _ = cli("test", str(path))
    assert code == 1 and f"{path}:1:1: error E005 a {name.split('.')[1]} file needs a" in out
    if name == "t.protocol":
        assert cli("check", "--no-cache", str(path))[0] == 1


def test_e005_file_without_a_protocol_block(check_text: Check) -> None:
    finding = one(check_text("recipient police\n  kind police\n"), "E005")
    assert (finding.span.line, finding.span.column) == (1, 1)
    assert "needs a 'protocol \"TITLE\"' block" in finding.message


# ---- E006: unreadable files -----------------------------------------------------------------
def check_bytes(tmp_path: Path, raw: bytes) -> Finding:
    target = tmp_path / "t.protocol"
    target.write_bytes(raw)
    findings = [f for r in check([str(target)], Settings()) for f in r.findings]
    assert [f.code for f in findings] == ["E006"], findings
    return findings[0]


def test_e006_not_utf8_points_at_the_bad_character(tmp_path: Path) -> None:
    finding = check_bytes(tmp_path, b'protocol "Caf' + b"\xe9\"\n")
    assert (finding.span.line, finding.span.column) == (1, 14)
    assert "not UTF-8" in finding.message and "save the file as UTF-8" in finding.message



@pytest.mark.parametrize("raw, where", [
    (b"\xef\xbb\xbfprotocol \"Caf\xe9\"\n", (1, 14)),  # a byte-order mark is no column
    (b"\xef\xbb\xbfp\x80rotocol\n", (1, 2)),
    (b"\xef\xbbprotocol\n", (1, 1)),  # a mark cut short is the bad character itself
])
def test_e006_not_utf8_after_a_byte_order_mark_points_at_the_bad_character(tmp_path: Path, raw: bytes,
                                                                           where: tuple[int, int]) -> None:
    finding = check_bytes(tmp_path, raw)
    assert (finding.span.line, finding.span.column) == where
    assert "not UTF-8" in finding.message

def test_e006_binary_file(tmp_path: Path) -> None:
    finding = check_bytes(tmp_path, b"PK\x03\x04\x00\x00 word processor file")
    assert "binary file" in finding.message


def test_e006_utf16_file(tmp_path: Path) -> None:
    finding = check_bytes(tmp_path, 'protocol "A"\n'.encode("utf-16"))
    assert "UTF-16" in finding.message


def test_e006_too_large(tmp_path: Path) -> None:
    target = tmp_path / "t.protocol"
    target.write_text("# padding\n" * 20, encoding="utf-8")
    finding = read_source(target, "t.protocol", max_bytes=100)
    assert isinstance(finding, Finding) and finding.code == "E006"
    assert "200 bytes, over the 100-byte limit" in finding.message


def test_e006_a_folder_given_as_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "folder.protocol"
    folder.mkdir()
    finding = read_source(folder, "folder.protocol")
    assert isinstance(finding, Finding) and finding.code == "E006"
    assert "is a folder, not a protocol file" in finding.message


STDIN_CASES = [
    ('protocol "A"\n'.encode("utf-16"), "saved as UTF-16", (1, 1)),
    (b"\xff\xfe\x00", "saved as UTF-16", (1, 1)),
    (b'protocol "A"\x00\n', "binary file", (1, 1)),
    (b'protocol "Base"\n  organisation "Caf\x92"\n', "not UTF-8", (2, 20)),  # Windows-1252
]


@pytest.mark.parametrize("raw, words, where", STDIN_CASES)
def test_e006_on_standard_input_as_on_a_file(tmp_path: Path, cli: Cli, stdin: Callable[[bytes], None], raw: bytes,
                                             words: str, where: tuple[int, int]) -> None:
    """`-` (what editors and hooks pipe into) is read with the file reader's checks, not checked
    as mangled text or, for a Windows-1252 byte, passed as clean.
    """
    stdin(raw)
    code, out, _ = cli("check", "--no-cache", "-")
    assert code == 1
    assert f"<stdin>:{where[0]}:{where[1]}: error E006" in out and words in out
    assert "E001" not in out and "\\udc" not in out


@pytest.mark.parametrize("raw, words, where", STDIN_CASES)
def test_check_fix_on_standard_input_that_is_not_text_gives_it_back_as_it_came(
        stdin: Callable[[bytes], None], capsysbinary: pytest.CaptureFixture[bytes], raw: bytes,
        words: str, where: tuple[int, int]) -> None:
    stdin(raw)
    code = main(["check", "--fix", "-"])
    out, err = capsysbinary.readouterr()
    assert code == 1 and out == raw  # an editor puts this in place of its buffer
    assert b"error E006" in err and words.encode() in err


def test_byte_order_mark_and_crlf_are_not_errors(tmp_path: Path) -> None:
    target = tmp_path / "t.protocol"
    target.write_bytes(b"\xef\xbb\xbf" + HEAD.replace("\n", "\r\n").encode())
    findings = [f for r in check([str(target)], Settings()) for f in r.findings]
    assert input_errors(findings) == []


# ---- how an error is shown ------------------------------------------------------------------
def test_text_output_shows_location_source_line_and_caret(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "t.protocol"
    target.write_text(HEAD + "clause 1\n\tstaff\tmay share identiy with police\n", encoding="utf-8")
    code, out, _ = cli("check", str(target))
    assert code == 1
    lines = out.splitlines()
    first = f"{target}:9:18: error E002 unknown data category 'identiy'; did you mean 'identity'?"
    assert lines[0] == first
    assert lines[1] == "    9 | \tstaff\tmay share identiy with police"
    # The caret line copies the tabs, so the carets sit under 'identiy' in any terminal.
    assert lines[2] == "      | \t     \t          ^^^^^^^"


def test_syntax_error_output_has_a_caret_under_the_word(tmp_path: Path, cli: Cli) -> None:
    target = tmp_path / "t.protocol"
    target.write_text(HEAD + "clause 1\n  staff must not share identity with police\n", encoding="utf-8")
    code, out, _ = cli("check", str(target))
    assert code == 1
    assert out.splitlines()[0].startswith(f"{target}:9:9: error E001 write 'must-not' as one word")
    assert out.splitlines()[2] == "      |         ^^^^^^^^"


def test_a_form_feed_or_unicode_line_separator_does_not_shift_line_numbers(tmp_path: Path) -> None:
    target = tmp_path / "t.protocol"
    target.write_text(HEAD + "# page\x0cbreak\u2028here\nclause 1\n  staff must not share identity with police\n",
                      encoding="utf-8")
    (result,) = check([str(target)], Settings())
    (error,) = result.findings
    assert (error.code, error.span.line, error.span.column) == ("E001", 10, 9)
    assert "must not" in result.line(10)


def test_the_caret_stands_under_the_place_after_wide_characters(tmp_path: Path, cli: Callable[..., tuple[int, str, str]]
                                                                ) -> None:
    # Emoji and CJK take two cells in a terminal, a combining accent none.
    path = tmp_path / "wide.protocol"
    path.write_text('protocol "T"\n  service homeless-hostel\nclause 1\n'
                    '  allow FDAP004 "😀好 e\u0301" until 2026-02-30\n  staff may share identity with gp\n', "utf-8")
    _, out, _ = cli("check", "--no-cache", str(path))
    lines = out.splitlines()
    source = next(i for i, line in enumerate(lines) if line.startswith("    4 | "))
    caret = lines[source + 1].split(" | ", 1)[1]
    shown_before = '  allow FDAP004 "😀好 e\u0301" until '
    assert caret == " " * (len(shown_before) + 2 - 1) + "^" * len("2026-02-30")  # +2 wide, -1 combining
