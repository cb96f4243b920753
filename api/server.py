"""Serving with uvicorn (httptools and uvloop), plus what uvicorn lacks: deadlines and size limits
on the wire, answered in problem+json like every other rejection.

uvicorn keeps a connection that trickles its headers open indefinitely (keep-alive timing only
applies between requests), accepts a request line of any length with httptools, rejects an
over-long head with h11 as a text/plain 400, and waits for a request body forever. Our protocol
closes a connection whose request head is not complete within `header_timeout_s`; answers 414
for a request line longer than `max_request_line_bytes` and 431 for a head longer than
`max_head_bytes` before the parser sees them; answers 408 and closes when a declared body has not
arrived within `body_timeout_s`; and turns the parser's own 400 into problem+json.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from dataclasses import dataclass
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, ClassVar, Protocol
from urllib.parse import quote

import uvicorn
from starlette.types import ASGIApp
from uvicorn.protocols.http.h11_impl import H11Protocol

from cablegraph.api.app import create_app
from cablegraph.api.settings import Settings


@dataclass(frozen=True)
class WireLimits:
    header_timeout_s: float = 10.0
    body_timeout_s: float = 30.0
    max_request_line_bytes: int = 262_144
    max_head_bytes: int = 327_680

    @classmethod
    def of(cls, settings: Settings) -> WireLimits:
        return cls(
            settings.header_timeout_s,
            settings.body_timeout_s,
            settings.max_request_line_bytes,
            settings.max_request_line_bytes + settings.max_header_bytes,
        )


def problem_bytes(status: int, detail: str) -> bytes:
    """A whole HTTP/1.1 response carrying an RFC 9457 problem, closing the connection."""
    phrase = HTTPStatus(status).phrase
    body = json.dumps({"type": "about:blank", "title": phrase, "status": status, "detail": detail}).encode()
    head = (
        f"HTTP/1.1 {status} {phrase}\r\ncontent-type: application/problem+json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n"
    )
    return head.encode("ascii") + body


def deadline_protocol(limits: WireLimits | float, base: type[asyncio.Protocol] | None = None) -> type[asyncio.Protocol]:
    """uvicorn's fastest HTTP protocol (httptools where installed, else h11) with our wire limits
    (a number alone is the request-head deadline, the other limits at their defaults)."""
    wire = limits if isinstance(limits, WireLimits) else WireLimits(header_timeout_s=limits)
    chosen = base or _fastest_protocol()
    head_end = _H11HeadEnd if issubclass(chosen, H11Protocol) else _ParserHeadEnd
    return type("DeadlineProtocol", (head_end, chosen), {"limits": wire})


if TYPE_CHECKING:

    class _Cycle(Protocol):
        """What the deadlines read of a request's cycle, the same in both of uvicorn's protocols."""

        scope: dict[str, Any]
        more_body: bool
        response_started: bool
        disconnected: bool
        message_event: asyncio.Event

    class _UvicornProtocol(asyncio.Protocol):
        """What the deadlines use of uvicorn's HTTP protocols (H11Protocol, HttpToolsProtocol), which
        `deadline_protocol` puts after them: the type checker's view of that base, `object` at run time."""

        loop: asyncio.AbstractEventLoop
        transport: asyncio.Transport
        cycle: _Cycle | None

        def send_400_response(self, msg: str) -> None: ...
        def on_response_complete(self) -> None: ...
        def handle_events(self) -> None: ...  # h11's
        def on_headers_complete(self) -> None: ...  # httptools'

else:
    _UvicornProtocol = object


