"""The LSP methods the server answers, each a thin handler over the server's checked buffers.

Notifications (open, change, save, close, watched files) schedule checks; requests (hover,
completion, definition, references, symbols, code actions, formatting) first bring the
buffer's check up to date, then ask the model and the findings. Nothing here reads protocol
text another way than through the check core and the formatter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from confide.check import Checked, UsageError
from confide.commands.fix import edits, rewordings
from confide.commands.fmt import FormatError, format_text
from confide.findings import Severity
from confide.loader import source_text
from lsprotocol import types
from pygls.uris import to_fs_path

from . import completion, fixes, hover, navigation
from .diagnostics import diagnostic
from .positions import Lines
from .server import Buffer, ProtocolServer

FIX_ALL = "source.fixAll.confide"
WATCHED = ("**/*.protocol", "**/pyproject.toml", "**/confide.toml")
CONFIG_FILES = frozenset({"pyproject.toml", "confide.toml"})


def build(config: Path | None = None) -> ProtocolServer:
    """A language server ready to start, every feature registered."""
    server = ProtocolServer(config)
    for method, options, handler in FEATURES:
        server.feature(method, options)(handler)
    return server


# ---- notifications ------------------------------------------------------------------------
def did_open(ls: ProtocolServer, params: types.DidOpenTextDocumentParams) -> None:
    """A protocol was opened: check it at once."""
    ls.state.buffers[params.text_document.uri] = Buffer(params.text_document.uri)
    ls.schedule(params.text_document.uri, edited=False)


def did_change(ls: ProtocolServer, params: types.DidChangeTextDocumentParams) -> None:
    """The buffer was edited: check it again (quick edits are checked once, after the last)."""
    ls.schedule(params.text_document.uri)


def did_save(ls: ProtocolServer, params: types.DidSaveTextDocumentParams) -> None:
    """Saved: the protocols that include this file read it from disk, so they are checked again."""
    path = to_fs_path(params.text_document.uri)
    if path:
        for uri in ls.affected(Path(path)):
            if uri != params.text_document.uri:
                ls.schedule(uri, edited=False)


def did_close(ls: ProtocolServer, params: types.DidCloseTextDocumentParams) -> None:
    """Closed: stop checking it and clear its diagnostics."""
    buffer = ls.state.buffers.pop(params.text_document.uri, None)
    if buffer is not None and buffer.task is not None:
        buffer.task.cancel()
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))


def did_change_watched_files(ls: ProtocolServer, params: types.DidChangeWatchedFilesParams) -> None:
    """Files changed on disk: settings or a library change everything; an included file, its includers."""
    paths = [Path(p) for change in params.changes if (p := to_fs_path(change.uri))]
    libraries = {str(p.resolve()) for b in ls.state.buffers.values() if b.checker for p in b.checker.settings.library}
    if any(p.name in CONFIG_FILES or str(p.resolve()) in libraries for p in paths):
        ls.recheck_all()
        return
    for uri in dict.fromkeys(uri for p in paths for uri in ls.affected(p)):
        ls.schedule(uri, edited=False)


async def initialized(ls: ProtocolServer, params: types.InitializedParams) -> None:
    """Ask the editor to report changes to protocols and configuration files, where it can."""
    watched = ls.client_capabilities.workspace and ls.client_capabilities.workspace.did_change_watched_files
    if not (watched and watched.dynamic_registration):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=glob) for glob in WATCHED])
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[
            types.Registration(id="confide-watched-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                               register_options=options)]))
    except Exception as exc:  # the editor refused: changes on disk are then seen on the next edit
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Warning,
                                                     message=f"confide: cannot watch files: {exc}"))


# ---- requests -------------------------------------------------------------------------------
async def on_hover(ls: ProtocolServer, params: types.HoverParams) -> types.Hover | None:
    """A rule's docs on a finding; what a standard, law, declared name or built-in word means."""
    buffer = await ls.current(params.text_document.uri)
    if buffer is None or buffer.checked is None or buffer.lines is None or buffer.checker is None:
        return None
    line, column = buffer.lines.point(params.position)
    text = hover.hover(buffer.checked, buffer.checker.settings, line, column, _model(buffer))
    if text is None:
        return None
    return types.Hover(contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=text))


