"""Military units and forces: type, count or range, affiliation, qualifiers, place.

    пять-шесть дивизий / five-six divisions                      division, 5-6
    девять китайских дивизий / nine Chinese divisions             division, 9, chinese
    первую и вторую армейские группы северо-корейцев             army group, 2 (1st, 2nd), north-korean
    дивизию реактивных истребителей --24 штуки                    fighter division, 1, jet fighter, 24 aircraft
    авиадивизией в Шанхае / the air division in Shanghai          air division, 1, place shanghai
    Главного Штаба добровольческих войск                          headquarters, 1, chinese, volunteer
    несколько добровольческих дивизий / several volunteer divisions   division, several, volunteer

    1‑го и 2‑го Украинских фронтов / 1 УФ / 5 гв. кк.            front 2 (1st, 2nd); front 1st Ukrainian; corps 5th guards cavalry
    the People's Liberation Army / НОА / Ставки ВГК               named forces (data/units.toml), one fact each

One formation is one fact per document: the same mention in Russian and English, a designated
formation named again ("the regiment"), a plural restating a counted one ("Китайские дивизии" after
"пять-шесть дивизий") and a national army beside its named force are joined (`settle_units`).
Affiliation is the side the mention names, else the nearest side the sentence (or the one before)
names, else whose troops "our"/"your" are, from the correspondents (`sides` in units.toml).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.extractors.unit_sides import (
    ANY_SIDE,
    sentence_before,
    side_from_context,
    sides_named,
)
from cablegraph.extract.extractors.unit_vocabulary import (
    NAMED_ONLY,
    build_patterns,
    ordinal_suffix,
    read_count,
    unit_data,
)
from cablegraph.extract.facts import UnitFact, evidence_in

RULE = "units.v1"

_QUALIFIERS: list[tuple[str, re.Pattern[str]]] = [
    ("volunteer", re.compile(r"(?i)добровол\w*|volunteers?")),
    ("jet fighter", re.compile(r"(?i)реактивн\w+\s+истребител\w*|jet\s+fighters?")),
    ("battle-ready", re.compile(r"(?i)боеспособн\w*|battle[\s-]ready|combat[\s-]ready")),
    ("tank", re.compile(r"(?i)танков\w*|\btank\b")),
    ("infantry", re.compile(r"(?i)пехотн\w*|стрелков\w*|infantry")),
]

# A match holds at most 13 runs of whitespace before its noun ("at least 1 [one] and 2 [two] battle-ready
# fresh volunteer divisions"): 2 in "at least", 4 in the count, 1 after it, 2 in each of 3 adjectives.
_MAX_SPACE_RUNS = 24
_SPACE_RUN = re.compile(r"\s+")


def _matches(
    pattern: re.Pattern[str], noun: re.Pattern[str], text: str, spaces: list[int] | None = None
) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, without trying the whole text.

    Why: the patterns' optional count and adjectives make re try a costly match at every position.
    Every match holds a noun and starts within _MAX_SPACE_RUNS runs of whitespace before it; a
    noun found alone is a match. So the next match is the first one found from that many runs
    before the next noun: the same matches, from short stretches of text.
    """
    spaces = [] if spaces is None else spaces
    position = 0
    while (found := noun.search(text, position)) is not None:
        if not spaces:  # where whitespace runs start, found once per text for all the types
            spaces.extend(run.start() for run in _SPACE_RUN.finditer(text))
        before = bisect_left(spaces, found.start())
        window = spaces[before - _MAX_SPACE_RUNS] if before >= _MAX_SPACE_RUNS else 0
        match = pattern.search(text, max(position, window))
        if match is None:  # cannot happen (the noun alone matches); stay exact if it ever does
            yield from pattern.finditer(text, position)
            return
        yield match
        position = match.end()


_PATTERNS = build_patterns()


