"""The commands that write telegrams out for people and other tools: `extract` (records or graphs of
files, without a store), `export` (the store as records, RDF, CMIF, or the network, places and edges)
and `eval` (extraction scored against gold files).

Separate from cli/app.py so that each command module stays short; cli/app.py registers them. `extract`
and `eval` share the throw-away in-memory build of `_extract_in_memory`.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, BinaryIO

import pyoxigraph as ox
import typer
from rich.table import Table

from cablegraph.api.settings import Settings
from cablegraph.cli.common import (
    BaseOption,
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
from cablegraph.graph.build.pipeline import IngestReport, Outcome, ingest
from cablegraph.graph.store.build_base import store_minter
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore
from cablegraph.graph.views.records import RecordReader
from cablegraph.ontology import IriMinter


def _extract_in_memory(paths: list[Path], settings: Settings) -> tuple[GraphStore, IriMinter, IngestReport]:
    """Build `paths` into a throw-away in-memory store, reporting documents that did not load."""
    from cablegraph.extract import ExtractionContext

    minter = IriMinter(settings.base_iri)
    memory = GraphStore.in_memory()
    context = ExtractionContext.load(tuple(settings.authority_files), tuple(settings.gazetteer_files))
    report = ingest(paths, memory, minter, context, prune=False)
    for doc in report.documents:
        if doc.outcome in (Outcome.FAILED, Outcome.HELD_BACK):
            err.print(f"[red]{doc.outcome.value}[/] {doc.path}: {doc.message}")
    return memory, minter, report


def _record_line(reader: RecordReader, doc_id: str) -> str:
    """A telegram's record as one line of JSON Lines."""
    record = reader.record(doc_id)
    assert record is not None  # the id is of a document the store holds
    return json.dumps(record.model_dump(by_alias=True, mode="json"), ensure_ascii=False) + "\n"


class ExtractFormat(StrEnum):
    json = "json"
    ttl = "ttl"
    nq = "nq"


def extract(
    files: Annotated[list[Path], typer.Argument(help="Telegram files.")],
    format: Annotated[
        ExtractFormat, typer.Option("--format", help="json (records, one per line), ttl or nq.")
    ] = ExtractFormat.json,
    base_iri: BaseOption = None,
) -> None:
    """Extract telegrams without a store: print their records or their graphs."""
    settings = settings_with(base_iri=base_iri)
    memory, minter, report = _extract_in_memory(files, settings)
    loaded = [doc.doc_id for doc in report.documents if doc.outcome is Outcome.LOADED and doc.doc_id is not None]
    if format is ExtractFormat.json:
        reader = RecordReader(memory, minter)
        for doc_id in loaded:
            sys.stdout.write(_record_line(reader, doc_id))
    else:
        for doc_id in loaded:
            graph = memory.graph(str(minter.graph(doc_id)))
            sys.stdout.write(graph.serialize(format="turtle" if format is ExtractFormat.ttl else "nt"))
    if not report.ok:
        raise typer.Exit(1)


class ExportFormat(StrEnum):
    json = "json"
    nq = "nq"
    trig = "trig"
    ttl = "ttl"
    jsonld = "jsonld"
    cmif = "cmif"
    cmif_tei = "cmif-tei"
    gexf = "gexf"
    graphml = "graphml"
    geojson = "geojson"
    csv = "csv"
    csv_nodes = "csv-nodes"


_EXPORT_FORMATS = (
    "json (JSON Lines of telegram records), nq, trig, ttl, jsonld, cmif (correspSearch's CMIF: its schema admits "
    "sent and received actions only, so intermediaries are a note), cmif-tei (TEI P5 correspDesc with "
    'correspAction type="transmitted" for intermediaries), gexf, graphml, geojson, csv (edges), csv-nodes.'
)


def export(
    format: Annotated[ExportFormat, typer.Option("--format", help=_EXPORT_FORMATS)] = ExportFormat.json,
    store: StoreOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o", "--output", help="Write here instead of standard output (N-Quads to a .gz name are gzipped)."
        ),
    ] = None,
    editor: Annotated[
        str, typer.Option(help="CMIF: who is responsible for the file (titleStmt/editor).")
    ] = "cablegraph",
    url: Annotated[
        str | None,
        typer.Option(help="CMIF: the address the file will be published at (its idno). [default: BASE_IRI + cmif.xml]"),
    ] = None,
) -> None:
    """Export the store: telegram records, the graph as RDF, or the network, places and edges for other tools."""
    settings = settings_with(store)
    if output is not None:
        check_writable(output)
    sandbox(settings)
    graph_store = open_store(settings, store)
    minter = store_minter(graph_store, settings.base_iri)
    target: BinaryIO
    try:
        target = output.open("wb") if output else sys.stdout.buffer
    except OSError as error:
        raise fail(f"cannot write {output}: {error.strerror or error}") from error
    try:
        gzipped = output is not None and output.suffix == ".gz"
        _write_export(format, graph_store, minter, target, gzipped=gzipped, editor=editor, url=url)
    finally:
        if output:
            target.close()


