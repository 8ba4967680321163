"""Open buffers -> checks through the one check core -> published diagnostics; the server's state.

Each open protocol is a :class:`Buffer`. An edit bumps its generation and schedules a check:
at once when the buffer has been quiet for a moment, after a short pause while edits come
quickly, so a burst of keystrokes costs one check. A newer edit cancels a check that has not
started, and a check that finishes after a newer edit is thrown away: the last edit wins and
no stale diagnostic is ever published. Checks run one at a time in a worker thread, so the
server keeps reading messages (and cancelling) while one runs; what a request needs (hover,
completion...) is the check of the buffer as it is now, made on demand if the last one is stale.
"""

from __future__ import annotations

import asyncio
import logging
import traceback
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from confide import __version__
from confide.check import Checked, Checker, UsageError
from confide.loader import source_text
from confide.resources import library_path
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from .diagnostics import diagnostics, failure, uri_for
from .positions import Lines
from .workspace import Placement, Projects, folder_of, place

DEBOUNCE = 0.05  # seconds: edits closer together than this are checked once, after the last
log = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class Buffer:
    """What the server knows of one open protocol.

    ``checked`` is the latest check and ``generation`` the edit it saw; ``good`` the latest
    check that had a model (a half-typed line has none), which completion and navigation fall
    back on while the text does not parse.
    """

    uri: str
    generation: int = 0
    checked: Checked | None = None
    checked_generation: int = -1
    checker: Checker | None = None
    lines: Lines | None = None
    good: Checked | None = None
    task: asyncio.Task[None] | None = None
    last_edit: float = float("-inf")
    crlf: bool = False  # the buffer ends its lines with CRLF: edits sent back keep to that


@dataclass(frozen=True)
class Outcome:
    """What one check gave: the checked protocol, or why there is none."""

    checked: Checked | None
    checker: Checker | None
    problem: str | None = None
    library_problem: str | None = None


@dataclass
class State:
    """Everything the server holds between messages."""

    projects: Projects
    buffers: dict[str, Buffer] = field(default_factory=dict)
    told: set[str] = field(default_factory=set)  # configuration problems already shown


