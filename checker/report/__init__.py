"""FileReports -> every output format.

Formats are imported only when asked for, so ``--format json`` never loads jinja2.
"""

from __future__ import annotations

from typing import Any

from confide.check import FileReport
from confide.config import Settings


def render(fmt: str, results: list[FileReport], settings: Settings | None = None, style: Any = None) -> str:
    """The report in ``fmt`` (one of ``config.FORMATS``); ``style`` colours text output only.

    Whatever a protocol holds reaches the report as data: no control character acts on a
    terminal, no workflow command reaches a CI runner (docs/security.md). Coloured text shows
    each protocol value visibly itself (report.text), so that its own colours survive.
    A folder's report is written by the same writers file by file (confide.batch).
    """
    from confide.report.stream import render_all, writer

    return render_all(writer(fmt, settings, style), results)
