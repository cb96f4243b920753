"""The application factory: no module-level app, so tests and servers build their own."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import Receive, Scope, Send

from cablegraph.api.body_limit import BodyLimit
from cablegraph.api.caching import NotModified
from cablegraph.api.deps import Services
from cablegraph.api.errors import install_error_handlers
from cablegraph.api.front import LeanSparql
from cablegraph.api.links import OriginCheck, log
from cablegraph.api.openapi import install_openapi
from cablegraph.api.routers import home, linked_data, pages, reconcile, sparql, telegrams, viz
from cablegraph.api.settings import Settings
from cablegraph.graph.build.pipeline import software_version
from cablegraph.graph.query.pool import QueryPool
from cablegraph.graph.store.embedded import GraphStore


class CablegraphApp(FastAPI):
    """FastAPI with the lean /sparql path (api/front.py) in front of its middleware stack."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lean_sparql = LeanSparql(self)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and await self.lean_sparql(scope, receive, send):
            return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """An app serving `store` (default: the store at `settings.store`, opened read-only)."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if store is None:
            app.state.services = Services(settings, settings.open_store(read_only=True))
        services: Services = app.state.services
        await run_in_threadpool(lambda: services.catalogue)  # open and refresh before the first request
        for warning in await run_in_threadpool(services.base_warnings):
            log.warning(warning)
        served = services.store  # a remote store has no path: its engine runs its queries
        if settings.query_workers > 0 and isinstance(served, GraphStore) and served.path is not None:
            services.pool = _query_pool(served.path, served, settings)
            await services.pool.start()
        try:
            yield
        finally:
            if services.pool is not None:
                services.pool.close()

    app = CablegraphApp(
        title="cablegraph",
        version=software_version(),
        description="Historical telegrams as a knowledge graph: SPARQL, linked data and a JSON API.",
        lifespan=lifespan,
        docs_url=None,  # our own /docs serves Swagger UI from the package, not from a CDN
        redoc_url=None,
    )
    if store is not None:
        app.state.services = Services(settings, store)
    _add_middleware(app, settings)
    install_error_handlers(app)
    install_openapi(app)
    _include_routes(app)
    return app


def _query_pool(path: Path, served: GraphStore, settings: Settings) -> QueryPool:
    """The query workers on the store at `path`; queries that prove cheap run in the server on `served`."""
    return QueryPool(
        path,
        settings.query_workers,
        settings.query_queue,
        settings.query_timeout_s,
        settings.query_memory_mb,
        heavy=settings.query_heavy_workers,
        light_s=settings.query_light_s,
        inline_store=served,
        inline_s=settings.query_inline_ms / 1000,
    )


def _add_middleware(app: FastAPI, settings: Settings) -> None:
    """Innermost first: the body limit's 413 and the 304 pass through CORS and carry its headers."""
    app.add_middleware(OriginCheck)  # warns when reached under another origin than the minted IRIs'
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes)  # innermost: its 413 carries the CORS headers
    app.add_middleware(NotModified)  # inside CORS: a 304 carries the CORS headers too
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["*"],
        expose_headers=["Link", "ETag", "X-SPARQL-MaxRows", "Retry-After"],
    )


def _include_routes(app: FastAPI) -> None:
    app.include_router(home.router)
    app.include_router(sparql.router)
    app.include_router(telegrams.router)
    app.include_router(viz.router)
    app.include_router(reconcile.router)
    app.include_router(linked_data.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
