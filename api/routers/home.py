"""The home page and the health check."""

from __future__ import annotations

from html import escape

from fastapi import APIRouter, Depends
from fastapi.responses import HTMLResponse, JSONResponse

from cablegraph.api.deps import Services, get_services

router = APIRouter(tags=["home"])


@router.get("/healthz", include_in_schema=False)
async def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/", response_class=HTMLResponse, summary="Home page")
def home(services: Services = Depends(get_services)) -> HTMLResponse:
    count = services.records.count()
    quads = services.store.quad_count()
    example = "SELECT ?telegram ?title WHERE { ?telegram a cg:Telegram ; dcterms:title ?title }"
    return HTMLResponse(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>cablegraph</title></head>
<body>
<h1>cablegraph</h1>
<p>A knowledge graph of {count} telegrams ({quads} quads), every fact with its evidence.</p>
<ul>
<li><a href="/api/telegrams">/api/telegrams</a> — telegram records (JSON)</li>
<li><a href="/sparql">/sparql</a> — SPARQL 1.1 endpoint (service description without a query)</li>
<li><a href="/docs">/docs</a> — the JSON API (OpenAPI)</li>
</ul>
<pre>{escape(example)}</pre>
</body></html>"""
    )
