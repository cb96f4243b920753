"""Exports for other tools: RDF dumps, GEXF/GraphML for Gephi,
GeoJSON for maps, CSV for Palladio and RAWGraphs. The CLI builds them from SPARQL over the
store, so they work on any store and scale with it rather than with memory for records; the
API builds the network ones from the catalogue, filtered like its JSON. CMIF for correspSearch has
rules of its own: `cmif.py`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from rdflib import Dataset
from rdflib.term import IdentifiedNode

from cablegraph.graph.catalogue.database import Catalogue
from cablegraph.graph.store.either import AnyStore
from cablegraph.ontology import jsonld_context, sparql_prefixes

# A referenced telegram is an edge only when the links graph says the corpus lacks it (cg:unseen):
# one that resolves (owl:sameAs) is the corpus telegram, already an edge of its own.
_EDGES = """
SELECT ?t ?id ?date ?sender ?recipient ?kind WHERE {
  { GRAPH ?g { ?t a cg:Telegram ; dcterms:identifier ?id ; schema:sender ?sender ; schema:recipient ?recipient .
    OPTIONAL { ?t dcterms:date ?date } BIND("telegram" AS ?kind) } }
  UNION
  { GRAPH ?g { ?t a cg:EmbeddedMessage ; cg:relayedIn ?carrier ; schema:sender ?sender ; schema:recipient ?recipient .
    ?carrier a cg:Telegram ; dcterms:identifier ?id .
    OPTIONAL { ?t schema:dateCreated ?own } OPTIONAL { ?carrier dcterms:date ?carried }
    BIND(COALESCE(?own, ?carried) AS ?date) BIND("embedded" AS ?kind) } }
  UNION
  { GRAPH ?g { ?citing a cg:Telegram ; dcterms:identifier ?id ; dcterms:references ?t .
    ?t a cg:DescribedTelegram ; schema:sender ?sender ; schema:recipient ?recipient .
    OPTIONAL { ?t schema:dateCreated ?own } OPTIONAL { ?citing dcterms:date ?cited }
    BIND(COALESCE(?own, ?cited) AS ?date) BIND("referenced" AS ?kind) }
    GRAPH ?links { ?t cg:unseen true } } } ORDER BY ?date ?id
"""
_LABELS = (
    "SELECT ?a ?label WHERE { GRAPH ?g { ?a rdfs:label ?label } FILTER(LANG(?label) = 'en' || LANG(?label) = '') }"
)
# a telegram's own sender and recipient; a message quoted inside a telegram; a telegram one refers to
# that the corpus lacks (cg:unseen), from the sender to the recipient the reference gives
KINDS = ("telegram", "embedded", "referenced")


@dataclass(frozen=True)
class Edge:
    telegram: str  # the telegram's IRI, or the embedded message's, or the unseen telegram's description
    doc_id: str  # the telegram (embedded: the telegram that carries it; referenced: the telegram citing it)
    date: str | None  # an embedded message's or referenced telegram's own date, else its telegram's
    sender: str
    recipient: str
    kind: str = "telegram"  # or "embedded" (cg:EmbeddedMessage) or "referenced" (an unseen cg:DescribedTelegram)


@dataclass(frozen=True)
class Link:
    """One edge of every network format: a sender, a recipient and a kind, with what it carries."""

    sender: str
    recipient: str
    kind: str
    weight: int  # telegrams (embedded: messages; referenced: unseen telegrams)
    telegrams: tuple[
        str, ...
    ]  # doc ids, earliest first (embedded: the telegrams carrying them; referenced: citing them)
    first: str | None  # the earliest date


@dataclass(frozen=True)
class Network:
    """Sender-recipient edges, one per telegram (or embedded message, or unseen telegram referred to)
    and pair, and their people's labels: what every network export writes, whether read from the store (CLI) or from the
    catalogue (API, filtered). Every format writes the same links: one per sender, recipient and kind."""

    edges: list[Edge]
    labels: Mapping[str, str]

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _local(iri)

    @property
    def people(self) -> list[str]:
        return sorted({e.sender for e in self.edges} | {e.recipient for e in self.edges})

    def weights(self) -> Counter[tuple[str, str, str]]:
        """Telegrams (embedded: messages; referenced: unseen telegrams) per (sender, recipient, kind)."""
        found: dict[tuple[str, str, str], set[str]] = defaultdict(set)
        for e in self.edges:
            found[(e.sender, e.recipient, e.kind)].add(e.telegram)
        return Counter({key: len(items) for key, items in found.items()})

    def links(self) -> list[Link]:
        """The edges aggregated per sender, recipient and kind, sorted."""
        weights = self.weights()
        docs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        dates: dict[tuple[str, str, str], list[str]] = defaultdict(list)
        for e in sorted(self.edges, key=lambda e: (e.date is None, e.date or "", e.doc_id)):
            key = (e.sender, e.recipient, e.kind)
            if e.doc_id not in docs[key]:
                docs[key].append(e.doc_id)
            if e.date:
                dates[key].append(e.date)
        return [
            Link(
                s, r, k, weights[(s, r, k)], tuple(docs[(s, r, k)]), min(dates[(s, r, k)]) if dates[(s, r, k)] else None
            )
            for s, r, k in sorted(weights)
        ]

    def at_least(self, telegrams: int) -> Network:
        """Only the links that carry at least `telegrams` telegrams (or embedded messages, or unseen telegrams)."""
        if telegrams <= 1:
            return self
        weights = self.weights()
        return Network([e for e in self.edges if weights[(e.sender, e.recipient, e.kind)] >= telegrams], self.labels)


def edges(store: AnyStore) -> list[Edge]:
    rows = store.select(sparql_prefixes() + _EDGES, union_default_graph=False)
    return [
        Edge(
            str(r["t"]),
            str(r["id"]),
            None if r.get("date") is None else str(r["date"]),
            str(r["sender"]),
            str(r["recipient"]),
            str(r["kind"]),
        )
        for r in rows
    ]


def labels(store: AnyStore) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in store.select(sparql_prefixes() + _LABELS, union_default_graph=False):
        found.setdefault(str(row["a"]), str(row["label"]))
    return found


def network(store: AnyStore) -> Network:
    """The whole store's network, by SPARQL: the CLI's exports work on any store, remote ones too."""
    return Network(edges(store), labels(store))


def catalogue_network(
    catalogue: Catalogue, start: str | None = None, end: str | None = None, agent: str | None = None
) -> Network:
    """The network of the telegrams dated within the bounds (touching `agent` when given), from the
    catalogue: milliseconds where the same SPARQL over the store takes seconds at archive scale."""
    found = [Edge(*row) for row in catalogue.edges(start, end, agent)]
    return Network(found, catalogue.labels({i for e in found for i in (e.sender, e.recipient)}))


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def nquads_gz(store: AnyStore) -> bytes:
    raw = io.BytesIO()
    store.dump(raw)
    return gzip.compress(raw.getvalue(), mtime=0)


def jsonld(store: AnyStore) -> bytes:
    dataset = Dataset()
    for subject, predicate, obj, graph_name in store.quads():
        if graph_name is None:
            graph = dataset.default_context
        else:
            assert isinstance(graph_name, IdentifiedNode), "a graph is named by an IRI or a blank node"
            graph = dataset.graph(graph_name)
        graph.add((subject, predicate, obj))
    return dataset.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True).encode("utf-8")


def gexf(net: Network) -> bytes:
    """One edge per sender, recipient and kind, weighted by telegrams, with the kind and the telegrams."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3"><meta><creator>cablegraph</creator>'
        "<description>Correspondence network: sender to recipient, weighted by telegrams; kind embedded: a message quoted inside a telegram; "
        "kind referenced: a telegram the corpus lacks, known from the telegrams that refer to it</description></meta>",
        '<graph defaultedgetype="directed" mode="dynamic" timeformat="date">',
        '<attributes class="edge"><attribute id="kind" title="kind" type="string"/><attribute id="telegrams" title="telegrams" type="string"/></attributes>',
        "<nodes>",
    ]
    lines += [f"<node id={quoteattr(p)} label={quoteattr(net.label(p))}/>" for p in net.people]
    lines.append("</nodes><edges>")
    for index, link in enumerate(net.links()):
        start = f" start={quoteattr(link.first)}" if link.first and len(link.first) == 10 else ""
        lines.append(
            f'<edge id="e{index}" source={quoteattr(link.sender)} target={quoteattr(link.recipient)} weight="{link.weight}"{start}>'
            f'<attvalues><attvalue for="kind" value={quoteattr(link.kind)}/>'
            f'<attvalue for="telegrams" value={quoteattr(" ".join(link.telegrams))}/></attvalues></edge>'
        )
    lines.append("</edges></graph></gexf>")
    return "\n".join(lines).encode("utf-8")


