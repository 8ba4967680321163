"""The result cache: an unchanged re-run is answered from the cache, and any change that could
change a finding (the file, an include, the library, the settings, confide) is a miss.

A stale answer would be worse than a slow one, so each kind of change gets its own test; and
because a cache folder is as untrusted as a protocol, tampered entries must be harmless misses
(tests/test_cache_forgery.py tries the attacks: forged, committed and planted entries).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from confide import batch as runner
from confide import cache
from confide.batch import Batch
from confide.batch import check_paths as check
from confide.check import Analysis, Checker
from confide.check import FileReport as Result
from confide.config import Settings
from confide.findings import Severity
from confide.report.stream import render_json, render_text

PROTOCOL = '''protocol "Cached"
  clients adults
include "partner.protocol"
trigger dealing "Dealing"
  means drug-supply-on-premises
clause 1 "Share with police"
  when dealing
  staff must share identity with police
  consent not-required
  allow LAW001 "agreed with the commissioner" until 2099-01-01
'''
PARTNER = 'protocol "Partner"\nrecipient housing\n  kind housing-provider\n'
LIBRARY = '''law local-duty "A local duty"
  kind duty
  binds anyone
  when drug-supply-on-premises
  recipients police
  source "local"
'''


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A checked folder with a protocol and its include; the cache goes in tmp_path."""
    monkeypatch.chdir(tmp_path)
    checked = tmp_path / "checked"
    checked.mkdir()
    (checked / "main.protocol").write_text(PROTOCOL, encoding="utf-8")
    (checked / "partner.protocol").write_text(PARTNER, encoding="utf-8")
    return checked


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Records the files actually checked (cache misses), in order."""
    checked: list[str] = []
    original = runner._analyse_one

    def spy(checker: Checker, target: runner.Target) -> tuple[Analysis, runner.Dependencies, Result | None]:
        checked.append(Path(target.shown).name)
        return original(checker, target)

    monkeypatch.setattr(runner, "_analyse_one", spy)
    return checked


CACHE = Path("cache")  # relative to the test's working folder (the `folder` fixture's parent)


def run(folder: Path, settings: Settings | None = None, jobs: int = 1) -> list[Result]:
    return Batch(Checker(settings or Settings()), jobs, CACHE).reports([str(folder)])


def entries(where: Path = CACHE, pattern: str = "*.json") -> list[Path]:
    return [p for p in where.rglob(pattern) if p.is_file()]


def body(entry: Path) -> str:
    """An entry's JSON, after the signature line."""
    return entry.read_text(encoding="utf-8").split("\n", 1)[1]


def test_unchanged_rerun_is_answered_from_the_cache_identically(folder: Path, fresh: list[str]) -> None:
    first = run(folder)
    assert sorted(fresh) == ["main.protocol", "partner.protocol"]
    fresh.clear()
    second = run(folder)
    assert fresh == []
    assert render_json(second) == render_json(first)
    assert render_text(second) == render_text(first)


def test_cached_output_matches_the_plain_pipeline(folder: Path) -> None:
    plain = list(check([str(folder)], Settings()))
    run(folder)
    assert render_json(run(folder)) == render_json(plain)
    assert render_text(run(folder)) == render_text(plain)


def test_no_cache_neither_reads_nor_writes(folder: Path, fresh: list[str]) -> None:
    check([str(folder)], Settings())
    check([str(folder)], Settings())
    assert len(fresh) == 4
    assert not CACHE.exists()


def test_editing_the_file_is_a_miss(folder: Path, fresh: list[str]) -> None:
    run(folder)
    fresh.clear()
    (folder / "main.protocol").write_text(PROTOCOL.replace("must share", "may share"), encoding="utf-8")
    run(folder)
    assert fresh == ["main.protocol"]


def test_editing_an_included_file_is_a_miss(folder: Path, fresh: list[str]) -> None:
    run(folder)
    fresh.clear()
    (folder / "partner.protocol").write_text(PARTNER + "recipient extra\n  kind gp\n", encoding="utf-8")
    run(folder)
    assert sorted(fresh) == ["main.protocol", "partner.protocol"]


def test_creating_a_missing_include_is_a_miss(folder: Path, fresh: list[str]) -> None:
    (folder / "main.protocol").write_text(PROTOCOL + 'include "later.protocol"\n', encoding="utf-8")
    first = run(folder)
    assert any("later.protocol" in f.message for r in first for f in r.findings)
    fresh.clear()
    (folder / "later.protocol").write_text(PARTNER.replace("Partner", "Later").replace("recipient housing",
                                                                                        "recipient later"),
                                           encoding="utf-8")
    second = run(folder)
    assert "main.protocol" in fresh
    assert not any("later.protocol" in f.message for r in second for f in r.findings)


