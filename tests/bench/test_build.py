"""The benchmark's full build may span several runs of the harness: each run's time and CPU
count, the store a stopped run left goes on, and a finished build leaves no journal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is a top-level folder run as `python -m bench`, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import build
from bench.procs import PeakSampler
from cablegraph.graph.store.embedded import GraphStore


def test_a_build_stopped_in_an_earlier_run_goes_on_and_counts_that_run(tmp_path, seeds_dir):
    store, journal = tmp_path / "store", tmp_path / "build-journal.json"
    now = time.time()
    stopped = {
        "started": now - 100.0,
        "seen": now - 40.0,
        "cpu_seconds": 75.0,
        "peak_rss": 3 * 2**30,
        "finished": False,
    }
    journal.write_text(json.dumps({"segments": [stopped]}), encoding="utf-8")
    env = dict(os.environ, CABLEGRAPH_BASE_IRI="http://127.0.0.1:8000/")
    run = build.full_build(seeds_dir, store, 1, env, journal=journal)
    assert run.returncode == 0 and run.segments == 2
    assert (
        run.seconds >= 60.0 and run.cpu_seconds >= 75.0 and run.peak_rss == 3 * 2**30
    )  # the stopped run's share is counted
    assert run.seconds < 60.0 + 300 and run.summary.startswith("5 loaded")
    assert not journal.exists()
    graphs = [g for g in GraphStore.open(store, read_only=True).named_graphs() if "/graph/telegram/" in g]
    assert len(graphs) == 5
    again = build.full_build(seeds_dir, store, 1, env, journal=journal)  # no journal: a new build from an empty store
    assert again.segments == 1 and again.summary.startswith("5 loaded") and again.seconds < 60.0


def test_the_heartbeat_reports_cpu_and_memory_while_the_process_runs():
    beats: list[tuple[float, int]] = []
    child = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time\nx = bytearray(50_000_000)\nend = time.time() + 1.5\nwhile time.time() < end: pass",
        ]
    )
    sampler = PeakSampler(child.pid, interval=0.05, heartbeat=lambda cpu, rss: beats.append((cpu, rss)), beat=0.3)
    child.wait()
    sampler.stop()
    assert len(beats) >= 3
    assert beats[-1][0] > beats[0][0] > 0  # CPU seconds grow: the child spins
    assert max(rss for _, rss in beats) > 50_000_000
