"""argv -> Settings -> pipeline -> reporter -> exit code. Wiring only.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 the check
could not run (bad options, an unreadable path, an internal error), with a one-line message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Sequence

import click

from checker import __version__
from checker.config import Settings
from checker.findings import REGISTRY, Severity, lookup

FORMATS = ("text", "json")
SEVERITIES = ("error", "warning", "info")
COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _colour_enabled() -> bool | None:
    """``NO_COLOR`` (any value) turns colour off; otherwise click decides by the terminal."""
    return False if os.environ.get("NO_COLOR") else None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="confide")
def cli() -> None:
    """confide: check information-sharing protocols against the law and the FDAP code."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="error", show_default=True,
              help="Exit 1 when a finding is at or above this severity.")
@click.option("--library", "libraries", multiple=True, type=click.Path(dir_okay=False),
              help="An extra law library file (adds or overrides entries). Repeatable.")
@click.option("--jurisdiction", type=click.Choice(["england-and-wales", "wales", "northern-ireland"]),
              help="Use this jurisdiction's library (default: each protocol's own).")
def check(paths: tuple[str, ...], fmt: str, output: str | None, fail_on: str, libraries: tuple[str, ...],
          jurisdiction: str | None) -> int:
    """Check protocol files and folders (every *.protocol below a folder)."""
    from checker.pipeline import check as run
    from checker.report import render_json, render_text

    settings = Settings(fail_on=Severity.parse(fail_on), format=fmt,
                        library=tuple(Path(p) for p in libraries), jurisdiction=jurisdiction)
    results = list(run(paths, settings))
    if fmt == "json":
        text = render_json(results)
    else:
        colour = _colour_enabled()
        styled = output is None and colour is not False and sys.stdout.isatty()
        text = render_text(results, (lambda w, s: click.style(w, fg=COLOURS[s], bold=True)) if styled else None)
    _emit(text, output)
    failing = any(r.failing(settings.fail_on) for r in results)
    return 1 if failing else 0


def _emit(text: str, output: str | None) -> None:
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False, color=_colour_enabled())


@cli.command(name="rules")
def list_rules() -> None:
    """List the rule catalogue: code, severity, symbol and summary."""
    for rule in sorted(REGISTRY.values(), key=lambda r: r.code):
        click.echo(f"{rule.code:<10} {rule.severity.label:<8} {rule.symbol:<45} {rule.summary}")


@cli.command()
@click.argument("code")
def explain(code: str) -> int:
    """Print a rule's full documentation (CODE or symbol)."""
    rule = lookup(code)
    if rule is None:
        from checker.source import suggestion_suffix

        raise click.UsageError(f"no rule '{code}'{suggestion_suffix(code.upper(), REGISTRY)}")
    click.echo(f"{rule.code} {rule.symbol} ({rule.severity.label})\n\n{rule.doc}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; never raises, always returns the exit code."""
    import checker.rules  # noqa: F401  (the registry must be complete for `rules` and waivers)

    try:
        result: Any = cli.main(args=list(argv) if argv is not None else None, prog_name="confide",
                               standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        exc.show()
        return 2
    except click.Abort:
        click.echo("confide: aborted", err=True)
        return 2
    except Exception as exc:  # the promise: one line, never a traceback by default
        from checker.pipeline import UsageError

        if isinstance(exc, UsageError):
            click.echo(f"confide: {exc}", err=True)
            return 2
        if os.environ.get("CONFIDE_DEBUG"):
            raise
        click.echo(f"confide: internal error: {type(exc).__name__}: {exc} (set CONFIDE_DEBUG=1 for details)",
                   err=True)
        return 2
    return int(result or 0)
