"""Places and organisations named in the telegram, in every version and in the title.

Gazetteer places are found in all their forms (Peking, Пекине, Chemulpo) and take the name of
the telegram's date (Volgograd in a 1943 text is Stalingrad); a capitalised word after
"в районе", "in the area of", "near", "станция" that the gazetteer lacks is kept as a place of
its own with low confidence. A name that is part of a person's name ("Comrade Sheng Jian"), of an
event, treaty or organisation ("the Geneva accords"), or a state as owner ("Embassy of Hungary")
is not a place; nor is a name in the page's credits, rights, navigation, bibliography or
footnotes. An editor's bracket is kept: "Angdun [Dandong]" resolves the name before it, and
"Передано т. Булганину [из Сочи]" says where the telegram went.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from cablegraph.extract.boilerplate import Spans, non_content_spans
from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.facts import Evidence, OrganisationFact, PlaceFact, evidence_in, evidence_in_field
from cablegraph.extract.spans import SpanSet
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
    r"[\s-]+(?i:Pact|Treaty|Conventions?|Conferences?|Agreements?|Accords?|Declaration|Protocols?|Games|Olympics|Charter|"
    r"Doctrine|Plan|Foundation|Corporation|University|Institute|Programme|Program|Commission|Post|Times|Herald)\b"
)
# "Comrade Sheng Jian", "Ambassador Tianjin Wang": a name after a title or honorific is a person's.
_PERSON_BEFORE = re.compile(
    r"(?:\b(?:Comrades?|Cdes?\.?|Com\.|Mr\.?|Mrs\.?|Ms\.?|Madame|Mme\.?|Miss|Dr\.?|Prof\.?|General|Marshal|Admiral|Colonel|"
    r"Major|Captain|Lieutenant|Premier|Chairman|Counsell?or|Secretary|Deputy|Attaché|Minister|Ambassador|President)"
    r"|(?i:\bтов\.|\bтоварищ\w*|\bг-н\w*|\bгосподин\w*|\bгенерал\w*|\bмаршал\w*))"
    r"[ \t]+(?:[A-ZА-ЯЁ][\w'’-]*[ \t]+){0,2}$"
)
# A dispatch line of a Russian cipher telegram names its origin, often in lower case: "Из пекина".
_DISPATCH_FROM = re.compile(r"(?im)^[ \t]*(?:из|from)[ \t]+(?P<place>[^\W\d][\w-]{2,30})(?=[ \t]|$)")
# A country as owner, not as location ("Embassy of Hungary", "MID USSR", "the USSR Embassy",
# "USSR Minister of Defense"); "Embassy in Hungary", "Ambassador to Cuba" are locations.
_OWNER_BEFORE = re.compile(
    r"(?i:embassy|legation|consulate|ministry|government|minister|ambassador|mission|delegation|president|premier)"
    r"(?:[ \t]+of[ \t]+[\w ]{1,30}?)?[ \t]+of[ \t]+(?:the[ \t]+)?$|\b(?:MID|МИД|MFA|Ministry[ \t]+of[ \t]+Foreign[ \t]+Affairs)[ \t]+$"
)
_OWNER_AFTER = re.compile(
    r"\s+(?:(?:First\s+|Chief\s+)?(?:Deputy\s+|Vice\s+)?(?:Foreign\s+)?(?:Minister|Chairman|Premier)|Embassy|Legation|Consulate|Government|Ministry|Minister|Foreign\s+Minist\w+|Ambassador|MFA|MID|Delegation|Armed\s+Forces)\b"
)


def _owner_or_event(text: str, start: int, end: int) -> bool:
    return bool(
        _NAMED_AFTER.match(text, end, min(len(text), end + 20))
        or _OWNER_AFTER.match(text, end, min(len(text), end + 30))
        or _OWNER_BEFORE.search(text[max(0, start - 60) : start])
    )


def extract_places(document: Document, context: ExtractionContext) -> Iterator[PlaceFact]:
    when = _telegram_date(document)
    title = document.header.title
    if title is not None:
        for mention in context.gazetteer.find(title.value):
            if _owner_or_event(title.value, mention.start, mention.end) or _in_person_name(title.value, mention.start):
                continue
            evidence = evidence_in_field(document, title, mention.start, mention.end, RULE, 0.9)
            yield PlaceFact(_period_place(mention.place, when, context), (mention.text,), (evidence,))
    for version in document.body_versions:
        yield from _version_places(version, context, when)


def _telegram_date(document: Document) -> PartialDate | None:
    """The date whose place names the telegram uses: the archive's date, else a date in the title."""
    when = document_date(document)
    if when is None and document.header.title is not None:
        when = next((m.date for m in find_dates(document.header.title.value) if m.date.year is not None), None)
    return when


def _period_place(place_id: str, when: PartialDate | None, context: ExtractionContext) -> str:
    return context.gazetteer.at(context.gazetteer.places[place_id], when).id


_LOCATIVE = re.compile(r"(?i:\b(?:in|at|to|на|в|во)\s+(?:the\s+)?)$")


def _names_an_organisation(text: str, start: int, end: int, organisations: list[tuple[int, int]]) -> bool:
    """ "the Communist Party of China", "the Warsaw Pact": the place is part of an organisation's name;
    "the Soviet Embassy in China" still locates the embassy. `organisations` are sorted and do not
    overlap (as Organisations.find gives them), so only the last to start before the place can hold it."""
    index = bisect_right(organisations, (start, len(text) + 1)) - 1
    if index >= 0 and organisations[index][1] >= end:
        return not _LOCATIVE.search(text, organisations[index][0], start)
    return False


def _in_person_name(text: str, start: int) -> bool:
    return bool(_PERSON_BEFORE.search(text, max(0, start - 60), start))


def _version_places(version: TextVersion, context: ExtractionContext, when: PartialDate | None) -> Iterator[PlaceFact]:
    text = version.text
    people = SpanSet([(m.start, m.end) for m in context.names.find(text)])
    outside: Spans = non_content_spans(text)

    def not_content(start: int, end: int) -> bool:
        return outside.covers(start, end)

    organisations = [(m.start, m.end) for m in context.organisations.find(text)]
    taken = SpanSet()
    for mention in context.gazetteer.find(text):
        if people.overlaps(mention.start, mention.end) or not_content(mention.start, mention.end):
            continue
        if _names_an_organisation(text, mention.start, mention.end, organisations):
            continue
        if _owner_or_event(text, mention.start, mention.end) or _in_person_name(text, mention.start):
            continue
        confidence = 0.9 if len(mention.text) > 3 else 0.7
        taken.add(mention.start, mention.end)
        place = _station(text, mention.start, mention.text, context) or _period_place(mention.place, when, context)
        yield PlaceFact(place, (mention.text,), (evidence_in(version, mention.start, mention.end, RULE, confidence),))
    for match in _DISPATCH_FROM.finditer(text):
        start, end = match.span("place")
        written = match["place"]
        if written[0].isupper() or taken.overlaps(start, end) or not_content(start, end):
            continue
        found = context.gazetteer.lookup(written)
        if found is not None and found.type in ("city", "port", "country"):
            taken.add(start, end)
            yield PlaceFact(
                _period_place(found.id, when, context), (written,), (evidence_in(version, start, end, RULE, 0.7),)
            )
    for match in _UNKNOWN_PLACE.finditer(text):
        group = "name" if match["name"] else "before"
        start, end = match.span(group)
        if taken.overlaps(start, end) or people.overlaps(start, end) or context.gazetteer.lookup(match[group]):
            continue
        if not_content(start, end):
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
