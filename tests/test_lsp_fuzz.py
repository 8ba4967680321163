"""Random edits, as fast as an editor can send them, never kill the language server.

Hypothesis (derandomized: the same examples every run) draws sequences of incremental edits —
keyword and value fragments, quotes, commas, line breaks, non-ASCII and astral characters,
deletions across lines — sent without waiting, with requests (hover, completion, definition,
symbols, code actions, formatting) interleaved at random places. After each sequence the
buffer is set to a known protocol: the server must answer with that version's diagnostics
(nothing stale), every request must have been answered without an error, and the server must
still be running and never have logged a traceback.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities

ROOT = Path(__file__).resolve().parent.parent
BLANKET = (ROOT / "protocols" / "hostel-blanket-police-referral.protocol").read_text(encoding="utf-8")
FRAGMENTS = ["clause 9 ", "staff must share ", "identity, ", "with police", "consent not-required", "when ",
             "steps seek-consent", "recipient ", "kind police", "trigger t", "  means court-order", "include \"x\"",
             "basis ", "allow LAW001 \"why\" until 2020-01-01", "#", "\"", ",", " ", "\n", "\n  ", "\r\n", "é—“",
             "😀", "\t", "must-not", "publish", "protocol \"P\"", "2027-13-45"]

edit = st.tuples(st.floats(0, 1), st.integers(0, 40), st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)))
request = st.sampled_from(["hover", "completion", "definition", "symbols", "actions", "formatting"])
step = st.one_of(edit, request)


def position(text: str, index: int) -> types.Position:
    """The LSP position (UTF-16 columns) of character ``index`` of ``text``."""
    before = text[:index]
    line = before.count("\n")
    column = before[before.rfind("\n") + 1:]
    return types.Position(line=line, character=len(column.encode("utf-16-le")) // 2)


def without_odd_breaks(text: str) -> str:
    """Line breaks only LSP knows: pygls splits lines on more (form feeds, U+2028) than LSP does,
    so incremental edits carrying them would be placed differently by the client and the server.
    """
    return "".join(" " if c in "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029\r" else c for c in text)


class Session:
    """One server for every example: text kept in step with the server's, versions counted."""

    def __init__(self, client: LanguageClient, uri: str) -> None:
        self.client, self.uri, self.text, self.version = client, uri, BLANKET, 1
        self.published: list[types.PublishDiagnosticsParams] = []

    def change(self, where: float, length: int, inserted: str) -> None:
        start = int(where * len(self.text))
        end = min(len(self.text), start + length)
        inserted = without_odd_breaks(inserted)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=position(self.text, start), end=position(self.text, end)), text=inserted)
        self.text = self.text[:start] + inserted + self.text[end:]
        self.send(change)

    def send(self, change: types.TextDocumentContentChangeEvent) -> None:
        self.version += 1
        self.client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=self.uri, version=self.version),
            content_changes=[change]))

    async def ask(self, what: str) -> None:
        doc = types.TextDocumentIdentifier(uri=self.uri)
        here = position(self.text, len(self.text) // 2)
        client = self.client
        if what == "hover":
            await client.text_document_hover_async(types.HoverParams(text_document=doc, position=here))
        elif what == "completion":
            await client.text_document_completion_async(types.CompletionParams(text_document=doc, position=here))
        elif what == "definition":
            await client.text_document_definition_async(types.DefinitionParams(text_document=doc, position=here))
        elif what == "symbols":
            await client.text_document_document_symbol_async(types.DocumentSymbolParams(text_document=doc))
        elif what == "actions":
            everything = types.Range(start=types.Position(line=0, character=0), end=here)
            await client.text_document_code_action_async(types.CodeActionParams(
                text_document=doc, range=everything, context=types.CodeActionContext(diagnostics=[])))
        else:
            await client.text_document_formatting_async(types.DocumentFormattingParams(
                text_document=doc, options=types.FormattingOptions(tab_size=2, insert_spaces=True)))

    async def settle(self) -> list[types.Diagnostic]:
        """Replace the text with the known protocol; its diagnostics must come, for that version."""
        self.text = BLANKET
        self.send(types.TextDocumentContentChangeWholeDocument(text=BLANKET))
        for _ in range(2000):
            found = [p for p in self.published if p.version == self.version]
            if found:
                return list(found[-1].diagnostics)
            await asyncio.sleep(0.01)
        raise AssertionError(f"no diagnostics for version {self.version}")


async def start(folder: Path) -> Session:
    client = LanguageClient()
    session_box: list[Session] = []

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def publish(params: types.PublishDiagnosticsParams) -> None:
        session_box[0].published.append(params)

    @client.feature(types.CLIENT_REGISTER_CAPABILITY)
    def register(params: types.RegistrationParams) -> None:
        return None

    await client.start_io(sys.executable, "-m", "confide", "lsp")
    await client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=folder.as_uri(),
        workspace_folders=[types.WorkspaceFolder(uri=folder.as_uri(), name="fuzz")]))
    path = folder / "fuzzed.protocol"
    path.write_text(BLANKET, encoding="utf-8")
    session = Session(client, path.as_uri())
    session_box.append(session)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=types.TextDocumentItem(
        uri=session.uri, language_id="protocol", version=1, text=BLANKET)))
    return session


def test_random_edits_never_kill_the_server(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    with asyncio.Runner() as runner:
        session = runner.run(start(tmp_path))
        expected = {d.code for d in runner.run(session.settle())}
        assert "LAW001" in expected

        @settings(max_examples=25, derandomize=True, deadline=None, database=None,
                  suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
        @given(steps=st.lists(step, min_size=1, max_size=12))
        def play(steps: list[tuple[float, int, str] | str]) -> None:
            async def run() -> None:
                for item in steps:
                    if isinstance(item, str):
                        await session.ask(item)
                    else:
                        session.change(*item)
                assert {d.code for d in await session.settle()} == expected

            runner.run(run())

        play()
        server = session.client._server
        assert server is not None and server.returncode is None
        runner.run(session.client.shutdown_session())
        runner.run(session.client.stop())
    assert "Traceback" not in capfd.readouterr().err
