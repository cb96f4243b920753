"""What we know of one person or place: the authority record, the names it was written under,
and its telegrams. Counts and lists come from the catalogue; spellings and posts from the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypedDict

from cablegraph.graph.catalogue.database import Catalogue
from cablegraph.graph.store.protocol import SelectingStore
from cablegraph.ontology import sparql_prefixes


@dataclass(frozen=True)
class Holding:
    post: str
    label: str
    start: str | None
    end: str | None
    approximate: bool


@dataclass(frozen=True)
class Correspondent:
    iri: str
    label: str
    sent_to: int
    received_from: int


@dataclass
class PersonDetail:
    iri: str
    label: str
    in_authority: bool
    aliases: list[str] = field(default_factory=list)
    pseudonyms: list[str] = field(default_factory=list)
    as_written: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    posts: list[Holding] = field(default_factory=list)
    correspondents: list[Correspondent] = field(default_factory=list)
    telegrams: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class PlaceDetail:
    iri: str
    label: str
    aliases: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    as_written: list[str] = field(default_factory=list)
    telegrams: list[str] = field(default_factory=list)


def person_detail(store: SelectingStore, catalogue: Catalogue, iri: str) -> PersonDetail | None:
    """None when no telegram and no authority record knows `iri`."""
    label = catalogue.label(iri)
    telegrams = catalogue.roles_of(iri)
    if label is None and not telegrams:
        return None
    names = catalogue.aliases(iri)
    detail = PersonDetail(
        iri=iri,
        label=label or iri.rsplit("/", 1)[-1],
        in_authority=catalogue.in_authority(iri),
        aliases=list(dict.fromkeys(name for name, kind in names if kind == "alias" and name != label)),
        pseudonyms=list(dict.fromkeys(name for name, kind in names if kind == "pseudonym")),
        as_written=_as_written(store, iri),
        same_as=_same_as(store, iri),
        posts=_holdings(store, iri),
        telegrams=telegrams,
    )
    correspondents = catalogue.correspondents(iri)
    labels = catalogue.labels(other for other, _, _ in correspondents)
    detail.correspondents = [
        Correspondent(other, labels[other], sent, received) for other, sent, received in correspondents
    ]
    return detail


def place_detail(store: SelectingStore, catalogue: Catalogue, iri: str) -> PlaceDetail | None:
    label = catalogue.label(iri)
    if label is None:
        return None
    point = catalogue.point(iri)
    return PlaceDetail(
        iri=iri,
        label=label,
        aliases=list(dict.fromkeys(name for name, kind in catalogue.aliases(iri) if kind == "alias" and name != label)),
        lat=point[0] if point else None,
        lon=point[1] if point else None,
        as_written=_as_written(store, iri),
        telegrams=catalogue.place_telegrams(iri),
    )


class FeatureCollection(TypedDict):
    """An RFC 7946 FeatureCollection, as the map and its JSON API serve it (features as GeoJSON objects)."""

    type: str
    features: list[dict[str, Any]]


def place_features(
    catalogue: Catalogue, start: str | None = None, end: str | None = None, q: str | None = None
) -> FeatureCollection:
    """Places named in telegrams as an RFC 7946 FeatureCollection (lon, lat), with telegram counts."""
    counts = catalogue.places(start, end, q)
    labels = catalogue.labels(place for place, _ in counts)
    features: list[dict[str, Any]] = []
    for place, count in counts:
        point = catalogue.point(place)
        if point is not None:
            features.append(
                {
                    "type": "Feature",
                    "id": place,
                    "geometry": {"type": "Point", "coordinates": [point[1], point[0]]},
                    "properties": {
                        "id": place.rstrip("/").rsplit("/", 1)[-1],
                        "label": labels[place],
                        "telegrams": count,
                    },
                }
            )
    return {"type": "FeatureCollection", "features": features}


def _as_written(store: SelectingStore, iri: str) -> list[str]:
    rows = store.select(
        sparql_prefixes()
        + f"""
    SELECT DISTINCT ?written WHERE {{ GRAPH ?g {{ ?statement rdf:object <{iri}> ; cg:asWritten ?written }} }} ORDER BY ?written""",
        union_default_graph=False,
    )
    return [row["written"] for row in rows]


def _same_as(store: SelectingStore, iri: str) -> list[str]:
    rows = store.select(
        sparql_prefixes() + f"SELECT DISTINCT ?same WHERE {{ GRAPH ?g {{ <{iri}> owl:sameAs ?same }} }} ORDER BY ?same",
        union_default_graph=False,
    )
    return [row["same"] for row in rows]


def _holdings(store: SelectingStore, iri: str) -> list[Holding]:
    rows = store.select(
        sparql_prefixes()
        + f"""
    SELECT ?post ?label ?start ?end ?approximate WHERE {{ GRAPH ?g {{ ?holding a cg:PostHolding ; cg:holder <{iri}> ; cg:post ?post .
      ?post rdfs:label ?label OPTIONAL {{ ?holding schema:startDate ?start }} OPTIONAL {{ ?holding schema:endDate ?end }}
      OPTIONAL {{ ?holding cg:approximateDates ?approximate }} }} }} ORDER BY ?start""",
        union_default_graph=False,
    )
    return [
        Holding(r["post"], r["label"], _text(r.get("start")), _text(r.get("end")), bool(r.get("approximate", False)))
        for r in rows
    ]


def _text(value: object) -> str | None:
    return None if value is None else str(value)
