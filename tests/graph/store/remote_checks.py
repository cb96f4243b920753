"""What "serves exactly what the embedded store serves" means, checked term for term: the graphs, every
cookbook query, the JSON API, linked-data pages, VoID, the dump and the exports (tests/graph/store/test_remote.py
runs these against each live engine)."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient
from rdflib import Graph, Literal, URIRef
from typer.testing import CliRunner

from cablegraph.api.settings import Settings
from cablegraph.graph.store.embedded import GraphStore
from cablegraph.graph.store.remote import RemoteGraphStore
from tests.conftest import BASE

COOKBOOK = Path(__file__).resolve().parents[3] / "docs" / "queries.md"


API_ROUTES = (
    "/api/telegrams?limit=500",
    "/api/telegrams?q=Мао",
    "/api/telegrams?person=stalin&role=sent",
    "/api/people",
    "/api/people/stalin",
    "/api/places",
    "/api/network",
    "/api/timeline?granularity=month",
    "/api/units",
    "/api/threads/002_8407d3f3e1911c0a",
)


EXPORTS = (
    "json",
    "nq",
    "gexf",
    "geojson",
    "cmif",
)  # records, the dump, the network (csv and graphml share its query), places, authorities


XSD_DATETIME = URIRef("http://www.w3.org/2001/XMLSchema#dateTime")


_BUILD_TIME = re.compile(
    r'"\d{4}-\d\d-\d\dT[\d:.]+(?:Z|[+-]\d\d:\d\d)?"\^\^<http://www.w3.org/2001/XMLSchema#dateTime>'
)


def untimed(triples) -> set[tuple]:
    """Triples with the build's own times (prov:generatedAtTime, prov:endedAtTime) left out: the two
    stores were built at different moments. Their datatype still counts."""
    return {(s, p, o.datatype if isinstance(o, Literal) and o.datatype == XSD_DATETIME else o) for s, p, o in triples}


def same_graphs(store: RemoteGraphStore, embedded: GraphStore) -> None:
    """Every graph comes back from the engine term for term: datatypes, languages, Cyrillic, long
    texts, coordinates."""
    assert store.named_graphs() == embedded.named_graphs()
    assert store.quad_count() == embedded.quad_count()
    for iri in embedded.named_graphs():
        assert untimed(store.graph_triples(iri)) == untimed(embedded.graph_triples(iri)), iri
    assert store.has_graph(embedded.named_graphs()[0]) and not store.has_graph(BASE + "graph/telegram/none")


def cookbook_queries() -> list[str]:
    return re.findall(r"```sparql\n(.*?)```", COOKBOOK.read_text(encoding="utf-8"), re.DOTALL)


def solutions(app: TestClient, query: str) -> list[dict]:
    response = app.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, f"{response.status_code} {response.text[:500]}\n{query}"
    return response.json()["results"]["bindings"]


def same_answers(remote: TestClient, embedded: TestClient, deviation: tuple[re.Pattern[str], str] | None) -> set[str]:
    """/sparql (every cookbook query), the JSON API, linked-data pages, VoID and the dump; the API
    routes that answered differently are returned (the caller knows which are still expected to)."""
    _same_cookbook_answers(remote, embedded, deviation)
    ask = "ASK { ?t a <https://w3id.org/cablegraph/ns#Telegram> }"
    assert (
        remote.get("/sparql", params={"query": ask}, headers={"Accept": "application/sparql-results+json"}).json()[
            "boolean"
        ]
        is True
    )
    routes = [
        *API_ROUTES,
        *(
            f"/api/telegrams/{doc_id}"
            for doc_id in ("000_fb5d5a73bc23db73", "002_8407d3f3e1911c0a", "004_2d287dbd93c7e576")
        ),
    ]
    different = set()
    for route in routes:
        got, want = remote.get(route), embedded.get(route)
        assert got.status_code == want.status_code == 200, (route, got.status_code, got.text[:300])
        if got.json() != want.json():
            different.add(route)
    _same_pages(remote, embedded)
    void = remote.get("/.well-known/void").text
    triples = re.search(r"void:triples (\d+)", void)
    assert triples and triples.group(1) == re.search(
        r"void:triples (\d+)", embedded.get("/.well-known/void").text
    ).group(1)
    dump = gzip.decompress(remote.get("/dumps/cablegraph.nq.gz").content).decode("utf-8")
    assert dump.count("\n") == int(triples.group(1))
    return different


def _same_cookbook_answers(
    remote: TestClient, embedded: TestClient, deviation: tuple[re.Pattern[str], str] | None
) -> None:
    """Every cookbook query answers alike, but for an engine's known deviation (rows lost, none added)."""
    queries = cookbook_queries()
    assert len(queries) >= 20
    differ = {}
    for number, query in enumerate(queries, 1):
        got, want = solutions(remote, query), solutions(embedded, query)
        if deviation and deviation[0].search(
            query
        ):  # the engine's known bug (not on every database): rows may be lost, none added
            assert set(normal(got)) <= set(normal(want)), (number, deviation[1])
        elif normal(got) != normal(want) or _first_key(query, got) != _first_key(query, want):
            differ[number] = (got[:3], want[:3])
    assert not differ, f"cookbook queries answered differently: {differ}"


