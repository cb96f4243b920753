"""Military units and forces: type, count or range, affiliation, qualifiers, place.

    пять-шесть дивизий / five-six divisions                      division, 5-6
    девять китайских дивизий / nine Chinese divisions             division, 9, chinese
    первую и вторую армейские группы северо-корейцев             army group, 2 (1st, 2nd), north-korean
    дивизию реактивных истребителей --24 штуки                    fighter division, 1, jet fighter, 24 aircraft
    авиадивизией в Шанхае / the air division in Shanghai          air division, 1, place shanghai
    Главного Штаба добровольческих войск                          headquarters, 1, chinese, volunteer
    несколько добровольческих дивизий / several volunteer divisions   division, several, volunteer

The same mention in Russian and English is one fact (same type, count, affiliation, place).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.facts import UnitFact, evidence_in

RULE = "units.v1"

_RU_NUMBERS = {
    "один": 1, "одна": 1, "одну": 1, "одного": 1, "одной": 1, "два": 2, "две": 2, "двух": 2, "три": 3, "трех": 3, "трёх": 3,
    "четыре": 4, "четырех": 4, "четырёх": 4, "пять": 5, "пяти": 5, "шесть": 6, "шести": 6, "семь": 7, "семи": 7,
    "восемь": 8, "восьми": 8, "девять": 9, "девяти": 9, "десять": 10, "десяти": 10, "одиннадцать": 11,
    "двенадцать": 12, "двенадцати": 12, "пятнадцать": 15, "двадцать": 20, "двадцати": 20, "тридцать": 30,
}  # fmt: skip
_EN_NUMBERS = {
    "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_ORDINALS = {
    "первую": 1, "первая": 1, "первой": 1, "первый": 1, "первого": 1, "вторую": 2, "вторая": 2, "второй": 2, "второго": 2,
    "третью": 3, "третья": 3, "третий": 3, "first": 1, "second": 2, "third": 3, "fourth": 4,
}  # fmt: skip
_SEVERAL = {"несколько", "нескольких", "несколькими", "several", "a few", "few"}

# unit type -> (Russian noun pattern, English noun pattern); compound types first
_TYPES: list[tuple[str, str, str]] = [
    ("fighter-division", r"(?:истребительн\w+\s+)?(?:авиа)?дивизи\w+\s+(?:реактивных\s+)?истребител\w+", r"(?:jet\s+)?fighter\s+divisions?|divisions?\s+of\s+(?:\d+\s+)?(?:jet\s+)?fighters"),
    ("air-division", r"авиадивизи\w+|авиационн\w+\s+дивизи\w+", r"air\s+divisions?|aviation\s+divisions?"),
    ("army-group", r"армейск\w+\s+групп\w*", r"army\s+groups?"),
    ("headquarters", r"(?:главн\w+\s+)?штаб\w*", r"(?:general\s+)?headquarters|\bHQ\b"),
    ("division", r"дивизи(?:я|и|ю|ей|ям|ями|ях|й)", r"divisions?"),
    ("corps", r"корпус(?:а|у|ом|е|ов|ам|ами|ах)?", r"corps"),
    ("army", r"арми(?:я|и|ю|ей|ям|ями|ях|й)", r"arm(?:y|ies)"),
    ("regiment", r"полк(?:а|у|ом|е|и|ов|ам|ами|ах)?", r"regiments?"),
    ("brigade", r"бригад\w*", r"brigades?"),
    ("battalion", r"батальон\w*", r"battalions?"),
    ("fleet", r"флот\w*", r"fleets?"),
    ("front", r"фронт(?:а|у|ом|е|ы|ов)?(?=\s+(?:\w+\s+)?(?:войск|арми))", r"fronts?(?=\s+(?:of\s+)?troops)"),
]
_AFFILIATIONS: list[tuple[str, re.Pattern[str]]] = [
    ("north-korean", re.compile(r"(?i)северо-?корейск\w*|северо-?корейц\w*|north\s+korean?s?|\bKPA\b|\bКНА\b|корейской\s+народной\s+армии")),
    ("south-korean", re.compile(r"(?i)южно-?корейск\w*|лисынмановск\w*|south\s+korean?s?")),
    ("chinese", re.compile(r"(?i)китайск\w*|chinese|\bНОА\b|\bPLA\b")),
    ("soviet", re.compile(r"(?i)советск\w*|soviet")),
    ("american", re.compile(r"(?i)американск\w*|american|\bU\.?S\.?\b|\bUSA\b|США")),
    ("british", re.compile(r"(?i)английск\w*|британск\w*|british|english")),
    ("un", re.compile(r"(?i)\bООН\b|\bUN\b|united\s+nations")),
]
_QUALIFIERS: list[tuple[str, re.Pattern[str]]] = [
    ("volunteer", re.compile(r"(?i)добровол\w*|volunteers?")),
    ("jet fighter", re.compile(r"(?i)реактивн\w+\s+истребител\w*|jet\s+fighters?")),
    ("battle-ready", re.compile(r"(?i)боеспособн\w*|battle[\s-]ready|combat[\s-]ready")),
    ("tank", re.compile(r"(?i)танков\w*|\btank\b")),
    ("infantry", re.compile(r"(?i)пехотн\w*|стрелков\w*|infantry")),
]

_RU_WORD = r"[а-яёА-ЯЁ-]+"
_RU_ADJ = rf"{_RU_WORD}(?:ых|их|ые|ие|ая|ую|ой|ей|ого|его|ыми|ими|ый|ий)"
_EN_ADJ = r"(?:[A-Z][a-z]+|(?i:volunteer|battle[\s-]ready|combat[\s-]ready|infantry|tank|additional|new|fresh|enemy|regular|jet))"
_RU_COUNT = r"(?:\d+\s+и\s+\d+|\d+(?:\s*[-–]\s*\d+)?|(?:{o})(?:\s+и\s+(?:{o}))?|(?:{w})(?:\s*[-–]\s*(?:{w}))?|несколько|нескольких|несколькими)".format(
    w="|".join(sorted(_RU_NUMBERS, key=len, reverse=True)), o="|".join(k for k in _ORDINALS if not k.isascii())
)
_EN_COUNT = r"(?:\d+(?:st|nd|rd|th)?\s*(?:\[\w+\])?\s+and\s+\d+(?:st|nd|rd|th)?\s*(?:\[\w+\])?|\d+(?:\s*[-–]\s*\d+)?|(?:{o})(?:\s+and\s+(?:{o}))?|(?:{w})(?:\s*(?:[-–]|or|to)\s*(?:{w}))?|several|a\s+few)".format(
    w="|".join(k for k in sorted(_EN_NUMBERS, key=len, reverse=True) if k not in ("a", "an")), o="|".join(k for k in _ORDINALS if k.isascii())
)


def _build() -> list[tuple[str, re.Pattern[str], re.Pattern[str]]]:
    built = []
    for unit_type, ru, en in _TYPES:
        ru_pattern = re.compile(
            rf"(?:(?P<count>{_RU_COUNT})\s+)?(?P<adjs>(?:{_RU_ADJ}\s+){{0,3}})(?<![\w-])(?P<noun>{ru})"
            rf"(?P<after>\s+(?:северо-корейцев|китайцев|американцев|в\s+[А-ЯЁ]\w+|--?\s*\d+\s+штук\w*|[-–—]\s*\d+\s+штук\w*))?",
            re.IGNORECASE,
        )
        en_pattern = re.compile(
            rf"(?:(?i:at\s+least\s+|up\s+to\s+)?(?P<count>(?i:{_EN_COUNT}|a|an))\s+)?(?P<adjs>(?:{_EN_ADJ}\s+){{0,3}})(?<![\w-])(?P<noun>(?i:{en}))"
            rf"(?P<after>\s+(?:of\s+the\s+North\s+Koreans|of\s+the\s+Chinese|in\s+[A-Z]\w+|of\s+\d+\s+(?:jet\s+)?fighters))?",
        )
        # Where a noun could start: every match holds one (used to skip text that holds none).
        ru_noun = re.compile(rf"(?<![\w-])(?:{ru})", re.IGNORECASE)
        en_noun = re.compile(rf"(?<![\w-])(?i:{en})")
        built.append((unit_type, ru_pattern, en_pattern, ru_noun, en_noun))
    return built


# A match holds at most 13 runs of whitespace before its noun ("at least 1 [one] and 2 [two] battle-ready
# fresh volunteer divisions"): 2 in "at least", 4 in the count, 1 after it, 2 in each of 3 adjectives.
_MAX_SPACE_RUNS = 16
_SPACE_RUN = re.compile(r"\s+")


def _matches(pattern: re.Pattern[str], noun: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, without trying the whole text.

    Why: the patterns' optional count and adjectives make re try a costly match at every position.
    Every match holds a noun and starts within _MAX_SPACE_RUNS runs of whitespace before it; a
    noun found alone is a match. So the next match is the first one found from that many runs
    before the next noun: the same matches, from short stretches of text.
    """
    spaces: list[int] | None = None
    position = 0
    while (found := noun.search(text, position)) is not None:
        if spaces is None:
            spaces = [run.start() for run in _SPACE_RUN.finditer(text)]
        before = bisect_left(spaces, found.start())
        window = spaces[before - _MAX_SPACE_RUNS] if before >= _MAX_SPACE_RUNS else 0
        match = pattern.search(text, max(position, window))
        if match is None:  # cannot happen (the noun alone matches); stay exact if it ever does
            yield from pattern.finditer(text, position)
            return
        yield match
        position = match.end()


