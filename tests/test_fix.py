"""`confide check --fix` / `--diff` (LANGUAGE.md §7): one edit per clause, bottom up, comments kept,
rolled back on an E-code, written atomically; and what a user sees of it."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.check import Checker
from confide.commands import fix as fixing
from confide.config import Settings

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent

TWO_CLAUSES = """\
protocol "Two wrongs"
  service homeless-hostel
  clients adults
  jurisdiction england-and-wales

trigger dealing "Staff suspect a resident of dealing drugs"
  means drug-supply-on-premises

at-assessment
  explain limits-of-confidentiality

records
  storage secure
  log disclosures

clause 1 "Dealing"
  when dealing
  staff must share identity, suspected-activity with police  # automatic
  consent not-required

clause 2 "Benefits"
  when dealing
  # the jobcentre asked
  staff must share identity with jobcentre-plus
  consent blanket
"""


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def write(tmp_path: Path, text: str = TWO_CLAUSES, name: str = "p.protocol") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_fix_rewrites_every_clause_and_the_check_then_passes(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path)
    assert cli("check", str(path))[0] == 1
    code, out, err = cli("check", "--fix", str(path))
    assert code == 0, out + err
    text = path.read_text(encoding="utf-8")
    assert "staff may share identity, suspected-activity with police  # automatic" in text
    assert "  # the jobcentre asked\n  staff may share identity with jobcentre-plus\n  consent required" in text
    assert "consent blanket" not in text and "not-required" not in text
    assert f"{path}: fixed clause 2 (" in err and f"{path}: fixed clause 1 (" in err
    assert err.index("clause 2") < err.index("clause 1")  # bottom up, so line numbers hold
    assert "0 errors, 0 warnings" in out  # the report shows what remains
    assert cli("check", "--fix", str(path))[2].startswith("fixed 0 findings in 0 files")  # nothing left to do


def test_diff_prints_the_fix_and_writes_nothing(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path)
    code, out, err = cli("check", "--diff", str(path))
    assert code == 1
    assert path.read_text(encoding="utf-8") == TWO_CLAUSES
    assert out.startswith(f"--- a/{path}\n+++ b/{path}\n")
    assert "-  staff must share identity, suspected-activity with police  # automatic\n" in out
    assert "+  staff may share identity, suspected-activity with police  # automatic\n" in out
    assert "would fix" in err
    clean = write(tmp_path, TWO_CLAUSES.split("clause 1")[0], "clean.protocol")
    assert cli("check", "--diff", str(clean))[:2] == (0, "")


def test_an_edit_that_would_introduce_an_e_code_is_rolled_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path)
    real = fixing.edits
    duplicate = fixing.Edit(None, 'trigger dealing "again"\n  means drug-supply-on-premises', ())

    def with_a_bad_one(findings: object, path: str, lowest: object) -> list[fixing.Edit]:
        return [duplicate, *real(findings, path, lowest)]  # type: ignore[arg-type]

    monkeypatch.setattr(fixing, "edits", with_a_bad_one)
    checker = Checker(Settings())
    result = fixing.fix_file(checker, path, str(path), tmp_path)
    assert [edit for edit, _ in result.refused] == [duplicate]
    assert "rolled back: it would introduce E004" in result.refused[0][1]
    assert len(result.applied) == 2 and 'trigger dealing "again"' not in result.after
    assert result.checked is not None and not result.checked.report.failing(Settings().fail_on)


def test_only_what_fails_or_warns_is_fixed_unless_the_run_fails_on_info(tmp_path: Path, cli: Cli) -> None:
    # A clean protocol still has LAW005 (info): its suggestion adds clauses for duties.
    path = write(tmp_path, TWO_CLAUSES.split("clause 1")[0])
    assert cli("check", "--diff", str(path))[0] == 0
    code, out, _ = cli("check", "--diff", "--fail-on", "info", str(path))
    assert code == 1 and "+clause duty-1" in out


def test_waived_and_ignored_findings_are_not_fixed(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path)
    code, out, _ = cli("check", "--diff", "--select", "CON", str(path))
    assert code == 1 and "consent blanket" in out and "police  # automatic" not in out


def test_stdin_fix_prints_the_fixed_text(tmp_path: Path, cli: Cli, stdin: Callable[[str], None]) -> None:
    stdin(TWO_CLAUSES)
    code, out, err = cli("check", "--fix", "-", "--stdin-filename", "p.protocol")
    assert code == 0 and "staff may share identity with jobcentre-plus" in out
    assert "0 errors" in err and not (tmp_path / "p.protocol").exists()


def test_stdin_fix_keeps_the_inputs_line_ends(cli: Cli, stdin: Callable[[str], None]) -> None:
    # An editor puts what --fix prints in place of its buffer: no line may change its ending.
    stdin(TWO_CLAUSES.replace("\n", "\r\n"))
    code, out, _ = cli("check", "--fix", "-", "--stdin-filename", "p.protocol")
    assert code == 0 and "staff may share identity with jobcentre-plus\r\n" in out
    assert out.count("\n") == out.count("\r\n")


def test_fix_writes_atomically_keeps_the_mode_and_never_writes_through_a_link(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path)
    os.chmod(path, 0o640)
    assert cli("check", "--fix", str(path))[0] == 0
    assert "staff may share" in path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["p.protocol"]  # no temporary file left behind
    (tmp_path / "elsewhere").mkdir()
    target = write(tmp_path / "elsewhere")
    link = tmp_path / "link.protocol"
    link.symlink_to(target)
    code, _, err = cli("check", "--fix", str(link))
    assert code == 2 and "symbolic link" in err
    assert "staff must share" in target.read_text(encoding="utf-8")  # untouched


def test_windows_line_ends_are_kept(tmp_path: Path, cli: Cli) -> None:
    path = tmp_path / "crlf.protocol"
    path.write_bytes(TWO_CLAUSES.replace("\n", "\r\n").encode())
    assert cli("check", "--fix", str(path))[0] == 0
    raw = path.read_bytes()
    assert b"staff may share identity with jobcentre-plus\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")


def test_a_byte_order_mark_is_kept_with_the_line_ends(tmp_path: Path, cli: Cli) -> None:
    """Notepad and Word's "UTF-8" write one; the fix must not leave a diff on the file's first line."""
    path = tmp_path / "bom.protocol"
    path.write_bytes(b"\xef\xbb\xbf" + TWO_CLAUSES.replace("\n", "\r\n").encode())
    assert cli("check", "--fix", str(path))[0] == 0
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfprotocol ") and b"with jobcentre-plus\r\n" in raw


def test_every_example_protocol_fixes_without_an_input_error(tmp_path: Path) -> None:
    """The issue's loop broke one file in six with E004; --fix must leave every one valid and better."""
    checker = Checker(Settings())
    for source in sorted((ROOT / "protocols").glob("*.protocol")):
        if "include" in source.read_text(encoding="utf-8"):
            continue
        path = tmp_path / source.name
        path.write_bytes(source.read_bytes())
        before = checker.check(path, str(path), tmp_path)
        result = fixing.fix_file(checker, path, str(path), tmp_path)
        assert result.checked is not None
        after = result.checked.analysis.findings
        assert not any(f.code.startswith("E") for f in after), source.name
        failing = [f for f in after if f.severity.label != "info" and not f.waived]
        assert len(failing) < max(1, len([f for f in before.findings if f.severity.label != "info"])), source.name