class _Deadlines(_UvicornProtocol):
    """The wire limits, put before one of uvicorn's protocols: the request head's deadline and byte
    counts, the body's deadline, and rejections as problem+json."""

    limits: ClassVar[WireLimits] = WireLimits()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self._deadline: asyncio.TimerHandle | None = None
        self._arm()

    def _arm(self) -> None:
        """A new request head may start: its deadline and byte counts begin."""
        self._head_seen = self.cycle
        self._in_head, self._line_done, self._line_bytes, self._head_bytes = True, False, 0, 0
        self._line_start = b""  # the request line's first bytes, to explain a rejected URL
        self._deadline = self.loop.call_later(self.limits.header_timeout_s, self._expire)

    def _disarm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
            self._deadline = None

    def _expire(self) -> None:
        if not self.transport.is_closing():
            self.transport.close()  # no complete request head arrived in time

    def _head_complete(self) -> None:
        """The head is in: its deadline ends; a body, if one is coming, has its own."""
        self._disarm()
        self._in_head = False
        if self.cycle is not None and self.cycle.more_body and _declares_body(self.cycle.scope.get("headers", ())):
            self._deadline = self.loop.call_later(self.limits.body_timeout_s, self._body_late)

    def _body_late(self) -> None:
        cycle = self.cycle
        if self.transport.is_closing() or cycle is None or not cycle.more_body:
            return  # the body arrived
        if not cycle.response_started:
            detail = f"the request body did not arrive within {self.limits.body_timeout_s:g} s"
            self.transport.write(problem_bytes(408, detail))
        cycle.disconnected = True  # the app's reading ends (ClientDisconnect) and its answer goes nowhere
        cycle.message_event.set()
        self.transport.close()

    def _reject(self, status: int, detail: str) -> None:
        self._disarm()
        self.transport.write(problem_bytes(status, detail))
        self.transport.close()

    def data_received(self, data: bytes) -> None:
        if self._in_head and not self.transport.is_closing() and not self._head_within_limits(data):
            return
        super().data_received(data)

    def _head_within_limits(self, data: bytes) -> bool:
        """Count a piece of the request head; False after rejecting a request line or head too long."""
        limits = self.limits
        if not self._line_done:
            end = data.find(b"\n")
            room = _LINE_KEPT - len(self._line_start)
            if room > 0:
                self._line_start += data[: room if end < 0 else min(end, room)]
            self._line_bytes += len(data) if end < 0 else end
            self._line_done = end >= 0
            if self._line_bytes > limits.max_request_line_bytes:
                detail = (
                    f"the request line is longer than {limits.max_request_line_bytes} bytes; POST the query instead"
                )
                self._reject(414, detail)
                return False
        end = data.find(b"\r\n\r\n")  # where the head ends, if it does in this piece
        if self._head_bytes + (len(data) if end < 0 else end) > limits.max_head_bytes:
            self._reject(431, f"the request head is longer than {limits.max_head_bytes} bytes")
            return False
        self._head_bytes += len(data)
        return True

    def send_400_response(self, msg: str) -> None:
        """The parser's rejection, as problem+json; a URL with raw non-ASCII characters is told
        how to write it (the parsers refuse such a request line before the app sees it)."""
        self._reject(400, unencoded_url_detail(self._line_start) or msg)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._disarm()
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


class _H11HeadEnd(_Deadlines):
    """h11 has no hook for a complete head: a new cycle after its events means the head is in."""

    def handle_events(self) -> None:
        super().handle_events()
        if self._in_head and self.cycle is not self._head_seen:
            self._head_complete()


class _ParserHeadEnd(_Deadlines):
    """httptools calls on_headers_complete when the head is in."""

    def on_headers_complete(self) -> None:
        super().on_headers_complete()
        self._head_complete()


_LINE_KEPT = 2048  # bytes of the request line kept to explain a rejection


def unencoded_url_detail(line_start: bytes) -> str | None:
    """What to say about a request line whose URL holds raw non-ASCII bytes, with the URL as it
    should have been sent; None when the URL is plain ASCII (another fault)."""
    parts = line_start.split(b" ")
    if len(parts) < 2 or parts[1].isascii():
        return None
    target = parts[1].decode("utf-8", errors="replace")
    shown = target if len(target) <= 80 else target[:80] + "…"
    encoded = quote(target, safe="/?&=:;,+@!$'()*%#~")
    encoded = encoded if len(encoded) <= 200 else encoded[:200] + "…"
    return (
        f"the URL must be percent-encoded (RFC 3986): characters outside ASCII, such as Cyrillic, are sent as UTF-8 "
        f"bytes written %XX. Send {encoded} rather than {shown}; browsers and HTTP libraries do this for you, "
        f"curl needs the encoded form or --data-urlencode with -G."
    )


def _declares_body(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"content-length" and value.strip() not in (b"0", b""):
            return True
        if name == b"transfer-encoding":
            return True
    return False


def _fastest_protocol() -> type[asyncio.Protocol]:
    try:
        from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
    except ImportError:  # httptools is optional for uvicorn; h11 always works
        return H11Protocol
    return HttpToolsProtocol


def uvicorn_config(
    settings: Settings, app: ASGIApp | None = None, base: type[asyncio.Protocol] | None = None
) -> uvicorn.Config:
    """The shipped configuration (tests serve with it too): our protocol, and h11's own head limit
    above ours, so that our 414/431 answer first."""
    limits = WireLimits.of(settings)
    return uvicorn.Config(
        app if app is not None else create_app(settings),
        host=settings.host,
        port=settings.port,
        http=deadline_protocol(limits, base),
        loop="auto",  # uvloop where installed
        timeout_keep_alive=5,
        log_level="info",
        access_log=settings.access_log,
        h11_max_incomplete_event_size=2 * limits.max_head_bytes,
    )


def serve(settings: Settings) -> None:
    uvicorn.Server(uvicorn_config(settings)).run()