_PATTERNS = _build()


_NAMED_VOLUNTEERS = re.compile(r"(?i)добровольческих\s+войск|volunteer\s+troops|people's\s+volunteers|народных\s+добровольцев")


def extract_units(document: Document, context: ExtractionContext) -> Iterator[UnitFact]:
    facts = [fact for version in document.body_versions for fact in _version_units(version, context)]
    # "1 и 2 армейских групп" names the same formations as "первую и вторую армейские группы северо-корейцев"
    named = {(f.unit_type, f.qualifiers): f.affiliation for f in facts if f.affiliation and _ordinals(f)}
    for fact in facts:
        affiliation = fact.affiliation or named.get((fact.unit_type, fact.qualifiers))
        yield fact if affiliation == fact.affiliation else replace(fact, affiliation=affiliation)


def _ordinals(fact: UnitFact) -> bool:
    return any(q[:1].isdigit() for q in fact.qualifiers)


def _version_units(version: TextVersion, context: ExtractionContext) -> Iterator[UnitFact]:
    # Named institutions ("Генштаба Сов. Армии", "People's Liberation Army") are organisations, not formations;
    # the Chinese People's Volunteers' name is kept available, "добровольческих войск" qualifies a headquarters.
    taken = [(m.start, m.end) for m in context.organisations.find(version.text) if m.organisation != "cpv"]
    pattern_index = 1 if version.language == "ru" else 2
    for entry in _PATTERNS:
        unit_type, pattern = entry[0], entry[pattern_index]
        for match in _matches(pattern, entry[pattern_index + 2], version.text):
            if any(s < match.end("noun") and match.start("noun") < e for s, e in taken):
                continue
            start = match.start("count") if match["count"] else match.start("adjs") if match["adjs"] else match.start("noun")
            fact = _fact(unit_type, match, version, start, match.end(), context)
            if fact is not None:
                taken.append((match.start("noun"), match.end("noun")))
                yield fact


