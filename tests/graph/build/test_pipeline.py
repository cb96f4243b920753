import shutil
import struct
from pathlib import Path

import pytest

from cablegraph.graph.build.pipeline import Outcome, ingest
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.views.records import RecordReader

ONTOLOGY = Path(__file__).parents[3] / "ontology" / "cablegraph.ttl"


def outcomes(report):
    return {d.doc_id or d.path.rsplit("/", 1)[-1]: d.outcome for d in report.documents}


@pytest.mark.parametrize("workers", [1, 2])
def test_bad_documents_are_reported_and_the_rest_load(tmp_path, seeds_dir, context, minter, workers):
    """Workers read the files themselves: a file they cannot read is reported just the same,
    and the report lists the files in order whichever finished first."""
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "empty.txt").write_text("", encoding="utf-8")
    (corpus / "binary.txt").write_bytes(b"\x00\x00")
    (corpus / "-.txt").write_text("A telegram whose file name gives no id", encoding="utf-8")
    store = GraphStore.in_memory()
    report = ingest([corpus], store, minter, context, workers=workers)
    assert [d.path for d in report.documents] == sorted(str(f) for f in corpus.glob("*.txt"))
    assert (
        next(d for d in report.documents if d.path.endswith("/-.txt")).message
        == "file name gives no usable document id"
    )
    failed = {d.path.rsplit("/", 1)[-1]: d.message for d in report.documents if d.outcome is Outcome.FAILED}
    assert failed == {
        "binary.txt": "binary file (contains NUL bytes), not a text telegram",
        "empty.txt": "empty document",
        "-.txt": "file name gives no usable document id",
    }
    assert report.count(Outcome.LOADED) == 5
    assert not report.ok
    assert RecordReader(store, minter).count() == 5


def test_rebuild_skips_unchanged_and_prunes_removed(tmp_path, seeds_dir, context, minter):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    store = GraphStore.open(tmp_path / "store")
    first = ingest([corpus], store, minter, context)
    assert first.count(Outcome.LOADED) == 5
    quads = store.quad_count()
    second = ingest([corpus], store, minter, context)
    assert second.count(Outcome.UNCHANGED) == 5 and store.quad_count() == quads
    (corpus / "000_fb5d5a73bc23db73.txt").unlink()
    third = ingest([corpus], store, minter, context)
    assert outcomes(third)["000_fb5d5a73bc23db73"] is Outcome.REMOVED
    assert str(minter.graph("000_fb5d5a73bc23db73")) not in store.named_graphs()
    assert RecordReader(store, minter).count() == 4


def test_a_document_that_later_fails_keeps_its_graph(tmp_path, seeds_dir, context, minter):
    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    store = GraphStore.in_memory()
    ingest([corpus], store, minter, context)
    (corpus / "001_86e2695bae78fc10.txt").write_bytes(b"\xff\xfe broken")
    report = ingest([corpus], store, minter, context)
    assert outcomes(report)["001_86e2695bae78fc10"] is Outcome.FAILED
    assert RecordReader(store, minter).record("001_86e2695bae78fc10").title.startswith("Ciphered Telegram, Filippov")


def test_duplicate_document_ids_are_refused(tmp_path, seeds_dir, context, minter):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(seeds_dir / "002_8407d3f3e1911c0a.txt", tmp_path / folder)
    report = ingest([tmp_path / "a", tmp_path / "b"], GraphStore.in_memory(), minter, context)
    assert [d.outcome for d in report.documents] == [Outcome.LOADED, Outcome.FAILED]
    assert "already used" in report.documents[1].message


def test_parallel_build_gives_the_same_graphs(tmp_path, seeds_dir, context, minter):
    sequential, parallel = GraphStore.in_memory(), GraphStore.in_memory()
    ingest([seeds_dir], sequential, minter, context)
    report = ingest([seeds_dir], parallel, minter, context, workers=2)
    assert report.count(Outcome.LOADED) == 5 and report.triples > 1000 and report.seconds > 0
    sizes = lambda store: {  # noqa: E731
        r["g"]: r["n"]
        for r in store.select(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union_default_graph=False
        )
    }
    assert sizes(parallel) == sizes(sequential)
    assert report.corpus_issues == []


def test_a_document_with_shacl_violations_is_held_back_and_named(tmp_path, seeds_dir, context, minter, monkeypatch):
    from cablegraph.extract import NumberFact, NumberKind, registry
    from cablegraph.extract.facts import Evidence

    def broken(document, _context):  # an extractor bug: a "number" with no digit in it
        if document.doc_id.startswith("003"):
            version = document.versions[0]
            yield NumberFact("abc", NumberKind.CIPHER, (Evidence(version.key, 0, 3, version.text[:3], "broken.v1"),))

    monkeypatch.setitem(registry.BUILTIN, "broken.v1", broken)
    store = GraphStore.in_memory()
    report = ingest([seeds_dir], store, minter, context, extractors=(*registry.DEFAULT_EXTRACTORS, "broken.v1"))
    [held] = [d for d in report.documents if d.outcome is Outcome.HELD_BACK]
    assert held.path.endswith("003_1913699800420464.txt")
    [violation] = held.violations
    assert violation.focus_node.endswith("/number/cipher-abc")
    assert violation.path == "https://www.ica.org/standards/RiC/ontology#textualValue"
    assert "containing a digit" in violation.message
    assert report.count(Outcome.LOADED) == 4 and str(minter.graph("003_1913699800420464")) not in store.named_graphs()


