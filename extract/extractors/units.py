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
import tomllib
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import replace
from functools import cache, lru_cache
from importlib import resources

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.fact_merging import merge_facts
from cablegraph.extract.facts import AgentFact, AgentRole, EmbeddedMessageFact, Fact, UnitFact, evidence_in

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
    (
        "fighter-division",
        r"(?:истребительн\w+\s+)?(?:авиа)?дивизи\w+\s+(?:реактивных\s+)?истребител\w+",
        r"(?:jet\s+)?fighter\s+divisions?|divisions?\s+of\s+(?:\d+\s+)?(?:jet\s+)?fighters",
    ),
    (
        "air-division",
        r"авиадивизи\w+|(?:авиационн\w+\s+|реактивн\w+\s+)(?:истребительн\w+\s+)?(?:[а-яё]+(?:их|ых)\s+)?дивизи\w+|истребительн\w+\s+(?:авиационн\w+\s+)?дивизи\w+",
        r"air\s+divisions?|aviation\s+divisions?|jet\s+divisions?",
    ),
    (
        "air-group",
        r"групп\w*\s+(?:тяжел\w+\s+|средн\w+\s+|дальн\w+\s+)?(?:бомбардировщик\w*|истребител\w*)",
        r"(?:heavy\s+)?(?:bomber|fighter|air)\s+groups?|groups?\s+of\s+(?:heavy\s+)?bombers",
    ),
    ("army-group", r"армейск\w+\s+групп\w*", r"army\s+groups?"),
    ("group-of-forces", r"группировк(?:а|и|у|ой|е)", r"groupings?|groups?\s+of\s+forces"),
    ("headquarters", r"(?:главн\w+\s+)?штаб\w*", r"(?:general\s+)?headquarters|\bHQ\b"),
    ("division", r"дивизи(?:я|и|ю|ей|ям|ями|ях|й)", r"divisions?"),
    ("corps", r"корпус(?:а|у|ом|е|ов|ам|ами|ах)?", r"corps"),
    ("army", r"арми(?:я|и|ю|ей|ям|ями|ях|й)", r"arm(?:y|ies)"),
    ("regiment", r"полк(?:а|у|ом|е|и|ов|ам|ами|ах)?", r"regiments?"),
    ("brigade", r"бригад(?:а|ы|у|ой|е|ам|ами|ах)?", r"brigades?"),
    ("battalion", r"батальон(?:а|у|ом|е|ы|ов|ам|ами|ах)?", r"battalions?"),
    ("battery", r"батаре(?:я|и|ю|ей|й|ям|ями|ях)", r"batter(?:y|ies)"),
    ("fleet", r"флот(?:а|у|ом|е|ы|ов)?", r"fleets?"),
    ("front", r"фронт(?:а|у|ом|е|ы|ов|ам|ами|ах)?", r"fronts?"),
]
# Types a bare noun of which is too often something else ("на фронт", "a front line", "the fleet of
# ships"): kept only with a proper adjective ("Украинского", "Leningrad") or a designation.
_NAMED_ONLY = {"front", "fleet", "group-of-forces"}


@cache
def _data() -> dict:
    return tomllib.loads(resources.files("cablegraph.extract.data").joinpath("units.toml").read_text(encoding="utf-8"))


def affiliation_codes() -> tuple[str, ...]:
    """Every affiliation code the data knows (the shapes check stored ones against their form)."""
    return tuple(dict.fromkeys(entry["code"] for entry in _data()["affiliation"]))


_AFFILIATIONS: list[tuple[str, re.Pattern[str]]] = [
    (entry["code"], re.compile("(?i)" + "|".join(f"(?:{w})" for w in entry["words"])))
    for entry in _data()["affiliation"]
]
_ANY_SIDE = re.compile("|".join(f"(?P<a{i}>{p.pattern[4:]})" for i, (_, p) in enumerate(_AFFILIATIONS)), re.IGNORECASE)
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
_QUALIFIERS: list[tuple[str, re.Pattern[str]]] = [
    ("volunteer", re.compile(r"(?i)добровол\w*|volunteers?")),
    ("jet fighter", re.compile(r"(?i)реактивн\w+\s+истребител\w*|jet\s+fighters?")),
    ("battle-ready", re.compile(r"(?i)боеспособн\w*|battle[\s-]ready|combat[\s-]ready")),
    ("tank", re.compile(r"(?i)танков\w*|\btank\b")),
    ("infantry", re.compile(r"(?i)пехотн\w*|стрелков\w*|infantry")),
]

