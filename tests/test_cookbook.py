"""The query cookbook (docs/queries.md) is a test: every query runs against the samples through
`/sparql` and must give exactly the answer table printed under it, and every example the SPARQL
editor offers is one of the cookbook's queries.

After a deliberate change of the graph, `CABLEGRAPH_UPDATE_COOKBOOK=1 pytest tests/test_cookbook.py`
rewrites the answer tables from the live answers; read the diff before committing it.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cablegraph.ontology import PREFIXES

COOKBOOK = Path(__file__).parent.parent / "docs" / "queries.md"
QUESTIONS = Path(__file__).parent.parent / "api" / "templates" / "questions"
_ENTRY = re.compile(r"^## (?P<number>\d+)\. (?P<title>.+?)\n(?P<body>.*?)(?=^## \d+\. |\Z)", re.MULTILINE | re.DOTALL)
_QUERY = re.compile(r"```sparql\n(?P<query>.*?)```", re.DOTALL)
_TABLE = re.compile(r"(?P<table>(?:^\|.*\|\n)+)", re.MULTILINE)
_BASE = "http://127.0.0.1:8000/id/"


@dataclass(frozen=True)
class Entry:
    number: int
    title: str
    query: str
    table: str | None  # the answer table as printed, or None when the entry has none yet

    def expected(self) -> list[list[str]]:
        rows = [line.strip().strip("|").split("|") for line in (self.table or "").strip().splitlines()]
        return [[cell.strip().replace("\\|", "|") for cell in row] for row in rows if not set("".join(row)) <= set("-: ")]


def entries() -> list[Entry]:
    text = COOKBOOK.read_text(encoding="utf-8")
    found = []
    for match in _ENTRY.finditer(text):
        query = _QUERY.search(match["body"])
        assert query, f"cookbook entry {match['number']} has no ```sparql block"
        after = match["body"][query.end() :]
        table = _TABLE.search(after)
        found.append(Entry(int(match["number"]), match["title"].strip(), query["query"], table["table"] if table else None))
    return found


def shown(term: dict | None) -> str:
    """A result term as the cookbook prints it: our IRIs by their path after /id/, vocabulary IRIs
    as prefixed names, literals by their lexical form."""
    if term is None:
        return ""
    value = term["value"]
    if term["type"] == "uri":
        if value.startswith(_BASE):
            return value[len(_BASE) :]
        for prefix, namespace in PREFIXES.items():
            if value.startswith(namespace):
                return f"{prefix}:{value[len(namespace):]}"
    return value.replace("\n", " ")


def answer(client, query: str) -> list[list[str]]:
    response = client.get("/sparql", params={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    result = response.json()
    variables = result["head"]["vars"]
    return [variables] + [[shown(row.get(v)) for v in variables] for row in result["results"]["bindings"]]


def table_of(rows: list[list[str]]) -> str:
    head, *body = rows
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    return "\n".join(lines) + "\n"


def test_the_cookbook_has_at_least_twenty_numbered_queries():
    numbers = [entry.number for entry in entries()]
    assert len(numbers) >= 20 and numbers == list(range(1, len(numbers) + 1))


@pytest.mark.parametrize("entry", entries(), ids=lambda e: f"{e.number}")
def test_each_query_gives_the_printed_answer_on_the_samples(client, entry):
    got = answer(client, entry.query)
    if os.environ.get("CABLEGRAPH_UPDATE_COOKBOOK"):
        text = COOKBOOK.read_text(encoding="utf-8")
        start = text.index(entry.query) + len(entry.query) + len("```\n")
        rest = text[start:]
        old = _TABLE.search(rest.split("\n## ", 1)[0])
        new = "\nAnswer on the samples:\n\n" + table_of(got)
        if old:
            head = rest[: rest.index("Answer on the samples:")] if "Answer on the samples:" in rest else rest[: old.start()]
            rest = head.rstrip("\n") + "\n" + new + rest[old.end() :]
        else:
            rest = new + rest
        COOKBOOK.write_text(text[:start] + rest, encoding="utf-8")
        return
    assert entry.table is not None, f"entry {entry.number} prints no answer table"
    assert got == entry.expected()
    assert len(got) > 1, "a cookbook query must find something in the samples"


def test_every_example_in_the_sparql_editor_is_a_cookbook_query():
    queries = {" ".join(entry.query.split()) for entry in entries()}
    for path in sorted(QUESTIONS.glob("*.rq")):
        body = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("# "))
        assert " ".join(body.split()) in queries, f"{path.name} is not in docs/queries.md"
