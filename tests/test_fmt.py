"""confide fmt: one canonical layout, same meaning, every comment kept, idempotent."""

from __future__ import annotations

import dataclasses
import errno
import re
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from confide.commands.fmt import format_text
from confide.language.build import build
from confide.language.model import Clause, Document
from confide.language.parse import parse
from confide.loader import read_source
from confide.source import SourceFile, Span
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
FILES = (sorted((ROOT / "protocols").glob("*.protocol"))
         + sorted((ROOT.parent / "shared" / "examples").glob("*.protocol"))
         + sorted((ROOT / "checker" / "laws").glob("*.protocol")))
Cli = Callable[..., tuple[int, str, str]]


def meaning(value: Any) -> Any:
    """A model with every position dropped, and step lists as sets (their order means nothing)."""
    if isinstance(value, Span):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {f.name: meaning(getattr(value, f.name)) for f in dataclasses.fields(value)
               if f.name not in {"span", "end_line", "lines"}}
        if isinstance(value, Clause):
            out["steps"] = sorted(s.text for s in value.steps)
        return out
    if isinstance(value, (tuple, list)):
        return [meaning(v) for v in value]
    return value


def parsed(text: str, path: str) -> tuple[Document, list[str]]:
    result = parse(SourceFile(path, text), comments=True)
    assert result.tree is not None
    comments = sorted(str(t).rstrip() for t in result.comments)
    document, problems = build(result.tree, path)
    assert problems == []
    return document, comments


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_formatting_keeps_meaning_and_comments_and_is_idempotent(path: Path) -> None:
    source = read_source(path, path.name)
    assert isinstance(source, SourceFile)
    formatted = format_text(source)
    before, comments_before = parsed(source.text, path.name)
    after, comments_after = parsed(formatted, path.name)
    assert meaning(after) == meaning(before)
    assert comments_after == comments_before
    assert format_text(SourceFile(path.name, formatted)) == formatted


MESSY = """\
# header comment

# second paragraph
protocol   "Messy  # not a comment"    # on the head
  clients adults
      version "1"   # version note
  organisation "Org"
recipient police "Police"
  kind police
  # closes the recipient

# about the trigger
trigger dealing
  threshold suspicion
  means drug-supply-on-premises
clause 1 "A"
  steps record-decision # steps one
  staff may share identity,attendance   with police
  consent not-required
  steps consult-supervisor   # steps two
  # before when
  when dealing
  allow FDAP003 "agreed" until 2030-01-01
# the end
"""

CANONICAL = """\
# header comment

# second paragraph
protocol "Messy  # not a comment"  # on the head
  version "1"  # version note
  organisation "Org"
  clients adults

recipient police "Police"
  kind police
  # closes the recipient

# about the trigger
trigger dealing
  means drug-supply-on-premises
  threshold suspicion

clause 1 "A"
  # before when
  when dealing
  staff may share identity, attendance with police
  consent not-required
  # steps two
  steps consult-supervisor, record-decision  # steps one
  allow FDAP003 "agreed" until 2030-01-01

# the end
"""


def test_canonical_layout_with_comments_in_place() -> None:
    assert format_text(SourceFile("messy.protocol", MESSY)) == CANONICAL


