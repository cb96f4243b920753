"""SPARQL answers as plain rows, for tests that compare the JSON API with what SPARQL says."""

from fastapi.testclient import TestClient


def sparql_rows(client: TestClient, query: str) -> list[dict[str, str]]:
    """The bindings of a SELECT posted to /sparql, each term by its value."""
    response = client.post("/sparql", data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]
