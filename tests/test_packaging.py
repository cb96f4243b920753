import subprocess
import sys
from pathlib import Path

import pytest
import tomllib

ROOT = Path(__file__).resolve().parent.parent
ROOTS = ("extract", "graph", "api", "ontology", "shapes")


@pytest.mark.parametrize("name", ROOTS)
def test_no_generic_top_level_names(name, tmp_path):
    """Asked in a fresh interpreter outside the checkout, so only what is installed counts
    (a test that puts the repository root on sys.path must not make this pass or fail)."""
    probe = f"import importlib.util; print(importlib.util.find_spec({name!r}))"
    found = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True, check=True, env={"PATH": ""})
    assert found.stdout.strip() == "None"


def test_every_subpackage_is_listed():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set()
    for root in ROOTS:
        for init in (ROOT / root).rglob("__init__.py"):
            parts = init.parent.relative_to(ROOT).parts
            found.add(".".join(("cablegraph", *parts)))
    assert found == listed


def test_public_surfaces_are_sorted_and_complete():
    import cablegraph.extract as extract
    import cablegraph.ontology as ontology

    for module in (extract, ontology):
        assert sorted(module.__all__) == list(module.__all__) or module.__all__[0].isupper()
        for name in module.__all__:
            assert hasattr(module, name)