_RU_WORD = r"[а-яёА-ЯЁ-]+"
_RU_ADJ = rf"{_RU_WORD}(?:ых|их|ые|ие|ая|ую|ой|ей|ого|его|ыми|ими|ый|ий|ым|им|ом|ем|ое|ее|яя|юю)(?:\s+и)?"
_EN_ADJ = r"(?:[A-Z][a-z]+|\d+\s*mm|(?i:volunteer|battle[\s-]ready|combat[\s-]ready|infantry|tank|additional|new|fresh|enemy|regular|jet|fighter|aviation|bomber|heavy|gun|anti-?aircraft|artillery|cavalry|guards|rifle|mechani[sz]ed|motori[sz]ed|armou?red|airborne|various|all|and))"
_RU_ORD = r"\d+\s?[-‑–]?\s?(?:го|й|я|ю|ой|му|м)(?![\w])"
_RU_COUNT = (
    "(?:"
    + _RU_ORD
    + r"(?:\s+и\s+"
    + _RU_ORD
    + r")?|\d+\s+и\s+\d+|\d+(?:\s*[-–]\s*\d+)?|(?:{o})(?:\s+и\s+(?:{o}))?|(?:{w})(?:\s*[-–]\s*(?:{w}))?|несколько|нескольких|несколькими)".format(
        w="|".join(sorted(_RU_NUMBERS, key=len, reverse=True)), o="|".join(k for k in _ORDINALS if not k.isascii())
    )
)
_EN_COUNT = r"(?:\d+(?:st|nd|rd|th)?\s*(?:\[\w+\])?\s+and\s+\d+(?:st|nd|rd|th)?\s*(?:\[\w+\])?|\d+(?:st|nd|rd|th)(?!\w)|\d+(?:\s*[-–]\s*\d+)?(?![\w,.]\d)|(?:{o})(?:\s+and\s+(?:{o}))?|(?:{w})(?:\s*(?:[-–]|or|to)\s*(?:{w}))?|several|a\s+few)".format(
    w="|".join(k for k in sorted(_EN_NUMBERS, key=len, reverse=True) if k not in ("a", "an")),
    o="|".join(k for k in _ORDINALS if k.isascii()),
)


def _build() -> list[tuple[str, re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]]:
    built = []
    for unit_type, ru, en in _TYPES:
        ru_pattern = re.compile(
            rf"(?:(?P<count>{_RU_COUNT})\s+)?(?P<adjs>(?:{_RU_ADJ}\s+){{0,3}})(?<![\w-])(?P<noun>{ru})(?![\w-])"
            rf"(?P<after>\s+(?:северо-корейцев|китайцев|американцев|противника|в\s+[А-ЯЁ]\w+|--?\s*\d+\s+штук\w*|[-–—]\s*\d+\s+штук\w*"
            rf"|[А-ЯЁ][а-яё]+(?:ов|ев|ин)а(?![\w-]))|\w?\s*\[?в\s+районе\]?\s+[А-ЯЁ]\w+)?",
            re.IGNORECASE,
        )
        en_pattern = re.compile(
            rf"(?:(?i:at\s+least\s+|up\s+to\s+)?(?P<count>(?i:{_EN_COUNT}|a|an|one))\s+)?(?P<adjs>(?:{_EN_ADJ}\s+){{0,4}})(?<![\w-])(?P<noun>(?i:{en}))(?![\w-])"
            rf"(?P<after>\s+(?:of\s+the\s+North\s+Koreans|of\s+the\s+Chinese|of\s+the\s+(?:Korean\s+)?People's\s+Army|in\s+[A-Z]\w+|of\s+\d+\s+(?:jet\s+)?fighters)"
            rf"|\s*\((?:[\w\s-]{{1,30}})\))?",
        )
        # Where a noun could start: every match holds one (used to skip text that holds none).
        ru_noun = re.compile(rf"(?<![\w-])(?:{ru})(?![\w-])", re.IGNORECASE)
        en_noun = re.compile(rf"(?<![\w-])(?i:{en})(?![\w-])")
        built.append((unit_type, ru_pattern, en_pattern, ru_noun, en_noun))
    return built


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


_PATTERNS = _build()


