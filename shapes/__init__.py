"""SHACL shapes as data: every class cablegraph writes has a shape with severities and messages."""

from functools import cache
from importlib import resources

from rdflib import Graph

SHAPE_FILES = ("telegram.ttl", "evidence.ttl", "agent.ttl")


@cache
def shapes_graph() -> Graph:
    graph = Graph()
    package = resources.files("cablegraph.shapes")
    for name in SHAPE_FILES:
        graph.parse(data=package.joinpath(name).read_text(encoding="utf-8"), format="turtle")
    return graph


def shapes_text() -> str:
    """All shapes as one Turtle document (for tools that take a file)."""
    return shapes_graph().serialize(format="turtle")


__all__ = ["SHAPE_FILES", "shapes_graph", "shapes_text"]
