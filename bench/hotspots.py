"""Inside the extract stage: CPU per extractor, and the functions that take the most time.

The stage profile says extraction dominates a build; this says which extractor and which
functions, so the cost can be attacked where it is (a model, a regex, a fuzzy match...).
"""

from __future__ import annotations

import cProfile
import pstats
import time
from pathlib import Path
from typing import Any


def extractor_costs(paths: list[Path], authority_files: tuple[str, ...]) -> dict[str, Any]:
    """CPU ms per document for each extractor run alone, for `run_extractors` as a whole, and the rest."""
    from cablegraph.extract import ExtractionContext, read_document, run_extractors
    from cablegraph.extract.registry import available_extractors

    context = ExtractionContext.load(authority_files)
    documents = [read_document(path) for path in paths]
    run_extractors(documents[0], context)  # warm-up: lazy models and patterns
    costs: dict[str, float] = {}
    for name, extractor in available_extractors().items():
        started = time.process_time()
        for document in documents:
            list(extractor(document, context))
        costs[name] = 1000 * (time.process_time() - started) / len(documents)
    started = time.process_time()
    for document in documents:
        run_extractors(document, context)
    total = 1000 * (time.process_time() - started) / len(documents)
    ordered = dict(sorted(costs.items(), key=lambda item: -item[1]))
    return {
        "documents": len(documents),
        "run_extractors_ms": round(total, 1),
        "extractors_ms": {k: round(v, 1) for k, v in ordered.items()},
        "merging_and_lookup_ms": round(total - sum(costs.values()), 1),
    }


def hot_functions(paths: list[Path], authority_files: tuple[str, ...], top: int = 12) -> list[dict[str, Any]]:
    """The functions with the most own time (cProfile) while extracting `paths`."""
    from cablegraph.extract import ExtractionContext, read_document, run_extractors

    context = ExtractionContext.load(authority_files)
    documents = [read_document(path) for path in paths]
    run_extractors(documents[0], context)
    profiler = cProfile.Profile()
    profiler.enable()
    for document in documents:
        run_extractors(document, context)
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]  # typeshed omits Stats.stats; (file, line, name) -> (calls, primitive calls, own, cumulative, callers)
    total = sum(own for _, _, own, _, _ in stats.values()) or 1.0
    rows = sorted(stats.items(), key=lambda item: -item[1][2])[:top]
    return [
        {
            "function": f"{_short(file)}:{line}({name})",
            "calls_per_document": round(calls / len(documents), 1),
            "own_share_percent": round(100 * own / total, 1),
            "cumulative_ms_per_document": round(1000 * cumulative / len(documents), 1),
        }
        for (file, line, name), (calls, _, own, cumulative, _) in rows
    ]


def _short(file: str) -> str:
    for marker in ("site-packages/", "/work/main/", "/lib/python3"):
        if marker in file:
            return file.split(marker, 1)[1]
    return file
