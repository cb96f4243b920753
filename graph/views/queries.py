"""Named queries behind the visualisation API: correspondents, places, network, timeline,
threads, units. Each returns plain dataclasses; the API turns them into JSON."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TypedDict

from cablegraph.graph.store.either import AnyStore
from cablegraph.ontology import CG, SCHEMA, IriMinter, sparql_prefixes

_ROLES = {
    "schema:sender": "sender",
    "schema:recipient": "recipient",
    "cg:viaIntermediary": "intermediary",
    "schema:mentions": "mentioned",
}


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _date_filter(variable: str, start: str | None, end: str | None) -> str:
    """Dates compare as strings at their precision ("1950-10" sorts between "1950-09-30" and "1950-11")."""
    parts = []
    if start:
        parts.append(f'STR(?{variable}) >= "{_safe(start)}"')
    if end:
        parts.append(f'STR(?{variable}) <= "{_safe(end)}~"')
    return f"FILTER({' && '.join(parts)})" if parts else ""


def _safe(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum() or ch == "-")


@dataclass
class PersonSummary:
    id: str
    iri: str
    label: str
    counts: dict[str, int] = field(default_factory=dict)


def people(store: AnyStore, minter: IriMinter) -> list[PersonSummary]:
    query = (
        sparql_prefixes()
        + """
    SELECT ?agent ?role (COUNT(DISTINCT ?t) AS ?n) WHERE { GRAPH ?g { ?t a cg:Telegram ; ?role ?agent }
      VALUES ?role { schema:sender schema:recipient cg:viaIntermediary schema:mentions } } GROUP BY ?agent ?role"""
    )
    found: dict[str, PersonSummary] = {}
    labels = _labels(store)
    for row in store.select(query, union_default_graph=False):
        agent = str(row["agent"])
        if "/id/person/" not in agent:
            continue
        summary = found.setdefault(agent, PersonSummary(_local(agent), agent, labels.get(agent, _local(agent))))
        summary.counts[_ROLES[_prefixed(str(row["role"]))]] = _count(row["n"])
    return sorted(found.values(), key=lambda p: (-sum(p.counts.values()), p.label))


def _count(value: object) -> int:
    """An aggregate's COUNT or SUM of integers, which the store gives back as an int."""
    assert isinstance(value, int), f"not a count: {value!r}"
    return value


@dataclass
class _Period:
    """The telegrams of one period of a timeline, in all and by (sender, recipient)."""

    count: set[str] = field(default_factory=set)
    pairs: dict[tuple[str, str], set[str]] = field(default_factory=lambda: defaultdict(set))


def _prefixed(iri: str) -> str:
    return {
        str(SCHEMA.sender): "schema:sender",
        str(SCHEMA.recipient): "schema:recipient",
        str(CG.viaIntermediary): "cg:viaIntermediary",
        str(SCHEMA.mentions): "schema:mentions",
    }[iri]


def _labels(store: AnyStore) -> dict[str, str]:
    rows = store.select(
        sparql_prefixes() + "SELECT ?a ?l WHERE { GRAPH ?g { ?a rdfs:label ?l } }", union_default_graph=False
    )
    labels: dict[str, str] = {}
    for row in rows:
        labels.setdefault(str(row["a"]), str(row["l"]))
    return labels


@dataclass
class Link:
    source: str
    target: str
    telegrams: list[str]
    via: list[str]


@dataclass
class Network:
    nodes: list[dict[str, object]]
    links: list[Link]


def network(store: AnyStore, start: str | None = None, end: str | None = None) -> Network:
    query = (
        sparql_prefixes()
        + f"""
    SELECT ?id ?s ?r ?via ?date WHERE {{ GRAPH ?g {{
      ?t a cg:Telegram ; dcterms:identifier ?id ; schema:sender ?s ; schema:recipient ?r .
      OPTIONAL {{ ?t cg:viaIntermediary ?via }} OPTIONAL {{ ?t dcterms:date ?date }} }} {_date_filter("date", start, end)} }}"""
    )
    pairs: dict[tuple[str, str], Link] = {}
    for row in store.select(query, union_default_graph=False):
        sender, recipient, doc_id = str(row["s"]), str(row["r"]), str(row["id"])
        link = pairs.setdefault((sender, recipient), Link(sender, recipient, [], []))
        if doc_id not in link.telegrams:
            link.telegrams.append(doc_id)
        if "via" in row and str(row["via"]) not in link.via:
            link.via.append(str(row["via"]))
    labels = _labels(store)
    ids = sorted({i for link in pairs.values() for i in (link.source, link.target, *link.via)})
    degree: Counter[str] = Counter()
    for link in pairs.values():
        degree[link.source] += len(link.telegrams)
        degree[link.target] += len(link.telegrams)
    nodes = [{"id": i, "label": labels.get(i, _local(i)), "weight": degree[i]} for i in ids]
    return Network(nodes, sorted(pairs.values(), key=lambda link: (link.source, link.target)))


