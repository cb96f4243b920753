"""Search terms: words reduced to the forms in which a query and a telegram meet.

A Russian word is reduced to its dictionary form ("Цзэдуну" → "цзэдун", "телеграммы" →
"телеграмма") and "ё" to "е"; a Latin word loses case and diacritics. The index stores these
terms, so a search for any inflected form finds every other form. Names in other scripts or
spellings ("Mao Tse-tung", "Мао Цзэдуну") meet through the people and places the extractors
resolved, not through these terms.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from cablegraph.extract.morphology import analyzer

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_CYRILLIC = re.compile(r"[а-яё]")


@lru_cache(maxsize=400_000)
def term(word: str) -> str:
    """The search form of one word."""
    low = word.lower().replace("ё", "е")
    if _CYRILLIC.search(low):
        normal_form: str = analyzer().parse(low)[0].normal_form
        return normal_form.replace("ё", "е")
    return "".join(ch for ch in unicodedata.normalize("NFKD", low) if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The words of `text` as written, split at spaces, hyphens and punctuation ("Tse-tung" is two)."""
    return _WORD.findall(text)


def terms(text: str) -> list[str]:
    """The search form of every word of `text`, in order."""
    return [term(word) for word in words(text)]
