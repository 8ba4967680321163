"""Content-hash cache: (file bytes, includes, library, settings, version) -> findings, as JSON.

An unchanged re-run should cost a hash and a small JSON read per file, not a parse. The key of
a file hashes everything its findings can depend on that is known before checking it: its
bytes, where it is and how it is shown, the library files, every setting that is not purely
about output, and confide itself (version, code and grammar). Not the day: waivers and
REVIEW001 are judged when the report is made (``check.judge``). What is only known after
checking a file — the files it includes, and include targets that were missing or refused —
is stored in the entry as *dependencies* and re-hashed on lookup, so editing, creating or
retargeting any of them is a miss.

The cache cannot be forged (docs/security.md). A key anyone can reproduce (the code, the
settings, the CI checkout path are all public) is no defence against someone who edits an
entry's findings to ``[]`` and commits it, so:

- entries live in this user's private cache folder (``$XDG_CACHE_HOME/confide/results``,
  0700, owner checked), never in the working tree; ``--cache-dir`` moves them;
- every entry is signed: an HMAC-SHA256 of its kind, its key and its bytes, with a random key
  kept in the private folder (``cache.key``, 0600, owner, mode and size checked). A whole
  report, too large to read into memory to check a signature, is vouched for by its signed
  record (its length and SHA-256) and hashed as it is copied out. A file copied from another
  machine, committed to a repository or edited is a miss. With no private folder there is no
  key, and no cache;
- the signature is checked before the JSON is parsed, and the JSON never holds code (no
  pickle): a signed entry only ever produces data;
- writes are atomic (a temporary file renamed into place, removed on failure), so parallel
  runs never see half an entry and a full disk leaves no debris; a cache that cannot be
  written is skipped, because it is only an optimisation;
- the folder is kept under a size bound (``cache-size``, default 512 MB): least recently used
  entries go first. It carries a ``.gitignore`` of ``*`` and a ``CACHEDIR.TAG``, so neither git
  nor a backup tool picks it up wherever it is put.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import time
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

from confide import __version__
from confide.check import Analysis, Arrow, FileReport, Outline, TriggerNote, WaiverNote
from confide.config import Settings
from confide.files import atomic, write_atomic
from confide.findings import Finding, Related, Severity
from confide.loader import real
from confide.resources import data_dir, grammar_path, private_cache_dir
from confide.source import Span

# Bump when the entry layout changes; old entries are then never looked up, and pruned first.
FORMAT = "4"
# The settings an analysis depends on. Everything else (codes selected or re-graded, the day,
# the format) is applied when the report is made (confide.check.judge), so it is not in the key.
ANALYSIS_SETTINGS = ("library", "jurisdiction", "max_file_size")
# An entry is a few kilobytes; anything far larger was not written by confide.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
DEFAULT_SIZE_MB = 512
COPY_BLOCK = 1 << 20  # a cached report is copied and hashed a megabyte at a time
# Pruning takes the folder down to this share of the bound, so it is not needed on every run.
LOW_WATER = 0.8
# A used entry's time is refreshed (for least-recently-used pruning) at most this often.
TOUCH_AFTER = 3600.0
# The recorded total is re-measured from the files at least this often (other runs write too).
RESCAN_AFTER = 86400.0
KEY_NAME = "cache.key"
KEY_BYTES = 32
ENTRY_NAME = re.compile(r"[0-9a-f]{64}(\.json|\.report\.json|\.report\.txt)")
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# Created by confide: a cache, safe to delete.\n"


def secret_key() -> bytes | None:
    """This user's cache key, created on first use; None when it cannot be kept privately.

    The key is what makes an entry trustworthy, so it lives only in the private cache folder
    (``resources.private_cache_dir``), whatever ``--cache-dir`` says, and is used only if it is
    a regular file of this user's, readable by nobody else, of the right size.
    """
    folder = private_cache_dir()
    if folder is None:
        return None
    path = folder / KEY_NAME
    try:
        _create_key(path)
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            key = handle.read(KEY_BYTES + 1)
    except OSError:
        return None
    private = stat.S_ISREG(status.st_mode) and status.st_uid == os.getuid() and not status.st_mode & 0o077
    return key if private and len(key) == KEY_BYTES else None


def _create_key(path: Path) -> None:
    """Write a new random key unless one exists: whole (written aside, then linked into place,
    which fails if another run got there first) and readable by this user only.
    """
    if os.path.lexists(path):
        return
    aside = path.with_name(f".{KEY_NAME}.{secrets.token_hex(8)}")
    descriptor = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_bytes(KEY_BYTES))
        try:
            os.link(aside, path)
        except FileExistsError:
            pass
    finally:
        os.unlink(aside)


def default_folder() -> Path | None:
    """Where entries go unless ``--cache-dir`` says otherwise: the private folder's ``results/``."""
    return private_cache_dir("results")


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of confide's version, its Python code, its grammar and its report templates.

    The version alone would serve released installs; hashing the code too means a change to a
    rule (or, for a cached report, a template) in a checkout can never be answered from a
    stale entry.
    """
    digest = hashlib.sha256(f"confide {__version__} cache {FORMAT}\n".encode())
    package = Path(__file__).resolve().parent
    try:
        templates = list(data_dir("reports").glob("*.j2"))
    except FileNotFoundError:
        templates = []
    for path in sorted([*package.rglob("*.py"), grammar_path(), *templates]):
        digest.update(str(path.relative_to(path.parent.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_fingerprint(settings: Settings) -> str:
    """A hash of everything a run shares that can change an analysis: confide, the settings it
    depends on, and every library file (which one a protocol uses is known only once it is read).
    """
    digest = hashlib.sha256(code_fingerprint().encode() + b"\0")
    digest.update("".join(f"{name}={stable(getattr(settings, name))}\0" for name in ANALYSIS_SETTINGS).encode())
    for path in sorted(data_dir("laws").glob("*.protocol")) + list(settings.library):
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"<missing>") + b"\0")
    return digest.hexdigest()


def settings_text(settings: Settings, leave_out: frozenset[str] = frozenset()) -> str:
    """Every ``Settings`` field but ``leave_out``, written the same way in every process."""
    return "".join(f"{item.name}={stable(getattr(settings, item.name))}\0"
                   for item in dataclasses.fields(settings) if item.name not in leave_out)


def stable(value: Any) -> str:
    """``repr`` with sets and dicts in a fixed order, so equal settings always hash alike."""
    if isinstance(value, (set, frozenset)):
        return "{" + ", ".join(sorted(stable(v) for v in value)) + "}"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{stable(k)}: {stable(v)}" for k, v in sorted(value.items(), key=str)) + "}"
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(stable(v) for v in value) + ")"
    return repr(value)


def file_key(base: str, file: Path, shown: str, root: Path, content: bytes) -> str:
    """The key of one file: the run's fingerprint, where the file is, and its bytes."""
    digest = hashlib.sha256(base.encode() + b"\0")
    for part in (str(real(file)), shown, str(real(root))):
        digest.update(part.encode(errors="surrogateescape") + b"\0")
    digest.update(content)
    return digest.hexdigest()


