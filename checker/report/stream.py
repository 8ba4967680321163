"""FileReports, one at a time -> a report, so that a folder's report never has to be held whole.

Every format is a :class:`Writer`: ``fragment(report)`` encodes one file's part of the report
(in the worker process that checked the file, made safe to print there: confide.display.guard)
and :class:`Totals` add up what the summary needs; ``assemble`` then writes the head, the files'
fragments in order and the tail. The parent process of ``confide check`` only copies fragments
through a :class:`Spool`, a private temporary file, so its memory is bounded by the largest file,
not by the folder (docs/performance.md, "Phase 2").

- JSON, text, github and the ``-q``/``--statistics`` summaries are written in one pass: their
  summaries are last.
- SARIF, Markdown and HTML open with what only the whole report knows (the rules used, the
  portfolio's table, most serious first), so the spool is read back after it is complete:
  SARIF's fragments are its results, encoded, written after the rules the counts by code give
  (:class:`~confide.report.sarif.SarifWriter`); the pages' fragments are each file's report as
  a JSON line with a small entry for its row of the table, kept in memory, and each protocol's
  section is rendered from its report, one at a time (:class:`~confide.report.pages.PagesWriter`).

Findings are sorted by path, line, column and code across the whole report (LANGUAGE.md §7).
Files come in the order of the path they are shown under and a file's findings carry its own
path, so the files' fragments, one after another, are already in that order; a fragment that
is not (a ``--library`` file's problems, listed first) is put in its place when the spool is
read back, by its first finding.
"""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from confide.check import FileReport, Totals
from confide.display import guard_encoded
from confide.report.records import json_head_tail, json_record, summary_line, totals

Key = tuple[str, int, int, str, str]  # Finding.sort_key
Write = Callable[[bytes], object]  # a report writes UTF-8, each part encoded once
# How each format writes a character without its meaning (confide.display.guard).
SYNTAX = {"text": "text", "github": "github", "json": "json", "sarif": "json", "markdown": "markdown", "html": "xml"}
BLOCK = 1 << 20  # bytes copied at a time


@dataclass(frozen=True)
class Fragment:
    """One file's part of a report in UTF-8, and the sort keys of its first and last finding.

    Bytes, not text: a worker encodes its part once, the parent copies it through unchanged.
    """

    data: bytes
    first: Key | None = None
    last: Key | None = None
    entry: Any = None  # what the report needs of the file before its first fragment (kept in memory)


class Writer:
    """A report format over a stream of per-file reports; made in the parent, copied to each worker.

    ``style`` colours the severity words of text output. Every output is guarded (docs/security.md:
    whatever a protocol holds reaches the report as data), coloured text keeping its own colours.
    """

    fmt = "text"
    ordered = False  # findings sorted across files (JSON, github): fragments carry their keys
    separator = ""  # between two fragments

    def __init__(self, style: Any = None) -> None:
        self.style = style

    def encode(self, report: FileReport) -> str:
        """One file's part of the report, unguarded; '' when it has none."""
        return ""

    def fragment(self, report: FileReport) -> Fragment | None:
        """One file's part of the report, safe to print; None when it has none."""
        text = self.encode(report)
        if not text:
            return None
        data = self._safe(text)
        if self.ordered and report.findings:
            return Fragment(data, report.findings[0].sort_key(), report.findings[-1].sort_key())
        return Fragment(data)

    def head(self, counted: Totals, empty: bool) -> str:
        """What comes before the first fragment."""
        return ""

    def tail(self, counted: Totals, empty: bool) -> str:
        """What comes after the last fragment: by default the summary line."""
        return summary_line(counted) + "\n"

    def assemble(self, write: Write, spool: Spool, counted: Totals) -> None:
        """Write the whole report: head, every fragment in order, tail."""
        write(self._safe(self.head(counted, not spool)))
        separator = self.separator.encode()
        first = True
        for data in spool.chunks():
            if not first:
                write(separator)
            write(data)
            first = False
        write(self._safe(self.tail(counted, not spool)))

    def write(self, fragments: Iterable[Fragment | None], counted: Totals, out: IO[bytes]) -> None:
        """Write the report of ``fragments`` (as they come, from confide.batch) to ``out``;
        ``counted`` is complete once they are all in.
        """
        with Spool(self.ordered) as spool:
            for fragment in fragments:
                if fragment is not None:
                    spool.add(fragment)
            self.assemble(out.write, spool, counted)

    def _safe(self, text: str) -> bytes:
        """Guarded, in UTF-8; coloured text keeps confide's own colour codes (each field in it is visible)."""
        return guard_encoded(text, SYNTAX[self.fmt], coloured=self.style is not None)


class TextWriter(Writer):
    """``--format text``: each file's findings in blocks by clause, then the summary line."""

    def encode(self, report: FileReport) -> str:
        """The file's findings, block by block (report.text.file_lines)."""
        from confide.report.text import file_lines

        lines = file_lines(report, self.style)
        return "\n".join(lines) + "\n" if lines else ""