class ProtocolServer(LanguageServer):
    """The confide language server: pygls' server plus open buffers checked by the core."""

    def __init__(self, config: Path | None = None) -> None:
        super().__init__("confide", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.state = State(Projects(config))
        self.checks = ThreadPoolExecutor(max_workers=1, thread_name_prefix="confide-check")

    # ---- where a buffer is ------------------------------------------------------------------
    def folders(self) -> list[Path]:
        """The workspace folders, as paths."""
        workspace = self.workspace
        found = [Path(p) for f in workspace.folders.values() if (p := to_fs_path(f.uri)) is not None]
        if not found and workspace.root_path:
            found = [Path(workspace.root_path)]
        return found

    def placement(self, uri: str) -> tuple[Checker, Placement]:
        """The checker and placement for the buffer at ``uri``."""
        fs = to_fs_path(uri) if uri.startswith("file:") else None
        path = Path(fs) if fs else None
        folders = self.folders()
        checker = self.state.projects.checker(folder_of(path, folders))
        return checker, place(path, uri, folders, checker)

    def uri_of(self, buffer: Buffer, shown: str) -> Callable[[str], str]:
        """How paths in findings and the model become URIs (this buffer keeps the client's own)."""
        return lambda path: buffer.uri if path == shown else uri_for(path, library_path)

    # ---- checking ---------------------------------------------------------------------------
    def _check(self, uri: str, text: str) -> Outcome:
        """Check ``text`` as the buffer at ``uri`` (in the worker thread). Never raises."""
        checker = None
        try:
            checker, where = self.placement(uri)
            size = len(text.encode("utf-8", "surrogatepass"))
            if size > checker.settings.max_file_size:  # as `confide check` refuses the file (E006)
                return Outcome(None, checker, f"the text is {size:,} bytes, over the {checker.settings.max_file_size:,}"
                                              "-byte limit (max-file-size)")
            checked = checker.check(where.file, where.shown, where.root, text=text)
            return Outcome(checked, checker, library_problem=checker.library_problem())
        except UsageError as exc:
            return Outcome(None, checker, str(exc))
        except Exception as exc:  # a bug must not take the editor's server down: say so, in one line
            log.error("checking %s failed:\n%s", uri, traceback.format_exc())
            return Outcome(None, checker, f"internal error: {type(exc).__name__}: {exc}")

    async def run(self, work: Callable[[], T]) -> T:
        """Run core work in the check thread (the core is never entered from two threads at once)."""
        return await asyncio.get_running_loop().run_in_executor(self.checks, work)

    async def refresh(self, uri: str) -> Buffer | None:
        """Check the buffer as it is now; publish unless a newer edit has come in meanwhile."""
        buffer = self.state.buffers.get(uri)
        if buffer is None:
            return None
        generation = buffer.generation
        document = self.workspace.get_text_document(uri)
        text, version = document.source, document.version
        outcome = await self.run(lambda: self._check(uri, text))
        if self.state.buffers.get(uri) is not buffer or buffer.checked_generation > generation:
            return buffer  # closed meanwhile, or a later check got there first
        buffer.checked, buffer.checker = outcome.checked, outcome.checker
        buffer.checked_generation = generation
        buffer.crlf = "\r\n" in text
        source = outcome.checked.source if outcome.checked and outcome.checked.source else source_text(text, uri)
        buffer.lines = Lines(source.lines, self.workspace.position_codec)
        if outcome.checked is not None and outcome.checked.unit is not None:
            buffer.good = outcome.checked
        self._tell_config_problem()
        if generation == buffer.generation:
            self._publish(buffer, version, outcome)
        return buffer

    def _publish(self, buffer: Buffer, version: int | None, outcome: Outcome) -> None:
        checked = outcome.checked
        if checked is None or buffer.lines is None or buffer.checker is None:
            found = failure(outcome.problem or "unknown problem")
        else:
            found = diagnostics(checked, buffer.lines, buffer.checker.settings, self.uri_of(buffer, checked.path))
            if outcome.library_problem:
                found = failure(outcome.library_problem, checked=True) + found
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=buffer.uri, diagnostics=found, version=version))

    def _tell_config_problem(self) -> None:
        """Show each configuration error once while it lasts (the defaults apply meanwhile)."""
        problems = set(self.state.projects.problems.values())
        self.state.told &= problems  # fixed ones: say so again if they come back
        for problem in sorted(problems - self.state.told):
            self.state.told.add(problem)
            self.window_show_message(types.ShowMessageParams(
                type=types.MessageType.Error, message=f"confide: {problem} (using the default settings meanwhile)"))

    def schedule(self, uri: str, edited: bool = True) -> None:
        """The buffer changed (or what it depends on did): check it again, last edit winning."""
        buffer = self.state.buffers.get(uri)
        if buffer is None:
            return
        buffer.generation += 1
        if buffer.task is not None and not buffer.task.done():
            buffer.task.cancel()
        loop = asyncio.get_running_loop()
        now = loop.time()
        delay = DEBOUNCE if edited and now - buffer.last_edit < DEBOUNCE else 0.0
        if edited:
            buffer.last_edit = now
        buffer.task = loop.create_task(self._later(uri, delay))

    async def _later(self, uri: str, delay: float) -> None:
        if delay:
            await asyncio.sleep(delay)
        await self.refresh(uri)

    async def current(self, uri: str) -> Buffer | None:
        """The buffer checked as it is now (checked on the spot if the last check is stale)."""
        buffer = self.state.buffers.get(uri)
        if buffer is None:
            return None
        if buffer.checked_generation != buffer.generation:
            await self.refresh(uri)
        return buffer

    def affected(self, path: Path) -> list[str]:
        """The open buffers that include ``path``, or that cannot use an include (it may now exist)."""
        resolved = str(path.resolve())
        return [uri for uri, b in self.state.buffers.items() if b.checked is not None
                and (resolved in b.checked.analysis.included or any(f.code == "E003" for f in b.checked.findings))]

    def recheck_all(self) -> None:
        """Check every open buffer again (settings or the library changed)."""
        self.state.projects.forget()
        for uri in list(self.state.buffers):
            self.schedule(uri, edited=False)

    def shutdown(self) -> None:
        """Stop checking, then stop the server."""
        self.checks.shutdown(wait=False, cancel_futures=True)
        super().shutdown()  # type: ignore[no-untyped-call]