async def on_completion(ls: ProtocolServer, params: types.CompletionParams) -> types.CompletionList:
    """Keywords valid on the line, then the values its keyword takes."""
    buffer = await ls.current(params.text_document.uri)
    if buffer is None or buffer.lines is None or buffer.checker is None:
        return types.CompletionList(is_incomplete=False, items=[])
    model = _model(buffer)
    unit = model.unit if model is not None else None
    checker = buffer.checker
    try:
        library = unit.library if unit is not None else await ls.run(lambda: checker.library(None))
    except UsageError:  # no library to complete from (the diagnostics say why)
        return types.CompletionList(is_incomplete=False, items=[])
    line, column = buffer.lines.point(params.position)
    items, start = completion.complete(buffer.lines.lines, line, column, completion.Known(library, unit))
    replaced = types.Range(start=buffer.lines.position(line, start), end=params.position)
    for item in items:
        item.text_edit = types.TextEdit(range=replaced, new_text=item.label)
    return types.CompletionList(is_incomplete=False, items=items)


async def on_definition(ls: ProtocolServer, params: types.DefinitionParams) -> types.Location | None:
    """A declared name's declaration, a standard's or law's library entry, an included file."""
    buffer, mention = await _mention(ls, params.text_document.uri, params.position)
    if buffer is None or mention is None or (model := _model(buffer)) is None or model.unit is None:
        return None
    if mention.what == "include":
        _, where = ls.placement(buffer.uri)
        target = (where.file.parent / mention.text).resolve()
        return _location(str(target), 1, 1, ls, buffer) if target.is_file() else None
    span = navigation.declaration(model.unit, mention)
    return _location(span.path, span.line, span.column, ls, buffer, span.end_column) if span else None


async def on_references(ls: ProtocolServer, params: types.ReferenceParams) -> list[types.Location]:
    """Every place in the protocol and its includes that names the same recipient, data, trigger..."""
    buffer, mention = await _mention(ls, params.text_document.uri, params.position)
    if buffer is None or mention is None or (model := _model(buffer)) is None or model.unit is None:
        return []
    spans = navigation.references(model.unit, mention, params.context.include_declaration)
    return [_location(s.path, s.line, s.column, ls, buffer, s.end_column) for s in spans]


async def on_symbols(ls: ProtocolServer, params: types.DocumentSymbolParams) -> list[types.DocumentSymbol]:
    """The outline: protocol, includes, declarations, and clauses by REF and title."""
    buffer = await ls.current(params.text_document.uri)
    if buffer is None or (model := _model(buffer)) is None or model.unit is None or model.source is None:
        return []
    lines = Lines(model.source.lines, ls.workspace.position_codec)
    return navigation.symbols(model.unit.root, lines)


