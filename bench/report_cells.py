"""Number formatting and Markdown tables shared by results.md (`bench.report`) and targets.md (`bench.targets`).

Separate so that the target checks, the report's sections and the cross-run table all write numbers
the same way ("–" for a number that was not measured) without importing one another.
"""

from __future__ import annotations


def fmt(value: float | None, digits: int = 1, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        text = f"{value:,.{digits}f}"
    else:
        text = f"{value:,}"
    return text + unit


def ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 2) if a and b else None


def markdown_table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c).replace("\n", " ") for c in row) + " |" for row in rows]
    return [*lines, ""]
