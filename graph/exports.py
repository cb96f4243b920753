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

from cablegraph.graph.catalogue import Catalogue
from cablegraph.graph.store import GraphStore
from cablegraph.ontology import IriMinter, jsonld_context, sparql_prefixes

_EDGES = """
SELECT ?t ?id ?date ?sender ?recipient WHERE { GRAPH ?g {
  ?t a cg:Telegram ; dcterms:identifier ?id ; schema:sender ?sender ; schema:recipient ?recipient .
  OPTIONAL { ?t dcterms:date ?date } } } ORDER BY ?date ?id
"""
_LABELS = "SELECT ?a ?label WHERE { GRAPH ?g { ?a rdfs:label ?label } FILTER(LANG(?label) = 'en' || LANG(?label) = '') }"


@dataclass(frozen=True)
class Edge:
    telegram: str
    doc_id: str
    date: str | None
    sender: str
    recipient: str


@dataclass(frozen=True)
class Network:
    """Sender-recipient edges, one per telegram and pair, and their people's labels: what every
    network export writes, whether read from the store (CLI) or from the catalogue (API, filtered)."""

    edges: list[Edge]
    labels: Mapping[str, str]

    def label(self, iri: str) -> str:
        return self.labels.get(iri) or _local(iri)

    @property
    def people(self) -> list[str]:
        return sorted({e.sender for e in self.edges} | {e.recipient for e in self.edges})

    def weights(self) -> Counter[tuple[str, str]]:
        """Telegrams per (sender, recipient)."""
        return Counter((e.sender, e.recipient) for e in self.edges)

    def at_least(self, telegrams: int) -> Network:
        """Only the pairs that carry at least `telegrams` telegrams."""
        if telegrams <= 1:
            return self
        weights = self.weights()
        return Network([e for e in self.edges if weights[(e.sender, e.recipient)] >= telegrams], self.labels)


def edges(store: GraphStore) -> list[Edge]:
    rows = store.select(sparql_prefixes() + _EDGES, union_default_graph=False)
    return [Edge(r["t"], r["id"], r.get("date"), r["sender"], r["recipient"]) for r in rows]


def labels(store: GraphStore) -> dict[str, str]:
    found: dict[str, str] = {}
    for row in store.select(sparql_prefixes() + _LABELS, union_default_graph=False):
        found.setdefault(row["a"], row["label"])
    return found


def network(store: GraphStore) -> Network:
    """The whole store's network, by SPARQL: the CLI's exports work on any store, remote ones too."""
    return Network(edges(store), labels(store))


def catalogue_network(catalogue: Catalogue, start: str | None = None, end: str | None = None, agent: str | None = None) -> Network:
    """The network of the telegrams dated within the bounds (touching `agent` when given), from the
    catalogue: milliseconds where the same SPARQL over the store takes seconds at archive scale."""
    found = [Edge(*row) for row in catalogue.edges(start, end, agent)]
    return Network(found, catalogue.labels({i for e in found for i in (e.sender, e.recipient)}))


def _local(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


def nquads_gz(store: GraphStore) -> bytes:
    raw = io.BytesIO()
    store.dump(raw)
    return gzip.compress(raw.getvalue(), mtime=0)


def jsonld(store: GraphStore) -> bytes:
    dataset = Dataset()
    for subject, predicate, obj, graph_name in store.quads():
        graph = dataset.graph(graph_name) if graph_name is not None else dataset.default_context
        graph.add((subject, predicate, obj))
    return dataset.serialize(format="json-ld", context=jsonld_context()["@context"], auto_compact=True).encode("utf-8")


def gexf(net: Network) -> bytes:
    weights = net.weights()
    first: dict[tuple[str, str], str] = {}
    for edge in net.edges:
        if edge.date:
            first.setdefault((edge.sender, edge.recipient), edge.date)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gexf xmlns="http://gexf.net/1.3" version="1.3"><meta><creator>cablegraph</creator>'
        "<description>Correspondence network: sender to recipient, weighted by telegrams</description></meta>",
        '<graph defaultedgetype="directed" mode="dynamic" timeformat="date"><nodes>',
    ]
    lines += [f"<node id={quoteattr(p)} label={quoteattr(net.label(p))}/>" for p in net.people]
    lines.append("</nodes><edges>")
    for index, ((sender, recipient), weight) in enumerate(sorted(weights.items())):
        start = f" start={quoteattr(first[(sender, recipient)])}" if (sender, recipient) in first and len(first[(sender, recipient)]) == 10 else ""
        lines.append(f'<edge id="e{index}" source={quoteattr(sender)} target={quoteattr(recipient)} weight="{weight}"{start}/>')
    lines.append("</edges></graph></gexf>")
    return "\n".join(lines).encode("utf-8")


def graphml(net: Network) -> bytes:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
        '<key id="label" for="node" attr.name="label" attr.type="string"/>',
        '<key id="telegram" for="edge" attr.name="telegram" attr.type="string"/>',
        '<key id="date" for="edge" attr.name="date" attr.type="string"/>',
        '<graph id="correspondence" edgedefault="directed">',
    ]
    lines += [f'<node id={quoteattr(p)}><data key="label">{escape(net.label(p))}</data></node>' for p in net.people]
    for index, edge in enumerate(net.edges):
        lines.append(
            f'<edge id="e{index}" source={quoteattr(edge.sender)} target={quoteattr(edge.recipient)}>'
            f'<data key="telegram">{escape(edge.telegram)}</data><data key="date">{escape(edge.date or "")}</data></edge>'
        )
    lines.append("</graph></graphml>")
    return "\n".join(lines).encode("utf-8")


def geojson(store: GraphStore) -> bytes:
    """Places as an RFC 7946 FeatureCollection (lon, lat) with the number of telegrams naming each."""
    from cablegraph.graph.queries import places

    return json.dumps(places(store), ensure_ascii=False, indent=1).encode("utf-8")


def edges_csv(net: Network) -> bytes:
    """One row per sender-recipient pair of a telegram, for Palladio, Gephi and RAWGraphs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["telegram", "date", "source", "source_label", "target", "target_label"])
    for edge in net.edges:
        writer.writerow([edge.doc_id, edge.date or "", edge.sender, net.label(edge.sender), edge.recipient, net.label(edge.recipient)])
    return buffer.getvalue().encode("utf-8")


def nodes_csv(net: Network) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["id", "label", "sent", "received"])
    sent = Counter(e.sender for e in net.edges)
    received = Counter(e.recipient for e in net.edges)
    for person in net.people:
        writer.writerow([person, net.label(person), sent[person], received[person]])
    return buffer.getvalue().encode("utf-8")
