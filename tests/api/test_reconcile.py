"""The OpenRefine reconciliation service (API v0.2) on the sample corpus."""

import json


def test_manifest(client):
    manifest = client.get("/reconcile").json()
    assert manifest["versions"] == ["0.2"]
    assert {t["id"] for t in manifest["defaultTypes"]} >= {"person", "place", "telegram"}
    assert manifest["view"]["url"] == "http://testserver/id/{{id}}"
    assert manifest["suggest"]["entity"]["service_path"] == "/reconcile/suggest/entity"


def test_a_batch_of_queries_by_name_pseudonym_and_inflected_form(client):
    queries = {
        "q0": {"query": "Mao Tse-tung", "type": "person"},
        "q1": {"query": "Филиппову"},
        "q2": {"query": "Peking", "type": "place", "limit": 2},
        "q3": {
            "query": "Filippov to Mao Zedong via Krasovsky",
            "type": "telegram",
            "properties": [{"pid": "date", "v": "1951-09"}],
        },
    }
    answer = client.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    top = {key: value["result"][0] for key, value in answer.items()}
    assert (top["q0"]["id"], top["q0"]["match"]) == ("person/mao-zedong", True)
    assert top["q1"]["id"] == "person/stalin" and top["q1"]["type"] == [{"id": "person", "name": "Person"}]
    assert top["q2"]["id"] == "place/beijing"  # and no unlike names ("Benxi", "Pyongyang") to fill the limit:
    assert all(c["score"] >= 0.75 * 85 for c in answer["q2"]["result"][1:])
    assert (
        top["q3"]["id"] == "telegram/000_fb5d5a73bc23db73" and top["q3"]["score"] > answer["q3"]["result"][1]["score"]
    )
    by_get = client.get("/reconcile", params={"queries": json.dumps({"a": {"query": "Roschin"}})}).json()
    assert by_get["a"]["result"][0]["id"] == "person/roshchin"


def test_bad_queries_are_400_problems(client):
    for raw in (
        "not json",
        "[1]",
        json.dumps({"q": {"query": 5 * "x" * 200}}),
        json.dumps({f"q{i}": {"query": "x"} for i in range(101)}),
    ):
        response = client.get("/reconcile", params={"queries": raw})
        assert response.status_code in (400, 422), raw
        assert response.headers["content-type"] == "application/problem+json"


def test_preview_and_suggest(client):
    card = client.get("/reconcile/preview", params={"id": "person/krasovsky"})
    assert card.status_code == 200 and "Stepan Krasovsky" in card.text and "2 telegrams" in card.text
    assert client.get("/reconcile/preview", params={"id": "person/nobody"}).status_code == 404
    names = [r["name"] for r in client.get("/reconcile/suggest/entity", params={"prefix": "kra"}).json()["result"]]
    assert names[0] == "Stepan Krasovsky"
    assert client.get("/reconcile/suggest/type", params={"prefix": "pl"}).json()["result"] == [
        {"id": "place", "name": "Place"}
    ]
    jsonp = client.get("/reconcile/suggest/type", params={"prefix": "pl", "callback": "cb"})
    assert jsonp.text.startswith("/**/cb(") and jsonp.headers["content-type"].startswith("application/javascript")
    assert client.get("/reconcile", params={"callback": "alert(1)"}).status_code in (400, 422)


def test_unlike_names_are_not_offered_and_near_spellings_are(client):
    queries = {
        "a": {"query": "Filippov"},
        "b": {"query": "Filippov", "type": "person"},
        "c": {"query": "Filipov", "type": "person"},
    }
    answer = client.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    assert [(c["id"], c["match"]) for c in answer["a"]["result"]] == [
        ("person/stalin", True)
    ]  # not "Japan", not "Philippines"
    assert [c["id"] for c in answer["b"]["result"]] == ["person/stalin"]
    assert [c["id"] for c in answer["c"]["result"]] == ["person/stalin"] and not answer["c"]["result"][0]["match"]


def test_a_person_named_by_office_is_offered_the_post(client):
    queries = {
        "a": {"query": "Soviet Ambassador, Peking", "type": "person"},
        "b": {"query": "Soviet Ambassador, Peking"},
    }
    answer = client.post("/reconcile", data={"queries": json.dumps(queries)}).json()
    for key in ("a", "b"):
        top = answer[key]["result"][0]
        assert (top["id"], top["match"], top["type"][0]["id"]) == ("post/soviet-ambassador-china", True, "post"), (
            answer[key]
        )
        assert len({c["id"] for c in answer[key]["result"]}) == len(answer[key]["result"])  # each candidate once
