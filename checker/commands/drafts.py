"""Two drafts (files, folders, or a git revision and the working tree) -> pairs of checked protocols.

``confide diff`` compares protocols pair by pair. Two files make one pair; two folders pair
the protocols at the same place below each (one only in the new folder is added, one only in
the old removed). ``--base REF`` compares the working tree with a git revision: the
revision's files are read with git (``git ls-tree``, then ``git cat-file --batch``: one
process for every file, where ``git show`` would start one each) into a temporary copy of the
repository's layout, so includes (of any name) resolve as they did then, and are checked with
the same settings and law library as the working tree. A pair is left out when the protocol and
every file it includes are unchanged.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from confide.check import Checked, Checker, UsageError
from confide.discovery import Target, discover

Pair = tuple[Checked | None, Checked | None]
GIT_TIMEOUT = 120
MAX_INCLUDED = 5 * 1024 * 1024  # a file of the revision larger than this is no protocol text to include


def folder_pairs(old: str, new: str, checker: Checker) -> list[Pair]:
    """Two files, or the protocols of two folders paired by their place below each."""
    for given in (old, new):
        if not Path(given).exists():
            raise UsageError(f"no such file or folder: {given}")
    if Path(old).is_dir() != Path(new).is_dir():
        raise UsageError("give two files or two folders to compare")
    if not Path(old).is_dir():
        return [(checker.open(old), checker.open(new))]
    before = _by_place(old, checker)
    after = _by_place(new, checker)
    return _pairs(before, after, checker, Path(old), Path(new))


def _by_place(folder: str, checker: Checker) -> dict[str, Target]:
    return {Path(t.file).relative_to(folder).as_posix(): t
            for t in discover([folder], checker.settings, root_for=checker.root_for)}


def _pairs(before: dict[str, Target], after: dict[str, Target], checker: Checker, old_top: Path,
           new_top: Path) -> list[Pair]:
    """Each place's old and new protocol, checked; a place whose protocol and every file it
    includes are unchanged is left out (an edit made only in an included agreement is not).
    """
    out: list[Pair] = []
    for place in sorted(before.keys() | after.keys()):
        old, new = before.get(place), after.get(place)
        if old is not None and new is not None and _same(Path(old.file), Path(new.file)):
            checked = _check(checker, new)
            if checked is not None and all(_same(_counterpart(Path(p), new_top, old_top), Path(p))
                                           for p in checked.analysis.included):
                continue
            out.append((_check(checker, old), checked))
            continue
        out.append((_check(checker, old), _check(checker, new)))
    return out


def _counterpart(path: Path, new_top: Path, old_top: Path) -> Path:
    """Where the old draft holds the file that is at ``path`` in the new one."""
    try:
        return old_top / Path(os.path.realpath(path)).relative_to(os.path.realpath(new_top))
    except ValueError:
        return path  # outside the drafts compared (a shared agreement): the same file on both sides


def _same(old: Path, new: Path) -> bool:
    try:
        return old.read_bytes() == new.read_bytes()
    except OSError:
        return False


def _check(checker: Checker, target: Target | None) -> Checked | None:
    if target is None:
        return None
    return checker.check(Path(target.file), target.shown, Path(target.root))


def revision_pairs(ref: str, paths: tuple[str, ...], checker: Checker) -> list[Pair]:
    """The protocols below ``paths`` in the working tree, paired with the same files at ``ref``."""
    top = Path(_git(["rev-parse", "--show-toplevel"], Path.cwd()).decode().strip())
    commit = _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, what=f"'{ref}' is not a git "
                  "revision here").decode().strip()
    after: dict[str, Target] = {}
    for target in discover(paths, checker.settings, root_for=checker.root_for):
        place = Path(os.path.abspath(target.file))
        if place.is_relative_to(top):
            after[place.relative_to(top).as_posix()] = target
    wanted = [Path(os.path.abspath(p)).relative_to(top).as_posix() if Path(os.path.abspath(p)).is_relative_to(top)
              else None for p in paths]
    if None in wanted:
        raise UsageError("with --base, every path must be inside the git repository")
    with _revision(commit, top) as (copy, names):
        before: dict[str, Target] = {}
        for name in names:
            inside = any(w in {"", "."} or name == w or name.startswith(f"{w}/") for w in wanted if w is not None)
            if not inside or not name.endswith(".protocol") or _hidden(name) \
                    or checker.settings.excludes(str(top / name)):
                continue
            before[name] = Target(str(copy / name), f"{ref}:{name}", str(copy))
        return _pairs(before, after, checker, copy, top)


def _hidden(name: str) -> bool:
    return any(part.startswith(".") for part in PurePosixPath(name).parts[:-1])


@contextmanager
def _revision(commit: str, top: Path) -> Iterator[tuple[Path, list[str]]]:
    """Every regular file of ``commit`` written below a temporary folder, and their names."""
    listing = _git(["ls-tree", "-r", "-l", "-z", "--full-tree", commit], top)
    names, small = [], []
    for entry in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not entry:
            continue
        meta, name = entry.split("\t", 1)
        mode, kind, _, size = meta.split()
        if kind == "blob" and mode in {"100644", "100755"}:  # links and submodules are not protocol text
            names.append(name)
            if int(size) <= MAX_INCLUDED:  # any of them may be included, whatever its name
                small.append(name)
    folder = Path(tempfile.mkdtemp(prefix="confide-base-"))
    try:
        for name, content in zip(small, _blobs(commit, small, top), strict=True):
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        yield folder, [n for n in names if n.endswith(".protocol")]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _blobs(commit: str, names: list[str], top: Path) -> list[bytes]:
    """The content of each file at ``commit``, read by one ``git cat-file --batch``."""
    if not names:
        return []
    request = "".join(f"{commit}:{name}\n" for name in names).encode("utf-8", "surrogateescape")
    raw = _git(["cat-file", "--batch"], top, stdin=request)
    out, at = [], 0
    for _ in names:
        end = raw.index(b"\n", at)
        header = raw[at:end].split()
        size = int(header[2])
        out.append(raw[end + 1: end + 1 + size])
        at = end + 1 + size + 1
    return out


def _git(args: list[str], where: Path, what: str = "", stdin: bytes | None = None) -> bytes:
    """Run git in ``where``; a failure is a usage error (exit 2) with git's own reason."""
    git = shutil.which("git")
    if git is None:
        raise UsageError("--base needs git, which is not installed")
    try:
        done = subprocess.run([git, "-C", str(where), *args], input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"git {args[0]} failed: {exc}") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(what or f"git {args[0]}: {reason[0] if reason else 'failed'}")
    return done.stdout
