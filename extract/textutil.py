"""Small text helpers shared by the parser and the extractors.

Cleaning keeps a position map so that any match in cleaned text maps back
to the characters of the original.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

_MARKUP = set("*#_`")


@dataclass(frozen=True)
class Line:
    text: str
    start: int  # offset of the first character in the source

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def split_lines(text: str, base: int = 0) -> list[Line]:
    """Lines without their terminators, each with its source offset."""
    return list(_split_lines(text, base))


@lru_cache(maxsize=16)
def _split_lines(text: str, base: int) -> tuple[Line, ...]:
    """Remembered for the last texts: each extractor splits the same version (a megabyte of line
    breaks is a million lines, a second to split)."""
    lines: list[Line] = []
    pos = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(Line(body, base + pos))
        pos += len(raw)
    return tuple(lines)


def clean_with_positions(text: str, base: int = 0) -> tuple[str, tuple[int, ...]]:
    """Drop markdown marks, collapse whitespace; return cleaned text and source offsets.

    >>> clean_with_positions("**To  Mao**\\n")[0]
    'To Mao'
    """
    chars: list[str] = []
    positions: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch in _MARKUP:
            continue
        if ch.isspace():
            pending_space = bool(chars)
            continue
        if pending_space:
            chars.append(" ")
            positions.append(base + i - 1)
            pending_space = False
        chars.append(ch)
        positions.append(base + i)
    return "".join(chars), tuple(positions)


def letters(text: str) -> int:
    return sum(1 for ch in text if ch.isalpha())


def script_of(text: str) -> str | None:
    """The dominant script's language code ("ru", "en", "zh", "ko"), None when too few letters."""
    counts = {"ru": 0, "en": 0, "zh": 0, "ko": 0}
    for ch in text:
        script = _SCRIPTS.get(ch)
        if script is None:
            script = _SCRIPTS[ch] = _script_weight(ch)
        language, weight = script
        if language is not None:  # only _NO_SCRIPT has none
            counts[language] += weight
    language, best = max(counts.items(), key=lambda item: item[1])
    return language if best >= 4 else None


_NO_SCRIPT = (None, 0)
_SCRIPTS: dict[str, tuple[str | None, int]] = {}  # character -> (language, weight), filled as characters are met


def _script_weight(ch: str) -> tuple[str | None, int]:
    if not ch.isalpha():
        return _NO_SCRIPT
    name = unicodedata.name(ch, "")
    if name.startswith("CYRILLIC"):
        return ("ru", 1)
    if name.startswith("LATIN"):
        return ("en", 1)
    if name.startswith("CJK"):
        return ("zh", 3)  # one ideograph carries a word's worth of text
    if name.startswith("HANGUL"):
        return ("ko", 1)
    return _NO_SCRIPT


def fold(text: str) -> str:
    """Case- and accent-insensitive key for comparing names.

    >>> fold("Mao Tse-Tung") == fold("mao tse tung")
    True
    """
    return _fold_short(text) if len(text) <= _SHORT else _fold(text)


_SHORT = 120  # names, words and lines: what extractors fold again and again


@lru_cache(maxsize=65536)
def _fold_short(text: str) -> str:
    """Remembered: a page that names the same person a thousand times folds one name a thousand times."""
    return _fold(text)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch) or ch == "\u0306")
    stripped = unicodedata.normalize("NFC", stripped).casefold().replace("ё", "е")
    return re.sub(r"[\W_]+", " ", stripped).strip()


_CYRILLIC_LATIN = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),  # noqa: SIM905 - a word list reads best as words
        strict=True,
    )
)


def transliterate(text: str) -> str:
    """Russian letters to Latin (simplified, for keys): "Араушкин" -> "araushkin"."""
    return "".join(_CYRILLIC_LATIN.get(ch, ch).replace("-", "") for ch in text.lower())


