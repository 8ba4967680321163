"""argv -> Settings -> pipeline -> reporter -> exit code. Wiring only.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 the check
could not run (bad options, an unreadable path, an internal error), with a one-line message.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, Callable, Sequence

import click

from confide import __version__
from confide.config import FORMATS, SEVERITIES, ConfigError, Settings, load_settings
from confide.findings import REGISTRY, Severity, lookup
from confide.vocabulary import CLIENT_GROUPS, JURISDICTIONS, SERVICE_KINDS

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
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Report format (default: text; github when GITHUB_ACTIONS is set).")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--fail-on", type=click.Choice(SEVERITIES),
              help="Exit 1 when a finding is at or above this severity (default: error).")
@click.option("--config", "config", type=click.Path(dir_okay=False),
              help="Read settings from FILE (default: the nearest confide.toml or [tool.confide]).")
@click.option("--library", "libraries", multiple=True, type=click.Path(dir_okay=False),
              help="An extra law library file (adds or overrides entries). Repeatable.")
@click.option("--jurisdiction", type=click.Choice(sorted(JURISDICTIONS)),
              help="Use this jurisdiction's library (default: each protocol's own).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Check files in N processes (default: every core).")
@click.option("--no-cache", is_flag=True, help="Check every file afresh; do not read or write .confide-cache/.")
@click.option("--max-file-size", type=click.IntRange(min=1), help="Refuse files larger than this many bytes "
              "(default: 5 MB).")
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None, config: str | None,
          libraries: tuple[str, ...], jurisdiction: str | None, jobs: int | None, no_cache: bool,
          max_file_size: int | None) -> int:
    """Check protocol files and folders (every *.protocol below a folder)."""
    from confide.report.text import render
    from confide.batch import CACHE_DIR, report

    settings = load_settings({
        "fail_on": Severity.parse(fail_on) if fail_on else None, "format": fmt,
        "library": tuple(Path(p) for p in libraries) or None, "jurisdiction": jurisdiction,
        "max_file_size": max_file_size}, Path(config) if config else None)
    colour = _colour_enabled()
    styled = output is None and colour is not False and sys.stdout.isatty()
    style = (lambda w, s: click.style(w, fg=COLOURS[s], bold=True)) if styled else None
    text, failing = report(paths, settings, jobs, None if no_cache else Path(CACHE_DIR),
                           lambda results: render(settings.format, results, style, settings), f"styled={styled}",
                           _progress_bar() if sys.stderr.isatty() else None)
    _emit(text, output)
    return 1 if failing else 0


PROGRESS_FROM = 20  # files: below this a check is quick enough not to need a bar


def _progress_bar() -> Callable[[int, int], None]:
    """A progress callback drawing a bar on stderr once a run has more than a few files."""
    bar: list[Any] = []

    def advance(done: int, total: int) -> None:
        if total <= PROGRESS_FROM:
            return
        if not bar:
            bar.append(click.progressbar(length=total, label="Checking", file=sys.stderr,
                                         color=_colour_enabled()))
            bar[0].__enter__()
        bar[0].update(done - bar[0].pos)
        if done >= total:
            bar[0].__exit__(None, None, None)

    return advance


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
@click.argument("args", nargs=-1, required=True, metavar="CODE | FILE REF")
def explain(args: tuple[str, ...]) -> int:
    """Print a rule's documentation (CODE or symbol), or why clause REF of FILE is (not) justified."""
    if len(args) == 2:
        return _explain_clause(*args)
    if len(args) != 1:
        raise click.UsageError("give a rule CODE, or a protocol FILE and a clause REF")
    code = args[0]
    rule = lookup(code)
    if rule is None:
        from confide.source import did_you_mean

        # Codes and symbols both: 'blanket-consnet' should find CON001 as surely as 'CON01'.
        symbols = [r.symbol for r in REGISTRY.values()]
        guess = did_you_mean(code.upper(), REGISTRY) or did_you_mean(code.lower(), symbols)
        hint = f"did you mean '{guess}'?" if guess else "no code or symbol is close"
        raise click.UsageError(f"no rule '{code}'; {hint} ('confide rules' lists them all)")
    click.echo(f"{rule.code} {rule.symbol} ({rule.severity.label})\n\n{rule.doc}")
    return 0


def _explain_clause(file: str, ref: str) -> int:
    from confide.source import suggestion_suffix
    from confide.commands.explain import explain_clause

    checked = _open_checked(file)
    clause = next((c for c in checked.graph.clauses if c.ref.text == ref), None)
    if clause is None:
        refs = [c.ref.text for c in checked.graph.clauses]
        raise click.UsageError(f"{file} has no clause '{ref}'{suggestion_suffix(ref, refs)} "
                               f"(its clauses: {', '.join(refs) or 'none'})")
    click.echo(explain_clause(checked, clause), nl=False)
    return 0


def _settings(libraries: tuple[str, ...] = ()) -> Settings:
    return Settings(library=tuple(Path(p) for p in libraries))


_library_option = click.option("--library", "libraries", multiple=True, type=click.Path(dir_okay=False),
                               help="An extra law library file (adds or overrides entries). Repeatable.")


