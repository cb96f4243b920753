"""An OpenRefine reconciliation service (Reconciliation Service API v0.2) for people, places,
posts, organisations and telegrams, so other projects can link their data to our IRIs.

    GET  /reconcile                     the service manifest
    GET|POST /reconcile?queries={...}   batch of queries → candidates with scores
    GET  /reconcile/preview?id=...      a small HTML card for a candidate
    GET  /reconcile/suggest/entity|type?prefix=...   autocomplete
"""

from __future__ import annotations

import json
from html import escape
from typing import Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field, ValidationError
from starlette.exceptions import HTTPException

from cablegraph.api.deps import Services, get_services
from cablegraph.api.links import absolute, server_base
from cablegraph.api.openapi import TEXT
from cablegraph.graph.views.reconcile import TYPES, Candidate, reconcile, suggest

router = APIRouter(prefix="/reconcile", tags=["reconciliation"])

MAX_QUERIES = 100  # per batch, as OpenRefine sends at most ten by default
CALLBACK = r"^[A-Za-z_$][\w$.]{0,63}$"
JSONP: dict[int | str, dict[str, Any]] = {
    200: {"content": {"application/json": {"schema": {"type": "object"}}, "application/javascript": TEXT}}
}


class PropertyValue(BaseModel):
    pid: str = Field(max_length=100)
    v: str | int | float | bool | None = None


class ReconcileQuery(BaseModel):
    query: str = Field(max_length=500)
    type: str | None = Field(default=None, max_length=100)
    limit: int = Field(default=5, ge=1, le=50)
    properties: list[PropertyValue] = []
    type_strict: str | None = None


def _manifest(request: Request, services: Services) -> dict[str, Any]:
    """Ids are the minted IRIs' (`identifierSpace`); view, preview and suggest are on this server."""
    base = server_base(request)
    return {
        "versions": ["0.2"],
        "name": "cablegraph reconciliation",
        "identifierSpace": f"{services.minter.base}id/",
        "schemaSpace": "https://w3id.org/cablegraph/ns#",
        "defaultTypes": [{"id": type_id, "name": name} for type_id, (name, _) in TYPES.items()],
        "view": {"url": f"{base}id/{{{{id}}}}"},
        "preview": {"url": f"{base}reconcile/preview?id={{{{id}}}}", "width": 400, "height": 160},
        "suggest": {
            "entity": {"service_url": base.rstrip("/"), "service_path": "/reconcile/suggest/entity"},
            "type": {"service_url": base.rstrip("/"), "service_path": "/reconcile/suggest/type"},
        },
    }


def _respond(payload: dict[str, Any], callback: str | None) -> Response:
    """JSON, or JSONP for the older clients that still ask with `callback`."""
    if callback is None:
        return JSONResponse(payload)
    return Response(f"/**/{callback}({json.dumps(payload)});", media_type="application/javascript")


def _candidate(candidate: Candidate) -> dict[str, Any]:
    return {
        "id": candidate.id,
        "name": candidate.name,
        "type": [{"id": candidate.type, "name": TYPES[candidate.type][0]}],
        "score": candidate.score,
        "match": candidate.match,
    }


async def _answer(raw: str, services: Services) -> dict[str, Any]:
    try:
        parsed = json.loads(raw)
        if not isinstance(parsed, dict) or len(parsed) > MAX_QUERIES:
            raise ValueError(f"queries must be a JSON object of at most {MAX_QUERIES} queries")
        batch = {key: ReconcileQuery.model_validate(value) for key, value in parsed.items()}
    except (ValueError, ValidationError) as error:
        raise HTTPException(400, f"invalid queries: {error}") from None
    except RecursionError:  # the JSON decoder stops at Python's recursion limit (about 1,000 levels)
        raise HTTPException(400, "invalid queries: the JSON is nested too deeply") from None

    def run() -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for key, item in batch.items():
            properties = {p.pid: str(p.v) for p in item.properties if p.v is not None}
            found = reconcile(
                services.catalogue, item.query, item.type if item.type in TYPES else None, item.limit, properties
            )
            answers[key] = {"result": [_candidate(c) for c in found]}
        return answers

    return await run_in_threadpool(run)


