"""The editor support files: the TextMate grammar and the VS Code extension.

The grammar is generated from the keyword table; these tests hold the committed file to what
the script generates, and colour sample lines with a small TextMate-style matcher (at each
place the pattern matching earliest wins, the first listed on a tie) to check that every
keyword of grammar/protocol.lark is coloured as a keyword, and that texts, comments, dates,
declared ids and clause numbers get their own colours.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from confide.language.keywords import BLOCK_LINES, TOP_LEVEL
from confide.language.parse import parser

ROOT = Path(__file__).resolve().parent.parent
VSCODE = ROOT / "editors" / "vscode"
GRAMMAR = VSCODE / "syntaxes" / "protocol.tmLanguage.json"
# Where a keyword that does not start a line is written.
MID_LINE = {
    "share": "  staff must share identity with police",
    "with": "  staff must share identity with police",
    "publish": "  staff may publish attendance",
    "until": '  allow LAW001 "agreed with the police" until 2027-01-01',
    "age": "  client age 15, competent",
    "no-share": "  expect no-share identity with police",
    "steps": "  expect steps consult-supervisor",
}


def lark_keywords() -> set[str]:
    """Every keyword the parser knows: its literal terminals, and the words of MODALITY."""
    found: set[str] = set()
    for terminal in parser().terminals:
        value = terminal.pattern.value
        if terminal.pattern.type == "str" and re.fullmatch(r"[a-z][a-z-]*", value):
            found.add(value)
        elif terminal.name == "MODALITY":
            found.update(w.replace("\\-", "-") for w in value.strip("(?:)").split("|"))
    return found


def patterns(grammar: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for pattern in grammar["patterns"]:
        if "include" in pattern:
            found = grammar["repository"][pattern["include"].lstrip("#")]
            out.extend(found.get("patterns", [found]))
        else:
            out.append(pattern)
    return out


def colour(line: str, grammar: dict[str, Any]) -> list[tuple[str, str]]:
    """(text, scope) for each coloured piece of ``line``."""
    compiled = [(re.compile(p["match"]), p) for p in patterns(grammar)]
    out: list[tuple[str, str]] = []
    at = 0
    while at < len(line):
        best = None
        for regex, pattern in compiled:
            match = regex.search(line, at)
            if match and match.end() > match.start() and (best is None or match.start() < best[0].start()):
                best = (match, pattern)
        if best is None:
            break
        match, pattern = best
        if "name" in pattern:
            out.append((match.group(), pattern["name"]))
        for group, capture in pattern.get("captures", {}).items():
            if "name" in capture and match.group(int(group)) is not None:
                out.append((match.group(int(group)), capture["name"]))
        at = match.end()
    return out


def sample(keyword: str) -> str:
    if keyword in MID_LINE:
        return MID_LINE[keyword]
    if keyword in ("must", "may", "must-not"):
        return f"  staff {keyword} share identity with police"
    if keyword in TOP_LEVEL:
        return f"{keyword} x" if keyword not in ("at-assessment", "records") else keyword
    assert any(keyword in lines for lines in BLOCK_LINES.values()), f"'{keyword}' is not in the keyword table"
    return f"  {keyword} x"


def test_the_committed_grammar_is_what_the_script_generates(script: Callable[[str], ModuleType]) -> None:
    for path, text in script("gen_textmate").render().items():
        assert path.read_text(encoding="utf-8") == text, f"{path} is out of date: run scripts/gen_textmate.py"


@pytest.mark.parametrize("keyword", sorted(lark_keywords()))
def test_every_keyword_of_the_lark_grammar_is_coloured_as_a_keyword(keyword: str) -> None:
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    scopes = [scope for text, scope in colour(sample(keyword), grammar) if text == keyword]
    assert scopes and all(s.startswith("keyword.") for s in scopes), (keyword, colour(sample(keyword), grammar))


def test_texts_comments_dates_ids_and_clause_numbers_have_their_own_colours() -> None:
    grammar = json.loads(GRAMMAR.read_text(encoding="utf-8"))
    assert dict(colour('recipient police "Area \\"police\\" team"  # who', grammar)) == {
        "recipient": "keyword.control.block.protocol", "police": "entity.name.type.declaration.protocol",
        '"Area \\"police\\" team"': "string.quoted.double.protocol", "# who": "comment.line.number-sign.protocol"}
    assert dict(colour("clause 4.2 \"Dealing\"", grammar))["4.2"] == "entity.name.section.clause.protocol"
    assert dict(colour("  review-by 2027-03-31", grammar))["2027-03-31"] == "constant.numeric.date.protocol"
    assert dict(colour("  staff must-not share case-file with my-team", grammar)) == {
        "staff": "keyword.other.line.protocol", "must-not": "keyword.operator.modality.protocol",
        "share": "keyword.other.protocol", "case-file": "support.constant.vocabulary.protocol",
        "with": "keyword.other.protocol", "my-team": "variable.other.name.protocol"}
    assert dict(colour('  retention "not closed', grammar))['"not closed'].startswith("invalid.")
    assert dict(colour("  consent-from client", grammar))["consent-from"] == "keyword.other.line.protocol"


def test_the_extension_manifest_names_the_grammar_the_language_and_the_server() -> None:
    manifest = json.loads((VSCODE / "package.json").read_text(encoding="utf-8"))
    language = manifest["contributes"]["languages"][0]
    assert language["id"] == "protocol" and ".protocol" in language["extensions"]
    assert (VSCODE / language["configuration"]).is_file()
    grammar = manifest["contributes"]["grammars"][0]
    assert grammar["scopeName"] == "source.protocol" and (VSCODE / grammar["path"]).resolve() == GRAMMAR
    assert (VSCODE / manifest["main"]).is_file()
    assert "vscode-languageclient" in manifest["dependencies"]
    assert "confide" in (VSCODE / manifest["main"]).read_text(encoding="utf-8")
    configuration = json.loads((VSCODE / language["configuration"]).read_text(encoding="utf-8"))
    assert configuration["comments"]["lineComment"] == "#"


@pytest.mark.skipif(shutil.which("npx") is None or not (VSCODE / "node_modules" / "@vscode" / "vsce").is_dir(),
                    reason="the extension's node modules are not installed (.ci/run runs npm ci in editors/vscode)")
def test_the_extension_packages_with_vsce(tmp_path: Path) -> None:
    """``npx vsce package`` after ``npm ci``, as docs/editors.md says; the suite itself never reaches the network."""
    subprocess.run(["node", "--check", "extension.js"], cwd=VSCODE, check=True, capture_output=True, timeout=60)
    target = tmp_path / "confide.vsix"
    subprocess.run(["npx", "--no-install", "vsce", "package", "--out", str(target)], cwd=VSCODE, check=True,
                   capture_output=True, timeout=600)
    names = set(zipfile.ZipFile(target).namelist())
    assert {"extension/package.json", "extension/extension.js", "extension/syntaxes/protocol.tmLanguage.json",
            "extension/language-configuration.json"} <= names
    assert any(n.startswith("extension/node_modules/vscode-languageclient/") for n in names)
