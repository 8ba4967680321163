"""Reports written file by file (confide.report.stream): the same bytes however the files were checked.

A folder's report is written as each file is done, by one worker or two, or from the cache;
every format must come out exactly as the report of the same reports held in memory.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from confide.batch import check_paths
from confide.config import FORMATS, Settings
from confide.findings import Finding
from confide.report import render, sarif
from confide.rules import CATALOGUE

EXAMPLES = Path(__file__).resolve().parent.parent / "protocols"
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def portfolio(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """About 30 protocols in two folders: the examples, variants of them, a broken one and a hostile one."""
    where = tmp_path_factory.mktemp("stream")
    folder = where / "portfolio"
    (folder / "more").mkdir(parents=True)
    examples = sorted(EXAMPLES.glob("*.protocol"))
    for example in examples:
        shutil.copy(example, folder / example.name)
    for n, example in enumerate(examples[:14]):
        text = example.read_text(encoding="utf-8")
        (folder / "more" / f"v{n:02}.protocol").write_text(text.replace("clause ", "clause x", 1), encoding="utf-8")
    title = 'protocol "\x1b[2J::error::##[x] \u202e\u2028\x85'  # an escape, workflow commands, line breaks
    hostile = examples[0].read_text(encoding="utf-8").replace('protocol "', title, 1)
    (folder / "more" / "::hostile.protocol").write_text(hostile, encoding="utf-8")
    (folder / "broken.protocol").write_text('protocol "Broken"\n  service ???\nclause\n', encoding="utf-8")
    cwd = os.getcwd()
    os.chdir(where)
    try:
        yield Path("portfolio")
    finally:
        os.chdir(cwd)


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_way_of_checking_a_folder_writes_the_same_report(portfolio: Path, cli: Cli, fmt: str) -> None:
    assert len(list(portfolio.rglob("*.protocol"))) >= 30
    held = render(fmt, check_paths([str(portfolio)], Settings()), Settings())
    one = cli("check", str(portfolio), "--format", fmt, "--no-cache", "--jobs", "1")
    assert one[0] == 1 and one[1] == held
    assert cli("check", str(portfolio), "--format", fmt, "--no-cache", "--jobs", "2") == one
    # The first cached run checks in two workers (or, for later formats, reads each file's entry),
    # the second is answered by the whole-report cache.
    cached = ("check", str(portfolio), "--format", fmt, "--cache-dir", "cache", "--jobs", "2")
    assert cli(*cached) == one
    assert cli(*cached) == one


def test_a_streamed_sarif_log_keeps_the_most_serious_and_only_their_rules(portfolio: Path, cli: Cli, tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The cut falls among the warnings: the results kept are known only once every file is in."""
    reports = check_paths([str(portfolio)], Settings())
    findings = sorted((f for r in reports for f in r.findings if not f.waived), key=Finding.sort_key)
    limit = sum(1 for f in findings if f.severity.label == "error") + 7
    monkeypatch.setattr(sarif, "MAX_RESULTS", limit)
    held = render("sarif", reports, Settings())
    for jobs in ("1", "2"):
        code, out, err = cli("check", str(portfolio), "--format", "sarif", "--no-cache", "--jobs", jobs)
        assert out == held and f"keeps the {limit:,} most serious" in err
    cached = ("check", str(portfolio), "--format", "sarif", "--cache-dir", str(tmp_path / "cache"), "--jobs", "2")
    assert cli(*cached)[1] == held and cli(*cached)[1:] == (held, err)  # the second is the whole-report cache
    run = json.loads(held)["runs"][0]
    # What the log must hold, worked out the way it was before it streamed: every finding ranked
    # by severity, the first ``limit`` kept in report order.
    ranked = sorted(range(len(findings)), key=lambda i: (-findings[i].severity, i))[:limit]
    kept = [findings[i] for i in sorted(ranked)]
    assert [(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]] == [
        (f.code, f.span.line) for f in kept]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == sorted({f.code for f in kept if f.code in CATALOGUE})
    assert all(rules[r["ruleIndex"]]["id"] == r["ruleId"] for r in run["results"] if "ruleIndex" in r)
    assert len({r["ruleId"] for r in run["results"] if r["level"] == "warning"}) < len(
        {f.code for f in findings if f.severity.label == "warning"})  # some warnings' rules are left out too


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_library_files_problems_are_put_in_their_place(portfolio: Path, cli: Cli, fmt: str) -> None:
    """A --library file's problems are reported first, whatever its name; sorted formats put them in place.
    The command line stops on them instead (exit 2, one line), as every command does.
    """
    bad = Path("zz-bad.lib")  # sorts after every protocol of the portfolio
    bad.write_text('library "Local additions"\n  jurisdiction england-and-wales\n'
                   'law local-duty "A local duty"\n  kind duty\n  binds anyone\n  when crime-prevetnion\n'
                   '  recipients police\n  source "A test addition"\n', encoding="utf-8")
    settings = Settings(library=(bad,))
    held = render(fmt, check_paths([str(portfolio)], settings), settings)
    assert "zz-bad.lib" in held
    for jobs in ("1", "2"):
        code, out, err = cli("check", str(portfolio), "--library", str(bad), "--format", fmt, "--no-cache",
                             "--jobs", jobs)
        assert (code, out) == (2, "") and "zz-bad.lib:6: E002 unknown standard 'crime-prevetnion'" in err
    if fmt in {"json", "sarif", "github"}:
        assert held.rindex("zz-bad.lib") > held.rindex("portfolio/more")


