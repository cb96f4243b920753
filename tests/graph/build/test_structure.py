"""A file with no telegram structure is held back with that reason; the smallest telegram is not."""

import base64
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegraph.extract import read_document, run_extractors
from cablegraph.graph.build.pipeline import Outcome, ingest
from cablegraph.graph.build.structure import NO_STRUCTURE, structure_problem
from cablegraph.graph.store.embedded import GraphStore


def noise(seed: int, size: int = 3000) -> str:
    """Base64 of random bytes in lines of 76, as a mail attachment pasted into a corpus folder would be."""
    blob = base64.b64encode(random.Random(seed).randbytes(size * 3 // 4)).decode("ascii")
    return "\n".join(blob[i : i + 76] for i in range(0, len(blob), 76)) + "\n"


def _problem(tmp_path, name: str, text: str, context) -> str | None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return structure_problem(run_extractors(read_document(path), context))


def test_base64_noise_has_no_telegram_structure(tmp_path, context):
    assert _problem(tmp_path, "attachment.txt", noise(1), context) == NO_STRUCTURE


def test_a_note_without_date_title_correspondent_or_header_is_not_a_telegram(tmp_path, context):
    text = "shopping list\n\nbread, milk, two candles\nask about the stove\n"
    assert _problem(tmp_path, "note.txt", text, context) == NO_STRUCTURE


def test_a_bare_dated_message_is_a_telegram(tmp_path, context):
    text = "TOP SECRET\n\nTo Comrade Molotov.\n\nPlease report on the arrival of the trade delegation in Berlin.\n\nVyshinsky\n\n4 May 1951\n"
    assert _problem(tmp_path, "bare.txt", text, context) is None


def test_every_seed_has_telegram_structure(seeds_dir, context):
    for path in sorted(seeds_dir.glob("*.txt")):
        assert structure_problem(run_extractors(read_document(path), context)) is None, path


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), size=st.integers(200, 4000))
def test_noise_of_any_size_is_held_back(tmp_path, context, seed, size):
    assert _problem(tmp_path, f"n{seed}.txt", noise(seed, size), context) == NO_STRUCTURE


def test_a_build_holds_noise_back_with_the_reason_and_loads_the_rest(tmp_path, seeds_dir, context, minter):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "001_86e2695bae78fc10.txt").write_bytes((seeds_dir / "001_86e2695bae78fc10.txt").read_bytes())
    (corpus / "attachment.txt").write_text(noise(7), encoding="utf-8")
    store = GraphStore.in_memory()
    report = ingest([corpus], store, minter, context)
    by_id = {d.doc_id: d for d in report.documents}
    assert by_id["001_86e2695bae78fc10"].outcome is Outcome.LOADED
    assert by_id["attachment"].outcome is Outcome.HELD_BACK and by_id["attachment"].message == NO_STRUCTURE
    assert not store.has_graph(str(minter.graph("attachment")))
    assert by_id["attachment"].as_json()["reason"] == NO_STRUCTURE and not report.ok


def test_a_build_that_finds_nothing_drops_nothing(tmp_path, seeds_dir, context, minter):
    store = GraphStore.in_memory()
    ingest([seeds_dir], store, minter, context)
    (tmp_path / "empty").mkdir()
    report = ingest([tmp_path / "empty"], store, minter, context)
    assert report.count(Outcome.REMOVED) == 0 and report.found == 0 and "nothing dropped" in report.prune_skipped
    assert sum(1 for g in store.named_graphs() if minter.doc_id_of(g)) == 5


def test_a_short_capitalised_line_after_base64_is_not_a_signature(tmp_path, context):
    """Hypothesis found it: noise(0, 916) ends in the line "CZSF", which was read as a signature after
    the base64 lines had been taken for prose (they have enough letter runs, but no spaces)."""
    assert _problem(tmp_path, "n0.txt", noise(0, 916), context) == NO_STRUCTURE
