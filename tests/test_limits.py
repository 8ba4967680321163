"""Limits and containment: a hostile or runaway file gets a clear coded finding, never a hang.

A protocol is untrusted input: it may be huge, generated, include itself forever, or be a
link planted in a shared folder that points at a file the checker has no business reading.
Each limit is a finding that says what the limit is and how to get under it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from confide import loader
from confide.batch import check_paths as check
from confide.check import Checker
from confide.config import Settings
from confide.findings import Finding

MINIMAL = 'protocol "Limits"\n  clients adults\n'
CLAUSE = "clause {n}\n  staff may share identity with police\n"


def findings(paths: list[Path], settings: Settings | None = None) -> list[Finding]:
    return [f for r in check([str(p) for p in paths], settings or Settings()) for f in r.findings]


def codes(found: list[Finding]) -> set[str]:
    return {f.code for f in found}


# ---- file size --------------------------------------------------------------------------------------
def test_file_over_the_default_size_limit_is_refused_unread(tmp_path: Path) -> None:
    big = tmp_path / "big.protocol"
    big.write_text(MINIMAL + "# padding\n" * 600_000, encoding="utf-8")  # 6 MB
    found = findings([big])
    assert [f.code for f in found] == ["E006"]
    assert "over the 5,242,880-byte limit" in found[0].message and "max-file-size" in found[0].message


def test_size_limit_is_configurable_in_settings(tmp_path: Path) -> None:
    small = tmp_path / "small.protocol"
    small.write_text(MINIMAL + CLAUSE.format(n=1), encoding="utf-8")
    assert "E006" not in codes(findings([small]))
    found = [f for f in findings([small], Settings(max_file_size=40)) if f.span.path == str(small)]
    assert [f.code for f in found] == ["E006"] and "40-byte limit" in found[0].message


def test_max_file_size_option(cli: Callable[..., tuple[int, str, str]], tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.protocol").write_text(MINIMAL + CLAUSE.format(n=1), encoding="utf-8")
    code, out, _ = cli("check", "p.protocol", "--format", "json", "--max-file-size", "40")
    assert code == 1
    assert [f["code"] for f in json.loads(out)["findings"] if f["path"] == "p.protocol"] == ["E006"]


def test_included_file_over_the_limit_is_an_include_problem(tmp_path: Path) -> None:
    (tmp_path / "part.protocol").write_text(MINIMAL + "# padding\n" * 50, encoding="utf-8")
    main = tmp_path / "main.protocol"
    main.write_text(MINIMAL + 'include "part.protocol"\n' + CLAUSE.format(n=1), encoding="utf-8")
    found = [f for f in findings([main], Settings(max_file_size=300)) if f.code == "E003"]
    assert found and "byte limit" in found[0].message


# ---- include depth -------------------------------------------------------------------------------
def test_includes_nested_deeper_than_16_are_refused(tmp_path: Path) -> None:
    for n in range(20):
        nxt = f'include "part{n + 1}.protocol"\n' if n < 19 else ""
        (tmp_path / f"part{n}.protocol").write_text(f'protocol "Part {n}"\n{nxt}', encoding="utf-8")
    found = [f for f in findings([tmp_path / "part0.protocol"]) if f.code == "E003"]
    assert len(found) == 1 and "more than 16 deep" in found[0].message


# ---- number of clauses -------------------------------------------------------------------------------
def test_clause_limit_is_counted_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(loader, "MAX_CLAUSES", 5)
    path = tmp_path / "many.protocol"
    path.write_text(MINIMAL + "".join(CLAUSE.format(n=n) for n in range(6)), encoding="utf-8")
    found = findings([path])
    assert [f.code for f in found] == ["E006"]
    assert "6 clauses, over the limit of 5 per file" in found[0].message and "include" in found[0].message
    path.write_text(MINIMAL + "".join(CLAUSE.format(n=n) for n in range(5)), encoding="utf-8")
    assert "E006" not in codes(findings([path]))


def test_default_clause_limit_is_100000() -> None:
    assert loader.MAX_CLAUSES == 100_000


# ---- symbolic links and special files ------------------------------------------------------------------
@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A valid-looking protocol outside the checked folder, with a secret in it."""
    secret = tmp_path / "elsewhere" / "secret.protocol"
    secret.parent.mkdir()
    secret.write_text('protocol "SECRET-CONTENT"\nclause 1\n  staff must share case-file with public\n',
                      encoding="utf-8")
    return secret