def report_key(variant: str, cwd: str, settings: str, file_keys: list[str]) -> str:
    """The key of a whole rendered report: how it is rendered, where, and every file's key."""
    digest = hashlib.sha256(f"report\0{variant}\0{cwd}\0{settings}\0".encode(errors="surrogateescape"))
    for key in file_keys:
        digest.update(key.encode() + b"\0")
    return digest.hexdigest()


def dependency_state(candidate: str, root: Path, max_bytes: int) -> str:
    """What a checked file saw at an include path: where it led and what that file held.

    A target outside the checked folder is never read (the loader refuses it unread), so
    only where it leads is recorded; a target over the size limit is known by its size.
    """
    resolved = real(Path(candidate))
    where = str(resolved)
    if not resolved.is_relative_to(real(root)):
        return f"outside {where}"
    try:
        size = resolved.stat().st_size
        if not resolved.is_file():
            return f"not-a-file {where}"
        if size > max_bytes:
            return f"size {size} {where}"
        return f"sha256 {hashlib.sha256(resolved.read_bytes()).hexdigest()} {where}"
    except OSError:
        return f"missing {where}"


@dataclasses.dataclass(frozen=True)
class Entry:
    """A cached analysis of one file, and the include paths it depended on."""

    analysis: Analysis
    dependencies: tuple[tuple[str, str], ...]  # (include path as written, dependency_state)


