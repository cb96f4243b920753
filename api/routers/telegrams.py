"""Telegrams: a filtered, searchable, paginated list of summaries, and the whole record of BRIEF §4."""

from __future__ import annotations

from typing import Any, Literal, get_args

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel
from starlette.exceptions import HTTPException

from cablegraph.api.deps import Services, get_services
from cablegraph.api.links import absolute
from cablegraph.api.paging import IsoDate, Page, cached, date_param, doc_id_param, limit_param, offset_param, page
from cablegraph.graph.catalogue.search import TelegramFilter
from cablegraph.graph.catalogue.summary import RECEIVED, RELAYED, ROLE_ALIASES, ROLES, SENT
from cablegraph.graph.views.record_models import TelegramRecord

router = APIRouter(prefix="/api", tags=["telegrams"])

Role = Literal["sender", "recipient", "intermediary", "mentioned", "translator", "copy-holder"]  # the ontology's terms
assert set(get_args(Role)) == set(ROLES.values())
# the API's earlier names for the same roles (sent, received, relayed, ...) are accepted too
RoleParam = Literal[
    "sender",
    "recipient",
    "intermediary",
    "mentioned",
    "translator",
    "copy-holder",
    "sent",
    "received",
    "relayed",
    "mention",
    "translated",
    "copied",
]
assert get_args(RoleParam) == (*get_args(Role), *ROLE_ALIASES)
ROLE_HELP = (
    "With person: only telegrams in which the person has this role, named as in the ontology: sender (or sent), recipient (received), "
    "intermediary (relayed), mentioned (mention), translator (translated), copy-holder (copied: on the distribution list)"
)


class Party(BaseModel):
    id: str
    iri: str
    label: str


class TelegramSummary(BaseModel):
    id: str
    iri: str
    title: str | None = None
    date: str | None = None
    languages: list[str] = []
    senders: list[Party] = []
    recipients: list[Party] = []
    intermediaries: list[Party] = []
    record: str


def _person_iri(services: Services, person: str) -> str:
    """A person id, or a name or pseudonym the telegrams use ("filippov" is Stalin)."""
    iri = str(services.minter.person(person))
    if services.catalogue.label(iri) is not None:
        return iri
    return services.catalogue.person_called(person.lower()) or iri


@router.get("/telegrams", response_model=Page[TelegramSummary], summary="Telegrams, filtered, searched and paginated")
async def list_telegrams(
    request: Request,
    response: Response,
    q: str | None = Query(
        None,
        min_length=1,
        max_length=200,
        description=(
            "Words to find in any text version, in any inflected form; a person's or place's name in any spelling or script "
            "also finds the telegrams in which it was resolved ('Мао Цзэдуну', 'Mao Tse-tung' and 'Mao Zedong' find the same telegrams)."
        ),
    ),
    start: IsoDate | None = date_param(
        "Dated on or after (a telegram dated only to the month or year is included when that period overlaps the range)"
    ),
    end: IsoDate | None = date_param(
        "Dated on or before (a telegram dated only to the month or year is included when that period overlaps the range)"
    ),
    person: str | None = Query(
        None,
        max_length=200,
        pattern=r"^[\w.-]+$",
        description="Person id (as in /api/people), or a name or pseudonym that names one person ('filippov'), in any role",
    ),
    role: RoleParam | None = Query(None, description=ROLE_HELP),
    place: str | None = Query(None, max_length=200, pattern=r"^[\w.-]+$", description="Place id (as in /api/places)"),
    unit_type: str | None = Query(
        None, max_length=100, pattern=r"^[\w-]+$", description="Military unit type mentioned (as in /api/units)"
    ),
    language: str | None = Query(
        None, max_length=20, pattern=r"^[A-Za-z-]+$", description="Language of a text version (ru, en, ...)"
    ),
    sort: Literal["date", "-date", "id", "-id"] = Query(
        "date", description="Order: by date (undated last) or id; '-' reverses"
    ),
    limit: int = limit_param(),
    offset: int = offset_param(),
    services: Services = Depends(get_services),
) -> dict[str, Any]:
    minter = services.minter
    where = TelegramFilter(
        start=start,
        end=end,
        role=ROLE_ALIASES.get(role, role) if role else None,
        unit_type=unit_type,
        language=language,
        q=q,
        person=_person_iri(services, person) if person else None,
        place=str(minter.place(place)) if place else None,
    )

    result = await run_in_threadpool(_telegram_page, request, response, services, where, sort, limit, offset)
    cached(response, services)
    return result


def _telegram_page(
    request: Request, response: Response, services: Services, where: TelegramFilter, sort: str, limit: int, offset: int
) -> dict[str, Any]:
    """The page of telegrams `where` selects, with their correspondents named (read from the catalogue, in a thread)."""
    catalogue = services.catalogue
    rows, total = catalogue.telegrams(where, sort, limit, offset)
    parties = catalogue.parties([row.doc for row in rows])
    labels = catalogue.labels(agent for pairs in parties.values() for _, agent in pairs)

    def of(doc: str, role: str) -> list[Party]:
        return [Party(id=_local(a), iri=a, label=labels[a]) for r, a in parties[doc] if r == role]

    items = [
        TelegramSummary(
            id=row.doc,
            iri=row.iri,
            title=row.title,
            date=row.date,
            languages=list(row.languages),
            senders=of(row.doc, SENT),
            recipients=of(row.doc, RECEIVED),
            intermediaries=of(row.doc, RELAYED),
            record=absolute(request, f"api/telegrams/{row.doc}"),
        )
        for row in rows
    ]
    return page(request, response, items, total, limit, offset)


@router.get(
    "/telegrams/{doc_id}",
    response_model=TelegramRecord,
    response_model_by_alias=True,
    summary="One telegram record, with the text of each version",
)
async def get_telegram(
    response: Response, doc_id: str = doc_id_param(), services: Services = Depends(get_services)
) -> TelegramRecord:
    record = await run_in_threadpool(services.records.record, doc_id, True)
    if record is None:
        raise HTTPException(404, f"no telegram with id {doc_id!r}")
    cached(response, services)
    return record


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]
