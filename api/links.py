"""Where links point: minted IRIs keep the base the store was built with; every link the server
writes about itself (endpoint, API pages, reading-room pages, manifest, dump, sitemap) points at
the server as it is reached.

    minted IRI      `CABLEGRAPH_BASE_IRI` at build time, read back from the store (graph/store/build_base.py)
    server's links  `CABLEGRAPH_PUBLIC_URL` when set, else the request's own scheme, host, port and
                    root path (uvicorn's proxy headers count only as uvicorn already applies them)

Documents read out of context (JSON, RDF, XML, robots.txt) carry absolute URLs; HTML pages and
redirects carry paths under the root path, which the browser completes with the address it used
(absolute URLs under the public URL when one is set). A minted IRI shown as a link in HTML or as
an `href`-like JSON field goes to the same path on this server; the RDF keeps the IRI itself.

When the server is reached at an origin other than the base its IRIs were minted with, those
IRIs do not dereference here: `OriginCheck` logs that once per origin (a few at most), with the fix.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger("cablegraph.api")

MAX_WARNED_ORIGINS = 4  # the Host header is the client's to choose: a few warnings, never a log flood


def _public_url(request: HTTPConnection) -> str | None:
    services = getattr(request.app.state, "services", None)
    return services.settings.public_url if services is not None else None


def server_base(request: HTTPConnection) -> str:
    """This server's absolute base URL, ending with '/': the public URL, else as the request saw it."""
    return _public_url(request) or str(request.base_url)


def link(request: HTTPConnection, path: str) -> str:
    """A link for an HTML page or a redirect to `path` ("/telegrams?x=1") on this server."""
    public = _public_url(request)
    if public:
        return public + path.lstrip("/")
    return request.base_url.path.rstrip("/") + "/" + path.lstrip("/")


def absolute(request: HTTPConnection, path: str) -> str:
    """An absolute URL of `path` on this server, for documents read out of context."""
    return server_base(request) + path.lstrip("/")


def app_path(request: HTTPConnection) -> str:
    """The request's path below the root path, starting with '/'."""
    base_path, path = request.base_url.path, request.url.path
    return "/" + (path[len(base_path) :] if path.startswith(base_path) else path.lstrip("/"))


def here(request: Request, query: str | None = None) -> str:
    """The absolute URL of the request itself on this server (with another query string if given)."""
    query = request.url.query if query is None else query
    return absolute(request, app_path(request) + (f"?{query}" if query else ""))


def served(request: HTTPConnection, iri: str, minted_base: str, absolute_url: bool = False) -> str:
    """A minted IRI's own path on this server (other IRIs unchanged)."""
    if not iri.startswith(minted_base):
        return iri
    path = "/" + iri[len(minted_base) :]
    return absolute(request, path) if absolute_url else link(request, path)


def _origin(url: str) -> tuple[str, str, int | None, str]:
    """Scheme, host, port (default ports made explicit) and path, for comparing two bases."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port or {"http": 80, "https": 443}.get(scheme)
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port, parts.path.rstrip("/") + "/"


def same_base(first: str, second: str) -> bool:
    return _origin(first) == _origin(second)


def origin_warning(minted_base: str, reached: str, public: bool) -> str | None:
    """The warning to log when the server is reached (or published) under another base than its IRIs'."""
    if same_base(minted_base, reached):
        return None
    where = f"is published at {reached} (CABLEGRAPH_PUBLIC_URL)" if public else f"is reached at {reached}"
    fix = f"rebuild the store with CABLEGRAPH_BASE_IRI={reached} (cablegraph build --base-iri {reached} ...)" + (
        ""
        if public
        else "; if a proxy publishes this server at another address, set CABLEGRAPH_PUBLIC_URL to that address"
    )
    return (
        f"this store's IRIs were minted under {minted_base} but the server {where}: minted IRIs such as "
        f"{minted_base}id/dataset will not dereference at this address (pages, the API, VoID, the dump and the "
        f"sitemap still link here). To mint IRIs for this address, {fix}."
    )


class OriginCheck:
    """ASGI middleware: warns once per origin a request reaches the server under, when that origin
    is not the minted base (nothing to do when a public URL is set: the app checked it at start)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.seen: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and len(self.seen) < MAX_WARNED_ORIGINS:
            self._check(HTTPConnection(scope))
        await self.app(scope, receive, send)

    def _check(self, connection: HTTPConnection) -> None:
        services = getattr(connection.app.state, "services", None)
        if services is None or services.settings.public_url:
            return
        reached = str(connection.base_url)
        if reached in self.seen:
            return
        self.seen.add(reached)
        warning = origin_warning(services.minter.base, reached, public=False)
        if warning:
            log.warning(warning)
