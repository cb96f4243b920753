"""One error shape for every route: application/problem+json (RFC 9457).

Domain errors are mapped by cause, once:
    QueryError(syntax|refused)  -> 400      QueryError(update)  -> 405
    QueryError(too-large)       -> 413      QueryError(timeout|memory) -> 503 + Retry-After
    Overloaded (pool and queue full) -> 503 + Retry-After     QueryError(crashed) -> 500
    StoreError                  -> 500 (logged)
    ClientDisconnect            -> 408 (the client is gone: not logged as an error)
    HTTPException / validation  -> their own status
    anything else               -> 500 (logged)
"""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from cablegraph.api.settings import Settings
from cablegraph.graph.errors import QueryError, StoreError
from cablegraph.graph.query.pool import Overloaded

log = logging.getLogger("cablegraph.api")
PROBLEM = "application/problem+json"
_QUERY_STATUS = {
    "syntax": 400,
    "refused": 400,
    "update": 405,
    "too-large": 413,
    "timeout": 503,
    "memory": 503,
    "evaluation": 400,
    "crashed": 500,
}


def problem(
    status: int, title: str, detail: str = "", headers: dict[str, str] | None = None, **extra: object
) -> JSONResponse:
    body = {"type": "about:blank", "title": title, "status": status, **({"detail": detail} if detail else {}), **extra}
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def query_problem(error: QueryError, settings: Settings | None) -> JSONResponse:
    """A query's failure as a problem; a timeout or memory stop says the limit (from `settings`)."""
    status = _QUERY_STATUS.get(error.kind, 400)
    extra: dict[str, object] = {}
    if error.line is not None:
        extra = {"line": error.line, "column": error.column}
    headers = {"Retry-After": "5"} if status == 503 else None
    if error.kind == "timeout" and settings is not None:
        extra["limit_s"] = settings.query_timeout_s
    if error.kind == "memory" and settings is not None:
        extra["limit_mb"] = settings.query_memory_mb
    return problem(status, f"SPARQL query {error.kind}", str(error), headers, **extra)


def machine_problem(error: Exception, settings: Settings | None, path: str) -> JSONResponse:
    """The problem+json answer to any error, for a client that is a program (the lean /sparql
    path, api/front.py, uses it directly; the handlers below for every other route)."""
    if isinstance(error, QueryError):
        return query_problem(error, settings)
    if isinstance(error, Overloaded):
        return problem(503, "Service overloaded", str(error), {"Retry-After": str(error.retry_after)})
    if isinstance(error, StoreError):
        log.exception("store error on %s", path, exc_info=error)
        return problem(500, "Store error", "the graph store failed; see the server log")
    if isinstance(error, StarletteHTTPException):
        return problem(
            error.status_code, _reason(error.status_code), str(error.detail or ""), getattr(error, "headers", None)
        )
    if isinstance(error, ClientDisconnect):
        return problem(408, "Request Timeout", "the client disconnected before its request was read")
    log.exception("unexpected error on %s", path, exc_info=error)
    return problem(500, "Internal server error", "an unexpected error occurred; see the server log")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(QueryError)
    async def query_error(request: Request, error: QueryError) -> JSONResponse:
        return query_problem(error, request.app.state.services.settings)

    @app.exception_handler(Overloaded)
    async def overloaded(request: Request, error: Overloaded) -> JSONResponse:
        return machine_problem(error, None, request.url.path)

    @app.exception_handler(StoreError)
    async def store_error(request: Request, error: StoreError) -> JSONResponse:
        return machine_problem(error, None, request.url.path)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if _wants_page(request):
            from cablegraph.api.routers.pages import render

            return render(
                request,
                "error.html",
                status_code=error.status_code,
                headers=getattr(error, "headers", None),
                current="",
                status=error.status_code,
                title=_reason(error.status_code),
                detail=str(error.detail or ""),
            )
        return machine_problem(error, None, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, error: RequestValidationError) -> JSONResponse:
        errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", "")} for e in error.errors()]
        return problem(422, "Invalid request", "the request parameters are invalid", errors=errors)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, error: ClientDisconnect) -> JSONResponse:
        """The client left (or its body was cut off at the deadline): nothing to log, and no one to answer."""
        return machine_problem(error, None, request.url.path)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> JSONResponse:
        return machine_problem(error, None, request.url.path)


_MACHINE_PREFIXES = ("/api/", "/sparql", "/reconcile", "/static/", "/dumps/", "/.well-known/")


def _wants_page(request: Request) -> bool:
    """A browser on a reading-room page gets an HTML error page; programs always get problem+json."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.startswith(_MACHINE_PREFIXES)


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
