"""Places and organisations named in the telegram, in every version and in the title.

Gazetteer places are found in all their forms (Peking, Пекине, Chemulpo); a capitalised
word after "в районе", "in the area of", "near", "станция" that the gazetteer lacks
is kept as a place of its own with low confidence. A name that is part of a person's
name is not a place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.facts import Evidence, OrganisationFact, PlaceFact, evidence_in, evidence_in_field
from cablegraph.extract.textutil import fold, transliterate

RULE = "places.v1"
ORGANISATIONS_RULE = "organisations.v1"

_UNKNOWN_PLACE = re.compile(
    r"(?:\bв\s+районе|\bв\s+город[еа]|\bгород[ау]?|\bстанци[яиюей]|\bпорт[ау]?|\bуезд[ае]|\bпровинци[иия]|"
    r"\bin\s+the\s+(?:area|region|vicinity)\s+of|\bnear|\bcity\s+of|\btown\s+of|\bport\s+of|\bprovince\s+of)\s+"
    r"(?P<name>[A-ZА-ЯЁ][a-zа-яё]+(?:[- ][A-ZА-ЯЁ][a-zа-яё]+)?)"
    r"|(?P<before>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:station|railway\s+station|county|province)\b"
)


# A place name inside the name of an event, a treaty or an organisation ("Warsaw Pact",
# "Geneva Convention", "the Geneva Conference") is not a mention of the place.
_NAMED_AFTER = re.compile(
    r"[\s-]+(?:Pact|Treaty|Conventions?|Conference|Agreements?|Accords?|Declaration|Protocol|Games|Olympics|Charter|"
    r"Doctrine|Plan)\b"
)
# A country as owner, not as location ("Embassy of Hungary", "MID USSR", "the USSR Embassy",
# "USSR Minister of Defense"); "Embassy in Hungary", "Ambassador to Cuba" are locations.
_OWNER_BEFORE = re.compile(
    r"(?i:embassy|legation|consulate|ministry|government|minister|ambassador|mission|delegation|president|premier)"
    r"(?:\s+of\s+[\w ]{1,30}?)?\s+of\s+(?:the\s+)?$|\b(?:MID|МИД|MFA|Ministry\s+of\s+Foreign\s+Affairs)\s+$"
)
_OWNER_AFTER = re.compile(
    r"\s+(?:Embassy|Legation|Consulate|Government|Ministry|Minister|Foreign\s+Minist\w+|Ambassador|MFA|MID|Delegation|Armed\s+Forces)\b"
)


def _owner_or_event(text: str, start: int, end: int) -> bool:
    return bool(
        _NAMED_AFTER.match(text, end, min(len(text), end + 20))
        or _OWNER_AFTER.match(text, end, min(len(text), end + 30))
        or _OWNER_BEFORE.search(text[max(0, start - 60) : start])
    )


def extract_places(document: Document, context: ExtractionContext) -> Iterator[PlaceFact]:
    title = document.header.title
    if title is not None:
        for mention in context.gazetteer.find(title.value):
            evidence = evidence_in_field(document, title, mention.start, mention.end, RULE, 0.9)
            yield PlaceFact(mention.place, (mention.text,), (evidence,))
    for version in document.body_versions:
        yield from _version_places(version, context)


def _version_places(version: TextVersion, context: ExtractionContext) -> Iterator[PlaceFact]:
    text = version.text
    people = [(m.start, m.end) for m in context.names.find(text)]
    taken: list[tuple[int, int]] = []
    for mention in context.gazetteer.find(text):
        if any(s < mention.end and mention.start < e for s, e in people):
            continue
        if _owner_or_event(text, mention.start, mention.end):
            continue
        confidence = 0.9 if len(mention.text) > 3 else 0.7
        taken.append((mention.start, mention.end))
        place = _station(text, mention.start, mention.text, context) or mention.place
        yield PlaceFact(place, (mention.text,), (evidence_in(version, mention.start, mention.end, RULE, confidence),))
    for match in _UNKNOWN_PLACE.finditer(text):
        group = "name" if match["name"] else "before"
        start, end = match.span(group)
        if any(s < end and start < e for s, e in (*taken, *people)) or context.gazetteer.lookup(match[group]):
            continue
        place_id = "u-" + re.sub(r"[^a-z0-9]+", "-", transliterate(fold(match[group]))).strip("-")
        yield PlaceFact(place_id, (match[group],), (evidence_in(version, start, end, RULE, 0.4),))


def _station(text: str, start: int, written: str, context: ExtractionContext) -> str | None:
    """ "на станции Маньчжурия" is the station (Manzhouli), not the region the bare name means."""
    if re.search(r"(?i)станци\w*\s+$", text[max(0, start - 12) : start]):
        place = context.gazetteer.lookup(f"станция {written}")
        return place.id if place else None
    return None


def extract_organisations(document: Document, context: ExtractionContext) -> Iterator[OrganisationFact]:
    for version in document.body_versions:
        for mention in context.organisations.find(version.text):
            evidence: Evidence = evidence_in(version, mention.start, mention.end, ORGANISATIONS_RULE, 0.85)
            yield OrganisationFact(mention.organisation, (mention.text,), (evidence,))
