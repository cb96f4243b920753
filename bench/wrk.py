"""Throughput and latency with `wrk` (Debian package `wrk`), a load generator written in C.

Why not our Python client: eight Python threads top out near 2,300 requests/s on this machine,
below what the raw engine answers, so they hide the gap between cablegraph and the engine
(issue 21 saw 0.17x with them, 0.06-0.14x with wrk). wrk cycles through the given paths with a
Lua script and prints its own percentiles as JSON from the script's `done` hook.

    python -m bench.wrk --store var/bench/size-1000/store --manifest var/bench/corpus-1000/manifest.json

serves the store with cablegraph and with `oxigraph serve-read-only` (the same directory, both
read-only) and alternates the two, `--rounds` times, for each step: a one-telegram lookup with
one connection (latency) and with eight (throughput), and a few larger answers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.client import SPARQL_JSON, Endpoint
from bench.machine import describe
from bench.procs import Server, free_port
from bench.queries import PREFIXES, Probe, lookup_query, probe_from_manifest, queries

_SCRIPT = """
local paths = {%(paths)s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = "%(accept)s"})
end
done = function(summary, latency, requests)
  local non2xx = summary.errors.status
  io.write(string.format('WRKJSON {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p90_us": %%d, "p99_us": %%d, '
    .. '"mean_us": %%f, "non2xx": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, non2xx, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"""


@dataclass
class WrkResult:
    connections: int
    seconds: float
    requests: int
    per_second: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    non2xx: int
    socket_errors: int


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def run_wrk(
    endpoint: Endpoint,
    paths: list[str],
    connections: int,
    seconds: float,
    accept: str = SPARQL_JSON,
    threads: int | None = None,
) -> WrkResult:
    """wrk against `endpoint`, cycling through `paths` (each already URL-encoded)."""
    threads = threads or min(connections, 2)
    lua = _SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths), "accept": accept}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        command = [
            "wrk",
            "-t",
            str(threads),
            "-c",
            str(connections),
            "-d",
            f"{seconds:g}s",
            "--timeout",
            "30s",
            "-s",
            script.name,
            f"http://{endpoint.host}:{endpoint.port}",
        ]
        output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=False).stdout
    finally:
        Path(script.name).unlink()
    line = next((text for text in output.splitlines() if text.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {output[-500:]}")
    raw = json.loads(line[len("WRKJSON ") :])
    duration = raw["duration_us"] / 1e6
    return WrkResult(
        connections,
        round(duration, 2),
        raw["requests"],
        round(raw["requests"] / duration, 1),
        round(raw["p50_us"] / 1000, 3),
        round(raw["p90_us"] / 1000, 3),
        round(raw["p99_us"] / 1000, 3),
        raw["non2xx"],
        raw["socket_errors"],
    )


@dataclass
class Step:
    key: str
    title: str
    paths_by_server: dict[str, list[str]]
    connections: int


def steps(probe: Probe, endpoints: list[Endpoint]) -> list[Step]:
    """Lookups with one connection (latency) and eight (throughput); a few larger answers with one."""
    by_key = {q.key: q for q in queries(probe)}

    def paths(text_of: Callable[[], list[str]]) -> dict[str, list[str]]:
        return {e.name: [e.sparql(t)[0] for t in text_of()] for e in endpoints}

    def lookups() -> list[str]:
        return [lookup_query(probe, doc) for doc in probe.lookups]

    def rows(n: int) -> list[str]:
        return [PREFIXES + f"SELECT ?s ?p ?o WHERE {{ ?s ?p ?o }} LIMIT {n}"]

    return [
        Step("lookup_1c", "one-telegram lookup, 1 connection", paths(lookups), 1),
        Step("lookup_8c", "one-telegram lookup, 8 connections", paths(lookups), 8),
        Step("sender_dates", by_key["sender_dates"].title, paths(lambda: [by_key["sender_dates"].text]), 1),
        Step("map", by_key["map"].title, paths(lambda: [by_key["map"].text]), 1),
        Step("rows_1000", "1,000-row SELECT", paths(lambda: rows(1000)), 1),
        Step("rows_10000", "10,000-row SELECT", paths(lambda: rows(10000)), 1),
    ]


@dataclass
class Comparison:
    key: str
    title: str
    connections: int
    runs: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    def median(self, server: str, measure: str) -> float | None:
        values = [r[measure] for r in self.runs.get(server, []) if r["non2xx"] == 0]
        return round(statistics.median(values), 3) if values else None


def compare(
    endpoints: list[Endpoint], probe: Probe, rounds: int, seconds: float, only: set[str] | None = None
) -> list[Comparison]:
    """Each step on every server in turn, `rounds` times (interleaved, so a burst of other load on
    the machine falls on both)."""
    results = []
    for step in steps(probe, endpoints):
        if only and step.key not in only:
            continue
        comparison = Comparison(step.key, step.title, step.connections)
        for _ in range(rounds):
            for endpoint in endpoints:
                run = run_wrk(endpoint, step.paths_by_server[endpoint.name], step.connections, seconds)
                comparison.runs.setdefault(endpoint.name, []).append(asdict(run))
        results.append(comparison)
        print(table_line(comparison, [e.name for e in endpoints]), flush=True)
    return results


def table_line(comparison: Comparison, names: list[str]) -> str:
    """One Markdown row: the first server against the last (cablegraph against oxigraph)."""
    p50 = [comparison.median(n, "p50_ms") for n in names]
    rps = [comparison.median(n, "per_second") for n in names]
    ratio_p50 = f"{p50[0] / p50[-1]:.2f}x" if p50[0] and p50[-1] else "-"
    ratio_rps = f"{rps[0] / rps[-1]:.2f}x" if rps[0] and rps[-1] else "-"
    return (
        f"| {comparison.title} | {comparison.connections} | {p50[0]} / {p50[-1]} ms | {ratio_p50} | "
        f"{rps[0]} / {rps[-1]} | {ratio_rps} |"
    )


TABLE_HEAD = [
    "| step | connections | median latency (cablegraph / oxigraph) | ratio | requests/s (cablegraph / oxigraph) | ratio |",
    "|---|---|---|---|---|---|",
]


def serve_both(store: Path, env: dict[str, str], work: Path) -> list[tuple[Server, Endpoint]]:
    """cablegraph and `oxigraph serve-read-only` on the same store directory."""
    bin_dir = Path(sys.executable).parent
    port = free_port()
    cg_env = dict(
        env,
        CABLEGRAPH_CLIENT_QUERY_SECONDS="1000000",
        CABLEGRAPH_CLIENT_ERRORS="1000000",
        CABLEGRAPH_CLIENT_CONCURRENT="64",
    )
    cablegraph = (
        Server(
            "cablegraph",
            [str(bin_dir / "cablegraph"), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)],
            f"http://127.0.0.1:{port}/sparql",
            cg_env,
            work / "cablegraph-wrk.log",
        ),
        Endpoint("cablegraph", port, "/sparql"),
    )
    port = free_port()
    oxigraph = (
        Server(
            "oxigraph",
            [
                str(bin_dir / "oxigraph"),
                "serve-read-only",
                "--location",
                str(store),
                "--bind",
                f"127.0.0.1:{port}",
                "--union-default-graph",
            ],
            f"http://127.0.0.1:{port}/query?query=ASK%7B%7D",
            None,
            work / "oxigraph-wrk.log",
        ),
        Endpoint("oxigraph", port, "/query"),
    )
    return [cablegraph, oxigraph]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.wrk", description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--manifest", type=Path, required=True, help="the corpus manifest (what the queries ask about)")
    parser.add_argument("--base", default="http://127.0.0.1:8000/")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--only", default="", help="comma-separated step keys")
    parser.add_argument("--json", type=Path, default=None, help="write the runs here")
    args = parser.parse_args(argv)
    if not wrk_available():
        sys.exit("wrk is not installed (apt-get install wrk)")
    probe = probe_from_manifest(json.loads(args.manifest.read_text()), args.base)
    work = Path(tempfile.mkdtemp(prefix="wrk-"))
    servers = serve_both(args.store, dict(os.environ), work)
    try:
        for server, _ in servers:
            if not server.start(timeout=600):
                sys.exit(f"{server.name} did not start: {server.error}")
        print(f"load at start: {os.getloadavg()}", flush=True)
        print("\n".join(TABLE_HEAD), flush=True)
        started = time.monotonic()
        results = compare(
            [e for _, e in servers], probe, args.rounds, args.seconds, set(filter(None, args.only.split(",")))
        )
        print(f"load at end: {os.getloadavg()}, {time.monotonic() - started:.0f} s", flush=True)
        if args.json:
            args.json.write_text(
                json.dumps({"machine": describe().as_dict(), "runs": [asdict(r) for r in results]}, indent=1)
            )
    finally:
        for server, _ in servers:
            server.stop()


if __name__ == "__main__":
    main()