@pytest.mark.parametrize("option", ["-q", "--statistics"])
def test_summaries_are_the_same_from_workers_and_the_cache(portfolio: Path, cli: Cli, option: str) -> None:
    one = cli("check", str(portfolio), option, "--no-cache", "--jobs", "1")
    assert one[1].endswith(" checked: " + one[1].rsplit(" checked: ", 1)[1])
    assert cli("check", str(portfolio), option, "--no-cache", "--jobs", "2") == one
    assert cli("check", str(portfolio), option, "--cache-dir", "cache", "--jobs", "2") == one


def test_a_report_written_to_a_file_is_the_printed_one(portfolio: Path, cli: Cli) -> None:
    printed = cli("check", str(portfolio), "--format", "json", "--no-cache")
    written = cli("check", str(portfolio), "--format", "json", "--no-cache", "-o", "report.json")
    assert written[1] == "" and Path("report.json").read_text(encoding="utf-8") == printed[1]
    assert not [p for p in Path().iterdir() if p.name.startswith(".report.json")]  # no temporary file left


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_a_report_piped_to_another_program_is_the_written_one_byte_for_byte(portfolio: Path, fmt: str) -> None:
    """Into a pipe the report's bytes go out as they are, not decoded and printed again: the
    same bytes as ``--output``, checked and then answered from the cache; FORCE_COLOR (CI logs)
    still colours text in a pipe."""
    env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    command = [sys.executable, "-m", "confide", "check", str(portfolio), "--format", fmt, "--cache-dir", "piped"]
    subprocess.run([*command, "-o", f"written.{fmt}"], env=env, check=False)
    written = Path(f"written.{fmt}").read_bytes()
    assert not written.isascii()  # the examples' own characters (and the hostile title, made visible) travel too
    for _ in range(2):
        assert subprocess.run(command, env=env, stdout=subprocess.PIPE, check=False).stdout == written
    coloured = subprocess.run(command, env={**env, "FORCE_COLOR": "1"}, stdout=subprocess.PIPE, check=False).stdout
    assert (b"\x1b[" in coloured) == (fmt == "text")


def test_hostile_text_is_data_in_every_streamed_format(portfolio: Path, cli: Cli) -> None:
    for fmt in FORMATS:
        out = cli("check", str(portfolio), "--format", fmt, "--no-cache", "--jobs", "2")[1]
        assert not {"\x1b", "\u202e", "\u2028", "\x85"} & set(out) and "##[" not in out
        assert not any(line.lstrip().startswith("::") for line in out.splitlines() if fmt != "github")


def test_forced_colour_never_unguards_a_report_that_has_no_colour(tmp_path: Path, cli: Cli,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """FORCE_COLOR (CI logs) colours text; every other format is still guarded (docs/security.md)."""
    (tmp_path / "a\u202eb\x9b##[error]x.protocol").write_text('protocol "P"\n  service homeless-hostel\n',
                                                                encoding="utf-8")
    monkeypatch.setenv("FORCE_COLOR", "1")
    for fmt in FORMATS:
        out = cli("check", str(tmp_path), "--format", fmt, "--no-cache")[1]
        assert not {"\u202e", "\x9b"} & set(out) and "##[" not in out, fmt
    assert "\x1b[" in cli("check", str(tmp_path), "--no-cache")[1]  # text is coloured
