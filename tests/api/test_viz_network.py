"""The correspondence network as the API serves it (/api/network) and as its GEXF, GraphML and CSV exports
and the cookbook's SPARQL give it: the same edges, kinds and filters everywhere."""

import csv
import io
import re

from tests.api.answers import sparql_rows


def test_network(client):
    graph = client.get("/api/network").json()
    link = next(
        link for link in graph["links"] if link["source"].endswith("/stalin") and link["target"].endswith("/mao-zedong")
    )
    assert link["kind"] == "telegram" and link["value"] == 4 and any(v.endswith("/krasovsky") for v in link["via"])
    assert link["telegrams"] == [
        "004_2d287dbd93c7e576",
        "001_86e2695bae78fc10",
        "003_1913699800420464",
        "000_fb5d5a73bc23db73",
    ]  # filled by default
    assert all(not link["telegrams"] for link in client.get("/api/network", params={"telegrams": 0}).json()["links"])
    only_1950 = client.get("/api/network", params={"end": "1950-12"}).json()
    assert (
        next(
            link
            for link in only_1950["links"]
            if link["source"].endswith("/stalin") and link["target"].endswith("/mao-zedong")
        )["value"]
        == 2
    )
    assert client.get("/api/network", params={"format": "gexf"}).text.startswith("<?xml")
    # the message Mao sent Stalin, quoted inside Roshchin's telegram 002, is there, marked as such
    quoted = [link for link in graph["links"] if link["kind"] == "embedded"]
    assert [
        (link["source"].rsplit("/", 1)[-1], link["target"].rsplit("/", 1)[-1], link["value"], link["telegrams"])
        for link in quoted
    ] == [("mao-zedong", "stalin", 1, ["002_8407d3f3e1911c0a"])]


def _short(links: list[dict]) -> list[tuple]:
    return [
        (
            link["source"].rsplit("/", 1)[-1],
            link["target"].rsplit("/", 1)[-1],
            link["kind"],
            link["value"],
            link["telegrams"],
        )
        for link in links
    ]


def test_network_has_the_unseen_telegrams_the_telegrams_refer_to(client):
    """Mao's telegrams of 1951-07-03 (cited by 003) and 1951-09-08 (cited by 000) are not in the
    corpus; 002's "your No. 4581" is telegram 001, and is counted once, as Stalin's telegram to Mao."""
    graph = client.get("/api/network").json()
    assert _short(link for link in graph["links"] if link["kind"] == "referenced") == [
        ("mao-zedong", "stalin", "referenced", 2, ["003_1913699800420464", "000_fb5d5a73bc23db73"])
    ]
    assert _short(
        link for link in graph["links"] if link["source"].endswith("/stalin") and link["target"].endswith("/mao-zedong")
    ) == [
        (
            "stalin",
            "mao-zedong",
            "telegram",
            4,
            ["004_2d287dbd93c7e576", "001_86e2695bae78fc10", "003_1913699800420464", "000_fb5d5a73bc23db73"],
        )
    ]
    mao = next(n for n in graph["nodes"] if n["id"].endswith("/mao-zedong"))
    assert mao["weight"] == 4 + 1 + 2  # telegrams received, the message quoted in 002, the two unseen telegrams
    # dated by their own dates: only the telegram of 1951-09-08 falls in September 1951
    september = client.get("/api/network", params={"start": "1951-09", "end": "1951-09"}).json()
    assert _short(link for link in september["links"] if link["kind"] == "referenced") == [
        ("mao-zedong", "stalin", "referenced", 1, ["000_fb5d5a73bc23db73"])
    ]
    assert not [
        link
        for link in client.get("/api/network", params={"end": "1950-12"}).json()["links"]
        if link["kind"] == "referenced"
    ]
    # by their own date, not the citing telegram's: 000 (1951-09-12) refers to Mao's telegram of 1951-09-08
    early_september = client.get("/api/network", params={"start": "1951-09-01", "end": "1951-09-10"}).json()
    assert _short(early_september["links"]) == [("mao-zedong", "stalin", "referenced", 1, ["000_fb5d5a73bc23db73"])]
    # as an embedded message is: Mao's of 1950-10-02, quoted in 002 of 1950-10-03
    october_2 = client.get("/api/network", params={"start": "1950-10-02", "end": "1950-10-02"}).json()
    assert _short(october_2["links"]) == [("mao-zedong", "stalin", "embedded", 1, ["002_8407d3f3e1911c0a"])]
    assert _short(
        link
        for link in client.get("/api/network", params={"min_value": 2}).json()["links"]
        if link["kind"] == "referenced"
    )
    for format, read in (("gexf", _gexf_links), ("graphml", _graphml_links), ("csv", _csv_links)):
        found = {
            (s.rsplit("/", 1)[-1], r.rsplit("/", 1)[-1], kind, n, docs)
            for s, r, kind, n, docs in read(client.get("/api/network", params={"format": format}))
        }
        assert ("mao-zedong", "stalin", "referenced", 2, ("003_1913699800420464", "000_fb5d5a73bc23db73")) in found, (
            format
        )
        assert (
            "stalin",
            "mao-zedong",
            "telegram",
            4,
            ("004_2d287dbd93c7e576", "001_86e2695bae78fc10", "003_1913699800420464", "000_fb5d5a73bc23db73"),
        ) in found, format


