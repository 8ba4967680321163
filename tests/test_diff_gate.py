"""`confide diff` as a gate (LANGUAGE.md §7): each change that makes sharing less safe is coded and fails
at or above --fail-on; folders pair protocols by place; JSON output."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from confide.commands.diff import CHANGES

Cli = Callable[..., tuple[int, str, str]]
ROOT = Path(__file__).resolve().parent.parent
OLD = (ROOT / "protocols" / "personalised-consent-model.protocol").read_text(encoding="utf-8")


def drafts(tmp_path: Path, *edits: tuple[str, str]) -> tuple[str, str]:
    new = OLD
    for before, after in edits:
        assert before in new, before
        new = new.replace(before, after, 1)
    (tmp_path / "old.protocol").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.protocol").write_text(new, encoding="utf-8")
    return str(tmp_path / "old.protocol"), str(tmp_path / "new.protocol")


def changes(cli: Cli, *args: str) -> tuple[int, list[dict[str, str]]]:
    code, out, _ = cli("diff", "--format", "json", *args)
    return code, [c for f in json.loads(out)["files"] for c in f["changes"]]


def test_a_dropped_safeguard_fails_the_gate(tmp_path: Path, cli: Cli) -> None:
    old, new = drafts(tmp_path, ("steps seek-consent, consult-supervisor, inform-client, record-decision\n"
                                 "  except-in-emergency", "steps seek-consent, consult-supervisor, record-decision\n"
                                                          "  except-in-emergency"))
    code, found = changes(cli, old, new)
    assert code == 1
    assert {c["code"] for c in found if c["code"]} >= {"DIFF003"}
    assert any(c["code"] == "DIFF003" and "no longer inform-client" in c["text"] for c in found)


def test_trigger_means_and_threshold_changes_are_coded(tmp_path: Path, cli: Cli) -> None:
    text = "  means serious-harm-to-others\n  threshold belief\n"
    old, new = drafts(tmp_path, (text, text.replace("threshold belief", "threshold suspicion")))
    code, found = changes(cli, old, new)
    assert code == 1 and [c["code"] for c in found if c["section"] == "Triggers changed"] == ["DIFF006"]
    old, new = drafts(tmp_path, (text, text.replace("threshold belief", "threshold knowledge")))
    code, found = changes(cli, old, new)
    assert [(c["code"], c["severity"]) for c in found if c["section"] == "Triggers changed"] == [("DIFF007", "warning")]
    assert code == 0 and cli("diff", "--fail-on", "warning", old, new)[0] == 1
    old, new = drafts(tmp_path, (text, text.replace("serious-harm-to-others", "serious-harm-to-self")))
    code, found = changes(cli, old, new)
    assert code == 1 and any(c["code"] == "DIFF005" and "now means serious-harm-to-self" in c["text"] for c in found)


def test_a_new_recipient_without_consent_is_coded(tmp_path: Path, cli: Cli) -> None:
    clause = ('\nclause 9 "Tell the landlord"\n  when risk-to-others\n'
              "  staff may share identity with housing-provider\n  consent not-required\n")
    (tmp_path / "old.protocol").write_text(OLD, encoding="utf-8")
    (tmp_path / "new.protocol").write_text(OLD + clause, encoding="utf-8")
    code, found = changes(cli, str(tmp_path / "old.protocol"), str(tmp_path / "new.protocol"))
    assert code == 1
    assert any(c["code"] == "DIFF004" and c["data"] == "identity" and "housing-provider" in c["text"] for c in found)
    consented = OLD + clause.replace("consent not-required", "consent required")
    (tmp_path / "new.protocol").write_text(consented, encoding="utf-8")
    code, found = changes(cli, str(tmp_path / "old.protocol"), str(tmp_path / "new.protocol"))
    assert code == 0 and [c["code"] for c in found if c["section"] == "Flows added"] == [None]


KINDS = """\
protocol "Kinds"
  service homeless-hostel
recipient liaison "Police liaison"
  kind police
data name "The resident's name"
  kind identity
trigger harm "Staff believe someone will be seriously hurt"
  means serious-harm-to-others
  threshold belief
clause 1
  when harm
  staff may share name with liaison
  consent not-required
