"""A policy team's day in a real git repository: pre-commit fixes a protocol, `diff --base` gates a commit.

The repository is made in a scratch folder; its pre-commit hooks are `repo: local` hooks of
`language: system` calling the confide installed beside these tests, so nothing is
downloaded. The hooks are those of .pre-commit-hooks.yaml, in its order (fix, format, check).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
pytestmark = pytest.mark.skipif(shutil.which("git") is None or not (BIN / "pre-commit").exists(),
                                reason="needs git and pre-commit (the test extra)")

BROKEN = """\
protocol "Harbour House: drugs and information sharing"
  service homeless-hostel
  jurisdiction england-and-wales
  clients adults

trigger dealing "Staff suspect a resident of dealing drugs on the premises"  # the manager's wording
  means drug-supply-on-premises

at-assessment
  explain limits-of-confidentiality

records
  storage secure
  log disclosures

# The police asked for this in 2024.
clause 1 "Suspected dealing"
  when dealing
  # every time, no exceptions
  staff must share identity, suspected-activity with police  # an automatic referral
  consent not-required
"""


def run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "policies"
    folder.mkdir()
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "GIT_AUTHOR_NAME": "Policy Team",
           "GIT_AUTHOR_EMAIL": "policy@example.org", "GIT_COMMITTER_NAME": "Policy Team",
           "GIT_COMMITTER_EMAIL": "policy@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "NO_COLOR": "1"}
    env.pop("GITHUB_ACTIONS", None)
    assert run(["git", "init", "-q", "-b", "main"], folder, env).returncode == 0
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    local = [{**hook, "language": "system"} for hook in hooks]
    (folder / ".pre-commit-config.yaml").write_text(yaml.safe_dump({"repos": [{"repo": "local", "hooks": local}]}),
                                                    encoding="utf-8")
    (folder / "pyproject.toml").write_text('[tool.confide]\nexclude = ["drafts"]\n', encoding="utf-8")
    (folder / "protocols").mkdir()
    (folder / "protocols" / "harbour.protocol").write_text(BROKEN, encoding="utf-8")
    (folder / "drafts").mkdir()  # excluded: pre-commit names it, --force-exclude keeps it out
    (folder / "drafts" / "idea.protocol").write_text('protocol "Half written"\nclause\n', encoding="utf-8")
    assert run(["git", "add", "-A"], folder, env).returncode == 0
    return folder, env


def test_pre_commit_fixes_a_broken_protocol_and_passes_on_the_second_run(repo: tuple[Path, dict[str, str]]) -> None:
    folder, env = repo
    protocol = folder / "protocols" / "harbour.protocol"
    first = run([str(BIN / "pre-commit"), "run", "--all-files"], folder, env)
    assert first.returncode == 1, first.stdout + first.stderr
    assert "files were modified by this hook" in first.stdout
    fixed = protocol.read_text(encoding="utf-8")
    assert "staff may share identity, suspected-activity with police  # an automatic referral" in fixed
    assert "  consent required\n" in fixed and "consent not-required" not in fixed
    # Every comment the manager wrote is still there.
    for comment in ("# the manager's wording", "# The police asked for this in 2024.", "# every time, no exceptions"):
        assert comment in fixed
    second = run([str(BIN / "pre-commit"), "run", "--all-files"], folder, env)
    assert second.returncode == 0, second.stdout + second.stderr
    assert "idea.protocol" not in second.stdout  # the excluded draft never reached confide


def commit(folder: Path, env: dict[str, str], message: str) -> None:
    assert run(["git", "add", "-A"], folder, env).returncode == 0
    done = run(["git", "commit", "-q", "--no-verify", "-m", message], folder, env)
    assert done.returncode == 0, done.stderr


def test_diff_base_fails_a_hardening_commit_and_passes_a_softening_one(repo: tuple[Path, dict[str, str]]) -> None:
    folder, env = repo
    confide = str(BIN / "confide")
    protocol = folder / "protocols" / "harbour.protocol"
    assert run([confide, "check", "--fix", "-q"], folder, env).returncode == 0
    commit(folder, env, "A protocol that checks clean")
    text = protocol.read_text(encoding="utf-8")
    protocol.write_text(text.replace("staff may share", "staff must share"), encoding="utf-8")
    commit(folder, env, "Harden: every suspicion goes to the police")
    hardened = run([confide, "diff", "--base", "HEAD~1"], folder, env)
    assert hardened.returncode == 1, hardened.stdout + hardened.stderr
    assert "[DIFF001 error] identity, suspected-activity: may -> must share with police when dealing" \
           in hardened.stdout
    assert "HEAD~1:protocols/harbour.protocol -> protocols/harbour.protocol" in hardened.stdout
    protocol.write_text(text, encoding="utf-8")
    commit(folder, env, "Soften it again")
    softened = run([confide, "diff", "--base", "HEAD~1", "--format", "json"], folder, env)
    assert softened.returncode == 0, softened.stdout + softened.stderr
    assert '"section": "Softened (must -> may)"' in softened.stdout
    # The working tree against the first commit: nothing changed in obligations.
    same = run([confide, "diff", "--base", "HEAD~2"], folder, env)
    assert same.returncode == 0 and "No change makes sharing less safe" in same.stdout
