"""JSON for visualisations: correspondents, places (GeoJSON), network, timeline, threads, units.

Lists are paginated (`limit` with a schema bound, `offset`, a `next` link and `Link: rel="next"`);
responses carry the build's ETag and may be cached for five minutes.
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from cablegraph.api.deps import Services, get_services
from cablegraph.graph import exports, queries

router = APIRouter(prefix="/api", tags=["visualisation"])
def _date(description: str):
    return Query(None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description=f"{description}: ISO date, month or year")


class Person(BaseModel):
    id: str
    iri: str
    label: str
    counts: dict[str, int]


class PeoplePage(BaseModel):
    items: list[Person]
    total: int
    limit: int
    offset: int
    next: str | None = None


class NetworkLink(BaseModel):
    source: str
    target: str
    value: int
    telegrams: list[str]
    via: list[str]


class NetworkGraph(BaseModel):
    nodes: list[dict]
    links: list[NetworkLink]


class TimelinePoint(BaseModel):
    period: str
    count: int
    pairs: list[dict]


class UnitCount(BaseModel):
    type: str
    affiliation: str | None
    month: str | None
    count: int


class Thread(BaseModel):
    telegram: str
    nodes: list[dict]
    edges: list[dict]


def _cached(response: Response, services: Services) -> None:
    response.headers["ETag"] = services.etag
    response.headers["Cache-Control"] = "public, max-age=300"


@router.get("/people", response_model=PeoplePage, summary="Correspondents and people mentioned, with counts")
async def list_people(
    request: Request, response: Response, limit: int = Query(50, ge=1, le=500), offset: int = Query(0, ge=0),
    q: str | None = Query(None, max_length=100, description="Part of a name"), services: Services = Depends(get_services),
) -> PeoplePage:
    found = await run_in_threadpool(queries.people, services.store, services.minter)
    if q:
        found = [p for p in found if q.casefold() in p.label.casefold()]
    page = found[offset : offset + limit]
    following = str(request.url.include_query_params(limit=limit, offset=offset + limit)) if offset + limit < len(found) else None
    if following:
        response.headers["Link"] = f'<{following}>; rel="next"'
    _cached(response, services)
    return PeoplePage(items=[Person(**vars(p)) for p in page], total=len(found), limit=limit, offset=offset, next=following)


@router.get("/places", summary="Places named in telegrams, as a GeoJSON FeatureCollection (RFC 7946)")
async def list_places(start: str | None = _date("from"), end: str | None = _date("until"), services: Services = Depends(get_services)) -> JSONResponse:
    collection = await run_in_threadpool(queries.places, services.store, start, end)
    return JSONResponse(collection, media_type="application/geo+json", headers={"ETag": services.etag, "Cache-Control": "public, max-age=300"})


@router.get("/network", response_model=NetworkGraph, summary="Correspondence network (d3 nodes and links); GEXF, GraphML or CSV by format=")
async def get_network(
    response: Response, start: str | None = _date("from"), end: str | None = _date("until"),
    format: Literal["json", "gexf", "graphml", "csv"] = "json", services: Services = Depends(get_services),
):
    if format != "json":
        writer = {"gexf": exports.gexf, "graphml": exports.graphml, "csv": exports.edges_csv}[format]
        media = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml", "csv": "text/csv"}[format]
        return Response(await run_in_threadpool(writer, services.store), media_type=media)
    graph = await run_in_threadpool(queries.network, services.store, start, end)
    _cached(response, services)
    return NetworkGraph(
        nodes=graph.nodes,
        links=[NetworkLink(source=l.source, target=l.target, value=len(l.telegrams), telegrams=l.telegrams, via=l.via) for l in graph.links],
    )


@router.get("/timeline", response_model=list[TimelinePoint], summary="Telegram counts per day, month or year, per correspondent pair")
async def get_timeline(
    response: Response, granularity: Literal["day", "month", "year"] = "month", start: str | None = _date("from"), end: str | None = _date("until"),
    services: Services = Depends(get_services),
) -> list[TimelinePoint]:
    points = await run_in_threadpool(queries.timeline, services.store, granularity, start, end)
    _cached(response, services)
    return [TimelinePoint(**p) for p in points]


@router.get("/units", response_model=list[UnitCount], summary="Military unit mentions by type, affiliation and month")
async def get_units(response: Response, services: Services = Depends(get_services)) -> list[UnitCount]:
    found = await run_in_threadpool(queries.units, services.store)
    _cached(response, services)
    return [UnitCount(**u) for u in found]


@router.get("/threads/{doc_id}", response_model=Thread, summary="References, relays and embedded messages around a telegram")
async def get_thread(doc_id: str, response: Response, services: Services = Depends(get_services)) -> Thread:
    if await run_in_threadpool(services.records.record, doc_id) is None:
        raise HTTPException(404, f"no telegram with id {doc_id!r}")
    found = await run_in_threadpool(queries.thread, services.store, services.minter, doc_id)
    _cached(response, services)
    return Thread(**found)
