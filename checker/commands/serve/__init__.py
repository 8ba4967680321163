"""A folder of protocols + Settings -> ``confide serve``: the drafting page, on the manager's own machine.

A hostel or youth-service manager will not install an editor extension or run commands; they
will open a page. ``confide serve FOLDER`` starts a small local web server and prints its
address: on the page they open a protocol in the folder (or start one from the ``init``
starters), and as they type, the one check core's findings appear beside their lines, each
with the law it rests on and its clause's one rewording; beside the editor, the sharing
drawing, the decision table, the client leaflet, and the scenarios on demand.

The server is Starlette on uvicorn: a small, widely used and well-kept ASGI pair whose HTTP
parsing (h11) we need not write or audit ourselves, and whose test client lets the security
tests run in-process. It binds 127.0.0.1 unless told otherwise; what guards it is in
:mod:`confide.commands.serve.app`, what it may read and write in
:mod:`confide.commands.serve.folder`.
"""

from __future__ import annotations

import ipaddress
import socket
import webbrowser
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

from confide.check import Checker, UsageError
from confide.commands.serve.folder import Folder

DEFAULT_PORT = 8765
SLACK = 64 * 1024  # JSON quoting and the other fields of a request, beyond the protocol itself


def serve(target: Path, checker: Checker, host: str = "127.0.0.1", port: int = DEFAULT_PORT,
          echo: Callable[[str], None] = print, open_browser: bool = False) -> int:
    """Serve the drafting page for ``target`` (a folder, or a protocol in it) until interrupted."""
    import uvicorn
    from confide.commands.serve.app import Session, create_app
    from confide.commands.serve.drafts import Desk

    if not target.exists():
        raise UsageError(f"no such folder: {target}")
    folder_path, opened = (target, "") if target.is_dir() else (target.parent, target.name)
    folder = Folder(folder_path, checker.settings)
    checker.library(None)  # loaded once, before the first keystroke waits for it
    problem = checker.library_problem()
    if problem is not None:
        raise UsageError(problem)
    listening = _listen(host, port)
    port = listening.getsockname()[1]
    shown = f"[{host}]" if ":" in host else host
    session = Session.start(_hosts(shown, port), port, checker.settings.max_file_size * 2 + SLACK)
    app = create_app(Desk(folder, checker), session)
    address = f"http://{shown}:{port}/?key={session.key}" + (f"&file={quote(opened)}" if opened else "")
    if not _loopback(host):
        echo(f"warning: listening on {host}, not only this machine; the page travels unencrypted")
    echo(f"confide: the drafting page for {folder.root} is at {address}")
    echo("Open that address in your browser (it carries the page's key). Press Ctrl+C to stop.")
    if open_browser:
        webbrowser.open(address)
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off", ws="none", http="h11",
                            proxy_headers=False, server_header=False, timeout_graceful_shutdown=2)
    uvicorn.Server(config).run(sockets=[listening])
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket at ``host:port`` (port 0: any free one); a clear message when it cannot be had."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        return socket.create_server((host, port), family=family)
    except OSError as exc:
        hint = " (is confide serve already running? choose another --port, or --port 0)" if port else ""
        raise UsageError(f"cannot listen at {host}:{port}: {exc.strerror or exc}{hint}") from None


def _hosts(shown: str, port: int) -> frozenset[str]:
    """The Host header values the server answers to: its address, and ``localhost`` for a loopback one."""
    names = {shown}
    if _loopback(shown.strip("[]")):
        names.add("localhost")
    return frozenset(f"{name}:{port}" for name in names)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
