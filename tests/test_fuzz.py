"""Fuzzing: whatever bytes a protocol holds, the check ends in findings, never a crash.

A protocol is untrusted text written by people, copied out of word processors and mangled by
e-mail, so the contract is: every problem is a coded finding (E001-E006 for the text itself)
or, on the command line, exit 2 with a one-line message; never an uncaught exception.

Two generators: protocols built from the language's own constructs and vocabulary
(tests/generated.py: the rules run on many shapes of valid and nearly-valid text), and mutations of the real
protocols in protocols/ (lines deleted, duplicated and swapped; random bytes; truncation;
CRLF; tabs; a byte-order mark; very long lines), plus chains of includes.

The normal suite runs a fixed-seed (derandomised) sample in seconds. For a long, randomised
run set CONFIDE_FUZZ_EXAMPLES, e.g.::

    CONFIDE_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/test_fuzz.py

(results of such runs are recorded in docs/performance.md).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import string
import tempfile
import xml.dom.minidom
from pathlib import Path
from typing import Any

import pytest
from confide.batch import check_paths as check
from confide.check import FileReport as Result
from confide.cli import main
from confide.config import Settings
from confide.findings import Finding
from confide.report.stream import render_json, render_text
from confide.rules import CATALOGUE as REGISTRY
from generated import fuzz, protocol
from hypothesis import given
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
REAL = sorted((ROOT / "protocols").glob("*.protocol")) + sorted((ROOT / "checker" / "laws").glob("*.protocol"))


KEYWORDS = sorted({
    "protocol", "include", "recipient", "data", "trigger", "at-assessment", "records", "clause", "law",
    "standard", "scenario", "library", "version", "organisation", "service", "sector", "jurisdiction",
    "clients", "staff-include", "review-by", "owner", "kind", "named-by", "onward-sharing", "means",
    "threshold", "explain", "record", "assess", "storage", "log", "retention", "access", "staff", "must",
    "may", "must-not", "share", "with", "publish", "when", "consent", "steps", "except-in-emergency",
    "timing", "basis", "allow", "until", "expect", "events", "client", "no-share", "age",
})


# ---- the check itself ------------------------------------------------------------------------------
def check_folder(files: dict[str, bytes], target: str = "main.protocol") -> list[Result]:
    """Write ``files`` into a fresh folder and check ``target``, asserting the contract."""
    with tempfile.TemporaryDirectory(prefix="confide-fuzz-") as tmp:
        folder = Path(tmp)
        for name, content in files.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
        results = list(check([str(folder / target)], Settings()))
        assert_contract(results)
        return results


def assert_contract(results: list[Result]) -> None:
    """Every finding is registered, placed on a real line, sorted; every format renders."""
    for result in results:
        for finding in result.findings:
            assert finding.code in REGISTRY, finding
            assert finding.span.line >= 1 and finding.span.column >= 1, finding
            assert finding.message and "\n" not in finding.message, finding
        assert list(result.findings) == sorted(result.findings, key=Finding.sort_key)
    document = json.loads(render_json(results))
    assert document["summary"]["files"] == len(results)
    assert render_text(results).endswith("\n")


# ---- protocols built from the language (tests/generated.py) ---------------------------------------------
@fuzz(120)
@given(protocol())
def test_generated_protocols_give_findings_not_crashes(source: str) -> None:
    check_folder({"main.protocol": source.encode("utf-8")})


# ---- mutations of real protocols -----------------------------------------------------------------
def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")


def delete_line(data: bytes, i: int, _: int) -> bytes:
    lines = _lines(data)
    del lines[i % len(lines)]
    return b"\n".join(lines)


def duplicate_line(data: bytes, i: int, _: int) -> bytes:
    lines = _lines(data)
    lines.insert(i % len(lines), lines[i % len(lines)])
    return b"\n".join(lines)


def swap_lines(data: bytes, i: int, j: int) -> bytes:
    lines = _lines(data)
    a, b = i % len(lines), j % len(lines)
    lines[a], lines[b] = lines[b], lines[a]
    return b"\n".join(lines)


def truncate(data: bytes, i: int, _: int) -> bytes:
    return data[: i % (len(data) + 1)]


def random_byte(data: bytes, i: int, j: int) -> bytes:
    at = i % (len(data) + 1)
    return data[:at] + bytes([j % 256]) + data[at:]


def crlf(data: bytes, _: int, __: int) -> bytes:
    return data.replace(b"\n", b"\r\n")


def lone_cr(data: bytes, _: int, __: int) -> bytes:
    return data.replace(b"\n", b"\r")


def tabs(data: bytes, _: int, __: int) -> bytes:
    return data.replace(b"  ", b"\t")


def bom(data: bytes, _: int, __: int) -> bytes:
    return b"\xef\xbb\xbf" + data


def long_line(data: bytes, i: int, j: int) -> bytes:
    lines = _lines(data)
    filler = [b"x" * 100_000, b'"' + b"y" * 100_000 + b'"', b"identity, " * 10_000, b"#" * 100_000][j % 4]
    lines.insert(i % len(lines), b"  staff may share " + filler if j % 2 else filler)
    return b"\n".join(lines)


def keyword_line(data: bytes, i: int, j: int) -> bytes:
    lines = _lines(data)
    word = KEYWORDS[j % len(KEYWORDS)].encode()
    lines.insert(i % len(lines), [word, b"  " + word, word + b" x y z", word + b' "t"'][i % 4])
    return b"\n".join(lines)


MUTATIONS = [delete_line, duplicate_line, swap_lines, truncate, random_byte, crlf, lone_cr, tabs, bom,
             long_line, keyword_line]
mutation = st.tuples(st.sampled_from(MUTATIONS), st.integers(0, 10_000), st.integers(0, 10_000))


@fuzz(250)
@given(st.sampled_from(REAL), st.lists(mutation, min_size=1, max_size=6))
def test_mutated_real_protocols_give_findings_not_crashes(path: Path, steps: list[Any]) -> None:
    data = path.read_bytes()
    for operation, i, j in steps:
        data = operation(data, i, j)
    check_folder({"main.protocol": data})


@fuzz(60)
@given(st.binary(max_size=400))
def test_random_bytes_give_findings_not_crashes(data: bytes) -> None:
    check_folder({"main.protocol": data})


@fuzz(60)
@given(st.text(alphabet=string.printable + "é—‘’“”\u00a0\ufeff", max_size=300))
def test_random_text_gives_findings_not_crashes(source: str) -> None:
    check_folder({"main.protocol": source.encode("utf-8")})


# ---- includes --------------------------------------------------------------------------------------
HEADER = 'protocol "Part {n}"\n  clients adults\nrecipient r{n}\n  kind police\n'


@fuzz(40)
@given(st.integers(1, 40), st.integers(0, 40), st.sampled_from(["chain", "cycle", "diamond", "mutated"]))
def test_include_chains_give_findings_not_crashes(depth: int, back: int, shape: str) -> None:
    files: dict[str, bytes] = {}
    for n in range(depth):
        nxt = n + 1 if n + 1 < depth else (back % depth if shape == "cycle" else None)
        body = HEADER.format(n=n)
        if nxt is not None:
            body += f'include "part{nxt}.protocol"\n'
            if shape == "diamond" and nxt + 1 < depth:
                body += f'include "./part{nxt + 1}.protocol"\n'
        if shape == "mutated" and n == depth - 1:
            body += 'include "../outside.protocol"\ninclude "missing.protocol"\nrecipient r0\n  kind nope\n'
        files[f"part{n}.protocol"] = body.encode()
    results = check_folder(files, "part0.protocol")
    codes = {f.code for r in results for f in r.findings}
    if shape == "chain" and depth > 17:
        assert "E003" in codes  # nested more than 16 deep


# ---- the command line ------------------------------------------------------------------------------
@fuzz(25)
@given(st.sampled_from(REAL[:4]), st.lists(mutation, min_size=1, max_size=4), st.sampled_from(["json", "text"]))
def test_command_line_exits_0_1_or_2_with_one_line(path: Path, steps: list[Any], fmt: str) -> None:
    data = path.read_bytes()
    for operation, i, j in steps:
        data = operation(data, i, j)
    with tempfile.TemporaryDirectory(prefix="confide-fuzz-") as tmp:
        target = Path(tmp) / "main.protocol"
        target.write_bytes(data)
        output = Path(tmp) / "out"
        code = main(["check", str(target), "--format", fmt, "--no-cache", "--output", str(output)])
        assert code in (0, 1)
        if fmt == "json":
            assert all(f["code"] in REGISTRY for f in json.loads(output.read_text(encoding="utf-8"))["findings"])


def test_usage_errors_exit_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (["check", str(tmp_path / "absent.protocol")], ["check", "--format", "nope", "x"],
                 ["check", "--jobs", "0", "x"], ["check", "--max-file-size", "-1", "x"],
                 ["check", "x.protocol", "--library", str(tmp_path / "no-such-library.protocol")]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err.strip()
        assert "Traceback" not in err and "internal error" not in err, err
        assert len([line for line in err.splitlines() if line.startswith(("confide:", "Error:"))]) == 1, err


# ---- every command and every format: protocol text stays data ---------------------------------------------
# What an attacker puts in a protocol or its file name: escape sequences, C1 controls, bidirectional
# overrides, XML-invalid characters, workflow commands, markup, template syntax, mentions, addresses.
PAYLOADS = ["\x1b[2J\x1b[H0 errors", "\x9b31m", "\x1b]8;;https://evil.example\x07x", "\u202egnp.exe", "\x08\x08ok",
            "::error file=a::pwned", "##[stop-commands]t", "\x01\x7f\ufffe\uffff", "<script>alert(1)</script>",
            "{{ 7*7 }}", "@security-team", "https://evil.example/login", "www.evil.example", "\r::warning::x", "\t"]
HOSTILE_ALPHABET = st.characters(blacklist_characters='"\\\n\x00', blacklist_categories=("Cs",))
hostile = st.sampled_from(PAYLOADS) | st.text(alphabet=HOSTILE_ALPHABET, max_size=20)
# A name starting with '-' is an option on any command line (a user writes ./-x.protocol), so not a file name here.
file_name = st.lists(st.sampled_from(PAYLOADS) | st.text(alphabet=st.characters(
    blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=6), min_size=1, max_size=2).map(
    lambda parts: "".join(parts)[:60].replace("/", "_").lstrip(".-") + ".protocol")
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


@st.composite
def hostile_protocol(draw: st.DrawFn) -> str:
    """A protocol of the language with hostile text in its quoted texts and comments.

    A quoted text cannot hold a quote or a line break, so those are dropped from the payloads;
    a comment can hold anything else.
    """
    lines = draw(protocol()).split("\n")
    out = []
    for line in lines:
        line = re.sub(r'"[^"]*"', lambda _: '"' + draw(hostile).replace("\r", " ").replace('"', "'") + '"', line)
        if line.strip() and draw(st.integers(0, 3)) == 0:
            line += "  # " + draw(hostile).replace("\r", " ")
        out.append(line)
    return "\n".join(out)


def assert_inert(out: str, fmt: str) -> None:
    """Nothing a protocol holds acts on a terminal, a CI runner or an XML reader."""
    assert not RAW.search(out), repr(RAW.search(out))
    assert "##[" not in out
    own = r"::(error|warning|notice) file=" if fmt == "github" else r"(?!)"
    assert not [line for line in out.splitlines() if line.lstrip().startswith("::") and not re.match(own, line)]
    if fmt in {"json", "sarif"}:
        json.loads(out)
    elif fmt in {"junit", "svg"}:
        xml.dom.minidom.parseString(out.encode("utf-8"))
    elif fmt in {"html", "leaflet-html"}:
        assert "<script" not in out.lower()  # the pages have no script of their own: any would be injected
    elif fmt == "docx":  # the policy opens in Word's format, and shows control characters visibly
        import docx

        document = docx.Document("policy.docx")  # (no CI runner reads a Word file: '::' and '##[' are words)
        cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
        words = "\n".join([p.text for p in document.paragraphs] + cells)
        assert not RAW.search(words), repr(RAW.search(words))
    elif fmt == "markdown":  # nothing is live in code (a fenced block, or a span in single backticks)
        prose = re.sub(r"`[^`\n]*`", "", re.sub(r"(`{3,})\n.*?\n\1", "", out, flags=re.DOTALL))
        assert not re.search(r"(?<![\w`])@[\w-]", prose)
        assert "https://evil" not in prose and "www.evil" not in prose


def commands(name: str, refs: list[str], events: list[str]) -> list[tuple[list[str], str]]:
    """Every command confide has, in every format, on the protocol ``name``."""
    run = [(["check", name, "--format", fmt], fmt) for fmt in ("text", "github", "json", "sarif", "markdown", "html")]
    run += [(["test", name], "text"), (["test", name, "--format", "junit"], "junit"),
            (["simulate", name, *(f"--event={e}" for e in events[:1])], "text"), (["simulate", name, "--all"], "text"),
            (["graph", name], "text"), (["graph", name, "--format", "mermaid"], "text"),
            (["graph", name, "--format", "svg"], "svg"), (["leaflet", name], "leaflet-html"),
            (["leaflet", name, "--format", "markdown"], "markdown"), (["diff", name, name], "text"),
            (["diff", name, name, "--format", "markdown"], "markdown"), (["fmt", "--check", name], "text"),
            (["publish", name], "html"), (["publish", name, "-o", "policy.docx"], "docx")]
    run += [(["explain", name, ref], "text") for ref in refs[:2]]
    run += [(["fmt", name], "text"), (["check", name, "--fix"], "text")]  # last: these rewrite the file
    return run


@fuzz(6)
@given(hostile_protocol(), file_name)
def test_every_command_and_format_shows_hostile_text_as_data(source: str, name: str) -> None:
    with tempfile.TemporaryDirectory(prefix="confide-fuzz-") as tmp:
        folder = Path(tmp)
        (folder / name).write_text(source, encoding="utf-8")
        refs = re.findall(r"^clause (\S+)", source, re.MULTILINE)
        events = re.findall(r"^trigger (\S+)", source, re.MULTILINE)
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            for argv, fmt in commands(name, refs, events):
                stdout, stderr = io.StringIO(), io.StringIO()
                with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                    code = main(argv)
                out, err = stdout.getvalue(), stderr.getvalue()
                assert code in (0, 1, 2), (argv, code)
                assert "internal error" not in err and "Traceback" not in err, (argv, err)
                if code == 2 and argv[0] == "fmt":  # a file with errors is left alone, each error said
                    assert_inert(out + err, "text")
                    continue
                if code == 2:  # else only ever a one-line refusal (say, a clause REF that a syntax error hid)
                    assert len(err.strip().splitlines()) <= 3, (argv, err)
                    continue
                if code == 1 and argv[0] not in {"check", "test", "fmt"}:
                    fmt = "text"  # the protocol has errors that stop the command: it prints them instead
                assert_inert(out, fmt)
                assert_inert(err, "text")
        finally:
            os.chdir(cwd)


# ---- import: a prose policy is untrusted too ------------------------------------------------------------
SENTENCES = ["Staff must share information with the police when a resident is suspected of dealing.",
             "We will tell the GP with the client's consent.", "Records are kept for six years.",
             "Where a child is at risk of significant harm we will refer to children's social care without consent.",
             "1. Confidentiality", "## Sharing with partners", "| Agency | What | When |", "- the probation service"]


@st.composite
def hostile_prose(draw: st.DrawFn) -> str:
    """A prose policy whose sentences carry the payloads, the way a pasted document might."""
    lines = []
    for _ in range(draw(st.integers(1, 8))):
        sentence = draw(st.sampled_from(SENTENCES))
        cut = draw(st.integers(0, len(sentence)))
        lines.append(sentence[:cut] + draw(hostile) + sentence[cut:])
    return "\n\n".join(lines)


@fuzz(6)
@given(hostile_prose(), st.sampled_from(["policy.txt", "policy.md"]))
def test_import_of_hostile_prose_drafts_inert_protocols_that_check(prose: str, name: str) -> None:
    with tempfile.TemporaryDirectory(prefix="confide-fuzz-") as tmp:
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            Path(name).write_text(prose, encoding="utf-8")
            for argv, fmt in ((["import", name, "--format", "json"], "jsonl"), (["import", name], "text"),
                              (["import", name, "-o", "draft.protocol"], "text"),
                              (["check", "draft.protocol", "--no-cache"], "text")):
                stdout, stderr = io.StringIO(), io.StringIO()
                with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                    code = main(argv)
                out, err = stdout.getvalue(), stderr.getvalue()
                assert "internal error" not in err and "Traceback" not in err, (argv, err)
                if code == 2 and argv[0] == "import":  # text with binary bytes in it is refused, in one line
                    assert len(err.strip().splitlines()) == 1, err
                    assert_inert(err, "text")
                    return
                assert code == 0 or (argv[0] == "check" and code == 1), (argv, code, err)
                if fmt == "jsonl":
                    for line in out.splitlines():
                        json.loads(line)
                    fmt = "text"
                assert_inert(out, fmt)
                assert_inert(err, "text")
            draft = Path("draft.protocol").read_text(encoding="utf-8")
            assert_inert(draft, "text")
            assert not re.search(r"(?<![A-Z])E00[1-5]\b", out), out  # a draft is always a protocol the language reads
        finally:
            os.chdir(cwd)
