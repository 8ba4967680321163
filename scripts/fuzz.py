"""A long, randomised fuzz run over every command and every output format (docs/security.md).

Usage: ``.venv/bin/python scripts/fuzz.py [--examples N] [-k EXPR]``

The normal test suite runs tests/test_fuzz.py on a small, fixed-seed sample in seconds. This
runs the same properties with ``N`` random examples each (``CONFIDE_FUZZ_EXAMPLES``), a fresh
seed every time: protocols built from the language with hostile text in their quoted texts,
comments and file names, mutations of the real protocols, random bytes and text, and include
chains, through ``check`` in all six formats, ``test`` (text, JUnit), ``simulate``, ``explain``,
``graph`` (DOT, Mermaid, SVG), ``leaflet`` (HTML, Markdown), ``diff`` and ``fmt``. A property
fails on a crash, an exit code other than 0, 1 or 2 (2 only with a one-line message), invalid
output (JSON, SARIF, JUnit, SVG), or a protocol value acting on what shows it: a raw control
character, a workflow command, a script, a live mention. The suggestions of the generated
protocols are held to LANGUAGE.md §6 too: each, put in place, checks clean
(tests/test_suggestions.py). It prints the summary line recorded in docs/security.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--examples", type=int, default=2_000, help="random examples per property (default 2,000)")
    options.add_argument("-k", dest="select", default="", help="only the properties matching this pytest -k expression")
    args = options.parse_args()
    environment = {**os.environ, "CONFIDE_FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "tests/test_fuzz.py", "tests/test_suggestions.py", "-q",
               "-p", "no:cacheprovider",
               "--hypothesis-show-statistics", *(["-k", args.select] if args.select else [])]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=environment, check=False)
    minutes = (time.perf_counter() - started) / 60
    verdict = "no failure" if result.returncode == 0 else f"FAILED (pytest exit {result.returncode})"
    print(f"\nfuzz: {args.examples:,} random examples per property{f' (-k {args.select})' if args.select else ''}, "
          f"{minutes:.0f} min: {verdict}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
