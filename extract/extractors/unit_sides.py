"""Whose a formation is: the sides a mention names itself ("китайских дивизий"), else the nearest
side named as troops before it in its sentence or the one before ("the North Koreans"), else whose
"we"/"your" it is, resolved to the correspondents' side (`sides` in units.toml) after extraction.

Separate from `units` because reading the sides around a mention is its own problem with its own
cost bound (`_SideCues` reads a text once when many mentions ask).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from functools import lru_cache

from cablegraph.extract.extractors.unit_vocabulary import unit_data
from cablegraph.extract.facts import AgentFact, AgentRole, Fact


def affiliation_codes() -> tuple[str, ...]:
    """Every affiliation code the data knows (the shapes check stored ones against their form)."""
    return tuple(dict.fromkeys(entry["code"] for entry in unit_data()["affiliation"]))


_AFFILIATIONS: list[tuple[str, re.Pattern[str]]] = [
    (entry["code"], re.compile("(?i)" + "|".join(f"(?:{w})" for w in entry["words"])))
    for entry in unit_data()["affiliation"]
]
ANY_SIDE = re.compile("|".join(f"(?P<a{i}>{p.pattern[4:]})" for i, (_, p) in enumerate(_AFFILIATIONS)), re.IGNORECASE)
# Whose the troops are, not to whom they go: subjects and possessives ("мы готовы послать Вам
# дивизию" is the sender's division; "you should move five-six divisions" the addressee's).
_PRONOUN = re.compile(
    r"(?i)(?<![\w-])(?:(?P<sender>мы|наш\w*|we|our)|(?P<recipient>вы|ваш\w*|your"
    r"|you(?=\s+(?:should|have|had|consider|are|were|will|can|could|may|must|would|might|decide\w*|send|move|plan\w*|think))))(?![\w-])"
)
_REQUEST_BEFORE = re.compile(
    r"(?i)(?:просим|прошу|просил\w*)\s+(?:\w+\s+){0,2}(?:прислать|направить|выделить|послать|передать)\s+$"
    r"|(?:ask|asks|asked|request\w*)\s+(?:you\s+)?to\s+(?:send|provide|dispatch|transfer|give)\s+(?:us\s+)?$"
)
_SENTENCE_END = re.compile(r"[.!?;]\s|\n\s*\n")


def sides_named(phrase: str) -> str | None:
    """The sides a mention names itself: "китайских", "американской и британской" -> "american-british"."""
    found = [code for match in ANY_SIDE.finditer(phrase) for code in [_code(match)] if code]
    found = list(dict.fromkeys(found))
    return "-".join(found) if found else None


_PEOPLE_NOUN = re.compile(r"(?i)(?:цев|цы|цами|ans|ese)$")
_FORCE_AFTER = re.compile(
    r"(?i)^[\s\]]*(?:[\w-]+\s+)?(?:войск|арми|сил|товарищ|командован|друз|troops|arm(?:y|ies)|forces|comrades|friends|command|units|soldiers|side)"
)


def _code(match: re.Match[str], text: str | None = None) -> str | None:
    word = match.group()
    if re.search(r"(?i)(?:ц|к)ам$", word) and word[:1].islower():
        return None  # "оказать корейцам помощь": whom the help is for, not whose the troops are
    if text is not None and not (_PEOPLE_NOUN.search(word) or word.isupper() or _FORCE_AFTER.match(text, match.end())):
        return None  # "the Korean question", "between the USA and China": a side named, but not as troops
    index = next(int(k[1:]) for k, v in match.groupdict().items() if v is not None)
    return _AFFILIATIONS[index][0]


def sentence_before(text: str, start: int, end: int) -> str:
    begin = max(
        (m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 400), start)), default=max(0, start - 400)
    )
    return text[begin:end]


class _SideCues:
    """The sides a text names as troops ("the North Koreans") and its "we" and "your", in a stretch
    before a mention. The first few stretches are read as asked; after that the whole text is read
    once and the stretches looked up: a list of formations asks about the 500 characters before
    each, and reading them again for each made such a text quadratic in effect."""

    _READ_AS_ASKED = 16

    def __init__(self, text: str) -> None:
        self.text = text
        self._asked = 0
        self._found: dict[str, tuple[list[int], list[tuple[int, int, str]]]] = {}

    def sides(self, begin: int, stop: int) -> list[tuple[int, str]]:
        return self._within("sides", begin, stop)

    def pronouns(self, begin: int, stop: int) -> list[tuple[int, str]]:
        return self._within("pronouns", begin, stop)

    def _within(self, kind: str, begin: int, stop: int) -> list[tuple[int, str]]:
        """(start, code) of the cues inside [begin, stop)."""
        self._asked += 1
        if self._asked <= self._READ_AS_ASKED:
            return [(start, code) for start, _, code in self._cues(kind, begin, stop)]
        if kind not in self._found:
            cues = list(self._cues(kind, 0, len(self.text)))
            self._found[kind] = ([start for start, _, _ in cues], cues)
        starts, cues = self._found[kind]
        first, last = bisect_left(starts, begin), bisect_left(starts, stop)
        return [(start, code) for start, end, code in cues[first:last] if end <= stop]

    def _cues(self, kind: str, begin: int, stop: int) -> Iterator[tuple[int, int, str]]:
        if kind == "sides":
            for match in ANY_SIDE.finditer(self.text, begin, stop):
                if code := _code(match, self.text):
                    yield match.start(), match.end(), code
        else:
            for match in _PRONOUN.finditer(self.text, begin, stop):
                yield match.start(), match.end(), "@" + ("sender" if match["sender"] else "recipient")


@lru_cache(maxsize=4)
def _side_cues(text: str) -> _SideCues:
    return _SideCues(text)


def side_from_context(text: str, start: int, end: int) -> str | None:
    """The nearest side named before the mention in its sentence, else in the sentence before it:
    a demonym ("the North Koreans"), or "we"/"your" (resolved to the correspondents' side later)."""
    if _REQUEST_BEFORE.search(text, max(0, start - 60), start):
        return "@recipient"  # "просим прислать авиадивизию", "ask you to send an air division": the addressee's
    window_start = max(0, start - 500)
    ends = [m.end() for m in _SENTENCE_END.finditer(text, window_start, start)]
    for begin, stop in (
        (ends[-1] if ends else window_start, start),
        (ends[-2] if len(ends) > 1 else window_start, ends[-1] if ends else window_start),
    ):
        if begin >= stop:
            continue
        cues = _side_cues(text).sides(begin, stop)
        if (begin, stop) == (ends[-1] if ends else window_start, start):
            after = text[end : end + 25]
            pronoun_after = _PRONOUN.search(after)
            if pronoun_after and re.match(r"(?i)^\s*,?\s*(?:которую|которые|который|which|that)\b", after):
                return "@" + ("sender" if pronoun_after["sender"] else "recipient")
            cues += _side_cues(text).pronouns(begin, stop)
        if cues:
            return max(cues)[1]
    return None


def correspondent_sides(facts: list[Fact]) -> dict[str, str]:
    """Whose troops "our" and "your" are: the side of the sender and of the recipient, when known."""
    table: dict[str, str] = unit_data().get("sides", {})
    found: dict[str, set[str]] = {"sender": set(), "recipient": set()}
    for fact in facts:
        if isinstance(fact, AgentFact) and fact.role in (AgentRole.SENDER, AgentRole.RECIPIENT) and fact.agent in table:
            found[fact.role.value].add(table[fact.agent])
    return {role: next(iter(values)) for role, values in found.items() if len(values) == 1}
