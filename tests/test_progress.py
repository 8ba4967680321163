"""The progress bar: the runner reports each file done; the CLI draws a bar for many files."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from confide.batch import Batch
from confide.check import Checker
from confide.cli import PROGRESS_FROM, _progress_bar
from confide.config import Settings
from confide.report.stream import SummaryWriter

PROTOCOL = 'protocol "P{n}"\n  service outreach\n  clients adults\nclause 1 "c"\n  staff may share identity with gp\n'


def test_runner_reports_every_file_done_in_order(tmp_path: Path) -> None:
    for n in range(5):
        (tmp_path / f"p{n}.protocol").write_text(PROTOCOL.format(n=n), encoding="utf-8")
    seen: list[tuple[int, int]] = []
    with tempfile.TemporaryFile() as out:
        Batch(Checker(Settings()), 1, None, lambda d, t: seen.append((d, t))).report([str(tmp_path)], SummaryWriter(),
                                                                                    "plain", out)
    assert seen[-1] == (5, 5)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    assert {t for _, t in seen} == {5}


def test_progress_bar_draws_only_for_many_files(capsys: pytest.CaptureFixture[str]) -> None:
    few = _progress_bar()
    for done in range(PROGRESS_FROM + 1):
        few(done, PROGRESS_FROM)
    assert capsys.readouterr().err == ""
    many = _progress_bar()
    total = PROGRESS_FROM + 5
    for done in range(total + 1):
        many(done, total)
    assert "Checking" in capsys.readouterr().err
