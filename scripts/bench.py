"""Benchmark confide against a bare lark parse of the same text, in the same run.

Usage: ``make bench`` or ``.venv/bin/python scripts/bench.py [--large] [--sizes small,medium]
[--repeat N] [--json FILE]``.

Corpora (written to a temporary folder, seeded so every run checks the same text):
  small   1 protocol of 50 clauses
  medium  1,000 protocols of 30 clauses
  large   10,000 protocols of 30 clauses (300,000 clauses; --large, several minutes)

Every figure is printed beside the reference measured in the same run on the same text: a
bare lark parse (the project grammar, LALR, contextual lexer, no transformer, no positions;
in a process of its own, texts already in memory). For each corpus:

- the whole ``confide check FOLDER --format json --no-cache`` (a subprocess, as a user runs
  it) with ``--jobs 1`` and ``--jobs 2``: wall time, and peak memory of the whole process
  tree (proportional set size of the command and its workers, summed, sampled every 100 ms;
  the kernel's peak RSS of the main process is printed too);
- an unchanged re-run answered from the cache (after a first run that fills it);
- where the time goes, in a process of its own: the law library (read once), parse, model,
  graph, rules, rewording, report and the rest, each timed exclusively (a stage nested in another is not counted
  twice).

With ``--sizes instructions`` (needs valgrind): instructions per clause, counted by callgrind,
for the whole one-job check and the bare lark parse of the same 40 protocols of the medium
corpus. Exact and the same on every run whatever else the machine is doing, so it is the
figure to compare two versions of the code by on a shared machine (time is not: even CPU time
moves by a tenth between runs there).

Once per run: cold starts of single commands, interpreter included (median of 20 runs):
``confide --version``, ``confide rules``, ``confide check one.protocol --no-cache`` and the
same answered from the cache; and ``python -c pass`` for the floor. Results go in
docs/performance.md. Performance targets live there, never in timed unit tests.
"""

from __future__ import annotations

import argparse
import compileall
import gc
import json
import os
import platform
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIDE = [sys.executable, "-m", "confide"]  # run with the environment snapshot() returns
SIZES = {"small": (1, 50), "medium": (1_000, 30), "large": (10_000, 30)}
# Stages that own everything they call: parsing the law library is the library's time.
ABSORBING = frozenset({"library"})
STAGES = ("library", "parse", "model", "graph", "rules", "rewording", "report", "other")

SERVICES = ["drug-and-alcohol-treatment", "supported-housing", "homeless-hostel", "young-peoples-service", "outreach"]
RECIPIENT_KINDS = ["police", "probation", "childrens-social-care", "adult-social-care", "gp", "health", "family",
                   "housing-provider", "marac", "other-treatment-service"]
DATA_KINDS = ["identity", "contact-details", "attendance", "drug-test-results", "treatment-content",
              "criminal-record", "location", "risk-information", "case-file"]
STANDARDS = ["serious-harm-to-others", "child-at-risk-of-significant-harm",
             "adult-at-risk-of-abuse-or-neglect", "drug-supply-on-premises", "investigation-of-offence",
             "crime-prevention", "client-missing", "court-order", "terrorism-information"]
LAWS = ["crime-and-disorder-act-1998-s115", "data-protection-act-2018-sch2-para2", "children-act-1989-s47",
        "care-act-2014-s42", "terrorism-act-2000-s38b", "common-law-public-interest", "court-order"]
STEPS = ["seek-consent", "consult-supervisor", "inform-client", "record-decision"]
CONSENT = ["required", "preferences", "written", "not-required", "not-required", "blanket"]


# ---- the corpora --------------------------------------------------------------------------------------
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


