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
from cablegraph.extract.textutil import fold

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


def first_element(alternative: str) -> str:
    """The one-character element a form_pattern() alternative starts with: "[её]", an escaped or a plain character."""
    if alternative.startswith("[её]"):
        return "[её]"
    return alternative[:2] if alternative.startswith("\\") else alternative[:1]


def _second_element(alternative: str, first: str) -> str | None:
    """The one-character element after `first`; None when any character may follow (the form ends,
    or a separator that may be empty comes next)."""
    rest = alternative[len(first) :]
    if not rest or rest.startswith(_SEPARATOR):
        return None
    return first_element(rest)


_SEPARATOR = r"[\s\-‐–.]*"


class AlternationScanner:
    """Finds what `re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, flags).finditer`
    finds, much faster when there are thousands of alternatives.

    Why: Python's re tries every alternative, one after the other, at every position where
    `before` holds. Here a position is tried only with the alternatives whose first two elements
    can match the two characters there, in their original order; since the others cannot match
    there, the match at each position, and so the whole scan, is the same. The alternatives must
    be built as form_pattern() builds them (one-character elements, parts joined by _SEPARATOR).
    """

    def __init__(self, before: str, alternatives: list[str], after: str, flags: int = 0) -> None:
        self.pattern = before + "(?:" + "|".join(alternatives) + ")" + after
        self._before, self._after, self._flags = before, after, flags
        self._alternatives = []
        for alternative in alternatives:
            first = first_element(alternative)
            self._alternatives.append((first, _second_element(alternative, first), alternative))
        elements = {e for first, second, _ in self._alternatives for e in (first, second) if e is not None}
        self._matchers = {element: re.compile(element, flags) for element in elements}
        self._starts = re.compile(before, flags)  # zero-width: the positions where a match may start
        self._by_char: dict[str, list[tuple[str | None, str]]] = {}
        self._by_pair: dict[str, re.Pattern[str] | None] = {}
        self._by_group: dict[tuple[str, ...], re.Pattern[str]] = {}

    def _for(self, pair: str) -> re.Pattern[str] | None:
        """The pattern of the alternatives that can start with `pair` (one character at the end of a text)."""
        char = pair[0]
        if char not in self._by_char:
            viable = {first for first, _, _ in self._alternatives if self._matchers[first].fullmatch(char)}
            self._by_char[char] = [(second, a) for first, second, a in self._alternatives if first in viable]
        candidates = self._by_char[char]
        if len(pair) > 1:
            follows = {second for second, _ in candidates if second is not None and self._matchers[second].fullmatch(pair[1])}
            group = tuple(a for second, a in candidates if second is None or second in follows)
        else:
            group = tuple(a for _, a in candidates)
        if not group:
            return None
        if group not in self._by_group:
            self._by_group[group] = re.compile(self._before + "(?:" + "|".join(group) + ")" + self._after, self._flags)
        return self._by_group[group]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        resume, size = 0, len(text)
        by_pair = self._by_pair
        for start in self._starts.finditer(text):
            position = start.start()
            if position < resume or position >= size:
                continue
            pair = text[position : position + 2]
            pattern = by_pair[pair] if pair in by_pair else by_pair.setdefault(pair, self._for(pair))
            if pattern is not None and (match := pattern.match(text, position)):
                yield match
                resume = match.end()


class NameMatcher:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority
        self._found: dict[str, tuple[NameMention, ...]] = {}

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
        found = self._found.get(text)
        if found is None:
            if len(self._found) >= 256:
                self._found.clear()
            found = self._found[text] = tuple(self._find(text))
        return list(found)

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
        for match in _SPACED.finditer(text):
            collapsed = re.sub(r"[ \u00a0]", "", match.group())
            candidates = self._by_key.get(_key(collapsed))
            if candidates and not any(m.start <= match.start() < m.end for m in mentions):
                mentions.append(NameMention(match.start(), match.end(), match.group(), tuple(candidates)))
        return sorted(mentions, key=lambda m: m.start)


_NEXT_WORD = re.compile(r"[ \u00a0-]?([А-ЯЁA-Z][\w'-]*)")


@lru_cache(maxsize=16384)
def _key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))
