"""Shared fixtures: the sample corpus, one built sample store per test process, an HTTP client."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cablegraph.api.app import create_app
from cablegraph.api.settings import Settings
from cablegraph.extract import ExtractionContext
from cablegraph.graph.build.pipeline import ingest
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.ontology import IriMinter

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
DATA = Path(__file__).resolve().parent / "data"
BASE = "http://127.0.0.1:8000/"


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def context() -> ExtractionContext:
    return ExtractionContext.load()


@pytest.fixture(scope="session")
def minter() -> IriMinter:
    return IriMinter(BASE)


@pytest.fixture(scope="session")
def sample_store_path(context, minter, tmp_path_factory) -> Path:
    """The five seeds built once per test process into an on-disk store (then closed)."""
    path = tmp_path_factory.mktemp("store") / "sample"
    store = GraphStore.open(path)
    report = ingest([SEEDS], store, minter, context)
    assert report.ok, report.summary()
    del store  # release the writer lock: servers and query workers open it read-only
    return path


@pytest.fixture(scope="session")
def sample_store(sample_store_path) -> GraphStore:
    return GraphStore.open(sample_store_path, read_only=True)


@pytest.fixture(scope="session")
def client(sample_store_path) -> TestClient:
    """The app as served: a read-only store and two query worker processes."""
    app = create_app(Settings(base_iri=BASE, store=sample_store_path, query_workers=2))
    with TestClient(app) as test_client:
        yield test_client
