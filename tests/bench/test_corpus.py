"""The benchmark's corpus generator: deterministic, both layouts, readable, sized, threaded."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # `bench` is a top-level folder run as `python -m bench`, not an installed package
    sys.path.insert(0, str(ROOT))

from bench import corpus, vocab
from cablegraph.extract import Layout, VersionKind, read_document
from cablegraph.extract.name_forms import russian_case_forms

SIZE = 24


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus")
    return out, corpus.generate(out, SIZE, seed=7)


def test_same_seed_same_bytes(generated, tmp_path):
    out, manifest = generated
    again = corpus.generate(tmp_path, SIZE, seed=7)
    assert [d["id"] for d in again["documents"]] == [d["id"] for d in manifest["documents"]]
    for entry in manifest["documents"]:
        assert (tmp_path / "docs" / entry["path"]).read_bytes() == (out / "docs" / entry["path"]).read_bytes()
    corpus.generate(tmp_path / "other", SIZE, seed=8)
    first = manifest["documents"][0]["path"]
    assert (tmp_path / "other" / "docs" / first).read_bytes() != (out / "docs" / first).read_bytes()


def test_every_document_parses_in_its_layout_and_size(generated):
    out, manifest = generated
    layouts = set()
    for entry in manifest["documents"]:
        path = out / "docs" / entry["path"]
        assert 2_000 <= path.stat().st_size <= 10_000, entry["id"]
        document = read_document(path)
        assert document.doc_id == entry["id"]
        assert document.layout is (Layout.WEBPAGE if entry["layout"] == "web" else Layout.EXPORT)
        assert document.header.title is not None and document.header.citation is not None
        kinds = [v.kind for v in document.body_versions]
        languages = [v.language for v in document.body_versions]
        assert "ru" in languages and "en" in languages, entry["id"]
        assert kinds.count(VersionKind.TRANSLATION) == 1, (entry["id"], kinds)
        layouts.add(document.layout)
    assert layouts == {Layout.EXPORT, Layout.WEBPAGE}


def test_references_point_at_earlier_generated_telegrams(generated):
    out, manifest = generated
    ids = [d["id"] for d in manifest["documents"]]
    referring = [d for d in manifest["documents"] if d["refers_to"]]
    assert referring
    for entry in referring:
        assert entry["refers_to"] in ids and ids.index(entry["refers_to"]) < ids.index(entry["id"])
        target = next(d for d in manifest["documents"] if d["id"] == entry["refers_to"])
        text = (out / "docs" / entry["path"]).read_text(encoding="utf-8")
        if entry["reference_by"] in ("cipher", "outgoing"):
            assert target[entry["reference_by"]] in text


def test_correspondents_are_skewed_and_invented_ones_are_declared(generated):
    out, _ = generated
    plan = corpus.plan_corpus(corpus.CorpusSpec(3_000, seed=7))
    senders = {}
    for p in plan.plans:
        senders[p.author] = senders.get(p.author, 0) + 1
    counts = sorted(senders.values(), reverse=True)
    assert counts[0] > 20 * counts[len(counts) // 2]  # a Zipf head
    assert len(corpus.correspondents(200)) == 200
    declared = tomllib.loads((out / "authority.toml").read_text(encoding="utf-8"))["person"]
    assert {p["id"] for p in declared} == {p.id for p in corpus.correspondents(200) if not p.known}


def test_invented_names_collide_with_no_known_person_or_place():
    data = ROOT / "extract" / "data"
    people = tomllib.loads((data / "people.toml").read_text(encoding="utf-8"))["person"]
    places = tomllib.loads((data / "places.toml").read_text(encoding="utf-8"))["place"]
    known_ids = {p["id"] for p in people}
    assert {p.id for p in vocab.KNOWN} <= known_ids
    assert {p.id for p in vocab.PLACES} <= {p["id"] for p in places}
    taken = {name.lower() for p in people for name in (*p.get("names_en", ()), *p.get("names_ru", ()))}
    taken |= {name.lower() for p in places for name in (*p.get("names_en", ()), *p.get("names_ru", ()))}
    for person in vocab.invented_people(160):
        forms = {person.en.lower(), *(f.lower() for f in russian_case_forms(person.ru))}
        assert not forms & taken, person


def test_a_revised_document_changes_and_reverts(generated, tmp_path):
    corpus.generate(tmp_path, SIZE, seed=7)
    entry = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))["documents"][3]
    path = tmp_path / "docs" / entry["path"]
    original = path.read_bytes()
    corpus.revise(tmp_path, SIZE, [3], seed=7)
    assert path.read_bytes() != original
    corpus.revise(tmp_path, SIZE, [3], seed=7, revision=0)
    assert path.read_bytes() == original


def test_extraction_finds_the_planned_correspondents(generated):
    from cablegraph.extract import AgentFact, AgentRole, ExtractionContext, run_extractors

    out, manifest = generated
    context = ExtractionContext.load((out / "authority.toml",))
    routed = [d for d in manifest["documents"] if d["via"] or d["relayed"]][:1]
    for entry in [manifest["documents"][0], *routed]:
        extraction = run_extractors(read_document(out / "docs" / entry["path"]), context)
        agents = [f for f in extraction.facts if isinstance(f, AgentFact)]
        assert entry["sender"] in {f.person for f in agents if f.role is AgentRole.SENDER}, entry
        assert entry["recipient"] in {f.person for f in agents if f.role is AgentRole.RECIPIENT}, entry
        if entry["via"]:
            assert entry["via"] in {f.person for f in agents if f.role is AgentRole.INTERMEDIARY}, entry
