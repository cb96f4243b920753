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
from functools import cached_property

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
    return r"[\s\-‐–.]*".join(escaped)


def first_element(alternative: str) -> str:
    """The one-character element a form_pattern() alternative starts with: "[её]", an escaped or a plain character."""
    if alternative.startswith("[её]"):
        return "[её]"
    return alternative[:2] if alternative.startswith("\\") else alternative[:1]


class AlternationScanner:
    """Finds what `re.compile(before + "(?:" + "|".join(alternatives) + ")" + after, flags).finditer`
    finds, much faster when there are thousands of alternatives.

    Why: Python's re tries every alternative, one after the other, at every position where
    `before` holds. Here a position is tried only with the alternatives whose first element can
    match its character, in their original order; since the others cannot match there, the
    match at each position, and so the whole scan, is the same. Every alternative must start
    with a one-character element (see first_element), as form_pattern()'s do.
    """

    def __init__(self, before: str, alternatives: list[str], after: str, flags: int = 0) -> None:
        self.pattern = before + "(?:" + "|".join(alternatives) + ")" + after
        self._before, self._after, self._flags = before, after, flags
        self._alternatives = [(first_element(a), a) for a in alternatives]
        self._firsts = {first: re.compile(first, flags) for first, _ in self._alternatives}
        self._starts = re.compile(before, flags)  # zero-width: the positions where a match may start
        self._by_char: dict[str, re.Pattern[str] | None] = {}
        self._by_group: dict[tuple[str, ...], re.Pattern[str]] = {}

    def _for(self, char: str) -> re.Pattern[str] | None:
        viable = {first for first, matcher in self._firsts.items() if matcher.fullmatch(char)}
        group = tuple(a for first, a in self._alternatives if first in viable)
        if not group:
            return None
        if group not in self._by_group:
            self._by_group[group] = re.compile(self._before + "(?:" + "|".join(group) + ")" + self._after, self._flags)
        return self._by_group[group]

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        resume, size = 0, len(text)
        by_char = self._by_char
        for start in self._starts.finditer(text):
            position = start.start()
            if position < resume or position >= size:
                continue
            char = text[position]
            pattern = by_char[char] if char in by_char else by_char.setdefault(char, self._for(char))
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

    def _extend(self, text: str, end: int, written: str, candidates: list[Candidate]) -> int:
        """A short form followed by an unknown spelling of the rest ("Чжоу Энляю") takes the rest in,
        when the whole is a close spelling of the same person's name."""
        if " " in written.strip() or "-" in written:
            return end
        following = _NEXT_WORD.match(text, end)
        if not following:
            return end
        extended = text[end - len(written) : following.end()]
        targets = {c.target for c in self.authority.candidates(extended, fuzzy=True)}
        return following.end() if targets & {c.target for c in candidates} else end

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
        for match in self._pattern.finditer(text):
            written = match.group()
            if not written[0].isupper():
                continue
            candidates = self._by_key.get(_key(written))
            if candidates:
                end = self._extend(text, match.end(), written, candidates)
                mentions.append(NameMention(match.start(), end, text[match.start() : end], tuple(candidates)))
        for match in _SPACED.finditer(text):
            collapsed = re.sub(r"[ \u00a0]", "", match.group())
            candidates = self._by_key.get(_key(collapsed))
            if candidates and not any(m.start <= match.start() < m.end for m in mentions):
                mentions.append(NameMention(match.start(), match.end(), match.group(), tuple(candidates)))
        return sorted(mentions, key=lambda m: m.start)


_NEXT_WORD = re.compile(r"[ \u00a0-]?([А-ЯЁA-Z][\w'-]*)")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", fold(text))
