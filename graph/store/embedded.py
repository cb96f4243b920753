"""The embedded store: named graphs in an on-disk (or in-memory) Oxigraph.

One writer at a time (RocksDB holds a lock); servers open the store read-only.
Replacing a document's graph is one transaction, so a reader never sees half a document. A
build of many new documents loads them through the engine's bulk loader instead
(`bulk_load_nquads`, graph/build/bulk.py): sorted files handed to RocksDB whole, a batch at a time.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from cablegraph.graph.errors import QueryError, StoreError
from cablegraph.graph.store.convert import to_python, to_rdflib

_FILE_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
# The engine's bulk loader cuts its input every 1,000,000 quads and ingests each part's files in one
# atomic step (RocksDB IngestExternalFiles over every index): a call with fewer quads than that is
# committed whole or not at all, so a killed build leaves no document half-loaded.
BULK_ATOMIC_QUADS = 1_000_000
_BULK_LEFTOVER = "bulk-*.sst"  # files the bulk loader was writing when its process was killed
_SYNTAX_POSITION = re.compile(r"(?:line|at)\s*(\d+)\D+?(?:column|col)\s*(\d+)", re.IGNORECASE)


class GraphStore:
    def __init__(self, store: ox.Store, path: Path | None = None, read_only: bool = False) -> None:
        self._store = store
        self.path = path
        self.read_only = read_only

    @classmethod
    def open(cls, path: str | Path, read_only: bool = False) -> GraphStore:
        path = Path(path)
        try:
            if read_only:
                if not path.exists():
                    raise StoreError(f"no store at {path}: run `cablegraph build` first")
                return cls(ox.Store.read_only(str(path)), path, True)
            path.mkdir(parents=True, exist_ok=True)
            store = cls(ox.Store(str(path)), path, False)
        except OSError as error:
            raise StoreError(f"cannot open store at {path}: {error}") from error
        store._remove_bulk_leftovers()
        return store

    @classmethod
    def in_memory(cls) -> GraphStore:
        return cls(ox.Store())

    # --- writing ----------------------------------------------------------------------

    def replace_graph(self, graph: Graph) -> None:
        """Replace the named graph `graph.identifier` with `graph`, atomically."""
        self.replace_graph_ntriples(
            str(graph.identifier), graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
        )

    def replace_graph_ntriples(self, iri: str, body: str) -> None:
        """Replace the named graph `iri` with the N-Triples `body`, in one transaction."""
        self._check_writable()
        target = ox.NamedNode(iri)
        if self._store.contains_named_graph(target):
            self._update(f"DROP SILENT GRAPH <{iri}> ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{body}\n}} }}")
            return
        # A graph the store does not hold yet (every graph of a first build): nothing to drop, and
        # a load is one transaction too, without the SPARQL parser (a third less CPU).
        try:
            self._store.load(input=body, format=ox.RdfFormat.N_TRIPLES, to_graph=target)
        except OSError as error:
            raise StoreError(f"store write failed: {error}") from error

    # The most quads graph/build/bulk.py puts in one call: well under BULK_ATOMIC_QUADS, and the loader's
    # memory (about 300 MiB at this size) stays modest beside the extraction workers'.
    bulk_batch_quads = 500_000

    def bulk_load_nquads(self, data: bytes, graphs: list[str]) -> None:
        """Load N-Quads of graphs the store does not hold yet through the engine's bulk loader.

        Why: one transaction per document writes every quad through the write-ahead log and the
        memtables, and the store's compactions then rewrite it again and again as it grows (at
        100,000 telegrams a 32 GB store and a build bound by the writing thread). The bulk loader
        sorts each index in memory and hands RocksDB finished files: a third of the CPU, a store
        a quarter the size, and no slow-down as the store grows. Under `BULK_ATOMIC_QUADS` quads a
        call is one atomic ingestion; quads are added, so `graphs` must be new ones (`graphs`
        names them for engines that need them, and for the error message)."""
        self._check_writable()
        if data.count(b"\n") >= BULK_ATOMIC_QUADS:
            raise StoreError(
                f"a bulk load of {len(graphs)} graph(s) is over {BULK_ATOMIC_QUADS:,} quads: it would not be atomic"
            )
        try:
            self._store.bulk_load(input=data, format=ox.RdfFormat.N_QUADS)
        except (SyntaxError, ValueError, OSError) as error:
            raise StoreError(f"bulk load of {len(graphs)} graph(s) failed: {error}") from error

    def recover_bulk_load(self) -> list[str]:
        """Nothing to undo: a killed bulk load left no graph half-written (leftover files are
        removed when the store is opened). Graphs dropped are returned, as a remote engine's are."""
        return []

    def _remove_bulk_leftovers(self) -> None:
        """Files a killed bulk load was still writing: never ingested (an ingested file has moved to
        the engine's own name), so nothing refers to them. Removed once this process holds the lock."""
        if self.path is not None:
            for leftover in self.path.glob(_BULK_LEFTOVER):
                leftover.unlink(missing_ok=True)

    def load_file(self, path: str | Path, graph: str | None = None) -> None:
        """Load an RDF file (format from its suffix) into a named graph, or the default graph."""
        self._check_writable()
        suffix = Path(path).suffix.lower()
        fmt = _FILE_FORMATS.get(suffix)
        if fmt is None:
            raise StoreError(f"{path}: unknown RDF format {suffix!r}")
        if suffix in (".rdf", ".owl", ".xml") and b"<!ENTITY" in Path(path).read_bytes():
            raise StoreError(f"{path}: entity declarations are not allowed in RDF/XML")
        target = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        try:
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                self._store.load(path=str(path), format=fmt)
            else:
                self._store.load(path=str(path), format=fmt, to_graph=target, base_iri=Path(path).absolute().as_uri())
        except (SyntaxError, ValueError, OSError) as error:
            raise StoreError(f"{path}: {error}") from error

    def drop_graph(self, iri: str) -> None:
        self._check_writable()
        self._update(f"DROP SILENT GRAPH <{iri}>")

    def _update(self, update: str) -> None:
        try:
            self._store.update(update)
        except OSError as error:
            raise StoreError(f"store write failed: {error}") from error

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("the store is open read-only")

    def flush(self) -> None:
        """Write what the engine still holds in memory to its files and start an empty write-ahead log.

        Every read-only handle (the server and each query worker) replays the un-flushed log into
        memory when it opens: after a 10,000-telegram build that was 256 MiB per process and most
        of the server's start-up time.
        """
        if not self.read_only:
            try:
                self._store.flush()
            except OSError as error:
                raise StoreError(f"store flush failed: {error}") from error

    def optimize(self) -> str | None:
        """Compact the whole store (faster reads after large changes). Returns why it was skipped, if it was.

        A full compaction writes its output before it frees its input, so it may need as much
        free disk as the store takes; short of that it is skipped rather than fill the disk."""
        if self.read_only:
            return "the store is open read-only"
        if self.path is not None:
            size = sum(entry.stat().st_size for entry in self.path.iterdir() if entry.is_file())
            free = shutil.disk_usage(self.path).free
            if free < size:
                return f"compaction may need {size / 2**30:.1f} GiB of free disk, and {free / 2**30:.1f} GiB are free"
        try:
            self._store.optimize()
        except OSError as error:
            raise StoreError(f"store optimisation failed: {error}") from error
        return None

    # --- reading ----------------------------------------------------------------------

    def named_graphs(self) -> list[str]:
        return sorted(graph.value for graph in self._store.named_graphs())

    def quad_count(self) -> int:
        """All quads: counted one by one by the engine, so seconds at archive scale."""
        return len(self._store)

    def has_graph(self, iri: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(iri))

    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        base_iri: str | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a query; the default graph is the union of all named graphs unless graphs are given."""
        default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
        if default_graphs is not None:
            default = [ox.NamedNode(iri) for iri in default_graphs]
        named: list[ox.NamedNode | ox.BlankNode] | None = None
        if named_graphs is not None:
            named = [ox.NamedNode(iri) for iri in named_graphs]
        try:
            return self._store.query(
                sparql,
                base_iri=base_iri or None,
                use_default_graph_as_union=union_default_graph if default is None else False,
                default_graph=default,
                named_graphs=named,
            )
        except SyntaxError as error:
            line, column = _position(str(error))
            raise QueryError(f"SPARQL syntax error: {error}", "syntax", line, column) from error
        except OSError as error:
            raise StoreError(f"store read failed: {error}") from error
        except (ValueError, RuntimeError) as error:  # e.g. an unsupported custom function
            raise QueryError(str(error), "evaluation") from error

    def select(self, sparql: str, *, union_default_graph: bool = True) -> list[dict[str, object]]:
        """SELECT rows as dicts of plain Python values (unbound variables absent)."""
        solutions = self.query(sparql, union_default_graph=union_default_graph)
        assert isinstance(solutions, ox.QuerySolutions), "select() runs SELECT queries"
        names = [variable.value for variable in solutions.variables]
        rows: list[dict[str, object]] = []
        for solution in solutions:
            row: dict[str, object] = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = to_python(value)
            rows.append(row)
        return rows

    def graph(self, iri: str) -> Graph:
        """A named graph as an rdflib Graph."""
        graph = Graph(identifier=iri)
        for triple in self.graph_triples(iri):
            graph.add(triple)
        return graph

    def graph_triples(self, iri: str) -> Iterator[tuple[Node, Node, Node]]:
        """A named graph's triples as rdflib terms; each distinct term is converted once (a
        telegram's 1,400 triples name a few hundred terms)."""
        converted: dict[object, Node] = {}

        def term(node: object) -> Node:
            found = converted.get(node)
            if found is None:
                found = converted[node] = to_rdflib(node)
            return found

        for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(iri)):
            yield term(quad.subject), term(quad.predicate), term(quad.object)

    def quads(self) -> Iterator[tuple[Node, Node, Node, Node | None]]:
        """Every quad as rdflib terms (graph None for the default graph)."""
        for quad in self._store.quads_for_pattern(None, None, None, None):
            graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else to_rdflib(quad.graph_name)
            yield to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object), graph

    def dump(self, output: IO[bytes], format: ox.RdfFormat = ox.RdfFormat.N_QUADS) -> None:
        self._store.dump(output, format=format)


def _position(message: str) -> tuple[int | None, int | None]:
    match = _SYNTAX_POSITION.search(message)
    if match:
        return int(match[1]), int(match[2])
    match = re.search(r"(\d+):(\d+)", message)
    return (int(match[1]), int(match[2])) if match else (None, None)
