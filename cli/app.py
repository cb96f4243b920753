"""`cablegraph` command line: build, serve, query, validate, extract, export.

A thin adaptor: each command translates options into calls on `cablegraph.graph`.
"""

from __future__ import annotations

import json
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import pyoxigraph as ox
import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cablegraph.api.settings import Settings
from cablegraph.graph.query import results
from cablegraph.graph.store.build_base import store_minter
from cablegraph.graph.build.bulk import BulkMode
from cablegraph.graph.errors import GraphError
from cablegraph.graph.build.pipeline import DocumentReport, IngestReport, Outcome, documents_to_drop, find_documents, ingest
from cablegraph.graph.sparql.guard import QueryLimits, check_query
from cablegraph.graph.query.sandbox import forbid_network
from cablegraph.graph.views.records import RecordReader
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.build.validate import validate as validate_graph
from cablegraph.ontology import IriMinter

COMPACT_SHARE = 0.1  # share of the corpus a build must load or remove before the store is compacted
QUIET_PRUNE = 3  # documents a build may drop without asking; more need --yes or a yes at the prompt

app = typer.Typer(help="cablegraph: historical telegrams as a knowledge graph.", no_args_is_help=True, add_completion=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)



def _env_help(text: str, name: str) -> str:
    """An option's help with its environment variable and default, read from the settings (one
    source). The bracket is escaped: rich would read `[env …]` as markup and print nothing."""
    field = Settings.model_fields[name]
    default = field.default_factory() if field.default_factory is not None else field.default
    return f"{text} \\[env: CABLEGRAPH_{name.upper()}; default: {default}]"


StoreOption = Annotated[Path | None, typer.Option("--store", help=_env_help("Store directory.", "store"))]
BaseOption = Annotated[str | None, typer.Option("--base-iri", help=_env_help("Base of minted IRIs.", "base_iri"))]


def _settings(store: Path | None = None, base_iri: str | None = None, **more) -> Settings:
    overrides = {k: v for k, v in {"store": store, "base_iri": base_iri, **more}.items() if v is not None}
    return Settings(**overrides)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(code)


def _store_origin(option: Path | None) -> str:
    if option is not None:
        return "given by --store"
    if os.environ.get("CABLEGRAPH_STORE"):
        return "from CABLEGRAPH_STORE"
    return "the default, relative to the current folder; set --store or CABLEGRAPH_STORE"


def _open_store(settings: Settings, option: Path | None, read_only: bool = True):
    """The store, or an error saying where it was looked for, why there, and what is wrong with it."""
    if settings.store_url:
        try:
            return settings.open_store(read_only=read_only)
        except (GraphError, OSError, ValueError) as error:
            raise _fail(f"cannot open the remote store at {settings.store_url} (from CABLEGRAPH_STORE_URL): {error}") from error
    where = settings.store.resolve()
    origin = _store_origin(option)
    if read_only and not where.exists():
        raise _fail(f"no store at {where} ({origin}): build one first with `cablegraph build PATH --store {settings.store}`")
    if read_only and where.is_dir() and not (where / "CURRENT").exists():
        raise _fail(f"the folder {where} ({origin}) holds no store: build one there with `cablegraph build PATH --store {settings.store}`")
    try:
        return settings.open_store(read_only=read_only)
    except (GraphError, OSError, ValueError) as error:
        raise _fail(f"cannot open the store at {where} ({origin}): {error}") from error


