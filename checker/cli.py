"""argv -> Settings -> a command over the one check core -> exit code. Wiring only.

Every command reads the same settings (``[tool.confide]``, ``confide.toml`` or ``--config``,
with flags on top) and checks through one :class:`~confide.check.Checker`, so ``explain``,
``test``, ``simulate``, ``graph``, ``leaflet`` and ``diff`` say what ``check`` says.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 the command
could not run (bad options or configuration, an unreadable path, an internal error), with a
one-line message and never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click
from confide import __version__
from confide.config import FORMATS, SEVERITIES, ConfigError, Settings, load_settings
from confide.display import guard, visible
from confide.files import WriteError, write_atomic
from confide.findings import Severity
from confide.vocabulary import CLIENT_GROUPS, JURISDICTIONS, SERVICE_KINDS

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
PROGRESS_FROM = 20  # files: below this a check is quick enough not to need a bar


def _colour_enabled() -> bool | None:
    """``NO_COLOR`` (any value) turns colour off; otherwise click decides by the terminal."""
    return False if os.environ.get("NO_COLOR") else None


def _settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that checks a protocol shares: where settings and law come from."""
    options = [
        click.option("--config", "config", type=click.Path(dir_okay=False),
                     help="Read settings from FILE (default: the nearest confide.toml or [tool.confide])."),
        click.option("--library", "libraries", multiple=True, type=click.Path(dir_okay=False),
                     help="An extra law library file (adds or overrides entries). Repeatable."),
        click.option("--jurisdiction", type=click.Choice(sorted(JURISDICTIONS)),
                     help="Use this jurisdiction's library (default: each protocol's own)."),
        click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]),
                     help="Judge review dates and waiver expiry against DATE (YYYY-MM-DD)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def _settings(config: str | None, libraries: tuple[str, ...] = (), jurisdiction: str | None = None,
              today: Any = None, **flags: Any) -> Settings:
    """Settings from the configuration file with every flag given on top (one place for every command)."""
    values = {"library": tuple(Path(p) for p in libraries) or None, "jurisdiction": jurisdiction,
              "today": today.date() if today is not None else None, **flags}
    return load_settings(values, Path(config) if config else None)


def _checker(settings: Settings) -> Any:
    from confide.check import Checker

    return Checker(settings)


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
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Check files in N processes (default: every core).")
@click.option("--no-cache", is_flag=True, help="Check every file afresh; do not read or write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Keep the result cache in DIR (default: confide/results in the user's cache folder).")
@click.option("--cache-size", type=click.IntRange(min=1), help="Prune the cache back under this many MB "
              "(default: 512).")
@click.option("--max-file-size", type=click.IntRange(min=1), help="Refuse files larger than this many bytes "
              "(default: 5 MB).")
@_settings_options
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, fail_on: str | None, jobs: int | None,
          no_cache: bool, cache_dir: str | None, cache_size: int | None, max_file_size: int | None,
          config: str | None, libraries: tuple[str, ...], jurisdiction: str | None, today: Any) -> int:
    """Check protocol files and folders (every *.protocol below a folder)."""
    from confide.batch import Batch
    from confide.cache import default_folder
    from confide.report import render

    settings = _settings(config, libraries, jurisdiction, today, fail_on=Severity.parse(fail_on) if fail_on else None,
                         format=fmt, max_file_size=max_file_size, cache_size=cache_size)
    colour = _colour_enabled()
    styled = output is None and colour is not False and sys.stdout.isatty()
    style = (lambda w, s: click.style(w, fg=COLOURS[s], bold=True)) if styled else None
    folder = None if no_cache else Path(cache_dir) if cache_dir else default_folder()
    batch = Batch(_checker(settings), jobs, folder, _progress_bar() if sys.stderr.isatty() else None)
    text, failing = batch.report(paths, lambda reports: render(settings.format, reports, settings, style),
                                 f"styled={styled}")
    _emit(text, output, None)  # render() showed every protocol value as data already
    return 1 if failing else 0


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


def _emit(text: str, output: str | None, syntax: str | None) -> None:
    """Print ``text``, or write it to ``output`` (atomically, never through a link: confide.files).

    ``syntax`` says how the text is written (text, json, xml, markdown: confide.display.SYNTAXES)
    so that anything a protocol put in it is shown as data; None for text already guarded (a
    report from ``report.render``). It has no default: JSON guarded as text would not be JSON.
    """
    if syntax is not None:
        text = guard(text, syntax)
    if output:
        write_atomic(Path(output), text)
    else:
        click.echo(text, nl=False, color=_colour_enabled())


def _say(text: str, err: bool = False) -> None:
    """Print plain text a command made from a protocol (explain, simulate, fmt), guarded."""
    click.echo(guard(text), nl=False, err=err)


