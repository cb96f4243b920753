"""Bulk loading (graph/build/bulk.py): which documents go in batches, that a batch is whole or absent
after a kill, and that a bulk-built store holds what a store built one transaction per document
holds."""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from cablegraph.graph.build.bulk import Batcher, BulkMode, as_nquads
from cablegraph.graph.build.pipeline import Outcome, ingest
from cablegraph.graph.catalogue.database import Catalogue
from cablegraph.graph.store.embedded import GraphStore

_BUILD_TIME = re.compile(r'"\d{4}-\d\d-\d\dT[^"]*"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>')


def _kinds(works) -> list[tuple[bool, list[str]]]:
    return [(work.bulk, list(work.items)) for work in works]


def test_a_fresh_build_bulk_loads_from_the_first_document_in_batches_of_whole_documents():
    batcher = Batcher(BulkMode.AUTO, batch_quads=3_000, fresh=True)
    works = [work for name in "abcdefg" for work in batcher.add(name, 1_000)] + list(batcher.close())
    assert _kinds(works) == [(True, ["a", "b", "c"]), (True, ["d", "e", "f"]), (True, ["g"])]
    assert batcher.loaded_in_bulk == 7


def test_a_batch_is_cut_before_the_document_that_would_overfill_it():
    batcher = Batcher(BulkMode.ALWAYS, batch_quads=3_000, fresh=False)
    works = [*batcher.add("a", 2_000), *batcher.add("b", 1_500), *batcher.add("c", 1_000), *batcher.close()]
    assert _kinds(works) == [(True, ["a"]), (True, ["b", "c"])]


def test_a_small_incremental_build_keeps_one_transaction_per_document():
    batcher = Batcher(BulkMode.AUTO, batch_quads=3_000, fresh=False, min_documents=5)
    works = [work for name in "abcd" for work in batcher.add(name, 1_000)]
    assert works == []  # waiting: the build may yet turn out large
    assert _kinds(batcher.close()) == [(False, ["a"]), (False, ["b"]), (False, ["c"]), (False, ["d"])]
    assert batcher.loaded_in_bulk == 0


def test_a_large_build_on_a_store_with_documents_turns_to_batches_once_enough_wait():
    batcher = Batcher(BulkMode.AUTO, batch_quads=2_500, fresh=False, min_documents=3)
    works = [work for name in "abcdef" for work in batcher.add(name, 1_000)] + list(batcher.close())
    assert _kinds(works) == [(True, ["a", "b"]), (True, ["c", "d"]), (True, ["e", "f"])]


def test_off_and_oversized_documents_go_one_by_one():
    off = Batcher(BulkMode.OFF, batch_quads=3_000, fresh=True)
    assert _kinds([*off.add("a", 10), *off.close()]) == [(False, ["a"])]
    on = Batcher(BulkMode.ALWAYS, batch_quads=3_000, fresh=True)
    assert _kinds([*on.add("a", 10), *on.add("huge", 5_000), *on.close()]) == [(False, ["huge"]), (True, ["a"])]


def test_n_triples_become_n_quads_of_the_graph_whatever_the_literals_hold():
    ntriples = (
        '<http://x/s> <http://x/p> "ends with a dot .\\nand a line . \\" ."@en .\n'
        "<http://x/s> <http://x/q> <http://x/o> .\n"
    )
    quads = list(ox.parse(as_nquads(ntriples, "http://x/g"), format=ox.RdfFormat.N_QUADS))
    triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES)]
    assert [ox.Triple(q.subject, q.predicate, q.object) for q in quads] == triples
    assert {q.graph_name for q in quads} == {ox.NamedNode("http://x/g")}
    assert quads[0].object.value == 'ends with a dot .\nand a line . " .'


def _graphs(store: GraphStore) -> dict[str, set[str]]:
    """Each graph's quads as N-Triples lines, the build's own times left out."""
    return {
        iri: {
            _BUILD_TIME.sub('"T"', line)
            for line in ox.serialize(
                [
                    ox.Triple(q.subject, q.predicate, q.object)
                    for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
                ],
                format=ox.RdfFormat.N_TRIPLES,
            )
            .decode("utf-8")
            .splitlines()
        }
        for iri in store.named_graphs()
    }


def test_a_bulk_build_holds_what_a_build_one_transaction_per_document_holds(tmp_path, seeds_dir, context, minter):
    bulk = GraphStore.open(tmp_path / "bulk")
    report = ingest([seeds_dir], bulk, minter, context)
    assert report.bulk_loaded == report.count(Outcome.LOADED) == 5
    single = GraphStore.open(tmp_path / "single")
    report = ingest([seeds_dir], single, minter, context, bulk=BulkMode.OFF)
    assert report.bulk_loaded == 0 and report.count(Outcome.LOADED) == 5
    assert _graphs(bulk) == _graphs(single)
    bulk_catalogue, single_catalogue = Catalogue.beside(tmp_path / "bulk"), Catalogue.beside(tmp_path / "single")
    assert bulk_catalogue.count() == single_catalogue.count() == 5
    assert bulk_catalogue.rows(["000_fb5d5a73bc23db73"]) == single_catalogue.rows(["000_fb5d5a73bc23db73"])