_NAMED_VOLUNTEERS = re.compile(
    r"(?i)добровольческих\s+войск|volunteer\s+troops|people's\s+volunteers|народных\s+добровольцев"
)
_VOLUNTEERS_WHERE = [
    (entry["affiliation"], re.compile("(?i)" + entry["within"])) for entry in unit_data().get("volunteers", [])
]
_ABBREVIATIONS = [
    (
        entry["type"],
        tuple(entry["qualifiers"]),
        re.compile(rf"(?<![\w-])(?P<number>\d+)\s*(?P<abbr>{entry['pattern']})(?![\w])"),
    )
    for entry in unit_data()["abbreviation"]
]
_FORCES = [
    (
        entry["id"],
        entry["type"],
        entry["affiliation"],
        re.compile(
            "|".join(f"(?:{n})" for n in entry["names"]), 0 if entry.get("cased", False) is True else re.IGNORECASE
        ),
    )
    for entry in unit_data()["force"]
]
# An office of a force names the force as its owner, not as formations: "начальник политуправления
# корейской армии", "the General Staff of the Soviet Army", "Генштаба Сов. Армии".
_OFFICE_BEFORE = re.compile(
    r"(?i)(?:управлени\w*|генштаб\w*|генеральн\w+\s+штаб\w*|general\s+staff|directorate|department|military\s+council|военн\w+\s+совет(?:а|у|ом|е|ы)?(?!\w))"
    r"\s+(?:of\s+the\s+)?(?:[\w.]+\s+){0,2}$"
)
_KIND_AFTER = re.compile(r"(?i)^\s+(?:type|типа)\b")  # "units of the division and brigade type": a kind, not formations
_DEPARTMENT_AFTER = re.compile(r"^\s+of\s+(?!the\b)[A-Z][\w ]{0,40}(?:Affairs|Relations|Ministry|Department)")
_PROPER_ADJ = re.compile(r"(?<![\w-])[А-ЯЁA-Z][а-яёa-z]+")
_ENEMY = re.compile(r"(?i)вражеск\w*|противник\w*|enemy")


def extract_units(document: Document, context: ExtractionContext) -> Iterator[UnitFact]:
    facts = [fact for version in document.body_versions for fact in _version_units(version, context)]
    # "1 и 2 армейских групп" names the same formations as "первую и вторую армейские группы северо-корейцев"
    named: dict[tuple[str, str | None], str | None] = {
        (f.unit_type, f.name): f.affiliation for f in facts if f.affiliation and f.name
    }
    for fact in facts:
        affiliation = fact.affiliation or named.get((fact.unit_type, fact.name))
        yield fact if affiliation == fact.affiliation else replace(fact, affiliation=affiliation)


