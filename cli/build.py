"""The commands that write the store and its catalogue: `build` (read, extract, validate and load
telegrams; drop the store's documents that are no longer among the paths, asking first when many would
go) and `catalogue` (bring the catalogue level with the store).

Separate from cli/app.py because the build is the longest command: its checks before any work, its
progress bar, the question before pruning and its report are here; cli/app.py registers the commands.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
    settings_with,
)
from cablegraph.graph.build.bulk import BulkMode
from cablegraph.graph.build.document_files import documents_to_drop, find_documents
from cablegraph.graph.build.pipeline import (
    DocumentReport,
    IngestReport,
    Outcome,
    ingest,
)
from cablegraph.graph.errors import GraphError
from cablegraph.graph.store.build_base import store_minter
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore
from cablegraph.ontology import IriMinter

COMPACT_SHARE = 0.1  # share of the corpus a build must load or remove before the store is compacted
QUIET_PRUNE = 3  # documents a build may drop without asking; more need --yes or a yes at the prompt

YesOption = Annotated[
    bool,
    typer.Option(
        "--yes",
        "-y",
        "--prune",
        help=f"Drop the store's documents that are not among PATHS without asking, even more than {QUIET_PRUNE}.",
    ),
]
ReportOption = Annotated[
    Path | None,
    typer.Option("--report", help="Write a JSON report here: every file, whether it loaded, and why it was held back."),
]
BulkOption = Annotated[
    BulkMode,
    typer.Option(
        help="New documents through the store's bulk loader, in batches: auto (a fresh build, or one adding 200 or "
        "more), always, or off (one transaction each). Documents already in the store are always replaced one by one."
    ),
]


def build(
    paths: Annotated[list[Path], typer.Argument(help="Telegram files, or folders searched for *.txt.")],
    store: StoreOption = None,
    base_iri: BaseOption = None,
    force: Annotated[bool, typer.Option(help="Rebuild documents even when unchanged.")] = False,
    keep_others: Annotated[bool, typer.Option(help="Keep documents in the store that are not among PATHS.")] = False,
    yes: YesOption = False,
    workers: Annotated[int, typer.Option(help="Processes extracting and validating documents in parallel.")] = 1,
    report_file: ReportOption = None,
    bulk: BulkOption = BulkMode.AUTO,
) -> None:
    """Read, extract, validate and load telegrams into the store (one named graph per document).

    Documents in the store that are not among PATHS are dropped (unless --keep-others); when more
    than a few would go, the build asks first (or needs --yes). A build that finds no document
    changes nothing. Exit status 1 when any document failed or was held back (SHACL violations,
    or no telegram structure), or a symbolic link in a folder loops; the others are loaded.
    """
    settings = settings_with(store, base_iri)
    where = _check_before_building(paths, settings, report_file)
    total, loops = _count_documents(paths, where)
    try:
        minter = IriMinter(settings.base_iri)
    except ValueError as error:
        raise fail(str(error)) from error
    if not keep_others and (refusal := _prune_refusal(paths, settings, minter, yes, where)):
        raise fail(refusal)
    try:
        graph_store = settings.open_store()
    except (ValueError, GraphError, OSError) as error:
        raise fail(f"cannot open the store at {where}: {error}") from error
    report = _ingest_with_progress(
        paths, graph_store, minter, settings, total, prune=not keep_others, force=force, workers=workers, bulk=bulk
    )
    _compact_after_large_changes(report, graph_store)
    _print_report(report)
    _write_report(report, report_file)
    graphs = report.count(Outcome.LOADED) + report.count(Outcome.UNCHANGED)
    out.print(f"store: {where} ({graphs} telegram graphs of this corpus)")
    if settings.catalogue is not None:
        out.print(f"catalogue: {settings.catalogue}")
    if not report.ok or loops:
        raise typer.Exit(1)


def _check_before_building(paths: list[Path], settings: Settings, report_file: Path | None) -> str | Path:
    """Where the build goes (the remote store's URL or the store folder), after failing on what would
    stop it later: missing paths, a report file that cannot be written, a remote store without a catalogue."""
    fail_if_missing(paths)
    if report_file is not None:
        check_writable(report_file)
    where = settings.store_url or settings.store.resolve()
    if settings.store_url and settings.catalogue is None:
        raise fail(
            f"a build into the remote store at {settings.store_url} keeps the catalogue its servers read: set CABLEGRAPH_CATALOGUE "
            "to the file (kept where you keep state, e.g. var/catalogue.sqlite); nothing built"
        )
    return where


def _count_documents(paths: list[Path], where: str | Path) -> tuple[int, list[Path]]:
    """How many telegram files the paths hold, and the symbolic link loops found (reported); fails when
    there is none, before the store is touched."""
    loops: list[Path] = []
    total = sum(1 for _ in find_documents(paths, on_loop=loops.append))
    for loop in loops:
        err.print(f"[red]failed[/] {loop}: symbolic link loop, not followed")
    if total == 0:
        looked = ", ".join(str(p.resolve()) for p in paths)
        raise fail(
            f"no telegram file found in {looked} (folders are searched for *.txt files): nothing built, nothing dropped; "
            f"the store at {where} is as it was"
        )
    return total, loops


def _ingest_with_progress(
    paths: list[Path],
    graph_store: GraphStore | RemoteGraphStore,
    minter: IriMinter,
    settings: Settings,
    total: int,
    *,
    prune: bool,
    force: bool,
    workers: int,
    bulk: BulkMode,
) -> IngestReport:
    """The build itself, with a progress bar on standard error counting the documents read."""
    from cablegraph.extract import ExtractionContext

    context = ExtractionContext.load(tuple(settings.authority_files), tuple(settings.gazetteer_files))
    columns = (TextColumn("[bold]building"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("build", total=total)

        def advance(report: DocumentReport) -> None:
            if report.outcome is not Outcome.REMOVED:
                bar.advance(task)

        files = (tuple(map(str, settings.authority_files)), tuple(map(str, settings.gazetteer_files)))
        return ingest(
            paths,
            graph_store,
            minter,
            context,
            prune=prune,
            force=force,
            progress=advance,
            workers=workers,
            context_files=files,
            extract_timeout_s=settings.extract_timeout_s,
            catalogue_path=settings.catalogue,
            bulk=bulk,
        )


def _compact_after_large_changes(report: IngestReport, graph_store: GraphStore | RemoteGraphStore) -> None:
    """A full compaction pays off after large changes; RocksDB compacts small ones itself."""
    changed = report.count(Outcome.LOADED) + report.count(Outcome.REMOVED)
    if changed and changed >= COMPACT_SHARE * len(report.documents):
        skipped = graph_store.optimize()
        if skipped:
            err.print(f"[yellow]store not compacted[/]: {skipped}")


def _write_report(report: IngestReport, report_file: Path | None) -> None:
    if report_file is not None:
        report_file.write_text(json.dumps(report.as_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        out.print(f"report: {report_file}")


def _prune_refusal(
    paths: list[Path], settings: Settings, minter: IriMinter, yes: bool, where: str | Path
) -> str | None:
    """Why the build stops before dropping more than a few documents, or None when it may go on
    (few to drop, --yes, or a yes at the prompt): building the wrong folder must not quietly empty a
    store. Asked before the store is opened for writing, on a read-only view of it."""
    current: GraphStore | RemoteGraphStore
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
    question = (
        f"this build of {found} document(s) would drop {len(dropping)} document(s) from the store at {where} "
        f"that are not among {', '.join(map(str, paths))}: {shown}"
    )
    if sys.stdin.isatty():
        if typer.confirm(f"{question}. Drop them?", default=False, err=True):
            return None
        return "nothing built: the store is as it was (use --keep-others to build without dropping)"
    return f"{question}. Nothing built: confirm with --yes, or keep them with --keep-others"


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
        err.print(
            f"[yellow]rebuilt[/] {len(report.bulk_recovered)} document(s) an interrupted bulk load had left unfinished"
        )
    if report.bulk_loaded:
        out.print(f"bulk loaded: {report.bulk_loaded} documents, in batches through the store's bulk loader")


def catalogue_command(store: StoreOption = None) -> None:
    """Bring the catalogue (CABLEGRAPH_CATALOGUE; default beside the embedded store) level with the store.

    Reads only the telegram graphs that changed since, and all of them when the catalogue is missing
    or of an older schema (after an upgrade of cablegraph): for a store built without one, or after
    the store was changed by other means. `build` does this itself at its end. Servers of a remote
    store read this file and never make it.
    """
    from cablegraph.graph.catalogue.database import Catalogue

    settings = settings_with(store)
    if settings.catalogue is None and settings.store_url:
        raise fail("set CABLEGRAPH_CATALOGUE to the catalogue file the servers of the remote store will read")
    graph_store = open_store(settings, store)
    minter = store_minter(graph_store, settings.base_iri)
    catalogue = Catalogue(settings.catalogue) if settings.catalogue is not None else Catalogue.beside(settings.store)
    path = catalogue.path
    try:
        report = catalogue.refresh(graph_store, minter)
    except GraphError as error:
        raise fail(f"cannot bring the catalogue {path} level with the store: {error}") from error
    finally:
        catalogue.close()
    out.print(
        f"catalogue: {path} ({report.updated} telegrams read again, {report.removed} forgotten, {report.seconds:.1f} s)"
    )