async def on_code_action(ls: ProtocolServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    """Each suggested rewording touching the range as a quick fix; "fix all" for the file."""
    buffer = await ls.current(params.text_document.uri)
    checked = buffer.checked if buffer is not None else None
    if buffer is None or checked is None or buffer.lines is None or buffer.checker is None:
        return []
    only = params.context.only

    def wants(kind: str) -> bool:
        return only is None or any(kind == o or kind.startswith(f"{o}.") for o in only)

    found = rewordings(checked.report.findings, checked.path)
    actions: list[types.CodeAction] = []
    first, last = params.range.start.line + 1, params.range.end.line + 1
    lines, settings, uri_of = buffer.lines, buffer.checker.settings, ls.uri_of(buffer, checked.path)
    if wants(types.CodeActionKind.QuickFix):
        for rewording in found:
            low, high = rewording.replaces or (len(lines.lines), len(lines.lines))
            if not any(low <= n <= high for n in range(first, last + 1)) and not any(
                    first <= f.span.line <= last for f in rewording.findings):
                continue
            actions.append(types.CodeAction(
                title=fixes.title(rewording), kind=types.CodeActionKind.QuickFix,
                diagnostics=[diagnostic(f, lines, settings, uri_of, checked.path) for f in rewording.findings],
                edit=_edit(buffer, fixes.text_edit(lines, rewording))))
        if len(actions) == 1:
            actions[0].is_preferred = True
    if wants(FIX_ALL) and edits(checked.report.findings, checked.path, Severity.WARNING):
        action = types.CodeAction(title="Apply every suggested rewording (confide)", kind=FIX_ALL,
                                  data={"uri": buffer.uri})
        actions.append(action if _resolves_later(ls) else await on_resolve(ls, action))
    return actions


async def on_resolve(ls: ProtocolServer, action: types.CodeAction) -> types.CodeAction:
    """Work out "fix all" (it checks the text once or more, so only when it is chosen)."""
    data: Any = action.data
    uri = data.get("uri") if isinstance(data, dict) else None
    buffer = await ls.current(uri) if isinstance(uri, str) else None
    if buffer is None or buffer.checked is None or buffer.lines is None or buffer.checker is None:
        return action
    checker, where = ls.placement(buffer.uri)
    checked, text = buffer.checked, "\n".join(buffer.lines.lines)
    fixed = await ls.run(lambda: fixes.fix_all(text, checked,
                                               lambda t: checker.check(where.file, where.shown, where.root, text=t)))
    if fixed != text:
        whole = types.TextEdit(range=buffer.lines.everything(), new_text=_newlines(buffer, fixed))
        action.edit = types.WorkspaceEdit(changes={buffer.uri: [whole]})
    return action


async def on_formatting(ls: ProtocolServer, params: types.DocumentFormattingParams) -> list[types.TextEdit] | None:
    """The canonical layout of ``confide fmt``; a file with errors is left alone (and the log says why)."""
    buffer = await ls.current(params.text_document.uri)
    if buffer is None or buffer.lines is None:
        return None
    source = source_text("\n".join(buffer.lines.lines), buffer.checked.path if buffer.checked else buffer.uri)
    try:
        formatted = await ls.run(lambda: format_text(source))
    except FormatError as exc:
        first = exc.findings[0] if exc.findings else None
        where = f"line {first.span.line}: {first.code} {first.message}" if first else str(exc)
        ls.window_log_message(types.LogMessageParams(type=types.MessageType.Info,
                                                     message=f"confide: not formatted ({where})"))
        return None
    if formatted == source.text:
        return []
    return [types.TextEdit(range=buffer.lines.everything(), new_text=_newlines(buffer, formatted))]


# ---- helpers --------------------------------------------------------------------------------
def _model(buffer: Buffer) -> Checked | None:
    """The latest check with a model: the current one, or the last before a half-typed line."""
    if buffer.checked is not None and buffer.checked.unit is not None:
        return buffer.checked
    return buffer.good


async def _mention(ls: ProtocolServer, uri: str,
                   position: types.Position) -> tuple[Buffer | None, navigation.Mention | None]:
    buffer = await ls.current(uri)
    model = _model(buffer) if buffer is not None else None
    if buffer is None or buffer.lines is None or model is None or model.unit is None:
        return buffer, None
    line, column = buffer.lines.point(position)
    return buffer, navigation.at(model.unit.root, model.unit, line, column)


def _location(path: str, line: int, column: int, ls: ProtocolServer, buffer: Buffer,
              end_column: int | None = None) -> types.Location:
    """A place in this buffer (exact) or in another file (columns in characters)."""
    shown = buffer.checked.path if buffer.checked else ""
    if path == shown and buffer.lines is not None:
        start = buffer.lines.position(line, column)
        end = buffer.lines.position(line, end_column or column)
    else:
        start = types.Position(line=line - 1, character=column - 1)
        end = types.Position(line=line - 1, character=(end_column or column) - 1)
    return types.Location(uri=ls.uri_of(buffer, shown)(path), range=types.Range(start=start, end=end))


def _edit(buffer: Buffer, change: types.TextEdit) -> types.WorkspaceEdit:
    """One change to the buffer, in its own line ends."""
    change.new_text = _newlines(buffer, change.new_text)
    return types.WorkspaceEdit(changes={buffer.uri: [change]})


def _newlines(buffer: Buffer, text: str) -> str:
    """``text`` with the buffer's own line ends (a Windows file keeps its CRLF)."""
    return text.replace("\n", "\r\n") if buffer.crlf else text


def _resolves_later(ls: ProtocolServer) -> bool:
    """Whether the editor can ask for an action's edit when it is chosen (codeAction/resolve)."""
    text = ls.client_capabilities.text_document
    support = text.code_action.resolve_support if text and text.code_action else None
    return support is not None and "edit" in support.properties


FEATURES: list[tuple[str, Any, Any]] = [
    (types.TEXT_DOCUMENT_DID_OPEN, None, did_open),
    (types.TEXT_DOCUMENT_DID_CHANGE, None, did_change),
    (types.TEXT_DOCUMENT_DID_SAVE, types.SaveOptions(include_text=False), did_save),
    (types.TEXT_DOCUMENT_DID_CLOSE, None, did_close),
    (types.WORKSPACE_DID_CHANGE_WATCHED_FILES, None, did_change_watched_files),
    (types.INITIALIZED, None, initialized),
    (types.TEXT_DOCUMENT_HOVER, None, on_hover),
    (types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", ","]), on_completion),
    (types.TEXT_DOCUMENT_DEFINITION, None, on_definition),
    (types.TEXT_DOCUMENT_REFERENCES, None, on_references),
    (types.TEXT_DOCUMENT_DOCUMENT_SYMBOL, None, on_symbols),
    (types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, FIX_ALL], resolve_provider=True), on_code_action),
    (types.CODE_ACTION_RESOLVE, None, on_resolve),
    (types.TEXT_DOCUMENT_FORMATTING, None, on_formatting),
]
