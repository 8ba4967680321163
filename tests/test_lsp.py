"""`confide lsp` driven as an editor drives it: a real LSP client over stdio (pytest-lsp).

One server serves the module (starting one takes about half a second); each test opens its
own files in the shared workspace folder, so tests do not see each other's buffers.
"""

from __future__ import annotations

import asyncio
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_lsp
from confide.commands.fmt import format_text
from confide.loader import source_text
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parent.parent
BLANKET = ROOT / "protocols" / "hostel-blanket-police-referral.protocol"
PUBLISH = types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS
pytestmark = pytest.mark.asyncio(loop_scope="module")


class Editor(LanguageClient):
    """A test client that keeps every diagnostics notification, in order, with its version."""

    def __init__(self) -> None:
        super().__init__()
        self.published: list[types.PublishDiagnosticsParams] = []
        self.shown: list[types.ShowMessageParams] = []
        self.versions: dict[str, int] = {}


def make_editor() -> Editor:
    editor = Editor()

    @editor.feature(PUBLISH)
    def publish(params: types.PublishDiagnosticsParams) -> None:
        editor.published.append(params)

    @editor.feature(types.WINDOW_SHOW_MESSAGE)
    def show(params: types.ShowMessageParams) -> None:
        editor.shown.append(params)

    @editor.feature(types.WINDOW_LOG_MESSAGE)
    def log(params: types.LogMessageParams) -> None:
        editor.log_messages.append(params)

    @editor.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        return None

    return editor


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("workspace")
    shutil.copy(BLANKET, folder / "hostel.protocol")
    return folder


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=[sys.executable, "-m", "confide", "lsp"],
                                                              client_factory=make_editor))
async def editor(lsp_client: Editor, workspace: Path) -> AsyncIterator[None]:
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=workspace.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=workspace.as_uri(), name="workspace")]))
    yield
    await lsp_client.shutdown_session()


