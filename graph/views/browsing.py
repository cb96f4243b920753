"""Queries behind the reading room's browsing pages: dataset statistics, the telegram list,
a person's and a place's page, the formations of one military unit type.

Lists and counts come from the catalogue; a person's, a place's and a unit type's details from
a few SPARQL queries over the named graphs. Each function returns plain dataclasses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from cablegraph.graph.catalogue.database import Catalogue
from cablegraph.graph.catalogue.search import TelegramFilter
from cablegraph.graph.catalogue.summary import RECEIVED, RELAYED, SENT
from cablegraph.graph.store.either import AnyStore
from cablegraph.ontology import IriMinter, sparql_prefixes


def _key(iri: str) -> str:
    return str(iri).rstrip("/").rsplit("/", 1)[-1]


def _clean(value: str) -> str:
    """Only what may stand inside a SPARQL string or IRI we build: letters, digits, - and _."""
    return "".join(ch for ch in value if ch.isalnum() or ch in "-_")


def _select(store: AnyStore, query: str) -> list[dict[str, Any]]:  # rows as the store protocol gives them
    return store.select(sparql_prefixes() + query, union_default_graph=False)


@dataclass
class Statistics:
    telegrams: int
    people: int
    places: int
    quads: int
    first_date: str | None
    last_date: str | None


def statistics(store: AnyStore, catalogue: Catalogue) -> Statistics:
    """How much the store holds: telegrams, people in a role, places named, quads, dates."""
    first, last = catalogue.date_range()
    people = sum(1 for _, _, counts in catalogue.people() if set(counts) & {SENT, RECEIVED, RELAYED, "mentioned"})
    return Statistics(catalogue.count(), people, len(catalogue.places()), store.quad_count(), first, last)


@dataclass
class TelegramRow:
    id: str
    date: str | None
    title: str | None
    senders: list[tuple[str, str]] = field(default_factory=list)  # (person key, label)
    recipients: list[tuple[str, str]] = field(default_factory=list)


def telegram_rows(
    catalogue: Catalogue,
    start: str | None = None,
    end: str | None = None,
    limit: int = 50,
    offset: int = 0,
    q: str | None = None,
) -> tuple[list[TelegramRow], int]:
    """Telegrams by date (those dated between `start` and `end`, at their precision; matching `q`), one page."""
    rows, total = catalogue.telegrams(TelegramFilter(start=start, end=end, q=q), "date", limit, offset)
    parties = catalogue.parties([row.doc for row in rows])
    labels = catalogue.labels(agent for pairs in parties.values() for _, agent in pairs)
    found = []
    for row in rows:
        found.append(
            TelegramRow(
                row.doc,
                row.date,
                row.title,
                senders=[(_key(a), labels[a]) for role, a in parties[row.doc] if role == SENT],
                recipients=[(_key(a), labels[a]) for role, a in parties[row.doc] if role == RECEIVED],
            )
        )
    return found, total


@dataclass
class TelegramRef:
    id: str
    date: str | None
    title: str | None


def telegram_titles(catalogue: Catalogue, ids: list[str]) -> dict[str, TelegramRef]:
    """Date and title of each telegram id (ids not in the store are left out)."""
    return {row.doc: TelegramRef(row.doc, row.date, row.title) for row in catalogue.rows(ids)}


@dataclass
class PlaceMention:
    telegram: TelegramRef
    quotes: list[str]


@dataclass
class Place:
    key: str
    iri: str
    label: str
    names: list[str] = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    telegrams: list[PlaceMention] = field(default_factory=list)


def place(store: AnyStore, minter: IriMinter, key: str) -> Place | None:
    """A place's names and coordinates, and each telegram naming it with the words it used."""
    iri = f"{minter.base}id/place/{_clean(key)}"
    names = _select(
        store,
        f"""
    SELECT ?p ?v WHERE {{ GRAPH ?g {{ <{iri}> ?p ?v }} VALUES ?p {{ rdfs:label skos:altLabel wgs84:lat wgs84:long }} }}""",
    )
    mentions = _select(
        store,
        f"""
    SELECT ?id ?d ?title ?quote WHERE {{ GRAPH ?g {{ ?t a cg:Telegram ; dcterms:identifier ?id ; cg:mentionsPlace <{iri}> .
      OPTIONAL {{ ?t dcterms:date ?d }} OPTIONAL {{ ?t dcterms:title ?title }}
      OPTIONAL {{ ?s rdf:subject ?t ; rdf:predicate cg:mentionsPlace ; rdf:object <{iri}> .
        ?a oa:hasBody ?s ; oa:hasTarget/oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote }} }} }} ORDER BY ?d ?id""",
    )
    if not names and not mentions:
        return None
    values: dict[str, list[Any]] = defaultdict(list)
    for row in names:
        values[_key(row["p"]).rpartition("#")[2]].append(row["v"])
    labels = sorted((str(v) for v in values["label"]), key=lambda n: not n.isascii())
    found = Place(
        key, iri, labels[0] if labels else key, names=sorted({str(v) for v in values["altLabel"]} - set(labels[:1]))
    )
    if values["lat"] and values["long"]:
        found.lat, found.lon = float(values["lat"][0]), float(values["long"][0])
    by_telegram: dict[str, PlaceMention] = {}
    for row in mentions:
        mention = by_telegram.setdefault(
            row["id"], PlaceMention(TelegramRef(row["id"], row.get("d"), row.get("title")), [])
        )
        if row.get("quote") and row["quote"] not in mention.quotes:
            mention.quotes.append(row["quote"])
    found.telegrams = list(by_telegram.values())
    return found


