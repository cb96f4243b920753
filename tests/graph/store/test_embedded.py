"""The embedded store's housekeeping: a full compaction never fills the disk."""

import shutil
from collections import namedtuple
from pathlib import Path

from cablegraph.graph.store.embedded import GraphStore

ONTOLOGY = Path(__file__).parents[3] / "ontology" / "cablegraph.ttl"
Usage = namedtuple("Usage", "total used free")


def test_compaction_runs_when_the_disk_has_room(tmp_path):
    store = GraphStore.open(tmp_path / "store")
    store.load_file(ONTOLOGY, "http://example.org/ontology")
    quads = store.quad_count()
    assert store.optimize() is None
    assert store.quad_count() == quads


def test_compaction_is_skipped_when_it_could_fill_the_disk(tmp_path, monkeypatch):
    store = GraphStore.open(tmp_path / "store")
    store.load_file(ONTOLOGY, "http://example.org/ontology")
    store.flush()
    size = sum(f.stat().st_size for f in (tmp_path / "store").iterdir() if f.is_file())
    monkeypatch.setattr(shutil, "disk_usage", lambda path: Usage(10 * size, 9 * size, size // 2))
    reason = store.optimize()
    assert reason is not None and "GiB of free disk" in reason
    assert GraphStore.open(tmp_path / "store", read_only=True).quad_count() == store.quad_count() > 0
