"""FileReports -> every output format.

Formats are imported only when asked for, so ``--format json`` never loads jinja2.
"""

from __future__ import annotations

from typing import Any

from confide.check import FileReport
from confide.config import Settings


def render(fmt: str, results: list[FileReport], settings: Settings | None = None, style: Any = None) -> str:
    """The report in ``fmt`` (one of ``config.FORMATS``); ``style`` colours text output only."""
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
