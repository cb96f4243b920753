"""A list of correspondents cut into its members: "the Central Committee and the Ministry", "to A, B and C".

An address line or a title often names several senders or recipients at once, joined by commas,
"and", "&" or "и"; but "and" also occurs inside one organ's name ("Division of Soviet and East
European Affairs"). This module decides where a list splits. Separate from
extract/correspondents.py, which reads what one member names, because splitting works on the
whole phrase and only asks whether a part looks like an organ.
"""

from __future__ import annotations

import re

from cablegraph.extract.correspondents import ORGANISATION_HEADS

_ONE_NAME = re.compile(r"^(?:(?:comrades?|cdes?\.?|mr\.?|the)\s+)?(?:[A-ZА-ЯЁ]\.\s?)*[A-ZА-ЯЁ][\w'’-]+$", re.IGNORECASE)


def joins_an_organ_name(left: str, following: str) -> bool:
    """True when "and" between `left` and `following` is inside one organ's name ("Division of
    Soviet and East European Affairs"), not between two correspondents ("Politburo members
    Mikoyan and Suslov", "the Central Committee and the Ministry")."""
    if not ORGANISATION_HEADS.search(left) or ORGANISATION_HEADS.search(following):
        return False
    return not _ONE_NAME.match(following.strip()) or not following.strip()[:1].isupper()


_LIST_AND = re.compile(r"(?i)\s*,\s*(?:(?:and|to)\s+)?|\s+(?:and|&|и)\s+")


def split_correspondents(text: str) -> list[tuple[int, int]]:
    """Spans of the correspondents a list names: "the Central Committee and the Ministry of Foreign
    Affairs", "the Romanian Ministry of Foreign Affairs, to comrade Constantin Oancea and Ion
    Ciubotaru". "and" inside an organ's name ("Division of Soviet and East European Affairs") does
    not split it: the part after it must name an organ or a person of its own."""
    original = text
    # brackets stay whole
    text = re.sub(r"[(\[][^)\]]*[)\]]", lambda m: m.group()[0] + "_" * (len(m.group()) - 2) + m.group()[-1], text)
    spans: list[tuple[int, int]] = []
    start = 0
    for separator in _LIST_AND.finditer(text):
        left, right = original[start : separator.start()], original[separator.end() : separator.end() + 200]
        following = re.split(r"\s*,|\s+(?:and|&|и)\s+", right, maxsplit=1)[0]
        if "," not in separator.group() and joins_an_organ_name(left, following):
            continue
        spans.append((start, separator.start()))
        start = separator.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if original[a:b].strip(" .,;:")]
