"""FileReports -> every output format.

Formats are imported only when asked for, so ``--format json`` never loads jinja2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from confide.check import FileReport
from confide.config import Settings

if TYPE_CHECKING:
    from confide.report.stream import Writer


def writer(fmt: str, settings: Settings | None = None, style: Any = None) -> Writer:
    """The writer of ``fmt`` (one of ``config.FORMATS``); ``style`` colours text output only.

    Every other format is guarded whatever ``style`` says: colour forced on (``FORCE_COLOR``, as
    CI logs have it) or a terminal must not let a protocol's control characters or workflow
    commands through a JSON, SARIF, GitHub, Markdown or HTML report.
    """
    from confide.report import stream

    if fmt == "json":
        return stream.JsonWriter()
    if fmt == "github":
        return stream.GithubWriter()
    if fmt == "sarif":
        from confide.report.sarif import SarifWriter

        settings = settings or Settings()
        return SarifWriter(rules_url=settings.rules_url, include_waived=settings.sarif_include_waived,
                           severity=settings.severity)
    if fmt in {"markdown", "html"}:
        from confide.report.pages import PagesWriter

        return PagesWriter(fmt)
    return stream.TextWriter(style)


def render(fmt: str, results: list[FileReport], settings: Settings | None = None, style: Any = None) -> str:
    """The report in ``fmt`` (one of ``config.FORMATS``); ``style`` colours text output only.

    Whatever a protocol holds reaches the report as data: no control character acts on a
    terminal, no workflow command reaches a CI runner (docs/security.md). Coloured text shows
    each protocol value visibly itself (report.text), so that its own colours survive.
    A folder's report is written by the same writers file by file (confide.batch).
    """
    from confide.report.stream import render_all

    return render_all(writer(fmt, settings, style), results)
