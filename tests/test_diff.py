"""`confide diff OLD NEW`: changes in obligations, not in text; exit 1 when NEW adds an error."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
Cli = Callable[..., tuple[int, str, str]]
OLD = (ROOT / "protocols" / "personalised-consent-model.protocol").read_text(encoding="utf-8")


def redraft(tmp_path: Path, *edits: tuple[str, str]) -> tuple[str, str]:
    new = OLD
    for before, after in edits:
        assert before in new
        new = new.replace(before, after, 1)
    (tmp_path / "old.protocol").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.protocol").write_text(new, encoding="utf-8")
    return str(tmp_path / "old.protocol"), str(tmp_path / "new.protocol")


def test_hardening_weakening_and_dropped_safeguards(tmp_path: Path, cli: Cli) -> None:
    old, new = redraft(
        tmp_path,
        ("staff may share identity, contact-details, location, risk-information with police, adult-safeguarding",
         "staff must share identity, contact-details, location, risk-information with police, adult-safeguarding"),
        ("steps seek-consent, consult-supervisor, inform-client, record-decision\n  except-in-emergency",
         "steps consult-supervisor, record-decision\n  except-in-emergency"),
        ("  consent required\n", "  consent not-required\n"),
    )
    code, out, _ = cli("diff", old, new)
    assert code == 1  # FDAP002 is introduced, and LAW007 notes the new automatic referral
    assert "Hardened (may -> must):\n  [DIFF001 error] contact-details, identity, location, risk-information: " \
           "may -> must share with adult-safeguarding when risk-to-others, risk-to-self (clause 3.1)" in out
    assert "Consent weakened:\n  [DIFF002 error] attendance, treatment-content: consent required -> not-required " \
           "with gp always" in out
    assert "no longer inform-client, seek-consent before sharing with police" in out
    assert "info LAW007 (clause 3.1)" in out and "error FDAP002 (clause 2.2)" in out
    code, back, _ = cli("diff", new, old, "--format", "markdown")
    assert code == 0
    assert "### Softened (must -> may)" in back and "### Consent strengthened" in back
    assert "### Findings resolved" in back and "must -\\> may share" in back


def test_flows_added_and_removed_and_renumbering_is_no_change(tmp_path: Path, cli: Cli) -> None:
    old, new = redraft(tmp_path, ('clause 2.2 "Working', 'clause 9 "Working'),
                       ("staff may share attendance, drug-test-results with family",
                        "staff may share attendance with family"))
    code, out, _ = cli("diff", old, new)
    assert code == 0
    assert out.count("\n  ") == 1
    assert "Flows removed:\n  drug-test-results: staff may share with family always (was clause 2.1)" in out


def test_identical_protocols(cli: Cli) -> None:
    path = str(ROOT / "protocols" / "personalised-consent-model.protocol")
    code, out, _ = cli("diff", path, path)
    assert code == 0 and "No change in obligations or findings." in out


def test_a_broken_law_library_stops_the_diff(tmp_path: Path, cli: Cli) -> None:
    """A pull request that breaks the configured library must not pass a diff gate unnoticed:
    both sides are judged against it, so neither can be.
    """
    old, new = redraft(tmp_path)
    (tmp_path / "lib.protocol").write_text('library "Local"\nlaw foo "x"\n  kind dutyy\n', encoding="utf-8")
    config = tmp_path / "confide.toml"
    config.write_text('library = ["lib.protocol"]\n', encoding="utf-8")
    code, out, err = cli("diff", old, new, "--config", str(config))
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert "the law library has errors: " in lines[-1] and "lib.protocol:2: " in lines[-1]
    assert any(line.endswith("|   kind dutyy") for line in lines)  # each problem shown in full first