def test_checked_file_linking_outside_the_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "checked"
    folder.mkdir()
    (folder / "ok.protocol").write_text(MINIMAL + CLAUSE.format(n=1), encoding="utf-8")
    (folder / "link.protocol").symlink_to(outside)
    results = list(check([str(folder)], Settings()))
    linked = next(r for r in results if r.path.endswith("link.protocol"))
    assert [f.code for f in linked.findings] == ["E006"]
    assert "outside the folder being checked" in linked.findings[0].message
    assert linked.lines == {}  # never read
    assert "SECRET" not in json.dumps([f.message for r in results for f in r.findings])


@pytest.mark.parametrize("link", ["passwd.protocol", "passwd.scenario"])
@pytest.mark.parametrize("named", ["file", "folder"])
def test_confide_test_never_reads_a_link_leading_out_of_the_folder(cli: Callable[..., tuple[int, str, str]],
                                                                   tmp_path: Path, outside: Path, link: str,
                                                                   named: str) -> None:
    """`confide test` reads as `check` does: a link out of the folder is E006, unread, and fails the
    run; a `.protocol` link in a folder is not passed over as "no scenarios" (docs/security.md).
    """
    folder = tmp_path / "checked"
    folder.mkdir()
    (folder / link).symlink_to(outside)
    target = str(folder / link) if named == "file" else str(folder)
    for fmt in ("text", "junit"):
        code, out, err = cli("test", target, "--format", fmt)
        assert code == 1, out + err
        assert "E006" in out and "outside the folder being checked" in out
        assert "SECRET" not in out + err and "case-file" not in out + err


@pytest.mark.parametrize("target", ["outside", "inside", "dangling"])
def test_github_and_sarif_name_the_link_not_its_target(cli: Callable[..., tuple[int, str, str]], tmp_path: Path,
                                                       outside: Path, monkeypatch: pytest.MonkeyPatch,
                                                       target: str) -> None:
    """An annotation belongs on the file in the repository, and must not tell the log where it leads."""
    folder = tmp_path / "checked"
    folder.mkdir()
    (folder / "real.protocol").write_text(MINIMAL + CLAUSE.format(n=1), encoding="utf-8")
    leads_to = {"outside": outside, "inside": folder / "real.protocol", "dangling": folder / "gone.protocol"}[target]
    (folder / "link.protocol").symlink_to(leads_to)
    monkeypatch.chdir(folder)
    _, github, _ = cli("check", "link.protocol", "--format", "github", "--no-cache")
    assert "::error file=link.protocol," in github or "::warning file=link.protocol," in github, github
    _, sarif, _ = cli("check", "link.protocol", "--format", "sarif", "--no-cache")
    results = json.loads(sarif)["runs"][0]["results"]
    uris = {where["physicalLocation"]["artifactLocation"]["uri"] for r in results for where in r.get("locations", [])}
    assert uris == {"link.protocol"}
    assert leads_to.name not in github + sarif and "elsewhere" not in github + sarif


def test_a_300000_character_name_is_shown_cut_in_text_output(cli: Callable[..., tuple[int, str, str]],
                                                             tmp_path: Path) -> None:
    """Message, source line and caret each stay a readable size; JSON keeps the whole value."""
    name = "a" * 300_000
    path = tmp_path / "long.protocol"
    path.write_text(MINIMAL + f"clause 1\n  staff may share {name} with police\n"
                    'scenario "s"\n  events none\n  expect no-share with police\n', encoding="utf-8")
    for command in ("check", "test"):
        code, out, _ = cli(command, str(path), *(["--no-cache"] if command == "check" else []))
        assert code == 1 and len(out) < 5_000, (command, len(out))
        assert " more characters)" in out
    _, out, _ = cli("check", str(path), "--no-cache")
    source, caret = out.splitlines()[1:3]
    assert source.startswith("    4 |   staff may share aaa") and source.endswith("a…")
    assert caret.index("^") == source.index("aaa") and caret.endswith("^") and len(caret) <= len(source)
    _, whole, _ = cli("check", str(path), "--no-cache", "--format", "json")
    assert name in whole


def test_link_inside_the_folder_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.protocol").write_text(MINIMAL + CLAUSE.format(n=1), encoding="utf-8")
    (tmp_path / "alias.protocol").symlink_to(tmp_path / "real.protocol")
    assert "E006" not in codes(findings([tmp_path / "alias.protocol"]))


