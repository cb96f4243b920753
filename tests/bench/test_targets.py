"""bench/targets.md judges each target at its size from the newest run that measured it there."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is a top-level folder run as `python -m bench`, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import targets
from bench.targets import RecordedRun
from tests.bench.test_report import _entry


def _run(name: str, date: str, sizes: dict[int, dict]) -> RecordedRun:
    return RecordedRun(name, date, "abc1234", sizes)


def _rows(runs):
    return {row.target: row for row in (targets.judge(target, runs) for target in targets.TARGETS)}


def test_each_target_is_judged_at_its_size_from_the_newest_run():
    small = _run("results.json", "2026-11-20", {1000: _entry(1000, 1.0, 1.0)})
    old_10k = _run("results-10000-old.json", "2026-11-01", {10_000: _entry(10_000, 1.0, 1.0)})
    new_10k = _run("results-10000.json", "2026-11-25", {10_000: _entry(10_000, 3.0, 1.0)})
    rows = _rows([small, old_10k, new_10k])
    ratio = rows["/sparql within 1.5× of raw `oxigraph serve` on every query shape"]
    assert (ratio.size, ratio.status, ratio.source) == (
        "10,000",
        "**not met**",
        "results-10000.json (2026-11-25, abc1234)",
    )
    build = rows["build under 60 min on 2 cores, peak RSS under 4 GiB"]
    assert build.status == "not measured: no run at 100,000" and build.source == "–"
    rebuild = rows["incremental 1% rebuild under 5% of the full build"]  # names no size: the largest measured
    assert rebuild.size == "10,000" and rebuild.status == "**met**"


def test_a_run_at_the_size_without_the_measure_says_why(tmp_path):
    entry = _entry(100_000, 1.0, 1.0)
    del entry["sparql"]
    rows = _rows([_run("results-100000.json", "2026-11-26", {100_000: entry})])
    fulltext = rows["full-text search over all versions under 50 ms p95 (an index)"]
    assert fulltext.status == "not measured" and "results-100000.json" in fulltext.measured
    built = rows["build under 60 min on 2 cores, peak RSS under 4 GiB"]
    assert built.status == "**met**" and built.measured.startswith("1.7 min")


def test_the_table_is_written_from_results_files(tmp_path):
    path = tmp_path / "results-10000.json"
    path.write_text(
        json.dumps(
            {
                "machine": {"date": "2026-11-25T10:00:00", "commit": "abc1234"},
                "sizes": {"10000": _entry(10_000, 1.0, 1.0)},
            }
        )
    )
    out = tmp_path / "targets.md"
    targets.main([str(path), "--out", str(out)])
    text = out.read_text()
    assert "`bench/results-10000.json`" in text and "| **met** | results-10000.json (2026-11-25, abc1234) |" in text
    assert "of 9 targets met." in text
