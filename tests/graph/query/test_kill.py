"""kill -9 during a build loses nothing committed: every named graph is whole or absent,
and the next build completes (HARDENING §8, case 14)."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from cablegraph.graph.store.embedded import GraphStore

TESTS = Path(__file__).resolve().parents[2]
SOURCES = [TESTS.parent / "corpus" / "seeds", TESTS / "data" / "telegrams"]


def _corpus(root: Path, copies: int) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    files = [f for source in SOURCES for f in sorted(source.glob("*.txt"))]
    for copy in range(copies):
        for file in files:
            shutil.copy(file, corpus / f"c{copy}_{file.name}")
    return corpus


def _build(corpus: Path, store: Path) -> subprocess.Popen:
    command = [sys.executable, "-P", "-m", "cablegraph.cli.app", "build", str(corpus), "--store", str(store)]
    return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _graph_sizes(path: Path) -> dict[str, int]:
    store = GraphStore.open(path, read_only=True)
    rows = store.select(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", union_default_graph=False
    )
    return {row["g"]: row["n"] for row in rows if "/graph/telegram/" in row["g"]}


def test_kill_during_build_leaves_whole_graphs(tmp_path):
    corpus = _corpus(tmp_path, copies=1)
    reference = tmp_path / "reference"
    assert _build(corpus, reference).wait(240) == 0
    expected = _graph_sizes(reference)
    assert len(expected) == len([f for s in SOURCES for f in s.glob("*.txt")])
    chance = random.Random(7)
    for trial in range(5):
        store = tmp_path / f"killed{trial}"
        process = _build(corpus, store)
        time.sleep(chance.uniform(3.0, 10.0))
        os.kill(process.pid, signal.SIGKILL)
        process.wait(30)
        found = _graph_sizes(store)
        assert all(found[g] == expected[g] for g in found), "a named graph was left half-written"
        assert _build(corpus, store).wait(240) == 0  # the next build completes
        assert _graph_sizes(store) == expected


def test_killed_rebuild_keeps_the_previous_graphs_whole(tmp_path):
    """A rebuild after edits, killed midway: every graph is the old one or the new one, whole."""
    corpus = _corpus(tmp_path, copies=1)
    store = tmp_path / "store"
    assert _build(corpus, store).wait(240) == 0
    before = _graph_sizes(store)
    for file in sorted(corpus.glob("*.txt")):  # an edit that changes every document's graph
        file.write_text(file.read_text(encoding="utf-8") + "\n\nTOP SECRET\n", encoding="utf-8")
    reference = tmp_path / "reference"
    assert _build(corpus, reference).wait(240) == 0
    after = _graph_sizes(reference)
    process = _build(corpus, store)
    time.sleep(8.0)
    os.kill(process.pid, signal.SIGKILL)
    process.wait(30)
    found = _graph_sizes(store)
    assert set(found) == set(before)  # nothing lost
    assert all(found[g] in (before[g], after[g]) for g in found)