@dataclass
class Formation:
    """One military formation as one telegram names it (one node per document, whatever the
    number of versions and sentences naming it), with the quotes of every version."""

    telegram: TelegramRef
    text: str
    count: int | None
    count_max: int | None
    affiliation: str | None
    quotes: list[tuple[str, str]]  # (evidence key, quote)


def formations(store: AnyStore, type_iri: str) -> list[Formation]:
    """Every formation of one unit type (cg:Division, ...) the telegrams name, once per telegram,
    with the quotes from each version that names it."""
    rows = _select(
        store,
        f"""
    SELECT ?u ?id ?d ?title ?label ?count ?max ?aff ?a ?quote WHERE {{ GRAPH ?g {{
      ?t a cg:Telegram ; dcterms:identifier ?id ; cg:mentionsUnit ?u . ?u cg:unitType <{type_iri}> ; rdfs:label ?label .
      OPTIONAL {{ ?t dcterms:date ?d }} OPTIONAL {{ ?t dcterms:title ?title }} OPTIONAL {{ ?u cg:unitCount ?count }}
      OPTIONAL {{ ?u cg:unitCountMax ?max }} OPTIONAL {{ ?u cg:affiliation ?aff }}
      OPTIONAL {{ ?s rdf:subject ?t ; rdf:predicate cg:mentionsUnit ; rdf:object ?u .
        ?a oa:hasBody ?s ; oa:hasTarget/oa:hasSelector ?q . ?q a oa:TextQuoteSelector ; oa:exact ?quote }} }} }}
    ORDER BY ?d ?id ?label ?a""",
    )
    found: dict[str, Formation] = {}
    for row in rows:
        formation = found.setdefault(
            row["u"],
            Formation(
                TelegramRef(row["id"], row.get("d"), row.get("title")),
                row["label"],
                row.get("count"),
                row.get("max"),
                row.get("aff"),
                [],
            ),
        )
        if "a" in row and (_key(row["a"]), row["quote"]) not in formation.quotes:
            formation.quotes.append((_key(row["a"]), row["quote"]))
    return list(found.values())


unit_mentions = formations  # the reading room's earlier name
UnitMention = Formation


__all__ = [
    "Formation",
    "Place",
    "Statistics",
    "TelegramRef",
    "TelegramRow",
    "UnitMention",
    "formations",
    "place",
    "statistics",
    "telegram_rows",
    "telegram_titles",
    "unit_mentions",
]