def test_fmt_check_reports_and_fmt_rewrites(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "messy.protocol"
    path.write_text(MESSY, encoding="utf-8")
    code, out, _ = cli("fmt", "--check", str(tmp_path))
    assert code == 1 and f"would reformat {path}" in out and path.read_text(encoding="utf-8") == MESSY
    code, out, _ = cli("fmt", str(path))
    assert code == 0 and path.read_text(encoding="utf-8") == CANONICAL
    code, out, _ = cli("fmt", "--check", str(path))
    assert code == 0 and "0 files would be reformatted, 1 unchanged" in out


@pytest.mark.parametrize("bom", [b"", b"\xef\xbb\xbf"])
def test_fmt_keeps_windows_line_ends_and_a_byte_order_mark(cli: Cli, tmp_path: Path, bom: bytes) -> None:
    """As --fix does: a formatter that rewrote every line end would put every line in the diff."""
    path = tmp_path / "messy.protocol"
    path.write_bytes(bom + MESSY.replace("\n", "\r\n").encode())
    assert cli("fmt", str(path))[0] == 0
    assert path.read_bytes() == bom + CANONICAL.replace("\n", "\r\n").encode()
    code, out, _ = cli("fmt", "--check", str(path))
    assert code == 0 and "1 unchanged" in out


def test_fmt_leaves_a_file_with_errors_alone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.protocol"
    text = textwrap.dedent("""\
        protocol "x"
          clientz adults
        """)
    path.write_text(text, encoding="utf-8")
    code, _, err = cli("fmt", str(path))
    assert code == 2 and "bad.protocol:2:3: cannot format: E001" in err and "did you mean 'clients'" in err
    assert "    2 |   clientz adults\n      |   ^" in err  # the line it stops at, with a caret
    assert path.read_text(encoding="utf-8") == text
    path.write_text('protocol "x"\n  clients grown-ups\n', encoding="utf-8")
    code, _, err = cli("fmt", "--check", str(path))
    assert code == 2 and "E005" in err


def test_pre_commit_hooks_run_check_and_fmt_check_on_protocols() -> None:
    yaml = pytest.importorskip("yaml")
    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}
    assert hooks["confide"]["entry"] == "confide check --force-exclude"
    assert hooks["confide-fmt"]["entry"] == "confide fmt --check --force-exclude"
    assert hooks["confide-fix"]["entry"].startswith("confide check --fix")
    assert all(h["require_serial"] for h in hooks.values())  # one confide per commit, not one per core
    assert all(re.search(h["files"], "a/b.protocol") and not re.search(h["files"], "b.yaml") for h in hooks.values())


# ---- idempotence with comments anywhere (hypothesis) ------------------------------------------------
BLOCKS = [
    ['protocol "P"', '  clients adults', '  organisation "Org"', '  version "1"'],
    ['recipient police "Police"', '  kind police', '  onward-sharing prohibited'],
    ['data identity', '  kind identity'],
    ['trigger dealing "Dealing"', '  threshold suspicion', '  means drug-supply-on-premises'],
    ['at-assessment', '  explain limits-of-confidentiality', '  record client-preferences'],
    ['records', '  storage secure', '  log disclosures'],
    ['clause 1 "A"', '  when dealing', '  staff may share identity with police', '  staff may share identity with gp',
     '  steps record-decision', '  steps consult-supervisor', '  consent not-required',
     '  basis crime-and-disorder-act-1998-s115'],
    ['clause 2', '  staff must-not share identity with family', '  consent required'],
    ['include "other.protocol"'],
    ['scenario "S"', '  client age 15, competent', '  events dealing', '  consent refused',
     '  expect share identity with police', '  expect no-share with family'],
]
# What can stand before a line of code: nothing, blank lines, comments at the margin, indented or deeper.
BEFORE = st.lists(st.sampled_from(["", "# c", "  # c", "      # c", "\t# c"]), max_size=3)


@st.composite
def commented_protocol(draw: st.DrawFn) -> str:
    """The blocks in any order, their lines in any order, comments and blank lines anywhere."""
    order = [BLOCKS[0], *draw(st.permutations(BLOCKS[1:]))]
    out: list[str] = []
    for block in order:
        for line in [block[0], *draw(st.permutations(block[1:]))]:
            out += draw(BEFORE)
            out.append(line + ("  # t" if draw(st.integers(0, 4)) == 0 else ""))
    out += draw(BEFORE)
    numbered = iter(range(1, 1_000))  # every comment distinct, so a moved one is seen
    return "\n".join(re.sub(r"# [ct]$", lambda m: f"{m.group()}{next(numbered)}", line) for line in out) + "\n"