"""


@pytest.mark.parametrize(("before", "after", "said"), [
    # the same name now means the whole case file
    ("kind identity", "kind case-file", "name is now declared case-file (was identity)"),
    # the same recipient is now another body
    ("kind police", "kind mappa", "liaison is now declared mappa (was police)"),
    ("kind police", "kind police\n  onward-sharing requires-consent", None),  # no kind changed
])
def test_a_declared_kind_changed_under_a_flow_without_consent_is_coded(tmp_path: Path, cli: Cli, before: str,
                                                                       after: str, said: str | None) -> None:
    (tmp_path / "old.protocol").write_text(KINDS, encoding="utf-8")
    (tmp_path / "new.protocol").write_text(KINDS.replace(before, after), encoding="utf-8")
    code, found = changes(cli, str(tmp_path / "old.protocol"), str(tmp_path / "new.protocol"))
    coded = [c["text"] for c in found if c["code"] == "DIFF004"]
    assert code == (1 if said else 0)
    assert coded == ([f"{said}: shared without consent with liaison when harm (clause 1)"] if said else [])


def test_a_kind_narrowed_from_the_case_file_is_not_coded(tmp_path: Path, cli: Cli) -> None:
    (tmp_path / "old.protocol").write_text(KINDS.replace("kind identity", "kind case-file"), encoding="utf-8")
    (tmp_path / "new.protocol").write_text(KINDS, encoding="utf-8")
    code, found = changes(cli, str(tmp_path / "old.protocol"), str(tmp_path / "new.protocol"))
    assert code == 0 and [c for c in found if c["code"] == "DIFF004"] == []


def test_folders_pair_protocols_by_place(tmp_path: Path, cli: Cli) -> None:
    for side in ("a", "b"):
        (tmp_path / side / "sub").mkdir(parents=True)
        (tmp_path / side / "sub" / "same.protocol").write_text(OLD, encoding="utf-8")
    (tmp_path / "b" / "new.protocol").write_text(OLD.replace("staff may share", "staff must share", 1),
                                                 encoding="utf-8")
    code, out, _ = cli("diff", str(tmp_path / "a"), str(tmp_path / "b"))
    assert code == 1  # a whole new protocol's unconsented sharing and findings are new
    assert "Protocols added:" in out and "same.protocol" not in out  # identical files are not even checked
    code, out, _ = cli("diff", str(tmp_path / "a"), str(tmp_path / "b" / "new.protocol"))
    assert code == 2 and "two files or two folders" in out + _


def test_markdown_says_whether_the_gate_fails(tmp_path: Path, cli: Cli) -> None:
    old, new = drafts(tmp_path, ("  consent required\n", "  consent not-required\n"))
    code, out, _ = cli("diff", "--format", "markdown", old, new)
    assert code == 1 and "[DIFF002 error]" not in out and "\\[DIFF002 error\\]" in out
    last = out.splitlines()[-1]
    assert last.startswith("**") and "sharing less safe at or above error (DIFF002, DIFF008)" in last


def test_every_diff_code_is_documented() -> None:
    docs = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    for change in CHANGES.values():
        assert f"| {change.code} | {change.symbol} | {change.severity.label} |" in docs, change.code


@pytest.mark.parametrize("args", [("diff",), ("diff", "one.protocol"), ("diff", "--base", "HEAD", "x", "--bogus")])
def test_bad_diff_arguments_exit_2(cli: Cli, args: tuple[str, ...]) -> None:
    assert cli(*args)[0] == 2


TERROR = """protocol "Test hostel"
  service homeless-hostel
clause 3.2
  when {when}
  staff must share identity with police
  consent not-required
  steps {steps}
