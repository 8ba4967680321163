"""Messages for the slips a service manager makes: pasted text, near misses, reserved words.

Each case is a small bad protocol with the place the message must point at (file:line:col and
the caret under the exact character) and the words it must say, as `confide check` prints them.
"""

from __future__ import annotations

import json
import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.display import guard

Cli = Callable[..., tuple[int, str, str]]

BASE = textwrap.dedent("""\
    protocol "Base"
      service drug-and-alcohol-treatment
      sector voluntary
      clients adults
      review-by 2030-03-31
    recipient gp-surgery "GP"
      kind gp
    data ident "Name"
      kind identity
    trigger missed "Client misses appointments"
      means direct-care
    at-assessment
      explain limits-of-confidentiality
    records
      storage secure
    clause 1.1 "GP letters"
      when missed
      staff may share ident with gp-surgery
      consent required
    """)  # 19 lines


def first_error(cli: Cli, tmp_path: Path, text: str, *args: str) -> tuple[str, str, int]:
    """The first finding's heading line (path made relative), its source line, and the caret's column."""
    target = tmp_path / "t.protocol"
    target.write_text(text, encoding="utf-8")
    code, out, err = cli("check", "--no-cache", "--ignore", "LAW005", *args, str(target))
    assert code == 1, out + err
    heading, source, caret = out.splitlines()[:3]
    column = len(caret.split(" | ", 1)[1].split("^")[0]) + 1
    return heading.replace(f"{target}:", "t.protocol:"), source.split(" | ", 1)[1], column


# ---- L1: pasted from a word processor ----------------------------------------------------------
PASTED = [
    ("curly-title", BASE.replace('protocol "Base"', "protocol \u201cBase\u201d"), "t.protocol:1:10: error E001 "
     'replace the curly quotes \u201c \u201d with straight quotes ": "Base"', 10),
    ("curly-timing", BASE + "  timing \u201csame day\u201d\n", "t.protocol:20:10: error E001 "
     'replace the curly quotes \u201c \u201d with straight quotes ": "same day"', 10),
    ("curly-single", BASE + "  timing \u2018same day\u2019\n", "t.protocol:20:10: error E001 "
     'replace the curly quotes \u2018 \u2019 with straight quotes ": "same day"', 10),
    ("curly-closing-only", BASE + '  timing "same day\u201d\n', "t.protocol:20:10: error E001 unclosed quote: "
     'a text in double quotes must end on the same line with ": it ends with a curly quote \u201d; '
     'replace it with a straight quote "', 10),
    ("en-dash", BASE.replace("with gp-surgery", "with gp\u2013surgery"), "t.protocol:18:32: error E001 "
     "an en dash (\u2013) where a hyphen (-) belongs; did you mean 'gp-surgery'?", 32),
    ("cyrillic-keyword", BASE.replace("clause 1.1", "cl\u0430use 1.1"), "t.protocol:16:3: error E001 "
     "a Cyrillic '\u0430' that looks like a Latin 'a'; did you mean 'clause'?", 3),
    ("greek-name", BASE.replace("with gp-surgery", "with gp-surgery").replace("share ident", "share id\u03bfnt"),
     "t.protocol:18:21: error E001 a Greek '\u03bf' that looks like a Latin 'o'; did you mean 'idont'?", 21),
    ("nbsp-indent", BASE.replace("  consent required", "\u00a0 consent required"), "t.protocol:19:1: error E001 "
     "a non-breaking space (U+00A0) where an ordinary space belongs: retype it as a plain space", 1),
    ("nbsp-inner", BASE.replace("consent required", "consent\u00a0required"), "t.protocol:19:10: error E001 "
     "a non-breaking space (U+00A0) where an ordinary space belongs: retype it as a plain space", 10),
    ("full-width", BASE.replace("consent required", "consent \uff52equired"), "t.protocol:19:11: error E001 "
     "'\uff52' (fullwidth latin small letter r, U+FF52) looks like 'r' but is not it; did you mean 'required'?",
     11),
]


