"""argv -> Settings -> a command over the one check core -> exit code. Wiring only.

Every command reads the same settings (``[tool.confide]``, ``confide.toml`` or ``--config``,
with flags on top) and checks through one :class:`~confide.check.Checker`, so ``explain``,
``test``, ``simulate``, ``graph``, ``leaflet`` and ``diff`` say what ``check`` says.

Exit codes: 0 nothing at or above ``--fail-on``; 1 findings at or above it; 2 the command
could not run (bad options or configuration, an unreadable path, an internal error), with a
one-line message and never a traceback.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import IO, Any

import click
from confide import __version__
from confide.config import FORMATS, SEVERITIES, ConfigError, Settings, load_settings
from confide.display import guard, visible
from confide.files import WriteError, atomic, write_atomic
from confide.findings import Severity
from confide.source import suggestion_suffix
from confide.vocabulary import CLIENT_GROUPS, JURISDICTIONS, OLDEST_CLIENT, SERVICE_KINDS

COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
PROGRESS_FROM = 20  # files: below this a check is quick enough not to need a bar


def _colour_enabled() -> bool | None:
    """``NO_COLOR`` (any value) turns colour off, ``FORCE_COLOR`` (any value) on, even into a pipe
    (as CI logs want); otherwise click decides by the terminal.
    """
    if os.environ.get("NO_COLOR"):
        return False
    return True if os.environ.get("FORCE_COLOR") else None


class Choice(click.Choice):  # type: ignore[type-arg]
    """click's choice of values, with the "did you mean" the same value gets in confide.toml."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The value, or a usage error naming the choices and the closest one."""
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter:
            hint = suggestion_suffix(str(value), [str(c) for c in self.choices])
            self.fail(f"'{value}' is not one of {', '.join(map(str, self.choices))}{hint}", param, ctx)


class Day(click.ParamType):  # type: ignore[type-arg]
    """A date written year-month-day; one that does not exist is said to be no real date."""

    name = "date"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """The date (as click's DateTime gives it), or a usage error saying what is wrong with it."""
        if isinstance(value, datetime):
            return value
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(value)):
            self.fail(f"'{value}' is not a date written year-month-day (e.g. 2027-03-31)", param, ctx)
        try:
            return datetime.fromisoformat(str(value))
        except ValueError:
            self.fail(f"'{value}' is not a real date", param, ctx)