def test_include_through_a_link_leaving_the_folder_is_refused(tmp_path: Path, outside: Path) -> None:
    folder = tmp_path / "checked"
    folder.mkdir()
    (folder / "part.protocol").symlink_to(outside)
    main = folder / "main.protocol"
    main.write_text(MINIMAL + 'include "part.protocol"\n' + CLAUSE.format(n=1), encoding="utf-8")
    found = findings([main])
    assert any(f.code == "E003" and "leaves the folder" in f.message for f in found)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_protocol_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.protocol")
    found = findings([tmp_path])
    assert [f.code for f in found] == ["E006"] and "not a regular file" in found[0].message


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    (tmp_path / "zero.protocol").symlink_to("/dev/zero")
    assert [f.code for f in findings([tmp_path])] == ["E006"]


# ---- protocol text is data, never a template ------------------------------------------------------------
TEMPLATES = ("{{ 7*7 }}", "{% for x in range(3) %}loop{% endfor %}", "${7*7}", "{{ config }}")


@pytest.mark.parametrize("fmt", ["json", "text", "markdown", "html", "sarif", "github"])
def test_template_syntax_in_protocol_text_passes_through_literally(
        cli: Callable[..., tuple[int, str, str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "p.protocol").write_text(
        f'protocol "{TEMPLATES[0]} {TEMPLATES[1]}"\n  clients adults\n'
        f'include "{TEMPLATES[0]}.protocol"\n'
        f'include "{TEMPLATES[1]}.protocol"\n'
        f'clause 1 "{TEMPLATES[2]}"\n  staff may share identity with police\n'
        f'  allow CON001 "{TEMPLATES[3]}" until 2099-01-01\n', encoding="utf-8")
    code, out, err = cli("check", "p.protocol", "--format", fmt, "--no-cache")
    if code == 2 and "invalid choice" in err.lower():
        pytest.skip(f"--format {fmt} is not available")
    assert code == 1, err
    if fmt == "json":
        messages = " ".join(f["message"] for f in json.loads(out)["findings"])
        assert TEMPLATES[0] in messages and TEMPLATES[1] in messages
    elif fmt == "html":
        assert TEMPLATES[0] in out and "{% for x in range(3) %}" in out
    else:
        assert TEMPLATES[0] in out.replace("\\", "") or TEMPLATES[0].replace(" ", "") in out
    assert "loop loop loop" not in out and "looploop" not in out


def test_a_link_loop_is_a_finding_not_a_crash(cli: Callable[..., tuple[int, str, str]], tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # Regression: Path.resolve() raises RuntimeError on a loop, which escaped as an internal error.
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.protocol").symlink_to("b.protocol")
    (tmp_path / "b.protocol").symlink_to("a.protocol")
    (tmp_path / "m.protocol").write_text(MINIMAL + 'include "a.protocol"\n' + CLAUSE.format(n=1), encoding="utf-8")
    for cache in ("--no-cache", "--jobs=1"):
        code, out, err = cli("check", ".", "--format", "json", cache)
        assert code == 1, err
        found = {(f["path"], f["code"]) for f in json.loads(out)["findings"]}
        assert {("a.protocol", "E006"), ("b.protocol", "E006"), ("m.protocol", "E003")} <= found


# ---- one line splitter: what the parser does not see, nobody sees -----------------------------------------
ENGLAND = '''protocol "Riverside House"
  clients adults
  service supported-housing
{comment}
at-assessment
  explain limits-of-confidentiality
records
  storage secure
  log disclosures
trigger dealing "Staff suspect a resident of dealing on the premises"
  means drug-supply-on-premises
clause 4.2 "Suspected dealing"
  when dealing
  staff must share identity with police
  consent not-required
  steps consult-supervisor, record-decision
'''


@pytest.mark.parametrize("separator", ["\f", "\x0b", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029", "\r"])
def test_a_line_break_only_python_sees_cannot_choose_the_law_library(cli: Callable[..., tuple[int, str, str]],
                                                                    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                    separator: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plain.protocol").write_text(ENGLAND.format(comment="# Approved by the board"), encoding="utf-8")
    (tmp_path / "attack.protocol").write_bytes(ENGLAND.format(
        comment=f"# Approved by the board{separator}jurisdiction northern-ireland").encode("utf-8"))
    plain = json.loads(cli("check", "plain.protocol", "--format", "json", "--no-cache")[1])["findings"]
    code, out, _ = cli("check", "attack.protocol", "--format", "json", "--no-cache")
    attack = json.loads(out)["findings"]
    if separator == "\r":  # a real line break (old Mac files): the parser sees the line too, and says so
        assert any(f["code"] == "E001" for f in attack) or any(f["code"] == "LIB001" for f in attack)
        return
    assert code == 1
    assert [(f["code"], f["line"], f["column"]) for f in attack] == [(f["code"], f["line"], f["column"]) for f in plain]
    assert {"LAW001", "FDAP002"} <= {f["code"] for f in attack} and "LIB001" not in {f["code"] for f in attack}


def test_a_hidden_header_line_is_a_syntax_error_not_a_setting(check_text: Callable[..., list[Finding]]) -> None:
    found = check_text('protocol "x"\n  clients adults\fjurisdiction northern-ireland\n')
    assert [(f.code, f.span.line) for f in found if f.code.startswith("E")] == [("E001", 2)]


# ---- protocol-file stays in the folder ----------------------------------------------------------------------
@pytest.mark.parametrize("how", ["relative", "absolute", "link"])
def test_protocol_file_cannot_read_outside_the_folder(cli: Callable[..., tuple[int, str, str]], tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    secret = tmp_path / "home" / "user" / ".env"
    secret.parent.mkdir(parents=True)
    secret.write_text("protocol \"AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI\"\nclause 1\n  staff may share x with y\n",
                      encoding="utf-8")
    repo = tmp_path / "repo" / "tests"
    repo.mkdir(parents=True)
    target = {"relative": "../../home/user/.env", "absolute": str(secret), "link": "env.protocol"}[how]
    if how == "link":
        (repo / "env.protocol").symlink_to(secret)
    (repo / "steal.scenario").write_text(f'scenario "steal"\n  protocol-file "{target}"\n  events none\n'
                                         f'  expect no-share with police\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    for fmt in ("text", "junit"):
        code, out, err = cli("test", "tests", "--format", fmt)
        assert code == 1, err
        assert "outside the folder being checked" in out
        assert "AWS_SECRET" not in out + err and "wJalr" not in out + err


# ---- no pickle from a place someone else can write ------------------------------------------------------
PAYLOAD = "import os; open({marker!r}, 'w').write('ran')"


class _Planted:
    """A pickle that, when loaded, writes a marker file: what an attacker would plant."""

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (exec, (PAYLOAD.format(marker=self.marker),))


def _plant(path: Path, marker: Path) -> None:
    import pickle

    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        out.write(b"0" * 64 + b"\n")
        pickle.dump(_Planted(str(marker)), out)


def _lark_default_cache_file() -> Path:
    """Where lark's ``cache=True`` would load confide's grammar from: its predictable shared name."""
    import lark
    from confide.language import parse as parsing
    from lark.lark import FS

    opened: list[str] = []
    real = FS.open

    def spy(name: str, mode: str = "r", **kwargs: object) -> object:
        opened.append(name)
        raise FileNotFoundError(name)

    FS.open = staticmethod(spy)  # type: ignore[method-assign]
    try:
        lark.Lark(parsing.grammar_path().read_text(encoding="utf-8"), parser="lalr", lexer="contextual",
                  maybe_placeholders=False, cache=True, lexer_callbacks={"COMMENT": parsing._COMMENTS})
    finally:
        FS.open = real  # type: ignore[method-assign]
    return Path(opened[0])


@pytest.mark.parametrize("where", ["shared temporary folder", "private folder, loose mode",
                                   "private folder, another owner"])
def test_a_planted_parser_cache_is_never_loaded(tmp_path: Path, private_cache: Path,
                                               monkeypatch: pytest.MonkeyPatch, where: str) -> None:
    from confide.language import parse as parsing
    from confide.source import SourceFile

    marker = tmp_path / "pwned"
    if where == "shared temporary folder":
        planted = _lark_default_cache_file()
        assert planted.parent == Path(__import__("tempfile").gettempdir())
    else:
        parsing.parser.cache_clear()
        parsing.parser()  # the private folder and its grammar cache, as a run makes them
        planted = next((private_cache / "grammar").glob("*.lark-cache"))
        planted.unlink()
        if where == "private folder, loose mode":
            (private_cache / "grammar").chmod(0o777)
        else:
            real_uid = os.getuid()
            monkeypatch.setattr(os, "getuid", lambda: real_uid + 1)
    _plant(planted, marker)
    try:
        parsing.parser.cache_clear()
        assert parsing.parse(SourceFile("p", 'protocol "x"\n')).tree is not None
        assert not marker.exists()
    finally:
        if where == "shared temporary folder":
            planted.unlink()
        parsing.parser.cache_clear()


def test_the_planted_pickle_would_run_where_confide_does_read(tmp_path: Path, private_cache: Path) -> None:
    """The control for the test above: the same file, in the folder confide trusts, does run.

    Only this user can write there (mode 0700, owner checked), which is why it may be trusted.
    """
    from confide.language import parse as parsing

    parsing.parser.cache_clear()
    parsing.parser()
    planted = next((private_cache / "grammar").glob("*.lark-cache"))
    marker = tmp_path / "pwned"
    _plant(planted, marker)
    try:
        parsing.parser.cache_clear()
        parsing.parser()
        assert marker.exists()
    finally:
        planted.unlink()
        parsing.parser.cache_clear()


# ---- unreadable folders and files: findings or exit 2, never silence -----------------------------------------
def test_an_unreadable_folder_fails_check_and_test(cli: Callable[..., tuple[int, str, str]], tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  unreadable: Callable[[Path], None]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.protocol").write_text(MINIMAL + "at-assessment\n  explain limits-of-confidentiality\n"
                                          "records\n  storage secure\n", encoding="utf-8")
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "bad.protocol").write_text(MINIMAL + "clause 1\n  staff must share identity with police\n"
                                                    "  consent not-required\n", encoding="utf-8")
    (tmp_path / "team" / "bad.scenario").write_text('scenario "s"\n  protocol-file "bad.protocol"\n  events none\n'
                                                    '  expect no-share with police\n', encoding="utf-8")
    unreadable(tmp_path / "team")
    for cache in ("--no-cache", "--jobs=1"):
        code, out, _ = cli("check", ".", "--format", "json", cache)
        assert code == 1
        found = json.loads(out)["findings"]
        assert [(f["path"], f["code"]) for f in found if f["code"] == "E006"] == [("team", "E006")]
        assert "cannot read the folder team: Permission denied" in json.dumps(found)
    code, out, _ = cli("test", ".")
    assert code == 1 and "cannot read the folder team" in out


def test_a_folder_git_could_not_list_is_reported_in_any_language(cli: Callable[..., tuple[int, str, str]],
                                                                  tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """In a git work tree the folder walk is git's, which skips a folder it cannot list with a
    warning and exits 0. confide reads that warning, so it asks git for it untranslated: a
    German desktop must not turn an unreadable folder back into silence. (Tests run as root, whom
    git never refuses, so this git stands in for the real one and speaks as a German git would.)
    """
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ok.protocol").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "team").mkdir()
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    git = bin_folder / "git"
    git.write_text("#!/bin/sh\n"
                   "printf 'ok.protocol\\0'\n"
                   'if [ "$LC_ALL" = C ]; then\n'
                   '  echo "warning: could not open directory \'team/\': Permission denied" >&2\n'
                   "else echo \"Warnung: Konnte Verzeichnis 'team/' nicht \u00f6ffnen: Keine Berechtigung\" >&2; fi\n",
                   encoding="utf-8")
    git.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("LC_ALL", "de_DE.UTF-8")
    code, out, _ = cli("check", ".", "--format", "json", "--no-cache")
    found = json.loads(out)["findings"]
    assert code == 1
    assert [(f["path"], f["message"]) for f in found if f["code"] == "E006"] == [
        ("team", "cannot read the folder team: Permission denied")]


def test_an_unreadable_file_is_a_finding(cli: Callable[..., tuple[int, str, str]], tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch, unreadable: Callable[[Path], None]) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "locked.protocol").write_text(MINIMAL, encoding="utf-8")
    unreadable(tmp_path / "locked.protocol")
    code, out, _ = cli("check", ".", "--no-cache")
    assert code == 1 and "locked.protocol:1:1: error E006 cannot read locked.protocol: Permission denied" in out
    assert cli("fmt", ".")[0] == 2


# ---- the per-file budget --------------------------------------------------------------------------------
def test_a_file_over_its_time_budget_is_stopped_with_e006(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from confide import budget

    clock = iter(range(0, 10_000, 7))  # every look at the clock: 7 more seconds of work
    monkeypatch.setattr(budget.time, "thread_time", lambda: float(next(clock)))
    monkeypatch.setattr(budget, "LOOK_EVERY", 0.0)
    path = tmp_path / "slow.protocol"
    path.write_text(MINIMAL + "".join(CLAUSE.format(n=n) for n in range(50)), encoding="utf-8")
    found = findings([path], Settings(time_budget=60))
    assert [f.code for f in found] == ["E006"]
    assert "took more than 60 seconds to check (time-budget)" in found[0].message
    assert "split it into smaller files" in found[0].message


def test_a_file_over_its_memory_budget_is_stopped_and_never_cached(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from confide import budget
    from confide.batch import Batch
    from confide.check import Checker

    grown = iter(range(0, 10**12, 300 * 1024 * 1024))  # 300 MB more at every look
    monkeypatch.setattr(budget, "resident_bytes", lambda: next(grown))
    monkeypatch.setattr(budget, "LOOK_EVERY", 0.0)
    path = tmp_path / "big.protocol"
    path.write_text(MINIMAL + "".join(CLAUSE.format(n=n) for n in range(20)), encoding="utf-8")
    batch = Batch(Checker(Settings(memory_budget=1024)), 1, tmp_path / "cache")
    found = [f for r in batch.reports([str(path)]) for f in r.findings]
    assert [f.code for f in found] == ["E006"] and "1,024 MB of memory to check (memory-budget)" in found[0].message
    assert not list((tmp_path / "cache").rglob("*.json"))  # a machine-dependent answer is never kept


def test_budgets_are_settings(tmp_path: Path) -> None:
    from confide.config import ConfigError, load_settings

    (tmp_path / "confide.toml").write_text("time-budget = 5\nmemory-budget = 200\n", encoding="utf-8")
    settings = load_settings({}, tmp_path / "confide.toml")
    assert (settings.time_budget, settings.memory_budget) == (5, 200)
    (tmp_path / "confide.toml").write_text("time-budget = 0\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="time-budget must be a positive whole number of seconds"):
        load_settings({}, tmp_path / "confide.toml")


# ---- hostile inputs: the same answers, at a cost in proportion (timed in scripts/bench.py) ------------------------
def test_syntax_errors_at_the_end_of_a_large_file_parse_it_about_once(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from confide.language import parse as parsing

    body = MINIMAL + "".join(CLAUSE.format(n=n) for n in range(3_000))
    bad = "".join(f"clause x{n}\n  staff must nott share identity with police\n" for n in range(20))
    path = tmp_path / "big.protocol"
    path.write_text(body + bad, encoding="utf-8")
    checker = Checker()
    checker.library(None)  # the law library is parsed once per run, before this file
    parsed: list[int] = []
    real = parsing.parser().parse
    monkeypatch.setattr(parsing.parser(), "parse", lambda text: parsed.append(len(text)) or real(text))
    found = checker.check(path, "big.protocol", tmp_path).findings
    assert [f.code for f in found].count("E001") == 20
    assert sum(parsed) < 1.1 * len(body + bad)  # once through the file, then only the blocks at the end


def test_an_unclosed_five_megabyte_quote_takes_little_memory(tmp_path: Path) -> None:
    import tracemalloc

    path = tmp_path / "quote.protocol"
    path.write_text(MINIMAL + 'clause 1 "' + "x" * 5_000_000 + "\n", encoding="utf-8")
    tracemalloc.start()
    try:
        found = findings([path])
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [f.code for f in found] == ["E001"] and "unclosed quote" in found[0].message
    assert peak < 120 * 1024 * 1024  # the text is 5 MB; the old pattern kept 1 GB of backtracking records


def test_three_thousand_includes_are_read_once_each(tmp_path: Path) -> None:
    main = tmp_path / "main.protocol"
    main.write_text(MINIMAL + "".join(f'include "part{n}.protocol"\ninclude "./part{n}.protocol"\n'
                                      for n in range(3_000)), encoding="utf-8")
    for n in range(3_000):
        (tmp_path / f"part{n}.protocol").write_text(f'protocol "Part {n}"\nrecipient r{n}\n  kind police\n',
                                                   encoding="utf-8")
    loaded = loader.load(main, "main.protocol", tmp_path, Checker().library)
    assert len(loaded.included) == 3_000 and len(loaded.unit.documents) == 3_001  # type: ignore[union-attr]