def _live_write_ahead_log(store_dir) -> int:
    """Bytes of records in the newest RocksDB write-ahead log: what a read-only opener replays into
    memory. Read record by record, not as the file's size: RocksDB recycles an old log's file for
    the next one (after a bulk load's ingestion it does), and the old records left in it, stamped
    with the old log's number, are not replayed (RocksDB's log_format: 32 KiB blocks of records,
    a recyclable record's header carrying its log number)."""
    logs = sorted(store_dir.glob("[0-9]*.log"), key=lambda path: int(path.stem))
    if not logs:
        return 0
    data, number = logs[-1].read_bytes(), int(logs[-1].stem) & 0xFFFFFFFF
    block, position, live = 32_768, 0, 0
    while position + 7 <= len(data):
        if block - position % block < 7:  # a block's trailer: too short for a header
            position += block - position % block
            continue
        length, kind = struct.unpack_from("<HB", data, position + 4)
        if kind in (5, 6, 7, 8):  # recyclable records: valid only with this log's number
            if position + 11 > len(data) or struct.unpack_from("<I", data, position + 7)[0] != number:
                break
            position += 11
        elif kind in (1, 2, 3, 4):
            position += 7
        else:  # zero padding: the end of what was written
            break
        live += length
        position += length
    return live


def test_a_build_leaves_readers_no_log_to_replay(tmp_path, seeds_dir, context, minter):
    """The server and each query worker open the store read-only; an un-flushed log would be
    replayed into each one's memory (256 MiB per process after a 10,000-telegram build)."""
    unflushed = GraphStore.open(tmp_path / "unflushed")
    unflushed.load_file(ONTOLOGY, "http://example.org/ontology")
    assert _live_write_ahead_log(tmp_path / "unflushed") > 10_000  # without a flush the writes sit in the log
    store = GraphStore.open(tmp_path / "store")
    report = ingest([seeds_dir], store, minter, context)
    assert report.count(Outcome.LOADED) == 5
    assert _live_write_ahead_log(tmp_path / "store") < 1_000
    reader = GraphStore.open(tmp_path / "store", read_only=True)
    assert RecordReader(reader, minter).count() == 5


def test_a_document_over_its_time_budget_is_held_back_and_the_rest_load(
    tmp_path, seeds_dir, context, minter, monkeypatch
):
    """Issue 16: a document whose extraction runs past the budget is held back with that reason."""
    import time as clock

    from cablegraph.graph.build import preparation

    corpus = tmp_path / "corpus"
    shutil.copytree(seeds_dir, corpus)
    (corpus / "stuck.txt").write_text("Ciphered telegram\n\nSTALL HERE\n", encoding="utf-8")
    real = preparation.run_extractors

    def stalling(document, *args):
        while "STALL HERE" in document.text:  # pure Python, like a runaway regular expression
            sum(range(1000))
        return real(document, *args)

    monkeypatch.setattr(preparation, "run_extractors", stalling)
    store = GraphStore.in_memory()
    started = clock.monotonic()
    report = ingest([corpus], store, minter, context, extract_timeout_s=3)
    held = {d.path.rsplit("/", 1)[-1]: d.message for d in report.documents if d.outcome is Outcome.FAILED}
    assert held == {"stuck.txt": "extraction took longer than 3 s (CABLEGRAPH_EXTRACT_TIMEOUT_S)"}
    assert report.count(Outcome.LOADED) == 5
    assert clock.monotonic() - started < 60


def test_worker_processes_keep_the_budget(tmp_path, seeds_dir, context, minter):
    """The budget reaches the extraction processes: at a tenth of a millisecond nothing fits in it."""
    store = GraphStore.in_memory()
    report = ingest([seeds_dir], store, minter, context, workers=2, extract_timeout_s=0.0001)
    assert {d.message for d in report.documents} == {
        "extraction took longer than 0.0001 s (CABLEGRAPH_EXTRACT_TIMEOUT_S)"
    }
    assert report.count(Outcome.FAILED) == 5


def test_loading_the_models_is_not_charged_to_the_first_documents_budget(
    tmp_path, seeds_dir, context, minter, monkeypatch
):
    """A worker's first document must not be held back because the models loaded slowly."""
    import time as clock

    from cablegraph.graph.build import preparation

    real = preparation.run_extractors
    calls = []

    def slow_first_load(document, *args):
        if not calls:
            clock.sleep(2.5)  # the first extraction loads the models: like spaCy on a busy machine
        calls.append(document.doc_id)
        return real(document, *args)

    monkeypatch.setattr(preparation, "run_extractors", slow_first_load)
    store = GraphStore.in_memory()
    report = ingest([seeds_dir], store, minter, context, extractors=("archive.v1",), extract_timeout_s=2)
    assert report.count(Outcome.LOADED) == 5