def test_an_incremental_build_replaces_changed_documents_in_transactions(tmp_path, seeds_dir, context, minter):
    """The graph of a changed document is replaced (a bulk load would add to it); the unchanged
    ones are skipped as before; a new document of a small build goes in its own transaction."""
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    moved = tmp_path / "004_2d287dbd93c7e576.txt"
    shutil.move(corpus / moved.name, moved)
    store = GraphStore.open(tmp_path / "store")
    assert ingest([corpus], store, minter, context).bulk_loaded == 4
    changed = corpus / "000_fb5d5a73bc23db73.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace(
            "five advisors should be satisfactory.", "five advisors should be satisfactory, and two more in the spring."
        ),
        encoding="utf-8",
    )
    shutil.move(moved, corpus / moved.name)
    report = ingest([corpus], store, minter, context)
    assert report.bulk_loaded == 0
    assert {Path(d.path).name: d.outcome for d in report.documents} == {
        "000_fb5d5a73bc23db73.txt": Outcome.LOADED,
        "001_86e2695bae78fc10.txt": Outcome.UNCHANGED,
        "002_8407d3f3e1911c0a.txt": Outcome.UNCHANGED,
        "003_1913699800420464.txt": Outcome.UNCHANGED,
        "004_2d287dbd93c7e576.txt": Outcome.LOADED,
    }
    reference = GraphStore.open(tmp_path / "reference")
    ingest([corpus], reference, minter, context, bulk=BulkMode.OFF)
    assert _graphs(store) == _graphs(reference)  # the changed graph was replaced, not added to


def test_a_large_build_bulk_loads_its_new_documents_and_replaces_the_old_ones_one_by_one(
    tmp_path, seeds_dir, context, minter, monkeypatch
):
    monkeypatch.setattr("cablegraph.graph.build.bulk.MIN_DOCUMENTS", 2)
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    later = [corpus / "003_1913699800420464.txt", corpus / "004_2d287dbd93c7e576.txt"]
    kept = {path: path.read_text(encoding="utf-8") for path in later}
    for path in later:
        path.unlink()
    store = GraphStore.open(tmp_path / "store")
    ingest([corpus], store, minter, context, bulk=BulkMode.OFF)
    for path, text in kept.items():
        path.write_text(text, encoding="utf-8")
    report = ingest([corpus], store, minter, context, force=True)
    assert report.bulk_loaded == 2 and report.count(Outcome.LOADED) == 5  # three replaced, two new in a batch
    reference = GraphStore.open(tmp_path / "reference")
    ingest([corpus], reference, minter, context, bulk=BulkMode.OFF)
    assert _graphs(store) == _graphs(reference)


_LOADER = """
import sys, pyoxigraph as ox
sys.path.insert(0, {root!r})
from cablegraph.graph.store.embedded import GraphStore
store = GraphStore.open(sys.argv[1])
for batch in range(1000):
    body = "".join(f'<http://x/s{{i}}> <http://x/p> "{{batch}} {{g}} {{i}}" <http://x/g{{batch}}-{{g}}> .\\n'
                   for g in range(40) for i in range(5_000))
    store.bulk_load_nquads(body.encode(), [f"http://x/g{{batch}}-{{g}}" for g in range(40)])
    print(batch, flush=True)
"""


def test_a_killed_bulk_load_leaves_every_graph_whole_or_absent_and_no_leftover_files(tmp_path):
    """Batches of 40 graphs x 5,000 quads, the process killed at random moments: each graph has
    all its quads or none, and reopening the store removes the files the loader was writing."""
    chance = random.Random(11)
    path = tmp_path / "store"
    script = tmp_path / "loader.py"
    script.write_text(_LOADER.format(root=str(Path(__file__).resolve().parents[3])), encoding="utf-8")
    for _trial in range(4):
        process = subprocess.Popen(
            [sys.executable, str(script), str(path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        first = process.stdout.readline()  # at least one batch committed before the kill
        assert first, process.stderr.read().decode()
        time.sleep(chance.uniform(0.1, 2.0))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        store = GraphStore.open(path)
        assert not list(path.glob("bulk-*.sst"))
        rows = store.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union_default_graph=False
        )
        assert rows and all(row["n"] == 5_000 for row in rows), "a graph was left half-loaded"
        del store


@pytest.mark.parametrize("quads", [1_000_000])
def test_a_batch_the_engine_would_split_is_refused(tmp_path, quads):
    store = GraphStore.in_memory()
    body = b'<http://x/s> <http://x/p> "o" <http://x/g> .\n' * quads
    with pytest.raises(Exception, match="would not be atomic"):
        store.bulk_load_nquads(body, ["http://x/g"])
