"""The fast scans find exactly what the plain regular expressions find: the name and place
alternations (AlternationScanner) and the unit patterns (searched near their nouns only)."""

import random
import re
from pathlib import Path

import pytest

from cablegraph.extract.extractors import units
from cablegraph.extract.names import AlternationScanner, form_pattern

ROOT = Path(__file__).resolve().parent.parent.parent
UNIT_WORDS = [
    "пять",
    "шесть",
    "девять",
    "1",
    "и",
    "2",
    "первую",
    "и",
    "вторую",
    "несколько",
    "3-4",
    "5",
    "–",
    "6",
    "китайских",
    "северо-корейских",
    "добровольческих",
    "новых",
    "дивизий",
    "дивизии",
    "армейские",
    "группы",
    "корпуса",
    "полк",
    "армии",
    "авиадивизией",
    "штаб",
    "главного",
    "штаба",
    "фронта",
    "войск",
    "истребителей",
    "реактивных",
    "--24",
    "штуки",
    "at",
    "least",
    "up",
    "to",
    "two",
    "five",
    "or",
    "six",
    "1st",
    "and",
    "2nd",
    "[two]",
    "several",
    "a",
    "few",
    "fresh",
    "battle-ready",
    "battle",
    "ready",
    "volunteer",
    "Chinese",
    "divisions",
    "army",
    "groups",
    "armies",
    "corps",
    "regiments",
    "HQ",
    "headquarters",
    "jet",
    "fighter",
    "divisions",
    "of",
    "24",
    "jet",
    "fighters",
    "in",
    "Shanghai",
    "of",
    "the",
    "Chinese",
    "troops",
    "fronts",
    "brigade",
    "battalions",
    "fleet",
    "флот",
    "бригады",
    "в",
    "Шанхае",
]


def _texts(extra_words: list[str], count: int) -> list[str]:
    texts = [
        p.read_text(encoding="utf-8")
        for d in ("corpus/seeds", "tests/data/telegrams")
        for p in sorted((ROOT / d).glob("*.txt"))
    ]
    chance = random.Random(7)
    corpus_words = [w for text in texts for w in text.split()]
    for _ in range(count):
        words = []
        for _ in range(chance.randint(5, 80)):
            word = chance.choice(extra_words if chance.random() < 0.5 else corpus_words)
            word = chance.choice([word, word, word.upper(), word.lower(), word.replace("е", "ё")])
            words.append(word + chance.choice([" ", " ", "  ", "-", ". ", ", ", "\n", "(", "у ", "\u00a0"]))
        texts.append("".join(words))
    return texts


@pytest.mark.parametrize("which", ["names", "gazetteer", "organisations", "abbreviations"])
def test_alternation_scanner_finds_what_the_regex_finds(context, which):
    exact, loose, lookup = context.organisations._patterns
    scanner, forms, flags = {
        "names": (context.names._pattern, list(context.names._forms), re.IGNORECASE),
        "gazetteer": (context.gazetteer._pattern, list(context.gazetteer._index), re.IGNORECASE),
        "organisations": (loose, [o.label for o in context.organisations.items.values()] + list(lookup), re.IGNORECASE),
        "abbreviations": (
            exact,
            [n for o in context.organisations.items.values() for n in (*o.names_en, *o.names_ru)],
            0,
        ),
    }[which]
    plain = re.compile(scanner.pattern, flags)
    for text in _texts(forms, 150):
        assert [(m.span(), m.group()) for m in scanner.finditer(text)] == [
            (m.span(), m.group()) for m in plain.finditer(text)
        ]


def test_alternation_scanner_keeps_the_order_of_alternatives():
    scanner = AlternationScanner(r"(?<!\w)", ["ab", "a", "[её]x", r"\.b"], r"(?!\w)", re.IGNORECASE)
    assert [m.group() for m in scanner.finditer("AB a ёx .b ab-a")] == ["AB", "a", "ёx", ".b", "ab", "a"]


def test_alternation_scanner_with_initials_and_one_letter_forms():
    forms = sorted(
        {form_pattern(f) for f in ("И. В. Сталин", "И.В.Сталин", "Иван", "И", "Ёж", "Е")}, key=len, reverse=True
    )
    scanner = AlternationScanner(r"(?<![\w])", forms, r"(?![\w])", re.IGNORECASE)
    plain = re.compile(scanner.pattern, re.IGNORECASE)
    text = "И. В. Сталин, и.в.сталин, И В Сталин, ИВАН и ёж, е, Е-ж, И.-В. Сталину, И"
    assert [m.span() for m in scanner.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_unit_patterns_searched_near_nouns_find_what_finditer_finds():
    for text in _texts(UNIT_WORDS, 200):
        for entry in units._PATTERNS:
            for index in (1, 2):
                pattern, noun = entry[index], entry[index + 2]
                assert [m.span() for m in units._matches(pattern, noun, text)] == [
                    m.span() for m in pattern.finditer(text)
                ]
