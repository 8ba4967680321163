"""Every file confide writes is written whole or not at all, and never through a symbolic link.

The attack: someone who can plant a link where a report goes (a shared folder, a CI workspace
restored from a cache) points it at a file that runs code, such as a ``.pth`` file in
site-packages (Python runs every line of one that starts with ``import``), and names a
protocol so that a line of the report starts with ``import``. Each output option of each
command is tried against a planted link; the link and its target must be left as they were.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from confide import files
from confide.files import WriteError, write_atomic

Cli = Callable[..., tuple[int, str, str]]
PROTOCOL = '''protocol "Hostel"
  clients adults
  service homeless-hostel
at-assessment
  explain limits-of-confidentiality
trigger dealing "Dealing"
  means drug-supply-on-premises
clause 1
  when dealing
  staff must share identity with police
  consent not-required
scenario "Dealing is reported"
  events dealing
  consent refused
  expect share identity with police
'''
# The name a hostile protocol file is given: a line break, then a line Python would run from a .pth.
PAYLOAD = "import os; open(os.environ['PWNED'], 'w').write('ran')"
HOSTILE_NAME = f"hostel\n{PAYLOAD}\n.protocol"

COMMANDS = {
    "check": ["check", "hostel.protocol", "--format", "html", "--no-cache", "--output"],
    "check-json": ["check", "hostel.protocol", "--format", "json", "--no-cache", "-o"],
    "test": ["test", "hostel.protocol", "--format", "junit", "--output"],
    "diff": ["diff", "hostel.protocol", "hostel.protocol", "--output"],
    "graph": ["graph", "hostel.protocol", "--format", "svg", "--output"],
    "leaflet": ["leaflet", "hostel.protocol", "--output"],
    "init": ["init", "--service", "homeless-hostel", "--clients", "adults", "--out"],
}


@pytest.fixture
def work(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hostel.protocol").write_text(PROTOCOL, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("command", COMMANDS)
def test_output_through_a_planted_link_is_refused(cli: Cli, work: Path, command: str) -> None:
    victim = work / "site-packages" / "victim.pth"
    victim.parent.mkdir()
    victim.write_text("# untouched\n", encoding="utf-8")
    (work / "out").symlink_to(victim)
    code, out, err = cli(*COMMANDS[command], "out")
    assert code == 2, (out, err)
    assert ("already exists" if command == "init" else "symbolic link") in err and "Traceback" not in err
    assert victim.read_text(encoding="utf-8") == "# untouched\n"
    assert (work / "out").is_symlink()
    assert sorted(p.name for p in work.iterdir()) == ["hostel.protocol", "out", "site-packages"]  # no debris


@pytest.mark.parametrize("command", COMMANDS)
def test_output_through_a_dangling_link_is_refused(cli: Cli, work: Path, command: str) -> None:
    target = work / "site-packages" / "new.pth"
    target.parent.mkdir()
    (work / "out").symlink_to(target)
    assert cli(*COMMANDS[command], "out")[0] == 2
    assert not target.exists()


@pytest.mark.parametrize("command", COMMANDS)
def test_every_output_option_writes_a_new_file(cli: Cli, work: Path, command: str) -> None:
    code, _, err = cli(*COMMANDS[command], "report.out")
    assert code in (0, 1), err
    assert (work / "report.out").stat().st_size > 0
    assert stat.S_IMODE((work / "report.out").stat().st_mode) == 0o666 & ~_umask()


def test_a_newline_file_name_and_a_pth_link_run_nothing(cli: Cli, work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    marker = work / "pwned"
    monkeypatch.setenv("PWNED", str(marker))
    (work / "hostel.protocol").rename(work / HOSTILE_NAME)
    site = work / "site-packages"
    site.mkdir()
    (work / "report.html").symlink_to(site / "confide-report.pth")
    code, _, err = cli("check", ".", "--format", "html", "--no-cache", "-o", "report.html")
    assert code == 2 and "symbolic link" in err
    assert not (site / "confide-report.pth").exists()
    # Even written where it was asked to go, no line of any report starts with the payload.
    for fmt in ("html", "markdown", "text", "github", "json", "sarif"):
        code, out, _ = cli("check", ".", "--format", fmt, "--no-cache")
        assert code == 1
        assert not any(line.lstrip().startswith("import") for line in out.splitlines()), fmt
        assert "hostel\\nimport" in out.replace("\\\\", "\\") or fmt in {"json", "sarif"}, fmt  # shown, not run
    _run_site(site, cli("check", ".", "--format", "html", "--no-cache")[1])
    assert not marker.exists()


def _run_site(site: Path, report: str) -> None:
    """Do what Python does with a .pth file at start-up: run its lines that start with ``import``."""
    for line in report.splitlines():
        if line.startswith(("import ", "import\t")):
            exec(line)  # noqa: S102 - the test proves there is no such line


def test_a_failed_write_leaves_the_original_whole(work: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    original = work / "report.json"
    original.write_text('{"old": true}\n', encoding="utf-8")
    original.chmod(0o640)
    real_replace = os.replace

    def full(source: str, target: str) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "replace", full)
    with pytest.raises(WriteError, match="No space left on device; the original is unchanged"):
        write_atomic(original, "x" * 100_000)
    monkeypatch.setattr(files.os, "replace", real_replace)
    assert original.read_text(encoding="utf-8") == '{"old": true}\n'
    assert sorted(p.name for p in work.iterdir()) == ["hostel.protocol", "report.json"]
    write_atomic(original, "new\n")
    assert original.read_text(encoding="utf-8") == "new\n"
    assert stat.S_IMODE(original.stat().st_mode) == 0o640  # an existing file keeps its permissions


def test_a_read_only_file_is_not_replaced(work: Path) -> None:
    locked = work / "locked.txt"
    locked.write_text("keep\n", encoding="utf-8")
    locked.chmod(0o444)
    with pytest.raises(WriteError, match="read-only"):
        write_atomic(locked, "changed\n")
    assert locked.read_text(encoding="utf-8") == "keep\n"


def test_init_out_refuses_an_existing_file_or_a_dangling_link(cli: Cli, work: Path) -> None:
    (work / "starter.protocol").symlink_to(work / "nowhere" / "x.pth")
    code, _, err = cli(*COMMANDS["init"], "starter.protocol")
    assert code == 2 and "already exists" in err


def _umask() -> int:
    current = os.umask(0o022)
    os.umask(current)
    return current


def test_the_owner_of_a_reformatted_file_is_kept(cli: Cli, work: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("only the superuser can give a file to someone else")
    path = work / "hostel.protocol"
    path.write_text(PROTOCOL.replace("  ", "    "), encoding="utf-8")
    os.chown(path, 65534, 65534)
    assert cli("fmt", str(path))[0] == 0
    assert (path.stat().st_uid, path.stat().st_gid) == (65534, 65534)


def test_output_to_a_device_is_written_not_replaced(cli: Cli, work: Path) -> None:
    code, _, err = cli("check", "hostel.protocol", "--no-cache", "-o", "/dev/null")
    assert code == 1, err
    assert Path("/dev/null").is_char_device()