def snapshot(work: Path, code: Path) -> dict[str, str]:
    """A frozen copy of confide's code (from the checkout ``code``) and the environment that runs it.

    The cache key includes confide's own code, so in a checkout that is being edited a
    "warm" run could silently be a cold one; benchmarking a copy keeps every run comparable.
    """
    for name, target in (("checker", "confide"), ("grammar", "confide/grammar"), ("reports", "confide/reports")):
        if (code / name).is_dir():
            shutil.copytree(code / name, work / "snapshot" / target, ignore=shutil.ignore_patterns("__pycache__"))
    # Compiled once, as pip compiles an installed copy: otherwise, where the environment sets
    # PYTHONDONTWRITEBYTECODE (as this project's containers do), every cold start would compile
    # every module it imports again (about 75 ms), which no user's installed confide does.
    compileall.compile_dir(work / "snapshot", quiet=1)
    return {**os.environ, "PYTHONPATH": str(work / "snapshot")}


# ---- measuring a command ----------------------------------------------------------------------------
def _tree(pid: int) -> list[int]:
    """``pid`` and every process below it (Linux /proc)."""
    out, todo = [], [pid]
    while todo:
        current = todo.pop()
        out.append(current)
        try:
            for task in os.listdir(f"/proc/{current}/task"):
                todo.extend(int(c) for c in Path(f"/proc/{current}/task/{task}/children").read_text().split())
        except OSError:
            continue
    return out


def _memory_kb(pid: int) -> int:
    """The proportional set size of ``pid`` (shared pages split between their users), in kB."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cpu_seconds(pid: int) -> float | None:
    """CPU time of ``pid`` itself so far (not its children), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


class TreeMemory(threading.Thread):
    """Samples the memory of a process tree until stopped; ``peak_mb`` is the largest sum seen.

    It also follows the CPU time of the main process alone (``main_cpu``): with worker
    processes, that is the share of the work that does not run in parallel.
    """

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_kb, self.done, self.main_cpu = pid, 0, threading.Event(), 0.0

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, sum(_memory_kb(p) for p in _tree(self.pid)))
            self.main_cpu = _cpu_seconds(self.pid) or self.main_cpu
            self.done.wait(0.1)  # reading smaps costs CPU the measured command would otherwise have

    @property
    def peak_mb(self) -> float:
        return self.peak_kb / 1024


def run_command(command: list[str], cwd: Path, env: dict[str, str]) -> dict[str, float]:
    """Run ``command``: wall seconds, CPU seconds (the command and its workers), peak tree memory
    (MB) and the main process's peak RSS (MB).

    The machine is shared, so wall time varies with what else runs; CPU time much less.
    """
    load = os.getloadavg()[0]  # what else the machine was doing as the command started
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    sampler = TreeMemory(process.pid)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    sampler.done.set()
    sampler.join()
    code = os.waitstatus_to_exitcode(status)
    if code >= 2:
        error = process.stderr.read().decode() if process.stderr else ""
        raise SystemExit(f"{' '.join(command)} failed ({code}): {error}")
    return {"seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime, "tree_mb": sampler.peak_mb,
            "main_rss_mb": usage.ru_maxrss / 1024, "main_cpu": sampler.main_cpu, "load": load}


def best(runs: int, measure: Callable[[], dict[str, float]]) -> dict[str, float]:
    """The fastest of ``runs`` measurements (the machine is shared: noise only ever adds time)."""
    return min((measure() for _ in range(runs)), key=lambda m: m["seconds"])


# ---- in-process measurements (run in a process of their own) -------------------------------------------
def measure_lark(folder: Path, runs: int) -> dict[str, float]:
    """Seconds to parse every file with bare lark: the project grammar, LALR, contextual lexer, no transformer."""
    from confide.resources import grammar_path
    from lark import Lark

    grammar = grammar_path().read_text(encoding="utf-8")
    parser = Lark(grammar, parser="lalr", lexer="contextual")
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.protocol"))]
    timings = []
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        for text in texts:
            parser.parse(text)
        timings.append((time.perf_counter() - start, time.process_time() - cpu))
    return {"seconds": min(t[0] for t in timings), "cpu": min(t[1] for t in timings)}


