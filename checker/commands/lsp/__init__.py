"""``confide lsp``: the language server, on standard input and output.

Editors (VS Code through ``editors/vscode``, Neovim, anything that speaks the Language Server
Protocol) start it and send it the protocols being edited; it answers with the findings of
the one check core as diagnostics, the suggested rewordings as quick fixes, hover, completion,
go to definition, references, the outline and formatting (docs/editors.md). Built on pygls.

Modules: :mod:`.server` (buffers, debounced checks, publishing), :mod:`.features` (the LSP
methods), :mod:`.workspace` (settings and include folder per file), :mod:`.diagnostics`,
:mod:`.fixes`, :mod:`.hover`, :mod:`.completion`, :mod:`.navigation`, :mod:`.positions`.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO


def serve(config: Path | None = None, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Serve on standard input and output until the editor says exit (``config``: ``--config``)."""
    from .features import build

    build(config).start_io(stdin, stdout)
