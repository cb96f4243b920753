import csv
import io


def test_people_with_counts(client):
    page = client.get("/api/people", params={"limit": 3}).json()
    assert page["items"][0]["id"] == "stalin"
    # a copy holder is also a person the telegram names (the dev corpus's convention): 4 copies, 4 mentions
    assert page["items"][0]["counts"] == {"sender": 4, "recipient": 1, "mentioned": 4, "copy-holder": 4}
    assert page["next"] and page["total"] > 3
    assert client.get("/api/people", params={"q": "rosh"}).json()["items"][0]["id"] == "roshchin"


def test_places_geojson(client):
    response = client.get("/api/places")
    assert response.headers["content-type"].startswith("application/geo+json")
    features = {f["properties"]["id"]: f for f in response.json()["features"]}
    assert features["incheon"]["geometry"]["coordinates"] == [126.7052, 37.4563]
    july = client.get("/api/places", params={"start": "1950-07", "end": "1950-07"}).json()
    assert {f["properties"]["id"] for f in july["features"]} >= {"shanghai", "beijing"}
    assert "incheon" not in {f["properties"]["id"] for f in july["features"]}


def test_network(client):
    graph = client.get("/api/network").json()
    link = next(l for l in graph["links"] if l["source"].endswith("/stalin") and l["target"].endswith("/mao-zedong"))
    assert link["kind"] == "telegram" and link["value"] == 4 and any(v.endswith("/krasovsky") for v in link["via"])
    assert link["telegrams"] == ["004_2d287dbd93c7e576", "001_86e2695bae78fc10", "003_1913699800420464", "000_fb5d5a73bc23db73"]  # filled by default
    assert all(not l["telegrams"] for l in client.get("/api/network", params={"telegrams": 0}).json()["links"])
    only_1950 = client.get("/api/network", params={"end": "1950-12"}).json()
    assert next(l for l in only_1950["links"] if l["source"].endswith("/stalin") and l["target"].endswith("/mao-zedong"))["value"] == 2
    assert client.get("/api/network", params={"format": "gexf"}).text.startswith("<?xml")
    # the message Mao sent Stalin, quoted inside Roshchin's telegram 002, is there, marked as such
    quoted = [l for l in graph["links"] if l["kind"] == "embedded"]
    assert [(l["source"].rsplit("/", 1)[-1], l["target"].rsplit("/", 1)[-1], l["value"], l["telegrams"]) for l in quoted] == [
        ("mao-zedong", "stalin", 1, ["002_8407d3f3e1911c0a"])]


def _short(links: list[dict]) -> list[tuple]:
    return [(l["source"].rsplit("/", 1)[-1], l["target"].rsplit("/", 1)[-1], l["kind"], l["value"], l["telegrams"]) for l in links]