def same_judgement(dates: Iterable[str], then: str, today: str) -> bool:
    """Whether every date in ``dates`` has passed (is before the day) on both days, or on neither."""
    return all((d < then) == (d < today) for d in dates)


class Cache:
    """A cache folder: look signed entries up by key, store them after a miss, keep it in bounds."""

    def __init__(self, folder: Path, key: bytes, max_bytes: int = DEFAULT_SIZE_MB * 1024 * 1024) -> None:
        self.folder = folder
        self.key = key
        self.max_bytes = max_bytes
        self.written = 0  # bytes stored by this run (see settle)

    @classmethod
    def open(cls, folder: Path | None = None, max_mb: int = DEFAULT_SIZE_MB) -> Cache | None:
        """The cache in ``folder`` (default: :func:`default_folder`), or None without a private key."""
        key = secret_key()
        folder = folder if folder is not None else default_folder()
        if key is None or folder is None:
            return None
        return cls(folder, key, max_mb * 1024 * 1024)

    def _path(self, key: str) -> Path:
        return self.folder / f"v{FORMAT}" / key[:2] / f"{key}.json"

    # ---- signed files ----------------------------------------------------------------------
    def _signature(self, kind: str, key: str, body: bytes) -> str:
        return hmac.new(self.key, f"confide-cache {FORMAT}\0{kind}\0{key}\0".encode() + body, "sha256").hexdigest()

    def _read(self, path: Path, kind: str, key: str) -> str | None:
        """The body of a signed file, or None when it is missing, too big or not signed by this key."""
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(descriptor, "rb") as handle:
                status = os.fstat(handle.fileno())
                if not stat.S_ISREG(status.st_mode) or status.st_size > MAX_ENTRY_BYTES:
                    return None
                data = handle.read(MAX_ENTRY_BYTES + 1)
            signature, _, body = data.partition(b"\n")
            if not hmac.compare_digest(signature, self._signature(kind, key, body).encode()):
                return None
            if time.time() - status.st_mtime > TOUCH_AFTER:
                with contextlib.suppress(OSError):  # a read-only cache still answers
                    os.utime(path)  # recently used: pruned last
            return body.decode("utf-8")
        except (OSError, UnicodeDecodeError):
            return None

    def _write(self, path: Path, kind: str, key: str, text: str) -> None:
        """Sign and write ``text`` atomically; a cache that cannot be written is skipped."""
        try:
            body = text.encode("utf-8")
            if len(body) > MAX_ENTRY_BYTES:
                return  # no entry or record is anywhere near this: not worth keeping
            self._prepare(path)
            write_atomic(path, self._signature(kind, key, body) + "\n" + text, mode=0o600, durable=False)
        except (OSError, UnicodeEncodeError):
            return
        self.written += len(body) + 65

    def _prepare(self, path: Path) -> None:
        """Make the folders ``path`` goes in, the cache's own tags first."""
        if not (self.folder / "CACHEDIR.TAG").is_file():
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_atomic(self.folder / "CACHEDIR.TAG", TAG, mode=0o600, durable=False)  # backup tools skip it
            write_atomic(self.folder / ".gitignore", "# Created by confide: a cache, never committed.\n*\n",
                         mode=0o600, durable=False)
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)

    # ---- analyses ------------------------------------------------------------------------
    def lookup(self, key: str, root: Path, max_bytes: int) -> Entry | None:
        """The entry for ``key`` if there is a valid one whose dependencies are unchanged."""
        text = self._read(self._path(key), "entry", key)
        if text is None:
            return None
        try:
            entry = _entry_from_json(json.loads(text))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None  # signed by us but unreadable (an older layout): check the file afresh
        if any(dependency_state(path, root, max_bytes) != state for path, state in entry.dependencies):
            return None
        return entry

    def store(self, key: str, entry: Entry | str) -> None:
        """Write ``entry`` (or its :func:`entry_text`, made by a worker); a cache that cannot be
        written is skipped.
        """
        self._write(self._path(key), "entry", key, entry if isinstance(entry, str) else entry_text(entry))

    def holds(self, key: str) -> bool:
        """Whether an entry was stored under ``key`` (it may still turn out stale or unsigned)."""
        return self._path(key).is_file()

    # ---- whole reports -------------------------------------------------------------------
    def report_limit(self) -> int:
        """The largest report kept whole, in bytes (bigger ones would crowd out every entry)."""
        return self.max_bytes // 2

    def lookup_report(self, key: str, max_bytes: int, today: date, out: IO[bytes]) -> bool | None:
        """Copy a finished report to ``out`` and say whether it failed, if no include it depended
        on has changed and no date it was judged by has passed since (``check.Totals.dates``);
        else None, with ``out`` left empty.

        The report's bytes sit beside a small signed record (written last) that holds their
        length and SHA-256, so a report is used only whole and only with the record it was
        written with. It is hashed as it is copied, in blocks: a report of a national audit
        (hundreds of megabytes) is never held in memory.
        """
        record = self._path(key).with_suffix(".report.json")
        text = self._read(record, "record", key)
        if text is None:
            return None
        try:
            data = json.loads(text)
            failing, digest, length = _bool(data["failing"]), _str(data["sha256"]), _int(data["bytes"])
            if not same_judgement(map(_str, data["dates"]), _str(data["judged_on"]), today.isoformat()):
                return None
            for path, root, state in data["dependencies"]:
                if dependency_state(_str(path), Path(_str(root)), max_bytes) != state:
                    return None
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None
        start = out.tell()
        try:
            descriptor = os.open(record.with_suffix(".txt"), os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(descriptor, "rb") as handle:
                status = os.fstat(handle.fileno())
                if stat.S_ISREG(status.st_mode) and status.st_size == length:
                    found = hashlib.sha256()
                    while block := handle.read(COPY_BLOCK):
                        found.update(block)
                        out.write(block)
                    if hmac.compare_digest(found.hexdigest(), digest) and out.tell() - start == length:
                        return failing
        except OSError:
            pass
        out.seek(start)
        out.truncate()
        return None

    def store_report(self, key: str, report: IO[bytes], failing: bool, dependencies: Iterable[tuple[str, str, str]],
                     dates: list[str], today: date) -> None:
        """Keep the finished report in ``report`` (read from its start, in blocks), then its record
        (so a half-written report is never used). One that would take more than half the cache
        is not kept.
        """
        length = report.seek(0, os.SEEK_END)
        if length > self.report_limit():
            return
        record = self._path(key).with_suffix(".report.json")
        found = hashlib.sha256()
        try:
            self._prepare(record)
            report.seek(0)
            with atomic(record.with_suffix(".txt"), mode=0o600, durable=False) as copy:
                while block := report.read(COPY_BLOCK):
                    found.update(block)
                    copy.write(block)
        except OSError:
            return
        self.written += length
        self._write(record, "record", key, json.dumps(
            {"failing": failing, "sha256": found.hexdigest(), "bytes": length, "judged_on": today.isoformat(),
             "dates": dates, "dependencies": sorted(set(dependencies))}, ensure_ascii=False))

    # ---- the size bound ------------------------------------------------------------------
    def settle(self) -> None:
        """After a run: add what it wrote to the folder's recorded size, and prune past the bound.

        Measuring the folder means a stat of every entry, so the total is recorded in ``usage``
        and re-measured only when it passes the bound, or once a day (other runs write too).
        """
        if not self.written:
            return
        usage = self.folder / "usage"
        try:
            recorded = int(usage.read_text(encoding="ascii")) if usage.is_file() else -1
            fresh = time.time() - usage.stat().st_mtime < RESCAN_AFTER if recorded >= 0 else False
        except (OSError, ValueError):
            recorded, fresh = -1, False
        total = recorded + self.written if fresh else -1
        if total < 0 or total > self.max_bytes:
            total = self.prune()
        self.written = 0
        try:
            write_atomic(usage, f"{total}\n", mode=0o600, durable=False)
        except OSError:
            return

    def prune(self) -> int:
        """Remove the least recently used entries until the folder is under :data:`LOW_WATER` of
        its bound; return the size left. Only files named as confide names its entries are ever
        counted or removed (whatever folder ``--cache-dir`` names), and temporary files a killed
        run left behind are cleared.
        """
        entries: list[tuple[float, int, Path]] = []
        for version in self.folder.glob("v[0-9]*"):
            for path in version.glob("[0-9a-f][0-9a-f]/*"):
                try:
                    status = path.lstat()
                except OSError:
                    continue
                if not stat.S_ISREG(status.st_mode):
                    continue
                if ENTRY_NAME.fullmatch(path.name):
                    entries.append((status.st_mtime, status.st_size, path))
                elif path.name.endswith(".tmp") and time.time() - status.st_mtime > TOUCH_AFTER:
                    _remove(path)
        total = sum(size for _, size, _ in entries)
        if total <= self.max_bytes:
            return total
        for _, size, path in sorted(entries, key=lambda e: e[0]):
            if total <= self.max_bytes * LOW_WATER:
                break
            if _remove(path):
                total -= size
        return total


def _remove(path: Path) -> bool:
    try:
        path.unlink()
    except OSError:
        return False
    return True


# ---- JSON <-> analyses ----------------------------------------------------------------------
def _span_to_json(span: Span) -> list[Any]:
    return [span.path, span.line, span.column, span.end_line, span.end_column]


def _span_from_json(data: Any) -> Span:
    path, line, column, end_line, end_column = data
    return Span(_str(path), _int(line), _int(column), _int(end_line), _int(end_column))


def finding_to_json(finding: Finding) -> dict[str, Any]:
    """Every field of a finding, losslessly, so a cached report is byte-identical to a fresh one."""
    return {
        "code": finding.code, "severity": finding.severity.label, "span": _span_to_json(finding.span),
        "message": finding.message, "clause": finding.clause, "rests_on": finding.rests_on,
        "suggestion": finding.suggestion, "replaces": list(finding.replaces) if finding.replaces else None,
        "path": list(finding.path), "related": [[_span_to_json(r.span), r.message] for r in finding.related],
        "waiver": finding.waiver, "waiver_expired": finding.waiver_expired,
        "subject": list(finding.subject) if finding.subject else None,
    }


def finding_from_json(data: Any) -> Finding:
    """The inverse of :func:`finding_to_json`; raises ``ValueError``/``TypeError`` on anything odd."""
    from confide.rules import CATALOGUE

    code = _str(data["code"])
    if code not in CATALOGUE:
        raise ValueError(f"unknown code {code}")
    replaces = data["replaces"]
    subject = data["subject"]
    return Finding(
        code, Severity.parse(_str(data["severity"])), _span_from_json(data["span"]), _str(data["message"]),
        clause=_opt_str(data["clause"]), rests_on=_str(data["rests_on"]), suggestion=_str(data["suggestion"]),
        replaces=None if replaces is None else (_int(replaces[0]), _int(replaces[1])),
        path=tuple(_str(p) for p in data["path"]),
        related=tuple(Related(_span_from_json(s), _str(m)) for s, m in data["related"]),
        waiver=_opt_str(data["waiver"]), waiver_expired=_bool(data["waiver_expired"]),
        subject=None if subject is None else (_str(subject[0]), _str(subject[1])),
    )


def _outline_to_json(outline: Outline) -> dict[str, Any]:
    return {
        "title": outline.title, "organisation": outline.organisation, "service": outline.service,
        "clients": outline.clients, "review_by": outline.review_by.isoformat() if outline.review_by else None,
        "header": _span_to_json(outline.header) if outline.header else None,
        "review_span": _span_to_json(outline.review_span) if outline.review_span else None,
        "clauses": [list(c) for c in outline.clauses],
        "arrows": [[a.source, a.target, a.source_label, a.target_label, a.status, list(a.clauses), list(a.data)]
                   for a in outline.arrows],
        "waivers": [[w.clause, w.code, w.justification, w.until.isoformat() if w.until else None,
                     _span_to_json(w.span)] for w in outline.waivers],
        "triggers": [[t.id, t.wording, t.standard, t.standard_title, list(t.clauses)] for t in outline.triggers],
    }


def _outline_from_json(data: Any) -> Outline:
    return Outline(
        title=_str(data["title"]), organisation=_str(data["organisation"]), service=_str(data["service"]),
        clients=_str(data["clients"]),
        review_by=None if data["review_by"] is None else date.fromisoformat(_str(data["review_by"])),
        header=None if data["header"] is None else _span_from_json(data["header"]),
        review_span=None if data["review_span"] is None else _span_from_json(data["review_span"]),
        clauses=tuple((_str(r), _int(a), _int(b)) for r, a, b in data["clauses"]),
        arrows=tuple(Arrow(_str(s), _str(t), _str(sl), _str(tl), _str(st), tuple(map(_str, c)), tuple(map(_str, d)))
                     for s, t, sl, tl, st, c, d in data["arrows"]),
        waivers=tuple(WaiverNote(_str(c), _str(k), _str(j), None if u is None else date.fromisoformat(_str(u)),
                                 _span_from_json(sp)) for c, k, j, u, sp in data["waivers"]),
        triggers=tuple(TriggerNote(_str(i), _str(w), _str(s), _str(t), tuple(map(_str, c)))
                       for i, w, s, t, c in data["triggers"]),
    )


def entry_text(entry: Entry) -> str:
    """An entry as the JSON text stored for it (signed when written)."""
    return json.dumps(_entry_to_json(entry), ensure_ascii=False, separators=(",", ":"))


def report_to_json(report: FileReport) -> str:
    """A judged report as one line of JSON: how a report is spooled until the whole is written."""
    return json.dumps({"path": report.path, "findings": [finding_to_json(f) for f in report.findings],
                       "lines": [[n, text] for n, text in report.lines.items()],
                       "outline": _outline_to_json(report.outline) if report.outline else None},
                      ensure_ascii=False, separators=(",", ":"))


def report_from_json(text: str) -> FileReport:
    """The inverse of :func:`report_to_json`."""
    data = json.loads(text)
    return FileReport(_str(data["path"]), tuple(finding_from_json(f) for f in data["findings"]),
                      {_int(n): _str(t) for n, t in data["lines"]},
                      None if data["outline"] is None else _outline_from_json(data["outline"]))


def _entry_to_json(entry: Entry) -> dict[str, Any]:
    analysis = entry.analysis
    return {
        "path": analysis.path, "included": list(analysis.included),
        "dependencies": [list(d) for d in entry.dependencies],
        "lines": [[n, text] for n, text in analysis.lines.items()],
        "outline": _outline_to_json(analysis.outline) if analysis.outline else None,
        "findings": [finding_to_json(f) for f in analysis.findings],
    }


def _entry_from_json(data: Any) -> Entry:
    analysis = Analysis(
        path=_str(data["path"]),
        findings=tuple(finding_from_json(f) for f in data["findings"]),
        lines={_int(n): _str(t) for n, t in data["lines"]},
        outline=None if data["outline"] is None else _outline_from_json(data["outline"]),
        included=tuple(_str(p) for p in data["included"]),
    )
    return Entry(analysis, tuple((_str(p), _str(s)) for p, s in data["dependencies"]))


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _opt_str(value: Any) -> str | None:
    return None if value is None else _str(value)


def _int(value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("expected an integer")
    return value


def _bool(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected true or false")
    return value
