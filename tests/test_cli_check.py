"""`confide check`: what the command line promises (LANGUAGE.md §7).

Run in-process through ``main(argv)`` (the ``cli`` fixture) except where the real entry
points are the point (``python -m confide``).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]

CLEAN = """\
protocol "Clean"
  service drug-and-alcohol-treatment
  clients adults
  jurisdiction england-and-wales
at-assessment
  explain limits-of-confidentiality
records
  storage secure
  log disclosures
clause 1 "Referral with agreement"
  staff may share attendance with gp
  consent required
"""
# FDAP001 (error): no at-assessment; FDAP007 (warning): no records block.
BAD = """\
protocol "Bad"
  service supported-housing
  clients adults
clause 1
  staff may share attendance with gp
"""
# Only a warning (FDAP007) and infos.
WARNS = CLEAN.replace("records\n  storage secure\n  log disclosures\n", "")


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a scratch folder, so nothing a run leaves behind lands in the checkout."""
    monkeypatch.chdir(tmp_path)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def as_json(cli: Cli, *args: str) -> tuple[int, dict[str, Any]]:
    code, out, _ = cli("check", "--format", "json", *args)
    return code, json.loads(out)


def test_a_clean_protocol_exits_0(tmp_path: Path, cli: Cli) -> None:
    code, out, err = cli("check", str(write(tmp_path, "a.protocol", CLEAN)))
    assert code == 0 and err == ""
    assert out.splitlines()[-1].startswith("1 file checked: 0 errors, 0 warnings")


def test_errors_exit_1_and_print_path_line_column(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "b.protocol", BAD)
    code, out, _ = cli("check", str(path))
    assert code == 1
    assert f"{path}:1:1: error FDAP001 " in out
    assert out.splitlines()[-1].startswith("1 file checked: 1 error, 1 warning")


def test_a_folder_checks_every_protocol_below_it_and_nothing_else(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path, "a.protocol", CLEAN)
    write(tmp_path, "deep/er/b.protocol", BAD)
    write(tmp_path, "notes.txt", "not a protocol")
    write(tmp_path, "c.protocol.bak", "not a protocol either")
    code, data = as_json(cli, str(tmp_path))
    assert code == 1 and data["summary"]["files"] == 2
    assert {Path(f["path"]).name for f in data["findings"] if f["severity"] != "info"} == {"b.protocol"}


def test_files_and_folders_can_be_mixed(tmp_path: Path, cli: Cli) -> None:
    one = write(tmp_path / "x", "a.protocol", CLEAN)
    write(tmp_path / "y", "b.protocol", BAD)
    code, data = as_json(cli, str(one), str(tmp_path / "y"))
    assert data["summary"]["files"] == 2 and code == 1


def test_json_shape(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "b.protocol", BAD + "clause 2\n  staff must share identiy with police\n")
    code, data = as_json(cli, str(path))
    assert code == 1
    assert set(data) >= {"findings", "summary"}
    for finding in data["findings"]:
        assert set(finding) >= {"code", "severity", "path", "line", "column", "clause", "message"}
        assert finding["severity"] in {"error", "warning", "info"}
        assert isinstance(finding["line"], int) and isinstance(finding["column"], int)
    (unknown,) = [f for f in data["findings"] if f["code"] == "E002"]
    assert (unknown["path"], unknown["line"], unknown["column"]) == (str(path), 7, 20)
    assert unknown["clause"] == "2"  # a validation error inside a clause carries its REF, as rule findings do
    summary = data["summary"]
    assert {"error", "warning", "info"} <= set(summary)
    assert summary["error"] == sum(f["severity"] == "error" for f in data["findings"] if not f.get("waived"))


def test_json_clause_is_the_ref_or_null(cli: Cli) -> None:
    _, data = as_json(cli, str(ROOT / "protocols" / "hostel-blanket-police-referral.protocol"))
    clauses = {f["code"]: f["clause"] for f in data["findings"]}
    assert clauses["LAW001"] == "7.1"
    assert any(f["clause"] is None for f in data["findings"])  # protocol-level (LAW005 infos)


def test_findings_are_sorted_by_path_line_column_code(cli: Cli) -> None:
    _, data = as_json(cli, str(ROOT / "protocols"))
    keys = [(f["path"], f["line"], f["column"], f["code"]) for f in data["findings"]]
    assert keys == sorted(keys) and len(keys) > 10