@pytest.mark.parametrize(("text", "heading", "column"), [c[1:] for c in PASTED], ids=[c[0] for c in PASTED])
def test_pasted_characters_are_named_with_the_caret_under_them(cli: Cli, tmp_path: Path, text: str,
                                                                heading: str, column: int) -> None:
    shown_heading, _, caret = first_error(cli, tmp_path, text)
    assert shown_heading == heading
    assert caret == column


INVISIBLE = [("\u200b", "a zero-width space (U+200B)", "\\u200b"), ("\u2060", "a word joiner (U+2060)", "\\u2060"),
             ("\ufeff", "a zero-width no-break space (byte-order mark) (U+FEFF)", "\\ufeff"),
             ("\u00ad", "a soft hyphen (U+00AD)", "\\xad"), ("\ufff9", "an interlinear annotation mark (U+FFF9)",
                                                            "\\ufff9"),
             ("\U000e0041", "an invisible tag character (U+E0041)", "\\U000e0041")]


@pytest.mark.parametrize(("char", "named", "shown"), INVISIBLE, ids=[c[2] for c in INVISIBLE])
def test_an_invisible_character_is_named_and_shown(cli: Cli, tmp_path: Path, char: str, named: str,
                                                   shown: str) -> None:
    text = BASE.replace("with gp-surgery", f"with gp-{char}surgery")
    heading, source, caret = first_error(cli, tmp_path, text)
    assert heading == (f"t.protocol:18:33: error E001 {named}, which does not show on screen, is inside this "
                       "word: delete it; did you mean 'gp-surgery'?")
    assert source == f"  staff may share ident with gp-{shown}surgery"
    assert caret == 33
    assert char not in heading + source


