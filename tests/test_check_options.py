"""`confide check` noise control, exclusion and the small things a user trips on (issue 12)."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent
HOSTEL = ROOT / "protocols" / "hostel-blanket-police-referral.protocol"
# FDAP001 (error) and FDAP007 (warning), and an info or two.
BAD = 'protocol "Bad"\n  service supported-housing\n  clients adults\nclause 1\n  staff may share attendance with gp\n'


@pytest.fixture(autouse=True)
def _in_a_scratch_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("GITHUB_ACTIONS", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def write(path: Path, text: str = BAD) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def codes(cli: Cli, *args: str) -> list[str]:
    _, out, _ = cli("check", "--format", "json", *args)
    return [f["code"] for f in json.loads(out)["findings"]]


def test_select_and_ignore_take_codes_prefixes_and_commas(cli: Cli) -> None:
    everything = codes(cli, str(HOSTEL))
    assert {"LAW001", "FDAP002", "DP001"} <= set(everything)
    assert set(codes(cli, "--select", "FDAP", str(HOSTEL))) == {c for c in everything if c.startswith("FDAP")}
    assert set(codes(cli, "--select", "LAW001,DP", str(HOSTEL))) == {c for c in everything
                                                                     if c == "LAW001" or c.startswith("DP")}
    assert "FDAP003" not in codes(cli, "--ignore", "FDAP003", "--ignore", "DP", str(HOSTEL))
    code, _, err = cli("check", "--select", "FDAP9", str(HOSTEL))
    assert code == 2 and "'FDAP9' is not a rule code or prefix" in err and err.count("--select") == 1


TYPO = BAD.replace("clause 1", "clase 1") + (
    "clause 2\n  staff must share identity with police\n  consent not-required\n")


def test_no_choice_of_codes_hides_a_protocol_that_was_not_checked(tmp_path: Path, cli: Cli) -> None:
    # One typo stops the rules, so '--select LAW' would otherwise report an unchecked file as clean.
    typo = write(tmp_path / "typo.protocol", TYPO)
    for args in (("--select", "LAW"), ("--select", "LAW001,FDAP")):
        code, out, _ = cli("check", "--no-cache", "--format", "json", *args, str(typo))
        assert code == 1 and [f["code"] for f in json.loads(out)["findings"]] == ["E001"]
    for args in (("--ignore", "E001"), ("--ignore", "E"), ("--ignore", "syntax-error")):
        code, _, err = cli("check", "--no-cache", *args, str(typo))
        assert code == 2 and "input errors are always reported" in err, args
    for setting in ('ignore = ["E00"]', 'disable = ["E002"]', '[severity]\nE001 = "info"',
                    '[per-file-ignores]\n"*.protocol" = ["E"]'):
        write(tmp_path / "confide.toml", setting + "\n")
        code, _, err = cli("check", "--no-cache", str(typo))
        assert code == 2 and "confide.toml" in err and "input errors are always reported" in err, setting


def test_quiet_statistics_and_exit_zero(tmp_path: Path, cli: Cli) -> None:
    path = str(write(tmp_path / "b.protocol"))
    code, out, _ = cli("check", "-q", path)
    assert code == 1 and out.splitlines() == ["1 file checked: 1 error, 1 warning, 1 info"]
    code, out, _ = cli("check", "--statistics", path)
    assert code == 1
    rows = {line.split()[1]: line.split() for line in out.splitlines()[:-1]}
    assert rows["FDAP001"][0] == "1" and rows["FDAP001"][2] == "error" and rows["FDAP007"][2] == "warning"
    assert out.splitlines()[-1].startswith("1 file checked")
    _, out, _ = cli("check", "--statistics", "--format", "json", path)
    counted = {r["code"]: r["count"] for r in json.loads(out)}
    assert counted["FDAP001"] == 1 and counted["FDAP007"] == 1
    assert cli("check", "--exit-zero", path)[0] == 0
    assert cli("check", "--exit-zero", "no-such.protocol")[0] == 2  # could not run is still 2


def test_text_output_gives_a_clause_s_rewording_once(cli: Cli) -> None:
    _, out, _ = cli("check", str(HOSTEL))
    assert out.count('clause 7.1 "Referral of suspected drug activity"') == 1
    assert "= suggest (for all 8 findings, in place of lines 30-35):" in out
    assert out.count(": error LAW001 ") == 1 and out.count(": warning FDAP004 ") == 1  # each finding still listed


def test_no_path_checks_the_current_folder(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path / "deep" / "b.protocol")
    code, out, _ = cli("check")
    assert code == 1 and out.splitlines()[-1].startswith("1 file checked")


def test_stdin_with_a_name(tmp_path: Path, cli: Cli, stdin: Callable[[str], None]) -> None:
    stdin(BAD)
    code, out, _ = cli("check", "-", "--stdin-filename", "drafts/b.protocol")
    assert code == 1 and "drafts/b.protocol:1:1: error FDAP001" in out
    stdin(BAD)
    assert "<stdin>:1:1: error FDAP001" in cli("check", "-")[1]
    write(tmp_path / "pyproject.toml", '[tool.confide]\nexclude = ["drafts"]\nforce-exclude = true\n')
    stdin(BAD)
    assert cli("check", "-", "--stdin-filename", "drafts/b.protocol")[:2] == (0, "0 files checked: 0 errors, "
                                                                              "0 warnings, 0 info\n")


def test_per_file_ignores_are_relative_to_the_config(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.confide.per-file-ignores]\n"legacy/*.protocol" = ["FDAP00"]\n'
                                       '"*.draft.protocol" = ["FDAP001"]\n')
    write(tmp_path / "legacy" / "old.protocol")
    write(tmp_path / "new" / "x.draft.protocol")
    write(tmp_path / "new" / "b.protocol")
    monkeypatch.chdir(tmp_path / "new")  # patterns hold from a subfolder too
    _, out, _ = cli("check", "--format", "json", str(tmp_path))
    found = {(Path(f["path"]).name, f["code"]) for f in json.loads(out)["findings"]}
    assert ("old.protocol", "FDAP001") not in found and ("old.protocol", "FDAP007") not in found
    assert ("x.draft.protocol", "FDAP001") not in found and ("x.draft.protocol", "FDAP007") in found
    assert ("b.protocol", "FDAP001") in found
    write(tmp_path / "pyproject.toml", '[tool.confide.per-file-ignores]\n"legacy/*" = ["NOPE"]\n')
    code, _, err = cli("check", str(tmp_path))
    assert code == 2 and "per-file-ignores" in err


def test_exclude_is_relative_to_the_config_and_force_exclude_covers_named_files(
        tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pyproject.toml", '[tool.confide]\nexclude = ["protocols/drafts", "*.old.protocol"]\n')
    draft = write(tmp_path / "protocols" / "drafts" / "d.protocol")
    write(tmp_path / "protocols" / "a.old.protocol")
    write(tmp_path / "protocols" / "live.protocol")
    monkeypatch.chdir(tmp_path / "protocols")
    _, out, _ = cli("check", "--format", "json", ".")
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"live.protocol"}
    assert cli("check", "-q", str(draft))[1].startswith("1 file checked")  # named: checked
    assert cli("check", "-q", "--force-exclude", str(draft))[1].startswith("0 files checked")


def test_hidden_folders_are_not_walked(tmp_path: Path, cli: Cli) -> None:
    write(tmp_path / ".venv" / "x.protocol")
    write(tmp_path / "a" / ".cache" / "y.protocol")
    write(tmp_path / "a" / "z.protocol")
    _, out, _ = cli("check", "--format", "json", ".")
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"z.protocol"}


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_git_ignored_files_are_not_walked(tmp_path: Path, cli: Cli) -> None:
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    write(tmp_path / ".gitignore", "build/\n")
    write(tmp_path / "sub" / ".gitignore", "*.tmp.protocol\n!keep.tmp.protocol\n")
    write(tmp_path / "build" / "out.protocol")
    write(tmp_path / "sub" / "x.tmp.protocol")
    write(tmp_path / "sub" / "keep.tmp.protocol")
    write(tmp_path / "sub" / "real.protocol")
    _, out, _ = cli("check", "--format", "json", ".")
    assert {Path(f["path"]).name for f in json.loads(out)["findings"]} == {"keep.tmp.protocol", "real.protocol"}
    write(tmp_path / "pyproject.toml", "[tool.confide]\nrespect-gitignore = false\n")
    _, out, _ = cli("check", "--format", "json", ".")
    assert len({Path(f["path"]).name for f in json.loads(out)["findings"]}) == 4


def test_confide_alone_prints_help_and_version_flags(cli: Cli) -> None:
    code, out, _ = cli()
    assert code == 0 and "Usage: confide" in out and "check" in out
    for flag in ("-V", "--version"):
        code, out, _ = cli(flag)
        assert code == 0 and out.startswith("confide, version ")


def test_force_color_colours_a_pipe_and_no_color_wins(tmp_path: Path, cli: Cli,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = str(write(tmp_path / "b.protocol"))
    assert "\x1b[" not in cli("check", path)[1]
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert "\x1b[31m\x1b[1merror\x1b[0m FDAP001" in cli("check", path)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in cli("check", path)[1]


def test_explain_points_only_at_documents_in_the_repository(cli: Cli) -> None:
    _, listed, _ = cli("rules")
    for code in [line.split()[0] for line in listed.splitlines()]:
        _, out, _ = cli("explain", code)
        assert "LANGUAGE.md" not in out, code


def test_a_handful_of_files_is_checked_without_a_pool_of_workers(tmp_path: Path, cli: Cli,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def no_pool(*_: object, **__: object) -> None:
        raise AssertionError("a worker pool was started for a handful of files")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    paths = [str(write(tmp_path / f"p{n}.protocol")) for n in range(6)]  # what pre-commit passes
    code, out, _ = cli("check", "-q", "--no-cache", "--jobs", "8", *paths)
    assert code == 1 and out.startswith("6 files checked")


@pytest.mark.parametrize("fmt", ["sarif", "html", "markdown"])
def test_statistics_never_stands_in_for_a_document_format(tmp_path: Path, cli: Cli, fmt: str) -> None:
    """A pipeline writing `--format sarif --output x.sarif --statistics` must not upload a table."""
    path = str(write(tmp_path / "b.protocol"))
    target = tmp_path / f"out.{fmt}"
    code, out, err = cli("check", "--statistics", "--format", fmt, "--output", str(target), path)
    assert code == 2 and not target.exists() and out == ""
    assert err.count("\n") == 1 and f"--statistics prints counts as text or JSON, not --format {fmt}" in err
    assert cli("check", "--statistics", "--format", "github", path)[0] == 1  # github is a log: the table goes there


def test_sarif_of_standard_input_needs_the_file_it_stands_for(cli: Cli, stdin: Callable[[str], None]) -> None:
    """Code scanning rejects a result with no location, and a made-up file would hold alerts no one can see."""
    stdin(BAD)
    code, out, err = cli("check", "--format", "sarif", "-")
    assert code == 2 and out == "" and err.count("\n") == 1 and "needs --stdin-filename PATH" in err
    stdin(BAD)
    code, out, _ = cli("check", "--format", "sarif", "--stdin-filename", "drafts/b.protocol", "-")
    results = json.loads(out)["runs"][0]["results"]
    assert code == 1 and results and all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                                         == "drafts/b.protocol" for r in results)


def test_a_file_named_twice_is_checked_once_as_first_named(tmp_path: Path, cli: Cli) -> None:
    """pre-commit and editors name files by absolute path; a folder's walk names them relatively."""
    write(tmp_path / "p" / "b.protocol")
    (tmp_path / "p" / "alias.protocol").symlink_to("b.protocol")
    data = json.loads(cli("check", "--format", "json", "p", str(tmp_path / "p" / "b.protocol"),
                            "./p/../p/b.protocol")[1])
    assert data["summary"]["files"] == 1 and {f["path"] for f in data["findings"]} == {"p/alias.protocol"}
    _, out, _ = cli("check", "-q", str(tmp_path / "p" / "b.protocol"), "p")
    assert out.startswith("1 file checked")
    data = json.loads(cli("check", "--format", "json", str(tmp_path / "p" / "b.protocol"), "p")[1])
    assert {f["path"] for f in data["findings"]} == {str(tmp_path / "p" / "b.protocol")}  # the first spelling


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_a_folder_with_no_protocols_warns_but_is_not_a_failure(tmp_path: Path, cli: Cli, fmt: str) -> None:
    """A mistyped folder in CI must not pass silently; an empty one was still read (§7: not exit 2)."""
    (tmp_path / "empty").mkdir()
    write(tmp_path / "notes" / "readme.txt", "not a protocol")
    code, _, err = cli("check", "--format", fmt, "empty", "notes")
    assert code == 0 and err == "confide: warning: no *.protocol files to check in empty, notes\n"
    write(tmp_path / "p" / "a.protocol")
    _, _, err = cli("check", "-q", "empty", "p")  # the usual CI call names more than one folder
    assert err == "confide: warning: no *.protocol files to check in empty\n"
    excluded = write(tmp_path / "drafts" / "b.protocol")
    (tmp_path / "confide.toml").write_text('exclude = ["drafts"]\nforce-exclude = true\n', encoding="utf-8")
    assert cli("check", str(excluded))[0] == 0 and cli("check", str(excluded))[2] == ""  # pre-commit: no noise
