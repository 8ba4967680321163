"""Both front ends on one large file: the line parser and lark, each with the model builder.

A generated protocol of 1,000 and of 10,000 clauses (the shape of real ones: a trigger, a share
line, consent, steps, a basis, a comment) is read into the model by the line parser
(``lines.recognise`` then ``build.assemble``, what almost every file takes) and by lark
(``parse.parse`` then ``build.build``, the fallback), and parsed by a bare lark parser (the
grammar, LALR, contextual lexer, no transformer: the reference of docs/performance.md). The
best of a few runs is kept, in CPU time, because it is the one least disturbed by the rest of
a shared machine. Ten times the clauses should take ten times as long: no step is quadratic.

Run from the repository root: ``.venv/bin/python scripts/parse_speed.py`` (about a minute).
"""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable

from confide.language.build import assemble, build
from confide.language.lines import recognise
from confide.language.parse import parse, parser
from confide.resources import grammar_path
from confide.source import SourceFile
from lark import Lark

SIZES = (1_000, 10_000)
RUNS = 3

HEAD = """\
protocol "Generated protocol for timing"
  service drug-and-alcohol-treatment
  sector voluntary
  jurisdiction england-and-wales
  clients adults
recipient police "Area police"
  kind police
trigger risk "A serious risk of harm to others"
  means serious-harm-to-others
  threshold belief
at-assessment
  explain limits-of-confidentiality
records
  storage secure
  log disclosures
"""

CLAUSE = """\
clause {n} "Generated clause {n}"   # a comment, as real protocols have
  when risk
  staff may share identity, risk-information with police
  consent not-required
  steps seek-consent, consult-supervisor, inform-client, record-decision
  basis common-law-public-interest
"""


def generated(clauses: int) -> SourceFile:
    """A valid protocol with ``clauses`` clauses."""
    return SourceFile("generated.protocol", HEAD + "".join(CLAUSE.format(n=n) for n in range(1, clauses + 1)))


def best(work: Callable[[], object], runs: int = RUNS) -> float:
    """The least CPU time of ``runs`` runs of ``work``."""
    times = []
    for _ in range(runs):
        start = time.process_time()
        work()
        times.append(time.process_time() - start)
    return min(times)


def main() -> None:
    bare = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual")
    parser()  # built once, as every run that needs lark does before its first file
    print(f"machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, {platform.platform()}")
    for clauses in SIZES:
        source = generated(clauses)
        blocks = recognise(source)
        tree = parse(source).tree
        assert blocks is not None and tree is not None
        assert assemble(blocks, source.path) == build(tree, source.path)
        reference = best(lambda: bare.parse(source.text))  # noqa: B023  (each size's own source)
        lines = best(lambda: assemble(recognise(source) or [], source.path))  # noqa: B023
        lark = best(lambda: build(parse(source).tree, source.path))  # type: ignore[arg-type]  # noqa: B023
        for label, seconds in (("bare lark parse", reference), ("line parser + model", lines),
                               ("lark parse + model", lark)):
            print(f"{clauses:>6,} clauses  {label:<22} {seconds:6.2f} s CPU  {clauses / seconds:>9,.0f} clauses/s  "
                  f"{seconds / reference:.2f} x bare lark")


if __name__ == "__main__":
    main()
