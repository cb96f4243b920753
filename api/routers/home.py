"""The home page (the reading room's front door) and the health check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, JSONResponse

from cablegraph.api.deps import Services, get_services
from cablegraph.api.routers import pages

router = APIRouter(tags=["home"])


@router.get("/healthz", include_in_schema=False)
async def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/", response_class=HTMLResponse, summary="Home page: dataset statistics and the example questions")
def home(request: Request, services: Services = Depends(get_services)) -> HTMLResponse:
    return pages.home_page(request, services)
