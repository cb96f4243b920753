"""The request-body limit, answered in problem+json.

Starlette's own limit (FastAPI `max_body_size`) answers a declared oversized body with a
text/plain 413 before any handler of ours can shape it; this one answers every case as a
problem: at once when Content-Length declares too much, else as soon as the streamed body does.
"""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cablegraph.api.errors import problem


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        detail = f"the request body is larger than the {self.max_bytes} bytes accepted"
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await problem(413, "Content Too Large", detail, {"Connection": "close"})(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise HTTPException(413, detail)  # our handler shapes it
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
