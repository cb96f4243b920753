"""Text inside a version that is not the telegram: the site's credits, rights and navigation,
bibliographic lines, footnotes and editors' notes, and editorial insertions in brackets.

Why: a saved archive page or a book page keeps such text between or after the telegram's own
lines; people and places named only there ("supported by the MacArthur Foundation", "Carnegie
Corporation of New York", "Переписка Председателя Совета Министров СССР ...") are no facts of the
telegram. An editor's bracket is a gloss: "Angdun [Dandong]" resolves the name before it and is
evidence for it, while an insertion such as "[PRC Embassy in India Counsellor]" adds words the
telegram does not have, so nothing named inside it is a new mention.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

# One line of the site's chrome, a funder credit, rights text or a bibliographic line. Its lead-in
# stays on the line ([^\w\n], not \W): from every line start of a run of blank lines, \W ran to
# the run's end, and a megabyte of line breaks took minutes.
_BOILERPLATE_LINE = re.compile(
    r"(?im)^[^\w\n]*(?:"
    r"(?:publication\s+of\s+)?this\s+document\s+was\s+(?:made\s+possible|supported)\b|"
    r"publication\s+of\s+this\s+document\s+was\s+supported\b|"
    r"the\s+history\s+and\s+public\s+policy\s+program\b|"
    r"for\s+questions\s+about\s+this\s+document|"
    r"copyright\b|all\s+rights\s+reserved|"
    r"(?:skip\s+to\s+content|search\s+in|get\s+citation|share\s+document|loading)\W*$|"
    r"digital\s+archive\s+international\s+history|we\s+use\s+cookies|"
    r"(?:associated\s+)?(?:people\s+&\s+organizations|places|topics|subjects\s+discussed|geographic\s+subjects)\s*$|"
    r"reprinted\s+(?:in|from)\b|published\s+in\b|cited\s+in\b|"
    r"печатается\s+по\b|цит(?:\.|ируется)\s+по\b|опубл(?:\.|иковано)\b|"
    r"переписка\s+председателя\s+совета\b|"
    r"рейтинг@|поможем\s+с\b"
    r").*$"
)
# A short line that is a bibliographic page reference ("Министров СССР… С. 495–496.").
_PAGE_REFERENCE_LINE = re.compile(r"(?m)^[^\n]{0,80}\b(?:[Сс]|pp?)\.\s*\d+(?:\s*[–-]\s*\d+)?\.?[ \t]*$")
# Footnotes ("[1] It had been proposed ...") and an editors' note to the end of the version.
_FOOTNOTE_LINE = re.compile(r"(?m)^[ \t]*\[\d{1,3}\][ \t]+\S.*$")
_NOTES_HEADING = re.compile(
    r"(?im)^[ \t]*(?:примечани[ея]|комментари[йи]|notes?|footnotes|editor'?s\s+notes?)[ \t]*:?[ \t]*$"
)


@dataclass(frozen=True)
class Spans:
    """Sorted, disjoint (start, end) spans with a fast overlap test."""

    starts: tuple[int, ...]
    ends: tuple[int, ...]

    @classmethod
    def of(cls, spans: list[tuple[int, int]]) -> Spans:
        merged: list[list[int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        return cls(tuple(s for s, _ in merged), tuple(e for _, e in merged))

    def contains(self, start: int, end: int) -> bool:
        """Whether [start, end) lies inside one of the spans."""
        index = bisect_right(self.starts, start) - 1
        return index >= 0 and self.ends[index] >= end

    def covers(self, start: int, end: int) -> bool:
        """Whether [start, end) overlaps one of the spans."""
        index = bisect_right(self.starts, end - 1) - 1
        return index >= 0 and self.ends[index] > start


def non_content_spans(text: str) -> Spans:
    """Spans of `text` that are no part of the telegram (credits, rights, navigation, bibliography,
    footnotes, an editors' note and everything after its heading)."""
    spans = [m.span() for m in _BOILERPLATE_LINE.finditer(text)]
    spans += [m.span() for m in _PAGE_REFERENCE_LINE.finditer(text)]
    spans += [m.span() for m in _FOOTNOTE_LINE.finditer(text)]
    notes = _NOTES_HEADING.search(text)
    if notes is not None and notes.start() > 0:
        spans.append((notes.start(), len(text)))
    return Spans.of(spans)


_BRACKET = re.compile(r"\[([^\[\]\n]{1,80})\]")


def editorial_insertions(text: str, is_gloss_of_name: Callable[[str], bool]) -> Spans:
    """Brackets that insert words rather than gloss the name before them.

    `is_gloss_of_name(inner)` says whether the bracket's content is a name on its own (a place, a
    person); such a bracket right after a word ("Angdun [Dandong]", "FILIPPOV [Stalin]") is a gloss
    and stays evidence. Any other bracket ("[PRC Embassy in India Counsellor]", "[in Warsaw]") is an
    insertion."""
    spans = []
    for match in _BRACKET.finditer(text):
        inner = match.group(1).strip()
        before = text[max(0, match.start() - 2) : match.start()]
        glosses = bool(re.search(r"[\w.'’]\s?$", before)) and is_gloss_of_name(inner)
        if not glosses:
            spans.append(match.span())
    return Spans.of(spans)
