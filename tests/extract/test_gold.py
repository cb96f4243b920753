"""Every seed and every synthetic telegram, extracted, matches its hand-written gold file."""

from pathlib import Path

import pytest

from cablegraph.graph.build.pipeline import ingest
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.views.evaluation import FACT_TYPES, evaluate, load_gold
from cablegraph.graph.views.records import RecordReader

TESTS = Path(__file__).resolve().parent.parent
DATA = TESTS / "data"
SEEDS = TESTS.parent / "corpus" / "seeds"


@pytest.fixture(scope="module")
def evaluation(context, minter):
    store = GraphStore.in_memory()
    report = ingest([SEEDS, DATA / "telegrams"], store, minter, context)
    assert report.ok, report.summary()
    reader = RecordReader(store, minter)
    records = {doc_id: reader.record(doc_id) for doc_id in reader.doc_ids()}
    return evaluate(records, load_gold(DATA / "gold"))


def test_every_gold_document_has_a_record(evaluation):
    assert evaluation.documents == 16
    assert evaluation.missing_records == []


@pytest.mark.parametrize("fact_type", FACT_TYPES)
def test_fact_type_matches_gold(evaluation, fact_type):
    score = evaluation.scores[fact_type]
    assert (score.misses, score.extras) == ([], [])


def test_held_out_telegrams_score_well(context, minter):
    """Telegrams written after the extractors, annotated before they were run: a floor, not a fit."""
    store = GraphStore.in_memory()
    ingest([DATA / "heldout" / "telegrams"], store, minter, context)
    reader = RecordReader(store, minter)
    result = evaluate({d: reader.record(d) for d in reader.doc_ids()}, load_gold(DATA / "heldout" / "gold"))
    assert result.documents == 4 and not result.missing_records
    assert result.lowest_f1() >= 0.9, {name: round(score.f1, 3) for name, score in result.scores.items()}
