"""The catalogue as a file that outlives the build: opened read-only for serving, refused when it
cannot be served (missing, unfinished, another schema), and followed while builds change it."""

from __future__ import annotations

import io
import shutil
import sqlite3

import pyoxigraph as ox
import pytest

from cablegraph.graph.catalogue import database as catalogue_module
from cablegraph.graph.catalogue.database import Catalogue, CatalogueError
from cablegraph.graph.catalogue.schema import SCHEMA_VERSION
from cablegraph.graph.catalogue.summary import summary_of
from cablegraph.graph.store.embedded import GraphStore

DROPPED = "http://127.0.0.1:8000/graph/telegram/003_1913699800420464"


@pytest.fixture
def copy_of_samples(sample_store) -> GraphStore:
    """The samples in a store of their own, free to change."""
    dumped = io.BytesIO()
    sample_store.dump(dumped, ox.RdfFormat.N_QUADS)
    memory = ox.Store()
    memory.load(dumped.getvalue(), format=ox.RdfFormat.N_QUADS)
    return GraphStore(memory)


@pytest.fixture
def written(sample_store, minter, tmp_path):
    """A catalogue file as a build leaves it."""
    path = tmp_path / "catalogue.sqlite"
    catalogue = Catalogue(path)
    catalogue.refresh(sample_store, minter)
    version = catalogue.version
    catalogue.close()
    return path, version


def test_a_read_only_catalogue_serves_what_the_build_wrote(written):
    path, version = written
    assert (
        not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    )  # checkpointed
    served = Catalogue.open_read_only(path)
    assert served.count() == 5 and served.version == version
    assert served.date_range() == ("1950-07-13", "1951-09-12")
    with pytest.raises(CatalogueError, match="read-only"):
        served.refresh(None, None)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        served._db.execute("DELETE FROM telegram")


def test_what_cannot_be_served_is_refused_and_left_as_it_is(written, sample_store, minter, tmp_path):
    path, _ = written
    with pytest.raises(CatalogueError, match="no catalogue at"):
        Catalogue.open_read_only(tmp_path / "missing.sqlite")
    (tmp_path / "empty.sqlite").write_bytes(b"")
    with pytest.raises(CatalogueError, match="not a cablegraph catalogue"):
        Catalogue.open_read_only(tmp_path / "empty.sqlite")
    old = tmp_path / "old.sqlite"
    shutil.copy(path, old)
    with sqlite3.connect(old) as db:
        db.execute("UPDATE meta SET value = '12' WHERE key = 'schema'")
    with pytest.raises(CatalogueError, match=f"schema 12; this cablegraph reads schema {SCHEMA_VERSION}"):
        Catalogue.open_read_only(old)
    assert sqlite3.connect(old).execute("SELECT COUNT(*) FROM telegram").fetchone() == (5,)  # not emptied by the server
    # a build that stopped after loading some graphs, before its end
    stopped = tmp_path / "stopped.sqlite"
    building = Catalogue(stopped)
    graph = next(g for g in sample_store.named_graphs() if "/graph/telegram/" in g)
    building.record(summary_of(graph, sample_store.graph_triples(graph)))
    building.close()
    with pytest.raises(CatalogueError, match="never brought level"):
        Catalogue.open_read_only(stopped)
    earlier = tmp_path / "earlier.sqlite"  # level, but from before catalogues kept their version
    shutil.copy(path, earlier)
    with sqlite3.connect(earlier) as db:
        db.execute("DELETE FROM meta WHERE key = 'version'")
    with pytest.raises(CatalogueError, match="earlier cablegraph"):
        Catalogue.open_read_only(earlier)
    # the build's own opening makes a catalogue of an older schema afresh
    rebuilt = Catalogue(old)
    assert rebuilt.count() == 0
    rebuilt.refresh(sample_store, minter)
    assert rebuilt.count() == 5


def test_a_served_catalogue_follows_the_builds_that_change_it(written, copy_of_samples, minter, monkeypatch):
    path, version = written
    monkeypatch.setattr(catalogue_module, "FOLLOW_S", 0.0)
    served = Catalogue.open_read_only(path)
    people = served.people()
    assert served.has("003_1913699800420464") and served.count() == 5
    copy_of_samples.drop_graph(DROPPED)
    build = Catalogue(path)
    report = build.refresh(copy_of_samples, minter)
    assert (report.updated, report.removed) == (0, 1)  # only what changed
    build.close()
    assert served.count() == 4 and not served.has("003_1913699800420464")
    assert served.version != version and served.version == Catalogue.open_read_only(path).version
    assert served.people() != people  # answers kept from before are forgotten


def test_a_catalogue_renamed_over_the_served_one_is_picked_up(written, copy_of_samples, minter, monkeypatch, tmp_path):
    """Servers on other machines are given a copy of the build's file: moved into place in one rename."""
    path, version = written
    monkeypatch.setattr(catalogue_module, "FOLLOW_S", 0.0)
    served = Catalogue.open_read_only(path)
    assert served.count() == 5
    copy_of_samples.drop_graph(DROPPED)
    fresh = Catalogue(tmp_path / "new.sqlite")
    fresh.refresh(copy_of_samples, minter)
    fresh.close()
    (tmp_path / "new.sqlite").replace(path)
    assert served.count() == 4 and served.version != version


def test_a_served_catalogue_is_checked_at_most_once_a_second(written, copy_of_samples, minter):
    path, _ = written
    served = Catalogue.open_read_only(path)
    assert served.count() == 5
    copy_of_samples.drop_graph(DROPPED)
    build = Catalogue(path)
    build.refresh(copy_of_samples, minter)
    build.close()
    assert served.count() in (4, 5)  # within the second: either, never an error
    served._checked -= catalogue_module.FOLLOW_S
    assert served.count() == 4
