"""The telegram records of BRIEF §4 as JSON."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from cablegraph.api.deps import Services, get_services
from cablegraph.graph.records import TelegramRecord

router = APIRouter(prefix="/api", tags=["telegrams"])


class TelegramPage(BaseModel):
    items: list[TelegramRecord]
    total: int
    limit: int
    offset: int
    next: str | None = None


@router.get("/telegrams", response_model=TelegramPage, response_model_by_alias=True, summary="Telegram records, by date")
async def list_telegrams(
    request: Request,
    limit: int = Query(50, ge=1, le=500, description="Records per page."),
    offset: int = Query(0, ge=0, description="Records to skip."),
    services: Services = Depends(get_services),
) -> TelegramPage:
    def page() -> TelegramPage:
        reader = services.records
        total = reader.count()
        items = [record for doc_id in reader.doc_ids(limit, offset) if (record := reader.record(doc_id))]
        following = None
        if offset + limit < total:
            following = str(request.url.include_query_params(limit=limit, offset=offset + limit))
        return TelegramPage(items=items, total=total, limit=limit, offset=offset, next=following)

    return await run_in_threadpool(page)


@router.get("/telegrams/{doc_id}", response_model=TelegramRecord, response_model_by_alias=True, summary="One telegram record, with the text of each version")
async def get_telegram(doc_id: str, services: Services = Depends(get_services)) -> TelegramRecord:
    record = await run_in_threadpool(services.records.record, doc_id, True)
    if record is None:
        raise HTTPException(404, f"no telegram with id {doc_id!r}")
    return record