def test_network_has_the_unseen_telegrams_the_telegrams_refer_to(client):
    """Mao's telegrams of 1951-07-03 (cited by 003) and 1951-09-08 (cited by 000) are not in the
    corpus; 002's "your No. 4581" is telegram 001, and is counted once, as Stalin's telegram to Mao."""
    graph = client.get("/api/network").json()
    assert _short(l for l in graph["links"] if l["kind"] == "referenced") == [
        ("mao-zedong", "stalin", "referenced", 2, ["003_1913699800420464", "000_fb5d5a73bc23db73"])]
    assert _short(l for l in graph["links"] if l["source"].endswith("/stalin") and l["target"].endswith("/mao-zedong")) == [
        ("stalin", "mao-zedong", "telegram", 4, ["004_2d287dbd93c7e576", "001_86e2695bae78fc10", "003_1913699800420464", "000_fb5d5a73bc23db73"])]
    mao = next(n for n in graph["nodes"] if n["id"].endswith("/mao-zedong"))
    assert mao["weight"] == 4 + 1 + 2  # telegrams received, the message quoted in 002, the two unseen telegrams
    # dated by their own dates: only the telegram of 1951-09-08 falls in September 1951
    september = client.get("/api/network", params={"start": "1951-09", "end": "1951-09"}).json()
    assert _short(l for l in september["links"] if l["kind"] == "referenced") == [("mao-zedong", "stalin", "referenced", 1, ["000_fb5d5a73bc23db73"])]
    assert not [l for l in client.get("/api/network", params={"end": "1950-12"}).json()["links"] if l["kind"] == "referenced"]
    # by their own date, not the citing telegram's: 000 (1951-09-12) refers to Mao's telegram of 1951-09-08
    early_september = client.get("/api/network", params={"start": "1951-09-01", "end": "1951-09-10"}).json()
    assert _short(early_september["links"]) == [("mao-zedong", "stalin", "referenced", 1, ["000_fb5d5a73bc23db73"])]
    # as an embedded message is: Mao's of 1950-10-02, quoted in 002 of 1950-10-03
    october_2 = client.get("/api/network", params={"start": "1950-10-02", "end": "1950-10-02"}).json()
    assert _short(october_2["links"]) == [("mao-zedong", "stalin", "embedded", 1, ["002_8407d3f3e1911c0a"])]
    assert _short(l for l in client.get("/api/network", params={"min_value": 2}).json()["links"] if l["kind"] == "referenced")
    for format, read in (("gexf", _gexf_links), ("graphml", _graphml_links), ("csv", _csv_links)):
        found = {(s.rsplit("/", 1)[-1], r.rsplit("/", 1)[-1], kind, n, docs) for s, r, kind, n, docs in read(client.get("/api/network", params={"format": format}))}
        assert ("mao-zedong", "stalin", "referenced", 2, ("003_1913699800420464", "000_fb5d5a73bc23db73")) in found, format
        assert ("stalin", "mao-zedong", "telegram", 4, ("004_2d287dbd93c7e576", "001_86e2695bae78fc10", "003_1913699800420464", "000_fb5d5a73bc23db73")) in found, format


def _gexf_weights(response) -> dict[tuple[str, str, str], int]:
    return {(s.rsplit("/", 1)[-1], r.rsplit("/", 1)[-1], kind): n for s, r, kind, n, _ in _gexf_links(response)}


def _gexf_links(response) -> set[tuple]:
    from lxml import etree

    gexf = "{http://gexf.net/1.3}"
    found = set()
    for e in etree.fromstring(response.content).findall(f".//{gexf}edge"):
        values = {a.get("for"): a.get("value") for a in e.findall(f"{gexf}attvalues/{gexf}attvalue")}
        found.add((e.get("source"), e.get("target"), values["kind"], int(e.get("weight")), tuple(values["telegrams"].split())))
    return found


def _graphml_links(response) -> set[tuple]:
    from lxml import etree

    ns = "{http://graphml.graphdrawing.org/xmlns}"
    found = set()
    for e in etree.fromstring(response.content).findall(f".//{ns}edge"):
        data = {d.get("key"): d.text or "" for d in e.findall(f"{ns}data")}
        found.add((e.get("source"), e.get("target"), data["kind"], int(data["weight"]), tuple(data["telegrams"].split())))
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
    by_json = {(l["source"], l["target"], l["kind"], l["value"], tuple(l["telegrams"])) for l in graph["links"]}
    assert by_json == _gexf_links(client.get("/api/network", params={"format": "gexf"}))
    assert by_json == _graphml_links(client.get("/api/network", params={"format": "graphml"}))
    assert by_json == _csv_links(client.get("/api/network", params={"format": "csv"}))
    by_sparql = {(row["sender"], row["recipient"], row["kind"], int(row["n"]), tuple(sorted(row["telegrams"].split())))
                 for row in _sparql(client, NETWORK)}
    assert {(s, r, k, n, tuple(sorted(docs))) for s, r, k, n, docs in by_json} == by_sparql
    assert {"telegram", "embedded", "referenced"} == {kind for _, _, kind, _, _ in by_json}
    for params in ({"end": "1950-12"}, {"person": "stalin"}, {"min_value": 2}):
        json_links = {(l["source"], l["target"], l["kind"], l["value"]) for l in client.get("/api/network", params=params).json()["links"]}
        for format, read in (("gexf", _gexf_links), ("graphml", _graphml_links), ("csv", _csv_links)):
            assert {link[:4] for link in read(client.get("/api/network", params={**params, "format": format}))} == json_links, (params, format)