# ---- what an editor does --------------------------------------------------------------------
async def published(editor: Editor, uri: str, after: int = 0, version: int | None = None,
                    timeout: float = 20) -> list[types.Diagnostic]:
    """The first diagnostics for ``uri`` published after the ``after``-th notification (and, if
    given, for ``version``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while loop.time() < deadline:
        for params in editor.published[after:]:
            if params.uri == uri and (version is None or params.version == version):
                return list(params.diagnostics)
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} (version {version}) within {timeout} s")


async def open_text(editor: Editor, path: Path, text: str | None = None) -> tuple[str, list[types.Diagnostic]]:
    if text is None:
        text = path.read_text(encoding="utf-8")
    elif not path.exists():
        path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    editor.versions[uri] = 1
    before = len(editor.published)
    editor.text_document_did_open(types.DidOpenTextDocumentParams(
        text_document=types.TextDocumentItem(uri=uri, language_id="protocol", version=1, text=text)))
    return uri, await published(editor, uri, before, 1)


async def replace_text(editor: Editor, uri: str, text: str) -> list[types.Diagnostic]:
    editor.versions[uri] += 1
    version = editor.versions[uri]
    before = len(editor.published)
    editor.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)]))
    return await published(editor, uri, before, version)


def offset(text: str, position: types.Position) -> int:
    lines = text.split("\n")
    return sum(len(line) + 1 for line in lines[: position.line]) + position.character


def applied(text: str, edits: list[types.TextEdit]) -> str:
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[: offset(text, edit.range.start)] + edit.new_text + text[offset(text, edit.range.end):]
    return text


def at(line: int, character: int) -> types.Position:
    return types.Position(line=line, character=character)


def doc(uri: str) -> types.TextDocumentIdentifier:
    return types.TextDocumentIdentifier(uri=uri)


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.split("\n")) if needle in line)


# ---- diagnostics and quick fixes ------------------------------------------------------------
async def test_blanket_referral_is_law001_and_its_quick_fix_clears_the_clause(editor: Editor, workspace: Path) -> None:
    text = (workspace / "hostel.protocol").read_text(encoding="utf-8")
    uri, found = await open_text(editor, workspace / "hostel.protocol")
    share = line_of(text, "staff must share identity")
    law001 = next(d for d in found if d.code == "LAW001")
    assert law001.range == types.Range(start=at(share, 2), end=at(share, len(text.split("\n")[share])))
    assert law001.severity == types.DiagnosticSeverity.Error and law001.source == "confide"
    assert law001.code_description is not None
    assert law001.code_description.href.endswith("rules.md#law001-automatic-referral-exceeds-duty")
    assert "automatic referral" in law001.message

    actions = await editor.text_document_code_action_async(types.CodeActionParams(
        text_document=doc(uri), range=law001.range,
        context=types.CodeActionContext(diagnostics=[law001], only=[types.CodeActionKind.QuickFix])))
    assert actions is not None
    fix = next(a for a in actions if isinstance(a, types.CodeAction) and "clause 7.1" in a.title)
    assert fix.kind == types.CodeActionKind.QuickFix and fix.is_preferred
    assert "LAW001" in {d.code for d in fix.diagnostics or []}
    assert fix.edit is not None and fix.edit.changes is not None
    fixed = applied(text, list(fix.edit.changes[uri]))
    assert "staff may share" in fixed and "staff must share" not in fixed

    after = await replace_text(editor, uri, fixed)
    clause = line_of(fixed, 'clause 7.1')
    end = next((i for i in range(clause + 1, len(fixed.split("\n"))) if not fixed.split("\n")[i].strip()),
               len(fixed.split("\n")))
    assert [d.code for d in after if clause <= d.range.start.line < end] == []
    assert "LAW001" not in {d.code for d in after}


async def test_a_quick_fix_keeps_the_comments_in_the_clause(editor: Editor, workspace: Path) -> None:
    text = (workspace / "hostel.protocol").read_text(encoding="utf-8")
    share = line_of(text, "staff must share identity")
    lines = text.split("\n")
    lines[share] += "  # the police asked for this"
    lines.insert(share, "  # agreed at the 2025 meeting")
    (workspace / "hostel.protocol").write_text("\n".join(lines), encoding="utf-8")
    text = "\n".join(lines)
    uri, found = await open_text(editor, workspace / "hostel.protocol")
    law001 = next(d for d in found if d.code == "LAW001")
    actions = await editor.text_document_code_action_async(types.CodeActionParams(
        text_document=doc(uri), range=law001.range,
        context=types.CodeActionContext(diagnostics=[law001], only=[types.CodeActionKind.QuickFix])))
    fix = next(a for a in actions or [] if isinstance(a, types.CodeAction) and "clause 7.1" in a.title)
    assert fix.edit is not None and fix.edit.changes is not None
    fixed = applied(text, list(fix.edit.changes[uri]))
    assert "staff may share" in fixed
    assert "# the police asked for this" in fixed and "# agreed at the 2025 meeting" in fixed


async def test_a_contradiction_points_at_the_other_clause(editor: Editor, workspace: Path) -> None:
    text = ('protocol "Test hostel"\n  service homeless-hostel\nclause 4.1\n  staff must share identity with police\n'
            "clause 4.2\n  staff must-not share identity, treatment-content with police\n")
    uri, found = await open_text(editor, workspace / "contradiction.protocol", text)
    clash = next(d for d in found if d.code == "GRAPH001")
    related = clash.related_information or []
    assert related and all(r.location.uri == uri for r in related)
    lines = {r.location.range.start.line for r in related} | {clash.range.start.line}
    assert {2, 4} & lines or {3, 5} & lines


async def test_a_half_typed_line_gives_a_syntax_error_then_nothing_stale(editor: Editor, workspace: Path) -> None:
    text = BLANKET.read_text(encoding="utf-8")
    uri, first = await open_text(editor, workspace / "typing.protocol", text)
    assert "E001" not in {d.code for d in first}
    broken = text.replace("  consent not-required", '  consent not-required\n  staff must sha "unclosed')
    during = await replace_text(editor, uri, broken)
    assert {d.code for d in during} == {"E001"}
    assert during[0].range.start.line == line_of(broken, "must sha \"")
    again = await replace_text(editor, uri, text)
    assert {d.code for d in again} == {d.code for d in first}


async def test_fix_all_applies_every_rewording_and_leaves_no_error(editor: Editor, workspace: Path) -> None:
    text = BLANKET.read_text(encoding="utf-8")
    uri, found = await open_text(editor, workspace / "fixall.protocol", text)
    assert any(d.severity == types.DiagnosticSeverity.Error for d in found)
    actions = await editor.text_document_code_action_async(types.CodeActionParams(
        text_document=doc(uri), range=types.Range(start=at(0, 0), end=at(0, 0)),
        context=types.CodeActionContext(diagnostics=[], only=[types.CodeActionKind.SourceFixAll])))
    assert actions is not None and len(actions) == 1
    action = actions[0]
    assert isinstance(action, types.CodeAction) and action.kind == "source.fixAll.confide"
    if action.edit is None:  # the editor asks for the edit only when the action is chosen
        action = await editor.code_action_resolve_async(action)
    assert action.edit is not None and action.edit.changes is not None
    after = await replace_text(editor, uri, applied(text, list(action.edit.changes[uri])))
    assert [d.code for d in after if d.severity in (types.DiagnosticSeverity.Error, types.DiagnosticSeverity.Warning)] \
        == []


# ---- hover, completion, navigation, outline, formatting ---------------------------------------
async def test_hover_explains_findings_standards_laws_and_words(editor: Editor, workspace: Path) -> None:
    text = BLANKET.read_text(encoding="utf-8")
    uri, _ = await open_text(editor, workspace / "hover.protocol", text)

    async def hover(needle: str, word: str) -> str:
        line = line_of(text, needle)
        result = await editor.text_document_hover_async(types.HoverParams(
            text_document=doc(uri), position=at(line, text.split("\n")[line].index(word) + 1)))
        assert result is not None and isinstance(result.contents, types.MarkupContent)
        return result.contents.value

    on_finding = await hover("staff must share identity", "staff")
    assert "**LAW001**" in on_finding and "Rests on" in on_finding and "automatic-referral-exceeds-duty" in on_finding
    standard = await hover("means drug-supply-on-premises", "drug-supply")
    assert "Not a serious" in standard and "Other laws and guidance about it" in standard
    law = await hover("basis misuse-of-drugs-act-1971-s8", "misuse")
    assert "Kind: offence" in law and "Binds: premises" in law and "Source:" in law
    word = await hover("consent not-required", "not-required")
    assert "consent mode" in word and "without the client" in word
    declared = await hover("staff must share identity", "police")
    assert 'recipient police "Area police team"' in declared and "kind police" in declared


async def test_completion_offers_what_fits_the_line(editor: Editor, workspace: Path) -> None:
    text = BLANKET.read_text(encoding="utf-8").rstrip("\n") + "\n  \n"
    uri, _ = await open_text(editor, workspace / "complete.protocol", text)
    blank = len(text.split("\n")) - 2

    async def labels(typed: str) -> dict[str, str | None]:
        await replace_text(editor, uri, text.replace("\n  \n", f"\n  {typed}\n"))
        result = await editor.text_document_completion_async(types.CompletionParams(
            text_document=doc(uri), position=at(blank, 2 + len(typed))))
        assert isinstance(result, types.CompletionList)
        return {item.label: item.detail for item in result.items}

    first = await labels("")
    assert {"when", "steps", "consent", "basis", "clause", "recipient"} <= set(first) and "kind" not in first
    assert {"not-required", "bundled", "required"} <= set(await labels("consent "))
    laws = await labels("basis ")
    assert laws["crime-and-disorder-act-1998-s115"] == "law (power)" and laws["court-order"] == "law (duty)"
    when = await labels("when ")
    assert when["suspected-drug-activity"] == "declared trigger"
    assert "serious harm: can" in str(when["serious-harm-to-others"]) and "not serious" in str(when["court-order"])
    data = await labels("staff may share identity, ")
    assert {"identity", "health"} <= set(data) and "police" not in data
    assert "police" in await labels("staff may share identity with ")
    assert {"seek-consent", "record-decision"} <= set(await labels("steps consult-supervisor, "))


async def test_definition_and_references_follow_names(editor: Editor, workspace: Path) -> None:
    (workspace / "agreement.protocol").write_text(
        'recipient probation "Probation service"\n  kind probation\n', encoding="utf-8")
    text = ('include "agreement.protocol"\n' + BLANKET.read_text(encoding="utf-8")
            + '\ndata notes "Case notes"\n  kind case-file\n'
            + "\nclause 8\n  staff may share identity, notes with probation, police\n")
    uri, _ = await open_text(editor, workspace / "navigate.protocol", text)
    share = line_of(text, "staff may share identity, notes with probation")

    async def definition(line: int, character: int) -> types.Location:
        found = await editor.text_document_definition_async(types.DefinitionParams(
            text_document=doc(uri), position=at(line, character)))
        assert isinstance(found, types.Location), found
        return found

    police = await definition(share, text.split("\n")[share].index("police") + 2)
    assert police.uri == uri and police.range.start.line == line_of(text, "recipient police")
    probation = await definition(share, text.split("\n")[share].index("probation") + 2)
    assert probation.uri == (workspace / "agreement.protocol").as_uri() and probation.range.start.line == 0
    notes = await definition(share, text.split("\n")[share].index("notes") + 1)
    assert notes.uri == uri and notes.range.start.line == line_of(text, "data notes")
    trigger_line = line_of(text, "when suspected-drug-activity")
    trigger = await definition(trigger_line, 8)
    assert trigger.range.start.line == line_of(text, "trigger suspected-drug-activity")
    standard = await definition(line_of(text, "means drug-supply"), 10)
    assert standard.uri.endswith("england-and-wales.protocol")
    include = await definition(0, 12)
    assert include.uri == (workspace / "agreement.protocol").as_uri()

    found = await editor.text_document_references_async(types.ReferenceParams(
        text_document=doc(uri), position=at(share, text.split("\n")[share].index("police") + 1),
        context=types.ReferenceContext(include_declaration=True)))
    assert found is not None
    assert sorted(r.range.start.line for r in found) == sorted(
        {line_of(text, "recipient police"), line_of(text, "staff must share identity"), share})


async def test_symbols_list_clauses_by_ref_and_title(editor: Editor, workspace: Path) -> None:
    uri, _ = await open_text(editor, workspace / "symbols.protocol", BLANKET.read_text(encoding="utf-8"))
    symbols = await editor.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc(uri)))
    names = [s.name for s in symbols or []]
    assert names == ["Tyneside supported housing: drug-related activity", "police", "suspected-drug-activity",
                     "at-assessment", "records", "7.1 Referral of suspected drug activity"]


async def test_formatting_is_confide_fmt(editor: Editor, workspace: Path) -> None:
    messy = BLANKET.read_text(encoding="utf-8").replace("  kind police", "      kind    police").replace(
        "identity, suspected-activity", "identity ,suspected-activity")
    uri, _ = await open_text(editor, workspace / "format.protocol", messy)
    options = types.FormattingOptions(tab_size=2, insert_spaces=True)
    edits = await editor.text_document_formatting_async(types.DocumentFormattingParams(text_document=doc(uri),
                                                                                        options=options))
    assert edits
    assert applied(messy, list(edits)) == format_text(source_text(messy, "format.protocol"))
    await replace_text(editor, uri, messy + "clause\n")
    broken = await editor.text_document_formatting_async(types.DocumentFormattingParams(text_document=doc(uri),
                                                                                         options=options))
    assert not broken


# ---- includes, settings, the workspace boundary -------------------------------------------------
async def test_an_included_file_changing_on_disk_rechecks_its_includer(editor: Editor, workspace: Path) -> None:
    partner = workspace / "partner.protocol"
    partner.write_text('recipient local-idva "Independent adviser"\n  kind idva\n', encoding="utf-8")
    text = ('protocol "Includes a partner"\n  service homeless-hostel\ninclude "partner.protocol"\n'
            "clause 1\n  staff may share identity with local-idva\n")
    uri, found = await open_text(editor, workspace / "includer.protocol", text)
    assert "E002" not in {d.code for d in found}
    partner.write_text('recipient local-marac "Risk conference"\n  kind marac\n', encoding="utf-8")
    before = len(editor.published)
    editor.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=partner.as_uri(), type=types.FileChangeType.Changed)]))
    after = await published(editor, uri, before)
    assert "E002" in {d.code for d in after}

    # Edited in the editor and saved: the includer reads the saved file and is checked again.
    fixed = 'recipient local-idva "Independent adviser"\n  kind idva\n'
    partner_uri, _ = await open_text(editor, partner, partner.read_text(encoding="utf-8"))
    await replace_text(editor, partner_uri, fixed)
    partner.write_text(fixed, encoding="utf-8")
    before = len(editor.published)
    editor.text_document_did_save(types.DidSaveTextDocumentParams(text_document=doc(partner_uri)))
    assert "E002" not in {d.code for d in await published(editor, uri, before)}


async def test_settings_reload_when_the_configuration_changes(editor: Editor, workspace: Path) -> None:
    project = workspace / "project"
    project.mkdir()
    config = project / "confide.toml"
    config.write_text('ignore = ["FDAP"]\n', encoding="utf-8")
    uri, found = await open_text(editor, project / "configured.protocol", BLANKET.read_text(encoding="utf-8"))
    assert not any(str(d.code).startswith("FDAP") for d in found) and "LAW001" in {d.code for d in found}
    config.write_text("", encoding="utf-8")
    before = len(editor.published)
    editor.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[
        types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)]))
    after = await published(editor, uri, before)
    assert any(str(d.code).startswith("FDAP") for d in after)
    config.write_text('ignore = ["NOPE"]\n', encoding="utf-8")
    shown = len(editor.shown)
    broken = await replace_text(editor, uri, BLANKET.read_text(encoding="utf-8") + "\n")
    assert "LAW001" in {d.code for d in broken}
    assert any("NOPE" in m.message for m in editor.shown[shown:])


async def test_a_file_outside_the_workspace_does_not_follow_includes_out_of_it(
        editor: Editor, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.protocol").write_text('recipient secret "Secret"\n  kind other\n', encoding="utf-8")
    (outside / "confide.toml").write_text('ignore = ["E"]\n', encoding="utf-8")  # not read: not the workspace's
    text = ('protocol "Outside"\n  service homeless-hostel\ninclude "secret.protocol"\n'
            "clause 1\n  staff may share identity with secret\n")
    _, found = await open_text(editor, outside / "loose.protocol", text)
    problem = next(d for d in found if d.code == "E003")
    assert "leaves the folder being checked" in problem.message and problem.range.start.line == 2


async def test_closing_a_buffer_clears_its_diagnostics(editor: Editor, workspace: Path) -> None:
    uri, found = await open_text(editor, workspace / "closing.protocol", BLANKET.read_text(encoding="utf-8"))
    assert found
    before = len(editor.published)
    editor.text_document_did_close(types.DidCloseTextDocumentParams(text_document=doc(uri)))
    assert await published(editor, uri, before) == []


async def test_a_buffer_over_the_size_limit_is_refused_as_check_refuses_the_file(editor: Editor,
                                                                                 workspace: Path) -> None:
    small = workspace / "small"
    small.mkdir()
    (small / "confide.toml").write_text("max-file-size = 200\n", encoding="utf-8")
    _, found = await open_text(editor, small / "big.protocol", BLANKET.read_text(encoding="utf-8"))
    assert len(found) == 1 and "over the 200-byte limit" in found[0].message


async def test_a_protocol_level_suggestion_is_added_at_the_end(editor: Editor, workspace: Path) -> None:
    text = BLANKET.read_text(encoding="utf-8").replace("at-assessment\n  explain limits-of-confidentiality\n", "")
    uri, found = await open_text(editor, workspace / "adding.protocol", text)
    missing = next(d for d in found if d.code == "FDAP001")
    actions = await editor.text_document_code_action_async(types.CodeActionParams(
        text_document=doc(uri), range=missing.range,
        context=types.CodeActionContext(diagnostics=[missing], only=[types.CodeActionKind.QuickFix])))
    add = next(a for a in actions or [] if isinstance(a, types.CodeAction) and "FDAP001" in a.title)
    assert add.title.startswith("Add") and add.edit is not None and add.edit.changes is not None
    fixed = applied(text, list(add.edit.changes[uri]))
    assert fixed.endswith("\n\nat-assessment\n  explain limits-of-confidentiality\n")
    assert "FDAP001" not in {d.code for d in await replace_text(editor, uri, fixed)}
