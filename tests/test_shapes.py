"""The shapes, tested by a manifest of valid and invalid cases (tests/data/shapes/manifest.ttl)."""

from pathlib import Path

import pytest
from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, Namespace
from rdflib.namespace import SH

from cablegraph.graph.build.validate import validate
from cablegraph.shapes import shapes_graph

HERE = Path(__file__).resolve().parent / "data" / "shapes"
MF = Namespace("https://w3id.org/cablegraph/shapes-tests#")
MANIFEST = Graph().parse(HERE / "manifest.ttl", format="turtle")
CASES = sorted(MANIFEST.subjects(MF.data, None))


@pytest.mark.parametrize("case", CASES, ids=lambda c: str(c).rsplit("#", 1)[-1])
def test_shape_case(case):
    data = Graph().parse(str(MANIFEST.value(case, MF.data)).removeprefix("file://"), format="turtle")
    report = validate(data)
    assert report.conforms == MANIFEST.value(case, MF.conforms).toPython(), [str(r) for r in report.results]
    if report.conforms:
        return
    _, raw, _ = shacl_validate(data_graph=data, shacl_graph=shapes_graph(), inference="none", advanced=True)
    focus = MANIFEST.value(case, MF.focus)
    path = MANIFEST.value(case, MF.path)
    component = MANIFEST.value(case, MF.component)
    tripped = [
        r
        for r in raw.subjects(RDF.type, SH.ValidationResult)
        if raw.value(r, SH.focusNode) == focus
        and raw.value(r, SH.sourceConstraintComponent) == component
        and (path is None or raw.value(r, SH.resultPath) == path)
        and raw.value(r, SH.resultSeverity) == SH.Violation
    ]
    assert tripped, f"{case} did not trip {component} on {focus} {path}"
