"""Protocol text is data in every output: it cannot drive the terminal, the CI runner or a viewer.

Each test is an attack from issue 11, run through the real command line:
- a comment holding escape sequences that clear the screen and print a fake "0 errors" over
  the real LAW001, in check, explain, simulate and test output, piped and with NO_COLOR;
- GitHub workflow commands: a file name with a line break followed by ``::error``, and
  ``##[stop-commands]`` in protocol text, in every format printed in CI;
- control characters that made the JUnit and SVG outputs invalid XML;
- Markdown @mentions and bare addresses in a pull-request comment;
- ``recipient staff``, which crashed the drawing and took the whole HTML report with it.
"""

from __future__ import annotations

import json
import re
import xml.dom.minidom
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.display import guard, guard_encoded, visible
from confide.report.stream import render_text
from hypothesis import given, settings
from hypothesis import strategies as st

Cli = Callable[..., tuple[int, str, str]]
FORMATS = ("text", "github", "json", "sarif", "markdown", "html")
SCREEN = "\x1b[2J\x1b[H1 file checked: 0 errors, 0 warnings, 0 info\x1b[8m"
PROTOCOL = f'''protocol "Hostel {SCREEN}"
  clients adults
  service homeless-hostel
  organisation "Harbour \x9b2J \u202eevil\u202c"
at-assessment
  explain limits-of-confidentiality
recipient police "Police \x1b]8;;https://evil.example\x07link\x1b]8;;\x07"
  kind police
trigger dealing "Dealing {SCREEN}"
  means drug-supply-on-premises
clause 4.2 "Suspected dealing {SCREEN}"  # {SCREEN}
  when dealing
  staff must share identity with police  # ##[stop-commands]pwned
  consent not-required
scenario "Referral {SCREEN} ##[stop-commands]x"
  events dealing
  consent refused
  expect no-share with police
'''
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


@pytest.fixture
def hostile(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    path = tmp_path / "hostel.protocol"
    path.write_text(PROTOCOL, encoding="utf-8")
    return path


def assert_inert(out: str) -> None:
    """No raw control character, no workflow command a protocol could have written."""
    assert not RAW.search(out), repr(RAW.search(out))
    assert "##[" not in out
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::")
                and not re.match(r"::(error|warning|notice) file=", line)]


