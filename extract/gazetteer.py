"""The gazetteer: places with their written forms (historic, Russian, inflected) and coordinates."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

from cablegraph.extract.authority import russian_case_forms
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.textutil import fold


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
        text = resources.files("cablegraph.extract.data").joinpath("places.toml").read_text(encoding="utf-8")
        gazetteer._merge(text, "cablegraph/extract/data/places.toml")
        for extra in extra_files:
            try:
                gazetteer._merge(Path(extra).read_text(encoding="utf-8"), str(extra))
            except OSError as error:
                raise AuthorityError(str(extra), f"cannot read: {error.strerror or error}") from error
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

    @cached_property
    def _index(self) -> dict[str, str]:
        index: dict[str, str] = {}
        for place in self.places.values():
            for name in (place.label, *place.names_en):
                index.setdefault(fold(name), place.id)
            for name in place.names_ru:
                for form in russian_case_forms(name):
                    index.setdefault(fold(form), place.id)
        return index

    def lookup(self, written: str) -> Place | None:
        place_id = self._index.get(fold(written))
        return self.places[place_id] if place_id else None

    @property
    def name_forms(self) -> tuple[str, ...]:
        return tuple(self._index)
