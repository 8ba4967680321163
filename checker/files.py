"""Text + a path -> that file, written whole or not at all, and never through a symbolic link.

Every file confide writes (``--output`` of check, test, diff, graph and leaflet, ``init --out``,
``confide fmt``, the cache) goes through :func:`write_atomic`; a protocol that ``fmt`` or ``--fix``
rewrites keeps its line ends and byte-order mark (:func:`as_written`). It writes a temporary file
beside the target and renames it into place, so:

- a full disk, a kill or a crash mid-write leaves the original untouched (a reader sees the
  old file or the new one, never half of one), and the temporary file is removed;
- a symbolic link planted where the output goes is never followed: a link at the target is
  refused (a rename would replace the link, but a silent replacement would surprise whoever
  made it), and a link swapped in after that check is replaced, not written through (rename
  never follows one). An attacker who can plant links in a folder confide writes to cannot
  make it write anywhere else;
- an existing file keeps its permission bits (``confide fmt`` on a script-readable protocol)
  and, where the system allows, its owner and group; a read-only one (no write bit, or not
  writable by this user) is left alone, as a plain write would have to;
- a device or a pipe (``-o /dev/null``) is written to as it is: there is nothing to replace.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


def as_written(raw: bytes, text: str) -> str:
    """``text`` as the file ``raw`` was written: its line ends (CRLF where it used them) and its
    byte-order mark, which the loader leaves out of the text (an editor that wrote one wants it back).
    """
    text = text.replace("\n", "\r\n") if b"\r\n" in raw else text
    return "\ufeff" + text if raw.startswith(codecs.BOM_UTF8) else text


class WriteError(OSError):
    """A file could not be written; the message is one line, naming the file."""


def write_atomic(path: Path, text: str | bytes, mode: int | None = None, durable: bool = True) -> None:
    """Write ``text`` (UTF-8, line ends as given; or bytes, a Word file) to ``path`` atomically; see the
    module docstring.

    ``mode`` fixes the permission bits of a new file (the cache's are 0600); by default a new
    file gets the usual ``0666`` less the umask and an existing one keeps its own. ``durable``
    flushes the text to the disk before the rename, so that even a power cut leaves the old
    file or the new one; the cache, whose torn entries fail their signature anyway, skips it.
    """
    with atomic(path, mode, durable) as out:
        out.write(text.encode("utf-8") if isinstance(text, str) else text)


@contextlib.contextmanager
def atomic(path: Path, mode: int | None = None, durable: bool = True) -> Iterator[IO[bytes]]:
    """A binary file whose whole content replaces ``path`` when the block ends, and nothing if it
    fails: :func:`write_atomic` for output written piece by piece (a folder's report).
    """
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        status = None
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    if status is not None and stat.S_ISLNK(status.st_mode):
        raise WriteError(f"{path} is a symbolic link; confide does not write through links (remove it or "
                         "choose another file)")
    if status is not None and (stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode)):
        with _through(path) as out:  # /dev/null, a named pipe: nothing to replace, only to write to
            yield out
        return
    if status is not None and not stat.S_ISREG(status.st_mode):
        raise WriteError(f"{path} is not a regular file; refusing to replace it")
    if status is not None and (not status.st_mode & 0o222 or not os.access(path, os.W_OK)):
        # A rename would replace it regardless; a file nobody may write is one to leave alone.
        raise WriteError(f"{path} is read-only; left unchanged")
    if mode is None:
        mode = stat.S_IMODE(status.st_mode) if status is not None else 0o666 & ~_umask()
    folder = path.parent
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:40]}.", suffix=".tmp")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(handle, "wb") as out:
            yield out
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.chmod(temporary, mode)
        if status is not None and (status.st_uid, status.st_gid) != (os.geteuid(), os.getegid()):
            with contextlib.suppress(OSError):  # only the superuser may give a file away; others try the group
                os.chown(temporary, status.st_uid, status.st_gid)
        os.replace(temporary, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(exc, OSError):
            raise WriteError(f"cannot write {path}: {exc.strerror or exc}; the original is unchanged") from None
        raise


@contextlib.contextmanager
def _through(path: Path) -> Iterator[IO[bytes]]:
    """Write to a device or a pipe as it is (never created, never followed if it is a link)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        out = os.fdopen(descriptor, "wb")
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None
    try:
        with out:
            yield out
    except OSError as exc:
        raise WriteError(f"cannot write {path}: {exc.strerror or exc}") from None


def _umask() -> int:
    """The process umask: from /proc where Linux shows it, else by setting it and putting it back
    (which, for an instant, changes it for every thread).
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    current = os.umask(0o022)
    os.umask(current)
    return current
