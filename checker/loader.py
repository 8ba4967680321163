"""Paths -> :class:`~confide.unit.Unit` (a protocol with its includes and library), with E003-E006.

Reading is defensive: a protocol is untrusted text. Files are read as UTF-8 only, size
limited, and includes may never leave the folder being checked (symbolic links are resolved
before that test). Duplicate declarations across a protocol and its includes are E004; names
that mean nothing are checked next, by :mod:`confide.names`.
"""

from __future__ import annotations

import codecs
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from confide.budget import checkpoint
from confide.findings import Finding
from confide.inputs import DUPLICATE, INCLUDE, INVALID, UNREADABLE
from confide.source import SourceFile, Span, did_you_mean

# The front end is imported when a file is read: the cache and the batch runner import this
# module for `real` alone, and a re-run answered from the cache reads no protocol.
if TYPE_CHECKING:
    from confide.language.model import Document, Include, Name, Scenario
    from confide.library import Library
    from confide.unit import Unit

MAX_INCLUDE_DEPTH = 16
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# Characters Python counts as line breaks but the grammar does not (form feed, the Unicode line
# and paragraph separators ...): read as spaces, so that every stage numbers lines the same way
# and a finding's line number and excerpt match what the editor shows.
_LINE_BREAKS = str.maketrans({c: " " for c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"})
# Far beyond any real protocol (the longest known runs to a few hundred clauses), and low enough
# that a generated or hostile file cannot tie up a CI runner for minutes.
MAX_CLAUSES = 100_000
_CLAUSE_LINE = re.compile(r"^[ \t\f]*clause\b", re.MULTILINE)
NEEDS_PROTOCOL = "a protocol file needs a 'protocol \"TITLE\"' block"


@dataclass
class Loaded:
    """What loading one path produced: a unit (when the text is usable) and its findings."""

    path: str
    unit: Unit | None
    findings: list[Finding]
    source: SourceFile | None = None
    included: tuple[str, ...] = ()


def real(path: Path) -> Path:
    """``path`` with every link resolved; unlike ``Path.resolve`` it never raises on a link loop.

    A loop is left partly resolved, so reading it then fails with an E006 finding.
    """
    return Path(os.path.realpath(path))


def read_source(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile | Finding:
    """Read ``path`` as protocol text, or say (E006) why it cannot be."""
    at = Span.point(shown, 1, 1)
    try:
        if path.is_dir():
            return UNREADABLE.finding(at, f"{shown} is a folder, not a protocol file")
        status = path.stat()
        size = status.st_size
        if not stat.S_ISREG(status.st_mode):
            # A pipe or device (e.g. a link to /dev/zero) could block or never end.
            return UNREADABLE.finding(at, f"{shown} is not a regular file (a pipe or device?); refused")
        if size > max_bytes:
            return _too_big(shown, size, max_bytes)
        raw = path.read_bytes()
    except OSError as exc:
        return UNREADABLE.finding(at, f"cannot read {shown}: {exc.strerror or exc}")
    return decode_source(raw, shown, max_bytes)


def read_inside(path: Path, shown: str, root: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile | Finding:
    """Read a file a command was given or a walk found, only if it leads, links resolved, inside
    ``root`` (the folder being checked): a link planted there must not make confide read, and
    print, a file elsewhere (E006, refused unread).
    """
    if not real(path).is_relative_to(real(root)):
        return UNREADABLE.finding(Span.point(shown, 1, 1), f"{shown} is a symbolic link to a file outside the "
                                  f"folder being checked ({root.name or root}/); refused")
    return read_source(path, shown, max_bytes)


def decode_source(raw: bytes, shown: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceFile | Finding:
    """Protocol text from the bytes of a file or of standard input, or say (E006) why they are not
    UTF-8 text: the same checks whichever way the bytes came.
    """
    if len(raw) > max_bytes:
        return _too_big(shown, len(raw), max_bytes)
    at = Span.point(shown, 1, 1)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return UNREADABLE.finding(at, f"{shown} is saved as UTF-16; save it as UTF-8 text")
    if b"\x00" in raw:
        return UNREADABLE.finding(at, f"{shown} is a binary file (it contains NUL bytes), not protocol text; "
                    "a protocol is plain UTF-8 text")
    body = raw.removeprefix(codecs.BOM_UTF8)  # a byte-order mark is not text (and not a column)
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = body[: exc.start].count(b"\n") + 1
        # Count characters, not bytes: everything before the bad byte is valid UTF-8.
        column = len(body[body.rfind(b"\n", 0, exc.start) + 1: exc.start].decode("utf-8")) + 1
        return UNREADABLE.finding(Span.point(shown, line, column),
                    f"{shown} is not UTF-8 text: the character at line {line}, column {column} is in another "
                    "encoding (perhaps Windows-1252, as some word processors save); save the file as UTF-8")
    return source_text(text, shown)


def _too_big(shown: str, size: int, max_bytes: int) -> Finding:
    return UNREADABLE.finding(Span.point(shown, 1, 1), f"{shown} is {size:,} bytes, over the {max_bytes:,}-byte "
                              "limit (max-file-size)")


def source_text(text: str, shown: str) -> SourceFile:
    """Protocol text as every stage numbers it: line ends unified, other line breaks as spaces."""
    if text.startswith("\ufeff"):
        text = text[1:]
    return SourceFile(shown, text.replace("\r\n", "\n").replace("\r", "\n").translate(_LINE_BREAKS))


def parse_source(source: SourceFile) -> tuple[Document | None, list[Finding]]:
    """Parse and build one file's text; no includes, no name checks.

    The line parser reads almost every valid file; lark reads the rest, so any syntax error is
    lark's E001. Both give the builder the same blocks (tests/test_lines.py).
    """
    # Every clause line holds the word, so the word's count bounds theirs: the lines are
    # counted only when it could pass the limit (a plain count is ten times faster).
    clauses = len(_CLAUSE_LINE.findall(source.text)) if source.text.count("clause") > MAX_CLAUSES else 0
    if clauses > MAX_CLAUSES:  # counted before parsing, so the limit also bounds the parse time
        return None, [UNREADABLE.finding(Span.point(source.path, 1, 1),
                                         f"{source.path} has {clauses:,} clauses, over the limit of {MAX_CLAUSES:,} "
                                         "per file; split it into several files joined with 'include'")]
    from confide.language.build import assemble, build
    from confide.language.lines import recognise
    from confide.language.parse import parse

    blocks = recognise(source)  # the line parser; a file with any line it does not know goes to lark
    if blocks is not None:
        return assemble(blocks, source.path)
    parsed = parse(source)
    if parsed.tree is None:
        return None, list(parsed.errors)
    return build(parsed.tree, source.path)


def parse_document(path: Path, shown: str, max_bytes: int = DEFAULT_MAX_BYTES, root: Path | None = None
                   ) -> tuple[SourceFile | None, Document | None, list[Finding]]:
    """Read, parse and build one file; no includes, no name checks. With ``root``, only a file
    inside that folder is read (:func:`read_inside`).
    """
    source = read_source(path, shown, max_bytes) if root is None else read_inside(path, shown, root, max_bytes)
    if isinstance(source, Finding):
        return None, None, [source]
    document, findings = parse_source(source)
    return source, document, findings


LibraryFor = Callable[[str | None], "Library"]


def load(path: Path, shown: str, root: Path, library_for: LibraryFor, max_bytes: int = DEFAULT_MAX_BYTES,
         text: str | bytes | None = None) -> Loaded:
    """Load the protocol at ``path`` with its includes, checking duplicates (E004).

    ``library_for`` gives the law library for the jurisdiction the protocol declares (None when
    it declares none), so the library is chosen from the parsed header: what the parser reads
    is what decides it, and nothing a comment hides can. ``text``, when given, is the protocol
    itself (standard input as bytes, decoded with the same checks as a file; an editor's
    buffer as text); ``path`` then only places it for includes.
    """
    if text is None:
        source = read_inside(path, shown, root, max_bytes)
    else:
        source = decode_source(text, shown, max_bytes) if isinstance(text, bytes) else source_text(text, shown)
    if isinstance(source, Finding):
        return Loaded(shown, None, [source])
    top, here = real(root), real(path)  # resolved once for every include: a realpath is a system call per folder
    document, findings = parse_source(source)
    if document is None:
        return Loaded(shown, None, findings, source)
    documents = [document]
    included: dict[str, None] = {}
    deeper: list[Finding] = []
    _follow_includes(document, path, top, [here], documents, included, deeper, max_bytes)
    findings.extend(at_include_line(deeper, documents))
    header = document.header
    library = library_for(header.jurisdiction.text if header and header.jurisdiction else None)
    from confide.unit import Unit

    unit = Unit.of(source, documents, library)
    findings.extend(duplicates(documents))
    # A scenario's protocol-file is looked for as `confide test` looks for it (never read here).
    findings.extend(found for scenario in document.scenarios if scenario.protocol_file is not None
                    if isinstance(found := protocol_of(scenario, path, shown, root, True), Finding))
    if document.header is None and document.library is None and not document.scenarios:
        findings.append(INVALID.finding(Span.point(shown, 1, 1), NEEDS_PROTOCOL))
    if document.header is not None and (document.laws or document.standards):
        first = (document.laws or document.standards)[0]
        findings.append(INVALID.finding(first.span, "'law' and 'standard' belong in a law library file; "
                                        "pass it with --library"))
    return Loaded(shown, unit, findings, source, tuple(included))


def missing_file(what: str, target: str, candidate: Path, resolved: Path, naming: Path) -> str:
    """Why a file named in a protocol (an include, a scenario's protocol-file) cannot be read,
    with the likely fix: a backslash for a folder, or the file beside it with the closest name.
    ``resolved`` is ``candidate`` with its links resolved, already known to be inside the folder
    being checked: only its folder is listed. ``naming`` is the file that names it (never suggested).
    """
    if os.path.isdir(candidate):
        return f"{what} \"{target}\" names a folder; name one protocol file"
    if os.path.lexists(candidate):
        return f"{what} \"{target}\" is not a regular file (a device, pipe or socket); name a protocol file"
    if "\\" in target:
        return f"{what} \"{target}\" does not exist: use / between folders, not \\ " \
               f"(\"{target.replace(chr(92), '/')}\")"
    try:
        beside = [p.name for p in itertools.islice(resolved.parent.iterdir(), 10_000)
                  if p.suffix == ".protocol" and p.name != naming.name]
    except OSError:
        beside = []
    guess = did_you_mean(candidate.name, beside)
    hint = f"; did you mean \"{os.path.join(os.path.dirname(target), guess)}\"?" if guess else ""
    return f"{what} \"{target}\" does not exist{hint}"


def protocol_of(scenario: Scenario, file: Path, shown: str, root: Path,
                 in_protocol: bool) -> tuple[Path, str] | Finding:
    """The protocol a scenario tests: its ``protocol-file`` (relative to its own file, and inside
    the folder being checked, like an include), or its own file.
    """
    if scenario.protocol_file is None:
        if in_protocol:
            return file, shown
        return INVALID.finding(scenario.title.span, f"scenario \"{scenario.title.text}\" needs a "
                               "'protocol-file \"PATH\"' line naming the protocol it tests")
    target = scenario.protocol_file.text
    at = scenario.protocol_file.span
    path = file.parent / target
    if os.path.isabs(target) or not real(path).is_relative_to(real(root)):
        # Never read a file outside the folder: its first words would reach the log and JUnit.
        return INCLUDE.finding(at, f"protocol file \"{target}\" is outside the folder being checked "
                               f"({root.name or root}/); scenarios may only test protocols inside it")
    if not target.strip():
        return INCLUDE.finding(at, "protocol-file \"\" is empty: write the path of the protocol it tests")
    if not path.is_file():
        return INCLUDE.finding(at, missing_file("protocol file", target, path, real(path), file))
    return path, os.path.normpath(os.path.join(os.path.dirname(shown), target))


def placed(finding: Finding, document: Document) -> Finding:
    """Give a validation finding inside a clause that clause's REF (JSON ``clause``), as rules do."""
    if finding.clause is not None or finding.span.path != document.path:
        return finding
    for clause in document.clauses:
        if clause.span.line <= finding.span.line <= clause.end_line:
            return replace(finding, clause=clause.ref.text)
    return finding


def _follow_includes(document: Document, path: Path, root: Path, chain: list[Path], documents: list[Document],
                     included: dict[str, None], findings: list[Finding], max_bytes: int) -> None:
    """Read every include of ``document``, depth first; ``included`` holds the resolved paths read
    so far, in order (a dict, so that "already read?" costs the same for the 3,000th include as
    for the first).
    """
    for include in document.includes:
        checkpoint()
        target = include.target.text
        at = include.target.span
        candidate = path.parent / target
        resolved = real(candidate)
        shown = os.path.normpath(os.path.join(os.path.dirname(document.path), target))
        if not target.strip():
            findings.append(INCLUDE.finding(at, "include \"\" is empty: write the path of a protocol file between "
                                 "the quotes"))
        elif os.path.isabs(target) or not resolved.is_relative_to(root):
            findings.append(INCLUDE.finding(at, f"include \"{target}\" leaves the folder being checked ({root.name}/); "
                                 "includes must stay inside it"))
        elif resolved in chain:
            cycle = " -> ".join(p.name for p in [*chain[chain.index(resolved):], resolved])
            findings.append(INCLUDE.finding(at, f"include cycle: {cycle}"))
        elif len(chain) > MAX_INCLUDE_DEPTH:
            findings.append(INCLUDE.finding(at, f"includes nest more than {MAX_INCLUDE_DEPTH} deep"))
        elif resolved.is_dir():
            findings.append(INCLUDE.finding(at, f"include \"{target}\" names a folder; include one protocol file"))
        elif not resolved.is_file():
            findings.append(INCLUDE.finding(at, missing_file("included file", target, candidate, resolved, path)))
        elif str(resolved) in included:
            continue  # reached twice without a cycle (a diamond): its declarations count once
        else:
            _, child, errors = parse_document(resolved, shown, max_bytes)
            problems = [f for f in errors if f.severity.label == "error"]
            if child is None or problems:
                first = problems[0] if problems else errors[0]
                findings.append(INCLUDE.finding(at, f"included file \"{target}\" has errors "
                                     f"(line {first.span.line}: {first.message})"))
                continue
            included[str(resolved)] = None
            documents.append(child)
            _follow_includes(child, resolved, root, [*chain, resolved], documents, included, findings, max_bytes)


def at_include_line(found: Iterable[Finding], documents: Sequence[Document]) -> Iterator[Finding]:
    """Problems found inside an included file, moved to the protocol's own include line that
    brought that file in (naming where they are), so that the report of the protocol shows them
    with its own line and a caret, as it shows its own.
    """
    root = documents[0].path
    origins = include_origins(documents)
    for finding in found:
        origin = origins.get(finding.span.path)
        if finding.span.path == root or origin is None:
            yield finding
            continue
        where = f'in "{os.path.relpath(finding.span.path, os.path.dirname(root))}", line {finding.span.line}'
        yield replace(finding, span=origin.target.span, message=f"{finding.message} ({where})")


def duplicates(documents: list[Document]) -> Iterator[Finding]:
    """E004 for names declared twice across the protocol and its includes (or in one law library
    file, where a second entry with the same id would silently replace the first).

    The finding always lands in the protocol being checked: on its own copy of the name, or,
    when both copies are in included files, on the include line that brought in the second.
    """
    root = documents[0].path
    origins = include_origins(documents)
    kinds = (("recipient", "recipients"), ("data category", "data"), ("trigger", "triggers"),
             ("clause", "clauses"), ("law", "laws"), ("standard", "standards"))
    for what, attr in kinds:
        seen: dict[str, Name] = {}
        for doc in documents:
            for item in getattr(doc, attr):
                name: Name = item.ref if what == "clause" else item.id
                first = seen.get(name.text)
                if first is None:
                    seen[name.text] = name
                elif name.span.path == root:
                    where = "" if first.span.path == root else f" in {first.span.path}"
                    yield DUPLICATE.finding(name.span, f"{what} '{name.text}' is declared twice "
                               f"(first on line {first.span.line}{where})")
                elif first.span.path == root:
                    yield DUPLICATE.finding(first.span, f"{what} '{name.text}' is also declared in {name.span.path} "
                               f"(line {name.span.line})")
                elif doc.path in origins:
                    yield DUPLICATE.finding(origins[doc.path].target.span,
                               f"{what} '{name.text}' is declared in both {first.span.path} (line "
                               f"{first.span.line}) and {name.span.path} (line {name.span.line}), "
                               "which this protocol includes")


def include_origins(documents: Sequence[Document]) -> dict[str, Include]:
    """For each included document, the root's ``include`` line that brought it in.

    Includes are followed depth first, so each of the root's includes is followed in the list
    by everything it brings in, up to the next one.
    """
    root = documents[0]
    top = {os.path.normpath(os.path.join(os.path.dirname(root.path), i.target.text)): i for i in root.includes}
    origins: dict[str, Include] = {}
    current: Include | None = None
    for doc in documents[1:]:
        current = top.get(doc.path, current)
        if current is not None:
            origins[doc.path] = current
    return origins
