"""People the authority data does not know, as correspondents: their names, their ids, one per document.

A telegram is often signed or addressed by someone no reference work lists ("Ambassador Dumitru
Popa", "A. DOBRYNIN", "G R O M Y K O"). This module reads the name out of a post-and-name phrase,
normalises it, mints an "u-..." id from it that is the same in every document, and within one
document joins the shorter forms of a name to its fullest. Separate from extract/correspondents.py,
which reads the organs of states, because people and organisations are told apart and named by
different rules.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from cablegraph.extract.facts import AgentFact, Fact
from cablegraph.extract.textutil import fold, transliterate

# Words of a post or an honorific before a name: "Soviet Ambassador to Cuba A. I. Alekseev",
# "Soviet Politburo members Mikoyan", "Ambassador Dumitru Popa", "Comrade Kotov", "тов. Штыкову".
_ROLE_WORDS = frozenset(
    """the comrade comrades cde cde. cdes cdes. cmrd cmrd. cmrds cmrds. tov tov. тов тов. т. товарищ товарищу товарищам mr mr. mrs mrs. herr
    monsieur ambassador ambassadors envoy minister ministers deputy first second vice foreign prime premier president
    chairman general marshal colonel admiral secretary general-secretary chargé charge d'affaires affaires counsellor
    counselor attaché attache consul member members politburo presidium cc commander chief head extraordinary
    plenipotentiary representative delegate signed signed: ss (ss) s/ посол послу министр министру маршал маршалу генерал
    генералу председатель председателю премьер премьеру премьер-министр премьер-министру президент президенту г-н г-ну
    господину м-р и.о. of""".split()  # noqa: SIM905 - a word list reads best as words
)
_PLACE_CUES = frozenset(("to", "in", "at", "of", "в", "во"))

_SPACED = re.compile(r"^(?:[A-ZА-ЯЁ]\s){2,}[A-ZА-ЯЁ]$")


def person_name(written: str) -> str:
    """The name as a person's name: spaced letters closed up, capitals made title case.

    >>> person_name("G R O M Y K O")
    'Gromyko'
    >>> person_name("A. DOBRYNIN")
    'A. Dobrynin'
    """
    name = re.sub(r"\s+", " ", written).strip(" .,;:")
    if _SPACED.match(name):
        name = name.replace(" ", "")
    words = name.split(" ")
    return " ".join(w[0] + w[1:].lower() if len(w) > 2 and w.isupper() else w for w in words)


def split_post_and_name(written: str, is_place: Callable[[str], bool] = lambda word: False) -> tuple[str, str]:
    """(the post or honorific words, the name after them): "Soviet Ambassador to the USA Dobrynin"
    → ("Soviet Ambassador to the USA", "Dobrynin"). The name is "" when only a post is written.
    `is_place` tells a place or a state's name ("USA", "Cuba", "Soviet") from a name."""
    tokens = re.sub(r"\s+", " ", written).strip(" .,;:").split(" ")
    consumed, after_cue, awaiting_place = 0, False, False
    for token in tokens:
        low = token.lower().strip(",")
        if after_cue and (low == "the" or is_place(token.strip(","))):
            consumed += 1
            awaiting_place = awaiting_place and low == "the"
            continue
        if low in _ROLE_WORDS or (consumed < len(tokens) - 1 and is_place(token)):
            consumed += 1
            after_cue = awaiting_place = low in _PLACE_CUES
            continue
        if low in _PLACE_CUES and consumed:
            consumed += 1
            after_cue = awaiting_place = True
            continue
        break
    if awaiting_place and consumed < len(tokens):
        return " ".join(tokens), ""  # "the Bulgarian Ambassador in Ulan Bator": a place the gazetteer lacks
    return " ".join(tokens[:consumed]), " ".join(tokens[consumed:])


def open_world_person_id(name: str) -> str:
    """ "u-" + the name's slug without initials: "A. DOBRYNIN" and "Dobrynin" → "u-dobrynin",
    "Dumitru Popa" → "u-dumitru-popa". Within one document the shorter forms of a name are
    merged into its fullest form afterwards (`merge_open_world_people`)."""
    words = [w for w in re.split(r"[\s.]+", transliterate(fold(person_name(name)))) if len(w) > 1]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words)).strip("-")
    return f"u-{slug}" if slug else "u-unnamed"


def surname_key(person_id: str) -> str:
    return person_id.rsplit("-", 1)[-1]


def merge_open_world_people(facts: list[Fact]) -> list[Fact]:
    """Within one document, the forms of a name the authority lacks are one person: "Popa",
    "N. Popa" and "Dumitru Popa"; "Ignatiev" in the title and "ИГНАТЬЕВ" under the text. The
    fullest form (Latin script first) gives the id."""
    minted = [f for f in facts if isinstance(f, AgentFact) and f.person and f.person.startswith("u-") and f.label]
    fullest: dict[str, AgentFact] = {}
    for person in minted:
        key = _skeleton(surname_key(_person_id(person)))
        known = fullest.get(key)
        if known is None or _fullness(person) > _fullness(known):
            fullest[key] = person
    minted_by_id = {id(f): f for f in minted}
    merged: list[Fact] = []
    for fact in facts:
        agent = minted_by_id.get(id(fact))
        if agent is None:
            merged.append(fact)
            continue
        target = fullest[_skeleton(surname_key(_person_id(agent)))]
        merged.append(replace(agent, person=target.person, label=target.label))
    return merged


def _person_id(fact: AgentFact) -> str:
    return fact.person or ""  # a minted person's id is never empty


def _fullness(fact: AgentFact) -> tuple[int, bool]:
    return (_person_id(fact).count("-"), (fact.label or "").isascii())


def _skeleton(surname: str) -> str:
    """A surname's consonants, for matching transliterations: "ignatiev", "ignatev" → "gntv"."""
    word = (
        surname.replace("kh", "h")
        .replace("zh", "z")
        .replace("ts", "z")
        .replace("sch", "s")
        .replace("sh", "s")
        .replace("c", "k")
    )
    consonants = re.sub(r"[aeiouy'’-]", "", word)
    return re.sub(r"(.)\1+", r"\1", consonants) or surname