def _settings_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """The options every command that checks a protocol shares: where settings and law come from."""
    options = [
        click.option("--config", "config", type=click.Path(dir_okay=False),
                     help="Read settings from FILE (default: the nearest confide.toml or [tool.confide])."),
        click.option("--library", "libraries", multiple=True, type=click.Path(dir_okay=False),
                     help="An extra law library file (adds or overrides entries). Repeatable."),
        click.option("--jurisdiction", type=Choice(sorted(JURISDICTIONS)),
                     help="Use this jurisdiction's library (default: each protocol's own)."),
        click.option("--today", type=Day(),
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


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, invoke_without_command=True)
@click.version_option(__version__, "-V", "--version", prog_name="confide")
@click.pass_context
def cli(ctx: click.Context) -> int:
    """confide: check information-sharing protocols against the law and the FDAP code."""
    if ctx.invoked_subcommand is None:
        click.echo(ctx.get_help())
    return 0


@cli.command()
@click.argument("paths", nargs=-1)
@click.option("--format", "fmt", type=Choice((*FORMATS, "docx")),
              help="Report format (default: text; github when GITHUB_ACTIONS is set). docx: the --source Word "
              "policy with each finding as a comment.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--source", type=click.Path(dir_okay=False, exists=True),
              help="With --format docx: the Word policy the protocol was imported from.")
@click.option("--fail-on", type=Choice(SEVERITIES),
              help="Exit 1 when a finding is at or above this severity (default: error).")
@click.option("--select", multiple=True, metavar="CODES",
              help="Report only these codes or prefixes (LAW,FDAP00); E001-E006 always.")
@click.option("--ignore", multiple=True, metavar="CODES", help="Leave out these codes or prefixes.")
@click.option("--fix", is_flag=True, help="Put each clause's suggested rewording in place (atomically).")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; change no file.")
@click.option("--stdin-filename", metavar="PATH", help="The path standard input ('-') stands for.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line.")
@click.option("--statistics", is_flag=True, help="Print how many findings of each code instead of each finding.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings are at or above --fail-on.")
@click.option("--force-exclude", is_flag=True, default=None,
              help="Apply exclude to files named on the command line too (as pre-commit names them).")
@click.option("--jobs", "-j", type=click.IntRange(min=1), help="Check files in N processes (default: every core).")
@click.option("--no-cache", is_flag=True, help="Check every file afresh; do not read or write the cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="Keep the result cache in DIR (default: confide/results in the user's cache folder).")
@click.option("--cache-size", type=click.IntRange(min=1), help="Prune the cache back under this many MB "
              "(default: 512).")
@click.option("--max-file-size", type=click.IntRange(min=1), help="Refuse files larger than this many bytes "
              "(default: 5 MB).")
@_settings_options
def check(paths: tuple[str, ...], fmt: str | None, output: str | None, source: str | None, fail_on: str | None,
          select: tuple[str, ...],
          ignore: tuple[str, ...], fix: bool, show_diff: bool, stdin_filename: str | None, quiet: bool,
          statistics: bool, exit_zero: bool, force_exclude: bool | None, jobs: int | None, no_cache: bool,
          cache_dir: str | None, cache_size: int | None, max_file_size: int | None, config: str | None,
          libraries: tuple[str, ...], jurisdiction: str | None, today: Any) -> int:
    """Check protocol files and folders (every *.protocol below a folder; default: the current folder).

    '-' reads one protocol from standard input; with --fix the fixed text is printed instead.
    """
    from confide.cache import default_folder
    from confide.commands.run_check import CheckRun, run
    from confide.config import code_list, silenceable

    settings = _settings(config, libraries, jurisdiction, today, fail_on=Severity.parse(fail_on) if fail_on else None,
                         format=fmt if fmt != "docx" else None, max_file_size=max_file_size,
                         force_exclude=force_exclude, cache_size=cache_size,
                         select=code_list(select, "--select", "") if select else None,
                         ignore=silenceable(code_list(ignore, "--ignore", ""), "--ignore", "") if ignore else None)
    if fmt == "docx":
        return _check_into_word(settings, paths, source, output)
    styled = output is None and _colour_enabled() is not False and (sys.stdout.isatty() or bool(_colour_enabled()))
    options = CheckRun(paths or (".",), quiet, statistics, exit_zero, fix, show_diff, stdin_filename, jobs,
                       None if no_cache else Path(cache_dir) if cache_dir else default_folder(),
                       _colour_word if styled else None)

    def deliver(report: IO[bytes]) -> None:
        """Copy a finished report (guarded by its writer) to ``--output``, atomically, or to stdout."""
        from confide.report.stream import copy

        piped = None if sys.stdout.isatty() else getattr(sys.stdout, "buffer", None)
        if output:
            with atomic(Path(output)) as out:
                copy(report, out.write)
        elif piped is not None:
            # Into a pipe or a file the report's bytes go as they are: it is UTF-8 and guarded,
            # and colour codes are in it only when colour was asked for, so there is nothing for
            # click to strip. Decoding and printing it was three quarters of a re-run answered
            # from the cache (3.6 s of 4.7 s for a 850 MB report).
            sys.stdout.flush()
            copy(report, piped.write)
            piped.flush()
        else:  # a terminal (click writes to a Windows console its own way), or no file at all
            decoder = codecs.getincrementaldecoder("utf-8")()
            copy(report, lambda block: click.echo(decoder.decode(block), nl=False, color=_colour_enabled()))
        if settings.format == "sarif":
            from confide.report.sarif import NOTICE_ROOM, cut_notice

            # Read from the log, so a report answered from the cache warns too: its end is enough.
            report.seek(max(0, report.seek(0, os.SEEK_END) - NOTICE_ROOM))
            notice = cut_notice(report.read().decode("utf-8", "replace"))
            if notice:
                click.echo(f"confide: warning: {notice}", err=True)

    checker = _checker(settings)
    checker.library(None)  # a --library or settings file with errors stops the run (exit 2), as in every command
    _library_sound(checker)
    return run(options, checker, lambda text, syntax: _emit(text, output, syntax), deliver,
               lambda message, err: _say(message + "\n", err=err), lambda: sys.stdin.buffer.read(),
               _progress_bar() if sys.stderr.isatty() else None)


def _colour_word(word: str, severity: Severity) -> str:
    """A severity word in its colour (a function, not a lambda: worker processes are given it)."""
    return click.style(word, fg=COLOURS[severity], bold=True)


def _check_into_word(settings: Settings, paths: tuple[str, ...], source: str | None, output: str | None) -> int:
    """``check --format docx``: the Word policy with each finding as a comment on its source paragraph."""
    from confide.commands.annotate import annotate_word

    if len(paths) != 1 or not source or not output:
        raise click.UsageError("--format docx needs one protocol, --source POLICY.docx and --output FILE.docx")
    checked = _open_checked(_checker(settings), paths[0])
    annotate_word(checked, Path(source), Path(output))
    return 1 if checked.report.failing(settings.fail_on) else 0


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


def _emit(text: str | bytes, output: str | None, syntax: str | None) -> None:
    """Print ``text``, or write it to ``output`` (atomically, never through a link: confide.files).

    ``syntax`` says how the text is written (text, json, xml, markdown: confide.display.SYNTAXES)
    so that anything a protocol put in it is shown as data; None for text given back whole
    (``check - --fix``; bytes when standard input was not UTF-8 text). It has no default: JSON
    guarded as text would not be JSON.
    """
    if syntax is not None:
        if isinstance(text, bytes):
            raise TypeError("only a protocol given back whole is written as bytes")
        text = guard(text, syntax)
    if output:
        write_atomic(Path(output), text)
    else:
        click.echo(text, nl=False, color=_colour_enabled())


def _say(text: str, err: bool = False) -> None:
    """Print plain text a command made from a protocol (explain, simulate, fmt), guarded."""
    click.echo(guard(text), nl=False, err=err)


@cli.command(name="rules")
@click.option("--format", "fmt", type=Choice(("text", "json")), default="text", show_default=True)
def list_rules(fmt: str) -> None:
    """List the rule catalogue: code, severity, symbol and summary (``confide diff``'s codes: docs/ci.md)."""
    import json

    from confide.rules import CATALOGUE

    rules = sorted(CATALOGUE.values(), key=lambda r: r.code)
    if fmt == "json":
        click.echo(json.dumps([{"code": r.code, "symbol": r.symbol, "severity": r.severity.label, "scope": r.scope,
                                "summary": r.summary, "rests_on": r.section("Rests on")} for r in rules], indent=2))
        return
    for rule in rules:
        click.echo(f"{rule.code:<10} {rule.severity.label:<8} {rule.symbol:<45} {rule.summary}")


@cli.command()
@click.argument("args", nargs=-1, required=True, metavar="CODE | STANDARD | LAW | FILE REF")
@_settings_options
def explain(args: tuple[str, ...], config: str | None, libraries: tuple[str, ...], jurisdiction: str | None,
            today: Any) -> int:
    """Explain a rule (CODE or symbol), a standard or a law, or why clause REF of FILE is (not) justified."""
    from confide.commands import explain as words
    from confide.rules import CATALOGUE
    from confide.source import did_you_mean

    checker = _checker(_settings(config, libraries, jurisdiction, today))
    if len(args) == 2 and not os.path.exists(args[0]) and os.path.isfile(args[1]):
        raise click.UsageError("give the protocol FILE first, then the clause REF: "
                               f"confide explain {args[1]} {args[0]}")
    if len(args) == 1 and (args[0].endswith(".protocol") or os.path.isfile(args[0])):
        refs = [c.ref.text for c in _open_checked(checker, args[0]).graph.clauses]
        raise click.UsageError(f"give a clause REF after the file: confide explain {args[0]} REF "
                               f"(its clauses: {', '.join(refs) or 'none'})")
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
    from confide.commands.diff import CHANGES

    word = args[0]
    rule = CATALOGUE.lookup(word) or CHANGES.lookup(word)
    if rule is not None:
        _say(words.explain_rule(rule))
        return 0
    library = checker.library(None)
    _library_sound(checker)
    if word in library.standards:
        _say(words.explain_standard(library.standards[word], library))
        return 0
    if word in library.laws:
        _say(words.explain_law(library.laws[word], library))
        return 0
    if (meaning := words.explain_word(word)) is not None:
        _say(meaning)
        return 0
    guess = CATALOGUE.guess(word) or did_you_mean(word, [*library.standards, *library.laws])
    hint = f"did you mean '{guess}'?" if guess else "nothing is close"
    raise click.UsageError(f"no rule, standard or law '{word}'; {hint} ('confide rules' lists the rules)")


def _library_sound(checker: Any) -> None:
    """Stop (exit 2) when a law library the run has loaded has errors: nothing judged against it
    can be trusted, so no command (``check`` included) reports verdicts resting on it.
    """
    from confide.check import UsageError
    from confide.report.text import file_lines

    problem = checker.library_problem()
    if problem is not None:
        # Every problem in full first (file, line, column, the line and a caret), then the one line.
        shown = [line for report in checker.library_reports() for line in file_lines(report, None)]
        click.echo(guard("\n".join(shown), "text"), err=True)
        raise UsageError(problem)


def _open_checked(checker: Any, file: str) -> Any:
    """The checked protocol; input errors are printed and stop the command (exit 1)."""
    from confide.report.stream import render_text

    _library_sound(checker)
    checked = checker.open(file)
    _library_sound(checker)
    if checked.graph is None:
        _say(render_text([checked.report]))
        raise click.exceptions.Exit(1)
    return checked


@cli.command(name="test")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=Choice(("text", "junit")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--failures-only", is_flag=True, help="List only the expectations that failed.")
@_settings_options
def test_scenarios(paths: tuple[str, ...], fmt: str, output: str | None, failures_only: bool, config: str | None,
                   libraries: tuple[str, ...], jurisdiction: str | None, today: Any) -> int:
    """Run the scenarios (policy tests) in *.scenario files and protocols; exit 1 on a failure."""
    from confide.commands.scenarios import render_junit, render_text, run

    checker = _checker(_settings(config, libraries, jurisdiction, today))
    checker.library(None)
    _library_sound(checker)
    files = run(paths, checker)
    _emit(render_junit(files) if fmt == "junit" else render_text(files, verbose=not failures_only), output,
          "xml" if fmt == "junit" else "text")
    return 0 if all(f.passed for f in files) else 1


@cli.command()
@click.argument("file")
@click.option("--event", "events", multiple=True, help="A trigger that happened. Repeatable.")
@click.option("--consent", type=Choice(("given", "refused", "not-asked")), default="not-asked",
              show_default=True)
@click.option("--age", type=click.IntRange(0, OLDEST_CLIENT), help="The client's age (under 18: a young person).")
@click.option("--competent/--not-competent", default=None, help="Whether a young person was assessed as competent.")
@click.option("--all", "table", is_flag=True, help="Print the decision table for every situation instead.")
@click.option("--format", "fmt", type=Choice(("text", "json")), default="text", show_default=True)
@_settings_options
def simulate(file: str, events: tuple[str, ...], consent: str, age: int | None, competent: bool | None,
             table: bool, fmt: str, config: str | None, libraries: tuple[str, ...], jurisdiction: str | None,
             today: Any) -> int:
    """Show what a protocol makes staff do in a situation, step by step, and whether it is lawful."""
    from confide.commands.simulate import decision_table
    from confide.commands.simulate import simulate as run
    from confide.commands.situation import Situation
    from confide.source import suggestion_suffix

    checked = _open_checked(_checker(_settings(config, libraries, jurisdiction, today)), file)
    if table:
        if fmt == "json":
            raise click.UsageError("--all prints a table; --format json describes one situation")
        _say(decision_table(checked))
        return 0
    graph = checked.graph
    for event in events:  # a misspelt event would silently be a situation where nothing happens
        if event != "none" and event not in graph.unit.triggers and graph.trigger_standard(event) is None:
            known = sorted({*graph.unit.triggers, *graph.library.standards})
            raise click.UsageError(f"--event {event}: {file} has no such trigger, and the law library no such "
                                   f"standard{suggestion_suffix(event, known)}")
    situation = Situation(frozenset(events) - {"none"}, graph.situation_group(age), consent, age, competent)
    if fmt == "json":
        import json

        from confide.commands.simulate import simulate_record

        _emit(json.dumps(simulate_record(checked, situation), indent=2, ensure_ascii=False) + "\n", None, "json")
        return 0
    _say(run(checked, situation))
    return 0


@cli.command(name="diff")
@click.argument("paths", nargs=-1, metavar="OLD NEW | --base REF [PATH...]")
@click.option("--base", metavar="GIT-REF", help="Compare the working tree with this git revision.")
@click.option("--format", "fmt", type=Choice(("text", "markdown", "json")), default="text", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the report to FILE.")
@click.option("--fail-on", type=Choice(SEVERITIES),
              help="Exit 1 when a change that makes sharing less safe is at or above this (default: error).")
@_settings_options
def diff_protocols(paths: tuple[str, ...], base: str | None, fmt: str, output: str | None, fail_on: str | None,
                   config: str | None, libraries: tuple[str, ...], jurisdiction: str | None, today: Any) -> int:
    """Show what a redraft changes in obligations; exit 1 when it makes sharing less safe (DIFF codes)."""
    from confide.commands.diff import diff, render_json, render_markdown, render_text
    from confide.commands.drafts import folder_pairs, revision_pairs

    settings = _settings(config, libraries, jurisdiction, today, fail_on=Severity.parse(fail_on) if fail_on else None)
    checker = _checker(settings)
    if base is not None:
        pairs = revision_pairs(base, paths or (".",), checker)
    elif len(paths) == 2:
        pairs = folder_pairs(paths[0], paths[1], checker)
    else:
        raise click.UsageError("give OLD and NEW (two files or two folders), or --base GIT-REF")
    checker.library(None)
    diffs = [diff(old, new) for old, new in pairs]
    _library_sound(checker)  # each side was checked with the same library: a broken one judges neither
    render = {"json": render_json, "markdown": render_markdown}.get(fmt, render_text)
    _emit(render(diffs, settings.fail_on), output, fmt)
    return 1 if any(d.failing(settings.fail_on) for d in diffs) else 0


@cli.command()
@click.option("--service", required=True, type=Choice(sorted(SERVICE_KINDS)), help="The kind of service.")
@click.option("--clients", required=True, type=Choice(sorted(CLIENT_GROUPS)), help="Whom it serves.")
@click.option("--jurisdiction", type=Choice(sorted(JURISDICTIONS)),
              help="Whose law (default: the settings' jurisdiction, else england-and-wales).")
@click.option("--out", "output", type=click.Path(dir_okay=False, writable=True), help="Write the protocol to FILE.")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Read settings from FILE.")
def init(service: str, clients: str, jurisdiction: str | None, output: str | None, config: str | None) -> int:
    """Write a starter protocol for a kind of service that checks clean, with comments saying why."""
    from confide.commands.init import starter

    if output and os.path.lexists(output):  # a dangling link counts: it would be written through
        raise click.UsageError(f"{output} already exists; choose another --out or remove it")
    settings = _settings(config, jurisdiction=jurisdiction)
    chosen = settings.jurisdiction or "england-and-wales"
    _emit(starter(service, clients, _checker(settings).library(chosen)), output, "text")
    return 0


@cli.command(name="fmt")
@click.argument("paths", nargs=-1, required=True)
@click.option("--check", "check_only", is_flag=True, help="Change nothing; exit 1 if a file would be reformatted.")
@click.option("--force-exclude", is_flag=True, default=None, help="Apply exclude to files named explicitly too.")
@click.option("--config", "config", type=click.Path(dir_okay=False), help="Read settings from FILE.")
def fmt(paths: tuple[str, ...], check_only: bool, force_exclude: bool | None, config: str | None) -> int:
    """Rewrite protocols in the canonical layout, keeping every comment."""
    from confide.commands.fmt import format_paths

    return format_paths(paths, check_only, lambda message, err: _say(message + "\n", err=err),
                        _settings(config, force_exclude=force_exclude))


@cli.command(name="graph")
@click.argument("file")
@click.option("--format", "fmt", type=Choice(("dot", "mermaid", "svg")), default="dot", show_default=True)
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
@click.option("--format", "fmt", type=Choice(("html", "markdown")), default="html", show_default=True)
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True), help="Write the leaflet to FILE.")
@_settings_options
def leaflet(file: str, fmt: str, output: str | None, config: str | None, libraries: tuple[str, ...],
            jurisdiction: str | None, today: Any) -> int:
    """Write the client leaflet: what stays private, what is shared and when, generated from the protocol."""
    from confide.commands.leaflet import build, render

    checked = _open_checked(_checker(_settings(config, libraries, jurisdiction, today)), file)
    _emit(render(build(checked), fmt), output, "xml" if fmt == "html" else fmt)
    return 0


@cli.command()
@click.argument("file")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the policy to FILE: .docx for Word, otherwise HTML (default: HTML on standard output).")
@_settings_options
def publish(file: str, output: str | None, config: str | None, libraries: tuple[str, ...], jurisdiction: str | None,
            today: Any) -> int:
    """Write the staff policy from a protocol (must, may, never; with whom, when, why), the leaflet appended."""
    from confide.commands.publish import build, render_html, write_docx

    checked = _open_checked(_checker(_settings(config, libraries, jurisdiction, today)), file)
    policy = build(checked)
    if output and output.lower().endswith(".docx"):
        write_docx(policy, Path(output))
    else:
        _emit(render_html(policy), output, "xml")
    errors = sum(1 for f in checked.report.findings if f.severity == Severity.ERROR)
    if errors:
        _say(f"confide: note: {file} has {errors} error finding(s); the policy says what the protocol says, "
             "so fix them before staff rely on it\n", err=True)
    return 0


@cli.command(name="import")
@click.argument("document")
@click.option("--output", "-o", type=click.Path(dir_okay=False, writable=True),
              help="Write the draft protocol to FILE (it must not exist yet).")
@click.option("--format", "fmt", type=Choice(("protocol", "json")), default="protocol", show_default=True,
              help="The draft protocol, or its items as JSON Lines (what the import scorer reads).")
@_settings_options
def import_document(document: str, output: str | None, fmt: str, config: str | None, libraries: tuple[str, ...],
                    jurisdiction: str | None, today: Any) -> int:
    """Draft a protocol from a Word, PDF, Markdown or text policy; every clause quotes its source."""
    from confide.commands.importing.command import import_text

    if output and os.path.lexists(output):  # a dangling link counts: it would be written through
        raise click.UsageError(f"{output} already exists; choose another --output or remove it")
    checker = _checker(_settings(config, libraries, jurisdiction, today))
    _emit(import_text(document, checker.library(None), fmt), output, "json" if fmt == "json" else "text")
    return 0


@cli.command(name="lsp")
@click.option("--config", "config", type=click.Path(dir_okay=False),
              help="Read settings from FILE (default: the nearest confide.toml or [tool.confide] above each file).")
@click.option("--stdio", is_flag=True, help="Talk over standard input and output (the default; editors pass it).")
def lsp(config: str | None, stdio: bool) -> int:
    """Start the language server for editors (diagnostics, quick fixes, hover, completion...)."""
    from confide.commands.lsp import serve

    serve(Path(config) if config else None)
    return 0


@cli.command()
@click.argument("folder", default=".")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True,
              help="The port to listen on (0: any free port).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on (the default: this machine only).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the web browser too.")
@_settings_options
def serve(folder: str, port: int, host: str, open_browser: bool, config: str | None, libraries: tuple[str, ...],
          jurisdiction: str | None, today: Any) -> int:
    """Start the drafting page for the protocols in FOLDER: findings appear as you type."""
    from confide.commands.serve import serve as run

    checker = _checker(_settings(config, libraries, jurisdiction, today))
    return run(Path(folder), checker, host, port, lambda line: click.echo(line), open_browser)


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
