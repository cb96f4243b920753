"""The remote store against a live `oxigraph serve` (PyPI `oxigraph`), started here on 127.0.0.1."""

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from cablegraph.graph.pipeline import Outcome, ingest
from cablegraph.graph.records import RecordReader
from cablegraph.graph.remote import RemoteGraphStore

_SIBLING = Path(sys.executable).parent / "oxigraph"  # installed beside the test's Python by `make test`
OXIGRAPH = str(_SIBLING) if _SIBLING.exists() else shutil.which("oxigraph")
pytestmark = pytest.mark.skipif(OXIGRAPH is None, reason="the `oxigraph` server (PyPI package oxigraph) is a test dependency")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    location = tmp_path_factory.mktemp("oxigraph")
    process = subprocess.Popen([OXIGRAPH, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{base}/query", params={"query": "ASK {}"}).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    yield base
    process.terminate()
    process.wait(10)


def test_build_and_read_through_a_remote_store(server, seeds_dir, context, minter):
    store = RemoteGraphStore(f"{server}/query", f"{server}/store")
    report = ingest([seeds_dir], store, minter, context)
    assert report.count(Outcome.LOADED) == 5
    assert str(minter.graph("001_86e2695bae78fc10")) in store.named_graphs()
    record = RecordReader(store, minter).record("002_8407d3f3e1911c0a")
    assert record.references[0].resolved == "001_86e2695bae78fc10"
    assert [s.id for s in record.senders] == ["roshchin"]
    again = ingest([seeds_dir], store, minter, context)
    assert again.count(Outcome.UNCHANGED) == 5  # incremental against the remote store too
    quads = store.quad_count()
    store.drop_graph(str(minter.graph("000_fb5d5a73bc23db73")))
    assert store.quad_count() < quads
