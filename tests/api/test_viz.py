def test_people_with_counts(client):
    page = client.get("/api/people", params={"limit": 3}).json()
    assert page["items"][0]["id"] == "stalin"
    # a copy holder is also a person the telegram names (the dev corpus's convention): 4 copies, 4 mentions
    assert page["items"][0]["counts"] == {"sent": 4, "received": 1, "mentioned": 4, "copied": 4}
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
    assert link["value"] == 4 and any(v.endswith("/krasovsky") for v in link["via"])
    assert link["telegrams"] == ["004_2d287dbd93c7e576", "001_86e2695bae78fc10", "003_1913699800420464", "000_fb5d5a73bc23db73"]  # filled by default
    assert all(not l["telegrams"] for l in client.get("/api/network", params={"telegrams": 0}).json()["links"])
    only_1950 = client.get("/api/network", params={"end": "1950-12"}).json()
    assert next(l for l in only_1950["links"] if l["source"].endswith("/stalin") and l["target"].endswith("/mao-zedong"))["value"] == 2
    assert client.get("/api/network", params={"format": "gexf"}).text.startswith("<?xml")


def _gexf_weights(response) -> dict[tuple[str, str], int]:
    from lxml import etree

    edges = etree.fromstring(response.content).findall(".//{http://gexf.net/1.3}edge")
    return {(e.get("source").rsplit("/", 1)[-1], e.get("target").rsplit("/", 1)[-1]): int(e.get("weight")) for e in edges}


def test_network_exports_take_the_same_filters_as_the_json(client):
    everything = _gexf_weights(client.get("/api/network", params={"format": "gexf"}))
    assert everything[("stalin", "mao-zedong")] == 4
    only_1950 = _gexf_weights(client.get("/api/network", params={"format": "gexf", "end": "1950-12"}))
    assert only_1950[("stalin", "mao-zedong")] == 2 and set(only_1950) <= set(everything)
    json_1950 = client.get("/api/network", params={"end": "1950-12"}).json()["links"]
    assert only_1950 == {(l["source"].rsplit("/", 1)[-1], l["target"].rsplit("/", 1)[-1]): l["value"] for l in json_1950}
    heavy = _gexf_weights(client.get("/api/network", params={"format": "gexf", "min_value": 4}))
    assert heavy == {pair: n for pair, n in everything.items() if n >= 4}
    roshchin = _gexf_weights(client.get("/api/network", params={"format": "gexf", "person": "roshchin"}))
    assert roshchin and all("roshchin" in pair for pair in roshchin)
    rows = client.get("/api/network", params={"format": "csv", "start": "1951-01"}).text.splitlines()
    assert rows[0] == "telegram,date,source,source_label,target,target_label"
    assert len(rows) > 1 and all(row.split(",")[1] >= "1951" for row in rows[1:])


def test_timeline_and_units(client):
    months = client.get("/api/timeline").json()
    assert [p["period"] for p in months] == ["1950-07", "1950-10", "1951-07", "1951-09"]
    assert months[1]["count"] == 2
    years = client.get("/api/timeline", params={"granularity": "year"}).json()
    assert [(p["period"], p["count"]) for p in years] == [("1950", 3), ("1951", 2)]
    units = client.get("/api/units").json()
    assert {"type": "division", "affiliation": "chinese", "month": "1950-07", "count": 1} in units


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
    assert len(stalin["telegrams"]["sent"]) == 4
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
