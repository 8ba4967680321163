"""The result cache cannot turn a failing check green (issue "Trust nothing in the folder").

The attack: a pull request hardens a clause into an automatic police referral, runs confide
once at the path CI checks out to, edits the cached findings to ``[]`` (re-signing them with
its own key, the best an attacker can do), and commits the cache with ``git add -f``. CI then
runs on a fresh clone. Each test below is that attack or one of its variations; each must end
in the real findings. And the cache must never leak into the working tree, stay private on a
shared machine, stay under its size bound, and leave no debris on a full disk.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import shutil
import subprocess
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from confide import cache as cache_module
from confide import files
from confide.batch import Batch
from confide.cache import Cache, secret_key
from confide.check import Checker
from confide.config import Settings
from confide.resources import private_cache_dir

Cli = Callable[..., tuple[int, str, str]]
HARDENED = '''protocol "Hostel"
  clients adults
  service homeless-hostel
at-assessment
  explain limits-of-confidentiality
records
  storage secure
  log disclosures
trigger dealing "Staff suspect a resident of dealing"
  means drug-supply-on-premises
clause 4.2 "Suspected dealing"
  when dealing
  staff must share identity with police
  consent not-required
  steps consult-supervisor, record-decision
'''
GIT = shutil.which("git")


def git(*args: str, cwd: Path) -> str:
    environment = {**os.environ, "GIT_AUTHOR_NAME": "a", "GIT_AUTHOR_EMAIL": "a@example.org",
                   "GIT_COMMITTER_NAME": "a", "GIT_COMMITTER_EMAIL": "a@example.org", "GIT_CONFIG_GLOBAL": "/dev/null"}
    return subprocess.run(["git", *args], cwd=cwd, env=environment, check=True, capture_output=True,
                          text=True).stdout


def forge(folder: Path, key: bytes) -> int:
    """Empty the findings of every entry and every cached report under ``folder`` and sign them
    again with ``key`` (the attacker's own): what someone with a copy of confide can do.
    """
    forged = 0
    for path in folder.rglob("*.json"):
        name = path.name.split(".")[0]
        kind = "record" if path.name.endswith(".report.json") else "entry"
        data = json.loads(path.read_text(encoding="utf-8").split("\n", 1)[1])
        if kind == "entry":
            data["findings"] = []
        else:
            data["failing"] = False
            text = "1 file checked: 0 errors, 0 warnings, 0 info\n"
            report = path.with_suffix("").with_suffix(".report.txt")
            report.write_text(text, encoding="utf-8")  # vouched for by the record: its length and hash
            data["sha256"], data["bytes"] = hashlib.sha256(text.encode()).hexdigest(), len(text.encode())
        path.write_text(sign(key, kind, name, json.dumps(data)), encoding="utf-8")
        forged += 1
    return forged


def sign(key: bytes, kind: str, name: str, text: str) -> str:
    """A file signed the way confide signs its cache (confide.cache.Cache._signature)."""
    prefix = f"confide-cache {cache_module.FORMAT}\0{kind}\0{name}\0".encode()
    return hmac.new(key, prefix + text.encode(), "sha256").hexdigest() + "\n" + text


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_forged_cache_committed_into_a_fresh_clone_is_a_miss(cli: Cli, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    checkout = tmp_path / "ci" / "policies"  # the path every CI run of this repository checks out to
    origin = tmp_path / "origin.git"
    checkout.mkdir(parents=True)
    git("init", "-q", "-b", "main", cwd=checkout)
    (checkout / "hostel.protocol").write_text(HARDENED, encoding="utf-8")
    git("add", "-A", cwd=checkout)
    git("commit", "-qm", "harden 4.2 to an automatic referral", cwd=checkout)
    # The attacker, at the CI path with their own confide: a real run, then the forgery.
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker-home"))
    honest = cli("check", ".", "--no-cache")
    assert honest[0] == 1 and "2 errors" in honest[1]
    assert cli("check", ".", "--cache-dir", ".confide-cache") == honest
    attacker_key = secret_key()
    assert attacker_key is not None
    assert forge(checkout / ".confide-cache", attacker_key) >= 2
    assert cli("check", ".", "--cache-dir", ".confide-cache")[0] == 0  # the forgery works for its author...
    shutil.copy(tmp_path / "attacker-home" / "confide" / "cache.key", checkout / "cache.key")  # ...key and all
    git("add", "-f", ".confide-cache", "cache.key", cwd=checkout)
    git("commit", "-qm", "add cache", cwd=checkout)
    git("clone", "-q", "--bare", str(checkout), str(origin), cwd=tmp_path)
    # CI: a fresh clone at the same path, run by someone else (another private cache folder).
    monkeypatch.chdir(tmp_path)
    shutil.rmtree(checkout)
    git("clone", "-q", str(origin), str(checkout), cwd=tmp_path)
    monkeypatch.chdir(checkout)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "ci-home"))
    assert (checkout / ".confide-cache").is_dir()
    for args in ([], ["--cache-dir", ".confide-cache"], ["--format", "json"], ["--format", "sarif"],
                 ["--format", "html"]):
        code, out, _ = cli("check", ".", *args)
        assert code == 1, args
        assert out == cli("check", ".", "--no-cache", *args[2:] if args[:1] == ["--cache-dir"] else args)[1]
    assert "2 errors" in cli("check", ".", "--cache-dir", ".confide-cache")[1]


def test_an_entry_copied_from_another_users_cache_is_a_miss(cli: Cli, tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hostel.protocol").write_text(HARDENED, encoding="utf-8")
    shared = tmp_path / "shared-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "alice"))
    expected = cli("check", "hostel.protocol", "--cache-dir", str(shared))
    forge(shared, secret_key() or b"")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "bob"))  # Bob has his own key: Alice's entries are misses
    assert cli("check", "hostel.protocol", "--cache-dir", str(shared)) == expected


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_nothing_is_written_into_the_working_tree(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  private_cache: Path) -> None:
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "protocols").mkdir()
    (tmp_path / "protocols" / "hostel.protocol").write_text(HARDENED, encoding="utf-8")
    monkeypatch.chdir(tmp_path / "protocols")
    for fmt in ("text", "json", "html"):
        assert cli("check", ".", "--format", fmt)[0] == 1
    assert git("status", "--porcelain", "--untracked-files=all", cwd=tmp_path) == "?? protocols/hostel.protocol\n"
    assert list((private_cache / "results").rglob("*.json"))  # the cache is in the user's cache folder


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_a_cache_dir_inside_the_tree_is_never_committed(cli: Cli, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    git("init", "-q", cwd=tmp_path)
    (tmp_path / "hostel.protocol").write_text(HARDENED, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    cli("check", ".", "--cache-dir", "cache")
    git("add", "-A", cwd=tmp_path)
    assert git("diff", "--cached", "--name-only", cwd=tmp_path).split() == ["hostel.protocol"]


def test_the_key_and_the_folders_are_private(tmp_path: Path, private_cache: Path) -> None:
    key = secret_key()
    assert key is not None and len(key) == 32
    assert secret_key() == key  # made once, then read back
    assert (private_cache / "cache.key").stat().st_mode & 0o777 == 0o600
    assert private_cache.stat().st_mode & 0o777 == 0o700
    folder = cache_module.default_folder()
    assert folder == private_cache / "results" and folder.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("loosen", ["key readable by others", "folder writable by others", "key is a link",
                                    "owned by someone else"])
def test_a_key_anyone_else_could_read_or_plant_turns_the_cache_off(tmp_path: Path, private_cache: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   loosen: str) -> None:
    assert secret_key() is not None
    key = private_cache / "cache.key"
    if loosen == "key readable by others":
        key.chmod(0o644)
    elif loosen == "folder writable by others":
        private_cache.chmod(0o777)
    elif loosen == "key is a link":
        planted = tmp_path / "planted.key"
        planted.write_bytes(b"k" * 32)
        key.unlink()
        key.symlink_to(planted)
    else:
        real_uid = os.getuid()
        monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)
    assert secret_key() is None
    assert Cache.open(tmp_path / "cache") is None
    (tmp_path / "p.protocol").write_text(HARDENED, encoding="utf-8")
    batch = Batch(Checker(Settings()), 1, tmp_path / "cache")
    assert batch.cache is None and batch.reports([str(tmp_path / "p.protocol")])  # checked, just not cached
    assert not (tmp_path / "cache").exists()


def test_cache_dir_moves_the_cache(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                   private_cache: Path) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.protocol").write_text(HARDENED, encoding="utf-8")
    cli("check", "p.protocol", "--cache-dir", "elsewhere")
    assert list((tmp_path / "elsewhere").rglob("*.json"))
    assert not list(private_cache.rglob("*.json"))
    assert (private_cache / "cache.key").is_file()  # the key stays private wherever the entries go


# ---- the size bound ---------------------------------------------------------------------------------
def fill(cache: Cache, count: int, size: int) -> list[Path]:
    """``count`` entries of about ``size`` bytes, each older than the next."""
    made = []
    for n in range(count):
        key = hashlib.sha256(str(n).encode()).hexdigest()
        path = cache._path(key)
        cache._write(path, "entry", key, "x" * size)
        os.utime(path, (1_000_000 + n, 1_000_000 + n))
        made.append(path)
    return made


def test_pruning_removes_the_least_recently_used_entries_first(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", b"k" * 32, max_bytes=100_000)
    made = fill(cache, 40, 5_000)  # 200 kB
    keep = tmp_path / "cache" / f"v{cache_module.FORMAT}" / "notes.txt"
    keep.write_text("not ours", encoding="utf-8")
    os.utime(made[0])  # the oldest entry was used just now
    left = cache.prune()
    assert left <= 80_000
    remaining = [p for p in made if p.exists()]
    assert made[0] in remaining and made[1] not in remaining and made[-1] in remaining
    assert sum(p.stat().st_size for p in remaining) == left
    assert keep.exists()  # only files named as confide names its entries are ever removed


def test_a_run_past_the_bound_prunes_and_records_the_size(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", b"k" * 32, max_bytes=100_000)
    fill(cache, 40, 5_000)
    cache.settle()
    assert int((tmp_path / "cache" / "usage").read_text(encoding="ascii")) <= 80_000
    assert sum(p.stat().st_size for p in (tmp_path / "cache").rglob("*.json")) <= 80_000


def test_cache_size_is_a_setting_and_a_flag(cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "confide.toml").write_text("cache-size = 64\n", encoding="utf-8")
    (tmp_path / "p.protocol").write_text(HARDENED, encoding="utf-8")
    assert Batch(Checker(Settings(cache_size=64)), 1, tmp_path / "c").cache.max_bytes == 64 * 1024 * 1024  # type: ignore[union-attr]
    assert cli("check", "p.protocol", "--cache-size", "1")[0] == 1
    assert cli("check", "p.protocol", "--cache-size", "0")[0] == 2


def test_a_full_disk_leaves_no_temporary_files_and_the_check_still_answers(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "p.protocol").write_text(HARDENED, encoding="utf-8")
    expected = Batch(Checker(Settings()), 1, None).reports([str(tmp_path / "p.protocol")])
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle: object) -> None:
            self.handle = handle

        def __enter__(self) -> Full:
            return self

        def __exit__(self, *_: object) -> None:
            self.handle.close()  # type: ignore[attr-defined]

        def write(self, text: str) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fdopen", lambda fd, *a, **k: Full(real_fdopen(fd, *a, **k)))
    got = Batch(Checker(Settings()), 1, tmp_path / "cache").reports([str(tmp_path / "p.protocol")])
    assert got == expected
    assert [p.name for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []


# ---- the report cache and the day ------------------------------------------------------------------------
def test_a_cached_report_is_reused_on_later_days_until_a_date_it_was_judged_by_passes(
        cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    waived = HARDENED.replace("  steps consult-supervisor, record-decision\n",
                              "  steps consult-supervisor, record-decision\n"
                              "  allow LAW001 \"agreed with the commissioner\" until 2030-03-01\n")
    (tmp_path / "p.protocol").write_text(waived, encoding="utf-8")
    runs: list[int] = []
    original = Batch.run
    monkeypatch.setattr(Batch, "run", lambda self, *a: runs.append(1) or original(self, *a))
    january = cli("check", "p.protocol", "--today", "2030-01-01")
    assert cli("check", "p.protocol", "--today", "2030-02-28") == january  # no date passed: the same report
    assert runs == [1]
    march = cli("check", "p.protocol", "--today", "2030-03-02")  # the waiver expired
    assert runs == [1, 1] and march != january and "waiver expired" in march[1]
    assert cache_module.same_judgement(["2030-03-01"], "2030-01-01", "2030-03-01")
    assert not cache_module.same_judgement(["2030-03-01"], "2030-01-01", "2030-03-02")
    assert date(2030, 1, 1)  # dates are ISO text, which sorts as dates do


def test_private_cache_dir_refuses_a_folder_with_loose_permissions(private_cache: Path) -> None:
    assert private_cache_dir() == private_cache
    private_cache.chmod(0o755)  # readable by others: what is cached there would be too
    assert private_cache_dir() is None
    private_cache.chmod(0o700)
    (private_cache / "grammar").mkdir(mode=0o777)
    (private_cache / "grammar").chmod(0o777)
    assert private_cache_dir("grammar") is None
