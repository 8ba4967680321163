"""Every suggested rewording is valid protocol text that makes its finding go away.

For each finding of every firing fixture case, and every finding in protocols/, the
suggestion replaces the lines it names (or is appended) and the file is checked again: the
finding must be gone and nothing may fail to parse or resolve (no E-codes).
"""

from __future__ import annotations

import shutil
import sys
from collections import Counter
from pathlib import Path

import pytest

from confide.config import Settings
from confide.findings import Finding
from confide.batch import check_paths as check

ROOT = Path(__file__).resolve().parent.parent
# Findings whose remedy is deleting lines (an unused declaration, a stale waiver).
DELETIONS = frozenset({"GRAPH003", "WAIVER001"})
# Notices about the check itself, not faults in the protocol: nothing to reword.
NOTICES = frozenset({"LIB001"})


rules_cases = sys.modules["rules_cases"]  # loaded by conftest.py
FIRING = [c for c in rules_cases.CASES if c.fires and not c.code.startswith("E") and c.code not in NOTICES]
PROTOCOLS = sorted((ROOT / "protocols").glob("*.protocol"))


def findings_of(path: Path, settings: Settings) -> list[Finding]:
    """The findings in ``path`` itself (not in the library or included files)."""
    return [f for r in check([str(path)], settings) for f in r.findings if f.span.path == str(path)]


def apply(text: str, finding: Finding) -> str:
    """``text`` with the finding's suggestion put in place of the lines it replaces, or appended."""
    lines = text.split("\n")
    new = finding.suggestion.split("\n") if finding.suggestion else []
    if finding.replaces is None:
        return text.rstrip("\n") + "\n\n" + "\n".join(new) + "\n"
    first, last = finding.replaces
    return "\n".join(lines[: first - 1] + new + lines[last:])


def assert_every_suggestion_fixes(path: Path, settings: Settings, codes: frozenset[str] | None) -> int:
    """Apply each suggestion in turn to a fresh copy of ``path``; the number applied."""
    original = path.read_text(encoding="utf-8")
    before = findings_of(path, settings)
    assert not [f for f in before if f.code.startswith("E")], "the fixture itself must be valid"
    counts = Counter((f.code, f.clause) for f in before)
    applied = 0
    for finding in before:
        if (codes is not None and finding.code not in codes) or finding.code in NOTICES:
            continue
        where = f"{finding.code} at {finding.span.line}:{finding.span.column} ({finding.message})"
        assert finding.suggestion or (finding.code in DELETIONS and finding.replaces), f"no suggestion: {where}"
        assert finding.rests_on, f"no 'rests on': {where}"
        path.write_text(apply(original, finding), encoding="utf-8")
        try:
            after = findings_of(path, settings)
        finally:
            path.write_text(original, encoding="utf-8")
        errors = [f"{f.code} {f.span.line}:{f.span.column} {f.message}" for f in after if f.code.startswith("E")]
        assert errors == [], f"suggestion for {where} is not valid protocol text:\n{finding.suggestion}"
        same = [f for f in after if (f.code, f.clause, f.message) == (finding.code, finding.clause, finding.message)]
        assert same == [], f"suggestion for {where} does not fix it:\n{finding.suggestion}"
        if finding.clause is not None:
            # A clause rewording must not trade one error for another in that clause (a clause
            # it splits in two counts as that clause). A clause added for an unmet duty (LAW005)
            # may rightly expose a prohibition that contradicts the duty, so it is not held to this.
            refs = {f.clause for f in before}
            worse = {(f.code, f.clause if f.clause in refs else finding.clause)
                     for f in after if f.severity.label == "error" and not f.waived}
            worse = {w for w in worse - {(f.code, f.clause) for f in before} if w[1] == finding.clause}
            assert worse == set(), f"suggestion for {where} brings new errors {worse}:\n{finding.suggestion}"
            # Clause findings may reword their message once fixed in part; the count must still fall.
            left = sum(1 for f in after if (f.code, f.clause) == (finding.code, finding.clause))
            assert left < counts[(finding.code, finding.clause)], f"suggestion for {where} does not fix it"
        applied += 1
    return applied


@pytest.mark.parametrize("case", FIRING, ids=[c.test_id for c in FIRING])
def test_fixture_suggestions_fix_their_finding(case: rules_cases.Case, tmp_path: Path) -> None:
    target = case.write(tmp_path)
    assert assert_every_suggestion_fixes(target, case.settings(), frozenset({case.code})) == len(case.expect)


@pytest.mark.parametrize("source", PROTOCOLS, ids=[p.name for p in PROTOCOLS])
def test_protocol_suggestions_fix_their_finding(source: Path, tmp_path: Path) -> None:
    # The whole folder, so that includes between the shipped protocols still resolve.
    shutil.copytree(source.parent, tmp_path, dirs_exist_ok=True)
    target = tmp_path / source.name
    assert assert_every_suggestion_fixes(target, Settings(), None) > 0