class StageClock:
    """Exclusive CPU time per stage: time is charged to the innermost stage running.

    CPU time, not wall time: on a shared machine the other processes' share would otherwise
    land in whichever stage happened to be running.
    """

    def __init__(self) -> None:
        self.spent: dict[str, float] = defaultdict(float)
        self.stack: list[str] = ["other"]
        self.since = time.process_time()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        if self.stack[-1] in ABSORBING:  # e.g. parsing the law library counts as the library
            name = self.stack[-1]
        now = time.process_time()
        self.spent[self.stack[-1]] += now - self.since
        self.stack.append(name)
        self.since = now
        try:
            yield
        finally:
            now = time.process_time()
            self.spent[self.stack.pop()] += now - self.since
            self.since = now

    def wrap(self, owner: Any, attribute: str, name: str, after: Callable[[Any], None] | None = None) -> None:
        """Charge every call of ``owner.attribute`` to stage ``name`` (if confide has that function)."""
        original = getattr(owner, attribute, None)
        if original is None:
            return

        def timed(*args: Any, **kwargs: Any) -> Any:
            with self.stage(name):
                result = original(*args, **kwargs)
                if after is not None:
                    after(result)
                return result

        setattr(owner, attribute, timed)


def _warm(graph: Any) -> None:
    """Work out what a graph's queries cache (each clause's facts, the flows), so it counts as graph."""
    for clause in graph.clauses:
        graph.facts(clause)
    _ = graph.flows


def measure_stages(folder: Path) -> dict[str, float]:
    """The whole check of ``folder`` in this process (one job, no cache), timed by stage."""
    import importlib

    import networkx  # noqa: F401  (imported on first use by onward paths; time the work, not the import)
    from confide import check
    from confide.batch import Batch
    from confide.config import Settings
    from confide.report import render

    def modules(*names: str) -> list[Any]:
        """The modules of this confide among ``names`` (an older one may lack some)."""
        found = []
        for name in names:
            try:
                found.append(importlib.import_module(name))
            except ImportError:
                continue
        return found

    clock = StageClock()
    # Wherever confide looks the stages up (where they are defined, or where they are imported).
    for module in modules("confide.loader", "confide.language.parse", "confide.language.lines"):
        for attribute in ("parse", "recognise"):
            clock.wrap(module, attribute, "parse")
    for module in modules("confide.loader", "confide.language.build"):
        for attribute in ("build", "assemble"):
            clock.wrap(module, attribute, "model")
    clock.wrap(check.Checker, "_load_library", "library")
    for module in modules("confide.check", "confide.graph"):
        clock.wrap(module, "ObligationGraph", "graph", _warm)
    clock.wrap(check.Checker, "_rules", "rules")
    for module in modules("confide.check", "confide.rules.rewording"):
        clock.wrap(module, "reword", "rewording")
    collecting: dict[str, float] = defaultdict(float)

    def collector(phase: str, info: dict[str, int]) -> None:  # time in the cyclic collector, by generation
        if phase == "start":
            collecting["since"] = time.process_time()
        else:
            collecting[f"gc{info['generation']}"] += time.process_time() - collecting["since"]

    gc.callbacks.append(collector)
    settings = Settings()
    start, cpu = time.perf_counter(), time.process_time()
    clock.since = cpu
    reports = Batch(check.Checker(settings), 1, None).reports([str(folder)])
    with clock.stage("report"):
        text = render("json", reports, settings)
    clock.spent["other"] += time.process_time() - clock.since
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    gc.callbacks.remove(collector)
    generations = {k: v for k, v in collecting.items() if k != "since"}
    return {"total": total, "cpu": cpu, "gc": sum(generations.values()), **generations,
            "findings": sum(len(r.findings) for r in reports), "report_mb": len(text.encode()) / 2**20,
            **{stage: clock.spent.get(stage, 0.0) for stage in STAGES}}