class _Spans:
    """Characters already read as a force, an organisation or a unit: one byte a character, so
    checking a match costs its length, not the number of matches before it."""

    def __init__(self, size: int) -> None:
        self._mask = bytearray(size)

    def add(self, start: int, end: int) -> None:
        self._mask[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return self._mask.find(1, start, end) != -1


def _version_units(version: TextVersion, context: ExtractionContext) -> Iterator[UnitFact]:
    text = version.text
    taken = _Spans(len(text))
    yield from _named_forces(version, taken)
    if version.language == "ru":
        yield from _abbreviated(version, taken)
    # Named institutions ("Генштаба Сов. Армии", "People's Liberation Army") are organisations, not formations.
    for found in context.organisations.find(text):
        if found.organisation != "cpv":
            taken.add(found.start, found.end)
    spaces: list[int] = []
    for unit_type, ru_pattern, en_pattern, ru_noun, en_noun in _PATTERNS:
        pattern, noun = (ru_pattern, ru_noun) if version.language == "ru" else (en_pattern, en_noun)
        for match in _matches(pattern, noun, text, spaces):
            if taken.overlaps(match.start("noun"), match.end("noun")):
                continue
            fact = _fact(unit_type, match, version, context)
            if fact is not None:
                taken.add(match.start("noun"), match.end("noun"))
                yield fact


def _named_forces(version: TextVersion, taken: _Spans) -> Iterator[UnitFact]:
    """The forces units.toml names ("the People's Liberation Army", "НОА"), one fact a mention."""
    text = version.text
    for force, unit_type, affiliation, pattern in _FORCES:
        for match in pattern.finditer(text):
            if unit_type == "armed-forces" and _OFFICE_BEFORE.search(text[max(0, match.start() - 60) : match.start()]):
                continue
            taken.add(match.start(), match.end())
            evidence = evidence_in(version, match.start(), match.end(), RULE, 0.85)
            yield UnitFact(
                unit_type, None, None, affiliation, (match.group(),), (), None, None, (evidence,), name=force
            )


def _abbreviated(version: TextVersion, taken: _Spans) -> Iterator[UnitFact]:
    """Soviet formations written as abbreviations ("1 УФ", "5 гв. кк."), each one designated formation."""
    text = version.text
    for unit_type, qualifiers, pattern in _ABBREVIATIONS:
        for match in pattern.finditer(text):
            if taken.overlaps(match.start(), match.end()):
                continue
            taken.add(match.start(), match.end())
            number = int(match["number"])
            designation = f"{number}{ordinal_suffix(number)}"
            yield UnitFact(
                unit_type,
                1,
                None,
                "soviet",
                (match.group(),),
                (designation, *qualifiers),
                None,
                None,
                (evidence_in(version, match.start(), match.end(), RULE, 0.75),),
                name=_name(designation, unit_type, qualifiers),
            )


def _name(designation: str, unit_type: str, qualifiers: tuple[str, ...]) -> str:
    """The identity of a designated formation: "1st Ukrainian" for "1 УФ" and "1-го Украинского фронта"."""
    proper = [q for q in qualifiers if q[:1].isupper()]
    return " ".join([designation, *proper]) if proper else designation


_UKR = {"украинск": "Ukrainian", "белорусск": "Belorussian", "прибалтийск": "Baltic", "ленинградск": "Leningrad", "карельск": "Karelian",
        "волховск": "Volkhov", "западн": "Western", "дальневосточн": "Far Eastern", "забайкальск": "Trans-Baikal"}  # fmt: skip


def _fact(unit_type: str, match: re.Match[str], version: TextVersion, context: ExtractionContext) -> UnitFact | None:
    """The formation a pattern's match names, None when it names none."""
    text = version.text
    start = match.start("count") if match["count"] else match.start("adjs") if match["adjs"] else match.start("noun")
    end = match.end()
    phrase = text[start:end]
    if _not_a_formation(unit_type, match, text, start, end):
        return None
    adjs = match["adjs"] or ""
    count, count_max, qualifiers = read_count(match["count"], match["noun"])
    designations = tuple(q for q in qualifiers if q[:1].isdigit())
    proper = _proper_adjectives(unit_type, adjs, version.language)
    if _movement_or_unnamed(unit_type, match, phrase, adjs, named=bool(designations or proper)):
        return None
    commander = re.search(r"([А-ЯЁ][а-яё]+(?:ов|ев|ин))а$", match["after"] or "")
    one_word = " " not in match["noun"].strip()
    plain = not match["count"] and not match["adjs"] and not match["after"]
    if count == 1 and one_word and plain and unit_type in _GENERIC_WHEN_BARE:
        count = None  # a bare singular noun ("советники в корпус и армии") is generic, not one unit
    affiliation, kinds = _affiliation_and_kinds(unit_type, text, start, end)
    qualifiers += kinds
    equipment = re.search(r"(\d+)\s+(?:штук|jet\s+fighters|fighters|aircraft|самолет)", phrase)
    bare = (
        count is None
        and unit_type != "headquarters"
        and one_word
        and not match["count"]
        and not adjs.strip()
        and not match["after"]
    )
    name = None
    if designations:
        name = _name("+".join(designations), unit_type, proper)
    elif commander:
        name = commander.group(1)
        count = count or 1
    elif proper and unit_type in NAMED_ONLY:
        name = " ".join(proper)
    qualifiers += proper + ((commander.group(1),) if commander else ())
    if bare and name is None:
        qualifiers += ("bare",)  # settled later: joined to the formation it names again, or dropped
    evidence = evidence_in(version, start, end, RULE, 0.8)
    return UnitFact(
        unit_type,
        count,
        count_max,
        affiliation,
        (phrase,),
        tuple(dict.fromkeys(qualifiers)),
        _place(match, context),
        int(equipment.group(1)) if equipment else None,
        (evidence,),
        name=name,
    )


_GENERIC_WHEN_BARE = ("division", "corps", "army", "regiment", "brigade", "battalion", "battery")


def _not_a_formation(unit_type: str, match: re.Match[str], text: str, start: int, end: int) -> bool:
    """A staff, an office's owner, a kind of unit, a ministry's department or an army as a whole."""
    before = text[max(0, start - 60) : start]
    if unit_type == "headquarters" and not re.search(
        r"(?i)войск|добровол|арми|troops|volunteer|army|front|фронт", text[start : end + 40]
    ):
        return True  # "штаб" alone is too often the General Staff as an institution
    if _OFFICE_BEFORE.search(before) or _KIND_AFTER.search(text[end : end + 10]):
        return True
    if (
        unit_type == "division"
        and match["noun"][:1].isupper()
        and not match["count"]
        and _DEPARTMENT_AFTER.search(text[end : end + 60])
    ):
        return True  # "Division of Soviet and East European Affairs": a ministry's department
    # "our army": the army as a whole (an organisation), not army formations
    return bool(
        unit_type == "army"
        and not match["count"]
        and re.search(r"(?i)(?:our|your|their|наш\w*|ваш\w*|их)\s+$", before[-12:])
    )


def _proper_adjectives(unit_type: str, adjs: str, language: str) -> tuple[str, ...]:
    """The proper names in the adjectives: "Украинских" -> "Ukrainian"; others only for a Russian
    front, fleet or grouping, whose names they are."""
    proper = tuple(dict.fromkeys(name for stem, name in _UKR.items() if re.search(rf"(?i)(?<![\w-]){stem}", adjs)))
    if proper:
        return proper
    found = tuple(
        w
        for w in _PROPER_ADJ.findall(adjs)
        if not ANY_SIDE.fullmatch(w) and w.lower() not in ("the", "these", "those", "our", "your", "a", "an")
    )
    return found if unit_type in NAMED_ONLY and language == "ru" else ()


def _movement_or_unnamed(unit_type: str, match: re.Match[str], phrase: str, adjs: str, named: bool) -> bool:
    """A movement called a front, or a front, fleet or grouping that nothing names (`NAMED_ONLY`)."""
    if unit_type == "front" and re.search(
        r"(?i)liberation|fatherland|national|popular|united|democratic|patriotic|освобождени|отечествен|народн", adjs
    ):
        return True  # "the National Liberation Front", "Fatherland Front": movements, not army fronts
    if unit_type not in NAMED_ONLY or named:
        return False
    if unit_type == "group-of-forces":
        return not (_ENEMY.search(phrase) or re.search(r"[А-ЯЁ]", adjs))
    return not (re.search(r"(?<![\w-])[A-Z][a-z]+\s+$", adjs) and match["noun"][:1].isupper())


def _affiliation_and_kinds(unit_type: str, text: str, start: int, end: int) -> tuple[str | None, tuple[str, ...]]:
    """The side of the formation at text[start:end] and its kinds ("volunteer", "tank", ...)."""
    phrase = text[start:end]
    context_text = text[start : end + 30]
    affiliation = sides_named(phrase)
    if affiliation is None and _NAMED_VOLUNTEERS.search(context_text):
        affiliation = "chinese"  # the Chinese People's Volunteers, named as such
    kinds = tuple(
        name for name, pattern in _QUALIFIERS if pattern.search(context_text if unit_type == "headquarters" else phrase)
    )
    if affiliation is None and "volunteer" in kinds:
        sentence = sentence_before(text, start, end) + text[end : end + 80]
        affiliation = next((side for side, where in _VOLUNTEERS_WHERE if where.search(sentence)), None)
    if affiliation is None:
        affiliation = side_from_context(text, start, end)
    return affiliation, kinds


def _place(match: re.Match[str], context: ExtractionContext) -> str | None:
    """The place a formation is in ("авиадивизией в Шанхае"), when the gazetteer knows it."""
    located = re.search(r"(?:в|in)\s+(?:районе\]?\s+)?([A-ZА-ЯЁ]\w+)", match["after"] or "")
    if not located:
        return None
    found = context.gazetteer.lookup(located.group(1))
    return found.id if found else None
