"""What the catalogue keeps of one telegram's graph (a Summary), read either from the triples a
build has in hand (`summary_of`) or back from a store (`summaries_of`), and the stamps that say
which graphs changed (`stamps_of`). The RDF side of the catalogue; graph/catalogue/database.py is the SQLite side.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cablegraph.graph.store.protocol import SelectingStore
from cablegraph.ontology import PREFIXES, IriMinter, sparql_prefixes
from cablegraph.ontology.concepts import UNIT_TYPES

SENT, RECEIVED, RELAYED = "sender", "recipient", "intermediary"
ROLES = {  # predicate (prefixed) -> role name in the API: the term's own name (cg:viaIntermediary: intermediary)
    "schema:sender": SENT,
    "schema:recipient": RECEIVED,
    "cg:viaIntermediary": RELAYED,
    "schema:mentions": "mentioned",
    "schema:translator": "translator",
    "schema:ccRecipient": "copy-holder",
}
ROLE_ALIASES = {  # the API's earlier role names, still accepted
    "sent": SENT,
    "received": RECEIVED,
    "relayed": RELAYED,
    "mention": "mentioned",
    "translated": "translator",
    "copied": "copy-holder",
}


def role_named(name: str) -> str | None:
    """The role an API caller means by `name` (a role of ROLES or an earlier name), or None."""
    return name if name in ROLES.values() else ROLE_ALIASES.get(name)


_CG, _DCTERMS, _SCHEMA, _RICO = PREFIXES["cg"], PREFIXES["dcterms"], PREFIXES["schema"], PREFIXES["rico"]
_PROV_DERIVED = PREFIXES["prov"] + "wasDerivedFrom"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
STAMP_PAGE = 10_000  # graph stamps per query from a remote store (an engine may cut longer answers silently)


@dataclass
class Summary:
    """What the catalogue keeps of one telegram's graph."""

    doc: str
    graph: str
    iri: str
    stamp: str
    title: str | None = None
    date: str | None = None
    languages: set[str] = field(default_factory=set)
    parties: set[tuple[str, str]] = field(default_factory=set)
    places: set[str] = field(default_factory=set)
    units: dict[str, tuple[str, str | None, int | None]] = field(
        default_factory=dict
    )  # formation IRI -> (type, affiliation, count)
    texts: list[str] = field(default_factory=list)
    # messages quoted inside the telegram (cg:EmbeddedMessage): (message IRI, sender, recipient, its own date)
    messages: set[tuple[str, str, str, str | None]] = field(default_factory=set)
    # telegrams it refers to (cg:DescribedTelegram) whose sender and recipient the reference gives:
    # (description IRI, sender, recipient, its own date); the links graph says which are unseen
    references: set[tuple[str, str, str, str | None]] = field(default_factory=set)


def stamps_of(store: SelectingStore) -> dict[str, str]:
    """A graph's content follows from its text and its build fingerprint; so does its summary.
    From a remote store a page at a time: an engine may cut a long answer without saying so
    (Virtuoso's ResultSetMaxRows), and a cut list would make the catalogue forget telegrams."""
    query = sparql_prefixes() + "SELECT ?g ?sum ?fp WHERE { GRAPH ?g { ?g cg:sha256 ?sum ; cg:buildFingerprint ?fp } }"
    if not hasattr(store, "query_url"):
        rows = store.select(query, union_default_graph=False)
        return {row["g"]: f"{row['sum']}|{row['fp']}" for row in rows}
    stamps: dict[str, str] = {}
    offset = 0
    while True:
        rows = store.select(
            f"{query} ORDER BY ?g ?sum ?fp LIMIT {STAMP_PAGE} OFFSET {offset}", union_default_graph=False
        )
        stamps.update((row["g"], f"{row['sum']}|{row['fp']}") for row in rows)
        offset += len(rows)
        if len(rows) < STAMP_PAGE:
            return stamps


def unseen_of(store: SelectingStore, minter: IriMinter) -> set[str]:
    """The described telegrams the links graph says the corpus lacks (`cg:unseen true`): a reference's
    status lives there, not in the graph of the telegram that makes it. A page at a time from a
    remote store, as `stamps_of` reads."""
    query = sparql_prefixes() + f"SELECT ?ref WHERE {{ GRAPH <{minter.links_graph()}> {{ ?ref cg:unseen true }} }}"
    if not hasattr(store, "query_url"):
        return {row["ref"] for row in store.select(query, union_default_graph=False)}
    found: set[str] = set()
    offset = 0
    while True:
        rows = store.select(f"{query} ORDER BY ?ref LIMIT {STAMP_PAGE} OFFSET {offset}", union_default_graph=False)
        found.update(row["ref"] for row in rows)
        offset += len(rows)
        if len(rows) < STAMP_PAGE:
            return found


