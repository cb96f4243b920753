"""The house rules no tool checks for us (docs/architecture.md): modules under 400 lines, functions under 60.

Layers are import-linter's job and style is ruff's (both in `make lint`); these two limits keep a module
readable in one sitting and a function on one screen.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("extract", "graph", "api", "cli", "ontology", "shapes", "bench", "tools", "tests")
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> list[Path]:
    return sorted(
        path for folder in FOLDERS for path in (ROOT / folder).rglob("*.py") if "node_modules" not in path.parts
    )


def _long_functions(source: str) -> list[tuple[str, int]]:
    """Functions and methods longer than the limit, counted from `def` to their last line (decorators aside)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            length = (node.end_lineno or node.lineno) - node.lineno + 1
            if length > MAX_FUNCTION_LINES:
                found.append((node.name, length))
    return found


def test_the_rule_sees_a_long_function():
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_FUNCTION_LINES))
    assert _long_functions(f"def short():\n    pass\n\ndef long():\n{body}\n") == [("long", MAX_FUNCTION_LINES + 1)]


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_module_over_400_lines(folder):
    too_long = {}
    for path in _modules():
        if path.relative_to(ROOT).parts[0] == folder:
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > MAX_MODULE_LINES:
                too_long[str(path.relative_to(ROOT))] = lines
    assert too_long == {}


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_function_over_60_lines(folder):
    too_long = {}
    for path in _modules():
        if path.relative_to(ROOT).parts[0] == folder:
            for name, length in _long_functions(path.read_text(encoding="utf-8")):
                too_long[f"{path.relative_to(ROOT)}:{name}"] = length
    assert too_long == {}


def test_pytest_collects_every_test_folder():
    """pytest skips folders matching `norecursedirs` (by default also every folder named "build"): a test
    folder that mirrors a package of that name must not be skipped silently."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    skipped = config["tool"]["pytest"]["ini_options"]["norecursedirs"]
    folders = [path for path in (ROOT / "tests").rglob("*") if path.is_dir() and any(path.glob("test_*.py"))]
    assert (ROOT / "tests" / "graph" / "build") in folders
    assert [
        f
        for f in folders
        if any(fnmatch.fnmatch(part, pattern) for part in f.relative_to(ROOT).parts for pattern in skipped)
    ] == []
