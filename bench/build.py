"""The build as a user runs it: `cablegraph build` in a child process, timed with peak RSS;
then a rebuild with nothing changed, a rebuild after changing 1% of the documents, the
N-Quads export, and the raw engine's bulk load of that export (`oxigraph load`)."""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from bench import corpus
from bench.procs import RunResult, run_measured

BIN = Path(sys.executable).parent
_BUILT = re.compile(r"built: (?P<summary>[^;]*);\s*(?P<triples>\d+) triples loaded in (?P<seconds>[\d.]+) s")


@dataclass
class BuildRun:
    label: str
    seconds: float
    cpu_seconds: float
    peak_rss: int
    returncode: int
    summary: str
    triples: int | None
    tail: str
    segments: int = 1  # runs of the harness the build took (see full_build)

    @classmethod
    def of(cls, label: str, run: RunResult) -> BuildRun:
        match = _BUILT.search(run.stdout)
        return cls(label, run.seconds, run.cpu_seconds, run.peak_rss, run.returncode, match["summary"] if match else "",
                   int(match["triples"]) if match else None, run.tail)

    def as_dict(self) -> dict:
        return {"seconds": round(self.seconds, 2), "cpu_seconds": round(self.cpu_seconds, 1), "peak_rss_mib": round(self.peak_rss / 2**20, 1), "returncode": self.returncode,
                "summary": self.summary, "triples": self.triples, "tail": self.tail if self.returncode else "", "segments": self.segments}


def cablegraph(*args: str) -> list[str]:
    return [str(BIN / "cablegraph"), *args]


def full_build(docs: Path, store: Path, workers: int, env: dict[str, str], journal: Path | None = None) -> BuildRun:
    """A build from an empty store. With a `journal`, the build may span several runs of the
    harness: each run is a segment whose time and CPU are written down every few seconds, and a
    run that finds an unfinished journal goes on with the same store (`cablegraph build` keeps
    every graph a killed build committed and skips it). The build then counts every segment:
    the wall and CPU time up to each interrupted segment's last heartbeat, plus the last one.

    Why: at 100,000 documents a build takes longer than one sitting on a shared machine.
    """
    state = json.loads(journal.read_text(encoding="utf-8")) if journal is not None and journal.exists() else None
    if state is None:
        shutil.rmtree(store, ignore_errors=True)
        for beside in store.parent.glob(f"{store.name}.catalogue.sqlite*"):  # a full build starts with no catalogue either
            beside.unlink()
        state = {"segments": []}
    segment = {"started": time.time(), "seen": time.time(), "cpu_seconds": 0.0, "peak_rss": 0, "finished": False}
    state["segments"].append(segment)

    def heartbeat(cpu_seconds: float, peak_rss: int) -> None:
        segment.update(seen=time.time(), cpu_seconds=cpu_seconds, peak_rss=peak_rss)
        _write_journal(journal, state)

    _write_journal(journal, state)
    run = run_measured(cablegraph("build", str(docs), "--store", str(store), "--workers", str(workers)), env,
                       heartbeat=heartbeat if journal is not None else None)
    earlier = state["segments"][:-1]
    segment.update(seen=time.time(), cpu_seconds=run.cpu_seconds, peak_rss=run.peak_rss, finished=True)
    built = BuildRun.of("full", run)
    built.seconds += sum(s["seen"] - s["started"] for s in earlier)
    built.cpu_seconds += sum(s["cpu_seconds"] for s in earlier)
    built.peak_rss = max([built.peak_rss, *(s["peak_rss"] for s in earlier)])
    built.segments = len(state["segments"])
    if journal is not None:
        if run.returncode == 0:
            journal.unlink(missing_ok=True)
        else:
            _write_journal(journal, state)
    return built


def _write_journal(journal: Path | None, state: dict) -> None:
    if journal is not None:
        temporary = journal.with_suffix(".tmp")
        temporary.write_text(json.dumps(state), encoding="utf-8")
        temporary.replace(journal)  # a kill mid-write leaves the previous journal


def rebuild(docs: Path, store: Path, workers: int, env: dict[str, str], label: str) -> BuildRun:
    return BuildRun.of(label, run_measured(cablegraph("build", str(docs), "--store", str(store), "--workers", str(workers)), env))


def changed_indices(size: int, fraction: float = 0.01) -> list[int]:
    """Every (1/fraction)-th document: spread over the corpus, the same each run."""
    step = max(1, round(1 / fraction))
    return list(range(step // 2, size, step)) or [0]


def incremental(root: Path, size: int, seed: int, store: Path, workers: int, env: dict[str, str]) -> tuple[BuildRun, int]:
    """Change 1% of the documents, rebuild, and put the originals back in the corpus folder."""
    indices = changed_indices(size)
    corpus.revise(root, size, indices, seed, revision=1)
    try:
        run = rebuild(root / "docs", store, workers, env, "incremental")
    finally:
        corpus.revise(root, size, indices, seed, revision=0)
    return run, len(indices)


@dataclass
class Export:
    seconds: float
    cpu_seconds: float
    quads: int
    bytes: int
    returncode: int
    tail: str


def export_nquads(store: Path, target: Path, env: dict[str, str]) -> Export:
    run = run_measured(cablegraph("export", "--format", "nq", "--store", str(store), "-o", str(target)), env)
    quads = 0
    if target.exists():
        with target.open("rb") as handle:
            quads = sum(1 for _ in handle)
    return Export(run.seconds, run.cpu_seconds, quads, target.stat().st_size if target.exists() else 0, run.returncode, run.tail)


def oxigraph_load(dump: Path, location: Path) -> RunResult:
    shutil.rmtree(location, ignore_errors=True)
    return run_measured([str(BIN / "oxigraph"), "load", "--location", str(location), "--file", str(dump)])