def _gexf_weights(response) -> dict[tuple[str, str, str], int]:
    return {(s.rsplit("/", 1)[-1], r.rsplit("/", 1)[-1], kind): n for s, r, kind, n, _ in _gexf_links(response)}


def _gexf_links(response) -> set[tuple]:
    from lxml import etree

    gexf = "{http://gexf.net/1.3}"
    found = set()
    for e in etree.fromstring(response.content).findall(f".//{gexf}edge"):
        values = {a.get("for"): a.get("value") for a in e.findall(f"{gexf}attvalues/{gexf}attvalue")}
        found.add(
            (e.get("source"), e.get("target"), values["kind"], int(e.get("weight")), tuple(values["telegrams"].split()))
        )
    return found


def _graphml_links(response) -> set[tuple]:
    from lxml import etree

    ns = "{http://graphml.graphdrawing.org/xmlns}"
    found = set()
    for e in etree.fromstring(response.content).findall(f".//{ns}edge"):
        data = {d.get("key"): d.text or "" for d in e.findall(f"{ns}data")}
        found.add(
            (e.get("source"), e.get("target"), data["kind"], int(data["weight"]), tuple(data["telegrams"].split()))
        )
    return found


def _csv_links(response) -> set[tuple]:
    import csv
    import io

    rows = csv.DictReader(io.StringIO(response.text))
    return {(r["source"], r["target"], r["kind"], int(r["weight"]), tuple(r["telegrams"].split())) for r in rows}


NETWORK = """
PREFIX cg: <https://w3id.org/cablegraph/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
SELECT ?sender ?recipient ?kind (COUNT(DISTINCT ?item) AS ?n) (GROUP_CONCAT(DISTINCT ?id; separator=" ") AS ?telegrams)
WHERE {
  { ?item a cg:Telegram ; dcterms:identifier ?id ; schema:sender ?sender ; schema:recipient ?recipient . BIND("telegram" AS ?kind) }
  UNION
  { ?item a cg:EmbeddedMessage ; cg:relayedIn/dcterms:identifier ?id ; schema:sender ?sender ; schema:recipient ?recipient .
    BIND("embedded" AS ?kind) }
  UNION
  { ?citing a cg:Telegram ; dcterms:identifier ?id ; dcterms:references ?item .
    ?item cg:unseen true ; schema:sender ?sender ; schema:recipient ?recipient . BIND("referenced" AS ?kind) }
}
GROUP BY ?sender ?recipient ?kind
"""


