"""Caching of /api/ answers: a client that already holds this build's answer gets 304 Not
Modified, and answers costly to serialise are kept for the next client.

Pure ASGI (no BaseHTTPMiddleware), so requests that carry no If-None-Match pay one dict lookup.
The served store is read-only, so the build's ETag stands for every /api/ answer.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send


class NotModified:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD") and scope["path"].startswith("/api/"):
            tags = next((value for name, value in scope["headers"] if name == b"if-none-match"), None)
            services = getattr(scope["app"].state, "services", None) if tags is not None else None
            if tags is not None and services is not None:
                current = {tag.strip() for tag in tags.decode("latin-1").split(",")}
                if services.etag in current or "*" in current:
                    headers = {"ETag": services.etag, "Cache-Control": "public, max-age=300"}
                    await Response(status_code=304, headers=headers)(scope, receive, send)
                    return
        await self.app(scope, receive, send)


class Answers:
    """Serialised answers of the served build, by route and arguments, least recently used first out.

    Why: the store does not change while it is served, and a large aggregate (the whole
    correspondence network is thousands of links) costs far more to turn into JSON than to look
    up; built once, every later request is a copy of bytes.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self._answers: OrderedDict[Hashable, bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], bytes]) -> bytes:
        with self._lock:
            if key in self._answers:
                self._answers.move_to_end(key)
                return self._answers[key]
        body = make()  # outside the lock: two first requests may both build it, and that is all
        if len(body) <= self.max_bytes // 4:  # one huge answer must not push out all the others
            with self._lock:
                if key not in self._answers:
                    self._answers[key] = body
                    self._size += len(body)
                while self._size > self.max_bytes:
                    self._size -= len(self._answers.popitem(last=False)[1])
        return body
