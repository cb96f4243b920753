"""The lean /sparql path: SPARQL queries answered in one ASGI layer, in front of the app's stack.

Why: under eight clients, issue 21's profile found ~70% of the front end's time in uvicorn and
about nine middlewares (CORS, two body limits, telemetry, not-modified, exception handling,
routing, dependency solving) around a handler worth a fifth of it. A query to /sparql — GET with
a `query` parameter, or POST — needs only a few of their effects, done here directly:

    limits      the request-body limit (413 problem, at once when Content-Length declares too
                much, else as soon as the body does), and every per-client limit of the route
    CORS        the headers CORSMiddleware adds to a simple response (preflights, OPTIONS, go
                through the stack as before)
    validators  none: /sparql answers carry no ETag (the 304 of api/caching.py is for /api/)
    errors      problem+json, mapped as api/errors.py maps them for every other route
    origins     the warning of `OriginCheck`, once per origin

Everything else — /sparql without a query (the editor, the service description), other methods,
every other route — goes to the full app. The handler awaits the query pool on the event loop:
no thread per request (the text-match rewrite, which reads SQLite, still takes one).
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING
from urllib.parse import parse_qs

from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, HTTPConnection
from starlette.types import Receive, Scope, Send

from cablegraph.api.errors import machine_problem
from cablegraph.api.links import MAX_WARNED_ORIGINS, OriginCheck
from cablegraph.api.routers.sparql import answer_query, query_of_get, query_of_post

if TYPE_CHECKING:
    from fastapi import FastAPI

    from cablegraph.api.deps import Services
    from cablegraph.api.settings import Settings
    from cablegraph.graph.query.execute import QueryAnswer

PATH = "/sparql"
EXPOSED = ("Link", "ETag", "X-SPARQL-MaxRows", "Retry-After")  # what the app's CORSMiddleware exposes


class Cors:
    """The headers Starlette's CORSMiddleware puts on a simple (non-preflight) response, for the
    same configuration as api/app.py (no credentials): computed once per allowed origin."""

    def __init__(self, origins: list[str]) -> None:
        self.all = "*" in origins
        self.origins = frozenset(origins)
        self.expose = ", ".join(EXPOSED).encode("latin-1")

    def headers(self, origin: bytes | None) -> list[tuple[bytes, bytes]]:
        """Headers to add, besides `Vary: Origin`, which every answer gets, as from the middleware."""
        if origin is None:
            return []
        added = [(b"access-control-expose-headers", self.expose)]
        if self.all:
            added.append((b"access-control-allow-origin", b"*"))
        elif origin.decode("latin-1") in self.origins:
            added.append((b"access-control-allow-origin", origin))
        return added


class LeanSparql:
    """Takes the requests it answers (`__call__` returns False for the others)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app
        self._cors: Cors | None = None
        self._origins = OriginCheck(app)
        self._origins_seen: set[tuple[object, ...]] = set()
        self._base_iris: dict[tuple[object, ...], str] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> bool:
        if scope["method"] not in ("GET", "POST"):
            return False
        path = scope["path"]
        root = scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root) :]
        if path != PATH:
            return False
        services = getattr(self.app.state, "services", None)
        if services is None:  # not started yet
            return False
        params = _parameters(scope["query_string"])
        if scope["method"] == "GET" and not params.get("query"):
            return False  # the editor or the service description: the app's route
        scope.setdefault("app", self.app)
        headers = dict(reversed(scope["headers"]))  # the first of repeated headers, as Starlette reads them
        settings = services.settings
        self._check_origin(scope, headers)
        try:
            if scope["method"] == "GET":
                query = query_of_get(params, settings.max_query_length)
            else:
                body = await _body(scope, receive, headers, settings.max_body_bytes)
                if body is None:
                    await self._send_problem(
                        send,
                        HTTPException(413, _too_large(settings.max_body_bytes), {"Connection": "close"}),
                        services,
                        headers,
                    )
                    return True
                query, params = query_of_post(headers.get(b"content-type", b"").decode("latin-1"), body, params)
            accept = headers.get(b"accept")
            client = scope["client"][0] if scope.get("client") else "unknown"
            answer = await answer_query(
                services,
                query,
                params,
                accept.decode("latin-1") if accept is not None else None,
                client,
                self._base_iri(scope),
            )
        except Exception as error:  # noqa: BLE001 - every failure is answered as a problem, as the app's handlers do
            await self._send_problem(send, error, services, headers)
            return True
        await self._send_answer(send, answer, settings, headers)
        return True

    async def _send_answer(
        self, send: Send, answer: QueryAnswer, settings: Settings, headers: dict[bytes, bytes]
    ) -> None:
        """The engine's answer with its own headers, `Vary: Origin` added, and the CORS headers."""
        media_type = answer.media_type + ("; charset=utf-8" if answer.media_type.startswith("text/") else "")
        out = [
            (b"content-type", media_type.encode("latin-1")),
            (b"content-length", str(len(answer.body)).encode("ascii")),
        ]
        vary = "Origin"
        for name, value in answer.headers.items():
            if name == "Vary":
                vary = f"{value}, Origin"
            else:
                out.append((name.lower().encode("latin-1"), value.encode("latin-1")))
        out.append((b"vary", vary.encode("latin-1")))
        out += self._cors_for(settings).headers(headers.get(b"origin"))
        await send({"type": "http.response.start", "status": 200, "headers": out})
        await send({"type": "http.response.body", "body": answer.body})

    async def _send_problem(
        self, send: Send, error: Exception, services: Services, headers: dict[bytes, bytes]
    ) -> None:
        response = machine_problem(error, services.settings, PATH)
        out = [(n, v) for n, v in response.raw_headers if n != b"vary"]
        vary = [v.decode("latin-1") for n, v in response.raw_headers if n == b"vary"]
        out.append((b"vary", ", ".join([*vary, "Origin"]).encode("latin-1")))
        out += self._cors_for(services.settings).headers(headers.get(b"origin"))
        await send({"type": "http.response.start", "status": response.status_code, "headers": out})
        await send({"type": "http.response.body", "body": response.body})

    def _cors_for(self, settings: Settings) -> Cors:
        if self._cors is None:
            self._cors = Cors(settings.cors_origins)
        return self._cors

    def _check_origin(self, scope: Scope, headers: dict[bytes, bytes]) -> None:
        """`OriginCheck`'s warning, looked at once per scheme, Host and root path."""
        key = (scope.get("scheme"), headers.get(b"host"), scope.get("root_path", ""))
        if key in self._origins_seen or len(self._origins_seen) >= 4 * MAX_WARNED_ORIGINS:
            return
        self._origins_seen.add(key)
        if len(self._origins.seen) < MAX_WARNED_ORIGINS:
            self._origins._check(HTTPConnection(scope))

    def _base_iri(self, scope: Scope) -> str:
        """The endpoint's URL as the request reached it (relative IRIs in a query resolve against it),
        as Starlette spells it; kept for the few addresses a server is reached at."""
        key = (
            scope.get("scheme"),
            tuple(scope.get("server") or ()),
            scope.get("root_path", ""),
            scope["path"],
            next((v for n, v in scope["headers"] if n == b"host"), None),
        )
        base = self._base_iris.get(key)
        if base is None:
            base = str(HTTPConnection(scope).url.replace(query=""))
            if len(self._base_iris) < 64:  # the Host header is the client's to choose
                self._base_iris[key] = base
        return base


