"""Pages of results: one shape for every list (`items`, `total`, `limit`, `offset`, `next`, `prev`),
`Link: rel="next"`/`rel="prev"` headers (absolute, on this server: api/links.py), and the build's
ETag so clients and caches revalidate cheaply."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Path, Query, Request, Response
from pydantic import AfterValidator, BaseModel, StringConstraints

from cablegraph.api.deps import Services
from cablegraph.api.links import here

Item = TypeVar("Item")
MAX_LIMIT = 500


class Page(BaseModel, Generic[Item]):
    items: list[Item]
    total: int
    limit: int
    offset: int
    next: str | None = None
    prev: str | None = None


def limit_param(default: int = 50) -> Any:  # FastAPI types Query() as Any: a marker standing in for the default
    return Query(default, ge=1, le=MAX_LIMIT, description=f"Items per page (at most {MAX_LIMIT}).")


def offset_param() -> Any:
    return Query(0, ge=0, le=10_000_000, description="Items to skip.")


# An ISO year, month or day, as a pattern a client can check before asking: ASCII digits, years
# from 0001, months 01-12, days within their month's length, 29 February in leap years only.
_YEAR = r"(000[1-9]|00[1-9][0-9]|0[1-9][0-9]{2}|[1-9][0-9]{3})"
_LEAP_YEAR = r"([0-9]{2}(0[48]|[2468][048]|[13579][26])|(0[48]|[2468][048]|[13579][26])00)"
ISO_DATE_PATTERN = rf"^({_YEAR}(-(0[1-9]|1[0-2])(-(0[1-9]|1[0-9]|2[0-8]))?|-(0[13-9]|1[0-2])-(29|30)|-(0[13578]|1[02])-31)?|{_LEAP_YEAR}-02-29)$"


def _calendar_date(value: str) -> str:
    """1950, 1950-10 or 1950-10-01, and a day that exists: the pattern alone lets 1950-13-45 through."""
    year, month, day = ([int(part) for part in value.split("-")] + [1, 1])[:3]
    try:
        date(year, month, day)
    except ValueError as error:
        raise ValueError(f"{value!r} is not a calendar date: {error}") from None
    return value


# The type of every date_param, as `IsoDate | None`: FastAPI drops a validator given beside a Query default.
IsoDate = Annotated[str, StringConstraints(pattern=ISO_DATE_PATTERN), AfterValidator(_calendar_date)]


def date_param(description: str) -> Any:
    return Query(
        None,
        pattern=ISO_DATE_PATTERN,
        description=f"{description}: ISO date, month or year (1950, 1950-10, 1950-10-01)",
    )


DOC_ID = r"^[\w.-]{1,200}$"  # what document ids are made of (file stems); anything else cannot name a telegram


def doc_id_param() -> Any:
    return Path(..., pattern=DOC_ID, description="Document id, as in /api/telegrams")


def page(request: Request, response: Response, items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    """The page's shape; `next` and `prev` are this URL on this server (public URL, else the
    request's origin) with the offset moved."""

    def moved(to: int) -> str:
        return here(request, request.url.include_query_params(limit=limit, offset=to).query)

    following = moved(offset + limit) if offset + limit < total else None
    previous = moved(max(0, offset - limit)) if offset > 0 else None
    links = [f'<{url}>; rel="{rel}"' for url, rel in ((following, "next"), (previous, "prev")) if url]
    if links:
        response.headers["Link"] = ", ".join(links)
    return {"items": items, "total": total, "limit": limit, "offset": offset, "next": following, "prev": previous}


def cached(response: Response, services: Services) -> None:
    response.headers["ETag"] = services.etag
    response.headers["Cache-Control"] = "public, max-age=300"
