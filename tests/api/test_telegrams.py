REQUIRED = {
    "id",
    "iri",
    "title",
    "source_url",
    "date",
    "numbers",
    "senders",
    "recipients",
    "intermediaries",
    "persons",
    "references",
    "embedded_messages",
    "places",
    "military_units",
    "archive_refs",
    "language",
    "translators",
    "classification",
    "copies",
}


def test_list_is_paginated(client):
    first = client.get("/api/telegrams", params={"limit": 2}).json()
    assert first["total"] == 5 and len(first["items"]) == 2
    assert first["items"][0]["date"] == "1950-07-13"
    assert first["next"].endswith("limit=2&offset=2")
    last = client.get("/api/telegrams", params={"limit": 2, "offset": 4}).json()
    assert len(last["items"]) == 1 and last["next"] is None


def test_record_has_every_required_key(client):
    record = client.get("/api/telegrams/001_86e2695bae78fc10").json()
    assert set(record) >= REQUIRED
    assert record["date"] == "1950-10-01"
    assert record["source_url"] == "https://digitalarchive.umd.edu/document/113729"
    [sender] = record["senders"]
    assert sender["id"] == "stalin" and sender["label"] == "Joseph Stalin"
    assert sender["as_written"] == ["F I L I P P O V", "Filippov", "ФИЛИППОВ"]
    assert "Filippov" in sender["aliases"] and "Сталин" in sender["aliases"]
    assert sender["evidence"][0] == {
        "version": "v0",
        "start": 44,
        "end": 61,
        "quote": "Filippov [Stalin]",
        "rule": "catalogue.v1",
        "confidence": 1.0,
    }
    assert [e["version"] for e in sender["evidence"]] == ["v0", "v1", "v2", "v3"]
    assert [r["id"] for r in record["recipients"]] == ["mao-zedong", "zhou-enlai"]
    assert [i["id"] for i in record["intermediaries"]] == ["roshchin", "bulganin"]
    assert [(a["repository"], a["fond"], a["opis"], a["delo"], a["folios"]) for a in record["archive_refs"]] == [
        ("APRF", "45", "1", "334", "99-103"),
        ("RGASPI", "558", "11", "334", "97-98"),
    ]
    assert record["language"] == "ru"
    assert [v["kind"] for v in record["versions"]] == [
        "catalogue",
        "scan-transcript",
        "published-transcript",
        "translation",
    ]
    assert record["versions"][3]["text"].startswith("Transmitted to Bulganin")


def test_role_addressee_is_an_intermediary_with_its_post(client):
    record = client.get("/api/telegrams/004_2d287dbd93c7e576").json()
    assert [r["id"] for r in record["recipients"]] == ["zhou-enlai", "mao-zedong"]
    [ambassador] = record["intermediaries"]
    assert (ambassador["id"], ambassador["post"]["id"]) == ("roshchin", "soviet-ambassador-china")
    assert ambassador["post"]["label"] == "Soviet Ambassador to China"  # named for readers, not a slug
    assert "Soviet Ambassador in Peking" in ambassador["post"]["aliases"]
    assert {"the Soviet\nAmbassador", "СОВПОСОЛ", "SOVIET AMBASSADOR"} <= {e["quote"] for e in ambassador["evidence"]}
    assert [(n["value"], n["kind"]) for n in record["numbers"]] == [("3355", "telegram"), ("3305", "cipher")]


def test_reference_resolves_across_the_corpus(client):
    record = client.get("/api/telegrams/002_8407d3f3e1911c0a").json()
    [reference] = record["references"]
    assert (reference["number"], reference["date"], reference["from"]["id"], reference["resolved"]) == (
        "4581",
        "1950-10-01",
        "stalin",
        "001_86e2695bae78fc10",
    )
    [embedded] = record["embedded_messages"]
    assert (embedded["from"]["id"], embedded["to"]["id"], embedded["date"]) == ("mao-zedong", "stalin", "1950-10-02")
    assert [(h["action"], h["agent"]["label"] if h["agent"] else None, h["time"]) for h in record["handling"]] == [
        ("received", None, "12:15"),
        ("deciphered", "Araushkin", "12:50"),
        ("typed", "Doronchenkova", "13:20"),
    ]


