"""Determinism: the same protocols give byte-identical reports, however the check is run.

CI diffs reports and people compare them across runs, so output may not depend on argument
order, ``--jobs``, the cache, or the process (set and dict order vary with PYTHONHASHSEED).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.batch import check_paths as check
from confide.config import FORMATS, Settings
from confide.report.stream import render_json, render_text

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The real protocols, some in nested folders, one with an include; cwd is tmp_path."""
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "corpus"
    for index, path in enumerate(sorted((ROOT / "protocols").glob("*.protocol"))):
        target = folder / ("" if index % 2 else "b/nested") / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    (folder / "a" / "with-include.protocol").parent.mkdir(parents=True)
    (folder / "a" / "with-include.protocol").write_text(
        'protocol "Includes"\n  clients adults\ninclude "nested/partner.protocol"\n'
        "clause 1\n  staff may share identity, location with housing, police\n  consent not-required\n",
        encoding="utf-8")
    (folder / "a" / "nested").mkdir()
    (folder / "a" / "nested" / "partner.protocol").write_text(
        'protocol "Partner"\nrecipient housing\n  kind housing-provider\n', encoding="utf-8")
    return folder


def files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder.parent)) for p in folder.rglob("*.protocol"))


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "github"] + ["github"])
def test_output_is_identical_across_runs_order_jobs_and_cache(cli: Cli, corpus: Path, fmt: str) -> None:
    listed = files(corpus)
    outputs = {}
    for label, args in {
        "folder, no cache, jobs 1": ["corpus", "--no-cache", "--jobs", "1"],
        "folder, no cache, jobs 2": ["corpus", "--no-cache", "--jobs", "2"],
        "files in order, cold cache": [*listed],
        "files reversed, warm cache, jobs 2": [*reversed(listed), "--jobs", "2"],
        "folder, warm cache, jobs 1": ["corpus", "--jobs", "1"],
        "folder, again": ["corpus"],
    }.items():
        code, out, err = cli("check", *args, "--format", fmt)
        assert code == 1, (label, err)
        outputs[label] = out
    assert outputs["folder, again"]
    assert len(set(outputs.values())) == 1, [k for k, v in outputs.items() if v != outputs["folder, again"]]


def test_runner_matches_the_pipeline_for_one_folder(corpus: Path) -> None:
    plain = list(check(["corpus"], Settings()))
    for jobs in (1, 2):
        ran = check(["corpus"], Settings(), jobs)
        assert [r.path for r in ran] == [r.path for r in plain]
        assert render_json(ran) == render_json(plain)
        assert render_text(ran) == render_text(plain)


def test_output_does_not_depend_on_the_hash_seed(corpus: Path) -> None:
    outputs = set()
    for seed in ("1", "2", "12345"):
        for fmt in ("json", "text"):
            env = {**os.environ, "PYTHONHASHSEED": seed}
            done = subprocess.run([sys.executable, "-m", "confide", "check", "corpus", "--format", fmt,
                                   "--no-cache"], capture_output=True, env=env, check=False)
            assert done.returncode == 1, done.stderr
            outputs.add((fmt, done.stdout))
    assert len(outputs) == 2


def test_json_report_is_exactly_a_one_shot_dump(corpus: Path) -> None:
    # render_json encodes finding by finding to save memory; it must not change a byte.
    import json

    from confide import __version__
    from confide.report.records import SCHEMA_VERSION, records, summary

    results = check(["corpus"], Settings(), 1)
    for subset in (results, results[:1], []):
        whole = {"schema_version": SCHEMA_VERSION, "confide": __version__, "findings": records(subset),
                 "summary": summary(subset)}
        assert render_json(subset) == json.dumps(whole, indent=2, ensure_ascii=False) + "\n"
