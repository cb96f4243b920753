"""SHACL validation of one document graph, as a typed report.

A Violation holds the document back; Warnings and Infos are reported and the
graph is loaded. pySHACL runs without inference, on the document graph alone.

Graphs that conform are checked by the compiled checker of graph/build/shapecheck.py, which gives
pySHACL's results in a fraction of its time; a graph with a Violation, a caller that wants the
report graph, or shapes the checker does not know go through pySHACL itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum

from pyshacl import validate as shacl_validate
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import SH

from cablegraph.graph.build.ntriples import Triple
from cablegraph.graph.build.shape_compiler import compile_shapes
from cablegraph.graph.build.shapecheck import CompiledShapes, Failure, Unsupported
from cablegraph.shapes import shapes_graph


class Severity(StrEnum):
    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"


@dataclass(frozen=True)
class ValidationResult:
    severity: Severity
    focus_node: str
    path: str | None
    message: str
    shape: str | None
    value: str | None = None

    def __str__(self) -> str:
        path = f" {self.path}" if self.path else ""
        return f"{self.severity}: <{self.focus_node}>{path}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    conforms: bool
    results: tuple[ValidationResult, ...]
    report_graph: Graph | None = None

    @property
    def violations(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is Severity.VIOLATION)

    @property
    def warnings(self) -> tuple[ValidationResult, ...]:
        return tuple(r for r in self.results if r.severity is not Severity.VIOLATION)


def validate(graph: Graph | Iterable[Triple], keep_report_graph: bool = False) -> ValidationReport:
    """Validate `graph` (an rdflib Graph, or its triples) against the cablegraph shapes."""
    if not isinstance(graph, (Graph, list, tuple)):
        graph = list(graph)  # read twice when a Violation sends it on to pySHACL
    checker = _checker()
    if checker is not None and not keep_report_graph:
        try:
            failures = checker.check(graph)
        except Unsupported:
            failures = None
        if failures is not None and not any(f.severity == "Violation" for f in failures):
            return ValidationReport(True, _sorted(map(_from_failure, failures)))
    return _pyshacl(graph, keep_report_graph)


def _pyshacl(graph: Graph | Iterable[Triple], keep_report_graph: bool) -> ValidationReport:
    data = Graph()
    for triple in graph:
        data.add(triple)
    _conforms, report, _ = shacl_validate(
        data_graph=data,
        shacl_graph=shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=True,
        inplace=True,  # `data` is our own copy: no need for pySHACL to clone it again
    )
    results = _sorted(_results(report))
    has_violation = any(r.severity is Severity.VIOLATION for r in results)
    return ValidationReport(not has_violation, results, report if keep_report_graph else None)


_CHECKERS: dict[int, CompiledShapes | None] = {}


def _checker() -> CompiledShapes | None:
    """The shapes compiled once per process (per shapes graph object, which is cached)."""
    shapes = shapes_graph()
    if id(shapes) not in _CHECKERS:
        _CHECKERS.clear()
        _CHECKERS[id(shapes)] = compile_shapes(shapes)
    return _CHECKERS[id(shapes)]


def _sorted(results: Iterable[ValidationResult]) -> tuple[ValidationResult, ...]:
    """Violations first, then by focus node and path; the rest of the key only makes ties stable."""
    return tuple(
        sorted(
            results,
            key=lambda r: (
                r.severity != Severity.VIOLATION,
                r.focus_node,
                r.path or "",
                r.message,
                r.value or "",
                r.shape or "",
            ),
        )
    )


def _from_failure(failure: Failure) -> ValidationResult:
    path, shape = failure.path, failure.shape
    return ValidationResult(
        severity=Severity(failure.severity),
        focus_node=str(failure.focus),
        path=None if path is None else str(path),
        message=str(failure.message or "constraint not met"),
        shape=str(shape) if isinstance(shape, URIRef) else None,
        value=None if failure.value is None else str(failure.value),
    )


def _results(report: Graph) -> Iterator[ValidationResult]:
    for node in report.subjects(RDF.type, SH.ValidationResult):
        severity_iri = report.value(node, SH.resultSeverity)
        severity = Severity(str(severity_iri).rsplit("#", 1)[-1]) if severity_iri else Severity.VIOLATION
        path = report.value(node, SH.resultPath)
        shape = report.value(node, SH.sourceShape)
        value = report.value(node, SH.value)
        yield ValidationResult(
            severity=severity,
            focus_node=str(report.value(node, SH.focusNode)),
            path=str(path) if isinstance(path, URIRef) else (None if path is None else "(complex path)"),
            message=str(report.value(node, SH.resultMessage) or "constraint not met"),
            shape=str(shape) if isinstance(shape, URIRef) else None,
            value=None if value is None else str(value),
        )
