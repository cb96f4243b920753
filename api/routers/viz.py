"""JSON for visualisations: correspondents, places (GeoJSON), network, timeline, threads, units.

Lists are paginated (`limit` with a schema bound, `offset`, a `next` link and `Link: rel="next"`);
responses carry the build's ETag and may be cached for five minutes.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter
from starlette.exceptions import HTTPException

from cablegraph.api.deps import Services, get_services
from cablegraph.api.openapi import TEXT
from cablegraph.api.paging import IsoDate, Page, cached, date_param, doc_id_param, limit_param, offset_param, page
from cablegraph.api.routers.viz_models import (
    CorrespondentOut,
    NetworkGraph,
    NetworkLink,
    NetworkNode,
    PairCount,
    Person,
    PersonOut,
    PlaceOut,
    PostHeld,
    Thread,
    TimelinePoint,
    UnitCount,
)
from cablegraph.graph.views import exports, queries
from cablegraph.graph.views.entities import person_detail, place_detail, place_features

router = APIRouter(prefix="/api", tags=["visualisation"])


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


@router.get("/people", response_model=Page[Person], summary="Correspondents and people mentioned, with counts by role")
async def list_people(
    request: Request,
    response: Response,
    limit: int = limit_param(),
    offset: int = offset_param(),
    q: str | None = Query(None, min_length=1, max_length=100, description="Part of a name, alias or pseudonym"),
    services: Services = Depends(get_services),
) -> dict[str, Any]:
    found = await run_in_threadpool(services.catalogue.people, q)
    items = [
        Person(id=_local(iri), iri=iri, label=label, counts=counts)
        for iri, label, counts in found[offset : offset + limit]
    ]
    cached(response, services)
    return page(request, response, items, len(found), limit, offset)


@router.get(
    "/people/{person_id}",
    response_model=PersonOut,
    summary="One person: names as written, pseudonyms, posts, correspondents, telegrams by role",
)
async def get_person(person_id: str, response: Response, services: Services = Depends(get_services)) -> PersonOut:
    iri = str(services.minter.person(person_id))
    detail = await run_in_threadpool(person_detail, services.store, services.catalogue, iri)
    if detail is None:
        raise HTTPException(404, f"no person with id {person_id!r}")
    cached(response, services)
    return PersonOut(
        id=_local(iri),
        iri=iri,
        label=detail.label,
        in_authority=detail.in_authority,
        aliases=detail.aliases,
        pseudonyms=detail.pseudonyms,
        as_written=detail.as_written,
        same_as=detail.same_as,
        telegrams=detail.telegrams,
        posts=[
            PostHeld(post=_local(h.post), label=h.label, start=h.start, end=h.end, approximate=h.approximate)
            for h in detail.posts
        ],
        correspondents=[
            CorrespondentOut(
                id=_local(c.iri), iri=c.iri, label=c.label, sent_to=c.sent_to, received_from=c.received_from
            )
            for c in detail.correspondents
        ],
    )


@router.get(
    "/places",
    summary="Places named in telegrams, as a GeoJSON FeatureCollection (RFC 7946, lon/lat)",
    responses={200: {"content": {"application/geo+json": {}}}},
)
async def list_places(
    start: IsoDate | None = date_param("from"),
    end: IsoDate | None = date_param("until"),
    q: str | None = Query(None, min_length=1, max_length=100, description="Part of a place name"),
    services: Services = Depends(get_services),
) -> JSONResponse:
    collection = await run_in_threadpool(place_features, services.catalogue, start, end, q)
    return JSONResponse(
        collection,
        media_type="application/geo+json",
        headers={"ETag": services.etag, "Cache-Control": "public, max-age=300"},
    )


@router.get("/places/{place_id}", response_model=PlaceOut, summary="One place: names, coordinates, telegrams naming it")
async def get_place(place_id: str, response: Response, services: Services = Depends(get_services)) -> PlaceOut:
    iri = str(services.minter.place(place_id))
    detail = await run_in_threadpool(place_detail, services.store, services.catalogue, iri)
    if detail is None:
        raise HTTPException(404, f"no place with id {place_id!r}")
    cached(response, services)
    return PlaceOut(
        id=_local(iri),
        iri=iri,
        label=detail.label,
        aliases=detail.aliases,
        lat=detail.lat,
        lon=detail.lon,
        as_written=detail.as_written,
        telegrams=detail.telegrams,
    )


@router.get(
    "/network",
    response_model=NetworkGraph,
    summary="Correspondence network (d3 nodes and links); GEXF, GraphML or CSV by format=",
    responses={200: {"content": {"application/gexf+xml": TEXT, "application/graphml+xml": TEXT, "text/csv": TEXT}}},
)
async def get_network(
    start: IsoDate | None = date_param("from"),
    end: IsoDate | None = date_param("until"),
    person: str | None = Query(
        None, max_length=200, pattern=r"^[\w.-]+$", description="Only links to or from this person id"
    ),
    min_value: int = Query(1, ge=1, le=1_000_000, description="Only links carrying at least this many telegrams"),
    telegrams: int = Query(
        10,
        ge=0,
        le=100,
        description="List the ids of each link's earliest telegrams, at most this many (0: counts only)",
    ),
    format: Literal["json", "gexf", "graphml", "csv"] = "json",
    services: Services = Depends(get_services),
) -> Response:
    ego = str(services.minter.person(person)) if person else None
    if format != "json":  # the same filters and the same edges as the JSON: one per sender, recipient and kind
        writer = {"gexf": exports.gexf, "graphml": exports.graphml, "csv": exports.edges_csv}[format]
        media = {"gexf": "application/gexf+xml", "graphml": "application/graphml+xml", "csv": "text/csv"}[format]

        def export() -> bytes:
            return writer(exports.catalogue_network(services.catalogue, start, end, ego).at_least(min_value))

        export_key = ("network", format, start, end, ego, min_value)
        return _kept(await run_in_threadpool(services.answers.get, export_key, export), services, media)

    def build() -> bytes:
        links = [
            NetworkLink(source=s, target=r, value=n, telegrams=docs, via=via)
            for s, r, n, docs, via in services.catalogue.network(start, end, telegrams)
        ]
        links += [
            NetworkLink(source=s, target=r, kind="embedded", value=n, telegrams=docs, via=[])
            for s, r, n, docs in services.catalogue.embedded_network(start, end, telegrams)
        ]
        links += [
            NetworkLink(source=s, target=r, kind="referenced", value=n, telegrams=docs, via=[])
            for s, r, n, docs in services.catalogue.referenced_network(start, end, telegrams)
        ]
        links = [
            link for link in links if link.value >= min_value and (ego is None or ego in (link.source, link.target))
        ]
        links.sort(key=lambda link: (link.source, link.target, link.kind))
        degree: Counter[str] = Counter()
        for link in links:
            degree[link.source] += link.value
            degree[link.target] += link.value
        ids = sorted({i for link in links for i in (link.source, link.target, *link.via)})
        labels = services.catalogue.labels(ids)
        return (
            NetworkGraph(nodes=[NetworkNode(id=i, label=labels[i], weight=degree[i]) for i in ids], links=links)
            .model_dump_json()
            .encode("utf-8")
        )

    key = ("network", start, end, ego, min_value, telegrams)
    return _kept(await run_in_threadpool(services.answers.get, key, build), services)


@router.get(
    "/timeline",
    response_model=list[TimelinePoint],
    summary="Telegram counts per day, month or year, per correspondent pair",
)
async def get_timeline(
    granularity: Literal["day", "month", "year"] = "month",
    start: IsoDate | None = date_param("from"),
    end: IsoDate | None = date_param("until"),
    by_pair: bool = Query(False, description="Also count each period's telegrams per correspondent pair"),
    services: Services = Depends(get_services),
) -> Response:
    def build() -> bytes:
        found = services.catalogue.timeline(granularity, start, end, by_pair)
        points = [
            TimelinePoint(
                period=period,
                count=n,
                pairs=[PairCount(source=_local(s), target=_local(r), count=c) for s, r, c in pairs],
            )
            for period, n, pairs in found
        ]
        return _TIMELINE.dump_json(points)

    key = ("timeline", granularity, start, end, by_pair)
    return _kept(await run_in_threadpool(services.answers.get, key, build), services)


_TIMELINE = TypeAdapter(list[TimelinePoint])


def _kept(body: bytes, services: Services, media_type: str = "application/json") -> Response:
    """A kept answer, with the build's validators (its model was checked when it was built)."""
    response = Response(body, media_type=media_type)
    cached(response, services)
    return response


