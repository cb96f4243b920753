"""SPARQL results serialisation with a row cap.

pyoxigraph serialises whole result sets; a public endpoint must cut at a
published number of rows and say so, so the four solution formats are written
here from the solutions themselves (SPARQL 1.1 Query Results JSON, XML, CSV, TSV).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from json.encoder import encode_basestring as _quote  # JSON string, non-ASCII kept as is
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from cablegraph.graph.convert import XSD_STRING


@dataclass
class Solutions:
    variables: list[str]
    rows: list[list[object | None]]  # pyoxigraph terms or None
    truncated: bool


def collect(solutions: ox.QuerySolutions, max_rows: int) -> Solutions:
    variables = [v.value for v in solutions.variables]
    rows: list[list[object | None]] = []
    truncated = False
    for solution in solutions:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append([solution[name] for name in variables])
    return Solutions(variables, rows, truncated)


def _json_term(term) -> str:
    """One RDF term as SPARQL JSON, written as text: a dict per term and json.dumps cost twice as much."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.Triple):
        return ('{"type":"triple","value":{"subject":' + _json_term(term.subject) + ',"predicate":' + _json_term(term.predicate)
                + ',"object":' + _json_term(term.object) + "}}")
    if term.language:
        return '{"type":"literal","value":' + _quote(term.value) + ',"xml:lang":' + _quote(term.language) + "}"
    if term.datatype and term.datatype.value != XSD_STRING:
        return '{"type":"literal","value":' + _quote(term.value) + ',"datatype":' + _quote(term.datatype.value) + "}"
    return '{"type":"literal","value":' + _quote(term.value) + "}"


def to_json(result: Solutions) -> bytes:
    names = [_quote(name) + ":" for name in result.variables]
    bindings = ",".join(
        "{" + ",".join(name + _json_term(term) for name, term in zip(names, row, strict=True) if term is not None) + "}"
        for row in result.rows
    )
    return ('{"head":{"vars":[' + ",".join(name[:-1] for name in names) + ']},"results":{"bindings":[' + bindings + "]}}").encode("utf-8")


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype and term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


def to_xml(result: Solutions) -> bytes:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>']
    parts += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    parts.append("</head>\n<results>")
    for row in result.rows:
        parts.append("<result>")
        parts += [
            f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>"
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        ]
        parts.append("</result>")
    parts.append("</results>\n</sparql>\n")
    return "\n".join(parts).encode("utf-8")


def to_csv(result: Solutions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else term.value for term in row])
    return buffer.getvalue().encode("utf-8")


def _tsv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        value = term.value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
        if term.language:
            return f'"{value}"@{term.language}'
        if term.datatype and term.datatype.value != XSD_STRING:
            return f'"{value}"^^<{term.datatype.value}>'
        return f'"{value}"'
    return str(term)


def to_tsv(result: Solutions) -> bytes:
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    lines += ["\t".join(_tsv_term(term) for term in row) for row in result.rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def boolean(value: bool, fmt: ox.QueryResultsFormat) -> bytes:
    if fmt == ox.QueryResultsFormat.JSON:
        return json.dumps({"head": {}, "boolean": value}).encode("utf-8")
    if fmt == ox.QueryResultsFormat.XML:
        return (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head/>\n'
            f"<boolean>{'true' if value else 'false'}</boolean>\n</sparql>\n"
        ).encode("utf-8")
    header = "_askResult" if fmt == ox.QueryResultsFormat.CSV else "?_askResult"
    return f"{header}\n{'true' if value else 'false'}\n".encode()


WRITERS = {
    ox.QueryResultsFormat.JSON: to_json,
    ox.QueryResultsFormat.XML: to_xml,
    ox.QueryResultsFormat.CSV: to_csv,
    ox.QueryResultsFormat.TSV: to_tsv,
}