# ---- the escape-sequence screen ---------------------------------------------------------------------
@pytest.mark.parametrize("no_color", [False, True])
@pytest.mark.parametrize("fmt", FORMATS)
def test_escape_sequences_in_a_protocol_never_reach_the_terminal(cli: Cli, hostile: Path, fmt: str,
                                                                 no_color: bool,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    code, out, err = cli("check", "hostel.protocol", "--format", fmt, "--no-cache")
    assert code == 1, err
    assert_inert(out + err)
    if fmt == "text":
        assert "\\x1b[2J" in out  # shown as what it is
        assert out.rstrip().endswith("1 file checked: 2 errors, 5 warnings, 1 info")
    if fmt in {"json", "sarif"}:
        json.loads(out)  # still valid JSON


@pytest.mark.parametrize("argv", [
    ["explain", "hostel.protocol", "4.2"],
    ["simulate", "hostel.protocol", "--event", "dealing"],
    ["simulate", "hostel.protocol", "--all"],
    ["test", "hostel.protocol"],
    ["test", "hostel.protocol", "--format", "junit"],
    ["graph", "hostel.protocol", "--format", "dot"],
    ["graph", "hostel.protocol", "--format", "mermaid"],
    ["graph", "hostel.protocol", "--format", "svg"],
    ["leaflet", "hostel.protocol"],
    ["leaflet", "hostel.protocol", "--format", "markdown"],
    ["diff", "hostel.protocol", "hostel.protocol"],
    ["fmt", "--check", "hostel.protocol"],
], ids=" ".join)
def test_every_command_shows_protocol_text_as_data(cli: Cli, hostile: Path, argv: list[str]) -> None:
    code, out, err = cli(*argv)
    assert code in (0, 1), err
    assert_inert(out + err)


def test_coloured_text_escapes_each_field_and_keeps_its_own_colours(hostile: Path) -> None:
    from confide.batch import check_paths

    styled = render_text(check_paths([str(hostile)]), style=lambda word, _: f"\x1b[31m{word}\x1b[0m")
    assert "\x1b[31merror\x1b[0m" in styled  # confide's own colour codes
    assert "\x1b[2J" not in styled and "\x1b[8m" not in styled and "\\x1b[2J" in styled


def test_the_caret_stays_under_what_it_points_at(check_text: Callable[..., list[object]], tmp_path: Path) -> None:
    from confide.source import Span, excerpt

    shown = excerpt("  \x1b[2J staff must share x", Span.point("p", 3, 8, 5))
    line, caret = shown.split("\n")
    text = line.split(" | ", 1)[1]
    assert text[caret.split(" | ", 1)[1].index("^"):].startswith("staff")


# ---- workflow commands ----------------------------------------------------------------------------
NAMES = ["x\n::error file=app.py,line=1::Build compromised\n.protocol", " ::warning::x.protocol",
         "##[stop-commands]token.protocol", "::set-output name=x::y.protocol"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_name_cannot_issue_a_workflow_command(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    for name in NAMES:
        (tmp_path / name).write_text(PROTOCOL, encoding="utf-8")
    code, out, err = cli("check", ".", "--format", fmt, "--no-cache")
    assert code == 1, err
    assert_inert(out + err)
    if fmt == "github":
        findings = sum(len(json.loads(cli("check", ".", "--format", "json", "--no-cache")[1])["findings"]) for _ in [0])
        assert len([line for line in out.splitlines() if line.startswith("::")]) == findings


def test_fmt_and_test_name_files_without_issuing_commands(cli: Cli, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in NAMES:
        (tmp_path / name).write_text(PROTOCOL.replace("  ", "    "), encoding="utf-8")
    for argv in (["fmt", "--check", "."], ["test", "."], ["test", ".", "--format", "junit"]):
        code, out, err = cli(*argv)
        assert code == 1, (argv, err)
        assert_inert(out + err)


@pytest.mark.parametrize("argv", [["check", ".", "--no-cache"], ["test", "."]])
def test_a_line_break_in_a_file_name_starts_no_line_of_output(cli: Cli, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch, argv: list[str]) -> None:
    """Every line about the file begins with its whole name, the break shown as \\n: the name
    cannot forge a line of its own (a fake result, a fake annotation).
    """
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a\nb.protocol").write_text(PROTOCOL, encoding="utf-8")
    code, out, err = cli(*argv)
    assert code == 1, err
    named = [line for line in out.splitlines() if "b.protocol" in line]
    assert named and all(line.startswith("a\\nb.protocol:") for line in named), named


@pytest.mark.parametrize("syntax", ["text", "github", "markdown", "xml", "json"])
def test_guard_is_idempotent_and_leaves_plain_text_alone(syntax: str) -> None:
    plain = "protocols/a.protocol:3:1: error LAW001 automatic referral\n   3 |   staff must share\n"
    assert guard(plain, syntax) == plain
    hostile = "a\x1b[2J\n ::error::x\n##[stop-commands]\udcff\x9b"
    once = guard(hostile, syntax)
    assert guard(once, syntax) == once
    assert "##[" not in once and not RAW.search(once)
    assert visible(visible("a\nb\x1b")) == visible("a\nb\x1b") == "a\\nb\\x1b"


# Plain text, typographic characters a policy holds, and everything the guard must catch.
PIECES = st.sampled_from(["a", " ", "\n", "\t", ":", "#", "[", "\u2019", "\u2014", "\u2026", "\u00e9",
                          "\U0001f600", "\x1b", "\r", "\x7f", "\x9b", "\u202e", "\u2028", "\ud800",
                          "\ufffe", "\u061c"])


UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
                    "\ud800-\udfff\ufffe\uffff]")


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join), st.sampled_from(["text", "github", "markdown", "xml", "json"]),
       st.booleans())
def test_guard_leaves_safe_text_as_it_is_and_makes_everything_else_inert(text: str, syntax: str,
                                                                          coloured: bool) -> None:
    once = guard(text, syntax, coloured)
    assert guard_encoded(text, syntax, coloured) == once.encode("utf-8")
    assert guard(once, syntax, coloured) == once
    assert "##[" not in once and not UNSAFE.search(once.replace("\x1b", "") if coloured else once)
    commands = syntax not in {"github", "json"}  # github's own annotations open lines; JSON has no lines
    if commands:
        assert not [line for line in once.splitlines() if line.lstrip(" \t").startswith("::")]
    if not UNSAFE.search(text) and "##[" not in text and not (commands and "::" in text):
        assert once == text


def test_json_keeps_every_value_as_it_was() -> None:
    value = {"title": SCREEN + "\x9b ##[stop-commands] \u202e", "lines": ["::error::x"]}
    assert json.loads(guard(json.dumps(value, ensure_ascii=False), "json")) == value


# ---- valid XML whatever the input ---------------------------------------------------------------------
XML_HOSTILE = "\x01\x08\x0b\x1b\x7f\x9b\ufffe\uffff"


def test_junit_and_svg_are_valid_xml_whatever_the_protocol_holds(cli: Cli, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    text = PROTOCOL.replace("Police ", f"Police {XML_HOSTILE}").replace("Referral ", f"Referral {XML_HOSTILE}")
    (tmp_path / f"hostel{XML_HOSTILE[:3]}.protocol").write_text(text, encoding="utf-8")
    name = f"hostel{XML_HOSTILE[:3]}.protocol"
    for argv in (["test", name, "--format", "junit"], ["graph", name, "--format", "svg"]):
        code, out, err = cli(*argv)
        assert code in (0, 1), err
        xml.dom.minidom.parseString(out.encode("utf-8"))
    from confide.batch import check_paths
    from confide.check import Checker
    from confide.commands.scenarios import render_junit, run
    from confide.report.svg import draw

    xml.dom.minidom.parseString(render_junit(run([name], Checker())).encode())  # valid before any guard
    outline = check_paths([name])[0].outline
    assert outline is not None
    xml.dom.minidom.parseString(draw(outline.arrows, outline.title).encode())


# ---- Markdown -----------------------------------------------------------------------------------------
def test_markdown_leaves_mentions_and_bare_addresses_dead(cli: Cli, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.protocol").write_text(
        'protocol "Ask @security-team: https://evil.example/login or www.evil.example"\n'
        '  organisation "mail admin@evil.example"\n  service homeless-hostel\n  clients adults\n'
        'clause 1 "cc @octocat"\n  staff must share identity with police\n  consent not-required\n'
        'clause 2\n  when drug-supply-on-premises\n  staff must share identity with police\n  consent not-required\n'
        '  steps seek-consent, consult-supervisor, inform-client, record-decision\n'
        '  basis misuse-of-drugs-act-1971-s8\n',
        encoding="utf-8")
    code, out, _ = cli("check", "p.protocol", "--format", "markdown", "--no-cache")
    assert code == 1
    assert "```\nclause 1 \"cc @octocat\"" in out  # quoted in code blocks, where nothing is live
    prose = re.sub(r"(`{3,})\n.*?\n\1", "", out, flags=re.DOTALL)
    assert not re.search(r"@[\w-]", prose)
    assert "https://evil" not in prose and "www.evil" not in prose
    assert "@&#8203;security-team" in prose and "https:&#8203;//evil.example" in prose
    assert "https://www.legislation.gov.uk/" in prose  # the sources a finding rests on stay links
    code, out, _ = cli("diff", "p.protocol", "p.protocol", "--format", "markdown")
    assert not re.search(r"@[\w-]", out) and "https://evil" not in out



def test_a_line_break_in_a_file_name_cannot_break_the_diff_heading_open(cli: Cli, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    name = "www.evil.example\n.protocol"  # a heading ends at the line break: the address would be live
    (tmp_path / name).write_text(STAFF, encoding="utf-8")
    code, out, _ = cli("diff", name, name, "--format", "markdown")
    assert code == 0
    assert out.startswith("## Obligation changes: `www.evil.example\\n.protocol` → `www.evil.example\\n.protocol`\n")
    code, out, _ = cli("diff", name, name)
    assert out.startswith("confide diff www.evil.example\\n.protocol -> www.evil.example\\n.protocol\n")

# ---- recipient staff -----------------------------------------------------------------------------------
STAFF = '''protocol "A recipient called staff"
  clients adults
recipient staff "Another team's staff"
  kind other
clause 1
  staff may share identity with staff, police
clause 2
  police may share identity with staff
'''


@pytest.mark.parametrize("argv", [["graph", "p.protocol", "--format", "svg"], ["graph", "p.protocol"],
                                  ["graph", "p.protocol", "--format", "mermaid"],
                                  ["check", "p.protocol", "--format", "html", "--no-cache"]], ids=" ".join)
def test_a_recipient_called_staff_is_refused_not_drawn(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                      argv: list[str]) -> None:
    # 'staff' is a reserved word (E005): 'staff may share identity with staff' would read two ways.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.protocol").write_text(STAFF, encoding="utf-8")
    code, out, err = cli(*argv)
    assert code == 1 and "internal error" not in err, err
    assert "staff" in out and "is a reserved word of the protocol language; choose another name" in out


def test_no_template_line_of_confide_own_starts_like_a_workflow_command() -> None:
    """The guard escapes a line starting with '::' in every page (a CI log shows pages printed to
    stdout); a CSS rule of the templates written so would be broken by it: write '*::selection'.
    """
    templates = Path(__file__).resolve().parent.parent / "reports"
    starts = [(p.name, n) for p in templates.glob("*.j2")
              for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
              if line.lstrip().startswith("::") or "##[" in line]
    assert starts == []


# ---- the staff policy (publish) ------------------------------------------------------------------------
def test_publish_shows_control_characters_in_its_note_and_in_the_word_policy(cli: Cli, hostile: Path) -> None:
    import docx

    hostile.rename(hostile.parent / "\x9b2Jhostel.protocol")  # a one-character CSI in the file name
    code, out, err = cli("publish", "\x9b2Jhostel.protocol", "-o", "policy.docx")
    assert code == 0, err
    assert re.search(r"note: \\x9b2Jhostel.protocol has \d+ error finding", err)  # the file named visibly
    assert_inert(err)
    document = docx.Document("policy.docx")
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Harbour \\x9b2J \\u202eevil\\u202c" in words  # neither CSI nor a bidirectional override reaches Word
    assert not RAW.search(words)
    code, out, err = cli("publish", "\x9b2Jhostel.protocol")
    assert code == 0 and "<script" not in out.lower()
    assert_inert(out)
