"""The records of the authority data: people, their pseudonyms and offices, and posts with their holders.

Each record is read from one TOML entry (people.toml, posts.toml and the user's files) into a
frozen dataclass; dates may be written to the day, the month or the year. Separate from
extract/authority.py, which merges the files and answers who a written name is, because these
records are also what the graph builds its people and posts from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cablegraph.extract.dates import PartialDate

# One [[person]] or [[post]] table as tomllib reads it.
TomlEntry = dict[str, Any]


@dataclass(frozen=True)
class Pseudonym:
    name: str
    name_ru: str | None
    start: date | None
    end: date | None
    variants: tuple[str, ...] = ()

    def in_use(self, when: PartialDate | None) -> bool | None:
        """True/False when the date settles it, None when there is no usable date."""
        if when is None or when.year is None:
            return None
        low = date(when.year, when.month or 1, when.day or 1)
        high = date(when.year, when.month or 12, when.day or 28)
        return (self.end is None or low <= self.end) and (self.start is None or high >= self.start)


@dataclass(frozen=True)
class Office:
    """A post a person held, as the reference works date it: a description, not an addressable
    post (posts.toml holds those). Dates given only to the year or month are `approximate`."""

    title: str
    start: date | None
    end: date | None
    approximate: bool = False


@dataclass(frozen=True)
class Person:
    id: str
    label: str
    names_en: tuple[str, ...]
    names_ru: tuple[str, ...]
    pseudonyms: tuple[Pseudonym, ...] = ()
    wikidata: str | None = None
    names_native: tuple[str, ...] = ()  # native script and native order: 周恩来, 김일성, "Nagy Imre"
    offices: tuple[Office, ...] = ()
    source: str | None = None

    @property
    def label_ru(self) -> str | None:
        return self.names_ru[0] if self.names_ru else None

    @property
    def aliases(self) -> tuple[str, ...]:
        names = [*self.names_en, *self.names_native, *self.names_ru]
        for pseudonym in self.pseudonyms:
            names += [pseudonym.name, *([pseudonym.name_ru] if pseudonym.name_ru else [])]
        return tuple(dict.fromkeys(n for n in names if n != self.label))


@dataclass(frozen=True)
class Holding:
    person: str
    start: date
    end: date
    approximate: bool = False


@dataclass(frozen=True)
class Post:
    id: str
    label: str
    label_ru: str | None
    names_en: tuple[str, ...]
    names_ru: tuple[str, ...]
    place: str | None
    holders: tuple[Holding, ...]
    country: str | None = None  # the country the post is in, when `place` is its capital
    role: str | None = None  # the placeless post (e.g. "soviet-ambassador") this one is an instance of

    @property
    def is_role(self) -> bool:
        """A placeless post ("Soviet Ambassador"): names a kind of post, resolved only through a place."""
        return self.place is None

    def at(self, place: str) -> bool:
        return place in (self.place, self.country)

    def holder_on(self, when: PartialDate | None) -> Holding | None:
        if when is None or when.year is None:
            return None
        low = date(when.year, when.month or 1, when.day or 1)
        high = date(when.year, when.month or 12, when.day or 28)
        matches = [h for h in self.holders if h.start <= high and low <= h.end]
        return matches[0] if len(matches) == 1 else None


def _date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _required_date(value: object) -> date:
    """A holding's start or end: TOML has no null, so a missing one is a malformed entry."""
    found = _date(value)
    if found is None:
        raise ValueError("a holding needs a start and an end date")
    return found


def _partial_date(value: object, end: bool) -> tuple[date | None, bool]:
    """A date written to the day, the month ("1956-11") or the year ("1956"): the first or, for an
    end date, the last day it can mean, and whether it was approximate."""
    if value is None:
        return None, False
    if isinstance(value, date):
        return value, False
    text = str(value)
    if re.fullmatch(r"\d{4}", text):
        return date(int(text), 12 if end else 1, 31 if end else 1), True
    if match := re.fullmatch(r"(\d{4})-(\d{2})", text):
        year, month = int(match[1]), int(match[2])
        last = (date(year + month // 12, month % 12 + 1, 1) - date.resolution).day
        return date(year, month, last if end else 1), True
    return date.fromisoformat(text), False


def _office(entry: TomlEntry) -> Office:
    start, rough_start = _partial_date(entry.get("from"), end=False)
    end, rough_end = _partial_date(entry.get("to"), end=True)
    return Office(entry["title"], start, end, bool(entry.get("approximate", False)) or rough_start or rough_end)


def person_from_entry(entry: TomlEntry) -> Person:
    pseudonyms = tuple(
        Pseudonym(p["name"], p.get("name_ru"), _date(p.get("from")), _date(p.get("to")), tuple(p.get("variants", ())))
        for p in entry.get("pseudonyms", ())
    )
    return Person(
        id=entry["id"],
        label=entry["label"],
        names_en=tuple(entry.get("names_en", ())),
        names_ru=tuple(entry.get("names_ru", ())),
        pseudonyms=pseudonyms,
        wikidata=entry.get("wikidata"),
        names_native=tuple(entry.get("names_native", ())),
        offices=tuple(_office(o) for o in entry.get("posts", ())),
        source=entry.get("source"),
    )


def post_from_entry(entry: TomlEntry) -> Post:
    holders = tuple(
        Holding(h["person"], _required_date(h["from"]), _required_date(h["to"]), bool(h.get("approximate", False)))
        for h in entry.get("holders", ())
    )
    return Post(
        id=entry["id"],
        label=entry["label"],
        label_ru=entry.get("label_ru"),
        names_en=tuple(entry.get("names_en", ())),
        names_ru=tuple(entry.get("names_ru", ())),
        place=entry.get("place"),
        holders=holders,
        country=entry.get("country"),
        role=entry.get("role"),
    )