def in_process(mode: str, folder: Path, env: dict[str, str], runs: int = 1) -> dict[str, float]:
    """Run ``bench.py --measure MODE FOLDER`` in a fresh process (with the snapshot) and read its JSON."""
    output = subprocess.run([sys.executable, __file__, "--measure", mode, str(folder), "--repeat", str(runs)],
                            env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(output.splitlines()[-1])  # type: ignore[no-any-return]


# ---- the report ------------------------------------------------------------------------------------------
def machine() -> str:
    """nproc, CPU model, memory, Python version and load, for the record."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        memory = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    except (OSError, ValueError, IndexError):
        memory = 0
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GB RAM, Python {platform.python_version()}, "
            f"{platform.system()}; load average {load}")


def cold_starts(work: Path, env: dict[str, str], runs: int = 20) -> dict[str, float]:
    """Median seconds of single commands in a fresh interpreter each time."""
    one = work / "one" / "one.protocol"
    one.parent.mkdir()
    shutil.copy(ROOT / "protocols" / "hostel-cctv-identification.protocol", one)
    python = [sys.executable]
    confide = [*python, "-m", "confide"]
    commands = {
        "python -c pass": [*python, "-c", "pass"],
        "confide --version": [*confide, "--version"],
        "confide rules": [*confide, "rules"],
        "confide check one.protocol --no-cache": [*confide, "check", "one.protocol", "--no-cache"],
        "confide check one.protocol (cached)": [*confide, "check", "one.protocol"],
    }
    out = {}
    for label, command in commands.items():
        for _ in range(2):  # warm the file system cache (and, for the last, confide's cache)
            run_command(command, one.parent, env)
        out[label] = statistics.median(run_command(command, one.parent, env)["seconds"] for _ in range(runs))
    return out


INSTRUCTION_FILES = 40  # of the medium corpus (the same seed): a few minutes under callgrind


def count_instructions(folder: Path, files: int) -> None:
    """``--measure instr-check|instr-lark``: the work whose instructions are counted, and nothing else.

    The first file is checked (or parsed) once beforehand in every run, so that what is imported
    or built on first use is in both counts and cancels out.
    """
    paths = sorted(folder.glob("*.protocol"))
    if os.environ.get("CONFIDE_INSTRUCTIONS") == "lark":
        from confide.resources import grammar_path
        from lark import Lark

        parser = Lark(grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual")
        texts = [p.read_text(encoding="utf-8") for p in paths]
        for text in texts[:1] + texts[:files]:
            parser.parse(text)
        return
    import io

    from confide.batch import Batch
    from confide.check import Checker
    from confide.config import Settings
    from confide.report import writer

    batch = Batch(Checker(Settings()), 1)
    for chosen in (paths[:1], paths[:files]):
        if chosen:
            batch.report([str(p) for p in chosen], writer("json"), "json", io.BytesIO())


def instructions(work: Path, env: dict[str, str]) -> dict[str, float] | None:
    """Instructions per clause of the one-job check and of the bare lark parse (callgrind), each
    less a run of everything but the files: start-up, imports, the grammar, the library.
    """
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("\n## instructions\n\nvalgrind is not installed: skipped")
        return None
    folder = work / "instructions"
    clauses = generate(folder, INSTRUCTION_FILES, SIZES["medium"][1])

    def count(what: str, files: int) -> int:
        done = subprocess.run([valgrind, "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable,
                               __file__, "--measure", "instructions", str(folder), "--repeat", str(files)],
                              env={**env, "PYTHONHASHSEED": "0", "CONFIDE_INSTRUCTIONS": what},
                              check=True, capture_output=True, text=True)
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is None:
            raise SystemExit(f"callgrind gave no count: {done.stderr[-500:]}")
        return int(found.group(1))

    found = {what: (count(what, INSTRUCTION_FILES) - count(what, 0)) / clauses for what in ("check", "lark")}
    print(f"\n## instructions: {INSTRUCTION_FILES} protocols x {SIZES['medium'][1]} clauses, callgrind\n")
    print(f"- bare lark parse: {found['lark']:,.0f} instructions per clause (1.00)")
    print(f"- `check --format json`, one job, in-process: {found['check']:,.0f} per clause "
          f"({found['check'] / found['lark']:.2f} x lark)")
    return found


def bench(name: str, work: Path, env: dict[str, str], repeat: int) -> dict[str, Any]:
    """Every measurement for one corpus."""
    files, per_file = SIZES[name]
    folder = work / name
    clauses = generate(folder, files, per_file)
    runs = repeat if name != "large" else 1
    command = [sys.executable, "-m", "confide", "check", str(folder), "--format", "json"]
    row: dict[str, Any] = {"files": files, "clauses": clauses}
    row["lark"] = in_process("lark", folder, env, runs)
    row["jobs1"] = best(runs, lambda: run_command([*command, "--no-cache", "--jobs", "1"], work, env))
    row["jobs2"] = best(runs, lambda: run_command([*command, "--no-cache", "--jobs", "2"], work, env))
    # A cache of its own, large enough to keep the large corpus's whole report (289 MB; a report
    # is kept whole only if it takes at most half the cache, and the default size is 512 MB).
    cache = work / f"cache-{name}"
    cached = [*command, "--cache-dir", str(cache), "--cache-size", "2048"]
    shutil.rmtree(cache, ignore_errors=True)
    row["cache_first"] = run_command(cached, work, env)
    row["cache_warm"] = best(runs, lambda: run_command(cached, work, env))
    shutil.rmtree(cache, ignore_errors=True)
    row["stages"] = in_process("stages", folder, env)
    after = in_process("lark", folder, env, runs)  # measured before and after: the quieter of the two
    row["lark"] = {key: min(row["lark"][key], after[key]) for key in after}
    show(name, row)
    return row


def show(name: str, row: dict[str, Any]) -> None:
    """Print one corpus's figures, each beside the bare lark parse (wall time and CPU time)."""
    clauses, lark = row["clauses"], row["lark"]

    def line(label: str, seconds: float, cpu: float | None, extra: str = "") -> None:
        cpu_text = f"{cpu:.2f} s | {cpu / lark['cpu']:.2f}" if cpu is not None else "| "
        print(f"| {label} | {seconds:.2f} s | {1e6 * seconds / clauses:,.0f} | {seconds / lark['seconds']:.2f} "
              f"| {cpu_text} | {extra} |")

    print(f"\n## {name}: {row['files']:,} protocol(s) x {clauses // row['files']} clauses = {clauses:,} clauses, "
          f"{row['stages']['findings']:,.0f} findings, JSON report {row['stages']['report_mb']:.1f} MB\n")
    print("| measure | wall | us/clause | x bare lark | CPU | CPU x bare lark | notes |\n|---|---|---|---|---|---|---|")
    line("bare lark parse (reference)", lark["seconds"], lark["cpu"])
    one, two = row["jobs1"], row["jobs2"]
    line("`check --format json --no-cache --jobs 1`", one["seconds"], one["cpu"],
         f"peak memory {one['tree_mb']:,.0f} MB (main RSS {one['main_rss_mb']:,.0f} MB)")
    line("`check --format json --no-cache --jobs 2`", two["seconds"], two["cpu"],
         f"speed-up {one['seconds'] / two['seconds']:.2f}x; peak memory {two['tree_mb']:,.0f} MB; "
         f"main process {two['main_cpu']:.1f} s CPU of {two['cpu']:.1f} s; load {two['load']:.1f} at the start")
    warm = row["cache_warm"]
    line("unchanged re-run from the cache", warm["seconds"], warm["cpu"],
         f"{row['cache_first']['seconds'] / warm['seconds']:.1f}x faster than the first run "
         f"({row['cache_first']['seconds']:.2f} s), {one['seconds'] / warm['seconds']:.1f}x than `--jobs 1`")
    stages = row["stages"]
    line("in-process, one job (stages below: CPU time)", stages["total"], stages["cpu"],
         f"of which {stages['gc']:.2f} s in the cyclic garbage collector")
    for stage in STAGES:
        line(f"- {stage}", stages[stage], stages[stage], f"{100 * stages[stage] / stages['cpu']:.0f} %")


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


def bench_import(work: Path, env: dict[str, str]) -> None:
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
                                      env=env, text=True, check=True)
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
                              env=env, check=True)
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