_NAMED_VOLUNTEERS = re.compile(
    r"(?i)добровольческих\s+войск|volunteer\s+troops|people's\s+volunteers|народных\s+добровольцев"
)
_VOLUNTEERS_WHERE = [
    (entry["affiliation"], re.compile("(?i)" + entry["within"])) for entry in _data().get("volunteers", [])
]
_ABBREVIATIONS = [
    (
        entry["type"],
        tuple(entry["qualifiers"]),
        re.compile(rf"(?<![\w-])(?P<number>\d+)\s*(?P<abbr>{entry['pattern']})(?![\w])"),
    )
    for entry in _data()["abbreviation"]
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
    for entry in _data()["force"]
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
    named = {(f.unit_type, f.name): f.affiliation for f in facts if f.affiliation and f.name}
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
    for force, unit_type, affiliation, pattern in _FORCES:
        for match in pattern.finditer(text):
            if unit_type == "armed-forces" and _OFFICE_BEFORE.search(text[max(0, match.start() - 60) : match.start()]):
                continue
            taken.add(match.start(), match.end())
            yield UnitFact(
                unit_type,
                None,
                None,
                affiliation,
                (match.group(),),
                (),
                None,
                None,
                (evidence_in(version, match.start(), match.end(), RULE, 0.85),),
                name=force,
            )
    if version.language == "ru":
        for unit_type, qualifiers, pattern in _ABBREVIATIONS:
            for match in pattern.finditer(text):
                if taken.overlaps(match.start(), match.end()):
                    continue
                taken.add(match.start(), match.end())
                number = int(match["number"])
                designation = f"{number}{_suffix(number)}"
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
    # Named institutions ("Генштаба Сов. Армии", "People's Liberation Army") are organisations, not formations.
    for found in context.organisations.find(text):
        if found.organisation != "cpv":
            taken.add(found.start, found.end)
    pattern_index = 1 if version.language == "ru" else 2
    spaces: list[int] = []
    for entry in _PATTERNS:
        unit_type, pattern = entry[0], entry[pattern_index]
        for match in _matches(pattern, entry[pattern_index + 2], text, spaces):
            if taken.overlaps(match.start("noun"), match.end("noun")):
                continue
            start = (
                match.start("count")
                if match["count"]
                else match.start("adjs")
                if match["adjs"]
                else match.start("noun")
            )
            fact = _fact(unit_type, match, version, start, match.end(), context)
            if fact is not None:
                taken.add(match.start("noun"), match.end("noun"))
                yield fact


def _name(designation: str, unit_type: str, qualifiers: tuple[str, ...]) -> str:
    """The identity of a designated formation: "1st Ukrainian" for "1 УФ" and "1-го Украинского фронта"."""
    proper = [q for q in qualifiers if q[:1].isupper()]
    return " ".join([designation, *proper]) if proper else designation


_UKR = {"украинск": "Ukrainian", "белорусск": "Belorussian", "прибалтийск": "Baltic", "ленинградск": "Leningrad", "карельск": "Karelian",
        "волховск": "Volkhov", "западн": "Western", "дальневосточн": "Far Eastern", "забайкальск": "Trans-Baikal"}  # fmt: skip


def _fact(
    unit_type: str, match: re.Match[str], version: TextVersion, start: int, end: int, context: ExtractionContext
) -> UnitFact | None:
    text = version.text
    phrase = text[start:end]
    before = text[max(0, start - 60) : start]
    if unit_type == "headquarters" and not re.search(
        r"(?i)войск|добровол|арми|troops|volunteer|army|front|фронт", text[start : end + 40]
    ):
        return None  # "штаб" alone is too often the General Staff as an institution
    if _OFFICE_BEFORE.search(before) or _KIND_AFTER.search(text[end : end + 10]):
        return None
    if (
        unit_type == "division"
        and match["noun"][:1].isupper()
        and not match["count"]
        and _DEPARTMENT_AFTER.search(text[end : end + 60])
    ):
        return None  # "Division of Soviet and East European Affairs": a ministry's department
    if (
        unit_type == "army"
        and not match["count"]
        and re.search(r"(?i)(?:our|your|their|наш\w*|ваш\w*|их)\s+$", before[-12:])
    ):
        return None  # "our army": the army as a whole (an organisation), not army formations
    adjs = match["adjs"] or ""
    count, count_max, qualifiers = _count(match["count"], match["noun"])
    designations = tuple(q for q in qualifiers if q[:1].isdigit())
    proper = tuple(dict.fromkeys(name for stem, name in _UKR.items() if re.search(rf"(?i)(?<![\w-]){stem}", adjs)))
    if not proper:
        proper = tuple(
            w
            for w in _PROPER_ADJ.findall(adjs)
            if not _ANY_SIDE.fullmatch(w) and w.lower() not in ("the", "these", "those", "our", "your", "a", "an")
        )
        proper = proper if unit_type in _NAMED_ONLY and version.language == "ru" else ()
    if unit_type == "front" and re.search(
        r"(?i)liberation|fatherland|national|popular|united|democratic|patriotic|освобождени|отечествен|народн", adjs
    ):
        return None  # "the National Liberation Front", "Fatherland Front": movements, not army fronts
    if unit_type in _NAMED_ONLY and not designations and not proper:
        if not (unit_type == "group-of-forces" and (_ENEMY.search(phrase) or re.search(r"[А-ЯЁ]", adjs))):
            if not (
                unit_type != "group-of-forces"
                and re.search(r"(?<![\w-])[A-Z][a-z]+\s+$", adjs)
                and match["noun"][:1].isupper()
            ):
                return None
    commander = re.search(r"([А-ЯЁ][а-яё]+(?:ов|ев|ин))а$", match["after"] or "")
    one_word = " " not in match["noun"].strip()
    if (
        count == 1
        and one_word
        and not match["count"]
        and not match["adjs"]
        and not match["after"]
        and unit_type in ("division", "corps", "army", "regiment", "brigade", "battalion", "battery")
    ):
        count = None  # a bare singular noun ("советники в корпус и армии") is generic, not one unit
    context_text = text[start : end + 30]
    affiliation = _sides_named(phrase)
    if affiliation is None and _NAMED_VOLUNTEERS.search(context_text):
        affiliation = "chinese"  # the Chinese People's Volunteers, named as such
    qualifiers += tuple(
        name for name, pattern in _QUALIFIERS if pattern.search(context_text if unit_type == "headquarters" else phrase)
    )
    if affiliation is None and "volunteer" in qualifiers:
        sentence = _sentence(text, start, end) + text[end : end + 80]
        affiliation = next((side for side, where in _VOLUNTEERS_WHERE if where.search(sentence)), None)
    if affiliation is None:
        affiliation = _side_from_context(text, start, end)
    equipment = re.search(r"(\d+)\s+(?:штук|jet\s+fighters|fighters|aircraft|самолет)", phrase)
    place = None
    located = re.search(r"(?:в|in)\s+(?:районе\]?\s+)?([A-ZА-ЯЁ]\w+)", match["after"] or "")
    if located:
        found = context.gazetteer.lookup(located.group(1))
        place = found.id if found else None
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
    elif proper and unit_type in _NAMED_ONLY:
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
        place,
        int(equipment.group(1)) if equipment else None,
        (evidence,),
        name=name,
    )


