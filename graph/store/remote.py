"""A store behind HTTP: any SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso, GraphDB, QLever).

Named graphs are replaced with the Graph Store Protocol (PUT replaces a graph in one
request, DELETE drops it); everything is read with the Query protocol. Answers are
parsed into the same pyoxigraph result objects the embedded store returns, so the rest
of cablegraph does not know which store it talks to.

Virtuoso 7 answers in a dialect of its own, read here as the standard (tested live in
tests/graph/test_virtuoso.py): an ASK comes back as a one-row SELECT of `__ASK_RETVAL`; JSON
results name blank nodes `nodeID://…` (no blank node label) and write booleans as 1 and 0; and
it keeps `geo:wktLiteral` as a geometry of its own, read back typed `virtrdf:Geometry` with its
coordinates as single-precision floats (117.33 comes back 117.33000183105): read here as the
wktLiteral it was, each coordinate the shortest decimal with that single-precision value, which
gives back every coordinate of up to 7 significant digits (the gazetteer's have at most 7).
Its system graphs are hidden from queries by the engine's own graph permissions, set once when
the database is made (docs/big-stores.md).
"""

from __future__ import annotations

import json
import re
import struct
from collections.abc import Iterable, Iterator
from typing import IO

import httpx
import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from cablegraph.graph.errors import QueryError, StoreError
from cablegraph.graph.sparql.guard import query_form
from cablegraph.graph.store.bulk_virtuoso import VirtuosoBulkLoader
from cablegraph.graph.store.convert import to_rdflib

_SOLUTIONS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"
_TRIPLE_MEDIA = {
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
    "text/turtle": ox.RdfFormat.TURTLE,
}
_XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
_GEOMETRY = "http://www.openlinksw.com/schemas/virtrdf#Geometry"
_WKT = "http://www.opengis.net/ont/geosparql#wktLiteral"
GRAPH_PAGE = 10_000  # graph names per request: Virtuoso cuts answers at ResultSetMaxRows (often 10,000)


# An engine refusing or stopping a query at its own limits (Virtuoso: "The estimated execution time
# 37 (sec) exceeds the limit of 5 (sec)", "SR171: Transaction timed out"; others: "timeout"): a 503 to
# the client, as the embedded store's time limit is, not a store failure.
_ENGINE_LIMIT = re.compile(r"(?i)estimated execution time|exceeds the limit|timed? ?out|query timeout|SR171")


