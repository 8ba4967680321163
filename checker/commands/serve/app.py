"""HTTP requests -> the :class:`~confide.commands.serve.drafts.Desk`: the drafting page's server (ASGI).

Since it is a server, every request passes one :class:`Guard` before any route sees it:

- the ``Host`` must be the address the server printed (a DNS-rebinding page gets nothing);
- a request that changes anything (any method but GET and HEAD) must carry an ``Origin``
  equal to that address, and a browser's ``Sec-Fetch-Site`` if it sends one must say
  ``same-origin``: another web page open in the same browser cannot drive the server, with
  or without the token;
- every ``/api/`` request must carry the per-session token (``X-Confide-Token``), which only
  the page itself holds; and the page is only given to the browser that opened the printed
  address, which carries a second secret (``?key=``) that is then kept in a cookie;
- a request body must declare its length, at most the protocol size limit plus a little;
- every response carries a Content-Security-Policy without inline script, ``nosniff`` and
  ``frame-ancestors 'none'``.
"""

from __future__ import annotations

import json
import secrets
import sys
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from importlib import resources
from typing import Any
from urllib.parse import parse_qs, quote

from confide import vocabulary as V
from confide.commands.serve.drafts import Desk, Wanted
from confide.commands.serve.folder import Conflict, Refused
from confide.language.keywords import BLOCK_LINES, INNER, MODALITIES, TOP_LEVEL
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_HEADER = "x-confide-token"
ASSETS = {"app.js": "text/javascript", "editor.js": "text/javascript", "cards.js": "text/javascript",
          "panels.js": "text/javascript", "dom.js": "text/javascript", "app.css": "text/css",
          "icon.svg": "image/svg+xml"}