@router.get(
    "/units",
    response_model=list[UnitCount],
    summary="Military formations by type, affiliation and month: one per formation a telegram names, however many versions and mentions carry it",
)
async def get_units(
    response: Response,
    start: IsoDate | None = date_param("from"),
    end: IsoDate | None = date_param("until"),
    affiliation: str | None = Query(
        None, max_length=100, pattern=r"^[\w-]+$", description="Only units of this affiliation (soviet, chinese, ...)"
    ),
    by_month: bool = Query(
        True, description="Per month (true) or totals by type and affiliation over the whole range (false, month null)"
    ),
    services: Services = Depends(get_services),
) -> list[UnitCount]:
    found = await run_in_threadpool(services.catalogue.unit_counts, start, end, affiliation, by_month)
    cached(response, services)
    return [
        UnitCount(
            type=u.type,
            affiliation=u.affiliation,
            month=u.month,
            count=u.formations,
            units=u.units,
            telegrams=u.telegrams,
        )
        for u in found
    ]


@router.get(
    "/threads/{doc_id}", response_model=Thread, summary="References, relays and embedded messages around a telegram"
)
async def get_thread(
    response: Response, doc_id: str = doc_id_param(), services: Services = Depends(get_services)
) -> Thread:
    if not await run_in_threadpool(services.catalogue.has, doc_id):
        raise HTTPException(404, f"no telegram with id {doc_id!r}")
    found = await run_in_threadpool(queries.thread, services.store, services.minter, doc_id)
    cached(response, services)
    return Thread(**found)
