"""Content negotiation as pure functions (RFC 9110 §12.5.1).

Callers pass their table of offers (solution results and graph results are in
`cablegraph.graph.query.execute`); the first offer is what `*/*` and a missing
Accept header get.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    specificity: int

    def matches(self, media_type: str) -> bool:
        kind, _, sub = media_type.partition("/")
        return (self.type in ("*", kind)) and (self.subtype in ("*", sub))


def parse_accept(header: str | None) -> list[MediaRange]:
    """Media ranges of an Accept header; malformed parts are skipped.

    >>> [(r.type, r.subtype, r.q) for r in parse_accept("text/*;q=0.5, text/csv")]
    [('text', '*', 0.5), ('text', 'csv', 1.0)]
    """
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        media = pieces[0].lower()
        if "/" not in media:
            continue
        kind, _, sub = media.partition("/")
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(1.0, max(0.0, float(value)))
                except ValueError:
                    q = 0.0
        specificity = 0 if kind == "*" else 1 if sub == "*" else 2
        ranges.append(MediaRange(kind, sub, q, specificity))
    return ranges


def choose(header: str | None, offers: list[str]) -> str | None:
    """The offer the client prefers most, None when it accepts none (406).

    For each offer the most specific matching range sets its quality.
    >>> choose("text/*, text/csv;q=0", ["application/sparql-results+json", "text/csv", "text/tab-separated-values"])
    'text/tab-separated-values'
    """
    ranges = parse_accept(header)
    best: tuple[float, int, int] | None = None
    chosen = None
    for index, offer in enumerate(offers):
        matching = [r for r in ranges if r.matches(offer)]
        if not matching:
            continue
        top = max(matching, key=lambda r: r.specificity)
        quality = min(r.q for r in matching if r.specificity == top.specificity)
        if quality <= 0:
            continue
        key = (quality, top.specificity, -index)
        if best is None or key > best:
            best, chosen = key, offer
    return chosen
