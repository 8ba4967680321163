"""Content-hash cache: (file bytes, includes, library, settings, version) -> findings, as JSON.

An unchanged re-run should cost a hash and a small JSON read per file, not a parse. Entries
live in ``.confide-cache/`` (in the working folder). The key of a file hashes everything its
findings can depend on that is known before checking it: its bytes, where it is and how it
is shown, the library files, every setting that is not purely about output, today's date
(waivers expire) and confide itself (version, code and grammar). What is only known after
checking it — the files it includes, and include targets that were missing or refused —
is stored in the entry as *dependencies* and re-hashed on lookup, so editing, creating or
retargeting any of them is a miss.

Entries are JSON and never pickle: anyone who can write to the working folder can write a
cache file, so it is as untrusted as a protocol. Reading one can only ever produce data, and
an entry that is malformed in any way is treated as a miss. Writes are atomic (a temporary
file renamed into place) so parallel runs never see half an entry; a cache that cannot be
written (a read-only folder) is silently skipped, because it is only an optimisation.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from confide import __version__
from confide.check import Analysis, Arrow, Outline, WaiverNote
from confide.config import Settings
from confide.findings import Finding, Related, Severity
from confide.loader import real
from confide.resources import data_dir, grammar_path
from confide.source import Span

CACHE_DIR = ".confide-cache"
# Bump when the entry layout changes; old entries are then simply never looked up.
FORMAT = "2"
# The settings an analysis depends on. Everything else (codes selected or re-graded, the day,
# the format) is applied when the report is made (confide.check.judge), so it is not in the key.
ANALYSIS_SETTINGS = ("library", "jurisdiction", "max_file_size")
# An entry is a few kilobytes; anything far larger was not written by confide.
MAX_ENTRY_BYTES = 64 * 1024 * 1024
TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# Created by confide: a cache, safe to delete.\n"


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


class Cache:
    """The ``.confide-cache`` folder: look entries up by key, store them after a miss."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / f"v{FORMAT}" / key[:2] / f"{key}.json"

    def lookup(self, key: str, root: Path, max_bytes: int) -> Entry | None:
        """The entry for ``key`` if there is a valid one whose dependencies are unchanged."""
        path = self._path(key)
        try:
            if path.stat().st_size > MAX_ENTRY_BYTES:
                return None
            entry = _entry_from_json(json.loads(path.read_text(encoding="utf-8")), key)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None  # missing, unreadable or tampered with: check the file afresh
        if any(dependency_state(path, root, max_bytes) != state for path, state in entry.dependencies):
            return None
        return entry

    def store(self, key: str, entry: Entry) -> None:
        """Write ``entry`` atomically; a cache that cannot be written is skipped."""
        self._write(self._path(key), json.dumps(_entry_to_json(entry, key), ensure_ascii=False, separators=(",", ":")))

    def _write(self, target: Path, text: str) -> None:
        try:
            if not self.folder.is_dir():
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / "CACHEDIR.TAG").write_text(TAG, encoding="utf-8")  # backup tools skip it
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.replace(temporary, target)
        except OSError:
            return

    def lookup_report(self, key: str, max_bytes: int) -> tuple[str, bool] | None:
        """A finished report and whether it failed, if no include it depended on has changed.

        The text sits beside a small JSON record (written last) that says how long it is, so
        a report is only read once its record has been validated.
        """
        record = self._path(key).with_suffix(".report.json")
        try:
            if record.stat().st_size > MAX_ENTRY_BYTES:
                return None
            data = json.loads(record.read_text(encoding="utf-8"))
            if data["key"] != key:
                return None
            failing, length = _bool(data["failing"]), _int(data["length"])
            for path, root, state in data["dependencies"]:
                if dependency_state(_str(path), Path(_str(root)), max_bytes) != state:
                    return None
            with record.with_suffix(".txt").open(encoding="utf-8", newline="") as handle:
                text = handle.read(length + 1)
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError):
            return None
        return (text, failing) if len(text) == length else None

    def store_report(self, key: str, text: str, failing: bool, dependencies: Iterable[tuple[str, str, str]]) -> None:
        """Write a finished report, then its record (so a half-written report is never used)."""
        record = self._path(key).with_suffix(".report.json")
        self._write(record.with_suffix(".txt"), text)
        self._write(record, json.dumps({"key": key, "failing": failing, "length": len(text),
                                        "dependencies": sorted(set(dependencies))}, ensure_ascii=False))


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
    }


def finding_from_json(data: Any) -> Finding:
    """The inverse of :func:`finding_to_json`; raises ``ValueError``/``TypeError`` on anything odd."""
    from confide.rules import CATALOGUE

    code = _str(data["code"])
    if code not in CATALOGUE:
        raise ValueError(f"unknown code {code}")
    replaces = data["replaces"]
    return Finding(
        code, Severity.parse(_str(data["severity"])), _span_from_json(data["span"]), _str(data["message"]),
        clause=_opt_str(data["clause"]), rests_on=_str(data["rests_on"]), suggestion=_str(data["suggestion"]),
        replaces=None if replaces is None else (_int(replaces[0]), _int(replaces[1])),
        path=tuple(_str(p) for p in data["path"]),
        related=tuple(Related(_span_from_json(s), _str(m)) for s, m in data["related"]),
        waiver=_opt_str(data["waiver"]), waiver_expired=_bool(data["waiver_expired"]),
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
    )


def _entry_to_json(entry: Entry, key: str) -> dict[str, Any]:
    analysis = entry.analysis
    return {
        "key": key, "path": analysis.path, "included": list(analysis.included),
        "dependencies": [list(d) for d in entry.dependencies],
        "lines": [[n, text] for n, text in analysis.lines.items()],
        "outline": _outline_to_json(analysis.outline) if analysis.outline else None,
        "findings": [finding_to_json(f) for f in analysis.findings],
    }


def _entry_from_json(data: Any, key: str) -> Entry:
    if data["key"] != key:  # an entry copied or renamed into place answers nothing
        raise ValueError("entry key mismatch")
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