class GithubWriter(Writer):
    """``--format github``: one workflow command per finding, then the summary line."""

    fmt = "github"
    ordered = True

    def __init__(self, style: Any = None, root: Path | None = None) -> None:
        from confide.report.text import repository_root

        super().__init__(style)
        self.root = root or repository_root()  # found once, not in every worker for every file

    def encode(self, report: FileReport) -> str:
        """One annotation line per finding."""
        from confide.report.text import annotation

        return "".join(annotation(finding, self.root) + "\n" for finding in report.findings)


class JsonWriter(Writer):
    """``--format json``: the findings' records between the document's head and its summary."""

    fmt = "json"
    ordered = True
    separator = ",\n"

    def encode(self, report: FileReport) -> str:
        """The file's records, each indented into the ``findings`` list."""
        return ",\n".join(json_record(finding) for finding in report.findings)

    def head(self, counted: Totals, empty: bool) -> str:
        """The document up to its first record."""
        return json_head_tail(counted, empty)[0]

    def tail(self, counted: Totals, empty: bool) -> str:
        """The end of the list, then the summary."""
        return json_head_tail(counted, empty)[1]


class SummaryWriter(Writer):
    """``-q`` (text and github) and ``--statistics``: nothing per file, the counts at the end."""

    def __init__(self, statistics: bool = False, as_json: bool = False) -> None:
        super().__init__()
        self.statistics = statistics
        self.as_json = as_json

    def tail(self, counted: Totals, empty: bool) -> str:
        """The counts by code, or the summary line."""
        if self.statistics:
            from confide.report.text import render_statistics

            return render_statistics(counted, self.as_json)
        return summary_line(counted) + "\n"


def render_all(chosen: Writer, reports: Iterable[FileReport]) -> str:
    """The whole report of ``reports``, held in memory (one protocol, or the Python API)."""
    results = list(reports)
    out: list[bytes] = []
    with Spool(chosen.ordered, in_memory=True) as spool:
        for report in results:
            found = chosen.fragment(report)
            if found is not None:
                spool.add(found)
        chosen.assemble(out.append, spool, totals(results))
    return b"".join(out).decode("utf-8")


def render_json(results: list[FileReport]) -> str:
    """The ``--format json`` document of ``results``."""
    return render_all(JsonWriter(), results)


def render_text(results: list[FileReport], style: Any = None) -> str:
    """The text report of ``results``; ``style(text, severity)`` colours a severity word (None: no colour)."""
    return render_all(TextWriter(style), results)


def render_github(results: list[FileReport]) -> str:
    """The ``--format github`` annotations of ``results``."""
    return render_all(GithubWriter(), results)


def _first(fragment: Fragment) -> Key:
    return fragment.first or ("", 0, 0, "", "")


class Spool:
    """Fragments kept in order in a private temporary file (unnamed, 0600, gone when closed).

    Only where each fragment starts is held in memory, with its first finding's key when the
    format sorts findings across files, so the order can be mended if a fragment arrived early,
    and its ``entry`` (:attr:`Fragment.entry`), which a report that opens with a table of every
    file needs first. ``in_memory``: a buffer instead of a file (one protocol, the Python API).
    """

    def __init__(self, ordered: bool, in_memory: bool = False) -> None:
        self.file: IO[bytes] = io.BytesIO() if in_memory else tempfile.TemporaryFile()
        self.ordered = ordered
        self.in_order = True
        self.last: Key | None = None
        self.index: list[tuple[Key, int, int]] = []  # (first key, offset, length)
        self.entries: list[Any] = []  # each fragment's entry, in the order they came
        self.size = 0

    def __enter__(self) -> Spool:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def add(self, fragment: Fragment) -> None:
        """Spool ``fragment`` after the others."""
        data = fragment.data
        first = _first(fragment)
        if self.ordered and self.last is not None and first < self.last:
            self.in_order = False
        self.last = fragment.last or first
        self.index.append((first if self.ordered else ("", 0, 0, "", ""), self.size, len(data)))
        self.entries.append(fragment.entry)
        self.file.write(data)
        self.size += len(data)

    def __len__(self) -> int:
        return len(self.index)

    def chunks(self) -> Iterator[bytes]:
        """Every fragment as it was spooled, in report order."""
        self.file.flush()
        order = self.index if self.in_order else sorted(self.index, key=lambda entry: entry[0])
        for _, offset, length in order:
            self.file.seek(offset)
            yield self.file.read(length)

    def text(self, number: int) -> str:
        """The ``number``-th fragment that came (from 0)."""
        self.file.flush()
        _, offset, length = self.index[number]
        self.file.seek(offset)
        return self.file.read(length).decode("utf-8", "surrogatepass")

    def close(self) -> None:
        """Remove the spool."""
        self.file.close()


def copy(source: IO[bytes], write: Callable[[bytes], object]) -> None:
    """Copy a finished report from the start of ``source`` in blocks."""
    source.seek(0)
    while block := source.read(BLOCK):
        write(block)

