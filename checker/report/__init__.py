"""FileReports -> every output format.

Formats are imported only when asked for, so ``--format json`` never loads jinja2.
"""

from __future__ import annotations

from typing import Any

from confide.check import FileReport
from confide.config import Settings
from confide.display import guard

# How each format writes a character without its meaning (confide.display.guard).
SYNTAX = {"text": "text", "github": "github", "json": "json", "sarif": "json", "markdown": "markdown", "html": "xml"}


def render(fmt: str, results: list[FileReport], settings: Settings | None = None, style: Any = None) -> str:
    """The report in ``fmt`` (one of ``config.FORMATS``); ``style`` colours text output only.

    Whatever a protocol holds reaches the report as data: no control character acts on a
    terminal, no workflow command reaches a CI runner (docs/security.md). Coloured text shows
    each protocol value visibly itself (report.text), so that its own colours survive.
    """
    text = _render(fmt, results, settings, style)
    return text if style is not None else guard(text, SYNTAX[fmt])


def _render(fmt: str, results: list[FileReport], settings: Settings | None, style: Any) -> str:
    if fmt == "json":
        from confide.report.records import render_json

        return render_json(results)
    if fmt == "github":
        from confide.report.text import render_github

        return render_github(results)
    if fmt == "sarif":
        from confide.report.sarif import render_sarif

        chosen = settings or Settings()
        return render_sarif(results, rules_url=chosen.rules_url, include_waived=chosen.sarif_include_waived,
                            severity=chosen.severity)
    if fmt in {"markdown", "html"}:
        from confide.report import pages

        return pages.render_markdown(results) if fmt == "markdown" else pages.render_html(results)
    from confide.report.text import render_text

    return render_text(results, style)