def _same_pages(remote: TestClient, embedded: TestClient) -> None:
    """Linked-data pages: the same triples (build times aside), the same redirect and HTML title."""
    for page in ("/doc/telegram/001_86e2695bae78fc10.ttl", "/doc/person/stalin.ttl", "/doc/person/roshchin.ttl"):
        got, want = remote.get(page), embedded.get(page)
        assert got.status_code == want.status_code == 200, page
        got_graph, want_graph = (
            Graph().parse(data=got.text, format="turtle"),
            Graph().parse(data=want.text, format="turtle"),
        )
        assert untimed(got_graph) == untimed(want_graph), page
    redirect = remote.get("/id/telegram/001_86e2695bae78fc10", follow_redirects=False)
    assert redirect.status_code == 303 and redirect.headers["location"] == "/doc/telegram/001_86e2695bae78fc10"
    html = remote.get("/doc/telegram/001_86e2695bae78fc10", headers={"Accept": "text/html"})
    title = re.search(r"<title>.*?</title>", html.text).group()
    assert html.status_code == 200 and "(via Roshchin)" in title
    assert (
        title
        == re.search(
            r"<title>.*?</title>",
            embedded.get("/doc/telegram/001_86e2695bae78fc10", headers={"Accept": "text/html"}).text,
        ).group()
    )


def _cell(term: dict) -> list:
    """A result term for comparison. Where engines read SPARQL differently, either answer counts: the
    order of the parts of a GROUP_CONCAT, whether it keeps its parts' common language, and whether a
    GROUP_CONCAT of nothing is "" (Virtuoso) or unbound (Oxigraph)."""
    if term["type"] == "literal" and "datatype" not in term:
        return ["literal", sorted(term["value"].split(", "))]
    return [term["type"], term["value"], term.get("datatype")]


def normal(bindings: list[dict]) -> list[str]:
    return sorted(
        json.dumps(
            {name: _cell(term) for name, term in row.items() if term != {"type": "literal", "value": ""}},
            sort_keys=True,
        )
        for row in bindings
    )


def _first_key(query: str, bindings: list[dict]) -> list:
    """The rows' order by the first ORDER BY key (rows tied on it may come in any order)."""
    key = re.search(r"ORDER BY\s+(?:(?:ASC|DESC)\s*\(\s*)?\?(\w+)", query, re.IGNORECASE)
    return [row.get(key.group(1), {}).get("value") for row in bindings] if key else []


def same_exports(settings: Settings, embedded_path: Path, monkeypatch, tmp_path: Path) -> None:
    """`cablegraph export` in every format gives the same file from the engine as from the embedded store."""
    from cablegraph.cli.app import app

    runner = CliRunner()
    for fmt in EXPORTS:
        outputs = []
        for env in (settings_env(settings), {"CABLEGRAPH_STORE": str(embedded_path), "CABLEGRAPH_BASE_IRI": BASE}):
            with monkeypatch.context() as patch:
                for name in (
                    "STORE",
                    "STORE_URL",
                    "STORE_GSP_URL",
                    "STORE_USER",
                    "STORE_PASSWORD",
                    "STORE_UNION_PARAMETER",
                ):
                    patch.delenv(f"CABLEGRAPH_{name}", raising=False)
                for name, value in env.items():
                    patch.setenv(name, value)
                target = tmp_path / f"export-{len(outputs)}.{fmt}"
                result = runner.invoke(app, ["export", "--format", fmt, "-o", str(target)])
                assert result.exit_code == 0, (fmt, result.output)
                outputs.append(target.read_bytes())
        got, want = outputs
        got, want = _BUILD_TIME.sub('"T"', got.decode("utf-8")), _BUILD_TIME.sub('"T"', want.decode("utf-8"))
        if fmt == "nq":  # the same quads; the order is the engine's
            assert sorted(got.splitlines()) == sorted(want.splitlines())
        else:
            assert got == want, fmt


def settings_env(settings: Settings) -> dict[str, str]:
    fields = ("store_url", "store_gsp_url", "store_user", "store_password", "store_union_parameter", "base_iri")
    return {f"CABLEGRAPH_{name.upper()}": str(getattr(settings, name) or "") for name in fields}