@settings(max_examples=60, derandomize=True, deadline=None, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(commented_protocol())
def test_fmt_is_idempotent_and_keeps_every_comment_wherever_it_sits(text: str) -> None:
    once = format_text(SourceFile("p.protocol", text))
    twice = format_text(SourceFile("p.protocol", once))
    assert twice == once
    assert parsed(once, "p.protocol")[1] == parsed(text, "p.protocol")[1]
    assert meaning(parsed(once, "p.protocol")[0]) == meaning(parsed(text, "p.protocol")[0])


# ---- writing files: atomically, never out of the folder, past a file it cannot write --------------------
def test_fmt_keeps_permissions_and_writes_through_a_link_inside_the_folder(cli: Cli, tmp_path: Path) -> None:
    real = tmp_path / "shared" / "messy.protocol"
    real.parent.mkdir()
    real.write_text(MESSY, encoding="utf-8")
    real.chmod(0o640)
    (tmp_path / "alias.protocol").symlink_to(real)
    code, out, _ = cli("fmt", str(tmp_path / "alias.protocol"))
    assert code == 0, out
    assert (tmp_path / "alias.protocol").is_symlink() and real.read_text(encoding="utf-8") == CANONICAL
    assert real.stat().st_mode & 0o777 == 0o640


def test_fmt_refuses_a_link_out_of_the_folder(cli: Cli, tmp_path: Path) -> None:
    outside = tmp_path / "home" / "notes.protocol"
    outside.parent.mkdir()
    outside.write_text(MESSY, encoding="utf-8")
    checked = tmp_path / "repo"
    checked.mkdir()
    (checked / "notes.protocol").symlink_to(outside)
    (checked / "own.protocol").write_text(MESSY, encoding="utf-8")
    code, out, err = cli("fmt", str(checked))
    assert code == 2
    assert "outside the folder being formatted" in err
    assert outside.read_text(encoding="utf-8") == MESSY
    assert (checked / "own.protocol").read_text(encoding="utf-8") == CANONICAL  # the rest still formatted
    assert "1 file reformatted" in out


def test_fmt_carries_on_past_a_read_only_file_and_fails_at_the_end(cli: Cli, tmp_path: Path) -> None:
    for name in ("a.protocol", "b.protocol", "c.protocol"):
        (tmp_path / name).write_text(MESSY, encoding="utf-8")
    (tmp_path / "b.protocol").chmod(0o444)
    code, out, err = cli("fmt", str(tmp_path))
    assert code == 2
    assert "b.protocol is read-only; left unchanged" in err
    assert (tmp_path / "b.protocol").read_text(encoding="utf-8") == MESSY
    assert all((tmp_path / n).read_text(encoding="utf-8") == CANONICAL for n in ("a.protocol", "c.protocol"))
    assert "2 files reformatted, 0 unchanged, 1 with errors left alone" in out


def test_fmt_leaves_the_file_whole_when_the_disk_is_full(cli: Cli, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from confide import files

    path = tmp_path / "messy.protocol"
    path.write_text(MESSY * 1, encoding="utf-8")

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", full)
    code, _, err = cli("fmt", str(path))
    assert code == 2 and "No space left on device; the original is unchanged" in err
    assert path.read_text(encoding="utf-8") == MESSY
    assert [p.name for p in tmp_path.iterdir()] == ["messy.protocol"]


def test_fmt_reports_an_unreadable_folder(cli: Cli, tmp_path: Path, unreadable: Callable[[Path], None]) -> None:
    (tmp_path / "ok.protocol").write_text(CANONICAL, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "hidden.protocol").write_text(MESSY, encoding="utf-8")
    unreadable(tmp_path / "locked")
    code, out, err = cli("fmt", "--check", str(tmp_path))
    assert code == 2
    assert f"cannot read the folder {tmp_path / 'locked'}: Permission denied" in err