def test_retargeting_an_include_link_is_a_miss(folder: Path, fresh: list[str]) -> None:
    (folder / "a.txt").write_text(PARTNER, encoding="utf-8")
    (folder / "b.txt").write_text(PARTNER + "recipient other\n  kind gp\n", encoding="utf-8")
    (folder / "partner.protocol").unlink()
    (folder / "partner.protocol").symlink_to("a.txt")
    run(folder)
    fresh.clear()
    (folder / "partner.protocol").unlink()
    (folder / "partner.protocol").symlink_to("b.txt")
    run(folder)
    assert "main.protocol" in fresh


def test_editing_the_library_is_a_miss(folder: Path, fresh: list[str]) -> None:
    library = folder.parent / "local.protocol"
    library.write_text(LIBRARY, encoding="utf-8")
    settings = Settings(library=(library,))
    run(folder, settings)
    fresh.clear()
    run(folder, settings)
    assert fresh == []
    library.write_text(LIBRARY.replace("kind duty", "kind power"), encoding="utf-8")
    run(folder, settings)
    assert sorted(fresh) == ["main.protocol", "partner.protocol"]


@pytest.mark.parametrize("change", [
    {"max_file_size": 1_000_000},
    {"jurisdiction": "wales"},
], ids=lambda c: next(iter(c)))
def test_a_setting_that_changes_the_analysis_is_a_miss(folder: Path, fresh: list[str],
                                                       change: dict[str, object]) -> None:
    run(folder)
    fresh.clear()
    settings = replace(Settings(), **change)  # type: ignore[arg-type]
    changed = run(folder, settings)
    assert sorted(fresh) == ["main.protocol", "partner.protocol"]
    assert render_json(changed) == render_json(list(check([str(folder)], settings)))


@pytest.mark.parametrize("change", [
    {"disable": frozenset({"LAW001"})},
    {"severity": {"FDAP007": Severity.ERROR}},
    {"today": date(2100, 1, 1)},  # the waiver has expired by then
], ids=lambda c: next(iter(c)))
def test_a_setting_judged_at_report_time_reuses_entries_and_still_changes_the_report(
        folder: Path, fresh: list[str], change: dict[str, object]) -> None:
    first = run(folder)
    fresh.clear()
    settings = replace(Settings(), **change)  # type: ignore[arg-type]
    changed = run(folder, settings)
    assert fresh == []  # answered from the cache...
    assert render_json(changed) == render_json(list(check([str(folder)], settings)))  # ...judged afresh
    assert render_json(changed) != render_json(first)


def test_output_only_settings_share_entries(folder: Path, fresh: list[str]) -> None:
    run(folder)
    fresh.clear()
    run(folder, Settings(fail_on=Severity.INFO, format="json"))
    assert fresh == []


@pytest.fixture
def fingerprint() -> Iterator[None]:
    """Forget the memoised code fingerprint before and after, so a patched version counts."""
    cache.code_fingerprint.cache_clear()
    yield
    cache.code_fingerprint.cache_clear()


def test_a_new_confide_version_is_a_miss(folder: Path, fresh: list[str], monkeypatch: pytest.MonkeyPatch,
                                         fingerprint: None) -> None:
    run(folder)
    fresh.clear()
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    cache.code_fingerprint.cache_clear()
    run(folder)
    assert sorted(fresh) == ["main.protocol", "partner.protocol"]


def test_a_change_to_confide_code_is_a_miss(folder: Path, fresh: list[str], monkeypatch: pytest.MonkeyPatch,
                                            fingerprint: None) -> None:
    run(folder)
    fresh.clear()
    real_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real_bytes(self) + (b"#" if self.name == "graph.py" else b""))
    cache.code_fingerprint.cache_clear()
    run(folder)
    assert sorted(fresh) == ["main.protocol", "partner.protocol"]


def test_entries_are_signed_json_never_pickle(folder: Path) -> None:
    run(folder)
    found = entries()
    assert found
    for entry in found:
        signature, _ = entry.read_text(encoding="utf-8").split("\n", 1)
        assert len(signature) == 64 and int(signature, 16) >= 0  # HMAC-SHA256, hex
        assert isinstance(json.loads(body(entry)), dict)


TAMPERING: list[Callable[[dict[str, object]], object]] = [
    lambda e: "not json {",
    lambda e: [],
    lambda e: {**e, "findings": [{"code": "__import__('os')"}]},
    lambda e: {**e, "findings": "many"},
    lambda e: {**e, "path": "elsewhere.protocol"},
    lambda e: {**e, "lines": [["1", "protocol"]]},
    lambda e: {**e, "findings": [{**e["findings"][0], "span": ["p", "1", 1, 1, 1]}]},  # type: ignore[index]
    lambda e: {**e, "findings": [{**e["findings"][0], "severity": "catastrophic"}]},  # type: ignore[index]
    lambda e: "[" * 100_000 + "]" * 100_000,
]


