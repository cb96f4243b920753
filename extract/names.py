"""Finding known names in running text.

One compiled pattern holds every written form of every person and post in the
authority data (with Russian case forms); separators between name parts are
loose ("Цзе-дун", "Цзе дун"), е/ё are one letter, and a match must start with a
capital so that "котов" (cats) is not Kotov. Letter-spaced signatures
("Ф И Л И П П О В") are matched on their collapsed form.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from cablegraph.extract.authority import Authority, Candidate
from cablegraph.extract.spans import SpanSet
from cablegraph.extract.textutil import RecentTexts, fold

_SPACED = re.compile(r"(?<!\w)(?:\w[ \u00a0]){3,}\w(?!\w)")


@dataclass(frozen=True)
class NameMention:
    start: int
    end: int
    text: str
    candidates: tuple[Candidate, ...]


def form_pattern(form: str) -> str:
    parts = [p for p in re.split(r"[\s\-‐–.]+", form) if p]
    escaped = []
    for part in parts:
        chars = []
        for ch in part:
            low = ch.lower()
            chars.append("[её]" if low in "её" else re.escape(ch))
        escaped.append("".join(chars))
    # "И. В. Сталин": initials keep their dots optional
    return _SEPARATOR.join(escaped)


_SEPARATOR = r"[\s\-‐–.]*"
_SEPARATOR_CHARACTERS = "-‐–."


def _is_separator(ch: str) -> bool:
    return ch.isspace() or ch in _SEPARATOR_CHARACTERS  # what _SEPARATOR's class holds (re's \s is str.isspace)


def _elements(alternative: str) -> list[str | None]:
    """A form_pattern() alternative as its elements: one character each ("[её]" read as "е"), None
    for a separator."""
    elements: list[str | None] = []
    position = 0
    while position < len(alternative):
        if alternative.startswith(_SEPARATOR, position):
            elements.append(None)
            position += len(_SEPARATOR)
        elif alternative.startswith("[её]", position):
            elements.append("е")
            position += len("[её]")
        elif alternative[position] == "\\":
            elements.append(alternative[position + 1])
            position += 2
        else:
            elements.append(alternative[position])
            position += 1
    return elements


class _Node:
    __slots__ = ("children", "first", "separator")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.separator: _Node | None = None  # after a run of separators, possibly empty
        self.first: int | None = None  # the earliest alternative that ends here


class AlternationScanner:
    """Finds what `re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, flags).finditer`
    finds, without compiling it: thousands of alternatives cost Python's re seconds to compile (more
    with IGNORECASE) and a try of each alternative in turn at every position.

    How: the alternatives are a trie of their characters (folded when the flags ignore case). At each
    position where `before` holds, the trie is walked along the text, and of the alternatives that
    match there (with `after` holding at their end) the earliest in the list wins, as in a regex
    alternation. A separator run is greedy and unique, since no part holds a separator character.
    The alternatives must be built as form_pattern() builds them.
    """

    def __init__(self, before: str, alternatives: list[str], after: str, flags: int = 0) -> None:
        self.pattern = before + "(?:" + "|".join(alternatives) + ")" + after
        self._ignore_case = bool(flags & re.IGNORECASE)
        self._root = _Node()
        for index, alternative in enumerate(alternatives):
            node = self._root
            for element in _elements(alternative):
                if element is None:
                    node.separator = node.separator or _Node()
                    node = node.separator
                else:
                    node = node.children.setdefault(self._fold(element), _Node())
            if node.first is None:
                node.first = index
        firsts = set(self._root.children) | ({"ё"} if "е" in self._root.children else set())
        opening = "[" + "".join(re.escape(ch) for ch in sorted(firsts)) + "]" if firsts else "(?!)"
        self._starts = re.compile(before + "(?=" + opening + ")", flags)
        self._after = re.compile(after, flags)

    def _fold(self, text: str) -> str:
        """The text as the trie is keyed, of the same length: case folded when ignored, ё as е."""
        if self._ignore_case:
            lowered = text.lower()
            if len(lowered) != len(text):  # a letter whose lower case is two ("İ"): left as it is
                lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
            text = lowered
        return text.replace("ё", "е")

    def _match_at(self, text: str, folded: str, position: int) -> tuple[int, int] | None:
        """(alternative, end) of the earliest alternative that matches at `position`, if any."""
        best: tuple[int, int] | None = None
        size = len(folded)
        pending = [(self._root, position)]
        while pending:
            node, at = pending.pop()
            if node.first is not None and (best is None or node.first < best[0]) and self._after.match(text, at):
                best = (node.first, at)
            if node.separator is not None:
                skipped = at
                while skipped < size and _is_separator(folded[skipped]):
                    skipped += 1
                pending.append((node.separator, skipped))
            if at < size and (child := node.children.get(folded[at])) is not None:
                pending.append((child, at + 1))
        return best

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        folded = self._fold(text)
        resume = 0
        for start in self._starts.finditer(text):
            position = start.start()
            if position < resume:
                continue
            found = self._match_at(text, folded, position)
            if found is not None:
                match = _SPAN.match(text, position, found[1])
                assert match is not None
                yield match
                resume = match.end()


# a match object over a found span, for callers that read group(), start() and end()
_SPAN = re.compile(r".+", re.DOTALL)


class NameMatcher:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._found: RecentTexts[NameMention] = RecentTexts(256)

    @cached_property
    def _forms(self) -> dict[str, list[Candidate]]:
        """Written form -> candidates, for people and their pseudonyms (posts are matched by their own rules)."""
        forms: dict[str, list[Candidate]] = {}
        for form, candidate in self.authority.written_forms(with_posts=False):
            bucket = forms.setdefault(form, [])
            if candidate not in bucket:
                bucket.append(candidate)
        return forms

    @cached_property
    def _pattern(self) -> AlternationScanner:
        alternatives = sorted({form_pattern(form) for form in self._forms}, key=len, reverse=True)
        return AlternationScanner(r"(?<![\w])", alternatives, r"(?![\w])", re.IGNORECASE)

    @cached_property
    def _by_key(self) -> dict[str, list[Candidate]]:
        index: dict[str, list[Candidate]] = {}
        for form, candidates in self._forms.items():
            bucket = index.setdefault(_key(form), [])
            bucket.extend(c for c in candidates if c not in bucket)
        return index

    def _extend(self, text: str, end: int, written: str, candidates: list[Candidate], verdicts: dict[str, bool]) -> int:
        """A short form followed by an unknown spelling of the rest ("Чжоу Энляю") takes the rest in,
        when the whole is a close spelling of the same person's name. `verdicts` remembers each
        whole asked about in this text: a fuzzy lookup costs ~0.2 ms, and a page repeats its names."""
        if " " in written.strip() or "-" in written:
            return end
        following = _NEXT_WORD.match(text, end)
        if not following:
            return end
        extended = text[end - len(written) : following.end()]
        if extended not in verdicts:
            targets = {c.target for c in self.authority.candidates(extended, fuzzy=True)}
            verdicts[extended] = bool(targets & {c.target for c in candidates})
        return following.end() if verdicts[extended] else end

    def find(self, text: str) -> list[NameMention]:
        """Known names in `text`, in order; remembered for recent texts, since several extractors
        search the same version text."""
        return self._found.get(text, self._find)

    def _find(self, text: str) -> list[NameMention]:
        mentions: list[NameMention] = []
        verdicts: dict[str, bool] = {}
        for match in self._pattern.finditer(text):
            written = match.group()
            if not written[0].isupper():
                continue
            candidates = self._by_key.get(_key(written))
            if candidates:
                end = self._extend(text, match.end(), written, candidates, verdicts)
                mentions.append(NameMention(match.start(), end, text[match.start() : end], tuple(candidates)))
        taken = SpanSet([(m.start, m.end) for m in mentions])
        for match in _SPACED.finditer(text):
            collapsed = re.sub(r"[ \u00a0]", "", match.group())
            candidates = self._by_key.get(_key(collapsed))
            if candidates and not taken.overlaps(match.start(), match.start() + 1):
                mentions.append(NameMention(match.start(), match.end(), match.group(), tuple(candidates)))
        return sorted(mentions, key=lambda m: m.start)


_NEXT_WORD = re.compile(r"[ \u00a0-]?([А-ЯЁA-Z][\w'-]*)")


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))