def test_network_json_gexf_graphml_csv_and_sparql_have_the_same_edges(client):
    """One story: every format has one edge per sender, recipient and kind, with the same weight and
    telegrams, and they are what a SPARQL query over the store finds (embedded messages and unseen
    telegrams referred to included)."""
    graph = client.get("/api/network").json()
    by_json = {
        (link["source"], link["target"], link["kind"], link["value"], tuple(link["telegrams"]))
        for link in graph["links"]
    }
    assert by_json == _gexf_links(client.get("/api/network", params={"format": "gexf"}))
    assert by_json == _graphml_links(client.get("/api/network", params={"format": "graphml"}))
    assert by_json == _csv_links(client.get("/api/network", params={"format": "csv"}))
    by_sparql = {
        (row["sender"], row["recipient"], row["kind"], int(row["n"]), tuple(sorted(row["telegrams"].split())))
        for row in sparql_rows(client, NETWORK)
    }
    assert {(s, r, k, n, tuple(sorted(docs))) for s, r, k, n, docs in by_json} == by_sparql
    assert {"telegram", "embedded", "referenced"} == {kind for _, _, kind, _, _ in by_json}
    for params in ({"end": "1950-12"}, {"person": "stalin"}, {"min_value": 2}):
        json_links = {
            (link["source"], link["target"], link["kind"], link["value"])
            for link in client.get("/api/network", params=params).json()["links"]
        }
        for format, read in (("gexf", _gexf_links), ("graphml", _graphml_links), ("csv", _csv_links)):
            assert {
                link[:4] for link in read(client.get("/api/network", params={**params, "format": format}))
            } == json_links, (params, format)


def test_the_cookbooks_network_query_finds_the_apis_links(client):
    """docs/queries.md's network query (24) gives /api/network's links, kind by kind, with the same telegrams."""
    from pathlib import Path

    cookbook = (Path(__file__).parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    entry = re.search(r"^### 24\. Who wrote to whom.*?```sparql\n(.*?)```", cookbook, re.MULTILINE | re.DOTALL)
    by_sparql = {
        (row["sender"], row["recipient"], row["kind"], int(row["weight"]), tuple(sorted(row["telegrams"].split(", "))))
        for row in sparql_rows(client, entry.group(1))
    }
    by_json = {
        (link["source"], link["target"], link["kind"], link["value"], tuple(sorted(link["telegrams"])))
        for link in client.get("/api/network").json()["links"]
    }
    assert by_sparql == by_json
    assert {kind for _, _, kind, _, _ in by_sparql} == {"telegram", "embedded", "referenced"}


def test_network_exports_take_the_same_filters_as_the_json(client):
    everything = _gexf_weights(client.get("/api/network", params={"format": "gexf"}))
    assert everything[("stalin", "mao-zedong", "telegram")] == 4
    only_1950 = _gexf_weights(client.get("/api/network", params={"format": "gexf", "end": "1950-12"}))
    assert only_1950[("stalin", "mao-zedong", "telegram")] == 2 and set(only_1950) <= set(everything)
    json_1950 = client.get("/api/network", params={"end": "1950-12"}).json()["links"]
    assert only_1950 == {
        (link["source"].rsplit("/", 1)[-1], link["target"].rsplit("/", 1)[-1], link["kind"]): link["value"]
        for link in json_1950
    }
    heavy = _gexf_weights(client.get("/api/network", params={"format": "gexf", "min_value": 4}))
    assert heavy == {pair: n for pair, n in everything.items() if n >= 4}
    roshchin = _gexf_weights(client.get("/api/network", params={"format": "gexf", "person": "roshchin"}))
    assert roshchin and all("roshchin" in pair for pair in roshchin)
    text = client.get("/api/network", params={"format": "csv", "start": "1951-01"}).text
    assert text.splitlines()[0] == "source,source_label,target,target_label,kind,weight,date,telegrams"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(row["date"] >= "1951" for row in rows)
