"""The answers of the visualisation routes (api/routers/viz.py) as pydantic models: what each JSON
answer holds, documented field by field in the OpenAPI schema.

Separate from the routes so that api/routers/viz.py keeps to how each answer is found, filtered and
cached, and both stay short.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field


class Person(BaseModel):
    id: str
    iri: str
    label: str
    counts: dict[str, int]


class PostHeld(BaseModel):
    post: str
    label: str
    start: str | None = None
    end: str | None = None
    approximate: bool = False


class CorrespondentOut(BaseModel):
    id: str
    iri: str
    label: str
    sent_to: int
    received_from: int


class PersonOut(BaseModel):
    id: str
    iri: str
    label: str
    in_authority: bool
    aliases: list[str]
    pseudonyms: list[str]
    as_written: list[str]
    same_as: list[str]
    posts: list[PostHeld]
    correspondents: list[CorrespondentOut]
    telegrams: dict[str, list[str]]


class PlaceOut(BaseModel):
    id: str
    iri: str
    label: str
    aliases: list[str]
    lat: float | None = None
    lon: float | None = None
    as_written: list[str]
    telegrams: list[str]


class NetworkNode(BaseModel):
    id: str
    label: str
    weight: int


class NetworkLink(BaseModel):
    source: str
    target: str
    kind: Literal["telegram", "embedded", "referenced"] = Field(
        default="telegram",
        description="telegram: the telegrams' own senders and recipients; embedded: a message quoted inside a telegram "
        "(cg:EmbeddedMessage, such as Mao's message to Stalin that Roshchin's telegram carries); "
        "referenced: a telegram the corpus lacks (cg:DescribedTelegram with cg:unseen true), from the sender "
        "to the recipient the telegrams referring to it give. A reference that resolves to a telegram of the "
        "corpus (owl:sameAs) is counted once, as that telegram",
    )
    value: int = Field(
        description="Telegrams from source to target in the date range (embedded: messages; referenced: unseen "
        "telegrams, dated by their own date, else by the telegram referring to them)"
    )
    telegrams: list[str] = Field(
        description="Ids of the earliest of them, as many as `telegrams=` asks (10 by default); "
        "embedded: the telegrams that carry the messages; referenced: the telegrams that refer to them"
    )
    via: list[str]


class NetworkGraph(BaseModel):
    nodes: list[NetworkNode]
    links: list[NetworkLink]


class PairCount(BaseModel):
    source: str
    target: str
    count: int


class TimelinePoint(BaseModel):
    period: str
    count: int
    pairs: list[PairCount]


class UnitCount(BaseModel):
    type: str = Field(description="Unit type code (skos:notation of its cg:UnitType: division, air-division, ...)")
    affiliation: str | None
    month: str | None = Field(description="YYYY-MM, or null for undated telegrams and for totals (by_month=false)")
    count: int = Field(
        description="Formations: each formation a telegram names counts once, however many versions and sentences name it"
    )
    units: int = Field(
        description="The counts the texts give, summed (a range's lower bound; a formation without a count is one)"
    )
    telegrams: int = Field(description="Telegrams naming formations of this type and affiliation")


class Thread(BaseModel):
    telegram: str
    nodes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
