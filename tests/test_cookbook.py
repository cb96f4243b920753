"""The query cookbook (docs/queries.md) is a test: every query runs against the samples through
`/sparql` and must give exactly the answer table printed under it, and every example the SPARQL
editor offers is one of the cookbook's queries: the editor's examples (api/templates/questions/*.rq,
packaged with the templates) are generated from the cookbook, one file per entry, with its title, its
group (the `##` heading above it) and its reading-room page (`<!-- reading room: /path -->`).

After a deliberate change of the graph or of the cookbook, `CABLEGRAPH_UPDATE_COOKBOOK=1 pytest
tests/test_cookbook.py` rewrites the answer tables from the live answers and the editor's examples from
the cookbook; read the diff before committing it.
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
_ENTRY = re.compile(r"^### (?P<number>\d+)\. (?P<title>.+?)\n(?P<body>.*?)(?=^##|\Z)", re.MULTILINE | re.DOTALL)
_GROUP = re.compile(r"^## (?P<group>[^#\n].*)$", re.MULTILINE)
_PAGE = re.compile(r"^<!-- reading room: (?P<page>/\S*) -->$", re.MULTILINE)
_QUERY = re.compile(r"```sparql\n(?P<query>.*?)```", re.DOTALL)
_TABLE = re.compile(r"(?P<table>(?:^\|.*\|\n)+)", re.MULTILINE)
_BASE = "http://127.0.0.1:8000/id/"


@dataclass(frozen=True)
class Entry:
    number: int
    title: str
    query: str
    table: str | None  # the answer table as printed, or None when the entry has none yet
    group: str = ""
    page: str | None = None

    def example(self) -> str:
        """The editor's example file for this entry: headers the reading room reads, then the query."""
        headers = [f"# question: {self.title}", f"# group: {self.group}"] + [f"# page: {self.page}"] * bool(self.page)
        return "\n".join(headers) + "\n" + self.query

    def expected(self) -> list[list[str]]:
        rows = [line.strip().strip("|").split("|") for line in (self.table or "").strip().splitlines()]
        return [
            [cell.strip().replace("\\|", "|") for cell in row] for row in rows if not set("".join(row)) <= set("-: ")
        ]


def entries() -> list[Entry]:
    text = COOKBOOK.read_text(encoding="utf-8")
    found = []
    groups = [(m.start(), m["group"].strip()) for m in _GROUP.finditer(text)]
    for match in _ENTRY.finditer(text):
        query = _QUERY.search(match["body"])
        assert query, f"cookbook entry {match['number']} has no ```sparql block"
        after = match["body"][query.end() :]
        table = _TABLE.search(after)
        group = [name for start, name in groups if start < match.start()]
        page = _PAGE.search(match["body"][: query.start()])
        found.append(
            Entry(
                int(match["number"]),
                match["title"].strip(),
                query["query"],
                table["table"] if table else None,
                group[-1] if group else "",
                page["page"] if page else None,
            )
        )
    return found


def examples() -> dict[str, str]:
    """The editor's example files as the cookbook makes them: q01.rq, q02.rq, ..."""
    return {f"q{entry.number:02d}.rq": entry.example() for entry in entries()}


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
                return f"{prefix}:{value[len(namespace) :]}"
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
        old = _TABLE.search(rest.split("\n#", 1)[0])
        new = "\nAnswer on the samples:\n\n" + table_of(got)
        if old:
            head = (
                rest[: rest.index("Answer on the samples:")]
                if "Answer on the samples:" in rest
                else rest[: old.start()]
            )
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


def test_the_editor_offers_every_cookbook_entry_under_its_title_and_group():
    wanted = examples()
    if os.environ.get("CABLEGRAPH_UPDATE_COOKBOOK"):
        for path in QUESTIONS.glob("*.rq"):
            if path.name not in wanted:
                path.unlink()
        for name, text in wanted.items():
            (QUESTIONS / name).write_text(text, encoding="utf-8")
    on_disk = {path.name: path.read_text(encoding="utf-8") for path in QUESTIONS.glob("*.rq")}
    assert on_disk == wanted, (
        "api/templates/questions/ differs from docs/queries.md: run with CABLEGRAPH_UPDATE_COOKBOOK=1"
    )
    assert all(entry.group for entry in entries()), "every cookbook entry sits under a ## group heading"
    assert len({entry.group for entry in entries()}) >= 5


def test_the_cookbook_groups_and_pages_are_read():
    first = entries()[0]
    assert first.group == "People and their names"
    assert first.page == "/doc/person/stalin"
    assert first.example().splitlines()[:3] == [
        "# question: Every telegram from Stalin to Mao, whatever name Stalin signed",
        "# group: People and their names",
        "# page: /doc/person/stalin",
    ]