@cli.command(name="test")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(("text", "junit")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--failures-only", is_flag=True, help="List only the expectations that failed.")
@_library_option
def test_scenarios(paths: tuple[str, ...], fmt: str, output: str | None, failures_only: bool,
                   libraries: tuple[str, ...]) -> int:
    """Run the scenarios (policy tests) in *.scenario files and protocols; exit 1 on a failure."""
    from confide.checked import Checker
    from confide.commands.scenarios import render_junit, render_text, run

    files = run(paths, Checker(_settings(libraries)))
    _emit(render_junit(files) if fmt == "junit" else render_text(files, verbose=not failures_only), output)
    return 0 if all(f.passed for f in files) else 1


def _open_checked(file: str, libraries: tuple[str, ...] = ()) -> Any:
    """The checked protocol; input errors are printed and stop the command (exit 1)."""
    from confide.checked import Checked, open_protocol
    from confide.report.text import render_text

    opened = open_protocol(file, _settings(libraries))
    if not isinstance(opened, Checked):
        click.echo(render_text([opened]), nl=False)
        raise click.exceptions.Exit(1)
    return opened


@cli.command()
@click.argument("file")
@click.option("--event", "events", multiple=True, help="A trigger that happened. Repeatable.")
@click.option("--consent", type=click.Choice(("given", "refused", "not-asked")), default="not-asked",
              show_default=True)
@click.option("--age", type=click.IntRange(0, 130), help="The client's age (under 18: a young person).")
@click.option("--competent/--not-competent", default=None, help="Whether a young person was assessed as competent.")
@click.option("--all", "table", is_flag=True, help="Print the decision table for every situation instead.")
@_library_option
def simulate(file: str, events: tuple[str, ...], consent: str, age: int | None, competent: bool | None,
             table: bool, libraries: tuple[str, ...]) -> int:
    """Show what a protocol makes staff do in a situation, step by step, and whether it is lawful."""
    from confide.commands.simulate import decision_table
    from confide.commands.simulate import simulate as run
    from confide.commands.situation import Situation

    checked = _open_checked(file, libraries)
    if table:
        click.echo(decision_table(checked), nl=False)
        return 0
    situation = Situation(frozenset(events) - {"none"}, checked.graph.situation_group(age), consent, age, competent)
    click.echo(run(checked, situation), nl=False)
    return 0


@cli.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(("text", "markdown")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@_library_option
def diff_protocols(old: str, new: str, fmt: str, output: str | None, libraries: tuple[str, ...]) -> int:
    """Show what a redraft changes in obligations; exit 1 when NEW introduces an error finding."""
    from confide.commands.diff import diff, render_markdown, render_text

    changes = diff(_open_checked(old, libraries), _open_checked(new, libraries))
    _emit(render_markdown(changes) if fmt == "markdown" else render_text(changes), output)
    return 1 if changes.introduces_error else 0


@cli.command()
@click.option("--service", required=True, type=click.Choice(sorted(SERVICE_KINDS)), help="The kind of service.")
@click.option("--clients", required=True, type=click.Choice(sorted(CLIENT_GROUPS)), help="Whom it serves.")
@click.option("--jurisdiction", type=click.Choice(sorted(JURISDICTIONS)), default="england-and-wales",
              show_default=True)
@click.option("--out", "output", type=click.Path(dir_okay=False, writable=True), help="Write the protocol to FILE.")
def init(service: str, clients: str, jurisdiction: str, output: str | None) -> int:
    """Write a starter protocol for a kind of service that checks clean, with comments saying why."""
    from confide.check import load_library
    from confide.commands.init import starter

    if output and Path(output).exists():
        raise click.UsageError(f"{output} already exists; choose another --out or remove it")
    library, _ = load_library(jurisdiction, (), Settings().max_file_size)
    _emit(starter(service, clients, library), output)
    return 0


@cli.command(name="fmt")
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would be reformatted.")
def fmt(paths: tuple[str, ...], check_only: bool) -> int:
    """Rewrite protocols in the canonical layout, keeping every comment."""
    from confide.commands.fmt import format_paths

    return format_paths(paths, check_only, lambda message, err: click.echo(message, err=err))


@cli.command(name="graph")
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(("dot", "mermaid", "svg")), default="dot", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the drawing to FILE.")
@_library_option
def export_graph(file: str, fmt: str, output: str | None, libraries: tuple[str, ...]) -> int:
    """Export who shares what with whom as Graphviz DOT, Mermaid or SVG."""
    from confide.report.export import to_dot, to_mermaid
    from confide.report.svg import draw

    checked = _open_checked(file, libraries)
    header = checked.graph.unit.root.header
    title = header.title.text if header else file
    render = {"dot": to_dot, "mermaid": to_mermaid, "svg": draw}[fmt]
    _emit(render(checked.graph, title), output)
    return 0


@cli.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(("html", "markdown")), default="html", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the leaflet to FILE.")
@_library_option
def leaflet(file: str, fmt: str, output: str | None, libraries: tuple[str, ...]) -> int:
    """Write the client leaflet: what stays private, what is shared and when, generated from the protocol."""
    from confide.commands.leaflet import build, render

    _emit(render(build(_open_checked(file, libraries)), fmt), output)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; never raises, always returns the exit code."""
    import confide.rules  # noqa: F401  (the registry must be complete for `rules` and waivers)

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
        from confide.check import UsageError

        if isinstance(exc, (UsageError, ConfigError)):
            click.echo(f"confide: {exc}", err=True)
            return 2
        if os.environ.get("CONFIDE_DEBUG"):
            raise
        click.echo(f"confide: internal error: {type(exc).__name__}: {exc} (set CONFIDE_DEBUG=1 for details)",
                   err=True)
        return 2
    return int(result or 0)
