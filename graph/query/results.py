"""SPARQL results with a row cap.

A public endpoint must cut at a published number of rows and say so. On the endpoint the engine
writes the answer itself (`engine_answer`): the query is given a top-level LIMIT one past the cap
(`capped_query`), so the engine never produces more than max_rows + 1 rows, and the bytes it
wrote are counted and, past the cap, cut by one row (`count_rows`, `drop_last_row`): no Python
object per row. The writers below (`collect` + `WRITERS`, SPARQL 1.1 Query Results JSON, XML,
CSV, TSV from the solutions themselves) remain for queries the rewrite does not read with
certainty, and for the CLI.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from json.encoder import encode_basestring as _quote  # JSON string, non-ASCII kept as is
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from cablegraph.graph.sparql.guard import code_of, query_form
from cablegraph.graph.store.convert import XSD_STRING

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple  # what a solution binds a variable to


@dataclass
class Solutions:
    variables: list[str]
    rows: list[list[Term | None]]  # None: unbound
    truncated: bool


def collect(solutions: ox.QuerySolutions, max_rows: int) -> Solutions:
    variables = [v.value for v in solutions.variables]
    rows: list[list[Term | None]] = []
    truncated = False
    for solution in solutions:
        if len(rows) >= max_rows:
            truncated = True
            break
        rows.append([solution[name] for name in variables])
    return Solutions(variables, rows, truncated)


def _json_term(term: Term) -> str:
    """One RDF term as SPARQL JSON, written as text: a dict per term and json.dumps cost twice as much."""
    if isinstance(term, ox.NamedNode):
        return '{"type":"uri","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.BlankNode):
        return '{"type":"bnode","value":' + _quote(term.value) + "}"
    if isinstance(term, ox.Triple):
        return (
            '{"type":"triple","value":{"subject":'
            + _json_term(term.subject)
            + ',"predicate":'
            + _json_term(term.predicate)
            + ',"object":'
            + _json_term(term.object)
            + "}}"
        )
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
    return (
        '{"head":{"vars":[' + ",".join(name[:-1] for name in names) + ']},"results":{"bindings":[' + bindings + "]}}"
    ).encode("utf-8")


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):  # RDF-star: the quoted triple's terms, as SPARQL-star XML results write them
        parts = (("subject", term.subject), ("predicate", term.predicate), ("object", term.object))
        return "<triple>" + "".join(f"<{name}>{_xml_term(part)}</{name}>" for name, part in parts) + "</triple>"
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


def _csv_value(term: Term) -> str:
    """CSV results carry bare values; a quoted (RDF-star) triple has none, so it is written as TSV writes it."""
    return str(term) if isinstance(term, ox.Triple) else term.value


def to_csv(result: Solutions) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow(["" if term is None else _csv_value(term) for term in row])
    return buffer.getvalue().encode("utf-8")


def _tsv_term(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        value = (
            term.value.replace("\\", "\\\\")
            .replace('"', '\\"')
            .replace("\n", "\\n")
            .replace("\r", "\\r")
            .replace("\t", "\\t")
        )
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
        ).encode()
    header = "_askResult" if fmt == ox.QueryResultsFormat.CSV else "?_askResult"
    return f"{header}\n{'true' if value else 'false'}\n".encode()


WRITERS = {
    ox.QueryResultsFormat.JSON: to_json,
    ox.QueryResultsFormat.XML: to_xml,
    ox.QueryResultsFormat.CSV: to_csv,
    ox.QueryResultsFormat.TSV: to_tsv,
}


# --- The cap applied by the engine ----------------------------------------------------------------

# LIMIT n, VALUES and braces in the query's own words (strings, IRIs, comments, names blanked).
_TOP_LEVEL = re.compile(r"[{}]|\b(LIMIT)\s+([0-9]+)|\b(VALUES)\b", re.IGNORECASE)


@lru_cache(maxsize=256)
def capped_query(query: str, max_rows: int) -> str | None:
    """The SELECT query with a top-level LIMIT of at most max_rows + 1 (the extra row says the
    answer was cut); the query as written when its own LIMIT is within the cap; None when it is
    not a SELECT or cannot be rewritten with certainty (codepoint escapes, which the engine
    expands): then its rows must be counted one by one (`collect`).

    Why the top level only: a LIMIT there slices the final sequence after ORDER BY, OFFSET and
    GROUP BY, exactly the rows the cap keeps; limits inside subqueries are left as written. A
    trailing VALUES block is joined before the modifiers (SPARQL 1.1 §18.2.4.3), so the LIMIT goes
    before it. Written on its own line, so that a trailing comment cannot swallow it."""
    if query_form(query) != "SELECT" or "\\u" in query or "\\U" in query:
        return None
    code = code_of(query)
    wanted = max_rows + 1
    upper = code.upper()
    if "LIMIT" not in upper and "VALUES" not in upper:  # most queries: no need to walk the braces
        return f"{query}\nLIMIT {wanted}\n"
    depth, limit, values = 0, None, None
    for match in _TOP_LEVEL.finditer(code):
        token = match.group()
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(0, depth - 1)
        elif depth == 0 and match.group(1) and limit is None:
            limit = match
        elif depth == 0 and match.group(3) and values is None:
            values = match
    if limit is not None:
        if int(limit.group(2)) <= max_rows:
            return query
        return query[: limit.start(2)] + str(wanted) + query[limit.end(2) :]
    at = values.start() if values is not None else len(query)
    return f"{query[:at]}\nLIMIT {wanted}\n{query[at:]}"


_SHORTEST_ROW = {
    ox.QueryResultsFormat.JSON: len(b"{},"),
    ox.QueryResultsFormat.XML: len(b"<result></result>"),
    ox.QueryResultsFormat.CSV: len(b"\r\n"),
    ox.QueryResultsFormat.TSV: len(b"\n"),
}


def more_rows_than(body: bytes, fmt: ox.QueryResultsFormat, max_rows: int) -> bool:
    """Whether a result set the engine wrote has more than max_rows rows, read from its bytes.

    Each format's row boundary is a byte pattern a literal cannot contain, or can contain only in
    a way that overcounts; when an overcount is all that puts the answer past the cap (a literal
    holding '},{}' in JSON or a line break in CSV), the bytes are parsed to count (rare)."""
    if len(body) < (max_rows + 1) * _SHORTEST_ROW[fmt]:
        return False  # too short to hold that many rows: nothing to count
    if fmt == ox.QueryResultsFormat.XML:
        return body.count(b"<result>") > max_rows  # '<' is escaped in text and attributes
    if fmt == ox.QueryResultsFormat.TSV:
        return body.count(b"\n") - 1 > max_rows  # a line per row; line breaks in literals are written \n
    if fmt == ox.QueryResultsFormat.JSON:
        if body.endswith(b"[]}}"):
            return False
        # '},{"' only joins two rows (inside a string a quote is escaped); '},{' joins any two rows
        # (the next one may be empty), or sits in a string
        if body.count(b'},{"') + 1 > max_rows:
            return True
        if body.count(b"},{") + 1 <= max_rows:
            return False
    else:  # CSV: a line per row, but a quoted literal may hold line breaks
        high = body.count(b"\r\n") - 1
        if high <= max_rows or b'"' not in body:
            return high > max_rows
        return (
            sum(1 for _ in csv.reader(io.StringIO(body.decode("utf-8"), newline=""))) - 1 > max_rows
        )  # the engine cannot read CSV
    parsed = ox.parse_query_results(body, format=fmt)
    assert isinstance(parsed, ox.QuerySolutions), "rows are counted in SELECT results only"
    return sum(1 for _ in parsed) > max_rows


def drop_last_row(body: bytes, fmt: ox.QueryResultsFormat) -> bytes:
    """The result set without its last row (the one past the cap); it has at least two."""
    if fmt == ox.QueryResultsFormat.JSON:
        if body.endswith(b",{}]}}"):  # an empty last row
            return body[: -len(b",{}]}}")] + b"]}}"
        return body[: body.rfind(b'},{"') + 1] + b"]}}"
    if fmt == ox.QueryResultsFormat.XML:
        return body[: body.rfind(b"<result>")] + b"</results></sparql>"
    if fmt == ox.QueryResultsFormat.TSV:
        return body[: body.rfind(b"\n", 0, len(body) - 1) + 1]
    end = len(body) - 2  # CSV: the last line break outside quotes (an even number of quotes before it)
    while True:
        end = body.rfind(b"\r\n", 0, end)
        if body.count(b'"', 0, end) % 2 == 0:
            return body[: end + 2]
