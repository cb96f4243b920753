"""The gazetteer: places with their written forms (historic, Russian, inflected) and coordinates.

Two layers: places.toml, written for the telegrams, names each place as the documents of its
period do, with the dates a name was in use (Stalingrad 1925–61, Peiping 1928–49) and the states
of the period (USSR, GDR, UAR, North and South Vietnam); GeoNames (extract/geonames.py) adds, for
the places it knows, a stable identifier, the coordinates and the modern name. A place named in a
telegram takes the name of the telegram's date: "Volgograd" in a 1943 text is Stalingrad, with
Volgograd as an alias.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cached_property
from pathlib import Path

from cablegraph.extract.datafiles import data_sources
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.geonames import feature, geonames_iri
from cablegraph.extract.name_forms import russian_case_forms
from cablegraph.extract.names import AlternationScanner, form_pattern
from cablegraph.extract.textutil import RecentTexts, fold

# Case endings in the order nominative, genitive, dative, accusative, instrumental, prepositional.
_NOUN_ENDINGS = [
    ("ия", ["ия", "ии", "ии", "ию", "ией", "ии"]),
    ("а", ["а", "ы", "е", "у", "ой", "е"]),
    ("я", ["я", "и", "е", "ю", "ей", "е"]),
    ("ре", ["ре", "ря", "рю", "ре", "рем", "ре"]),
    ("й", ["й", "я", "ю", "й", "ем", "е"]),
    ("ь", ["ь", "я", "ю", "ь", "ем", "е"]),  # masculine soft stems: Аньшань -> Аньшаня, Ляоянь -> Ляояне
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


def _declined(word: str, table: list[tuple[str, list[str]]]) -> list[str] | None:
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
    geonames: int | None = None  # the GeoNames feature this place is, or was a name of
    valid_from: date | None = None  # when this name (or state) came into use
    valid_until: date | None = None  # when it went out of use
    period_of: str | None = None  # the id of the place under its other names (its lineage)
    other_names: tuple[str, ...] = ()  # the lineage's other labels and the GeoNames name

    @property
    def label_ru(self) -> str | None:
        return self.names_ru[0] if self.names_ru else None

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (*self.names_en, *self.names_ru, *self.other_names) if n != self.label))

    @property
    def geonames_iri(self) -> str | None:
        return geonames_iri(self.geonames) if self.geonames else None

    def in_use(self, when: date) -> bool:
        return (self.valid_from is None or self.valid_from <= when) and (
            self.valid_until is None or when < self.valid_until
        )


@dataclass
class Gazetteer:
    places: dict[str, Place] = field(default_factory=dict)
    _lineages: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

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
                geonames = entry.get("geonames")
                known = feature(int(geonames)) if geonames is not None else None
                lat, lon = entry.get("lat"), entry.get("lon")
                if lat is None or lon is None:  # coordinates from GeoNames when the entry gives none
                    if known is None or known.lat is None:
                        raise KeyError(f"{entry['id']}: lat/lon (GeoNames knows no coordinates for it)")
                    lat, lon = known.lat, known.lon
                place = Place(
                    id=entry["id"],
                    label=entry["label"],
                    names_en=tuple(entry.get("names_en", ())),
                    names_ru=tuple(entry.get("names_ru", ())),
                    type=entry.get("type", "place"),
                    lat=float(lat),
                    lon=float(lon),
                    geonames=int(geonames) if geonames is not None else None,
                    valid_from=_date(entry.get("from")),
                    valid_until=_date(entry.get("until")),
                    period_of=entry.get("period_of"),
                    other_names=(known.name,) if known is not None else (),
                )
                if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180):
                    raise ValueError(f"coordinates out of range for {place.id}")
                self.places[place.id] = place
        except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as error:
            raise AuthorityError(source, f"malformed gazetteer: {error!r}") from error
        self._link_periods()
        self.__dict__.pop("_index", None)
        self.__dict__.pop("_pattern", None)
        self.__dict__.pop("_found", None)

    def _link_periods(self) -> None:
        """Each name of a place lists the place's other names (the modern one among them) as aliases."""
        lineages: dict[str, list[str]] = {}
        for place in self.places.values():
            lineages.setdefault(place.period_of or place.id, []).append(place.id)
        self._lineages = {key: tuple(ids) for key, ids in lineages.items() if len(ids) > 1}
        for ids in self._lineages.values():
            for place_id in ids:
                place = self.places[place_id]
                others = tuple(self.places[other].label for other in ids if other != place_id)
                self.places[place_id] = replace(place, other_names=tuple(dict.fromkeys((*others, *place.other_names))))

    def at(self, place: Place, when: PartialDate | None) -> Place:
        """The place under the name it had on `when`: Volgograd in 1943 is Stalingrad, Peking in 1948 Peiping."""
        moment = _moment(when)
        if moment is None or place.in_use(moment):
            return place
        for other in self._lineages.get(place.period_of or place.id, ()):
            if self.places[other].in_use(moment):
                return self.places[other]
        return place

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
        forms: set[str] = set()
        for place in self.places.values():
            forms.update((place.label, *place.names_en))
            for name in place.names_ru:
                forms.update(russian_place_forms(name))
        forms.update([f.replace("'", typographic) for f in forms if "'" in f for typographic in "’ʼ"])
        forms.update([f.replace("-", "\u2011") for f in forms if "-" in f])  # a non-breaking hyphen, as web pages print
        alternatives = sorted({form_pattern(f) for f in forms if len(f) >= 3}, key=len, reverse=True)
        return AlternationScanner(r"(?<![\w-])", alternatives, r"(?![\w])", re.IGNORECASE)

    def find(self, text: str) -> list[PlaceMention]:
        """Gazetteer places named in `text` (capitalised, longest form first); the last few texts'
        answers are kept, since the places and people extractors both ask about each version."""
        return self._found.get(text, self._find)

    @cached_property
    def _found(self) -> RecentTexts[PlaceMention]:
        return RecentTexts(16)

    def _find(self, text: str) -> list[PlaceMention]:
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


def _date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _moment(when: PartialDate | None) -> date | None:
    """A day inside a partial date (the middle of its month or year), for comparing with name periods."""
    if when is None or when.year is None:
        return None
    return date(when.year, when.month or 7, when.day or (15 if when.month else 1))
