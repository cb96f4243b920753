"""The visualisation API (people, places, timeline, units, threads, people's roles) against the samples."""

from tests.api.answers import sparql_rows


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


def test_timeline_and_units(client):
    months = client.get("/api/timeline").json()
    assert [p["period"] for p in months] == ["1950-07", "1950-10", "1951-07", "1951-09"]
    assert months[1]["count"] == 2
    years = client.get("/api/timeline", params={"granularity": "year"}).json()
    assert [(p["period"], p["count"]) for p in years] == [("1950", 3), ("1951", 2)]
    units = client.get("/api/units").json()
    assert {
        "type": "division",
        "affiliation": "chinese",
        "month": "1950-07",
        "count": 1,
        "units": 9,
        "telegrams": 1,
    } in units


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


def test_unit_totals_by_type_and_affiliation_equal_the_sparql_answer(client):
    """Formations, not mentions: each formation a telegram names counts once, however many of its
    versions carry it; the API's totals are what a SPARQL query over the store counts."""
    api = {
        (u["type"], u["affiliation"]): (u["count"], u["units"], u["telegrams"])
        for u in client.get("/api/units", params={"by_month": "false"}).json()
    }
    sparql = {
        (row["type"], row.get("affiliation")): (int(row["formations"]), int(row["units"]), int(row["telegrams"]))
        for row in sparql_rows(client, UNIT_TOTALS)
    }
    assert api == sparql
    assert all(u["month"] is None for u in client.get("/api/units", params={"by_month": "false"}).json())
    # the months add up to the totals
    by_month = client.get("/api/units").json()
    assert sum(u["count"] for u in by_month) == sum(n for n, _, _ in api.values())


def test_seed_001_names_three_formations_once_each_whatever_its_versions(client):
    # 001 is read in Russian, in a published transcript and in English: its formations count once each
    day = client.get("/api/units", params={"start": "1950-10-01", "end": "1950-10-01", "by_month": "false"}).json()
    assert sorted((u["type"], u["affiliation"], u["count"], u["units"]) for u in day) == [
        ("army-group", "north-korean", 1, 2),
        ("division", "chinese", 1, 5),
        ("division", "north-korean", 1, 4),
    ]


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
    assert ego["links"] and all("roshchin" in (link["source"] + link["target"]) for link in ego["links"])
    assert {n["id"] for n in ego["nodes"]} >= {link["source"] for link in ego["links"]}


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
        api = next(p for p in client.get("/api/people", params={"limit": 200}).json()["items"] if p["id"] == person)[
            "counts"
        ]
        sparql = {
            by_predicate[row["role"]]: int(row["telegrams"])
            for row in sparql_rows(client, ROLE_COUNTS.replace("PERSON", person))
        }
        assert api == sparql, person
        detail = client.get(f"/api/people/{person}").json()["telegrams"]
        assert {role: len(docs) for role, docs in detail.items()} == sparql, person
    # the earlier names still name the same roles
    assert all(role_named(old) == new for old, new in ROLE_ALIASES.items())
    assert {role_named(old) for old in ("sent", "received", "relayed", "copied")} == {
        "sender",
        "recipient",
        "intermediary",
        "copy-holder",
    }
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
        unseen = {
            (n["iri"], n["sender"], n["recipient"], n["date"]) for n in thread["nodes"] if n["kind"] == "described"
        }
        sparql = {
            (row["reference"], row.get("sender"), row.get("recipient"), row.get("date"))
            for row in sparql_rows(client, UNSEEN_REFERENCES.replace("DOC", doc))
        }
        assert unseen == sparql and unseen, doc
        assert all(
            sender.endswith("/mao-zedong") and recipient.endswith("/stalin") for _, sender, recipient, _ in unseen
        )
        assert all(n["seen"] is False for n in thread["nodes"] if n["kind"] == "described")
        targets = [e["target"] for e in thread["edges"] if e["kind"] == "refers-to"]
        assert len(targets) == len(set(targets)) and {iri for iri, *_ in unseen} <= set(targets)
    # a resolved reference is the telegram itself, once
    thread = client.get("/api/threads/002_8407d3f3e1911c0a").json()
    assert [n["id"] for n in thread["nodes"] if n["kind"] == "telegram"] == [
        "002_8407d3f3e1911c0a",
        "001_86e2695bae78fc10",
    ]
    assert next(n for n in thread["nodes"] if n["kind"] == "embedded")["sender"].endswith("/mao-zedong")