def timeline(
    store: AnyStore, granularity: str = "month", start: str | None = None, end: str | None = None
) -> list[dict[str, object]]:
    width = {"day": 10, "month": 7, "year": 4}[granularity]
    query = (
        sparql_prefixes()
        + f"""
    SELECT ?id ?date ?s ?r WHERE {{ GRAPH ?g {{ ?t a cg:Telegram ; dcterms:identifier ?id ; dcterms:date ?date .
      OPTIONAL {{ ?t schema:sender ?s }} OPTIONAL {{ ?t schema:recipient ?r }} }} {_date_filter("date", start, end)} }}"""
    )
    periods: dict[str, _Period] = defaultdict(_Period)
    for row in store.select(query, union_default_graph=False):
        date = str(row["date"])
        if len(date) < width:
            continue  # known only to a coarser precision than asked
        bucket = periods[date[:width]]
        bucket.count.add(str(row["id"]))
        if "s" in row and "r" in row:
            bucket.pairs[(_local(str(row["s"])), _local(str(row["r"])))].add(str(row["id"]))
    return [
        {
            "period": period,
            "count": len(data.count),
            "pairs": [{"source": s, "target": r, "count": len(ids)} for (s, r), ids in sorted(data.pairs.items())],
        }
        for period, data in sorted(periods.items())
    ]


def units(store: AnyStore) -> list[dict[str, object]]:
    """Formations by type, affiliation and month: each unit node (one per formation and document) once."""
    from cablegraph.ontology.concepts import UNIT_TYPES

    codes = {str(concept): code for code, concept in UNIT_TYPES.items()}
    query = (
        sparql_prefixes()
        + """
    SELECT ?kind ?affiliation ?date (COUNT(DISTINCT ?u) AS ?n) (SUM(COALESCE(?size, 1)) AS ?units) (COUNT(DISTINCT ?t) AS ?telegrams)
    WHERE { GRAPH ?g { ?t cg:mentionsUnit ?u . ?u cg:unitType ?kind .
      OPTIONAL { ?u cg:affiliation ?affiliation } OPTIONAL { ?u cg:unitCount ?size } OPTIONAL { ?t dcterms:date ?date } } }
    GROUP BY ?kind ?affiliation ?date"""
    )
    counts: dict[tuple[str, object, str | None], Counter[str]] = defaultdict(Counter)
    for row in store.select(query, union_default_graph=False):
        kind = str(row["kind"])
        key = (codes.get(kind, _local(kind)), row.get("affiliation"), str(row.get("date", ""))[:7] or None)
        counts[key].update(
            {"count": _count(row["n"]), "units": _count(row["units"]), "telegrams": _count(row["telegrams"])}
        )
    ordered = sorted(counts.items(), key=lambda item: (item[0][2] or "", item[0][0], item[0][1] or ""))
    return [{"type": t, "affiliation": a, "month": m, **numbers} for (t, a, m), numbers in ordered]


def places(store: AnyStore, start: str | None = None, end: str | None = None) -> dict[str, object]:
    """Places named in telegrams as an RFC 7946 FeatureCollection (lon, lat), with telegram counts."""
    query = (
        sparql_prefixes()
        + f"""
    SELECT ?place (COUNT(DISTINCT ?t) AS ?n) WHERE {{ GRAPH ?g {{ ?t cg:mentionsPlace ?place OPTIONAL {{ ?t dcterms:date ?date }} }}
      {_date_filter("date", start, end)} }} GROUP BY ?place"""
    )
    counts = {str(row["place"]): row["n"] for row in store.select(query, union_default_graph=False)}
    coordinates = {
        str(row["place"]): (row["lon"], row["lat"])
        for row in store.select(
            sparql_prefixes() + "SELECT ?place ?lat ?lon WHERE { ?place wgs84:lat ?lat ; wgs84:long ?lon }"
        )
    }
    labels = _labels(store)
    features = [
        {
            "type": "Feature",
            "id": place,
            "geometry": {"type": "Point", "coordinates": list(coordinates[place])},
            "properties": {"id": _local(place), "label": labels.get(place, _local(place)), "telegrams": count},
        }
        for place, count in sorted(counts.items())
        if place in coordinates
    ]
    return {"type": "FeatureCollection", "features": features}


