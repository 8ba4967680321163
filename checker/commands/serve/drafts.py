"""Editor text + a path in the served folder -> checked through the one check core.

The page never holds a protocol's meaning: each request sends the editor's text and gets
back what :class:`~confide.check.Checker` says of it. :class:`Desk` pairs the served
:class:`~confide.commands.serve.folder.Folder` with one checker (one library cache), so the
page says exactly what ``confide check``, ``simulate --all``, ``leaflet`` and ``test`` say of
the same text. Applying a rewording re-checks the text first and uses the finding's own
suggestion, so a stale page can never paste a rewording over the wrong lines.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from confide.batch import Target, discover
from confide.check import INPUT_ERRORS, Checked, Checker
from confide.commands.fix import Edit, apply
from confide.commands.init import starter
from confide.commands.scenarios import FileRun, run_document, run_file
from confide.commands.serve.folder import Folder, Refused
from confide.commands.serve.views import checked_view, scenarios_view
from confide.loader import parse_source, real, source_text
from confide.vocabulary import CLIENT_GROUPS, SERVICE_KINDS


@dataclass(frozen=True)
class Wanted:
    """Which finding the page's Apply button stands for: its code, clause and line."""

    code: str
    clause: str | None
    line: int


class DraftChecker(Checker):
    """The desk's checker, reading one protocol from the editor instead of the disk.

    Scenario files name their protocol by path; this is how ``confide test``'s own runner
    tests the text being drafted without it being saved first.
    """

    def __init__(self, base: Checker, file: Path, text: str) -> None:
        super().__init__(base.settings, base.catalogue)
        self._libraries = base._libraries  # one library cache for the whole server
        self.draft, self.text = real(file), text

    def check(self, file: Path, shown: str, root: Path, text: str | bytes | None = None) -> Checked:
        """As :meth:`Checker.check`, with the editor's text for the protocol being drafted."""
        if text is None and real(file) == self.draft:
            text = self.text
        return super().check(file, shown, root, text)


class Desk:
    """The served folder and one checker; every method is one thing the page asks."""

    def __init__(self, folder: Folder, checker: Checker) -> None:
        self.folder = folder
        self.checker = checker
        self._lock = threading.Lock()  # one check at a time: the library cache is shared
        # The folder includes must stay inside, as `confide check FOLDER` has it: the project's
        # (where the configuration file is) when the served folder lies in one, else the folder.
        self.root = checker.root_for(folder.root)

    def check(self, path: str, text: str) -> Checked:
        """The editor's text of ``path``, checked as ``confide check`` would check the saved file."""
        file = self.folder.resolve(path)
        if len(text.encode("utf-8")) > self.folder.max_bytes:
            raise Refused(f"the protocol is larger than {self.folder.max_bytes:,} bytes")
        with self._lock:
            return self.checker.check(file, path, self.root, text=text)

    def view(self, path: str, text: str) -> dict[str, Any]:
        """Findings, drawing, decision table and leaflet for the editor's text."""
        checked = self.check(path, text)
        with self._lock:
            return checked_view(checked, path)

    def apply(self, path: str, text: str, wanted: Wanted) -> str:
        """``text`` with the rewording of the finding the page showed put in place, comments kept."""
        checked = self.check(path, text)
        finding = next((f for f in checked.report.findings if f.code == wanted.code and f.clause == wanted.clause
                        and f.span.line == wanted.line and f.span.path == path
                        and (f.suggestion or f.replaces)), None)
        if finding is None:
            raise Refused("the protocol changed since that finding was shown; look again at the findings")
        changed = apply(text, Edit.of(finding))
        before = {f.code for f in checked.report.findings if f.code in INPUT_ERRORS}
        after = self.check(path, changed).report.findings
        broken = sorted({f.code for f in after if f.code in INPUT_ERRORS} - before)
        if broken:
            raise Refused(f"that rewording would not fit here ({', '.join(broken)}); the text was left as it was")
        return changed

    def scenarios(self, path: str, text: str) -> list[dict[str, Any]]:
        """Every scenario that tests ``path`` (in its own text or a ``.scenario`` file), run on the draft."""
        file = self.folder.resolve(path)
        runs: list[FileRun] = []
        with self._lock:
            draft = DraftChecker(self.checker, file, text)
            document, problems = parse_source(source_text(text, path))
            if document is not None and document.scenarios:
                runs.append(run_document(document, file, path, self.root, draft))
            elif document is None and any(line.startswith("scenario") for line in text.split("\n")):
                runs.append(FileRun(path, errors=tuple(problems)))
            for target in self._scenario_files():
                runs.append(run_file(target, draft))
            return scenarios_view(runs, path)

    def _scenario_files(self) -> Iterator[Target]:
        """The ``*.scenario`` files inside the folder, shown relative to it (hidden ones left out)."""
        root = self.folder.root
        for target in discover([str(root)], self.folder.settings, accept=lambda f: f.suffix == ".scenario"):
            found = real(Path(target.file))
            if found.is_relative_to(root) and not any(p.startswith(".") for p in found.relative_to(root).parts):
                shown = found.relative_to(root).as_posix()
                yield Target(str(found), shown, str(self.root))

    def starter(self, service: str, clients: str) -> str:
        """The ``confide init`` starter for a kind of service and a client group."""
        if service not in SERVICE_KINDS or clients not in CLIENT_GROUPS:
            raise Refused("choose a kind of service and a client group from the lists")
        with self._lock:
            return starter(service, clients, self.checker.library(None))