def test_the_cookbooks_network_query_finds_the_apis_links(client):
    """docs/queries.md's network query (24) gives /api/network's links, kind by kind, with the same telegrams."""
    import re
    from pathlib import Path

    cookbook = (Path(__file__).parents[2] / "docs" / "queries.md").read_text(encoding="utf-8")
    entry = re.search(r"^### 24\. Who wrote to whom.*?```sparql\n(.*?)```", cookbook, re.MULTILINE | re.DOTALL)
    by_sparql = {(row["sender"], row["recipient"], row["kind"], int(row["weight"]), tuple(sorted(row["telegrams"].split(", "))))
                 for row in _sparql(client, entry.group(1))}
    by_json = {(l["source"], l["target"], l["kind"], l["value"], tuple(sorted(l["telegrams"]))) for l in client.get("/api/network").json()["links"]}
    assert by_sparql == by_json
    assert {kind for _, _, kind, _, _ in by_sparql} == {"telegram", "embedded", "referenced"}


def test_network_exports_take_the_same_filters_as_the_json(client):
    everything = _gexf_weights(client.get("/api/network", params={"format": "gexf"}))
    assert everything[("stalin", "mao-zedong", "telegram")] == 4
    only_1950 = _gexf_weights(client.get("/api/network", params={"format": "gexf", "end": "1950-12"}))
    assert only_1950[("stalin", "mao-zedong", "telegram")] == 2 and set(only_1950) <= set(everything)
    json_1950 = client.get("/api/network", params={"end": "1950-12"}).json()["links"]
    assert only_1950 == {(l["source"].rsplit("/", 1)[-1], l["target"].rsplit("/", 1)[-1], l["kind"]): l["value"] for l in json_1950}
    heavy = _gexf_weights(client.get("/api/network", params={"format": "gexf", "min_value": 4}))
    assert heavy == {pair: n for pair, n in everything.items() if n >= 4}
    roshchin = _gexf_weights(client.get("/api/network", params={"format": "gexf", "person": "roshchin"}))
    assert roshchin and all("roshchin" in pair for pair in roshchin)
    text = client.get("/api/network", params={"format": "csv", "start": "1951-01"}).text
    assert text.splitlines()[0] == "source,source_label,target,target_label,kind,weight,date,telegrams"
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows and all(row["date"] >= "1951" for row in rows)


def test_timeline_and_units(client):
    months = client.get("/api/timeline").json()
    assert [p["period"] for p in months] == ["1950-07", "1950-10", "1951-07", "1951-09"]
    assert months[1]["count"] == 2
    years = client.get("/api/timeline", params={"granularity": "year"}).json()
    assert [(p["period"], p["count"]) for p in years] == [("1950", 3), ("1951", 2)]
    units = client.get("/api/units").json()
    assert {"type": "division", "affiliation": "chinese", "month": "1950-07", "count": 1, "units": 9, "telegrams": 1} in units


UNIT_TOTALS = """
PREFIX cg: <https://w3id.org/cablegraph/ns#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?type ?affiliation (COUNT(DISTINCT ?formation) AS ?formations) (SUM(?size) AS ?units) (COUNT(DISTINCT ?telegram) AS ?telegrams)
WHERE {
  ?telegram a cg:Telegram ; cg:mentionsUnit ?formation .
  ?formation cg:unitType/skos:prefLabel ?label FILTER(LANG(?label) = "en")
  BIND(REPLACE(STR(?label), " ", "-") AS ?type)  # the API's type code is the English label, hyphenated
  OPTIONAL { ?formation cg:affiliation ?affiliation }
  OPTIONAL { ?formation cg:unitCount ?count }
  BIND(COALESCE(?count, 1) AS ?size)
}
GROUP BY ?type ?affiliation
"""


