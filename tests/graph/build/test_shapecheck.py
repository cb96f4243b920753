"""The compiled shape checker gives exactly pySHACL's results: on every document, every shape case,
and graphs mutated at random (missing, extra, retyped and out-of-range values, subclasses)."""

import random
from collections import Counter
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, URIRef

from cablegraph.extract import read_document, run_extractors
from cablegraph.graph.build import validate as validation
from cablegraph.graph.build.mapping import BuildInfo, to_named_graph
from cablegraph.graph.build.shape_compiler import compile_shapes
from cablegraph.graph.build.shapecheck import Unsupported
from cablegraph.ontology import CG, OA
from cablegraph.shapes import shapes_graph

DATA = Path(__file__).resolve().parents[2] / "data"
SOURCES = [DATA.parent.parent / "corpus" / "seeds", DATA / "telegrams"]
BUILD = BuildInfo.now("test")
ODD_VALUES = [
    Literal(""), Literal("x"), Literal("5", datatype=XSD.integer), Literal("-1", datatype=XSD.integer),
    Literal("abc", datatype=XSD.integer), Literal("1.5", datatype=XSD.decimal), Literal("0.50", datatype=XSD.decimal),
    Literal("1950-13-45", datatype=XSD.date), Literal("1950", datatype=XSD.gYear), Literal("слово", lang="ru"),
    Literal("25:61"), Literal("5,7-9"), Literal("no digits"), BNode(), URIRef("urn:x"), URIRef("ftp://x"), Literal("http://x"),
]  # fmt: skip
NUMERIC = [OA.start, OA.end, CG.unitCount, CG.unitCountMax, CG.confidence, CG.copyCount]


@pytest.fixture(scope="module")
def graphs(context, minter) -> list[Graph]:
    found = []
    for source in SOURCES:
        for path in sorted(source.glob("*.txt")):
            found.append(to_named_graph(run_extractors(read_document(path), context), minter, BUILD))
    for path in sorted((DATA / "shapes").rglob("*.ttl")):
        if path.name != "manifest.ttl":
            found.append(Graph().parse(path, format="turtle"))
    return found


def both(graph: Graph):
    """(checker results, pySHACL results) as multisets; a string where an engine gave up."""
    try:
        fast = Counter(map(validation._from_failure, validation._checker().check(graph)))
    except Unsupported:
        fast = "unsupported"
    try:
        slow = Counter(validation._pyshacl(graph, False).results)
    except Exception as error:  # pySHACL stops on e.g. a blank node compared by sh:lessThan
        slow = f"pyshacl failed: {type(error).__name__}"
    return fast, slow


def test_the_shapes_compile():
    assert compile_shapes(shapes_graph()) is not None


def test_same_results_on_every_document_and_shape_case(graphs):
    for graph in graphs:
        fast, slow = both(graph)
        assert fast == slow


def _mutated(graph: Graph, chance: random.Random) -> Graph:
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    triples = list(copy)
    subjects, objects = list({t[0] for t in triples}), list({t[2] for t in triples})
    types = sorted({o for _, p, o in triples if p == RDF.type})
    for _ in range(chance.randint(1, 3)):
        s, p, o = chance.choice(triples)
        move = chance.randrange(9)
        if move == 0:
            copy.remove((s, p, o))
        elif move == 1:
            copy.add((s, p, chance.choice(objects)))
        elif move == 2:
            copy.remove((s, p, o))
            copy.add((s, p, chance.choice(ODD_VALUES)))
        elif move == 3 and types:
            copy.add((s, RDF.type, chance.choice(types)))
        elif move == 4:
            copy.remove((s, RDF.type, None))
        elif move == 5 and types:
            copy.add((chance.choice(types), RDFS.subClassOf, chance.choice(types)))
        elif move == 6:
            predicate = chance.choice(NUMERIC)
            holders = sorted(copy.subjects(predicate, None))
            if holders:
                value = chance.choice(
                    [
                        Literal(chance.randint(-3, 5000), datatype=XSD.integer),
                        Literal("1.5", datatype=XSD.decimal),
                        Literal("7"),
                    ]
                )
                copy.set((chance.choice(holders), predicate, value))
        elif move == 7:
            copy.remove((chance.choice(subjects), None, None))
        else:
            copy.remove((s, p, o))
            copy.add((s, p, Literal(str(o)) if isinstance(o, URIRef) else URIRef(f"urn:value:{chance.random()}")))
    return copy


@pytest.mark.parametrize("seed", range(4))
def test_same_results_on_mutated_graphs(graphs, seed):
    chance = random.Random(seed)
    for _ in range(20):
        fast, slow = both(_mutated(chance.choice(graphs), chance))
        if isinstance(slow, str):
            assert fast == "unsupported", slow  # validate() then asks pySHACL, which fails the same way
        else:
            assert fast == slow


def test_shapes_beyond_the_checker_fall_back_to_pyshacl():
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <urn:ex:> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:closed true ; sh:message "closed" .""",
        format="turtle",
    )
    assert compile_shapes(shapes) is None
