"""A folder of protocols -> what the drafting page may read and write, and nothing else.

Every path the page sends is untrusted: it names a file *relative to the folder being served*
and is refused unless it stays inside it. A name with ``..``, an absolute path, a backslash,
a hidden part (``.git``, ``.env``), a file that is not a ``.protocol``, or a link whose target
lies outside the folder is refused before anything is read. Saving writes a temporary file
beside the target and renames it over the target (atomic: a crash leaves the old file or the
new one, never half of each), and refuses to overwrite a file that changed on disk since the
page opened it: the page then shows what differs.
"""

from __future__ import annotations

import difflib
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from confide.batch import discover
from confide.config import Settings
from confide.files import WriteError, write_atomic

SUFFIX = ".protocol"
# One part of a relative path: letters, digits, spaces and a little punctuation; never hidden.
_PART = re.compile(r"[^./\\\x00-\x1f][^/\\\x00-\x1f]*")


class Refused(Exception):
    """A path or a write the page may not have; the message says why, in plain words."""


@dataclass(frozen=True)
class Opened:
    """A protocol as read from disk: its text and the version the page must save against."""

    path: str
    text: str
    version: str  # sha256 of the bytes on disk; '' for a file that does not exist yet


@dataclass(frozen=True)
class Conflict:
    """A save refused because the file changed on disk: what is there now, and how it differs."""

    version: str
    diff: str


@dataclass(frozen=True)
class Listing:
    """What the page may open, and the folders below that could not be read (so their
    protocols are missing from the list): the page says so rather than leave them out in silence.
    """

    protocols: list[str]  # relative POSIX paths
    unreadable: list[tuple[str, str]]  # (a folder, relative, and why it could not be read)


def version_of(data: bytes) -> str:
    """The version of a file's bytes (what a save must match)."""
    return hashlib.sha256(data).hexdigest()


class Folder:
    """The served folder: protocols listed, read and saved only inside it."""

    def __init__(self, root: Path, settings: Settings | None = None) -> None:
        self.root = Path(os.path.realpath(root))
        self.settings = settings or Settings()
        self.max_bytes = self.settings.max_file_size
        self.mode = _default_mode()

    def listing(self) -> Listing:
        """Every protocol below the folder that the page may open, and every folder below it
        that could not be listed, as relative POSIX paths.
        """
        found, unreadable = [], []
        for target in discover([str(self.root)], self.settings):
            relative = Path(os.path.relpath(target.file, self.root)).as_posix()
            if target.unreadable is not None:
                unreadable.append((relative, target.unreadable.rpartition(": ")[2]))
                continue
            try:
                self.resolve(relative)
            except Refused:
                continue
            found.append(relative)
        return Listing(found, unreadable)

    def resolve(self, relative: str) -> Path:
        """The real file a relative path names, or :class:`Refused` when it leaves the folder."""
        if not isinstance(relative, str) or not relative or len(relative) > 1024:
            raise Refused("no file named")
        parts = relative.split("/")
        if relative.startswith("/") or not all(_PART.fullmatch(p) for p in parts):
            raise Refused(f"'{relative}' is not a file name inside the folder (no '..', no absolute or hidden paths)")
        if not relative.endswith(SUFFIX):
            raise Refused(f"'{relative}' is not a protocol (its name must end in {SUFFIX})")
        path = self.root.joinpath(*parts)
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(self.root) or real == self.root:
            raise Refused(f"'{relative}' leads outside the folder being served")
        if any(part.startswith(".") for part in real.relative_to(self.root).parts):
            raise Refused(f"'{relative}' leads to a hidden file")
        if real.exists() and not real.is_file():
            raise Refused(f"'{relative}' is not a file")
        return real

    def read(self, relative: str) -> Opened:
        """A protocol's text and version; a file that is missing, too large or not UTF-8 is refused."""
        path = self.resolve(relative)
        data = self._bytes(path, relative)
        if data is None:
            raise Refused(f"'{relative}' does not exist")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"'{relative}' is not UTF-8 text; save it as UTF-8 and open it again") from None
        return Opened(relative, text.removeprefix("\ufeff").replace("\r\n", "\n"), version_of(data))

    def save(self, relative: str, text: str, base: str) -> str | Conflict:
        """Write ``text`` if the file on disk is still the version ``base`` ('' = must not exist yet).

        Returns the new version, or a :class:`Conflict` (nothing written). Line ends follow the
        file's own: a file saved with CRLF (Windows) stays CRLF.
        """
        path = self.resolve(relative)
        if len(text.encode("utf-8")) > self.max_bytes:
            raise Refused(f"the protocol is larger than {self.max_bytes:,} bytes; it was not saved")
        current = self._bytes(path, relative)
        now = version_of(current) if current is not None else ""
        if now != base:
            theirs = current.decode("utf-8", "replace") if current is not None else ""
            return Conflict(now, _diff(theirs.replace("\r\n", "\n"), text, relative))
        if current is not None and b"\r\n" in current:
            text = text.replace("\n", "\r\n")
        data = text.encode("utf-8")
        mode = os.stat(path).st_mode & 0o7777 if current is not None else self.mode
        if not path.parent.is_dir():
            raise Refused("the folder for that file does not exist")
        try:
            write_atomic(path, data, mode)
        except WriteError as exc:
            raise Refused(str(exc)) from None
        return version_of(data)

    def _bytes(self, path: Path, relative: str) -> bytes | None:
        try:
            with open(path, "rb") as handle:
                data = handle.read(self.max_bytes + 1)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise Refused(f"'{relative}' cannot be read: {exc.strerror or exc}") from None
        if len(data) > self.max_bytes:
            raise Refused(f"'{relative}' is larger than {self.max_bytes:,} bytes")
        return data


def _diff(theirs: str, mine: str, relative: str) -> str:
    """What saving would change in the file as it is on disk now, as a unified diff."""
    return "".join(difflib.unified_diff(theirs.splitlines(keepends=True), mine.splitlines(keepends=True),
                                        f"{relative} (on disk now)", f"{relative} (your version)"))


def _default_mode() -> int:
    """The mode a new file gets (0666 less the umask), read once at start, before any thread runs."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask
