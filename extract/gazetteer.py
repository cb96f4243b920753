"""The gazetteer: places with their written forms (historic, Russian, inflected) and coordinates."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cablegraph.extract.authority import russian_case_forms
from cablegraph.extract.datafiles import data_sources
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.names import AlternationScanner, form_pattern
from cablegraph.extract.textutil import fold

# Case endings in the order nominative, genitive, dative, accusative, instrumental, prepositional.
_NOUN_ENDINGS = [
    ("ия", ["ия", "ии", "ии", "ию", "ией", "ии"]),
    ("а", ["а", "ы", "е", "у", "ой", "е"]),
    ("я", ["я", "и", "е", "ю", "ей", "е"]),
    ("ре", ["ре", "ря", "рю", "ре", "рем", "ре"]),
    ("й", ["й", "я", "ю", "й", "ем", "е"]),
]
_ADJECTIVE_ENDINGS = [
    ("ая", ["ая", "ой", "ой", "ую", "ой", "ой"]),
    ("яя", ["яя", "ей", "ей", "юю", "ей", "ей"]),
    ("ый", ["ый", "ого", "ому", "ый", "ым", "ом"]),
    ("ий", ["ий", "ого", "ому", "ий", "им", "ом"]),
    ("ой", ["ой", "ого", "ому", "ой", "ым", "ом"]),
    ("ое", ["ое", "ого", "ому", "ое", "ым", "ом"]),
    ("ее", ["ее", "его", "ему", "ее", "им", "ем"]),
]


def _declined(word: str, table) -> list[str] | None:
    for ending, forms in table:
        if word.lower().endswith(ending):
            stem = word[: len(word) - len(ending)]
            return [stem + form for form in forms]
    return None


def russian_place_forms(name: str) -> tuple[str, ...]:
    """Case forms of a Russian place name: "Северная Корея" -> "Северной Корее", "Москва" -> "Москвы".

    >>> "Северную Корею" in russian_place_forms("Северная Корея")
    True
    """
    words = name.split(" ")
    last = words[-1]
    nouns = _declined(last, _NOUN_ENDINGS)
    if nouns is None:
        if last[-1:].lower() in "аеёиоуыэюя" or not last[-1:].isalpha():
            return (name,)
        nouns = [last + e for e in ("", "а", "у", "", "ом", "е")]
    if len(words) == 1:
        return tuple(dict.fromkeys(nouns))
    adjectives = _declined(words[-2], _ADJECTIVE_ENDINGS)
    head = " ".join(words[:-2])
    forms = []
    for case, noun in enumerate(nouns):
        middle = adjectives[case] if adjectives else words[-2]
        forms.append(" ".join(w for w in (head, middle, noun) if w))
    return tuple(dict.fromkeys(forms))


@dataclass(frozen=True)
class PlaceMention:
    start: int
    end: int
    text: str
    place: str


@dataclass(frozen=True)
class Place:
    id: str
    label: str
    names_en: tuple[str, ...]
    names_ru: tuple[str, ...]
    type: str
    lat: float
    lon: float

    @property
    def label_ru(self) -> str | None:
        return self.names_ru[0] if self.names_ru else None

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (*self.names_en, *self.names_ru) if n != self.label))


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_files: list[str | Path] | tuple[str | Path, ...] = ()) -> Gazetteer:
        gazetteer = cls()
        for text, source in data_sources(("places.toml",), extra_files):
            gazetteer._merge(text, source)
        return gazetteer

    def _merge(self, text: str, source: str) -> None:
        try:
            entries = tomllib.loads(text).get("place", [])
            for entry in entries:
                place = Place(
                    id=entry["id"],
                    label=entry["label"],
                    names_en=tuple(entry.get("names_en", ())),
                    names_ru=tuple(entry.get("names_ru", ())),
                    type=entry.get("type", "place"),
                    lat=float(entry["lat"]),
                    lon=float(entry["lon"]),
                )
                if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
                    raise ValueError(f"coordinates out of range for {place.id}")
                self.places[place.id] = place
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
            raise AuthorityError(source, f"malformed gazetteer: {error!r}") from error
        self.__dict__.pop("_index", None)
        self.__dict__.pop("_pattern", None)

    @cached_property
    def _index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for place in self.places.values():
            for name in (place.label, *place.names_en):
                index.setdefault(fold(name), place.id)
            for name in place.names_ru:
                for form in {*russian_case_forms(name), *russian_place_forms(name)}:
                    index.setdefault(fold(form), place.id)
        return index

    @cached_property
    def _pattern(self) -> AlternationScanner:
        forms = set()
        for place in self.places.values():
            forms.update((place.label, *place.names_en))
            for name in place.names_ru:
                forms.update(russian_place_forms(name))
        alternatives = sorted({form_pattern(f) for f in forms if len(f) >= 3}, key=len, reverse=True)
        return AlternationScanner(r"(?<![\w-])", alternatives, r"(?![\w])", re.IGNORECASE)

    def find(self, text: str) -> list[PlaceMention]:
        """Gazetteer places named in `text` (capitalised, longest form first)."""
        found = []
        for match in self._pattern.finditer(text):
            written = match.group()
            if not (written[0].isupper() or written[0].isdigit()):
                continue
            place = self.lookup(written)
            if place is not None:
                found.append(PlaceMention(match.start(), match.end(), written, place.id))
        return found

    def lookup(self, written: str) -> Place | None:
        place_id = self._index.get(fold(written))
        return self.places[place_id] if place_id else None

    @property
    def name_forms(self) -> tuple[str, ...]:
        return tuple(self._index)