def test_output_is_deterministic(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path, "b.protocol", BAD)
    write(tmp_path, "a.protocol", BAD)
    runs = {cli("check", str(tmp_path))[1] for _ in range(3)}
    assert len(runs) == 1
    (text,) = runs
    assert text.index("a.protocol:") < text.index("b.protocol:")


def test_missing_path_exits_2_with_one_line(cli: Cli) -> None:
    code, out, err = cli("check", "no-such-file.protocol")
    assert code == 2 and out == ""
    assert err.strip() == "confide: no such file or folder: no-such-file.protocol"


@pytest.mark.parametrize("args", [
    ("check", "--format", "xml", "protocols"),
    ("check", "--fail-on", "never", "protocols"),
    ("check", "--bogus", "protocols"),
    ("check", "--select", "NOPE1", "protocols"),
    ("check", "-", "protocols"),
    ("chek", "protocols"),
])
def test_bad_options_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    code, _, err = cli(*args)
    assert code == 2
    assert "Traceback" not in err and err.strip()


def test_fail_on_warning_and_info(tmp_path: Path, cli: Cli) -> None:
    path = str(write(tmp_path, "w.protocol", WARNS))
    assert cli("check", path)[0] == 0
    assert cli("check", "--fail-on", "warning", path)[0] == 1
    assert cli("check", "--fail-on", "error", path)[0] == 0


def test_fail_on_info(tmp_path: Path, cli: Cli) -> None:
    # The clean protocol still has infos: duties that bind it with no clause (LAW005).
    path = str(write(tmp_path, "a.protocol", CLEAN))
    _, data = as_json(cli, path)
    assert data["summary"]["info"] > 0 and data["summary"]["error"] == data["summary"]["warning"] == 0
    assert cli("check", path)[0] == 0
    assert cli("check", "--fail-on", "info", path)[0] == 1


def test_syntax_errors_count_as_findings(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "s.protocol", 'protocol "S"\nclause 1\n  staff must not share identity with police\n')
    code, out, _ = cli("check", str(path))
    assert code == 1 and "error E001" in out


def test_output_file(tmp_path: Path, cli: Cli) -> None:
    path = write(tmp_path, "b.protocol", BAD)
    report = tmp_path / "out" / "report.json"
    report.parent.mkdir()
    code, out, _ = cli("check", "--format", "json", "--output", str(report), str(path))
    assert code == 1 and out == ""
    assert json.loads(report.read_text(encoding="utf-8"))["summary"]["error"] == 1


def test_output_file_with_text_has_no_colour_codes(tmp_path: Path, cli: Cli) -> None:
    report = tmp_path / "report.txt"
    cli("check", "-o", str(report), str(write(tmp_path, "b.protocol", BAD)))
    text = report.read_text(encoding="utf-8")
    assert "error FDAP001" in text and "\x1b[" not in text


def test_an_internal_error_is_one_line_not_a_traceback(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    import confide.language.lines

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.delenv("CONFIDE_DEBUG", raising=False)
    monkeypatch.setattr(confide.language.lines, "recognise", broken)  # every run reads (the library at least)
    code, out, err = cli("check", str(ROOT / "protocols"))
    assert code == 2 and out == ""
    assert err.strip() == "confide: internal error: RuntimeError: boom (set CONFIDE_DEBUG=1 for details)"


def test_hostile_text_never_crashes(tmp_path: Path, cli: Cli) -> None:
    junk = '\x0c"""\n\t\tclause\nclause 1 "\\\n  staff must-not share , with\n###\nrecipient\n' + "é" * 50
    code, out, err = cli("check", str(write(tmp_path, "j.protocol", junk)))
    assert code == 1 and "error E001" in out and err == ""


def test_python_dash_m_confide_runs_the_cli(tmp_path: Path) -> None:
    path = write(tmp_path, "b.protocol", BAD)
    done = subprocess.run([sys.executable, "-m", "confide", "check", "--format", "json", str(path)],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 1, done.stderr
    assert json.loads(done.stdout)["summary"]["error"] == 1


def test_python_dash_m_confide_exit_2_for_a_missing_path(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "confide", "check", "missing.protocol"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=60, check=False)
    assert done.returncode == 2 and "Traceback" not in done.stderr