@app.command()
def build(
    paths: Annotated[list[Path], typer.Argument(help="Telegram files, or folders searched for *.txt.")],
    store: StoreOption = None,
    base_iri: BaseOption = None,
    force: Annotated[bool, typer.Option(help="Rebuild documents even when unchanged.")] = False,
    keep_others: Annotated[bool, typer.Option(help="Keep documents in the store that are not among PATHS.")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", "--prune", help=f"Drop the store's documents that are not among PATHS without asking, even more than {QUIET_PRUNE}.")] = False,
    workers: Annotated[int, typer.Option(help="Processes extracting and validating documents in parallel.")] = 1,
    report_file: Annotated[Path | None, typer.Option("--report", help="Write a JSON report here: every file, whether it loaded, and why it was held back.")] = None,
    bulk: Annotated[BulkMode, typer.Option(help="New documents through the store's bulk loader, in batches: auto (a fresh build, or one adding 200 or more), always, or off (one transaction each). Documents already in the store are always replaced one by one.")] = BulkMode.AUTO,
) -> None:
    """Read, extract, validate and load telegrams into the store (one named graph per document).

    Documents in the store that are not among PATHS are dropped (unless --keep-others); when more
    than a few would go, the build asks first (or needs --yes). A build that finds no document
    changes nothing. Exit status 1 when any document failed or was held back (SHACL violations,
    or no telegram structure), or a symbolic link in a folder loops; the others are loaded.
    """
    settings = _settings(store, base_iri)
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise _fail(f"no such file or folder: {', '.join(missing)}")
    if report_file is not None:
        _check_writable(report_file)
    where = settings.store_url or settings.store.resolve()
    if settings.store_url and settings.catalogue is None:
        raise _fail(f"a build into the remote store at {settings.store_url} keeps the catalogue its servers read: set CABLEGRAPH_CATALOGUE "
                    "to the file (kept where you keep state, e.g. var/catalogue.sqlite); nothing built")
    loops: list[Path] = []
    total = sum(1 for _ in find_documents(paths, on_loop=loops.append))
    for loop in loops:
        err.print(f"[red]failed[/] {loop}: symbolic link loop, not followed")
    if total == 0:
        looked = ", ".join(str(p.resolve()) for p in paths)
        raise _fail(f"no telegram file found in {looked} (folders are searched for *.txt files): nothing built, nothing dropped; the store at {where} is as it was")
    try:
        minter = IriMinter(settings.base_iri)
    except ValueError as error:
        raise _fail(str(error)) from error
    if not keep_others and (refusal := _prune_refusal(paths, settings, minter, yes, where)):
        raise _fail(refusal)
    try:
        graph_store = settings.open_store()
    except (ValueError, GraphError, OSError) as error:
        raise _fail(f"cannot open the store at {where}: {error}") from error
    from cablegraph.extract import ExtractionContext

    context = ExtractionContext.load(tuple(settings.authority_files), tuple(settings.gazetteer_files))
    with Progress(TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task("build", total=total)

        def advance(report: DocumentReport) -> None:
            if report.outcome is not Outcome.REMOVED:
                bar.advance(task)

        files = (tuple(map(str, settings.authority_files)), tuple(map(str, settings.gazetteer_files)))
        report = ingest(
            paths, graph_store, minter, context, prune=not keep_others, force=force, progress=advance,
            workers=workers, context_files=files, extract_timeout_s=settings.extract_timeout_s, catalogue_path=settings.catalogue, bulk=bulk,
        )
    changed = report.count(Outcome.LOADED) + report.count(Outcome.REMOVED)
    if changed and changed >= COMPACT_SHARE * len(report.documents):
        skipped = graph_store.optimize()  # a full compaction pays off after large changes; RocksDB compacts small ones itself
        if skipped:
            err.print(f"[yellow]store not compacted[/]: {skipped}")
    _print_report(report)
    if report_file is not None:
        report_file.write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out.print(f"report: {report_file}")
    graphs = report.count(Outcome.LOADED) + report.count(Outcome.UNCHANGED)
    out.print(f"store: {where} ({graphs} telegram graphs of this corpus)")
    if settings.catalogue is not None:
        out.print(f"catalogue: {settings.catalogue}")
    if not report.ok or loops:
        raise typer.Exit(1)


def _prune_refusal(paths: list[Path], settings: Settings, minter: IriMinter, yes: bool, where) -> str | None:
    """Why the build stops before dropping more than a few documents, or None when it may go on
    (few to drop, --yes, or a yes at the prompt): building the wrong folder must not quietly empty a
    store. Asked before the store is opened for writing, on a read-only view of it."""
    if settings.store_url:
        current = settings.open_store()
    elif (settings.store / "CURRENT").exists():
        current = settings.open_store(read_only=True)
    else:
        return None  # a new store: nothing to drop
    found, dropping = documents_to_drop(paths, current, minter)
    del current  # closed before the build opens it for writing
    if len(dropping) <= QUIET_PRUNE or yes:
        return None
    shown = ", ".join(dropping[:5]) + (f" and {len(dropping) - 5} more" if len(dropping) > 5 else "")
    question = (f"this build of {found} document(s) would drop {len(dropping)} document(s) from the store at {where} "
                f"that are not among {', '.join(map(str, paths))}: {shown}")
    if sys.stdin.isatty():
        if typer.confirm(f"{question}. Drop them?", default=False, err=True):
            return None
        return "nothing built: the store is as it was (use --keep-others to build without dropping)"
    return f"{question}. Nothing built: confirm with --yes, or keep them with --keep-others"


def _check_writable(path: Path) -> None:
    """Fail before any work when an output file cannot be written: where, and why."""
    if path.is_dir():
        raise _fail(f"cannot write {path}: it is a folder")
    if not path.parent.exists():
        raise _fail(f"cannot write {path}: the folder {path.parent} does not exist")


def _print_report(report: IngestReport) -> None:
    for doc in report.documents:
        if doc.outcome is Outcome.FAILED:
            err.print(f"[red]failed[/] {doc.path}: {doc.message}")
        elif doc.outcome is Outcome.HELD_BACK and not doc.violations:
            err.print(f"[yellow]held back[/] {doc.path}: {doc.message}")
        elif doc.outcome is Outcome.HELD_BACK:
            err.print(f"[yellow]held back[/] {doc.path}: {len(doc.violations)} SHACL violation(s)")
            for result in doc.violations:
                err.print(f"    {result}")
        for warning in doc.warnings:
            err.print(f"[dim]warning[/] {doc.path}: {warning}")
    if report.prune_skipped:
        err.print(f"[yellow]nothing dropped[/]: {report.prune_skipped}")
    for issue in report.corpus_issues:
        err.print(f"corpus check: {issue}")
    out.print(f"built: {report.summary()}; {report.totals()}")
    if report.bulk_recovered:
        err.print(f"[yellow]rebuilt[/] {len(report.bulk_recovered)} document(s) an interrupted bulk load had left unfinished")
    if report.bulk_loaded:
        out.print(f"bulk loaded: {report.bulk_loaded} documents, in batches through the store's bulk loader")


@app.command()
def serve(
    store: StoreOption = None,
    host: Annotated[str | None, typer.Option(help=_env_help("Address to listen on.", "host"))] = None,
    port: Annotated[int | None, typer.Option(help=_env_help("Port to listen on.", "port"))] = None,
    public_url: Annotated[str | None, typer.Option(help=_env_help("Address the server is published at (behind a proxy).", "public_url"))] = None,
) -> None:
    """Serve the store: SPARQL at /sparql, JSON at /api, HTML at /.

    Links: minted IRIs keep the base the store was built with (CABLEGRAPH_BASE_IRI at build time). Every link the server writes about itself (SPARQL endpoint, API next/prev, pages, reconciliation manifest, dump, sitemap) uses CABLEGRAPH_PUBLIC_URL when set, else the address each request came to. When that address is not the build's base, a warning says so: minted IRIs will not dereference there; rebuild with CABLEGRAPH_BASE_IRI set to it, or set CABLEGRAPH_PUBLIC_URL.

    Every limit and setting is an environment variable CABLEGRAPH_* (see the README's Configuration).
    """
    from cablegraph.api.server import serve as run_server

    try:
        settings = _settings(store, host=host, port=port, public_url=public_url)
    except ValueError as error:
        raise _fail(f"invalid setting: {error}") from error
    _open_store(settings, store)  # fail here, with where and why, not in the server's start-up (closed at once)
    if settings.store_url:
        from cablegraph.api.deps import open_remote_catalogue
        from cablegraph.graph.catalogue.database import CatalogueError

        try:
            open_remote_catalogue(settings).close()
        except CatalogueError as error:
            raise _fail(str(error)) from error
    url = f"http://{settings.host}:{settings.port}/"
    out.print(f"cablegraph serving {settings.store_url or settings.store} at [bold]{url}[/] (SPARQL: {url}sparql)")
    out.print(
        f"limits: query {settings.query_timeout_s:g} s, {settings.max_rows} rows, {settings.query_workers} workers"
        f" + queue {settings.query_queue}, request head {settings.header_timeout_s:g} s"
    )
    run_server(settings)


@app.command(name="catalogue")
def catalogue_command(store: StoreOption = None) -> None:
    """Bring the catalogue (CABLEGRAPH_CATALOGUE; default beside the embedded store) level with the store.

    Reads only the telegram graphs that changed since, and all of them when the catalogue is missing
    or of an older schema (after an upgrade of cablegraph): for a store built without one, or after
    the store was changed by other means. `build` does this itself at its end. Servers of a remote
    store read this file and never make it.
    """
    from cablegraph.graph.catalogue.database import Catalogue

    settings = _settings(store)
    if settings.catalogue is None and settings.store_url:
        raise _fail("set CABLEGRAPH_CATALOGUE to the catalogue file the servers of the remote store will read")
    graph_store = _open_store(settings, store)
    path = settings.catalogue or Catalogue.beside(settings.store)
    minter = store_minter(graph_store, settings.base_iri)
    catalogue = Catalogue(path)
    try:
        report = catalogue.refresh(graph_store, minter)
    except GraphError as error:
        raise _fail(f"cannot bring the catalogue {path} level with the store: {error}") from error
    finally:
        catalogue.close()
    out.print(f"catalogue: {path} ({report.updated} telegrams read again, {report.removed} forgotten, {report.seconds:.1f} s)")


class QueryFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    tsv = "tsv"
    xml = "xml"


@app.command()
def query(
    sparql: Annotated[str | None, typer.Argument(help="The SPARQL query (or use -f).")] = None,
    file: Annotated[Path | None, typer.Option("-f", "--file", help="Read the query from a file.")] = None,
    store: StoreOption = None,
    format: Annotated[QueryFormat, typer.Option("--format", help="Output format.")] = QueryFormat.table,
) -> None:
    """Run a SPARQL query against the store (default graph = union of all graphs)."""
    if (sparql is None) == (file is None):
        raise _fail("give the query as an argument or with -f FILE, not both")
    text = _read_query(file) if file else sparql
    settings = _settings(store)
    graph_store = _open_store(settings, store)
    try:
        check_query(text, QueryLimits(settings.max_query_length, settings.max_query_nesting))
        _sandbox(settings)
        answer = graph_store.query(text)
    except GraphError as error:
        raise _fail(str(error)) from error
    if isinstance(answer, ox.QueryBoolean):
        out.print("true" if bool(answer) else "false")
        return
    if isinstance(answer, ox.QueryTriples):
        sys.stdout.write(ox.serialize(answer, format=ox.RdfFormat.TURTLE).decode("utf-8"))
        return
    solutions = results.collect(answer, sys.maxsize)
    if format is QueryFormat.table:
        table = Table(*solutions.variables)
        for row in solutions.rows:
            table.add_row(*("" if term is None else term.value for term in row))
        out.print(table)
        return
    writer = {"json": results.to_json, "csv": results.to_csv, "tsv": results.to_tsv, "xml": results.to_xml}[format.value]
    sys.stdout.write(writer(solutions).decode("utf-8"))


def _read_query(file: Path) -> str:
    try:
        return file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise _fail(f"no query file at {file.resolve()}") from None
    except UnicodeDecodeError as error:
        raise _fail(f"the query file {file} is not UTF-8 text: {error.reason} at byte {error.start}") from None
    except OSError as error:
        raise _fail(f"cannot read the query file {file}: {error.strerror or error}") from None


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Telegram files or folders; default: the store's graphs.")] = None,
    store: StoreOption = None,
    report: Annotated[Path | None, typer.Option(help="Write the SHACL report graph (Turtle) here.")] = None,
) -> None:
    """Validate document graphs against the SHACL shapes and print a readable report."""
    settings = _settings(store)
    from rdflib import Graph

    if report is not None:
        _check_writable(report)
    if paths:
        missing = [str(p) for p in paths if not p.exists()]
        if missing:
            raise _fail(f"no such file or folder: {', '.join(missing)}")
        graph_store = None
    else:
        graph_store = _open_store(settings, store)
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


def _graphs_to_validate(paths: list[Path] | None, settings: Settings, graph_store):
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
    minter = store_minter(graph_store, settings.base_iri)  # the store's documents, under the base they were built with
    for iri in graph_store.named_graphs():
        if minter.doc_id_of(iri):
            yield iri, graph_store.graph(iri)


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


class ExtractFormat(StrEnum):
    json = "json"
    ttl = "ttl"
    nq = "nq"


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="Telegram files.")],
    format: Annotated[ExtractFormat, typer.Option("--format", help="json (records, one per line), ttl or nq.")] = ExtractFormat.json,
    base_iri: BaseOption = None,
) -> None:
    """Extract telegrams without a store: print their records or their graphs."""
    settings = _settings(base_iri=base_iri)
    memory, minter, report = _extract_in_memory(files, settings)
    loaded = [doc.doc_id for doc in report.documents if doc.outcome is Outcome.LOADED]
    if format is ExtractFormat.json:
        reader = RecordReader(memory, minter)
        for doc_id in loaded:
            record = reader.record(doc_id)
            sys.stdout.write(json.dumps(record.model_dump(by_alias=True, mode="json"), ensure_ascii=False) + "\n")
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


