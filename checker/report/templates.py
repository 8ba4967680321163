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


# What GitHub (and most Markdown viewers) would make live without any markup: an @mention, which
# notifies a person or a whole team, and a bare address (``https://``, ``www.``), which becomes a
# link. A zero-width space after the ``@``, the scheme or ``www`` leaves the text as written, and
# dead (the way Dependabot quotes release notes). Addresses on the official sources the law
# libraries cite stay live: a reader should be able to open the Act a finding rests on.
_LIVE = re.compile(r"(?i:\b[a-z][a-z0-9+.-]*://\S*|www\.\S*)|@(?=[\w-])")
_LINK_START = re.compile(r"(?i)(?<=:)(?=//)|(?<=www)(?=\.)")
_HOST = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*://)?([^/\s:?#\\]*)")
OFFICIAL_SOURCES = ("legislation.gov.uk", "gov.uk", "bailii.org")  # gov.uk: health-ni.gov.uk too
ZERO_WIDTH = "&#8203;"


def _dead(match: re.Match[str]) -> str:
    found = match.group()
    if found == "@":
        return "@" + ZERO_WIDTH
    host_match = _HOST.match(found)
    if official(host_match.group(1) if host_match else ""):
        return found
    return _LINK_START.sub(ZERO_WIDTH, found)  # every '://' and 'www.' in it, not only the first


def escape_markdown(value: Any) -> Any:
    """Backslash-escape what Markdown (or the HTML it allows) would act on, and leave mentions and
    bare addresses dead; Markup passes.
    """
    if isinstance(value, Markup) or value is None or isinstance(value, (int, float)):
        return value
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", str(value)).replace("\n", " ")
    return _LIVE.sub(_dead, escaped)


# An https address on an official source, as the law libraries cite them: no query, no fragment,
# no character HTML escapes, so it can be found in escaped text and put in an href as it stands.
_SOURCE_LINK = re.compile(r"https://([A-Za-z0-9.-]+)(/[A-Za-z0-9/_.~%-]*)?")


def official(host: str) -> bool:
    """Whether ``host`` is one of the official sources the law libraries cite (or below one)."""
    host = host.lower()
    return any(host == source or host.endswith("." + source) for source in OFFICIAL_SOURCES)


def law_links(value: Any) -> Markup:
    """A law or principle's text, escaped, with each https address on an official source made a
    link a commissioner can open (and forward). Only for what a finding rests on, which comes
    from the law library and the rules, never for protocol text: a protocol names no link.
    """
    def link(match: re.Match[str]) -> str:
        address = match.group().rstrip(".")
        if not official(match.group(1)):
            return match.group()
        return f'<a href="{address}" rel="noopener noreferrer">{address}</a>{match.group()[len(address):]}'

    return Markup(_SOURCE_LINK.sub(link, str(Markup.escape(value))))


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
    env = Environment(loader=loader, undefined=StrictUndefined, keep_trailing_newline=True, trim_blocks=True,
                      lstrip_blocks=True,
                      autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "svg"),
                                                   default_for_string=True, default=True))
    env.filters["law_links"] = law_links
    return env


