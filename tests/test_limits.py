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