@cli.command(name="rules")
def list_rules() -> None:
    """List the rule catalogue: code, severity, symbol and summary."""
    from confide.rules import CATALOGUE

    for rule in sorted(CATALOGUE.values(), key=lambda r: r.code):
        click.echo(f"{rule.code:<10} {rule.severity.label:<8} {rule.symbol:<45} {rule.summary}")


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="CODE | STANDARD | LAW | FILE REF")
@_settings_options
def explain(args: tuple[str, ...], config: str | None, libraries: tuple[str, ...], jurisdiction: str | None,
            today: Any) -> int:
    """Explain a rule (CODE or symbol), a standard or a law, or why clause REF of FILE is (not) justified."""
    from confide.commands import explain as words
    from confide.rules import CATALOGUE
    from confide.source import did_you_mean, suggestion_suffix

    checker = _checker(_settings(config, libraries, jurisdiction, today))
    if len(args) == 2:
        checked = _open_checked(checker, args[0])
        clause = next((c for c in checked.graph.clauses if c.ref.text == args[1]), None)
        if clause is None:
            refs = [c.ref.text for c in checked.graph.clauses]
            raise click.UsageError(f"{args[0]} has no clause '{args[1]}'{suggestion_suffix(args[1], refs)} "
                                   f"(its clauses: {', '.join(refs) or 'none'})")
        _say(words.explain_clause(checked, clause))
        return 0
    if len(args) != 1:
        raise click.UsageError("give a rule CODE, a standard, a law id, or a protocol FILE and a clause REF")
    word = args[0]
    rule = CATALOGUE.lookup(word)
    if rule is not None:
        _say(words.explain_rule(rule))
        return 0
    library = checker.library(None)
    if word in library.standards:
        _say(words.explain_standard(library.standards[word], library))
        return 0
    if word in library.laws:
        _say(words.explain_law(library.laws[word], library))
        return 0
    guess = CATALOGUE.guess(word) or did_you_mean(word, [*library.standards, *library.laws])
    hint = f"did you mean '{guess}'?" if guess else "nothing is close"
    raise click.UsageError(f"no rule, standard or law '{word}'; {hint} ('confide rules' lists the rules)")


def _open_checked(checker: Any, file: str) -> Any:
    """The checked protocol; input errors are printed and stop the command (exit 1)."""
    from confide.check import UsageError
    from confide.report.text import render_text

    if checker.library_failed():
        raise UsageError("the law library has errors; run 'confide check' to see them")
    checked = checker.open(file)
    if checker.library_failed():
        problems = [f for r in checker.library_reports() for f in r.findings]
        raise UsageError(f"the law library has errors: {problems[0].span.path}:{problems[0].span.line}: "
                         f"{problems[0].message}")
    if checked.graph is None:
        _say(render_text([checked.report]))
        raise click.exceptions.Exit(1)
    return checked