@app.command()
def export(
    format: Annotated[ExportFormat, typer.Option("--format", help=(
        "json (JSON Lines of telegram records), nq, trig, ttl, jsonld, cmif (correspSearch's CMIF: its schema admits "
        "sent and received actions only, so intermediaries are a note), cmif-tei (TEI P5 correspDesc with "
        "correspAction type=\"transmitted\" for intermediaries), gexf, graphml, geojson, csv (edges), csv-nodes."))] = ExportFormat.json,
    store: StoreOption = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write here instead of standard output (N-Quads to a .gz name are gzipped).")] = None,
    editor: Annotated[str, typer.Option(help="CMIF: who is responsible for the file (titleStmt/editor).")] = "cablegraph",
    url: Annotated[str | None, typer.Option(help="CMIF: the address the file will be published at (its idno). [default: BASE_IRI + cmif.xml]")] = None,
) -> None:
    """Export the store: telegram records, the graph as RDF, or the network, places and edges for other tools."""
    from cablegraph.graph.views import exports

    settings = _settings(store)
    if output is not None:
        _check_writable(output)
    _sandbox(settings)
    graph_store = _open_store(settings, store)
    minter = store_minter(graph_store, settings.base_iri)
    try:
        target = output.open("wb") if output else sys.stdout.buffer
    except OSError as error:
        raise _fail(f"cannot write {output}: {error.strerror or error}") from error
    try:
        if format is ExportFormat.json:
            reader = RecordReader(graph_store, minter)
            for doc_id in reader.doc_ids():
                record = reader.record(doc_id)
                line = json.dumps(record.model_dump(by_alias=True, mode="json"), ensure_ascii=False) + "\n"
                target.write(line.encode("utf-8"))
        elif format is ExportFormat.nq:
            if output is not None and output.suffix == ".gz":
                target.write(exports.nquads_gz(graph_store))
            else:
                graph_store.dump(target, ox.RdfFormat.N_QUADS)
        elif format is ExportFormat.trig:
            graph_store.dump(target, ox.RdfFormat.TRIG)
        elif format is ExportFormat.ttl:
            target.write(ox.serialize(graph_store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"), format=ox.RdfFormat.TURTLE))
        else:
            writers = {
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
    finally:
        if output:
            target.close()


def _cmif(graph_store, minter: IriMinter, editor: str, url: str | None, strict: bool) -> bytes:
    from datetime import UTC, datetime

    from cablegraph.graph.views import cmif

    found = cmif.letters(graph_store, minter)
    return cmif.cmif(found, minter.base, url or minter.base + "cmif.xml", datetime.now(UTC).date(), editor=editor, strict=strict)


@app.command(name="eval")
def evaluate_command(
    gold_dir: Annotated[Path, typer.Argument(help="Folder of gold files (<doc id>.json).")],
    corpus: Annotated[list[Path], typer.Argument(help="Telegram files or folders to extract.")],
    min_f1: Annotated[float, typer.Option(help="Exit 1 when any fact type scores below this F1.")] = 0.0,
) -> None:
    """Extract CORPUS and score it against GOLD_DIR: precision, recall and F1 per fact type."""
    from cablegraph.graph.views.evaluation import FACT_TYPES, evaluate, load_gold

    if not gold_dir.is_dir():
        raise _fail(f"no gold folder at {gold_dir.resolve()}")
    missing = [str(p) for p in corpus if not p.exists()]
    if missing:
        raise _fail(f"no such file or folder: {', '.join(missing)}")
    memory, minter, _ = _extract_in_memory(corpus, _settings())
    reader = RecordReader(memory, minter)
    records = {doc_id: record for doc_id in reader.doc_ids() if (record := reader.record(doc_id))}
    result = evaluate(records, load_gold(gold_dir))
    table = Table("fact type", "precision", "recall", "F1", "TP", "FP", "FN", title=f"{result.documents} gold documents")
    for name in FACT_TYPES:
        score = result.scores[name]
        table.add_row(name, f"{score.precision:.3f}", f"{score.recall:.3f}", f"{score.f1:.3f}",
                      str(score.true_positives), str(score.false_positives), str(score.false_negatives))
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


_OWN_PROCESS = False  # set by main(): the command is the whole process, so its sandbox may be too


def _sandbox(settings: Settings) -> None:
    """The engine runs in this process for `query` and `export`: forbid it network sockets, so a
    SERVICE call past the guard fails here. Only when the command is the whole process (the
    `cablegraph` script): a seccomp filter cannot be lifted, and an application that calls the
    commands in-process keeps its network. Not with a remote store: the engine runs there, and
    the command talks to it over the network."""
    if _OWN_PROCESS and not settings.store_url:
        forbid_network()


def main() -> None:
    global _OWN_PROCESS
    _OWN_PROCESS = True
    app()


if __name__ == "__main__":
    main()
