"""Answers kept per served build: built once, bounded in bytes, least recently used out first."""

import threading

from cablegraph.api.caching import Answers


def test_an_answer_is_built_once_and_then_copied():
    answers, builds = Answers(), []
    make = lambda: builds.append(1) or b'{"links": []}'  # noqa: E731
    assert answers.get(("network", None), make) == b'{"links": []}'
    assert answers.get(("network", None), make) == b'{"links": []}'
    assert len(builds) == 1


def test_the_least_recently_used_answers_go_first_when_full():
    answers = Answers(max_bytes=100)
    for key in "abcd":
        answers.get(key, lambda: b"x" * 25)
    answers.get("a", lambda: b"not built")  # a is used again: b is now the oldest
    assert answers.get("e", lambda: b"y" * 25) == b"y" * 25
    assert answers.get("a", lambda: b"rebuilt") == b"x" * 25
    assert answers.get("b", lambda: b"rebuilt") == b"rebuilt"


def test_an_answer_too_big_to_keep_is_served_but_not_kept():
    answers = Answers(max_bytes=100)
    answers.get("small", lambda: b"s" * 10)
    assert answers.get("huge", lambda: b"h" * 60) == b"h" * 60
    assert answers.get("huge", lambda: b"again") == b"again"
    assert answers.get("small", lambda: b"rebuilt") == b"s" * 10


def test_concurrent_requests_get_the_same_bytes():
    answers, results = Answers(), []
    threads = [threading.Thread(target=lambda: results.append(answers.get("k", lambda: b"v" * 1000))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [b"v" * 1000] * 8


def test_network_and_timeline_answers_are_kept_with_the_build_validators(client):
    services = client.app.state.services
    first = client.get("/api/network", params={"min_value": 2})
    assert first.headers["etag"] == services.etag and first.headers["content-type"] == "application/json"
    kept = services.answers.get(("network", None, None, None, 2, 10), lambda: b"not built")
    assert kept == first.content
    assert client.get("/api/network", params={"min_value": 2}).content == first.content
    years = client.get("/api/timeline", params={"granularity": "year"})
    assert services.answers.get(("timeline", "year", None, None, False), lambda: b"not built") == years.content
    assert (
        client.get("/api/network", params={"format": "graphml"})
        .headers["content-type"]
        .startswith("application/graphml+xml")
    )