@router.get("", summary="Reconciliation manifest, or answers to `queries`", responses=JSONP)
async def reconcile_get(
    request: Request,
    queries: str | None = Query(None, max_length=200_000, description="A JSON object of reconciliation queries"),
    callback: str | None = Query(None, pattern=CALLBACK, description="JSONP callback"),
    services: Services = Depends(get_services),
) -> Response:
    if queries is None:
        return _respond(_manifest(request, services), callback)
    return _respond(await _answer(queries, services), callback)


@router.post(
    "",
    summary="Answers to reconciliation `queries` (form field)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {"type": "object", "required": ["queries"], "properties": {"queries": {"type": "string"}}}
                }
            },
        }
    },
)
async def reconcile_post(request: Request, services: Services = Depends(get_services)) -> Response:
    if not request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
        raise HTTPException(415, "send the queries as an application/x-www-form-urlencoded form field `queries`")
    form = parse_qs((await request.body()).decode("utf-8", errors="replace"))
    if "queries" not in form:
        return JSONResponse(_manifest(request, services))
    return JSONResponse(await _answer(form["queries"][0], services))


@router.get("/preview", response_class=HTMLResponse, summary="An HTML card for a reconciliation candidate")
async def preview(
    request: Request,
    id: str = Query(..., max_length=300, pattern=r"^[a-z-]+/[\w.-]+$"),
    services: Services = Depends(get_services),
) -> HTMLResponse:
    iri = services.minter.base + "id/" + id
    catalogue = services.catalogue
    label = await run_in_threadpool(catalogue.label, iri)
    kind = id.split("/", 1)[0]
    if label is None and kind == "telegram" and await run_in_threadpool(catalogue.has, id.split("/", 1)[1]):
        label = id.split("/", 1)[1]
    if label is None:
        raise HTTPException(404, f"no resource {iri}")
    names = [name for name, _ in await run_in_threadpool(catalogue.aliases, iri) if name != label][:8]
    mentions = await run_in_threadpool(catalogue.mentions, iri)
    return HTMLResponse(
        f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{escape(label)}</title></head>
<body style="font:14px sans-serif;margin:8px"><strong><a href="{escape(absolute(request, "id/" + id))}" target="_blank">{escape(label)}</a></strong>
<div>{escape(kind)}{" · also " + escape(", ".join(names)) if names else ""}</div>
<div>{mentions} telegram{"s" if mentions != 1 else ""}</div></body></html>"""
    )


@router.get("/suggest/entity", summary="Autocomplete entities by the start of a name", responses=JSONP)
async def suggest_entity(
    prefix: str = Query(..., min_length=1, max_length=100),
    type: str | None = Query(None, max_length=100),
    limit: int = Query(10, ge=1, le=50),
    callback: str | None = Query(None, pattern=CALLBACK),
    services: Services = Depends(get_services),
) -> Response:
    found = await run_in_threadpool(suggest, services.catalogue, prefix, type, limit)
    result = [{"id": c.id, "name": c.name, "description": TYPES[c.type][0]} for c in found]
    return _respond({"result": result}, callback)


@router.get("/suggest/type", summary="Autocomplete the types this service reconciles against", responses=JSONP)
async def suggest_type(
    prefix: str = Query("", max_length=100), callback: str | None = Query(None, pattern=CALLBACK)
) -> Response:
    wanted = prefix.casefold()
    result = [
        {"id": type_id, "name": name}
        for type_id, (name, _) in TYPES.items()
        if type_id.startswith(wanted) or name.casefold().startswith(wanted)
    ]
    return _respond({"result": result}, callback)