def _sparql(client, query: str) -> list[dict]:
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def test_unit_totals_by_type_and_affiliation_equal_the_sparql_answer(client):
    """Formations, not mentions: each formation a telegram names counts once, however many of its
    versions carry it; the API's totals are what a SPARQL query over the store counts."""
    api = {(u["type"], u["affiliation"]): (u["count"], u["units"], u["telegrams"])
           for u in client.get("/api/units", params={"by_month": "false"}).json()}
    sparql = {(row["type"], row.get("affiliation")): (int(row["formations"]), int(row["units"]), int(row["telegrams"]))
              for row in _sparql(client, UNIT_TOTALS)}
    assert api == sparql
    assert all(u["month"] is None for u in client.get("/api/units", params={"by_month": "false"}).json())
    # the months add up to the totals
    by_month = client.get("/api/units").json()
    assert sum(u["count"] for u in by_month) == sum(n for n, _, _ in api.values())


def test_seed_001_names_three_formations_once_each_whatever_its_versions(client):
    # 001 is read in Russian, in a published transcript and in English: its formations count once each
    day = client.get("/api/units", params={"start": "1950-10-01", "end": "1950-10-01", "by_month": "false"}).json()
    assert sorted((u["type"], u["affiliation"], u["count"], u["units"]) for u in day) == [
        ("army-group", "north-korean", 1, 2), ("division", "chinese", 1, 5), ("division", "north-korean", 1, 4)]


def test_thread_around_seed_002(client):
    thread = client.get("/api/threads/002_8407d3f3e1911c0a").json()
    kinds = {(n["kind"], n["id"]) for n in thread["nodes"]}
    assert ("telegram", "001_86e2695bae78fc10") in kinds
    assert any(n["kind"] == "embedded" for n in thread["nodes"])
    back = client.get("/api/threads/001_86e2695bae78fc10").json()
    assert any(e["source"].endswith("002_8407d3f3e1911c0a") for e in back["edges"])
    assert client.get("/api/threads/nope").status_code == 404


def test_bad_parameters_are_422_problems(client):
    response = client.get("/api/places", params={"start": "last week"})
    assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"


def test_person_detail(client):
    stalin = client.get("/api/people/stalin").json()
    assert stalin["label"] == "Joseph Stalin" and stalin["in_authority"]
    assert "Filippov" in stalin["pseudonyms"] and "F I L I P P O V" in stalin["as_written"]
    assert len(stalin["telegrams"]["sender"]) == 4
    mao = next(c for c in stalin["correspondents"] if c["id"] == "mao-zedong")
    assert (mao["sent_to"], mao["received_from"]) == (4, 0)
    roshchin = client.get("/api/people/roshchin").json()
    assert any(p["post"] == "soviet-ambassador-china" for p in roshchin["posts"])
    assert client.get("/api/people/nobody-at-all").status_code == 404


def test_place_detail_and_filters(client):
    incheon = client.get("/api/places/incheon").json()
    assert (incheon["lat"], incheon["lon"]) == (37.4563, 126.7052) and len(incheon["telegrams"]) == 1
    assert client.get("/api/places/atlantis").status_code == 404
    named = client.get("/api/places", params={"q": "inch"}).json()["features"]
    assert [f["properties"]["id"] for f in named] == ["incheon"]


def test_network_for_one_person(client):
    ego = client.get("/api/network", params={"person": "roshchin"}).json()
    assert ego["links"] and all("roshchin" in (l["source"] + l["target"]) for l in ego["links"])
    assert {n["id"] for n in ego["nodes"]} >= {l["source"] for l in ego["links"]}