def _fact(unit_type: str, match: re.Match[str], version: TextVersion, start: int, end: int, context: ExtractionContext) -> UnitFact | None:
    phrase = version.text[start:end]
    if unit_type == "headquarters" and not re.search(r"(?i)войск|добровол|арми|troops|volunteer|army|front|фронт", version.text[start : end + 40]):
        return None  # "штаб" alone is too often the General Staff as an institution
    before = version.text[max(0, start - 12) : start].lower()
    if unit_type == "army" and not match["count"] and re.search(r"(?:our|your|their|наш\w*|ваш\w*|их)\s+$", before):
        return None  # "our army": the army as a whole (an organisation), not army formations
    count, count_max, qualifiers = _count(match["count"], match["noun"])
    if count == 1 and not match["count"] and not match["adjs"] and not match["after"] and unit_type in ("division", "corps", "army", "regiment", "brigade", "battalion"):
        count = None  # a bare singular noun ("советники в корпус и армии") is generic, not one unit
    context_text = version.text[start : end + 30]
    affiliation = next((name for name, pattern in _AFFILIATIONS if pattern.search(phrase)), None)
    if affiliation is None and _NAMED_VOLUNTEERS.search(context_text):
        affiliation = "chinese"  # the Chinese People's Volunteers, named as such
    qualifiers += tuple(name for name, pattern in _QUALIFIERS if pattern.search(context_text if unit_type == "headquarters" else phrase))
    equipment = re.search(r"(\d+)\s+(?:штук|jet\s+fighters|fighters|aircraft|самолет)", phrase)
    place = None
    after = match["after"] or ""
    located = re.search(r"(?:в|in)\s+([A-ZА-ЯЁ]\w+)", after)
    if located:
        found = context.gazetteer.lookup(located.group(1))
        place = found.id if found else None
    evidence = evidence_in(version, start, end, RULE, 0.8)
    return UnitFact(
        unit_type,
        count,
        count_max,
        affiliation,
        (phrase,),
        qualifiers,
        place,
        int(equipment.group(1)) if equipment else None,
        (evidence,),
    )


