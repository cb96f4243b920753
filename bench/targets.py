"""`python -m bench.targets`: issue 8's targets judged across every recorded run -> bench/targets.md.

Each results file holds the sizes of one run (1,000 in results.json, 10,000 in results-10000.json, ...),
while the targets name different sizes. This table judges each target at the size it names, from the
newest run that measured it there, and says which run that was. A target with no size is judged at
the largest size measured.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.report_cells import markdown_table
from bench.report_targets import TARGETS, Target

BENCH = Path(__file__).resolve().parent


@dataclass(frozen=True)
class RecordedRun:
    name: str  # the results file, relative to bench/
    date: str
    commit: str
    sizes: dict[int, dict[str, Any]]

    @classmethod
    def read(cls, path: Path) -> RecordedRun:
        results = json.loads(path.read_text(encoding="utf-8"))
        machine = results.get("machine", {})
        return cls(
            path.name,
            machine.get("date") or "",
            machine.get("commit") or "",
            {int(k): v for k, v in results.get("sizes", {}).items()},
        )


@dataclass(frozen=True)
class Judgement:
    target: str
    size: str
    measured: str
    status: str
    source: str


def judge(target: Target, runs: list[RecordedRun]) -> Judgement:
    """The target at its size, from the newest run that measured it there (largest size first when it names none)."""
    found = [
        (size, run.date, run, entry)
        for run in runs
        for size, entry in run.sizes.items()
        if "build" in entry and (target.size is None or size == target.size)
    ]
    why = ""
    for size, _, run, entry in sorted(found, key=lambda item: (item[0], item[1]), reverse=True):
        measured, ok = target.check(entry)
        if ok is not None:
            return Judgement(
                target.name,
                f"{size:,}",
                measured,
                "**met**" if ok else "**not met**",
                f"{run.name} ({run.date[:10]}, {run.commit})",
            )
        why = why or f"{measured} ({run.name})"
    where = f"{target.size:,}" if target.size else "any"
    return Judgement(target.name, where, why or "–", "not measured" + ("" if found else f": no run at {where}"), "–")


def render(runs: list[RecordedRun]) -> str:
    rows = [judge(target, runs) for target in TARGETS]
    met = sum(row.status == "**met**" for row in rows)
    lines = [
        "# Issue 8's targets across the recorded runs",
        "",
        "Written by `python -m bench.targets` from " + ", ".join(f"`bench/{run.name}`" for run in runs) + ". "
        "Each target is judged at the size it names, from the newest run that measured it there; "
        "the run files hold every number, the machine, the load and the commit.",
        "",
        f"{met} of {len(rows)} targets met.",
        "",
    ]
    lines += markdown_table(
        ["target", "judged at (documents)", "measured", "status", "run"],
        [[row.target, row.size, row.measured, row.status, row.source] for row in rows],
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.targets", description=__doc__.splitlines()[0])
    parser.add_argument("results", nargs="*", type=Path, help="results JSON files (default: bench/results*.json)")
    parser.add_argument("--out", type=Path, default=BENCH / "targets.md")
    args = parser.parse_args(argv)
    paths = args.results or sorted(BENCH.glob("results*.json"))
    args.out.write_text(render([RecordedRun.read(path) for path in paths]), encoding="utf-8")
    print(args.out)


if __name__ == "__main__":
    main()
