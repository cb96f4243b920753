"""Revalidation: a client that already holds this build's answer gets 304 Not Modified.

Pure ASGI (no BaseHTTPMiddleware), so requests that carry no If-None-Match pay one dict lookup.
The served store is read-only, so the build's ETag stands for every /api/ answer.
"""

from __future__ import annotations

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send


class NotModified:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and scope["path"].startswith("/api/"):
            tags = next((value for name, value in scope["headers"] if name == b"if-none-match"), None)
            services = getattr(scope["app"].state, "services", None) if tags is not None else None
            if services is not None:
                current = {tag.strip() for tag in tags.decode("latin-1").split(",")}
                if services.etag in current or "*" in current:
                    headers = {"ETag": services.etag, "Cache-Control": "public, max-age=300"}
                    await Response(status_code=304, headers=headers)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
