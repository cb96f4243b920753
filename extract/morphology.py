"""The one Russian morphological analyser (pymorphy3) a process loads.

Why one: loading its dictionaries takes a tenth of a second to a third of a second and about 15 MB;
the people and headings extractors and the search terms each need it, and three copies cost three
times over in every build worker.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pymorphy3 import MorphAnalyzer


@cache
def analyzer() -> MorphAnalyzer:
    """pymorphy3's MorphAnalyzer, loaded on first use."""
    from pymorphy3 import MorphAnalyzer

    return MorphAnalyzer()