class RemoteGraphStore:
    path = None  # no local directory: queries are not run in local worker processes

    def __init__(
        self,
        query_url: str,
        graph_store_url: str | None = None,
        timeout_s: float = 60.0,
        union_parameter: str | None = "union-default-graph",
        read_only: bool = False,
        credentials: tuple[str, str] | None = None,
        bulk_loader: VirtuosoBulkLoader | None = None,
    ) -> None:
        self.query_url = query_url
        self.graph_store_url = graph_store_url
        self.union_parameter = union_parameter  # how the engine is told to use the union default graph, if it can be
        self.read_only = read_only
        self._client = httpx.Client(timeout=timeout_s)
        self._auth = httpx.DigestAuth(*credentials) if credentials else None  # Virtuoso's -auth endpoints use digest
        self.bulk_loader = (
            bulk_loader  # the engine's own loader for fresh and large builds (graph/build/bulk.py), if set
        )

    # --- writing (Graph Store Protocol) ------------------------------------------------

    def replace_graph(self, graph: Graph) -> None:
        self.replace_graph_ntriples(
            str(graph.identifier), graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        )

    def replace_graph_ntriples(self, iri: str, body: str) -> None:
        response = self._gsp(
            "PUT", iri, content=body.encode("utf-8"), headers={"Content-Type": "application/n-triples"}
        )
        if response.status_code not in (200, 201, 204):
            raise StoreError(
                f"{self.graph_store_url}: replacing <{iri}> answered {response.status_code}: {response.text[:200]}"
            )

    def drop_graph(self, iri: str) -> None:
        response = self._gsp("DELETE", iri)
        if response.status_code not in (200, 204, 404):
            raise StoreError(f"{self.graph_store_url}: dropping <{iri}> answered {response.status_code}")

    def _gsp(
        self, method: str, iri: str, content: bytes | None = None, headers: dict[str, str] | None = None
    ) -> httpx.Response:
        if self.read_only or self.graph_store_url is None:
            raise StoreError("this remote store is read-only (no Graph Store Protocol URL configured)")
        try:
            return self._client.request(
                method, self.graph_store_url, params={"graph": iri}, auth=self._auth, content=content, headers=headers
            )
        except httpx.HTTPError as error:
            raise StoreError(f"{self.graph_store_url}: {error}") from error

    # --- writing many new graphs (the engine's bulk loader, when one is configured) -----

    @property
    def bulk_batch_quads(self) -> int:
        """Quads per bulk-load batch; 0 when no bulk loader is configured (graph/build/bulk.py then
        sends one Graph Store Protocol request per document)."""
        return self.bulk_loader.batch_quads if self.bulk_loader is not None and not self.read_only else 0

    def bulk_load_nquads(self, data: bytes, graphs: list[str]) -> None:
        """Have the engine load N-Quads of graphs it does not hold yet, from a file."""
        if self.bulk_loader is None or self.read_only:
            raise StoreError("this remote store has no bulk loader configured (CABLEGRAPH_BULK_LOAD)")
        self.bulk_loader.load(data, graphs, drop=self.drop_graph)

    def recover_bulk_load(self) -> list[str]:
        """Drop the graphs of a bulk load an earlier build did not see finish (they are built again)."""
        return self.bulk_loader.recover(self.drop_graph) if self.bulk_loader is not None and not self.read_only else []

    def optimize(self) -> str | None:
        """Nothing to do: the remote engine manages its own storage."""
        return None

    def flush(self) -> None:
        """Make what the engine's bulk loader wrote durable (a checkpoint); otherwise nothing to do."""
        if self.bulk_loader is not None and not self.read_only:
            self.bulk_loader.finish()

    # --- reading (Query protocol) ------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        base_iri: str | None = None,
    ) -> list[ox.Triple] | ox.QuerySolutions | ox.QueryBoolean:
        params = [("default-graph-uri", g) for g in default_graphs or ()]
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        if union_default_graph and not default_graphs and self.union_parameter:
            params.append((self.union_parameter, "true"))
        # BASE first (a query's own BASE, later, still wins), on the query's first line so that the
        # engine's error messages keep the query's line numbers
        text = (f"BASE <{base_iri}> " if base_iri else "") + sparql
        accept = _TRIPLES if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else _SOLUTIONS
        response = self._post(text, params, accept)
        if response.status_code == 400:
            raise QueryError(f"SPARQL syntax error: {response.text[:500]}", "syntax")
        if response.status_code != 200 and _ENGINE_LIMIT.search(response.text[:2000]):
            raise QueryError(f"the store stopped the query at its own limit: {response.text[:300].strip()}", "timeout")
        if response.status_code != 200:
            raise StoreError(f"{self.query_url} answered {response.status_code}: {response.text[:200]}")
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media in _TRIPLE_MEDIA:
            triples = [
                ox.Triple(q.subject, q.predicate, q.object)
                for q in ox.parse(response.content, format=_TRIPLE_MEDIA[media])
            ]
            if _GEOMETRY.encode() in response.content:
                triples = [ox.Triple(t.subject, t.predicate, _wkt_literal(t.object)) for t in triples]
            return triples
        return ox.parse_query_results(_portable_json(response.content), format=ox.QueryResultsFormat.JSON)

    def _post(self, text: str, params: list[tuple[str, str]], accept: str) -> httpx.Response:
        form: dict[str, str | list[str]] = {"query": text}
        for name, value in params:
            form.setdefault(name, [])
            form[name].append(value)  # type: ignore[union-attr]
        try:  # a form POST: the protocol form every engine accepts (Virtuoso 7 ignores direct POSTs)
            return self._client.post(self.query_url, data=form, headers={"Accept": accept})
        except (
            httpx.TimeoutException
        ) as error:  # the query's time is up: the client may try later (503), the store is not broken
            raise QueryError(f"the store did not answer within {self._client.timeout.read} s", "timeout") from error
        except httpx.HTTPError as error:
            raise StoreError(f"{self.query_url}: {error}") from error

    def select(self, sparql: str, *, union_default_graph: bool = True) -> list[dict[str, object]]:
        from cablegraph.graph.store.convert import to_python

        solutions = self.query(sparql, union_default_graph=union_default_graph)
        assert isinstance(solutions, ox.QuerySolutions), "select() runs SELECT queries"
        names = [v.value for v in solutions.variables]
        return [{n: to_python(s[n]) for n in names if s[n] is not None} for s in solutions]

    def named_graphs(self) -> list[str]:
        """Every graph name, a page at a time (an engine may cut long answers without saying so)."""
        names: list[str] = []
        while True:
            rows = self.select(
                f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} ORDER BY ?g LIMIT {GRAPH_PAGE} OFFSET {len(names)}",
                union_default_graph=False,
            )
            names += [str(row["g"]) for row in rows]
            if len(rows) < GRAPH_PAGE:
                return sorted(names)

    def has_graph(self, iri: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", union_default_graph=False))

    def quad_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        if not rows:
            return 0
        n = rows[0]["n"]
        assert isinstance(n, int | float | str), "COUNT answers a number"
        return int(n)

    def graph(self, iri: str) -> Graph:
        graph = Graph(identifier=iri)
        for triple in self.graph_triples(iri):
            graph.add(triple)
        return graph

    def graph_triples(self, iri: str) -> Iterator[tuple[Node, Node, Node]]:
        for triple in self._ox_triples(iri):
            yield to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)

    def _ox_triples(self, iri: str) -> list[ox.Triple]:
        triples = self.query(
            f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", union_default_graph=False
        )
        assert isinstance(triples, list), "a CONSTRUCT is answered in triples"
        return triples

    def _ox_quads(self) -> Iterator[ox.Quad]:
        """Graph by graph: one answer per graph stays small whatever the store's size (and under
        an engine's row limit), where one SELECT of every quad would not."""
        for iri in self.named_graphs():
            name = ox.NamedNode(iri)
            for triple in self._ox_triples(iri):
                yield ox.Quad(triple.subject, triple.predicate, triple.object, name)

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node]]:
        for quad in self._ox_quads():
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), to_rdflib(quad.graph_name)

    def dump(self, output: IO[bytes], format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        data = ox.serialize(self._ox_quads(), format=format)
        assert data is not None  # without an output to write to, serialize returns the bytes
        output.write(data)

    def close(self) -> None:
        self._client.close()


_NODE_ID = re.compile(rb'"nodeID://|XMLSchema#boolean"|"__ASK_RETVAL"|virtrdf#Geometry"')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")


def _single(value: float) -> float:
    single: float = struct.unpack("f", struct.pack("f", value))[0]
    return single


def _shortest(number: str) -> str:
    """The shortest decimal with the same single-precision value, written as Python writes floats."""
    single = _single(float(number))
    for digits in range(1, 10):
        candidate = float(f"{single:.{digits}g}")
        if _single(candidate) == single:
            return repr(candidate)
    return number


def _wkt(value: str) -> str:
    return _NUMBER.sub(lambda match: _shortest(match.group()), value)


def _wkt_literal(
    term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple,
) -> ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple:
    if isinstance(term, ox.Literal) and term.datatype.value == _GEOMETRY:
        return ox.Literal(_wkt(term.value), datatype=ox.NamedNode(_WKT))
    return term


def _portable_json(body: bytes) -> bytes:
    """SPARQL JSON results as the standard writes them, from Virtuoso's dialect: an ASK's one-row
    `__ASK_RETVAL` table becomes a boolean, `nodeID://b1` blank nodes `b1`, booleans 1/0 true/false,
    geometries the WKT literals they were.
    Other engines' answers pass untouched (a byte search decides)."""
    if not _NODE_ID.search(body):
        return body
    results = json.loads(body)
    variables = results.get("head", {}).get("vars", [])
    if variables == ["__ASK_RETVAL"]:
        rows = results["results"]["bindings"]
        answer = bool(rows) and rows[0].get("__ASK_RETVAL", {}).get("value") not in ("0", "false")
        return json.dumps({"head": {}, "boolean": answer}).encode("utf-8")
    for row in results.get("results", {}).get("bindings", []):
        for term in row.values():
            if term.get("type") == "bnode" and term["value"].startswith("nodeID://"):
                term["value"] = re.sub(r"\W", "_", term["value"][len("nodeID://") :])
            elif term.get("datatype") == _XSD_BOOLEAN and term["value"] in ("1", "0"):
                term["value"] = "true" if term["value"] == "1" else "false"
            elif term.get("datatype") == _GEOMETRY:
                term["datatype"], term["value"] = _WKT, _wkt(term["value"])
    return json.dumps(results).encode("utf-8")
