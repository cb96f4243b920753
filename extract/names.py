"""Finding known names in running text.

One compiled pattern holds every written form of every person and post in the
authority data (with Russian case forms); separators between name parts are
loose ("Цзе-дун", "Цзе дун"), е/ё are one letter, and a match must start with a
capital so that "котов" (cats) is not Kotov. Letter-spaced signatures
("Ф И Л И П П О В") are matched on their collapsed form.
"""

from __future__ import annotations

import re
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


class NameMatcher:
    def __init__(self, authority: Authority) -> None:
        self.authority = authority

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
    def _pattern(self) -> re.Pattern[str]:
        alternatives = sorted({form_pattern(form) for form in self._forms}, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(alternatives) + r")(?![\w])", re.IGNORECASE)

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
