"""`python -m bench`: measure cablegraph at archive scale beside its peers; see bench/run.py.

python -m bench --quick                   # ~100 documents, few runs: a smoke check
python -m bench --sizes 1000              # what bench/results.md records
python -m bench --sizes 1000,10000 --load-test
python -m bench --sizes 100000 --skip-peers --out bench/100k --resume   # may take several sittings
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

from bench.run import execute
from bench.run_record import Options, log

QUICK_SIZE = 100


def parse(argv: list[str]) -> Options:
    parser = argparse.ArgumentParser(prog="python -m bench", description="cablegraph benchmarks (issue 8).")
    parser.add_argument("--sizes", default="1000", help="comma-separated corpus sizes, e.g. 1000,10000,100000")
    parser.add_argument(
        "--quick", action="store_true", help=f"{QUICK_SIZE} documents, few runs, short throughput: a smoke check"
    )
    parser.add_argument(
        "--skip-peers", action="store_true", help="cablegraph only: no oxigraph serve, no rdflib-endpoint"
    )
    parser.add_argument("--load-test", action="store_true", help="also run the load test (16 clients, 5 minutes)")
    parser.add_argument("--load-duration", type=float, default=300.0, help="load test seconds")
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="where results.md and results.json go (default bench/, or var/bench/quick with --quick)",
    )
    parser.add_argument("--workdir", type=Path, default=Path("var/bench"), help="corpora, stores, dumps, logs")
    parser.add_argument("--workers", type=int, default=2, help="build worker processes")
    parser.add_argument("--runs", type=int, default=None, help="timed runs per query and server (default 30)")
    parser.add_argument("--seed", type=int, default=1950)
    parser.add_argument(
        "--resume",
        action="store_true",
        help="go on with the results already in --out: measured steps are kept, and a build that was stopped goes on",
    )
    parser.add_argument(
        "--rdflib-max-quads", type=int, default=6_000_000, help="skip rdflib-endpoint above this many quads (memory)"
    )
    args = parser.parse_args(argv)
    sizes = [QUICK_SIZE] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    out = args.out or (args.workdir / "quick" if args.quick else Path("bench"))
    options = Options(
        sizes=sizes,
        workdir=args.workdir,
        out=out,
        seed=args.seed,
        workers=args.workers,
        peers=not args.skip_peers,
        rdflib_max_quads=args.rdflib_max_quads,
        load_test=args.load_test,
        load_duration_s=args.load_duration,
        resume=args.resume,
        command="python -m bench " + shlex.join(argv),
    )
    if args.quick:
        options.runs, options.warmup, options.cell_budget_s = 5, 1, 20.0
        options.stage_sample, options.extraction_sample, options.throughput_s = 10, 12, 3.0
        options.hotspot_sample = 4
        options.wrk_rounds, options.wrk_seconds = 1, 2.0
        options.load_duration_s = min(options.load_duration_s, 30.0)
    if args.runs:
        options.runs = args.runs
    return options


def main(argv: list[str] | None = None) -> None:
    options = parse(sys.argv[1:] if argv is None else argv)
    if Path.cwd().resolve() != Path(__file__).resolve().parent.parent:
        log("note: run from the repository root so that var/bench and bench/results.md land in the repository")
    results = execute(options)
    log(f"done in {results.get('elapsed_s', 0):.0f} s: {options.out / 'results.md'}")


if __name__ == "__main__":
    main()