def summary_of(graph: str, triples: Iterable[tuple[object, object, object]]) -> Summary | None:
    """The summary of a document graph from its triples, as the build has them in hand: the same
    as reading the graph back from the store, without the reading."""
    by_subject: dict[str, list[tuple[str, object]]] = {}
    for subject, predicate, obj in triples:
        by_subject.setdefault(str(subject), []).append((str(predicate), obj))
    head = dict(by_subject.get(graph, ()))
    telegram = head.get(_PROV_DERIVED)
    if telegram is None or _CG + "sha256" not in head or _CG + "buildFingerprint" not in head:
        return None
    telegram = str(telegram)
    facts = by_subject.get(telegram, [])
    values: dict[str, str] = {}
    for predicate, obj in facts:
        values.setdefault(predicate, str(obj))
    doc = values.get(_DCTERMS + "identifier")
    if doc is None:
        return None
    summary = Summary(
        doc,
        graph,
        telegram,
        f"{head[_CG + 'sha256']}|{head[_CG + 'buildFingerprint']}",
        values.get(_DCTERMS + "title"),
        values.get(_DCTERMS + "date") or values.get(_SCHEMA + "dateCreated"),
    )
    roles = {_expand(prefixed): role for prefixed, role in ROLES.items()}
    unit_codes = {str(concept): code for code, concept in UNIT_TYPES.items()}
    for predicate, obj in facts:
        if predicate in roles:
            summary.parties.add((roles[predicate], str(obj)))
        elif predicate == _CG + "mentionsPlace":
            summary.places.add(str(obj))
        elif predicate == _CG + "mentionsUnit":
            unit = _unit(dict(by_subject.get(str(obj), ())), unit_codes)
            if unit is not None:
                summary.units.setdefault(str(obj), unit)
        elif predicate == _DCTERMS + "references":
            described = by_subject.get(str(obj), [])
            if (_RDF_TYPE, _CG + "DescribedTelegram") in {(p, str(o)) for p, o in described}:
                summary.references |= _messages(str(obj), described)
        elif predicate == _RICO + "hasOrHadInstantiation":
            version = dict(by_subject.get(str(obj), ()))
            if _SCHEMA + "text" in version and _DCTERMS + "language" in version:
                summary.languages.add(str(version[_DCTERMS + "language"]))
                summary.texts.append(str(version[_SCHEMA + "text"]))
    for subject, pairs in by_subject.items():
        if (_CG + "relayedIn", telegram) in {(p, str(o)) for p, o in pairs}:
            summary.messages |= _messages(subject, pairs)
    if summary.title:
        summary.texts.append(summary.title)
    return summary


def _unit(unit: dict[str, object], unit_codes: dict[str, str]) -> tuple[str, str | None, int | None] | None:
    """A formation's (type, affiliation, count) from its facts; None when it has no type."""
    if _CG + "unitType" not in unit:
        return None
    kind = str(unit[_CG + "unitType"])
    affiliation, size = unit.get(_CG + "affiliation"), unit.get(_CG + "unitCount")
    # an rdflib Literal is a str of its lexical form, so int() reads it as it reads the Literal
    return (
        unit_codes.get(kind, kind.rsplit("/", 1)[-1]),
        None if affiliation is None else str(affiliation),
        None if size is None else int(str(size)),
    )


def _messages(iri: str, pairs: list[tuple[str, object]]) -> set[tuple[str, str, str, str | None]]:
    """An embedded message's (or a described telegram's) edges: one per sender and recipient, with
    its own date when it has one; none when either is unknown."""
    senders = [str(o) for p, o in pairs if p == _SCHEMA + "sender"]
    recipients = [str(o) for p, o in pairs if p == _SCHEMA + "recipient"]
    dates = [str(o) for p, o in pairs if p == _SCHEMA + "dateCreated"]
    return {(iri, s, r, dates[0] if dates else None) for s in senders for r in recipients}