def test_invisible_characters_are_shown_in_quoted_text_and_kept_in_json(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "t.protocol"
    target.write_text(BASE.replace("consent required", "consent implied # x\u200by\U000e0041"), encoding="utf-8")
    _, out, _ = cli("check", "--no-cache", "--ignore", "LAW005", str(target))
    assert "# x\\u200by\\U000e0041" in out
    value = {"title": "GP\u200b letters\U000e0041\u00ad"}
    written = guard(json.dumps(value, ensure_ascii=False), "json")
    assert "\U000e0041" not in written and json.loads(written) == value


# ---- M5: reserved words ---------------------------------------------------------------------------
RESERVED = [
    ("trigger-none", BASE.replace("trigger missed", "trigger none").replace("when missed", "when none"),
     "t.protocol:10:9: error E005 'none' is a reserved word of the protocol language; choose another name "
     "for this trigger", 9),
    ("data-with", BASE.replace("data ident", "data with").replace("share ident", "share with"),
     "t.protocol:8:6: error E005 'with' is a reserved word of the protocol language; choose another name "
     "for this data category", 6),
    ("recipient-must", BASE.replace("gp-surgery", "must"),
     "t.protocol:6:11: error E005 'must' is a reserved word of the protocol language; choose another name "
     "for this recipient", 11),
    ("recipient-staff", BASE.replace("gp-surgery", "staff"),
     "t.protocol:6:11: error E005 'staff' is a reserved word of the protocol language; choose another name "
     "for this recipient", 11),
]


@pytest.mark.parametrize(("text", "heading", "column"), [c[1:] for c in RESERVED], ids=[c[0] for c in RESERVED])
def test_a_declaration_named_with_a_word_that_would_read_two_ways_is_refused(
        cli: Cli, tmp_path: Path, text: str, heading: str, column: int) -> None:
    shown_heading, _, caret = first_error(cli, tmp_path, text)
    assert shown_heading == heading
    assert caret == column


@pytest.mark.parametrize("name", ["records", "all", "GP_Surgery"])
def test_other_names_stay_usable_where_the_grammar_reads_them_by_place(cli: Cli, tmp_path: Path, name: str) -> None:
    # LANGUAGE.md reserves no word: a block keyword or an odd spelling is still a name; a use
    # spelt differently from the declaration gets a did-you-mean.
    (tmp_path / "t.protocol").write_text(BASE.replace("gp-surgery", name), encoding="utf-8")
    code, out, err = cli("check", "--no-cache", "--ignore", "LAW005", str(tmp_path / "t.protocol"))
    assert " 0 errors, 0 warnings" in out, out + err


def test_the_base_protocol_is_clean(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "t.protocol").write_text(BASE, encoding="utf-8")
    code, out, err = cli("check", "--no-cache", "--ignore", "LAW005", str(tmp_path / "t.protocol"))
    assert " 0 errors, 0 warnings" in out, out + err


# ---- L2 and L3: near misses get a "did you mean", and messages say what is wrong -----------------
SCENARIO = 'scenario "s"\n  events missed\n  expect share ident with gp-surgery\n'  # lines 20-22
SLIPS = [
    ("staff-misspelt", BASE.replace("staff may", "staf may"),
     "t.protocol:18:3: error E002 unknown recipient 'staf'; did you mean 'staff'?", 3),
    ("short-name-in-capitals", BASE.replace("with gp-surgery", "with GP"),
     "t.protocol:18:30: error E002 unknown recipient 'GP'; did you mean 'gp'?", 30),
    ("kind-in-capitals", BASE.replace("kind gp", "kind GP"),
     "t.protocol:7:8: error E002 unknown recipient kind 'GP'; did you mean 'gp'?", 8),
    ("keyword-in-capitals", BASE.replace("clause 1.1", "CLAUSE 1.1"),
     "t.protocol:16:1: error E001 unknown keyword 'CLAUSE'; did you mean 'clause'?", 1),
    ("record-for-records", BASE.replace("records\n", "record\n"),
     "t.protocol:14:1: error E001 'record' needs a value after it (a name); or did you mean to open "
     "a 'records' block?", 1),
    ("not-required-two-words", BASE.replace("consent required", "consent not required"),
     "t.protocol:19:11: error E001 write 'not-required' as one word with hyphens", 11),
    ("untill", BASE + '  allow LAW001 "x" untill 2027-01-01\n',
     "t.protocol:20:20: error E001 unknown word 'untill'; did you mean 'until'?", 20),
    ("date-day-first-with-dashes", BASE.replace("review-by 2030-03-31", "review-by 31-03-2030"),
     "t.protocol:5:13: error E001 dates are written year-month-day: 2030-03-31, not '31-03-2030'", 13),
    ("date-in-quotes", BASE.replace("review-by 2030-03-31", 'review-by "2030-03-31"'),
     "t.protocol:5:13: error E001 dates are written year-month-day with no quotes: 2030-03-31, "
     "not '\"2030-03-31\"'", 13),
    ("date-with-time", BASE.replace("review-by 2030-03-31", "review-by 2030-03-31T00:00"),
     "t.protocol:5:13: error E001 dates are written year-month-day with no time: 2030-03-31, "
     "not '2030-03-31T00:00'", 13),
    ("jurisdiction-england", BASE.replace("  clients adults", "  jurisdiction england\n  clients adults"),
     "t.protocol:4:16: error E005 'england' is not a valid jurisdiction (choose from: england-and-wales, "
     "northern-ireland, wales); did you mean 'england-and-wales'?", 16),
    ("expect-shares", BASE + SCENARIO.replace("expect share", "expect shares"),
     "t.protocol:22:10: error E001 after 'expect' write share, no-share or steps, not 'shares'; "
     "did you mean 'share'?", 10),
    ("basis-in-words", BASE + "  basis crime and disorder act 1998\n",
     "t.protocol:20:9: error E001 a name has no spaces: join its words with hyphens, and put commas between "
     "names (e.g. 'crime-and-disorder-act-1998')", 9),
    ("when-or", BASE.replace("when missed", "when missed or serious-harm-to-self"),
     "t.protocol:17:15: error E001 separate the names in a 'when' list with commas, not 'or' "
     "(e.g. 'when missed, serious-harm-to-self')", 15),
    ("when-bad-word", BASE.replace("when missed", "when missed soon"),
     "t.protocol:17:8: error E001 a name has no spaces: join its words with hyphens, and put commas between "
     "names (e.g. 'missed-soon')", 8),
    ("bullet", BASE.replace("  consent required", "  - consent required"),
     "t.protocol:19:3: error E001 remove '-' at the start of the line: lines need no bullets or numbers, "
     "each starts with its keyword", 3),
    ("no-subject", BASE.replace("staff may share", "may share"),
     "t.protocol:18:3: error E001 a share line starts with who shares: 'staff may share ...' "
     "(or a partner's name)", 3),
    ("title-line", BASE.replace('protocol "Base"', 'title "Base"'),
     "t.protocol:1:1: error E001 unknown keyword 'title': a protocol file starts with the line "
     "protocol \"TITLE\" (here perhaps: protocol \"Base\")", 1),
    ("prose-line", "Information sharing policy\n" + BASE,
     "t.protocol:1:1: error E001 unknown keyword 'Information': a protocol file starts with the line "
     "protocol \"TITLE\" (here perhaps: protocol \"Information sharing policy\")", 1),
    ("an-at-assessment", BASE.replace("  explain limits", "  storage secure\n  explain limits"),
     "t.protocol:13:3: error E001 'storage' does not belong in the 'at-assessment' block opened on line 12 "
     "(it belongs in: records; an 'at-assessment' block holds: explain, record, assess)", 3),
]


@pytest.mark.parametrize(("text", "heading", "column"), [c[1:] for c in SLIPS], ids=[c[0] for c in SLIPS])
def test_a_slip_gets_a_message_that_fixes_it(cli: Cli, tmp_path: Path, text: str, heading: str,
                                             column: int) -> None:
    shown_heading, _, caret = first_error(cli, tmp_path, text)
    assert shown_heading == heading
    assert caret == column


def test_a_title_line_is_the_only_error_and_the_header_is_still_read(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "t.protocol"
    target.write_text(BASE.replace('protocol "Base"', 'title "Base"').replace("sector voluntary", "sector charity"),
                      encoding="utf-8")
    _, out, _ = cli("check", "--no-cache", str(target))
    assert [line.split(" error ")[1][:4] for line in out.splitlines() if " error " in line] == ["E001"]


def test_with_is_expected_only_where_it_can_appear(cli: Cli, tmp_path: Path) -> None:
    heading, _, _ = first_error(cli, tmp_path, BASE + '  basis some-law "why"\n')
    assert heading == "t.protocol:20:18: error E001 unexpected '\"why\"'; expected ',' or the end of the line"
    heading, _, _ = first_error(cli, tmp_path, BASE.replace("share ident with", "share ident to"))
    assert "write 'with' before the recipients, not 'to'" in heading


def test_names_without_commas_are_told_to_take_commas(cli: Cli, tmp_path: Path) -> None:
    heading, _, caret = first_error(cli, tmp_path, BASE + "  steps seek-consent inform-client\n")
    assert heading == ("t.protocol:20:22: error E001 put commas between the names in a 'steps' list "
                       "(e.g. 'steps seek-consent, inform-client')")
    assert caret == 22


# ---- files named in a protocol --------------------------------------------------------------------
def test_include_messages_say_what_is_wrong_with_the_path(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "part.protocol").write_text('protocol "Part"\n', encoding="utf-8")
    (tmp_path / "sub").mkdir()
    os.mkfifo(tmp_path / "fifo.protocol")
    cases = {'""': 'include "" is empty: write the path of a protocol file between the quotes',
             '"parts.protocol"': 'included file "parts.protocol" does not exist; did you mean "part.protocol"?',
             '"sub\\\\part.protocol"': 'included file "sub\\part.protocol" does not exist: use / between folders, '
                                    'not \\ ("sub/part.protocol")',
             '"fifo.protocol"': 'included file "fifo.protocol" is not a regular file (a device, pipe or socket); '
                                'name a protocol file'}
    for written, message in cases.items():
        heading, _, caret = first_error(cli, tmp_path, BASE.replace("recipient gp-surgery",
                                                                    f"include {written}\nrecipient gp-surgery"))
        assert heading == f"t.protocol:6:9: error E003 {message}"
        assert caret == 9


def test_a_misspelt_protocol_file_gets_the_file_beside_it(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "p.protocol").write_text(BASE, encoding="utf-8")
    (tmp_path / "s.scenario").write_text('scenario "a"\n  protocol-file "p.protocl"\n  events missed\n'
                                         "  expect share ident with gp-surgery\n", encoding="utf-8")
    code, out, _ = cli("test", str(tmp_path / "s.scenario"))
    assert code == 1
    assert f'{tmp_path / "s.scenario"}:2:17: error E003 protocol file "p.protocl" does not exist; did you mean ' \
           '"p.protocol"?' in out


def test_a_wrong_law_kind_is_reported_once(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "lib.protocol").write_text('law my-law "Mine"\n  kind dutty\n  source "x"\n', encoding="utf-8")
    (tmp_path / "t.protocol").write_text(BASE, encoding="utf-8")
    code, _, err = cli("check", "--no-cache", "--library", str(tmp_path / "lib.protocol"), str(tmp_path / "t.protocol"))
    errors = [line for line in err.splitlines() if " error " in line]
    assert code == 2 and "   2 |   kind dutty" in err  # a broken library stops the run, each problem shown in full
    assert errors == [f"{tmp_path / 'lib.protocol'}:2:8: error E005 'dutty' is not a valid law kind (choose from: "
                      "condition, constraint, duty, enquiry, exemption, guidance, offence, power, proposed); "
                      "did you mean 'duty'?"]


# ---- the command line ------------------------------------------------------------------------------
@pytest.mark.parametrize(("argv", "message"), [
    (["--fail-on", "warnings"], "Invalid value for '--fail-on': 'warnings' is not one of error, warning, info; "
                                "did you mean 'warning'?"),
    (["--format", "jsn"], "Invalid value for '--format': 'jsn' is not one of text, json, sarif, markdown, html, "
                          "github, docx; did you mean 'json'?"),
    (["--today", "2026-02-30"], "Invalid value for '--today': '2026-02-30' is not a real date"),
    (["--today", "30/02/2026"], "Invalid value for '--today': '30/02/2026' is not a date written year-month-day "
                                "(e.g. 2027-03-31)"),
], ids=["fail-on", "format", "today-not-real", "today-day-first"])
def test_a_bad_option_value_says_what_is_wrong(cli: Cli, tmp_path: Path, argv: list[str], message: str) -> None:
    (tmp_path / "t.protocol").write_text(BASE, encoding="utf-8")
    code, _, err = cli("check", *argv, str(tmp_path / "t.protocol"))
    assert code == 2
    assert err.splitlines()[-1] == f"Error: {message}"


def test_explain_a_file_without_a_ref_lists_its_clauses(cli: Cli, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "t.protocol").write_text(BASE, encoding="utf-8")
    code, _, err = cli("explain", "t.protocol")
    assert code == 2
    assert err.splitlines()[-1] == "Error: give a clause REF after the file: confide explain t.protocol REF " \
                                   "(its clauses: 1.1)"
    code, _, err = cli("explain", "1.1", "t.protocol")
    assert code == 2
    assert err.splitlines()[-1] == "Error: give the protocol FILE first, then the clause REF: " \
                                   "confide explain t.protocol 1.1"
    code, out, _ = cli("explain", "t.protocol", "1.1")
    assert code == 0 and out.startswith('Clause 1.1 "GP letters"')