ROLE_COUNTS = """
PREFIX cg: <https://w3id.org/cablegraph/ns#>
PREFIX schema: <https://schema.org/>
SELECT ?role (COUNT(DISTINCT ?telegram) AS ?telegrams)
WHERE {
  ?telegram a cg:Telegram ; ?role <http://127.0.0.1:8000/id/person/PERSON> .
  VALUES ?role { schema:sender schema:recipient cg:viaIntermediary schema:mentions schema:translator schema:ccRecipient }
}
GROUP BY ?role
"""


def test_people_roles_are_the_ontology_terms_and_count_what_sparql_counts(client):
    from cablegraph.graph.catalogue.summary import ROLE_ALIASES, ROLES, role_named
    from cablegraph.ontology import PREFIXES

    by_predicate = {PREFIXES[p.split(":")[0]] + p.split(":")[1]: role for p, role in ROLES.items()}
    assert set(ROLES.values()) == {"sender", "recipient", "intermediary", "mentioned", "translator", "copy-holder"}
    for person in ("stalin", "roshchin", "krasovsky", "mao-zedong"):
        api = next(p for p in client.get("/api/people", params={"limit": 200}).json()["items"] if p["id"] == person)["counts"]
        sparql = {by_predicate[row["role"]]: int(row["telegrams"]) for row in _sparql(client, ROLE_COUNTS.replace("PERSON", person))}
        assert api == sparql, person
        detail = client.get(f"/api/people/{person}").json()["telegrams"]
        assert {role: len(docs) for role, docs in detail.items()} == sparql, person
    # the earlier names still name the same roles
    assert all(role_named(old) == new for old, new in ROLE_ALIASES.items())
    assert {role_named(old) for old in ("sent", "received", "relayed", "copied")} == {"sender", "recipient", "intermediary", "copy-holder"}
    assert role_named("author") is None


UNSEEN_REFERENCES = """
PREFIX cg: <https://w3id.org/cablegraph/ns#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX schema: <https://schema.org/>
SELECT ?reference ?sender ?recipient ?date
WHERE {
  ?telegram a cg:Telegram ; dcterms:identifier "DOC" ; dcterms:references ?reference .
  ?reference a cg:DescribedTelegram .
  FILTER NOT EXISTS { ?reference owl:sameAs ?seen }
  OPTIONAL { ?reference schema:sender ?sender }
  OPTIONAL { ?reference schema:recipient ?recipient }
  OPTIONAL { ?reference schema:dateCreated ?date }
}
"""


def test_a_thread_shows_the_unseen_telegram_it_answers_with_its_sender(client):
    """000 and 003 answer telegrams of Mao's that the collection lacks: the thread keeps each one,
    with the sender, recipient and date the reference gives, as SPARQL finds them."""
    for doc in ("000_fb5d5a73bc23db73", "003_1913699800420464"):
        thread = client.get(f"/api/threads/{doc}").json()
        unseen = {(n["iri"], n["sender"], n["recipient"], n["date"]) for n in thread["nodes"] if n["kind"] == "described"}
        sparql = {(row["reference"], row.get("sender"), row.get("recipient"), row.get("date")) for row in _sparql(client, UNSEEN_REFERENCES.replace("DOC", doc))}
        assert unseen == sparql and unseen, doc
        assert all(sender.endswith("/mao-zedong") and recipient.endswith("/stalin") for _, sender, recipient, _ in unseen)
        assert all(n["seen"] is False for n in thread["nodes"] if n["kind"] == "described")
        targets = [e["target"] for e in thread["edges"] if e["kind"] == "refers-to"]
        assert len(targets) == len(set(targets)) and {iri for iri, *_ in unseen} <= set(targets)
    # a resolved reference is the telegram itself, once
    thread = client.get("/api/threads/002_8407d3f3e1911c0a").json()
    assert [n["id"] for n in thread["nodes"] if n["kind"] == "telegram"] == ["002_8407d3f3e1911c0a", "001_86e2695bae78fc10"]
    assert [n for n in thread["nodes"] if n["kind"] == "embedded"][0]["sender"].endswith("/mao-zedong")
