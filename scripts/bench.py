"""Benchmark confide on generated corpora: wall time, clauses/s, memory and where the time goes.

Usage: ``make bench`` or ``.venv/bin/python scripts/bench.py [--large] [--sizes small,medium]``;
``--hostile`` times the hostile inputs of issue 11 instead (docs/performance.md, "Hostile inputs").

Corpora (written to a temporary folder, seeded so every run checks the same text):
  small   1 protocol of 50 clauses
  medium  1,000 protocols of 30 clauses
  large   10,000 protocols of 30 clauses (300,000 clauses; --large, several minutes)
  lsp     the language server's latency on the small protocol (scripts/bench_lsp.py)

First, the import section (docs/import.md): ``confide import`` on the four sample policies in
../shared/prose, scored with its ``score.py`` (skipped with a message when ../shared is absent),
and on a generated 40-page PDF policy (target: under 5 s on the 2-core machine).

For each corpus it reports the whole ``confide check --format json`` command (a subprocess,
as a user runs it) with ``--jobs 1``, with ``--jobs 2``, and with a warm cache; the bare lark
parse of the same text with the project's grammar as the reference; and an in-process
breakdown by stage (parse, model, graph, rules, report). It also measures cold start: the
median of 10 runs of ``confide check one.protocol``. Results go in docs/performance.md.
Performance targets live here and in that file, never in timed unit tests.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIDE = [str(Path(sys.executable).parent / "confide")]
SIZES = {"small": (1, 50), "medium": (1_000, 30), "large": (10_000, 30)}

SERVICES = ["drug-and-alcohol-treatment", "supported-housing", "homeless-hostel", "young-peoples-service", "outreach"]
RECIPIENT_KINDS = ["police", "probation", "childrens-social-care", "adult-social-care", "gp", "health", "family",
                   "housing-provider", "marac", "other-treatment-service"]
DATA_KINDS = ["identity", "contact-details", "location", "attendance", "drug-test-results", "treatment-content",
              "health", "risk-information", "suspected-activity", "criminal-record"]
STANDARDS = ["serious-harm-to-self", "serious-harm-to-others", "child-at-risk-of-significant-harm",
             "adult-at-risk-of-abuse-or-neglect", "drug-supply-on-premises", "investigation-of-offence",
             "crime-prevention", "client-missing", "court-order", "terrorism-information"]
LAWS = ["crime-and-disorder-act-1998-s115", "data-protection-act-2018-sch2-para2", "children-act-1989-s47",
        "care-act-2014-s42", "terrorism-act-2000-s38b", "common-law-public-interest", "court-order"]
STEPS = ["seek-consent", "consult-supervisor", "inform-client", "record-decision"]
CONSENT = ["required", "preferences", "written", "not-required", "not-required", "blanket"]


def protocol_text(rng: random.Random, index: int, clauses: int) -> str:
    """One realistic protocol: header, declarations, assessment, records and ``clauses`` clauses."""
    out = [f'# generated benchmark protocol {index}', f'protocol "Benchmark service {index}: information sharing"',
           f'  version "{rng.randint(1, 9)}.{rng.randint(0, 9)}"', f'  organisation "Benchmark Trust {index}"',
           f"  service {rng.choice(SERVICES)}", "  sector voluntary", "  jurisdiction england-and-wales",
           f"  clients {rng.choice(['adults', 'young-people', 'all'])}", "  staff-include support-workers",
           "  review-by 2027-03-31", ""]
    recipients = [f"r{i}-{kind}" for i, kind in enumerate(rng.sample(RECIPIENT_KINDS, 5))]
    for name in recipients:
        kind = name.split("-", 1)[1]
        out += [f'recipient {name} "The {kind.replace("-", " ")} team"', f"  kind {kind}"]
        if kind == "family":
            out.append("  named-by client")
    data = [f"d{i}-{kind}" for i, kind in enumerate(rng.sample(DATA_KINDS, 6))]
    for name in data:
        kind = name.split("-", 1)[1]
        out += [f'data {name} "Records of {kind.replace("-", " ")}"', f"  kind {kind}"]
    triggers = [f"t{i}" for i in range(6)]
    for name in triggers:
        out += [f'trigger {name} "Local event {name} that staff may notice"', f"  means {rng.choice(STANDARDS)}",
                f"  threshold {rng.choice(['suspicion', 'belief', 'knowledge'])}"]
    out += ["", "at-assessment", "  explain limits-of-confidentiality", "  record client-preferences",
            "", "records", "  storage secure", "  log disclosures", '  retention "6 years after last contact"', ""]
    for number in range(1, clauses + 1):
        out.append(f'clause {number // 10 + 1}.{number % 10} "Sharing rule {number} of protocol {index}"')
        if rng.random() < 0.9:
            out.append(f"  when {', '.join(rng.sample(triggers, rng.randint(1, 2)))}")
        shared = ", ".join(rng.sample(data, rng.randint(1, 3)))
        to = ", ".join(rng.sample(recipients, rng.randint(1, 2)))
        out.append(f"  staff {rng.choice(['must', 'may', 'may', 'must-not'])} share {shared} with {to}")
        out.append(f"  consent {rng.choice(CONSENT)}")
        out.append(f"  steps {', '.join(rng.sample(STEPS, rng.randint(1, 4)))}")
        if rng.random() < 0.5:
            out.append(f"  basis {rng.choice(LAWS)}")
        if rng.random() < 0.3:
            out.append("  timing case-by-case")
        out.append("")
    return "\n".join(out)


def generate(folder: Path, files: int, clauses: int, seed: int = 6) -> int:
    """Write ``files`` protocols of ``clauses`` clauses; return the total number of clauses."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(files):
        (folder / f"p{index:05d}.protocol").write_text(protocol_text(rng, index, clauses), encoding="utf-8")
    return files * clauses