def measure(args: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float, int]:
    """Run ``confide ARGS``: (wall seconds, processor seconds, peak RSS in MB)."""
    start = time.perf_counter()
    process = subprocess.Popen([*CONFIDE, *args], cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) >= 2:
        raise SystemExit(f"confide {' '.join(args)} failed: {process.stderr.read().decode() if process.stderr else ''}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024


def hostile(work: Path, env: dict[str, str]) -> None:
    """Time every hostile input of issue 11, whole and at half size, and print a table for the docs."""
    print("\n## hostile inputs (wall and processor seconds, peak RSS; half: the same input at half its size)")
    print("| input | size | wall | processor | peak RSS | half size: processor | growth (2.0 = linear) |")
    print("|---|---|---|---|---|---|---|")
    whole, half = hostile_inputs(work / "hostile", 1.0), hostile_inputs(work / "hostile-half", 0.5)
    for name, (args, size) in whole.items():
        wall, cpu, rss = measure(args, env, work)
        _, half_cpu, _ = measure(half[name][0], env, work)
        shown = f"{size / 1e6:.2f} MB" if size >= 100_000 else f"{size / 1e3:.1f} kB"
        print(f"| {name} | {shown} | {wall:.1f} s | {cpu:.1f} s | {rss:,} MB | {half_cpu:.1f} s "
              f"| {cpu / half_cpu:.2f}x for {size / half[name][1]:.2f}x the bytes |", flush=True)


def main() -> int:
    """Parse options, run the chosen corpora, print every figure beside the bare lark parse."""
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--large", action="store_true", help="also run the 10,000-protocol corpus")
    options.add_argument("--sizes", default="",
                         help="comma-separated subset of: import, small, medium, large, lsp, instructions")
    options.add_argument("--hostile", action="store_true", help="only the hostile inputs of issue 11")
    options.add_argument("--repeat", type=int, default=3, help="runs per timing on small and medium (best kept)")
    options.add_argument("--json", type=Path, help="also write every figure to this file")
    options.add_argument("--code", type=Path, default=ROOT, help="benchmark the confide of this checkout "
                         "(default: this one), e.g. an older commit unpacked with git archive")
    options.add_argument("--measure", nargs=2, metavar=("MODE", "FOLDER"), help=argparse.SUPPRESS)
    args = options.parse_args()
    if args.measure:
        mode, folder = args.measure
        if mode == "instructions":
            count_instructions(Path(folder), args.repeat)
            return 0
        found = measure_lark(Path(folder), args.repeat) if mode == "lark" else measure_stages(Path(folder))
        print(json.dumps(found))
        return 0
    if args.hostile:
        print(f"# confide benchmark: hostile inputs\n\nmachine: {machine()}")
        with tempfile.TemporaryDirectory(prefix="confide-bench-") as tmp:
            hostile(Path(tmp), snapshot(Path(tmp), args.code))
        return 0
    names = [s for s in args.sizes.split(",") if s] or ["import", "small", "medium",
                                                          *(["large"] if args.large else []), "lsp",
                                                          "instructions"]
    print(f"# confide benchmark\n\nmachine: {machine()}")
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="confide-bench-") as tmp:
        work = Path(tmp)
        env = snapshot(work, args.code)
        if "import" in names:
            bench_import(work, env)
        figures["cold"] = cold_starts(work, env)
        print("\n## cold start (median of 20, interpreter included)\n")
        for label, seconds in figures["cold"].items():
            print(f"- `{label}`: {seconds * 1000:.0f} ms")
        for name in (n for n in names if n in SIZES):
            figures[name] = bench(name, work, env, args.repeat)
        if "instructions" in names:
            figures["instructions"] = instructions(work, env)
        if "lsp" in names:  # the language server's latency (scripts/bench_lsp.py)
            from bench_lsp import section

            figures["lsp"] = section(CONFIDE, env)
    figures["machine"] = machine()
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