def graphml(net: Network) -> bytes:
    """The same edges as the GEXF: one per sender, recipient and kind, with weight, kind and telegrams."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '<key id="label" for="node" attr.name="label" attr.type="string"/>',
        '<key id="weight" for="edge" attr.name="weight" attr.type="int"/>',
        '<key id="kind" for="edge" attr.name="kind" attr.type="string"/>',
        '<key id="telegrams" for="edge" attr.name="telegrams" attr.type="string"/>',
        '<key id="date" for="edge" attr.name="date" attr.type="string"/>',
        '<graph id="correspondence" edgedefault="directed">',
    ]
    lines += [f'<node id={quoteattr(p)}><data key="label">{escape(net.label(p))}</data></node>' for p in net.people]
    for index, link in enumerate(net.links()):
        lines.append(
            f'<edge id="e{index}" source={quoteattr(link.sender)} target={quoteattr(link.recipient)}>'
            f'<data key="weight">{link.weight}</data><data key="kind">{link.kind}</data>'
            f'<data key="telegrams">{escape(" ".join(link.telegrams))}</data><data key="date">{escape(link.first or "")}</data></edge>'
        )
    lines.append("</graph></graphml>")
    return "\n".join(lines).encode("utf-8")


def geojson(store: AnyStore) -> bytes:
    """Places as an RFC 7946 FeatureCollection (lon, lat) with the number of telegrams naming each."""
    from cablegraph.graph.views.queries import places

    return json.dumps(places(store), ensure_ascii=False, indent=1).encode("utf-8")


def edges_csv(net: Network) -> bytes:
    """The same edges as the GEXF and GraphML, one row per sender, recipient and kind, for Palladio,
    Gephi and RAWGraphs: the telegrams' ids (space-separated, earliest first) and the earliest date."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["source", "source_label", "target", "target_label", "kind", "weight", "date", "telegrams"])
    for link in net.links():
        writer.writerow(
            [
                link.sender,
                net.label(link.sender),
                link.recipient,
                net.label(link.recipient),
                link.kind,
                link.weight,
                link.first or "",
                " ".join(link.telegrams),
            ]
        )
    return buffer.getvalue().encode("utf-8")


def nodes_csv(net: Network) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "label", "sent", "received"])
    sent = Counter(e.sender for e in net.edges if e.kind == "telegram")  # telegrams, not the messages they quote
    received = Counter(e.recipient for e in net.edges if e.kind == "telegram")
    for person in net.people:
        writer.writerow([person, net.label(person), sent[person], received[person]])
    return buffer.getvalue().encode("utf-8")