def test_unknown_telegram_is_a_problem_404(client):
    response = client.get("/api/telegrams/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_limit_is_bounded(client):
    response = client.get("/api/telegrams", params={"limit": 1_000_000})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_search_finds_a_name_in_any_spelling_and_script(client):
    found = [
        {item["id"] for item in client.get("/api/telegrams", params={"q": q}).json()["items"]}
        for q in ("Мао Цзэдуну", "Mao Tse-tung", "Mao Zedong")
    ]
    assert found[0] == found[1] == found[2] and len(found[0]) == 5


def test_filters_sort_and_summary_shape(client):
    page = client.get(
        "/api/telegrams", params={"person": "roshchin", "start": "1950-10", "end": "1950-10", "sort": "-date"}
    ).json()
    assert [item["id"] for item in page["items"]] == ["002_8407d3f3e1911c0a", "001_86e2695bae78fc10"]
    first = page["items"][0]
    assert [s["id"] for s in first["senders"]] == ["roshchin"] and first["record"].endswith(
        "/api/telegrams/002_8407d3f3e1911c0a"
    )
    sent = client.get("/api/telegrams", params={"person": "stalin", "role": "sent"}).json()
    assert sent["total"] == 4
    assert client.get("/api/telegrams", params={"place": "incheon"}).json()["total"] == 1
    assert client.get("/api/telegrams", params={"language": "zh"}).json()["total"] == 0
    assert client.get("/api/telegrams", params={"unit_type": "division"}).json()["total"] >= 1


def test_next_link_header_and_etag_revalidation(client):
    response = client.get("/api/telegrams", params={"limit": 2})
    assert response.headers["link"] == f'<{response.json()["next"]}>; rel="next"'
    again = client.get("/api/telegrams", params={"limit": 2}, headers={"If-None-Match": response.headers["etag"]})
    assert again.status_code == 304 and again.headers["etag"] == response.headers["etag"]
    assert client.get("/api/telegrams", params={"q": "x" * 201}).status_code == 422


def test_role_takes_the_record_words_too_and_documents_its_values(client):
    for role, same in (("sender", "sent"), ("recipient", "received"), ("intermediary", "relayed")):
        by_alias = client.get(
            "/api/telegrams",
            params={
                "person": "stalin" if role == "sender" else "krasovsky" if role == "intermediary" else "mao-zedong",
                "role": role,
            },
        )
        by_name = client.get(
            "/api/telegrams",
            params={
                "person": "stalin" if role == "sender" else "krasovsky" if role == "intermediary" else "mao-zedong",
                "role": same,
            },
        )
        assert by_alias.status_code == 200 and by_alias.json()["items"] == by_name.json()["items"] != []
    assert client.get("/api/telegrams", params={"person": "stalin", "role": "author"}).status_code == 422
    parameter = next(
        p
        for p in client.get("/openapi.json").json()["paths"]["/api/telegrams"]["get"]["parameters"]
        if p["name"] == "role"
    )
    assert "sender (or sent)" in parameter["description"] and "intermediary (relayed)" in parameter["description"]
    values = set(parameter["schema"]["anyOf"][0]["enum"])
    assert values == {
        "sent",
        "received",
        "relayed",
        "mentioned",
        "translated",
        "copied",
        "sender",
        "recipient",
        "intermediary",
        "mention",
        "translator",
        "copy-holder",
    }


def test_a_pseudonym_names_the_person_in_the_filter(client):
    by_id = client.get("/api/telegrams", params={"person": "stalin", "role": "sent"}).json()
    by_pseudonym = client.get("/api/telegrams", params={"person": "filippov", "role": "sent"}).json()
    assert by_pseudonym["total"] == by_id["total"] == 4
    assert [t["id"] for t in by_pseudonym["items"]] == [t["id"] for t in by_id["items"]]
    assert client.get("/api/telegrams", params={"person": "nobody-of-that-name"}).json()["total"] == 0