@cli.command(name="test")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(("text", "junit")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--failures-only", is_flag=True, help="List only the expectations that failed.")
@_settings_options
def test_scenarios(paths: tuple[str, ...], fmt: str, output: str | None, failures_only: bool, config: str | None,
                   libraries: tuple[str, ...], jurisdiction: str | None, today: Any) -> int:
    """Run the scenarios (policy tests) in *.scenario files and protocols; exit 1 on a failure."""
    from confide.check import UsageError
    from confide.commands.scenarios import render_junit, render_text, run

    checker = _checker(_settings(config, libraries, jurisdiction, today))
    checker.library(None)
    if checker.library_failed():
        raise UsageError("the law library has errors; run 'confide check' to see them")
    files = run(paths, checker)
    _emit(render_junit(files) if fmt == "junit" else render_text(files, verbose=not failures_only), output,
          "xml" if fmt == "junit" else "text")
    return 0 if all(f.passed for f in files) else 1


@cli.command()
@click.argument("file")
@click.option("--event", "events", multiple=True, help="A trigger that happened. Repeatable.")
@click.option("--consent", type=click.Choice(("given", "refused", "not-asked")), default="not-asked",
              show_default=True)
@click.option("--age", type=click.IntRange(0, 130), help="The client's age (under 18: a young person).")
@click.option("--competent/--not-competent", default=None, help="Whether a young person was assessed as competent.")
@click.option("--all", "table", is_flag=True, help="Print the decision table for every situation instead.")
@_settings_options
def simulate(file: str, events: tuple[str, ...], consent: str, age: int | None, competent: bool | None,
             table: bool, config: str | None, libraries: tuple[str, ...], jurisdiction: str | None, today: Any) -> int:
    """Show what a protocol makes staff do in a situation, step by step, and whether it is lawful."""
    from confide.commands.simulate import decision_table
    from confide.commands.simulate import simulate as run
    from confide.commands.situation import Situation

    checked = _open_checked(_checker(_settings(config, libraries, jurisdiction, today)), file)
    if table:
        _say(decision_table(checked))
        return 0
    situation = Situation(frozenset(events) - {"none"}, checked.graph.situation_group(age), consent, age, competent)
    _say(run(checked, situation))
    return 0


@cli.command(name="diff")
@click.argument("old")
@click.argument("new")
@click.option("--format", "fmt", type=click.Choice(("text", "markdown")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@_settings_options
def diff_protocols(old: str, new: str, fmt: str, output: str | None, config: str | None, libraries: tuple[str, ...],
                   jurisdiction: str | None, today: Any) -> int:
    """Show what a redraft changes in obligations; exit 1 when NEW introduces an error finding."""
    from confide.commands.diff import diff, render_markdown, render_text

    checker = _checker(_settings(config, libraries, jurisdiction, today))
    changes = diff(_open_checked(checker, old), _open_checked(checker, new))
    _emit(render_markdown(changes) if fmt == "markdown" else render_text(changes), output, fmt)
    return 1 if changes.introduces_error else 0


@cli.command()
@click.option("--service", required=True, type=click.Choice(sorted(SERVICE_KINDS)), help="The kind of service.")
@click.option("--clients", required=True, type=click.Choice(sorted(CLIENT_GROUPS)), help="Whom it serves.")
@click.option("--jurisdiction", type=click.Choice(sorted(JURISDICTIONS)), default="england-and-wales",
              show_default=True)
@click.option("--out", "output", type=click.Path(dir_okay=False, writable=True), help="Write the protocol to FILE.")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Read settings from FILE.")
def init(service: str, clients: str, jurisdiction: str, output: str | None, config: str | None) -> int:
    """Write a starter protocol for a kind of service that checks clean, with comments saying why."""
    from confide.commands.init import starter

    if output and os.path.lexists(output):  # a dangling link counts: it would be written through
        raise click.UsageError(f"{output} already exists; choose another --out or remove it")
    checker = _checker(_settings(config, jurisdiction=jurisdiction))
    _emit(starter(service, clients, checker.library(jurisdiction)), output, "text")
    return 0


@cli.command(name="fmt")
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would be reformatted.")
def fmt(paths: tuple[str, ...], check_only: bool) -> int:
    """Rewrite protocols in the canonical layout, keeping every comment."""
    from confide.commands.fmt import format_paths

    return format_paths(paths, check_only, lambda message, err: _say(message + "\n", err=err))


@cli.command(name="graph")
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(("dot", "mermaid", "svg")), default="dot", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the drawing to FILE.")
@_settings_options
def export_graph(file: str, fmt: str, output: str | None, config: str | None, libraries: tuple[str, ...],
                 jurisdiction: str | None, today: Any) -> int:
    """Export who shares what with whom as Graphviz DOT, Mermaid or SVG."""
    from confide.report.export import to_dot, to_mermaid
    from confide.report.svg import draw, empty

    checked = _open_checked(_checker(_settings(config, libraries, jurisdiction, today)), file)
    outline = checked.report.outline
    render = {"dot": to_dot, "mermaid": to_mermaid, "svg": draw}[fmt]
    drawing = render(outline.arrows, outline.title) or empty(outline.title)
    _emit(drawing, output, "xml" if fmt == "svg" else "text")
    return 0


@cli.command()
@click.argument("file")
@click.option("--format", "fmt", type=click.Choice(("html", "markdown")), default="html", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the leaflet to FILE.")
@_settings_options
def leaflet(file: str, fmt: str, output: str | None, config: str | None, libraries: tuple[str, ...],
            jurisdiction: str | None, today: Any) -> int:
    """Write the client leaflet: what stays private, what is shared and when, generated from the protocol."""
    from confide.commands.leaflet import build, render

    checked = _open_checked(_checker(_settings(config, libraries, jurisdiction, today)), file)
    _emit(render(build(checked), fmt), output, "xml" if fmt == "html" else fmt)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; never raises, always returns the exit code."""
    try:
        result: Any = cli.main(args=list(argv) if argv is not None else None, prog_name="confide",
                               standalone_mode=False)
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.ClickException as exc:
        setattr(exc, "message", visible(exc.message))  # noqa: B010 (Final in click's types); it may quote a file
        exc.show()
        return 2
    except click.Abort:
        click.echo("confide: aborted", err=True)
        return 2
    except Exception as exc:  # the promise: one line, never a traceback by default
        from confide.check import UsageError

        if isinstance(exc, (UsageError, ConfigError, WriteError)):
            click.echo(f"confide: {visible(str(exc))}", err=True)
            return 2
        if os.environ.get("CONFIDE_DEBUG"):
            raise
        click.echo(f"confide: internal error: {type(exc).__name__}: {visible(str(exc))} "
                   "(set CONFIDE_DEBUG=1 for details)", err=True)
        return 2
    return int(result or 0)