@pytest.mark.parametrize("tamper", TAMPERING, ids=[str(i) for i in range(len(TAMPERING))])
def test_a_tampered_entry_is_a_harmless_miss(folder: Path, fresh: list[str],
                                             tamper: Callable[[dict[str, object]], object]) -> None:
    first = run(folder)
    for entry in entries():
        signature = entry.read_text(encoding="utf-8").split("\n", 1)[0]
        data = json.loads(body(entry))
        if not data["findings"]:
            continue
        changed = tamper(data)  # the signature is kept: whoever tampers has no key to sign with
        entry.write_text(signature + "\n" + (changed if isinstance(changed, str) else json.dumps(changed)),
                         encoding="utf-8")
    fresh.clear()
    assert render_json(run(folder)) == render_json(first)
    assert "main.protocol" in fresh


def test_an_unwritable_cache_folder_is_skipped(folder: Path) -> None:
    CACHE.write_text("a file where the folder should be", encoding="utf-8")
    assert render_json(run(folder)) == render_json(list(check([str(folder)], Settings())))


def test_parallel_misses_fill_the_cache_too(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(6):
        (folder / f"extra{n}.protocol").write_text(PROTOCOL.replace('"Cached"', f'"Extra {n}"'), encoding="utf-8")
    batches: list[int] = []
    original = Batch._analyse

    def spy(self: Batch, targets: list[tuple[runner.Target, bool]], *args: Any) -> object:
        batches.append(len(targets))
        return original(self, targets, *args)

    monkeypatch.setattr(Batch, "_analyse", spy)
    first = run(folder, jobs=2)
    second = run(folder, jobs=2)
    assert batches == [8, 0]  # the first run went to the worker pool; the second needed no check
    assert render_json(second) == render_json(first)
    assert len(entries()) >= 8


def test_cache_folder_is_tagged_for_backup_tools_and_ignored_by_git(folder: Path) -> None:
    run(folder)
    assert (CACHE / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f59")
    assert (CACHE / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert os.path.isdir(CACHE)


# ---- the whole-report cache (confide check) ---------------------------------------------------------
@pytest.fixture
def executed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the runs that had to check or look up files (not answered by the report cache)."""
    calls: list[int] = []
    original = Batch.run

    def spy(self: Batch, *args: object) -> object:
        calls.append(1)
        return original(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Batch, "run", spy)
    return calls


def test_unchanged_command_is_answered_by_the_report_cache(cli: Callable[..., tuple[int, str, str]], folder: Path,
                                                           executed: list[int]) -> None:
    first = cli("check", "checked", "--format", "json")
    second = cli("check", "checked", "--format", "json")
    assert executed == [1]
    assert second == first and first[0] == 1
    assert cli("check", "checked", "--format", "json", "--no-cache") == first
    assert cli("check", "checked") != first  # another format is another report
    assert executed == [1, 1, 1]


def test_report_cache_sees_a_changed_include(cli: Callable[..., tuple[int, str, str]], folder: Path,
                                             executed: list[int]) -> None:
    cli("check", "checked", "--format", "json")
    (folder / "partner.protocol").write_text(PARTNER + "recipient extra\n  kind gp\n", encoding="utf-8")
    cli("check", "checked/main.protocol", "--format", "json")
    cli("check", "checked/main.protocol", "--format", "json")
    assert executed == [1, 1]
    (folder / "partner.protocol").write_text(PARTNER, encoding="utf-8")
    code, out, _ = cli("check", "checked/main.protocol", "--format", "json")
    assert executed == [1, 1, 1]
    assert code == 1 and '"extra"' not in out


def test_a_truncated_report_is_a_miss(cli: Callable[..., tuple[int, str, str]], folder: Path,
                                      executed: list[int], private_cache: Path) -> None:
    first = cli("check", "checked", "--format", "json")
    reports = entries(private_cache, "*.report.txt")
    assert reports
    for text in reports:
        text.write_text(text.read_text(encoding="utf-8")[:100], encoding="utf-8")
    assert cli("check", "checked", "--format", "json") == first
    assert executed == [1, 1]


def test_a_report_edited_to_the_same_length_is_a_miss(cli: Callable[..., tuple[int, str, str]], folder: Path,
                                                      executed: list[int], private_cache: Path) -> None:
    first = cli("check", "checked", "--format", "json")
    reports = entries(private_cache, "*.report.txt")
    assert reports
    for report in reports:
        data = report.read_bytes()
        report.write_bytes(data.replace(b'"error"', b'"ERROR"'))
        assert report.read_bytes() != data and len(report.read_bytes()) == len(data)
    assert cli("check", "checked", "--format", "json") == first
    assert executed == [1, 1]


def test_a_change_to_a_report_template_changes_the_fingerprint(monkeypatch: pytest.MonkeyPatch,
                                                               fingerprint: None) -> None:
    before = cache.code_fingerprint()
    real_bytes = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: real_bytes(self) + (b"x" if self.suffix == ".j2" else b""))
    cache.code_fingerprint.cache_clear()
    assert cache.code_fingerprint() != before
