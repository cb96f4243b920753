"""The commands that read the store, or telegram files, and judge or answer: `query` (SPARQL against the
store, in this process, behind the same guard as the endpoint) and `validate` (SHACL over the store's
graphs or over files extracted on the fly).

Separate from cli/app.py so that each command module stays short; cli/app.py registers them.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pyoxigraph as ox
import typer
from rich.markup import escape
from rich.table import Table

from cablegraph.api.settings import Settings
from cablegraph.cli.common import (
    StoreOption,
    check_writable,
    err,
    fail,
    fail_if_missing,
    open_store,
    out,
    sandbox,
    settings_with,
)
from cablegraph.graph.build.document_files import find_documents
from cablegraph.graph.build.validate import validate as validate_graph
from cablegraph.graph.errors import GraphError
from cablegraph.graph.query import results
from cablegraph.graph.sparql.guard import QueryLimits, check_query
from cablegraph.graph.store.build_base import store_minter
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore
from cablegraph.ontology import IriMinter

if TYPE_CHECKING:
    from rdflib import Graph


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


def query(
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query (or use -f).")] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the query from a file.")] = None,
    store: StoreOption = None,
    format: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
) -> None:
    """Run a SPARQL query against the store (default graph = union of all graphs)."""
    text = _query_text(sparql, file)
    settings = settings_with(store)
    graph_store = open_store(settings, store)
    try:
        check_query(text, QueryLimits(settings.max_query_length, settings.max_query_nesting))
        sandbox(settings)
        answer = graph_store.query(text)
    except GraphError as error:
        raise fail(str(error)) from error
    if isinstance(answer, ox.QueryBoolean):
        out.print("true" if bool(answer) else "false")
        return
    if isinstance(answer, ox.QueryTriples | list):  # a remote store's CONSTRUCT answers with a list of triples
        turtle = ox.serialize(answer, format=ox.RdfFormat.TURTLE)
        assert turtle is not None  # no output given: serialize returns the bytes
        sys.stdout.write(turtle.decode("utf-8"))
        return
    solutions = results.collect(answer, sys.maxsize)
    if format is QueryFormat.table:
        table = Table(*solutions.variables)
        for row in solutions.rows:
            table.add_row(*(_cell(term) for term in row))
        out.print(table)
        return
    writer = {"json": results.to_json, "csv": results.to_csv, "tsv": results.to_tsv, "xml": results.to_xml}[
        format.value
    ]
    sys.stdout.write(writer(solutions).decode("utf-8"))


def _query_text(sparql: str | None, file: Path | None) -> str:
    """The query, given as the argument or read from -f FILE: one of the two."""
    if file is not None and sparql is None:
        return _read_query(file)
    if sparql is not None and file is None:
        return sparql
    raise fail("give the query as an argument or with -f FILE, not both")


def _read_query(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise fail(f"no query file at {file.resolve()}") from None
    except UnicodeDecodeError as error:
        raise fail(f"the query file {file} is not UTF-8 text: {error.reason} at byte {error.start}") from None
    except OSError as error:
        raise fail(f"cannot read the query file {file}: {error.strerror or error}") from None


def _cell(term: object | None) -> str:
    """A table cell: the term's value (an IRI, a blank node's id, a literal's text), empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.BlankNode | ox.Literal):
        return term.value
    return str(term)  # a quoted triple, which has no value of its own


def validate(
    paths: Annotated[
        list[Path] | None, typer.Argument(help="Telegram files or folders; default: the store's graphs.")
    ] = None,
    store: StoreOption = None,
    report: Annotated[Path | None, typer.Option(help="Write the SHACL report graph (Turtle) here.")] = None,
) -> None:
    """Validate document graphs against the SHACL shapes and print a readable report."""
    settings = settings_with(store)
    from rdflib import Graph

    if report is not None:
        check_writable(report)
    graph_store: GraphStore | RemoteGraphStore | None = None
    if paths:
        fail_if_missing(paths)
    else:
        graph_store = open_store(settings, store)
    combined = Graph()
    failures = 0
    for name, graph in _graphs_to_validate(paths, settings, graph_store):
        if graph is None:  # could not be read: reported already
            failures += 1
            continue
        result = validate_graph(graph, keep_report_graph=report is not None)
        if result.report_graph is not None:
            combined += result.report_graph
        status = "[green]valid[/]" if result.conforms else "[red]INVALID[/]"
        out.print(f"{status} {name} ({len(result.violations)} violations, {len(result.warnings)} warnings)")
        for item in result.results:
            out.print(f"    {item}")
        failures += 0 if result.conforms else 1
    if report is not None:
        combined.serialize(report, format="turtle")
        out.print(f"report graph written to {report}")
    if failures:
        raise typer.Exit(1)


def _graphs_to_validate(
    paths: list[Path] | None, settings: Settings, graph_store: GraphStore | RemoteGraphStore | None
) -> Iterator[tuple[str, Graph | None]]:
    """Each document's name and graph: the files under `paths` extracted now (None for a file that cannot be
    read, reported here), else the telegram graphs of `graph_store`."""
    minter = IriMinter(settings.base_iri)
    if paths:
        from cablegraph.extract import DocumentParseError, ExtractionContext, read_document, run_extractors
        from cablegraph.graph.build.mapping import BuildInfo, to_named_graph
        from cablegraph.graph.build.pipeline import software_version

        context = ExtractionContext.load(tuple(settings.authority_files), tuple(settings.gazetteer_files))
        build = BuildInfo.now(software_version())
        for path in find_documents(paths):
            try:
                document = read_document(path)
            except DocumentParseError as error:
                err.print(f"[red]failed[/] {escape(str(error))}")
                yield str(path), None
                continue
            yield str(path), to_named_graph(run_extractors(document, context), minter, build)
        return
    assert graph_store is not None  # validate opens the store when no paths are given
    minter = store_minter(graph_store, settings.base_iri)  # the store's documents, under the base they were built with
    for iri in graph_store.named_graphs():
        if minter.doc_id_of(iri):
            yield iri, graph_store.graph(iri)