_LABEL_SCRIPTS = (
    ("ru", re.compile(r"[А-Яа-яЁё]")),
    ("ko", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
)


def script_language(name: str) -> str:
    """The language tag a name is labelled with, by its script: Cyrillic "ru", Hangul "ko", kana
    "ja", Han "zh", anything else "en" (Latin-script names and romanisations)."""
    return next((tag for tag, script in _LABEL_SCRIPTS if script.search(name)), "en")


def key_slug(text: str) -> str:
    """The ASCII slug an id is made of: "Посол СССР в Ханое" -> "posol-sssr-v-khanoe"."""
    return re.sub(r"[^a-z0-9]+", "-", transliterate(fold(text))).strip("-")


def trigram_containment(a: str, b: str) -> float:
    """Share of the smaller text's character trigrams found in the other."""
    ta, tb = _folded_trigrams(a), _folded_trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / min(len(ta), len(tb))


@lru_cache(maxsize=512)
def _folded_trigrams(text: str) -> frozenset[str]:
    """Remembered: the parser compares each paragraph with every other one (fold() is slow on long text)."""
    return frozenset(_trigrams(fold(text)))


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


class _NotProse:
    """Long lines that are not the message: the site's credits, the cipher office's handling notes
    ("received ... 12.30"). `search(text)` says whether `text` holds one.

    Why not one pattern with "received.*\\d[:.]\\d\\d": the regex engine runs `.*` to the line's
    end from every "received", so a line of "received received ..." took minutes. Here a line
    is searched for its time once, from its first handling word.
    """

    _CREDITS = re.compile(
        r"(?i)publication\s+of\s+this\s+document|this\s+document\s+was\s+made\s+possible|decoding\s+department"
    )
    _HANDLING = re.compile(r"(?i)\bdispatched\b|\breceived\b|поступил\w*\s|отправлен\w*\s")
    _TIME = re.compile(r"\d[:.]\d\d")

    def search(self, text: str) -> bool:
        if self._CREDITS.search(text):
            return True
        searched_to = -1  # the line end up to which the time was looked for
        for handling in self._HANDLING.finditer(text):
            if handling.end() <= searched_to:
                continue  # on a line already searched from an earlier handling word
            line_end = text.find("\n", handling.end())
            line_end = len(text) if line_end == -1 else line_end
            if self._TIME.search(text, handling.end(), line_end):
                return True
            searched_to = line_end
        return False


NOT_PROSE = _NotProse()


def without_closing_parenthesis(text: str) -> str:
    """`text` without a parenthesis that ends it, and the spaces before it: what
    `re.sub(r"\\s*\\([^)]*\\)\\s*$", "", text)` gives, in one pass. Why: that pattern tries `\\s*` from
    every space of a long run of spaces, to the run's end each time.

    >>> without_closing_parenthesis("United Arab Republic (Zhao No. 100) ")
    'United Arab Republic'
    """
    body = text.rstrip()
    if not body.endswith(")"):
        return text
    closing = len(body) - 1
    opening = body.find("(", body.rfind(")", 0, closing) + 1, closing)
    if opening == -1:
        return text
    return text[: len(body[:opening].rstrip())]


class LineVerdicts:
    """A verdict about the line around a position, computed once per line and cached.

    `verdict(text, position)` must depend only on the line ("\\n"-delimited) that holds
    `position`. Why: a megabyte on one line with a hundred thousand names asked about that line
    once per name; each question sliced the megabyte. Lines are found by bisection over the
    line breaks, which are found once.
    """

    def __init__(self, text: str, verdict: Callable[[str, int], bool]) -> None:
        self.text, self._verdict = text, verdict
        self._breaks = [match.start() for match in _LINE_BREAK.finditer(text)]
        self._by_line: dict[int, bool] = {}

    def bounds(self, position: int) -> tuple[int, int]:
        """The start and end of the line that holds `position` (its "\\n" excluded)."""
        index = bisect_left(self._breaks, position)
        start = self._breaks[index - 1] + 1 if index else 0
        return start, self._breaks[index] if index < len(self._breaks) else len(self.text)

    def __call__(self, position: int) -> bool:
        start, _ = self.bounds(position)
        if start not in self._by_line:
            self._by_line[start] = self._verdict(self.text, position)
        return self._by_line[start]


_LINE_BREAK = re.compile("\n")


_Found = TypeVar("_Found")


class RecentTexts(Generic[_Found]):
    """What a scan found in each of the last few texts: several extractors search the same text
    version for names, places and organisations, and a scan of a long text costs a second."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._found: dict[str, tuple[_Found, ...]] = {}

    def get(self, text: str, find: Callable[[str], Iterable[_Found]]) -> list[_Found]:
        """find(text) as a list, from memory when `text` was asked about lately."""
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= self._size:
                self._found.clear()
            found = self._found[text] = tuple(find(text))
        return list(found)