def summaries_of(store: SelectingStore, minter: IriMinter, graphs: list[str], stamps: dict[str, str]) -> list[Summary]:
    """What the catalogue keeps of each graph in `graphs`, read with one query per aspect."""
    values = "VALUES ?g { " + " ".join(f"<{g}>" for g in graphs) + " }"
    prefixes = sparql_prefixes()
    found: dict[str, Summary] = {}
    for row in store.select(
        prefixes
        + f"""
        SELECT ?g ?t ?id ?title ?date ?created WHERE {{ {values} GRAPH ?g {{ ?t a cg:Telegram ; dcterms:identifier ?id .
          OPTIONAL {{ ?t dcterms:title ?title }} OPTIONAL {{ ?t dcterms:date ?date }} OPTIONAL {{ ?t schema:dateCreated ?created }} }} }}""",
        union_default_graph=False,
    ):
        if row["g"] not in found and str(minter.telegram(row["id"])) == row["t"]:
            found[row["g"]] = Summary(
                row["id"], row["g"], row["t"], stamps[row["g"]], row.get("title"), row.get("date") or row.get("created")
            )
    _read_parties_places_units(store, prefixes, values, found)
    _read_texts_and_messages(store, prefixes, values, found)
    for summary in found.values():
        if summary.title:
            summary.texts.append(summary.title)
    return list(found.values())


def _of(found: dict[str, Summary], row: dict[str, Any]) -> Summary | None:
    """The summary a row of an aspect's query belongs to: its graph's, when about its telegram."""
    summary = found.get(row["g"])
    return summary if summary and row["t"] == summary.iri else None


def _read_parties_places_units(store: SelectingStore, prefixes: str, values: str, found: dict[str, Summary]) -> None:
    roles = " ".join(ROLES)
    by_predicate = {_expand(prefixed): role for prefixed, role in ROLES.items()}
    for row in store.select(
        prefixes
        + f"""
        SELECT ?g ?t ?p ?a WHERE {{ {values} GRAPH ?g {{ ?t a cg:Telegram ; ?p ?a . VALUES ?p {{ {roles} }} }} }}""",
        union_default_graph=False,
    ):
        if summary := _of(found, row):
            summary.parties.add((by_predicate[row["p"]], row["a"]))
    for row in store.select(
        prefixes + f"SELECT ?g ?t ?p WHERE {{ {values} GRAPH ?g {{ ?t cg:mentionsPlace ?p }} }}",
        union_default_graph=False,
    ):
        if summary := _of(found, row):
            summary.places.add(row["p"])
    unit_codes = {str(concept): code for code, concept in UNIT_TYPES.items()}
    for row in store.select(
        prefixes
        + f"""
        SELECT ?g ?t ?u ?kind ?affiliation ?size WHERE {{ {values} GRAPH ?g {{ ?t cg:mentionsUnit ?u . ?u cg:unitType ?kind
          OPTIONAL {{ ?u cg:affiliation ?affiliation }} OPTIONAL {{ ?u cg:unitCount ?size }} }} }} ORDER BY ?u""",
        union_default_graph=False,
    ):
        if summary := _of(found, row):
            size = row.get("size")
            summary.units.setdefault(
                row["u"],
                (
                    unit_codes.get(row["kind"], row["kind"].rsplit("/", 1)[-1]),
                    row.get("affiliation"),
                    None if size is None else int(size),
                ),
            )


def _read_texts_and_messages(store: SelectingStore, prefixes: str, values: str, found: dict[str, Summary]) -> None:
    for row in store.select(
        prefixes
        + f"""
        SELECT ?g ?t ?language ?text WHERE {{ {values} GRAPH ?g {{ ?t rico:hasOrHadInstantiation ?v . ?v a cg:TextVersion ;
          dcterms:language ?language ; schema:text ?text }} }}""",
        union_default_graph=False,
    ):
        if summary := _of(found, row):
            summary.languages.add(row["language"])
            summary.texts.append(row["text"])
    for row in store.select(
        prefixes
        + f"""
        SELECT ?g ?t ?m ?s ?r ?date WHERE {{ {values} GRAPH ?g {{ ?m a cg:EmbeddedMessage ; cg:relayedIn ?t ; schema:sender ?s ; schema:recipient ?r
          OPTIONAL {{ ?m schema:dateCreated ?date }} }} }}""",
        union_default_graph=False,
    ):
        if summary := _of(found, row):
            summary.messages.add((row["m"], row["s"], row["r"], None if row.get("date") is None else str(row["date"])))
    for row in store.select(
        prefixes
        + f"""
        SELECT ?g ?t ?ref ?s ?r ?date WHERE {{ {values} GRAPH ?g {{ ?t dcterms:references ?ref . ?ref a cg:DescribedTelegram ;
          schema:sender ?s ; schema:recipient ?r OPTIONAL {{ ?ref schema:dateCreated ?date }} }} }}""",
        union_default_graph=False,
    ):
        if summary := _of(found, row):
            summary.references.add(
                (row["ref"], row["s"], row["r"], None if row.get("date") is None else str(row["date"]))
            )


def _expand(prefixed: str) -> str:
    prefix, local = prefixed.split(":", 1)
    return str(PREFIXES[prefix]) + local
