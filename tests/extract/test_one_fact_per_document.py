"""A copy, number, handling step or unit read in several versions of one document is one fact."""

from cablegraph.extract import read_document, run_extractors
from cablegraph.extract.facts import CopyFact, HandlingFact, NumberFact


def test_seed_002_copies_are_one_fact_per_holder(context, seeds_dir):
    extraction = run_extractors(read_document(seeds_dir / "002_8407d3f3e1911c0a.txt"), context)
    copies = {c.holder.person: c for c in extraction.of_type(CopyFact) if c.holder is not None}
    assert list(copies) == ["stalin", "molotov", "malenkov", "beria", "mikoyan", "kaganovich", "bulganin"]
    assert len([c for c in extraction.of_type(CopyFact) if c.holder is not None]) == 7
    assert (copies["stalin"].count, copies["stalin"].number) == (2, "1, 2")
    assert (copies["molotov"].count, copies["molotov"].number) == (1, "3")
    # each holder's entry keeps the translation's list and the transcript's table as evidence
    assert all({e.version for e in c.evidence} == {"v1", "v2"} for c in copies.values())
    steps = extraction.of_type(HandlingFact)
    assert sorted(s.action.value for s in steps) == ["deciphered", "received", "typed"]


def test_disagreeing_numbers_are_linked_readings(context, seeds_dir):
    numbers = {
        n.value: n.readings
        for n in run_extractors(read_document(seeds_dir / "003_1913699800420464.txt"), context).of_type(NumberFact)
    }
    assert numbers["2950"] == ("39", "3950") and numbers["39"] == ("2950", "3950")
    assert numbers["340/ш"] == ("340/III",)
    assert numbers["1341"] == () and numbers["2048"] == ()
