"""`confide init`: a starter protocol for every service kind and client group that checks clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from confide import vocabulary as V
from confide.batch import check_paths as check
from confide.check import Checker
from confide.commands.init import starter
from confide.config import Settings

LIBRARY = Checker(Settings()).library("england-and-wales")


@pytest.mark.parametrize("clients", sorted(V.CLIENT_GROUPS))
@pytest.mark.parametrize("service", sorted(V.SERVICE_KINDS))
def test_starter_checks_clean(tmp_path: Path, service: str, clients: str) -> None:
    path = tmp_path / "starter.protocol"
    path.write_text(starter(service, clients, LIBRARY), encoding="utf-8")
    findings = [f for r in check([str(path)], Settings()) for f in r.findings]
    assert [(f.code, f.clause, f.message) for f in findings if f.severity.label != "info"] == []


def test_starter_covers_the_duties_that_bind_the_service() -> None:
    text = starter("drug-and-alcohol-treatment", "young-people", LIBRARY)
    assert "basis health-and-social-care-act-2012-s251b" in text  # binds treatment providers
    assert "basis court-order" in text and "assess age-maturity, severity, risk, context" in text
    assert "steps consult-supervisor, record-decision\n  basis terrorism-act-2000-s38b" in text  # no tipping off
    hostel = starter("homeless-hostel", "adults", LIBRARY)
    assert "health-and-social-care-act-2012-s251b" not in hostel and "assess competence" not in hostel


def test_init_writes_a_file_and_never_overwrites(tmp_path: Path, cli: Callable[..., tuple[int, str, str]]) -> None:
    out = tmp_path / "p.protocol"
    assert cli("init", "--service", "outreach", "--clients", "all", "--out", str(out))[0] == 0
    assert out.read_text(encoding="utf-8").startswith("# A starter information-sharing protocol")
    code, _, err = cli("init", "--service", "outreach", "--clients", "all", "--out", str(out))
    assert code == 2 and "already exists" in err
    assert cli("init", "--service", "shop", "--clients", "all")[0] == 2


@pytest.mark.parametrize("service", sorted(V.SERVICE_KINDS))
def test_starter_is_already_in_the_canonical_layout(service: str) -> None:
    from confide.commands.fmt import format_text
    from confide.source import SourceFile

    text = starter(service, "all", LIBRARY)
    assert format_text(SourceFile("<init>", text)) == text  # `confide fmt --check` passes on a new protocol


def test_hostel_starter_has_a_clause_for_dealing_on_the_premises() -> None:
    text = starter("homeless-hostel", "adults", LIBRARY)
    clause = text.split('clause 5 "Dealing on the premises"', 1)[1]
    assert "when dealing" in clause and "consent required" in clause
    assert "means drug-supply-on-premises" in text


def test_init_takes_the_jurisdiction_from_the_settings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       cli: Callable[..., tuple[int, str, str]]) -> None:
    """Settings apply to every command (LANGUAGE.md §7): a Northern Ireland project's starter is
    written for its law, and checks clean under the same settings.
    """
    monkeypatch.chdir(tmp_path)
    (tmp_path / "confide.toml").write_text('jurisdiction = "northern-ireland"\n', encoding="utf-8")
    assert cli("init", "--service", "homeless-hostel", "--clients", "adults", "--out", "p.protocol")[0] == 0
    assert "  jurisdiction northern-ireland" in (tmp_path / "p.protocol").read_text(encoding="utf-8")
    code, out, _ = cli("check", "p.protocol", "--today", "2026-11-26")
    assert code == 0 and "0 errors, 0 warnings" in out
    assert cli("init", "--service", "homeless-hostel", "--clients", "adults", "--jurisdiction", "wales")[1].count(
        "  jurisdiction wales") == 1
