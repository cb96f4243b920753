import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS

from cablegraph.extract import read_document, run_extractors
from cablegraph.extract.dates import PartialDate
from cablegraph.graph.build.mapping import BuildInfo, to_named_graph
from cablegraph.graph.build.rdf_dates import date_bounds
from cablegraph.graph.build.validate import Severity, validate
from cablegraph.ontology import CG, OA, SCHEMA

BUILD = BuildInfo.now("test")


def seed_graph(seeds_dir, context, minter, name="001_86e2695bae78fc10"):
    doc = read_document(seeds_dir / f"{name}.txt")
    return doc, to_named_graph(run_extractors(doc, context), minter, BUILD)


def test_one_named_graph_per_document(seeds_dir, context, minter):
    doc, graph = seed_graph(seeds_dir, context, minter)
    assert graph.identifier == URIRef("http://127.0.0.1:8000/graph/telegram/001_86e2695bae78fc10")
    telegram = minter.telegram(doc.doc_id)
    assert (telegram, RDF.type, CG.Telegram) in graph
    assert (
        telegram,
        DCTERMS.date,
        Literal("1950-10-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
    ) in graph
    assert (telegram, SCHEMA.sender, minter.person("stalin")) in graph
    assert (telegram, CG.viaIntermediary, minter.person("roshchin")) in graph


def test_iris_are_deterministic(seeds_dir, context, minter):
    _, first = seed_graph(seeds_dir, context, minter)
    _, second = seed_graph(seeds_dir, context, minter)
    subjects = lambda g: {s for s in g.subjects() if isinstance(s, URIRef)}  # noqa: E731
    assert subjects(first) == subjects(second)


def test_sender_statement_has_web_annotation_evidence(seeds_dir, context, minter):
    doc, graph = seed_graph(seeds_dir, context, minter)
    telegram = minter.telegram(doc.doc_id)
    [statement] = [s for s in graph.subjects(RDF.predicate, SCHEMA.sender) if (s, RDF.subject, telegram) in graph]
    assert {str(w) for w in graph.objects(statement, CG.asWritten)} == {"Filippov", "ФИЛИППОВ", "F I L I P P O V"}
    assert (statement, CG.pseudonymUsed, Literal("Filippov")) in graph
    sources = {}
    for annotation in graph.subjects(OA.hasBody, statement):
        target = graph.value(annotation, OA.hasTarget)
        selectors = list(graph.objects(target, OA.hasSelector))
        exact = next(str(graph.value(s, OA.exact)) for s in selectors if graph.value(s, OA.exact) is not None)
        start = next(int(graph.value(s, OA.start)) for s in selectors if graph.value(s, OA.start) is not None)
        key = str(graph.value(target, OA.hasSource)).rsplit("/", 1)[-1]
        sources[key] = exact
        assert doc.version(key).text[start : start + len(exact)] == exact
    assert sources == {"v0": "Filippov [Stalin]", "v1": "ФИЛИППОВ", "v2": "ФИЛИППОВ", "v3": "F I L I P P O V"}


def test_seed_graphs_conform_to_the_shapes(seeds_dir, context, minter):
    for path in sorted(seeds_dir.glob("*.txt")):
        doc = read_document(path)
        report = validate(to_named_graph(run_extractors(doc, context), minter, BUILD))
        assert report.conforms, [str(r) for r in report.violations]


def test_a_broken_graph_is_reported_with_focus_path_and_message(seeds_dir, context, minter):
    doc, graph = seed_graph(seeds_dir, context, minter)
    telegram = minter.telegram(doc.doc_id)
    graph.remove((telegram, DCTERMS.identifier, None))
    graph.add((telegram, SCHEMA.sender, Literal("not an IRI")))
    report = validate(graph)
    assert not report.conforms
    found = {(r.focus_node, r.path, r.severity) for r in report.violations}
    assert (str(telegram), str(DCTERMS.identifier), Severity.VIOLATION) in found
    assert (str(telegram), str(SCHEMA.sender), Severity.VIOLATION) in found
    assert all(r.message for r in report.violations)


def test_a_date_without_a_year_is_kept_out_of_the_graph_not_a_crash(seeds_dir, context, minter):
    """ "3 July" with no year anywhere to take one from: no xsd literal can hold it (was KeyError 'undated')."""
    from dataclasses import replace

    from cablegraph.extract import DateFact, DateKind, EmbeddedMessageFact, Evidence, PartialDate

    doc = read_document(seeds_dir / "001_86e2695bae78fc10.txt")
    extraction = run_extractors(doc, context)
    version = doc.body_versions[0]
    evidence = (Evidence(version.key, 0, 5, version.text[:5], "test", 0.5),)
    yearless = PartialDate(None, 7, 3)
    extra = (DateFact(DateKind.WRITTEN, yearless, evidence), EmbeddedMessageFact(None, None, yearless, evidence))
    graph = to_named_graph(replace(extraction, facts=(*extraction.facts, *extra)), minter, BUILD)
    telegram = minter.telegram(doc.doc_id)
    assert all(str(o)[:4].isdigit() for o in graph.objects(telegram, SCHEMA.dateCreated))
    assert (
        telegram,
        DCTERMS.date,
        Literal("1950-10-01", datatype=URIRef("http://www.w3.org/2001/XMLSchema#date")),
    ) in graph


def test_a_repository_named_in_words_mints_a_valid_iri(minter):
    iri = minter.repository("Archives of the Ministry of Foreign Affairs, France")
    assert str(iri) == "http://127.0.0.1:8000/id/repository/archives-of-the-ministry-of-foreign-affairs-france"
    assert (
        str(minter.record_set("PRC FMA", "f109", "op03984", "d02"))
        == "http://127.0.0.1:8000/id/archive/prc-fma/f109/op03984/d02"
    )


@pytest.mark.parametrize(
    ("date", "first", "last"),
    [
        (PartialDate(1950, 8), "1950-08-01", "1950-08-31"),
        (PartialDate(1950), "1950-01-01", "1950-12-31"),
        (PartialDate(1952, 2), "1952-02-01", "1952-02-29"),
        (PartialDate(1950, 10, 3), "1950-10-03", "1950-10-03"),
    ],
)
def test_a_date_at_its_precision_spans_its_first_and_last_day(date, first, last):
    assert tuple(str(bound) for bound in date_bounds(date)) == (first, last)


@given(st.integers(1900, 1999), st.none() | st.integers(1, 12), st.none() | st.integers(1, 28))
def test_date_bounds_are_days_in_order_that_the_date_names(year, month, day):
    date = PartialDate(year, month, day if month else None)
    first, last = (datetime.date.fromisoformat(str(bound)) for bound in date_bounds(date))
    assert first <= last and first.isoformat().startswith(date.iso()) and last.isoformat().startswith(date.iso())