class ThreadGraph(TypedDict):
    """A telegram's thread: nodes (telegrams, unseen referenced telegrams, embedded messages) and edges."""

    telegram: str
    nodes: list[dict[str, object]]
    edges: list[dict[str, str]]


def thread(store: AnyStore, minter: IriMinter, doc_id: str) -> ThreadGraph:
    """The telegram, what it refers to (resolved, or unseen: described by what the reference says of
    it, its sender, recipient, number and date), what refers to it, what it relays."""
    telegram = str(minter.telegram(doc_id))
    prefixes = sparql_prefixes()
    outgoing = store.select(
        prefixes
        + f"""
    SELECT ?ref ?number ?date ?sender ?recipient ?target WHERE {{ GRAPH ?g {{ <{telegram}> dcterms:references ?ref . ?ref a cg:DescribedTelegram .
      OPTIONAL {{ ?ref cg:referencedNumber ?number }} OPTIONAL {{ ?ref schema:dateCreated ?date }}
      OPTIONAL {{ ?ref schema:sender ?sender }} OPTIONAL {{ ?ref schema:recipient ?recipient }} }}
      OPTIONAL {{ GRAPH ?l {{ ?ref owl:sameAs ?target }} }} }} ORDER BY ?ref ?sender ?recipient""",
        union_default_graph=False,
    )
    incoming = store.select(
        prefixes
        + f"""
    SELECT DISTINCT ?source WHERE {{ GRAPH ?l {{ ?ref owl:sameAs <{telegram}> }} GRAPH ?g {{ ?source dcterms:references ?ref }} }}""",
        union_default_graph=False,
    )
    embedded = store.select(
        prefixes
        + f"""
    SELECT ?message ?sender ?date WHERE {{ GRAPH ?g {{ ?message cg:relayedIn <{telegram}> ; a cg:EmbeddedMessage .
      OPTIONAL {{ ?message schema:sender ?sender }} OPTIONAL {{ ?message schema:dateCreated ?date }} }} }}""",
        union_default_graph=False,
    )
    nodes: dict[str, dict[str, object]] = {telegram: {"id": doc_id, "iri": telegram, "kind": "telegram", "seen": True}}
    edges: list[dict[str, str]] = []
    _add_references(outgoing, telegram, minter, nodes, edges)
    for row in incoming:
        source = str(row["source"])
        nodes.setdefault(source, {"id": minter.doc_id_of(source), "iri": source, "kind": "telegram", "seen": True})
        edges.append({"source": source, "target": telegram, "kind": "refers-to"})
    for row in embedded:
        message = str(row["message"])
        nodes[message] = {
            "id": None,
            "iri": message,
            "kind": "embedded",
            "seen": True,
            "sender": row.get("sender"),
            "date": row.get("date"),
        }
        edges.append({"source": message, "target": telegram, "kind": "relayed-in"})
    return {"telegram": doc_id, "nodes": list(nodes.values()), "edges": edges}


def _add_references(
    outgoing: list[dict[str, object]],
    telegram: str,
    minter: IriMinter,
    nodes: dict[str, dict[str, object]],
    edges: list[dict[str, str]],
) -> None:
    """The telegrams `telegram` refers to: resolved ones as telegrams, unseen ones by their description."""
    for row in outgoing:
        target = str(row.get("target", row["ref"]))
        if "target" in row:
            nodes.setdefault(target, {"id": minter.doc_id_of(target), "iri": target, "kind": "telegram", "seen": True})
        else:  # not in the store: the reference's own description stands for it, its sender included
            node = nodes.setdefault(
                target,
                {
                    "id": None,
                    "iri": target,
                    "kind": "described",
                    "seen": False,
                    "number": row.get("number"),
                    "date": None if row.get("date") is None else str(row["date"]),
                    "sender": None,
                    "recipient": None,
                },
            )
            for role in ("sender", "recipient"):
                if row.get(role) and node[role] is None:
                    node[role] = row[role]
        edge = {"source": telegram, "target": target, "kind": "refers-to"}
        if edge not in edges:
            edges.append(edge)
