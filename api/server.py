"""Serving with uvicorn, plus what uvicorn lacks: a deadline for the request head.

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


def deadline_protocol(header_timeout_s: float) -> type[H11Protocol]:
    class DeadlineH11Protocol(H11Protocol):
        """An h11 protocol that closes connections whose request head is late."""

        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            self._arm()

        def _arm(self) -> None:
            self._head_seen = self.cycle
            self._deadline = self.loop.call_later(header_timeout_s, self._expire)

        def _expire(self) -> None:
            if self.cycle is self._head_seen and not self.transport.is_closing():
                self.transport.close()  # no complete request head arrived in time

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not self._head_seen:
                self._deadline.cancel()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            if not self.transport.is_closing():
                self._deadline.cancel()
                self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._deadline.cancel()
            super().connection_lost(exc)

    return DeadlineH11Protocol


def serve(settings: Settings) -> None:
    config = uvicorn.Config(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        http=deadline_protocol(settings.header_timeout_s),
        timeout_keep_alive=5,
        log_level="info",
    )
    uvicorn.Server(config).run()
