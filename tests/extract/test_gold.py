"""Every seed and every synthetic telegram, extracted, matches its hand-written gold file."""

from pathlib import Path

import pytest

from cablegraph.graph.evaluation import FACT_TYPES, evaluate, load_gold
from cablegraph.graph.pipeline import ingest
from cablegraph.graph.records import RecordReader
from cablegraph.graph.store import GraphStore

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
