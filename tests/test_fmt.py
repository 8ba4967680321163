"""confide fmt: one canonical layout, same meaning, every comment kept, idempotent."""

from __future__ import annotations

import dataclasses
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


def test_fmt_leaves_a_file_with_errors_alone(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.protocol"
    text = textwrap.dedent("""\
        protocol "x"
          clientz adults
        """)
    path.write_text(text, encoding="utf-8")
    code, _, err = cli("fmt", str(path))
    assert code == 2 and "bad.protocol:2:3: cannot format: E001" in err and "did you mean 'clients'" in err
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
