"""The ontology's Turtle source, read from the package."""

from importlib import resources

NAMESPACE = "https://w3id.org/cablegraph/ns#"


def ontology_text() -> str:
    return resources.files("cablegraph.ontology").joinpath("cablegraph.ttl").read_text(encoding="utf-8")