def _sides_named(phrase: str) -> str | None:
    """The sides a mention names itself: "китайских", "американской и британской" -> "american-british"."""
    found = [code for match in _ANY_SIDE.finditer(phrase) for code in [_code(match)] if code]
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


def _sentence(text: str, start: int, end: int) -> str:
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
            for match in _ANY_SIDE.finditer(self.text, begin, stop):
                if code := _code(match, self.text):
                    yield match.start(), match.end(), code
        else:
            for match in _PRONOUN.finditer(self.text, begin, stop):
                yield match.start(), match.end(), "@" + ("sender" if match["sender"] else "recipient")


@lru_cache(maxsize=4)
def _side_cues(text: str) -> _SideCues:
    return _SideCues(text)


def _side_from_context(text: str, start: int, end: int) -> str | None:
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


_MAX_RESTATED = 200


def settle_units(facts: list[Fact]) -> list[Fact]:
    """One fact per formation in the document, after every version is read:
    "our"/"your" become the correspondents' side; a designated formation named again without its
    designation ("the regiment", "a fighter aviation regiment") is the designated one; a plural
    restating a counted formation ("Китайские дивизии" after "пять-шесть дивизий") is that
    formation; a national army beside its named force ("the Korean army", "the People's Army") is
    the force; a bare noun that names none of these ("the army", "divisions") is no formation."""
    units = [f for f in facts if isinstance(f, UnitFact)]
    if not units:
        return facts
    # "we" inside a relayed message is its writer's; with one in the text, whose "we" is unknown here
    sides = {} if any(isinstance(f, EmbeddedMessageFact) for f in facts) else _sides(facts)
    settled: list[UnitFact] = []
    for unit in units:
        if unit.affiliation and unit.affiliation.startswith("@"):
            unit = replace(unit, affiliation=sides.get(unit.affiliation[1:]))
        settled.append(unit)
    # Restatements are looked for among a telegram's few formations; a text naming hundreds of
    # distinct ones (a generated list) keeps them as read, so settling stays linear.
    for _ in range(2 if len(settled) <= _MAX_RESTATED else 0):  # twice: a formation that lent its side takes it back
        settled = [replace(u, **_merged_into(u, settled)) for u in settled]
    settled = [
        replace(u, qualifiers=tuple(q for q in u.qualifiers if q != "bare"))
        for u in settled
        if "bare" not in u.qualifiers or u.name
    ]
    others = [f for f in facts if not isinstance(f, UnitFact)]
    return others + merge_facts(settled)


