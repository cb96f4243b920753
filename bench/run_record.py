"""What one benchmark run is given and what it keeps: the options, the results saved after every step, the log.

Separate from `bench.run` (the steps for each size) and `bench.run_serving` (the servers and their
timings) because both write into the same record the same way: results.json and results.md after
every step, a log line, and the load average and commit when a step starts.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import machine

BASE_IRI = "http://127.0.0.1:8000/"


@dataclass
class Options:
    sizes: list[int]
    workdir: Path
    out: Path
    seed: int = 1950
    workers: int = 2
    runs: int = 30
    warmup: int = 3
    cell_budget_s: float = 60.0
    stage_sample: int = 100
    hotspot_sample: int = 20
    extraction_sample: int = 200
    throughput_s: float = 20.0
    clients: int = 8
    wrk_rounds: int = 3  # interleaved wrk runs per step and server (bench/wrk.py), when wrk is installed
    wrk_seconds: float = 5.0
    peers: bool = True
    rdflib_max_quads: int = 6_000_000
    load_test: bool = False
    load_duration_s: float = 300.0
    load_clients: int = 16
    load_timeout_s: float = 10.0
    quick: bool = False
    resume: bool = False  # go on with the results in `out`: steps already measured are not run again
    command: str = ""


@dataclass
class Run:
    options: Options
    results: dict[str, Any] = field(default_factory=dict)
    started: float = field(default_factory=time.monotonic)

    def save(self) -> None:
        from bench import report

        self.results["elapsed_s"] = round(time.monotonic() - self.started, 1)
        self.options.out.mkdir(parents=True, exist_ok=True)
        (self.options.out / "results.json").write_text(
            json.dumps(self.results, indent=1, ensure_ascii=False, default=str), encoding="utf-8"
        )
        (self.options.out / "results.md").write_text(report.render(self.results), encoding="utf-8")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] (load {os.getloadavg()[0]:.1f}) {message}", flush=True)


def note_load(entry: dict[str, Any], step: str) -> None:
    """One-minute load average when a step starts (above 2 on this 2-core machine, something else
    competed), and the commit it measures."""
    entry.setdefault("load_average", {})[step] = round(os.getloadavg()[0], 2)
    entry.setdefault("commits", {})[step] = machine.head()


def cablegraph_env(root: Path, **more: str) -> dict[str, str]:
    """The environment for cablegraph over the corpus in `root`: its authority file and the base IRI."""
    env = dict(os.environ)
    env.update(
        {
            "CABLEGRAPH_AUTHORITY_FILES": json.dumps([str((root / "authority.toml").resolve())]),
            "CABLEGRAPH_BASE_IRI": BASE_IRI,
            **more,
        }
    )
    return env