def _count(written: str | None, noun: str) -> tuple[int | None, int | None, tuple[str, ...]]:
    """(count, count_max, qualifiers) from the number words before the noun."""
    if not written:
        if noun.lower().endswith(("headquarters", "hq")):
            return 1, None, ()  # one force has one headquarters
        plural = re.search(r"(?i)(?:ии|ий|иям|иями|иях|ы|ов|ами|ах|s|ies)$", noun) or noun.lower() == "corps"
        return (None, None, ()) if plural else (1, None, ())
    low = written.lower().strip()
    if low in _SEVERAL:
        return None, None, ("several",)
    ordinals = [_ORDINALS[w] for w in re.findall(r"[a-zа-яё]+", low) if w in _ORDINALS]
    if ordinals:
        return len(ordinals), None, tuple(f"{n}{_suffix(n)}" for n in ordinals)
    digits_and = re.fullmatch(r"(\d+)(?:st|nd|rd|th)?\s*(?:\[\w+\])?\s+(?:и|and)\s+(\d+)(?:st|nd|rd|th)?\s*(?:\[\w+\])?", low)
    if digits_and:  # "1 и 2 армейских групп": the first and second
        numbers = [int(digits_and.group(1)), int(digits_and.group(2))]
        return 2, None, tuple(f"{n}{_suffix(n)}" for n in numbers)
    parts = re.split(r"\s*(?:[-–]|or|to)\s*", low)
    values = [_number(p) for p in parts]
    values = [v for v in values if v is not None]
    if not values:
        return None, None, ()
    if len(values) == 1 or values[0] == values[-1]:
        return values[0], None, ()
    return min(values), max(values), ()


def _number(word: str) -> int | None:
    word = word.strip()
    if word.isdigit():
        return int(word)
    return _RU_NUMBERS.get(word) or _EN_NUMBERS.get(word)


def _suffix(number: int) -> str:
    return {1: "st", 2: "nd", 3: "rd"}.get(number, "th")
