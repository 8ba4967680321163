"""Measure parse speed (parse.parse + transform.build) and the cold start of `confide check`.

Parse speed: a generated protocol of 10,000 clauses (the shape of real ones: a trigger, a
share line, consent, steps, a basis) is parsed and built several times; the best run is
reported in clauses per second, because the best run is the one least disturbed by the rest
of the machine. Cold start: `confide check` on one small example, run 10 times as a fresh
process each time (with the result cache off), median wall-clock time reported, since that
is what a person at a terminal or a CI step waits for.

Run from the repository root: ``.venv/bin/python scripts/parse_speed.py``.
"""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

from confide.language.build import build
from confide.language.parse import parse, parser
from confide.source import SourceFile

ROOT = Path(__file__).resolve().parent.parent
CLAUSES = 10_000
PARSE_RUNS = 3
COLD_RUNS = 10
COLD_TARGET = "protocols/hostel-cctv-identification.protocol"

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


def generated(clauses: int) -> str:
    """A valid protocol with ``clauses`` clauses."""
    return HEAD + "".join(CLAUSE.format(n=n) for n in range(1, clauses + 1))


def parse_rate(clauses: int = CLAUSES, runs: int = PARSE_RUNS) -> tuple[float, float]:
    """(clauses per second, seconds) for the best of ``runs`` parse-and-build runs."""
    source = SourceFile("generated.protocol", generated(clauses))
    parser()  # build the grammar once, as every real run does before its first file
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        parsed = parse(source)
        assert parsed.tree is not None, parsed.errors[:1]
        document, _ = build(parsed.tree, source.path)
        best = min(best, time.perf_counter() - start)
        assert len(document.clauses) == clauses
    return clauses / best, best


def cold_start(runs: int = COLD_RUNS) -> float:
    """Median seconds for a fresh `confide check` process on one small protocol."""
    confide = Path(sys.executable).with_name("confide")
    command = [str(confide), "check", "--no-cache", COLD_TARGET]
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, cwd=ROOT, capture_output=True, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            raise SystemExit(f"confide check failed (exit {done.returncode}): {done.stderr.decode()}")
    return statistics.median(times)


def main() -> None:
    rate, seconds = parse_rate()
    cold = cold_start()
    print(f"machine: {os.cpu_count()} CPUs (nproc), Python {platform.python_version()}, {platform.platform()}")
    print(f"parse + build, {CLAUSES:,} clauses: {seconds:.2f} s, {rate:,.0f} clauses/s (best of {PARSE_RUNS})")
    print(f"cold start, confide check {COLD_TARGET}: median {cold * 1000:.0f} ms of {COLD_RUNS} runs")


if __name__ == "__main__":
    main()
