"""The dev corpus (../shared/dev-corpus, beside the checkout) scored with the repository's floors.

Skipped when the corpus is absent; the texts never enter the repository. `make eval` prints the
same table."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RUN_EVAL = ROOT.parent / "shared" / "dev-corpus" / "run-eval"
FLOORS = tomllib.loads((ROOT / "eval" / "floors.toml").read_text(encoding="utf-8"))["all"]
_SCORE = re.compile(r"^(?P<type>\w+): P=(?P<p>[\d.]+) R=(?P<r>[\d.]+) F1=(?P<f1>[\d.]+)")


def scores_over_all_slices(output: str) -> dict[str, float]:
    """F1 per type from the '== all' block of run-eval's output."""
    block = output.split("== all", 1)[1] if "== all" in output else ""
    return {m["type"]: float(m["f1"]) for line in block.splitlines() if (m := _SCORE.match(line.strip()))}


def test_scores_are_read_from_the_total_block():
    output = "== core (2 documents)\nsenders: P=0.10 R=0.10 F1=0.10 (tp=1 fp=9 fn=9)\n== all\nsenders: P=0.90 R=0.92 F1=0.91 (tp=9 fp=1 fn=1)\n"
    assert scores_over_all_slices(output) == {"senders": 0.91}


@pytest.mark.skipif(not RUN_EVAL.exists(), reason="../shared/dev-corpus is not beside the checkout")
def test_no_fact_type_falls_below_its_floor():
    cablegraph = Path(sys.executable).parent / "cablegraph"
    done = subprocess.run([str(RUN_EVAL), str(cablegraph)], cwd=ROOT, capture_output=True, text=True, timeout=900)
    scores = scores_over_all_slices(done.stdout)
    assert "no record" not in done.stdout, done.stdout[-2000:]
    below = {kind: (scores.get(kind), floor) for kind, floor in FLOORS.items() if scores.get(kind, 0.0) < floor}
    assert not below, f"below the floor (F1, floor): {below}\n{done.stdout[-1500:]}"