"""


@pytest.mark.parametrize(("when", "gated"), [("terrorism-information", False),
                                              ("terrorism-information, serious-harm-to-self", True)])
def test_a_step_the_law_forbids_is_dropped_without_failing_the_gate(tmp_path: Path, cli: Cli, when: str,
                                                                    gated: bool) -> None:
    # LAW006's own remedy (tipping off: s.38B and s.39 forbid telling the client) is not a
    # safeguard lost; the same step dropped where one trigger still allows it is.
    old, new = tmp_path / "old.protocol", tmp_path / "new.protocol"
    old.write_text(TERROR.format(when=when, steps="consult-supervisor, inform-client, record-decision"), "utf-8")
    new.write_text(TERROR.format(when=when, steps="consult-supervisor, record-decision"), "utf-8")
    code, found = changes(cli, str(old), str(new))
    removed = [c for c in found if "no longer inform-client" in c["text"]]
    assert len(removed) == 1
    assert (removed[0]["code"] == "DIFF003") is gated
    assert ("the law forbids it here" in removed[0]["text"]) is not gated
    assert code == (1 if gated else 0)


def test_narrowing_the_whole_file_to_what_is_needed_passes_the_gate(tmp_path: Path, cli: Cli) -> None:
    # The police had the case file, which holds everything: a fix that narrows it shares less.
    old = tmp_path / "old.protocol"
    old.write_text(TERROR.format(when="terrorism-information", steps="consult-supervisor, record-decision")
                   .replace("share identity with police", "share case-file with police"), "utf-8")
    new = tmp_path / "new.protocol"
    new.write_text(old.read_text("utf-8").replace("case-file", "identity, location, suspected-activity"), "utf-8")
    code, found = changes(cli, str(old), str(new))
    assert code == 0 and not [c for c in found if c["code"] == "DIFF004"]
    new.write_text(old.read_text("utf-8") + "clause 4\n  staff must share identity with probation\n"
                   "  consent not-required\n", "utf-8")
    assert "DIFF004" in {c["code"] for c in changes(cli, str(old), str(new))[1]}  # a new recipient still is


PARTNER = """protocol "Youth service"
  service young-peoples-service
recipient csc "Children's social care"
  kind childrens-social-care
  onward-sharing {limit}
clause 1
  when child-at-risk-of-significant-harm
  staff may share identity with csc
  consent not-required
  steps seek-consent, consult-supervisor, inform-client, record-decision{unsafe}
"""


@pytest.mark.parametrize(("before", "after"), [
    ({"limit": "prohibited", "unsafe": ""}, {"limit": "allowed", "unsafe": ""}),
    ({"limit": "prohibited", "unsafe": ""}, {"limit": "prohibited", "unsafe": "\n  except-where-unsafe"}),
], ids=["onward-sharing-loosened", "except-where-unsafe-added"])
def test_a_safeguard_loosened_outside_the_steps_line_fails_the_gate(
        tmp_path: Path, cli: Cli, before: dict[str, str], after: dict[str, str]) -> None:
    old, new = tmp_path / "old.protocol", tmp_path / "new.protocol"
    old.write_text(PARTNER.format(**before), "utf-8")
    new.write_text(PARTNER.format(**after), "utf-8")
    code, found = changes(cli, str(old), str(new))
    assert code == 1 and "DIFF003" in {c["code"] for c in found}
    code, found = changes(cli, str(new), str(old))  # the other way is a safeguard added
    assert "DIFF003" not in {c["code"] for c in found}


MAIN = ('protocol "Hostel"\n  service homeless-hostel\ninclude "agreement.inc"\n'
        'clause 1.1\n  staff may share identity with hub\n')
AGREEMENT = 'recipient hub "Multi-agency hub"\n  kind {kind}\n'


def test_an_edit_made_only_in_an_included_file_is_compared(tmp_path: Path, cli: Cli,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    # A gate that compared only *.protocol files would pass a weakening moved into the agreement.
    for side, kind in (("old", "marac"), ("new", "housing-provider")):
        (tmp_path / side).mkdir()
        (tmp_path / side / "main.protocol").write_text(MAIN.replace("may share", "must share") + "  consent "
                                                      "not-required\n", "utf-8")
        (tmp_path / side / "agreement.inc").write_text(AGREEMENT.format(kind=kind), "utf-8")
    code, found = changes(cli, str(tmp_path / "old"), str(tmp_path / "new"))
    assert code == 1 and "DIFF004" in {c["code"] for c in found}
    (tmp_path / "new" / "agreement.inc").write_text(AGREEMENT.format(kind="marac"), "utf-8")
    assert changes(cli, str(tmp_path / "old"), str(tmp_path / "new")) == (0, [])  # unchanged: left out

    # The same against a git revision: the revision's include is read, whatever its name.
    git = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull}
    for name, value in git.items():
        monkeypatch.setenv(name, value)
    work = tmp_path / "new"
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "first"]):
        subprocess.run(["git", *args], cwd=work, check=True, capture_output=True)
    (work / "agreement.inc").write_text(AGREEMENT.format(kind="housing-provider"), "utf-8")
    monkeypatch.chdir(work)
    code, found = changes(cli, "--base", "HEAD")
    assert code == 1 and "DIFF004" in {c["code"] for c in found}
