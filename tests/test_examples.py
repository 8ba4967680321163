"""Every protocol in protocols/ and ../shared/examples/ checks to exactly its header."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from confide.batch import check_paths as check
from confide.config import Settings

ROOT = Path(__file__).resolve().parent.parent
FILES = (sorted((ROOT / "protocols").glob("*.protocol"))
         + sorted((ROOT.parent / "shared" / "examples").glob("*.protocol")))


def expectations(path: Path) -> dict[str, Counter[str]]:
    """Parse '# expect errors:' / '# expect warnings:' headers (continuation lines indented)."""
    want: dict[str, Counter[str]] = {"error": Counter(), "warning": Counter()}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = re.match(r"#\s*expect (errors|warnings):(.*)", line)
        if match:
            current = "error" if match.group(1) == "errors" else "warning"
            body = match.group(2)
        elif current and re.match(r"#\s{4,}\S", line):
            body = line[1:]
        else:
            current = None
            continue
        want[current].update(t for t in body.split() if t != "(none)")
    return want


def with_header(path: Path) -> bool:
    return "# expect errors:" in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", [f for f in FILES if with_header(f)], ids=lambda p: f"{p.parent.name}/{p.name}")
def test_protocol_checks_to_its_header(path: Path) -> None:
    results = list(check([str(path)], Settings()))
    got: dict[str, Counter[str]] = {"error": Counter(), "warning": Counter()}
    for finding in (f for r in results for f in r.findings):
        if finding.severity.label in got:
            got[finding.severity.label][f"{finding.code}@{finding.clause}" if finding.clause else finding.code] += 1
    assert got == expectations(path)


def test_every_shared_example_is_copied_into_protocols() -> None:
    shared = ROOT.parent / "shared" / "examples"
    if not shared.is_dir():
        pytest.skip("../shared/examples not present")
    for example in shared.glob("*.protocol"):
        assert (ROOT / "protocols" / example.name).read_text(encoding="utf-8") == example.read_text(encoding="utf-8")