SECURITY_HEADERS = [
    (b"content-security-policy", b"default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
                                 b"connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
SAFE_METHODS = frozenset({"GET", "HEAD"})


@dataclass(frozen=True)
class Session:
    """The secrets of one run of ``confide serve`` and the addresses it answers at."""

    hosts: frozenset[str]  # Host header values, with the port: "127.0.0.1:8765", "localhost:8765"
    key: str  # in the printed address; kept in a cookie by the browser that opens it
    token: str  # in the page; every /api/ request sends it back
    cookie: str  # cookie name, per port (cookies do not tell ports apart)
    max_body: int

    @classmethod
    def start(cls, hosts: frozenset[str], port: int, max_body: int) -> Session:
        """Fresh secrets for a server on ``port``."""
        return cls(hosts, secrets.token_urlsafe(32), secrets.token_urlsafe(32), f"confide-{port}", max_body)


class Guard:
    """The checks every request passes first (pure ASGI, so nothing reaches a route unchecked)."""

    def __init__(self, app: ASGIApp, session: Session) -> None:
        self.app = app
        self.session = session

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Refuse the request in plain words, or pass it on; either way the answer gets the security headers."""
        if scope["type"] == "lifespan":
            await self.app(scope, receive, send)
            return
        if scope["type"] != "http":  # no websockets: the page needs none
            return

        async def guarded(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        refusal = self.refusal(scope)
        if refusal is not None:
            status, words = refusal
            await PlainTextResponse(words, status)(scope, receive, guarded)
            return
        await self.app(scope, receive, guarded)

    def refusal(self, scope: Scope) -> tuple[int, str] | None:
        """Why the request is refused (status, plain words), or None."""
        headers = Headers(scope=scope)
        host = headers.get("host", "")
        if host not in self.session.hosts:
            return 421, "this server answers only at the address confide serve printed"
        method = scope["method"]
        if method not in SAFE_METHODS:
            if headers.get("origin") != f"http://{host}":
                return 403, "refused: a request that changes anything must come from the drafting page itself"
            if headers.get("sec-fetch-site", "same-origin") != "same-origin":
                return 403, "refused: a request from another site"
            length = headers.get("content-length")
            if length is None or not length.isdigit():
                return 411, "refused: the request must say how long it is"
            if int(length) > self.session.max_body:
                return 413, f"refused: the request is larger than {self.session.max_body:,} bytes"
        if scope["path"].startswith("/api/"):
            if not secrets.compare_digest(headers.get(TOKEN_HEADER, "").encode(), self.session.token.encode()):
                return 403, "refused: this request lacks the drafting page's token (reload the page)"
        return None


def create_app(desk: Desk, session: Session) -> ASGIApp:
    """The drafting page's ASGI application, behind its :class:`Guard`."""
    page = resources.files("confide.commands.serve").joinpath("static", "index.html").read_text(encoding="utf-8")
    page = page.replace("__CONFIDE_TOKEN__", session.token)

    async def index(request: Request) -> Response:
        given = request.query_params.get("key")
        if given is not None and secrets.compare_digest(given.encode(), session.key.encode()):
            rest = {k: v for k, v in parse_qs(request.url.query).items() if k == "file"}
            target = "/" + (f"?file={quote(rest['file'][0], safe='/')}" if rest else "")
            response: Response = RedirectResponse(target, 303)
            response.set_cookie(session.cookie, session.key, httponly=True, samesite="strict", path="/")
            return response
        held = request.cookies.get(session.cookie, "")
        if not secrets.compare_digest(held.encode(), session.key.encode()):
            return PlainTextResponse("Open the address that 'confide serve' printed: it carries the key to this "
                                     "page. (If the server was restarted, it printed a new one.)", 403)
        return Response(page, media_type="text/html; charset=utf-8")

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in ASSETS:
            return PlainTextResponse("not found", 404)
        body = resources.files("confide.commands.serve").joinpath("static", name).read_bytes()
        return Response(body, media_type=ASSETS[name])

    async def folder(request: Request) -> Response:
        listing = await run_in_threadpool(desk.folder.listing)
        return JSONResponse({
            "folder": desk.folder.root.name or str(desk.folder.root),
            "protocols": listing.protocols,
            "unreadable": [{"folder": name, "why": why} for name, why in listing.unreadable],
            "services": sorted(V.SERVICE_KINDS), "clients": sorted(V.CLIENT_GROUPS),
            "keywords": {"blocks": list(TOP_LEVEL), "lines": sorted({w for ws in BLOCK_LINES.values() for w in ws}),
                         "inner": list(INNER), "modalities": list(MODALITIES)},
        })

    async def protocol(request: Request) -> Response:
        opened = await run_in_threadpool(desk.folder.read, request.query_params.get("path", ""))
        return JSONResponse({"path": opened.path, "text": opened.text, "version": opened.version})

    async def new(request: Request) -> Response:
        path = request.query_params.get("path", "")
        file = desk.folder.resolve(path)
        if file.exists():
            raise Refused(f"'{path}' already exists; open it from the list, or choose another name")
        text = await run_in_threadpool(desk.starter, request.query_params.get("service", ""),
                                       request.query_params.get("clients", ""))
        return JSONResponse({"path": path, "text": text, "version": ""})

    async def check(request: Request) -> Response:
        body = await _body(request)
        return JSONResponse(await run_in_threadpool(desk.view, _text(body, "path"), _text(body, "text")))

    async def apply(request: Request) -> Response:
        body = await _body(request)
        clause = body.get("clause")
        line = body.get("line")
        if not (clause is None or isinstance(clause, str)) or not isinstance(line, int):
            raise Refused("the request does not name a finding")
        wanted = Wanted(_text(body, "code"), clause, line)
        text = await run_in_threadpool(desk.apply, _text(body, "path"), _text(body, "text"), wanted)
        return JSONResponse({"text": text})

    async def scenarios(request: Request) -> Response:
        body = await _body(request)
        runs = await run_in_threadpool(desk.scenarios, _text(body, "path"), _text(body, "text"))
        return JSONResponse({"scenarios": runs})

    async def save(request: Request) -> Response:
        body = await _body(request)
        saved = await run_in_threadpool(desk.folder.save, _text(body, "path"), _text(body, "text"),
                                        _text(body, "base"))
        if isinstance(saved, Conflict):
            return JSONResponse({"conflict": True, "version": saved.version, "diff": saved.diff}, 409)
        return JSONResponse({"version": saved})

    routes = [Route("/", _answering(index)), Route("/static/{name}", _answering(asset)),
              Route("/api/folder", _answering(folder)), Route("/api/protocol", _answering(protocol)),
              Route("/api/new", _answering(new)),
              Route("/api/check", _answering(check), methods=["POST"]),
              Route("/api/apply", _answering(apply), methods=["POST"]),
              Route("/api/scenarios", _answering(scenarios), methods=["POST"]),
              Route("/api/save", _answering(save), methods=["POST"])]
    return Guard(Starlette(routes=routes), session)


Endpoint = Callable[[Request], Awaitable[Response]]


def _answering(endpoint: Endpoint) -> Endpoint:
    """A route that turns a refusal into a 400 with its words, and any failure into one line, never a trace."""
    async def answer(request: Request) -> Response:
        try:
            return await endpoint(request)
        except Refused as exc:
            return JSONResponse({"error": str(exc)}, 400)
        except Exception as exc:  # a bug must not take the page down or leak a traceback to it
            print(f"confide serve: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
            return JSONResponse({"error": f"internal error ({type(exc).__name__}); see the terminal"}, 500)

    return answer


async def _body(request: Request) -> MutableMapping[str, Any]:
    """The JSON object a POST carries (its size was limited by the guard)."""
    try:
        body = json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        raise Refused("the request is not JSON") from None
    if not isinstance(body, dict):
        raise Refused("the request is not a JSON object")
    return body


def _text(body: MutableMapping[str, Any], name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str):
        raise Refused(f"the request lacks '{name}'")
    return value
