"""One suggestion per clause, and it checks clean (LANGUAGE.md §6), as a property of every finding.

For every protocol the suite knows (each rule fixture, protocols/, and so ../shared/examples/),
and for protocols generated from the language (tests/generated.py; many more with
CONFIDE_FUZZ_EXAMPLES, as scripts/fuzz.py runs them):

- all the findings on one clause carry the same rewording of that clause;
- that rewording, put in place of the clause, leaves the clause (and the clause it may be split
  into) with no error or warning, and introduces no E-code anywhere;
- a protocol-level suggestion (FDAP001, FDAP007, LAW005), a trigger's (VAGUE001), a declaration's
  (CON002), a deletion (GRAPH003, WAIVER001) and an onward limit (GRAPH002, whose remedy lies
  elsewhere) makes its own finding go, and whatever it adds checks clean.

Every suggestion of a file is applied alone to a fresh copy, so the count of findings covered is
the count a user could act on one at a time.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from confide.batch import check_paths
from confide.check import FileReport
from confide.config import Settings
from confide.findings import Finding, Severity
from generated import fuzz, protocol
from hypothesis import given

ROOT = Path(__file__).resolve().parent.parent
rules_cases = sys.modules["rules_cases"]  # loaded by conftest.py
CASES = [c for c in rules_cases.CASES if c.encoding == "utf-8" and c.max_file_size is None]
PROTOCOLS = sorted((ROOT / "protocols").glob("*.protocol"))
# Findings that are no fault of the protocol, or whose remedy is a fact only the author has: the
# library is partial (LIB001), the review is due (REVIEW001), a policy the law permits (LAW007).
NOTHING_TO_REWORD = frozenset({"LIB001", "REVIEW001", "LAW007"})
# Remedies that lie elsewhere than the clause the finding is on (§6): they keep their own.
OWN_REMEDY = frozenset({"GRAPH002", "WAIVER001"})


def report_of(path: Path, settings: Settings) -> FileReport:
    return next(r for r in check_paths([str(path)], settings) if r.path == str(path))


def apply(text: str, finding: Finding) -> str:
    """``text`` with the finding's suggestion in place of the lines it replaces, or appended."""
    lines = text.split("\n")
    new = finding.suggestion.split("\n") if finding.suggestion else []
    if finding.replaces is None:
        return text.rstrip("\n") + "\n\n" + "\n".join(new) + "\n"
    first, last = finding.replaces
    return "\n".join(lines[: first - 1] + new + lines[last:])


def serious(findings: tuple[Finding, ...], refs: set[str]) -> list[str]:
    return [f"{f.code}@{f.clause} {f.message}" for f in findings
            if f.clause in refs and f.severity >= Severity.WARNING and f.code not in OWN_REMEDY]


def check_file(path: Path, settings: Settings) -> int:
    """Assert the property for every finding in ``path``; the number of findings it covered."""
    original = path.read_text(encoding="utf-8")
    before = report_of(path, settings)
    if any(f.code.startswith("E") for f in before.findings):
        return 0
    by_clause: dict[str, set[tuple[str, tuple[int, int] | None]]] = defaultdict(set)
    for f in before.findings:
        if f.clause is not None and f.code not in OWN_REMEDY and f.suggestion:
            by_clause[f.clause].add((f.suggestion, f.replaces))
    many = {ref: found for ref, found in by_clause.items() if len(found) > 1}
    assert not many, f"{path.name}: clauses with more than one suggestion: {sorted(many)}"
    covered = 0
    tried: dict[tuple[str, tuple[int, int] | None], list[str]] = {}
    for finding in before.findings:
        where = f"{path.name}: {finding.code}@{finding.clause} ({finding.message})"
        if finding.code in NOTHING_TO_REWORD and not finding.suggestion:
            continue
        if finding.code == "VAGUE001" and finding.clause is None and "no library standard" in finding.message:
            continue  # only its author knows what the trigger means: the message asks
        assert finding.suggestion or finding.replaces, f"no suggestion: {where}"
        key = (finding.suggestion, finding.replaces)
        if key not in tried:
            path.write_text(apply(original, finding), encoding="utf-8")
            try:
                after = report_of(path, settings)
            finally:
                path.write_text(original, encoding="utf-8")
            errors = [f"{f.code} {f.span.line}: {f.message}" for f in after.findings if f.code.startswith("E")]
            assert errors == [], f"{where}: the suggestion is not valid protocol text:\n{finding.suggestion}\n{errors}"
            tried[key] = [f"{f.code}@{f.clause}:{f.message}" for f in after.findings]
            # A remedy that lies elsewhere (an onward limit, a waiver removed) rewords no clause:
            # what else is wrong with the clause it is on is that clause's own rewording's to mend.
            reworded = _clauses(finding) if finding.code not in OWN_REMEDY else set()
            dirty = serious(after.findings, reworded)
            assert dirty == [], f"{where}: the rewording is not clean:\n{finding.suggestion}\n" + "\n".join(dirty)
        if finding.clause is None or finding.code in OWN_REMEDY:  # its own finding must be gone
            assert f"{finding.code}@{finding.clause}:{finding.message}" not in tried[key], \
                f"{where}: the suggestion does not remove it:\n{finding.suggestion}"
        covered += 1
    return covered


def _clauses(finding: Finding) -> set[str]:
    """The clauses a suggestion writes: the finding's, and every clause it holds (a split's other half, LAW005's)."""
    refs = {finding.clause} if finding.clause else set()
    for line in finding.suggestion.splitlines():
        if line.startswith("clause "):
            refs.add(line.split()[1])
    return {r for r in refs if r}


@pytest.mark.parametrize("case", CASES, ids=[c.test_id for c in CASES])
def test_fixture_suggestions_check_clean(case: rules_cases.Case, tmp_path: Path) -> None:
    check_file(case.write(tmp_path), case.settings())


@pytest.mark.parametrize("source", PROTOCOLS, ids=[p.name for p in PROTOCOLS])
def test_protocol_suggestions_check_clean(source: Path, tmp_path: Path) -> None:
    # The whole folder, so that includes between the shipped protocols still resolve.
    shutil.copytree(source.parent, tmp_path, dirs_exist_ok=True)
    assert check_file(tmp_path / source.name, Settings()) > 0 or source.name in CLEAN


CLEAN = {"family-hostel-child-hurt-at-home.protocol", "personalised-consent-model.protocol",
         "treatment-gp-letters-opt-out.protocol", "womens-housing-marac-idva.protocol"}


@fuzz(25)
@given(protocol())
def test_generated_protocol_suggestions_check_clean(source: str) -> None:
    with tempfile.TemporaryDirectory(prefix="confide-suggestions-") as tmp:
        path = Path(tmp) / "main.protocol"
        path.write_text(source, encoding="utf-8")
        check_file(path, Settings())