def _parameters(query_string: bytes) -> dict[str, list[str]]:
    """The URL's parameters as Starlette reads them (latin-1 bytes, percent-escapes as UTF-8); a
    copy, since a form POST adds to them."""
    return {name: list(values) for name, values in _parsed(query_string).items()}


@lru_cache(maxsize=256)
def _parsed(query_string: bytes) -> dict[str, list[str]]:
    """Decoding a percent-encoded query costs ~70 µs in Python, and clients repeat their queries."""
    if not query_string:
        return {}
    return parse_qs(query_string.decode("latin-1"), keep_blank_values=True)


def _too_large(max_bytes: int) -> str:
    return f"the request body is larger than the {max_bytes} bytes accepted"


async def _body(scope: Scope, receive: Receive, headers: dict[bytes, bytes], max_bytes: int) -> bytes | None:
    """The request body; None when Content-Length declares more than `max_bytes` (not read).
    A body that turns out larger is a 413 problem, one whose client left a ClientDisconnect."""
    declared = headers.get(b"content-length")
    if declared is not None:
        try:
            if int(declared) > max_bytes:
                return None
        except ValueError:
            pass
    chunks: list[bytes] = []
    seen = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise ClientDisconnect()
        chunk = message.get("body", b"")
        seen += len(chunk)
        if seen > max_bytes:
            raise HTTPException(413, _too_large(max_bytes))
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)
