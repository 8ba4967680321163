"""The jinja2 environments every page is rendered in: HTML autoescaped, Markdown escaped.

Protocol text only ever arrives as template *data*: HTML is autoescaped (``select_autoescape``
covers ``.html.j2``) and Markdown goes through :func:`escape_markdown` on every output, so a
title holding ``<script>`` or ``{{ 7*7 }}`` is shown literally. Undefined variables are errors
(``StrictUndefined``), so a template typo fails the golden tests instead of printing blanks.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from confide.resources import data_dir
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#&!{}])")


def escape_markdown(value: Any) -> Any:
    """Backslash-escape what Markdown (or the HTML it allows) would act on; Markup passes."""
    if isinstance(value, Markup) or value is None or isinstance(value, (int, float)):
        return value
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")


def fenced(text: str, info: str = "") -> Markup:
    """A Markdown code block whose fence is longer than any run of backticks inside it."""
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return Markup(f"{fence}{info}\n{text}\n{fence}")


@lru_cache(maxsize=2)
def environment(markdown: bool) -> Environment:
    """The jinja2 environment: HTML-autoescaping, or Markdown-escaping every output."""
    loader = FileSystemLoader(str(data_dir("reports")))
    if markdown:
        env = Environment(loader=loader, autoescape=False, undefined=StrictUndefined, finalize=escape_markdown,
                          keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)
        env.filters["fenced"] = fenced
        return env
    return Environment(loader=loader, undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                       lstrip_blocks=True,
                       autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "svg"),
                                                    default_for_string=True, default=True))


