"""Virtuoso's own bulk loader (graph/store/bulk_virtuoso.py) against the live engine of
tests/graph/conftest.py: the graphs it loads equal those one Graph Store Protocol request per
document loads; a batch left unfinished is dropped and built again; files the engine cannot find
are an error that says where it looked, and leave no graph behind.

Both builds go into the session's one database under bases of their own, and every graph they
made is dropped at the end: the other Virtuoso tests count the graphs they find.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cablegraph.api.settings import Settings
from cablegraph.extract import ExtractionContext
from cablegraph.graph.build.bulk import BulkMode
from cablegraph.graph.build.pipeline import Outcome, ingest
from cablegraph.graph.errors import StoreError
from cablegraph.graph.store.bulk_virtuoso import JOURNAL
from cablegraph.ontology import IriMinter

ROOT = Path(__file__).resolve().parents[3]
BASE = "http://bulk.example.org/"  # not the other Virtuoso tests' base
GENERATED = 40


def _dirs_allowed(virtuoso) -> Path:
    """The folder the engine may read files from, as its own configuration says."""
    done = subprocess.run(
        [
            "isql-vt",
            f"127.0.0.1:{virtuoso.sql_port}",
            *virtuoso.credentials,
            "VERBOSE=OFF",
            "BANNER=OFF",
            "PROMPT=OFF",
            "ECHO=OFF",
            "exec=SELECT 'dirs', cfg_item_value(virtuoso_ini_path(), 'Parameters', 'DirsAllowed');",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("dirs"))
    return Path(line.split(None, 1)[1].split(",")[0].strip())


def _settings(virtuoso, **more) -> Settings:
    user, password = virtuoso.credentials
    return Settings(
        base_iri=BASE,
        store_url=virtuoso.query_url,
        store_gsp_url=virtuoso.graph_store_url,
        store_user=user,
        store_password=password,
        store_union_parameter="",
        store_sql=f"127.0.0.1:{virtuoso.sql_port}",
        **more,
    )


def _contents(store) -> dict[str, set[tuple]]:
    """Each of this test's graphs with its triples, the build's own times left out (the two builds
    ran at different moments)."""
    return {
        iri: {tuple(map(_plain, triple)) for triple in store.graph_triples(iri)}
        for iri in store.named_graphs()
        if iri.startswith(BASE)
    }


def _plain(term) -> str:
    if getattr(term, "datatype", None) is not None and str(term.datatype).endswith("#dateTime"):
        return "dateTime"
    return term.n3()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if str(ROOT) not in sys.path:  # `bench` is a top-level folder, not an installed package
        sys.path.insert(0, str(ROOT))
    from bench import corpus as generator

    out = tmp_path_factory.mktemp("bulk-corpus")
    generator.generate(out, GENERATED)
    return out


def test_virtuoso_bulk_load_gives_the_graphs_per_graph_requests_give(virtuoso, corpus, seeds_dir):
    folder = _dirs_allowed(virtuoso) / "bulk-test"
    folder.mkdir(exist_ok=True)
    context = ExtractionContext.load((corpus / "authority.toml",), ())
    paths, minter = [seeds_dir, corpus / "docs"], IriMinter(BASE)
    bulk_store = _settings(virtuoso, bulk_load="virtuoso", bulk_load_dir=folder).open_store()
    per_graph_store = _settings(virtuoso).open_store()
    try:
        report = ingest(paths, per_graph_store, minter, context, prune=False)
        assert report.bulk_loaded == 0 and report.count(Outcome.LOADED) == GENERATED + 5, report.summary()
        per_graph = _contents(per_graph_store)
        assert len(per_graph) == GENERATED + 5 + 2  # the documents, the authority graph, the links
        _drop_all(per_graph_store)

        report = ingest(paths, bulk_store, minter, context, prune=False)
        assert report.bulk_loaded == report.count(Outcome.LOADED) == GENERATED + 5, report.summary()
        assert not list(folder.iterdir())  # files and journal gone once loaded
        assert _contents(bulk_store) == per_graph

        # a batch a build did not see finish: its graphs dropped, then built again (one by one: few)
        unfinished = [g for g in bulk_store.named_graphs() if g.startswith(BASE + "graph/telegram/")][:3]
        (folder / JOURNAL).write_text(
            json.dumps({"file": "cablegraph-gone.nq", "graphs": unfinished}), encoding="utf-8"
        )
        report = ingest(paths, bulk_store, minter, context, prune=False)
        assert sorted(report.bulk_recovered) == sorted(unfinished)
        assert report.count(Outcome.LOADED) == 3 and report.count(Outcome.UNCHANGED) == GENERATED + 2
        assert _contents(bulk_store) == per_graph

        # files the engine does not find where it is told to look (a wrong CABLEGRAPH_BULK_LOAD_ENGINE_DIR):
        # an error that says where it looked, and no graph left
        refused = _settings(
            virtuoso, bulk_load="virtuoso", bulk_load_dir=folder, bulk_load_engine_dir="/nonexistent/bulk"
        ).open_store()
        graph = BASE + "graph/telegram/refused"
        with pytest.raises(StoreError, match="can it read /nonexistent/bulk/cablegraph-"):
            refused.bulk_load_nquads(f'<{BASE}s> <{BASE}p> "o" <{graph}> .\n'.encode(), [graph])
        assert not refused.has_graph(graph)
    finally:
        _drop_all(per_graph_store)
        bulk_store.flush()  # the checkpoint


def _drop_all(store) -> None:
    for iri in store.named_graphs():
        if iri.startswith(BASE):
            store.drop_graph(iri)


def test_bulk_load_settings_say_what_is_missing():
    with pytest.raises(ValueError, match="CABLEGRAPH_BULK_LOAD_DIR"):
        Settings(store_url="http://127.0.0.1:1/sparql", bulk_load="virtuoso", store_user="dba").bulk_loader()
    with pytest.raises(ValueError, match="known is 'virtuoso'"):
        Settings(bulk_load="graphdb", bulk_load_dir="/tmp").bulk_loader()
    assert Settings().bulk_loader() is None
    assert BulkMode("off") is BulkMode.OFF
