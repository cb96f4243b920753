"""Serving with uvicorn (httptools and uvloop), plus what uvicorn lacks: a deadline for the request head.

uvicorn keeps a connection that trickles its headers open indefinitely (keep-alive
timing only applies between requests). Our protocol closes a connection whose request
line and headers are not complete within `header_timeout_s`, so slow clients cannot
pin the server.
"""

from __future__ import annotations

import asyncio

import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from cablegraph.api.app import create_app
from cablegraph.api.settings import Settings


def deadline_protocol(header_timeout_s: float, base: type | None = None) -> type:
    """uvicorn's fastest HTTP protocol (httptools where installed, else h11), closing connections
    whose request head is late."""
    base = base or _fastest_protocol()

    class DeadlineProtocol(base):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._deadline: asyncio.TimerHandle | None = None
            self._arm()

        def _arm(self) -> None:
            self._head_seen = self.cycle
            self._deadline = self.loop.call_later(header_timeout_s, self._expire)

        def _disarm(self) -> None:
            if self._deadline is not None:
                self._deadline.cancel()
                self._deadline = None

        def _expire(self) -> None:
            if not self.transport.is_closing():
                self.transport.close()  # no complete request head arrived in time

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._disarm()
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._disarm()
            super().connection_lost(exc)

        if issubclass(base, H11Protocol):

            def handle_events(self) -> None:
                super().handle_events()
                if self.cycle is not self._head_seen:
                    self._disarm()

        else:

            def on_headers_complete(self) -> None:
                super().on_headers_complete()
                self._disarm()

    return DeadlineProtocol


def _fastest_protocol() -> type:
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools is optional for uvicorn; h11 always works
        return H11Protocol
    return HttpToolsProtocol


def serve(settings: Settings) -> None:
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        http=deadline_protocol(settings.header_timeout_s),
        loop="auto",  # uvloop where installed
        timeout_keep_alive=5,
        log_level="info",
    )
    uvicorn.Server(config).run()
