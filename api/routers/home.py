"""The home page (the reading room's front door), the API documentation page and the health check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from cablegraph.api.deps import Services, get_services
from cablegraph.api.links import link
from cablegraph.api.routers import pages

router = APIRouter(tags=["home"])


@router.get("/healthz", include_in_schema=False)
async def health() -> JSONResponse:
    return JSONResponse({"status": "ok"})


@router.get("/", response_class=HTMLResponse, summary="Home page: dataset statistics and the example questions")
def home(request: Request, services: Services = Depends(get_services)) -> HTMLResponse:
    return pages.home_page(request, services)


@router.get("/docs", include_in_schema=False)
async def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI for /openapi.json, served from the package like every other script (no CDN);
    its URLs under the root path or public URL, like every page's (api/links.py)."""
    return get_swagger_ui_html(
        openapi_url=link(request, "/openapi.json"),
        title="cablegraph JSON API",
        swagger_js_url=link(request, "/static/vendor/swagger-ui/swagger-ui-bundle.js"),
        swagger_css_url=link(request, "/static/vendor/swagger-ui/swagger-ui.css"),
        swagger_favicon_url=link(request, "/static/favicon.svg"),
    )