def _merged_into(unit: UnitFact, units: list[UnitFact]) -> dict:
    """The fields that make `unit` the fact of the formation it names again (nothing if none)."""
    if unit.name:
        return {}
    if unit.affiliation is None:  # the same mention in another version, where its sentence names the side
        peers = {
            u.affiliation
            for u in units
            if u.affiliation
            and not u.name
            and (u.unit_type, u.count, u.count_max, u.place) == (unit.unit_type, unit.count, unit.count_max, unit.place)
        }
        if len(peers) == 1:
            return {"affiliation": peers.pop()}
    same_type = [u for u in units if u.unit_type == unit.unit_type and u is not unit]
    compatible = [
        u for u in same_type if not unit.affiliation or not u.affiliation or u.affiliation == unit.affiliation
    ]
    target = None
    if (unit.count in (1, None) and "bare" in unit.qualifiers) or unit.count == 1:
        designated = [u for u in compatible if u.name and u.count == 1]
        if len({u.name for u in designated}) == 1:
            target = designated[0]
    if target is None and unit.count is None and unit.count_max is None and "several" not in unit.qualifiers:
        counted = [u for u in compatible if not u.name and (u.count is not None or "several" in u.qualifiers)]
        if unit.affiliation:
            exact = [u for u in counted if u.affiliation == unit.affiliation]
            counted = exact or [u for u in counted if not u.affiliation]
        if len({u.key() for u in counted}) == 1:
            target = counted[0]
    if target is None and unit.unit_type == "army" and unit.count in (1, None) and unit.affiliation:
        forces = [u for u in units if u.unit_type == "armed-forces" and u.affiliation == unit.affiliation]
        if len({u.name for u in forces}) == 1:
            target = forces[0]
    if target is None:
        return {}
    return {
        "unit_type": target.unit_type,
        "count": target.count,
        "count_max": target.count_max,
        "affiliation": target.affiliation or unit.affiliation,
        "place": target.place or unit.place,
        "name": target.name,
        "qualifiers": tuple(q for q in unit.qualifiers if q != "bare"),
    }


def _sides(facts: list[Fact]) -> dict[str, str]:
    """Whose troops "our" and "your" are: the side of the sender and of the recipient, when known."""
    table: dict[str, str] = _data().get("sides", {})
    found: dict[str, set[str]] = {"sender": set(), "recipient": set()}
    for fact in facts:
        if isinstance(fact, AgentFact) and fact.role in (AgentRole.SENDER, AgentRole.RECIPIENT) and fact.agent in table:
            found[fact.role.value].add(table[fact.agent])
    return {role: next(iter(values)) for role, values in found.items() if len(values) == 1}


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
    ordinal_digits = re.findall(r"(\d+)\s?[-‑–]?\s?(?:го|й|я|ю|ой|му|м|st|nd|rd|th)(?!\w)", low)
    if ordinal_digits:  # "1-го и 2-го", "304th": designations
        numbers = [int(n) for n in ordinal_digits]
        return len(numbers), None, tuple(f"{n}{_suffix(n)}" for n in numbers)
    digits_and = re.fullmatch(
        r"(\d+)(?:st|nd|rd|th)?\s*(?:\[\w+\])?\s+(?:и|and)\s+(\d+)(?:st|nd|rd|th)?\s*(?:\[\w+\])?", low
    )
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