def snapshot(work: Path) -> list[str]:
    """A frozen copy of confide's code to benchmark, and the command that runs it.

    The cache key includes confide's own code, so in a checkout that is being edited a
    "warm" run could silently be a cold one; benchmarking a copy keeps every run comparable.
    """
    # The source folder is checker/; it is imported as `confide`, with its data beside it.
    for name, target in (("checker", "confide"), ("grammar", "grammar"), ("reports", "reports")):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, work / "snapshot" / target, ignore=shutil.ignore_patterns("__pycache__"))
    os.environ["PYTHONPATH"] = str(work / "snapshot")
    return [sys.executable, "-m", "confide"]


def run_cli(args: list[str], cwd: Path, command: list[str] | None = None) -> tuple[float, int, int]:
    """Run ``confide ARGS``: (wall seconds, peak RSS in MB of the main process, exit code)."""
    start = time.perf_counter()
    process = subprocess.Popen([*(command or CONFIDE), *args], cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode >= 2:
        raise SystemExit(f"confide {' '.join(args)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return elapsed, usage.ru_maxrss // 1024, process.returncode


def bare_lark(folder: Path) -> tuple[float, float]:
    """Seconds to parse every file with bare lark and the project grammar (default options; as configured)."""
    from confide.resources import grammar_path
    from lark import Lark

    grammar = grammar_path().read_text(encoding="utf-8")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.protocol"))]
    timings = []
    for options in ({}, {"propagate_positions": True, "maybe_placeholders": False}):
        parser = Lark(grammar, parser="lalr", **options)  # type: ignore[arg-type]
        start = time.perf_counter()
        for text in texts:
            parser.parse(text)
        timings.append(time.perf_counter() - start)
    return timings[0], timings[1]


def stages(folder: Path) -> dict[str, float]:
    """In-process seconds per stage over every file, the stages called one by one.

    ``model`` is everything the loader does after parsing (building the model, includes,
    name checks); ``graph`` is building the obligation graph; ``rules`` is running the rule
    catalogue on it; ``library`` is parsing the law library, once.
    """
    import networkx  # noqa: F401  (imported on first use by the graph; time the work, not the import)
    from confide import engine, loader
    from confide.check import Result, load_library
    from confide.config import Settings
    from confide.report.text import render_json

    settings = Settings()
    spent: dict[str, float] = defaultdict(float)
    originals = {name: getattr(module, name) for module, name in ((loader, "parse"), (engine, "ObligationGraph"))}

    def timed(module: Any, name: str) -> None:
        original = originals[name]

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start

        setattr(module, name, wrapper)

    start = time.perf_counter()
    library, _ = load_library("england-and-wales", (), settings.max_file_size)
    spent["library"] = time.perf_counter() - start
    timed(loader, "parse")
    timed(engine, "ObligationGraph")
    results = []
    try:
        for path in sorted(folder.glob("*.protocol")):
            start = time.perf_counter()
            loaded = loader.load(path, str(path), folder, library, settings.max_file_size)
            spent["load"] += time.perf_counter() - start
            start = time.perf_counter()
            findings = engine.run_rules(loaded.unit, settings) if loaded.unit is not None else []
            spent["rules+graph"] += time.perf_counter() - start
            results.append(Result(str(path), loaded.source, None, [*loaded.findings, *findings]))
    finally:
        loader.parse, engine.ObligationGraph = originals["parse"], originals["ObligationGraph"]
    start = time.perf_counter()
    render_json(results)
    spent["report"] = time.perf_counter() - start
    return {
        "library": spent["library"], "parse": spent["parse"], "model": spent["load"] - spent["parse"],
        "graph": spent["ObligationGraph"], "rules": spent["rules+graph"] - spent["ObligationGraph"],
        "report": spent["report"], "findings": sum(len(r.findings) for r in results),
    }


def cold_start(work: Path) -> float:
    """Median seconds of 10 runs of ``confide check one.protocol`` (interpreter start included)."""
    one = work / "one.protocol"
    shutil.copy(ROOT / "protocols" / "hostel-cctv-identification.protocol", one)
    runs = [run_cli(["check", "one.protocol", "--no-cache"], work)[0] for _ in range(11)][1:]
    return statistics.median(runs)


def machine() -> str:
    """nproc, CPU model and Python version, for the record."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({model}), Python {platform.python_version()}, {platform.system()}"


def bench(name: str, work: Path, command: list[str]) -> dict[str, float]:
    """Every measurement for one corpus, printed as it is taken."""
    files, per_file = SIZES[name]
    folder = work / name
    clauses = generate(folder, files, per_file)
    print(f"\n## {name}: {files:,} protocol(s) x {per_file} clauses = {clauses:,} clauses", flush=True)
    row: dict[str, float] = {"clauses": clauses}
    for label, args in (("jobs1", ["--jobs", "1", "--no-cache"]), ("jobs2", ["--jobs", "2", "--no-cache"])):
        row[label], row[f"{label}_mb"], _ = run_cli(["check", str(folder), "--format", "json", *args], work, command)
    entries = work / ".confide-cache"
    shutil.rmtree(entries, ignore_errors=True)
    cached = ["check", str(folder), "--format", "json", "--cache-dir", str(entries)]
    row["cache_cold"], _, _ = run_cli(cached, work, command)
    before = sum(1 for _ in entries.rglob("*.json"))
    row["cache_warm"], row["cache_warm_mb"], _ = run_cli(cached, work, command)
    if sum(1 for _ in entries.rglob("*.json")) != before or before < files:
        print("  WARNING: the warm run was not answered from the cache")
    shutil.rmtree(entries, ignore_errors=True)
    row["lark_default"], row["lark_positions"] = bare_lark(folder)
    for stage, seconds in stages(folder).items():
        row[f"stage_{stage}" if stage != "findings" else stage] = seconds
    print(f"  confide check --format json --jobs 1 : {row['jobs1']:8.2f} s  {clauses / row['jobs1']:10,.0f} clauses/s"
          f"  peak RSS {row['jobs1_mb']:,} MB for {row['findings']:,.0f} findings")
    print(f"  confide check --format json --jobs 2 : {row['jobs2']:8.2f} s  {clauses / row['jobs2']:10,.0f} clauses/s"
          f"  speed-up {row['jobs1'] / row['jobs2']:.2f}x")
    print(f"  cache: first run {row['cache_cold']:.2f} s, unchanged re-run {row['cache_warm']:.3f} s"
          f"  ({row['cache_cold'] / row['cache_warm']:.1f}x, peak RSS {row['cache_warm_mb']} MB)")
    print(f"  bare lark parse (in-process, lalr defaults): {row['lark_default']:.2f} s"
          f"  {clauses / row['lark_default']:,.0f} clauses/s;"
          f" with propagate_positions: {row['lark_positions']:.2f} s")
    staged = {k[6:]: v for k, v in row.items() if k.startswith("stage_")}
    total = sum(staged.values())
    print("  in-process stages (--jobs 1, no cache): " + ", ".join(
        f"{k} {v:.2f} s ({100 * v / total:.0f}%)" for k, v in staged.items()))
    return row


IMPORT_SECTION = [
    "We will share information with the relevant authorities without the resident's consent where we believe "
    "that the resident, or someone else, is at risk of serious harm.",
    "Staff must not tell any caller or visitor whether a person lives at the hostel. This includes family members, "
    "partners and people claiming to be professionals who cannot prove who they are.",
    "If a police officer asks to view CCTV footage, the duty worker must show it to them, and a copy must be provided "
    "within 24 hours if the officer asks for one.",
    "With the resident's agreement, key workers may contact the resident's GP, community mental health team or drug "
    "and alcohol worker to coordinate their care.",
    "Records are kept for six years after a resident leaves and are then securely destroyed. Every disclosure of "
    "information without consent must be recorded on the resident's file.",
    "Where a resident tells us about domestic abuse and is assessed as high risk, the key worker may refer them to "
    "MARAC. We will try to get the resident's agreement first, but a referral can be made without it.",
]


def policy_pdf(out: Path, pages: int = 40) -> Path:
    """A ``pages``-page PDF policy: numbered clauses, a table per page, running header and page footer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    styles = getSampleStyleSheet()

    def furniture(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(56, 810, "Example Trust | Confidentiality Policy | OFFICIAL")
        canvas.drawRightString(540, 30, f"Page {doc.page} of {pages}")
        canvas.restoreState()

    story: list[Any] = []
    for page in range(1, pages + 1):
        story.append(Paragraph(f"{page}. Section {page}", styles["Heading2"]))
        for k, text in enumerate(IMPORT_SECTION * 2, start=1):
            story += [Paragraph(f"{page}.{k} {text}", styles["BodyText"]), Spacer(1, 4)]
        story += [Table([["Agency", "What we share", "When"], ["Probation", "Attendance and risks", "Weekly"],
                         ["Housing Options", "Name and move-out date", "On eviction"]]), PageBreak()]
    SimpleDocTemplate(str(out), pagesize=A4).build(story, onFirstPage=furniture, onLaterPages=furniture)
    return out


def bench_import(work: Path) -> None:
    """``confide import``: scores on the shared samples, and the time for a 40-page PDF (target < 5 s)."""
    import json

    print("\n## import (docs/import.md)", flush=True)
    prose = ROOT.parent / "shared" / "prose"
    samples = [prose / n for n in ("ropewalk.docx", "tidemark.txt", "srp.md", "sdisa.pdf")]
    if all(p.exists() for p in samples) and (prose / "score.py").exists():
        draft = work / "DRAFT.jsonl"
        with open(draft, "w", encoding="utf-8") as out:
            for sample in samples:
                start = time.perf_counter()
                done = subprocess.run([*CONFIDE, "import", str(sample), "--format", "json"], capture_output=True,
                                      text=True, check=True)
                out.write(done.stdout)
                print(f"  confide import {sample.name}: {time.perf_counter() - start:.2f} s, "
                      f"{done.stdout.count(chr(10))} items", flush=True)
        scored = json.loads(subprocess.run([sys.executable, str(prose / "score.py"), str(draft)], capture_output=True,
                                           text=True, check=True).stdout)
        recall = scored["recall"]["share+prohibition, core"]
        fields = {k: v[0] for k, v in scored["field_accuracy"].items()}
        print(f"  samples: recall {recall[0]}/{recall[1]} = {recall[2]} of core sharing rules;"
              f" clause precision {scored['precision']['clauses on a sharing rule'][2]};"
              f" strict {scored['core_rules_strict']['and modality, recipient kind, consent right']}")
        print("  field accuracy on recalled rules: " + ", ".join(f"{k} {v}" for k, v in fields.items()))
        print(f"  missed core rules: {', '.join(scored['missed_core_rules']) or 'none'}")
    else:
        print(f"  samples: skipped ({prose} with the samples and score.py is not on this machine)")
    big = policy_pdf(work / "policy-40-pages.pdf", 40)
    runs, cpu = [], []
    for _ in range(3):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run([*CONFIDE, "import", str(big), "--format", "json"], capture_output=True, text=True,
                              check=True)
        runs.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    seconds = statistics.median(runs)
    print(f"  40-page PDF ({big.stat().st_size // 1024} KB): confide import {seconds:.2f} s wall, "
          f"{statistics.median(cpu):.2f} s CPU (medians of 3, interpreter start included; load average "
          f"{os.getloadavg()[0]:.1f}), {done.stdout.count(chr(10))} items; target < 5 s: "
          f"{'met' if seconds < 5 else 'MISSED'}", flush=True)


# ---- hostile inputs (issue 11; docs/performance.md, "Hostile inputs") ------------------------------------
# Small files built to cost as much as possible: each is measured whole and at half its size, so the
# ratio of the two times against the ratio of the sizes shows whether the cost grows in proportion.
HOSTILE_HEAD = 'protocol "Hostile"\n  clients adults\n  service supported-housing\n'


def partners_text(count: int) -> str:
    """``count`` partners, each sharing with every other without consent: count x (count - 1) onward flows."""
    out = [HOSTILE_HEAD, *(f'recipient p{i} "Partner {i}"\n  kind police\n' for i in range(count))]
    out.append("clause 0\n  staff may share identity with " + ", ".join(f"p{i}" for i in range(count))
               + "\n  consent not-required\n")
    out += [f"clause {i + 1}\n  p{i} may share identity with " + ", ".join(f"p{j}" for j in range(count) if j != i)
            + "\n  consent not-required\n" for i in range(count)]
    return "".join(out)


def clauses_text(count: int) -> str:
    """``count`` clauses, every one with findings (an automatic referral with no duty behind it)."""
    return HOSTILE_HEAD + "".join(f"clause {i}\n  staff must share identity with police\n  consent not-required\n"
                                  for i in range(count))


def syntax_text(size: int) -> str:
    """About ``size`` bytes of valid clauses, then 20 syntax errors at the very end."""
    body, total, n = [HOSTILE_HEAD], len(HOSTILE_HEAD), 0
    while total < size - 2_000:
        line = f"clause {n}\n  staff may share identity with police\n"
        body.append(line)
        total, n = total + len(line), n + 1
    return "".join(body) + "".join(f"clause x{k}\n  staff must nott share identity with police\n" for k in range(20))


def hostile_inputs(folder: Path, scale: float) -> dict[str, tuple[list[str], int]]:
    """Write each hostile input at ``scale`` (1.0: the sizes of issue 11); name -> (command, bytes)."""
    folder.mkdir(parents=True, exist_ok=True)
    partners = folder / "partners.protocol"
    partners.write_text(partners_text(round(35 * scale ** 0.5)), encoding="utf-8")  # the flows grow as count²
    clauses = folder / "clauses.protocol"
    clauses.write_text(clauses_text(round(10_000 * scale)), encoding="utf-8")
    includes = folder / "includes"
    includes.mkdir(exist_ok=True)
    parts = round(3_000 * scale)
    for n in range(parts):
        (includes / f"part{n}.protocol").write_text(f'protocol "Part {n}"\nrecipient r{n}\n  kind police\n',
                                                    encoding="utf-8")
    (includes / "main.protocol").write_text(HOSTILE_HEAD + "".join(f'include "part{n}.protocol"\n'
                                                                   for n in range(parts)), encoding="utf-8")
    syntax = folder / "syntax.protocol"
    syntax.write_text(syntax_text(round(5_000_000 * scale)), encoding="utf-8")
    quote = folder / "quote.protocol"
    quote.write_text(HOSTILE_HEAD + 'clause 1 "' + "x" * round(5_000_000 * scale) + "\n", encoding="utf-8")
    size = partners.stat().st_size
    every = sum(p.stat().st_size for p in includes.iterdir())
    return {
        "35 partners sharing with each other: graph --format svg": (
            ["graph", str(partners), "--format", "svg"], size),
        "35 partners sharing with each other: check --format html": (
            ["check", str(partners), "--format", "html", "--no-cache"], size),
        "10,000 clauses with findings: check --format json": (
            ["check", str(clauses), "--format", "json", "--no-cache"], clauses.stat().st_size),
        "10,000 clauses with findings: check --format html": (
            ["check", str(clauses), "--format", "html", "--no-cache"], clauses.stat().st_size),
        "3,000 includes: check --format json": (
            ["check", str(includes / "main.protocol"), "--format", "json", "--no-cache"], every),
        "5 MB file, 20 syntax errors at the end: check --format json": (
            ["check", str(syntax), "--format", "json", "--no-cache"], syntax.stat().st_size),
        "5 MB unclosed quoted text: check": (["check", str(quote), "--no-cache"], quote.stat().st_size),
    }


def measure(args: list[str], command: list[str], cwd: Path) -> tuple[float, float, int]:
    """Run ``confide ARGS``: (wall seconds, processor seconds, peak RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen([*command, *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) >= 2:
        raise SystemExit(f"confide {' '.join(args)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def hostile(work: Path, command: list[str]) -> None:
    """Time every hostile input of issue 11, whole and at half size, and print a table for the docs."""
    print("\n## hostile inputs (wall and processor seconds, peak RSS; half: the same input at half its size)")
    print("| input | size | wall | processor | peak RSS | half size: processor | growth (2.0 = linear) |")
    print("|---|---|---|---|---|---|---|")
    whole, half = hostile_inputs(work / "hostile", 1.0), hostile_inputs(work / "hostile-half", 0.5)
    for name, (args, size) in whole.items():
        wall, cpu, rss = measure(args, command, work)
        _, half_cpu, _ = measure(half[name][0], command, work)
        shown = f"{size / 1e6:.2f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"
        print(f"| {name} | {shown} | {wall:.1f} s | {cpu:.1f} s | {rss:,} MB | {half_cpu:.1f} s "
              f"| {cpu / half_cpu:.2f}x for {size / half[name][1]:.2f}x the bytes |", flush=True)


def main() -> int:
    """Parse options, run the chosen corpora, print the ratios between sizes."""
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--large", action="store_true", help="also run the 10,000-protocol corpus")
    options.add_argument("--sizes", default="", help="comma-separated subset of: import, small, medium, large, lsp")
    options.add_argument("--hostile", action="store_true", help="only the hostile inputs of issue 11")
    args = options.parse_args()
    if args.hostile:
        print(f"# confide benchmark: hostile inputs\nmachine: {machine()}")
        with tempfile.TemporaryDirectory(prefix="confide-bench-") as tmp:
            hostile(Path(tmp), snapshot(Path(tmp)))
        return 0
    names = [s for s in args.sizes.split(",") if s] or ["import", "small", "medium", *(["large"] if args.large else []),
                                                          "lsp"]
    print(f"# confide benchmark\nmachine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="confide-bench-") as tmp:
        work = Path(tmp)
        if "import" in names:
            bench_import(work)
            names.remove("import")
        if not names:
            return 0
        print(f"cold start (median of 10): confide check one.protocol = {cold_start(work) * 1000:.0f} ms")
        command = snapshot(work)
        rows = {name: bench(name, work, command) for name in names if name in SIZES}
        if "lsp" in names:  # the language server's latency (scripts/bench_lsp.py)
            from bench_lsp import section

            section(command)
    if len(rows) > 1:
        print("\n## ratios between sizes (time per clause, --jobs 1; 1.00 = linear)")
        first = next(iter(rows))
        for name, row in rows.items():
            per = row["jobs1"] / row["clauses"]
            print(f"  {name}: {per * 1e6:.0f} us/clause, {per / (rows[first]['jobs1'] / rows[first]['clauses']):.2f}"
                  f" x {first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
