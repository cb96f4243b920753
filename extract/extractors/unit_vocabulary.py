"""The words of a unit mention and what they count: number words and ordinals in Russian and
English, the unit types with their nouns, the adjectives and counts before a noun (`build_patterns`),
the data in units.toml, and the reading of a count ("пять-шесть", "1-го и 2-го", "several").

Separate from `units` because this is vocabulary, read once at import and changed on its own;
`units` applies it to a text.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def unit_data() -> dict[str, Any]:
    """units.toml: affiliations, sides, volunteers, abbreviations and named forces (parsed TOML)."""
    return tomllib.loads(resources.files("cablegraph.extract.data").joinpath("units.toml").read_text(encoding="utf-8"))


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
NAMED_ONLY = {"front", "fleet", "group-of-forces"}


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


def build_patterns() -> list[tuple[str, re.Pattern[str], re.Pattern[str], re.Pattern[str], re.Pattern[str]]]:
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


def read_count(written: str | None, noun: str) -> tuple[int | None, int | None, tuple[str, ...]]:
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
        return len(ordinals), None, tuple(f"{n}{ordinal_suffix(n)}" for n in ordinals)
    ordinal_digits = re.findall(r"(\d+)\s?[-‑–]?\s?(?:го|й|я|ю|ой|му|м|st|nd|rd|th)(?!\w)", low)
    if ordinal_digits:  # "1-го и 2-го", "304th": designations
        numbers = [int(n) for n in ordinal_digits]
        return len(numbers), None, tuple(f"{n}{ordinal_suffix(n)}" for n in numbers)
    digits_and = re.fullmatch(
        r"(\d+)(?:st|nd|rd|th)?\s*(?:\[\w+\])?\s+(?:и|and)\s+(\d+)(?:st|nd|rd|th)?\s*(?:\[\w+\])?", low
    )
    if digits_and:  # "1 и 2 армейских групп": the first and second
        numbers = [int(digits_and.group(1)), int(digits_and.group(2))]
        return 2, None, tuple(f"{n}{ordinal_suffix(n)}" for n in numbers)
    parts = re.split(r"\s*(?:[-–]|or|to)\s*", low)
    values = [value for value in map(_number, parts) if value is not None]
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


def ordinal_suffix(number: int) -> str:
    return {1: "st", 2: "nd", 3: "rd"}.get(number, "th")