def _write_export(
    format: ExportFormat,
    graph_store: GraphStore | RemoteGraphStore,
    minter: IriMinter,
    target: BinaryIO,
    *,
    gzipped: bool,
    editor: str,
    url: str | None,
) -> None:
    """The store written to `target` in `format` (N-Quads gzipped when `gzipped`; `editor` and `url` for CMIF)."""
    from cablegraph.graph.views import exports

    if format is ExportFormat.json:
        reader = RecordReader(graph_store, minter)
        for doc_id in reader.doc_ids():
            target.write(_record_line(reader, doc_id).encode("utf-8"))
    elif format is ExportFormat.nq:
        if gzipped:
            target.write(exports.nquads_gz(graph_store))
        else:
            graph_store.dump(target, ox.RdfFormat.N_QUADS)
    elif format is ExportFormat.trig:
        graph_store.dump(target, ox.RdfFormat.TRIG)
    elif format is ExportFormat.ttl:
        triples = graph_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        assert isinstance(triples, ox.QueryTriples | list)  # a CONSTRUCT answers with triples
        turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE)
        assert turtle is not None  # no output given: serialize returns the bytes
        target.write(turtle)
    else:
        writers: dict[ExportFormat, Callable[[GraphStore | RemoteGraphStore], bytes]] = {
            ExportFormat.jsonld: exports.jsonld,
            ExportFormat.cmif: lambda s: _cmif(s, minter, editor, url, strict=True),
            ExportFormat.cmif_tei: lambda s: _cmif(s, minter, editor, url, strict=False),
            ExportFormat.gexf: lambda s: exports.gexf(exports.network(s)),
            ExportFormat.graphml: lambda s: exports.graphml(exports.network(s)),
            ExportFormat.geojson: exports.geojson,
            ExportFormat.csv: lambda s: exports.edges_csv(exports.network(s)),
            ExportFormat.csv_nodes: lambda s: exports.nodes_csv(exports.network(s)),
        }
        target.write(writers[format](graph_store))


def _cmif(
    graph_store: GraphStore | RemoteGraphStore, minter: IriMinter, editor: str, url: str | None, strict: bool
) -> bytes:
    from datetime import UTC, datetime

    from cablegraph.graph.views import cmif

    found = cmif.letters(graph_store, minter)
    return cmif.cmif(
        found, minter.base, url or minter.base + "cmif.xml", datetime.now(UTC).date(), editor=editor, strict=strict
    )


def evaluate_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold files (<doc id>.json).")],
    corpus: Annotated[list[Path], typer.Argument(help="Telegram files or folders to extract.")],
    min_f1: Annotated[float, typer.Option(help="Exit 1 when any fact type scores below this F1.")] = 0.0,
) -> None:
    """Extract CORPUS and score it against GOLD_DIR: precision, recall and F1 per fact type."""
    from cablegraph.graph.views.evaluation import FACT_TYPES, evaluate, load_gold

    if not gold_dir.is_dir():
        raise fail(f"no gold folder at {gold_dir.resolve()}")
    fail_if_missing(corpus)
    memory, minter, _ = _extract_in_memory(corpus, settings_with())
    reader = RecordReader(memory, minter)
    records = {doc_id: record for doc_id in reader.doc_ids() if (record := reader.record(doc_id))}
    result = evaluate(records, load_gold(gold_dir))
    title = f"{result.documents} gold documents"
    table = Table("fact type", "precision", "recall", "F1", "TP", "FP", "FN", title=title)
    for name in FACT_TYPES:
        score = result.scores[name]
        table.add_row(
            name,
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
            str(score.true_positives),
            str(score.false_positives),
            str(score.false_negatives),
        )
    out.print(table)
    for doc_id in result.missing_records:
        out.print(f"[red]no record[/] for gold document {doc_id}")
    for name in FACT_TYPES:
        score = result.scores[name]
        for doc_id, item in score.misses:
            out.print(f"miss  {name:<18} {doc_id}: {item}")
        for doc_id, item in score.extras:
            out.print(f"extra {name:<18} {doc_id}: {item}")
    if result.lowest_f1() < min_f1 or result.missing_records:
        raise typer.Exit(1)
