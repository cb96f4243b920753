"""A store behind HTTP: any SPARQL 1.1 store (Oxigraph server, Fuseki, Virtuoso, GraphDB, QLever).

Named graphs are replaced with the Graph Store Protocol (PUT replaces a graph in one
request, DELETE drops it); everything is read with the Query protocol. Answers are
parsed into the same pyoxigraph result objects the embedded store returns, so the rest
of cablegraph does not know which store it talks to.
"""

from __future__ import annotations

from collections.abc import Iterable

import httpx
import pyoxigraph as ox
from rdflib import Graph

from cablegraph.graph.convert import to_rdflib
from cablegraph.graph.errors import QueryError, StoreError
from cablegraph.graph.query_guard import query_form

_SOLUTIONS = "application/sparql-results+json"
_TRIPLES = "application/n-triples"


class RemoteGraphStore:
    path = None  # no local directory: queries are not run in local worker processes

    def __init__(self, query_url: str, graph_store_url: str | None = None, timeout_s: float = 60.0,
                 union_parameter: str | None = "union-default-graph", read_only: bool = False,
                 credentials: tuple[str, str] | None = None) -> None:
        self.query_url = query_url
        self.graph_store_url = graph_store_url
        self.union_parameter = union_parameter  # how the engine is told to use the union default graph, if it can be
        self.read_only = read_only
        self._client = httpx.Client(timeout=timeout_s)
        self._auth = httpx.DigestAuth(*credentials) if credentials else None  # Virtuoso's -auth endpoints use digest

    # --- writing (Graph Store Protocol) ------------------------------------------------

    def replace_graph(self, graph: Graph) -> None:
        self.replace_graph_ntriples(str(graph.identifier), graph.serialize(format="nt", encoding="utf-8").decode("utf-8"))

    def replace_graph_ntriples(self, iri: str, body: str) -> None:
        response = self._gsp("PUT", iri, content=body.encode("utf-8"), headers={"Content-Type": "application/n-triples"})
        if response.status_code not in (200, 201, 204):
            raise StoreError(f"{self.graph_store_url}: replacing <{iri}> answered {response.status_code}: {response.text[:200]}")

    def drop_graph(self, iri: str) -> None:
        response = self._gsp("DELETE", iri)
        if response.status_code not in (200, 204, 404):
            raise StoreError(f"{self.graph_store_url}: dropping <{iri}> answered {response.status_code}")

    def _gsp(self, method: str, iri: str, **kwargs) -> httpx.Response:
        if self.read_only or self.graph_store_url is None:
            raise StoreError("this remote store is read-only (no Graph Store Protocol URL configured)")
        try:
            return self._client.request(method, self.graph_store_url, params={"graph": iri}, auth=self._auth, **kwargs)
        except httpx.HTTPError as error:
            raise StoreError(f"{self.graph_store_url}: {error}") from error

    def optimize(self) -> str | None:
        """Nothing to do: the remote engine manages its own storage."""
        return None

    def flush(self) -> None:
        """Nothing to do: the remote engine manages its own storage."""

    # --- reading (Query protocol) ------------------------------------------------------

    def query(self, sparql: str, *, union_default_graph: bool = True, default_graphs: Iterable[str] | None = None,
              named_graphs: Iterable[str] | None = None, base_iri: str | None = None):
        params = [("default-graph-uri", g) for g in default_graphs or ()]
        params += [("named-graph-uri", g) for g in named_graphs or ()]
        if union_default_graph and not default_graphs and self.union_parameter:
            params.append((self.union_parameter, "true"))
        try:  # a form POST: the protocol form every engine accepts (Virtuoso 7 ignores direct POSTs)
            form: dict[str, str | list[str]] = {"query": sparql}
            for name, value in params:
                form.setdefault(name, [])
                form[name].append(value)  # type: ignore[union-attr]
            accept = _TRIPLES if query_form(sparql) in ("CONSTRUCT", "DESCRIBE") else _SOLUTIONS
            response = self._client.post(self.query_url, data=form, headers={"Accept": accept})
        except httpx.HTTPError as error:
            raise StoreError(f"{self.query_url}: {error}") from error
        if response.status_code == 400:
            raise QueryError(f"SPARQL syntax error: {response.text[:500]}", "syntax")
        if response.status_code != 200:
            raise StoreError(f"{self.query_url} answered {response.status_code}: {response.text[:200]}")
        media = response.headers.get("content-type", "").split(";")[0].strip()
        if media == "application/n-triples":
            return [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES)]
        return ox.parse_query_results(response.content, format=ox.QueryResultsFormat.JSON)

    def select(self, sparql: str, **kwargs) -> list[dict[str, object]]:
        from cablegraph.graph.convert import to_python

        solutions = self.query(sparql, **kwargs)
        names = [v.value for v in solutions.variables]
        return [{n: to_python(s[n]) for n in names if s[n] is not None} for s in solutions]

    def named_graphs(self) -> list[str]:
        rows = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        return sorted(row["g"] for row in rows)

    def has_graph(self, iri: str) -> bool:
        return bool(self.query(f"ASK {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", union_default_graph=False))

    def quad_count(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        return int(rows[0]["n"]) if rows else 0

    def graph(self, iri: str) -> Graph:
        graph = Graph(identifier=iri)
        for triple in self.graph_triples(iri):
            graph.add(triple)
        return graph

    def graph_triples(self, iri: str):
        for triple in self.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", union_default_graph=False):
            yield to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)

    def quads(self):
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        for row in rows:
            yield to_rdflib(row["s"]), to_rdflib(row["p"]), to_rdflib(row["o"]), to_rdflib(row["g"])

    def dump(self, output, format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        rows = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", union_default_graph=False)
        quads = [ox.Quad(row["s"], row["p"], row["o"], row["g"]) for row in rows]
        output.write(ox.serialize(quads, format=format))

    def close(self) -> None:
        self._client.close()
