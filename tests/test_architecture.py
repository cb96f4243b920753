"""One direction of dependency: extract -> graph -> api; extract knows no RDF; ontology and shapes are leaves."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "extract": ("cablegraph.graph", "cablegraph.api", "cablegraph.ontology", "cablegraph.shapes", "rdflib", "pyoxigraph", "pyshacl"),
    "ontology": ("cablegraph.extract", "cablegraph.graph", "cablegraph.api", "cablegraph.shapes"),
    "shapes": ("cablegraph.extract", "cablegraph.graph", "cablegraph.api", "cablegraph.ontology"),
    "graph": ("cablegraph.api",),
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_dependencies_point_one_way(package):
    offenders = []
    for path in (ROOT / package).rglob("*.py"):
        for name in _imports(path):
            if any(name == banned or name.startswith(banned + ".") for banned in FORBIDDEN[package]):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == []
