"""One fact per formation in a document, after every version is read (`settle_units`): "our" and
"your" become the correspondents' side, and a formation named again, restated or named beside its
force is joined to the fact it names.

Separate from `units` because it runs on all of a document's facts after extraction, not on a text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TypedDict

from cablegraph.extract.extractors.unit_sides import correspondent_sides
from cablegraph.extract.fact_merging import merge_facts
from cablegraph.extract.facts import EmbeddedMessageFact, Fact, UnitFact

_MAX_RESTATED = 200


def settle_units(facts: list[Fact]) -> list[Fact]:
    """One fact per formation in the document, after every version is read:
    "our"/"your" become the correspondents' side; a designated formation named again without its
    designation ("the regiment", "a fighter aviation regiment") is the designated one; a plural
    restating a counted formation ("Китайские дивизии" after "пять-шесть дивизий") is that
    formation; a national army beside its named force ("the Korean army", "the People's Army") is
    the force; a bare noun that names none of these ("the army", "divisions") is no formation."""
    units = [f for f in facts if isinstance(f, UnitFact)]
    if not units:
        return facts
    # "we" inside a relayed message is its writer's; with one in the text, whose "we" is unknown here
    sides = {} if any(isinstance(f, EmbeddedMessageFact) for f in facts) else correspondent_sides(facts)
    settled: list[UnitFact] = []
    for unit in units:
        if unit.affiliation and unit.affiliation.startswith("@"):
            settled.append(replace(unit, affiliation=sides.get(unit.affiliation[1:])))
        else:
            settled.append(unit)
    # Restatements are looked for among a telegram's few formations; a text naming hundreds of
    # distinct ones (a generated list) keeps them as read, so settling stays linear.
    for _ in range(2 if len(settled) <= _MAX_RESTATED else 0):  # twice: a formation that lent its side takes it back
        settled = [replace(u, **_merged_into(u, settled)) for u in settled]
    settled = [
        replace(u, qualifiers=tuple(q for q in u.qualifiers if q != "bare"))
        for u in settled
        if "bare" not in u.qualifiers or u.name
    ]
    others: list[Fact] = [f for f in facts if not isinstance(f, UnitFact)]
    return others + merge_facts([*settled])


class _Merge(TypedDict, total=False):
    """The fields of a UnitFact that merging into another formation replaces."""

    unit_type: str
    count: int | None
    count_max: int | None
    affiliation: str | None
    place: str | None
    name: str | None
    qualifiers: tuple[str, ...]


def _merged_into(unit: UnitFact, units: list[UnitFact]) -> _Merge:
    """The fields that make `unit` the fact of the formation it names again (nothing if none)."""
    if unit.name:
        return {}
    if unit.affiliation is None:  # the same mention in another version, where its sentence names the side
        peers = {
            u.affiliation
            for u in units
            if u.affiliation
            and not u.name
            and (u.unit_type, u.count, u.count_max, u.place) == (unit.unit_type, unit.count, unit.count_max, unit.place)
        }
        if len(peers) == 1:
            return {"affiliation": peers.pop()}
    same_type = [u for u in units if u.unit_type == unit.unit_type and u is not unit]
    compatible = [
        u for u in same_type if not unit.affiliation or not u.affiliation or u.affiliation == unit.affiliation
    ]
    target = None
    if (unit.count in (1, None) and "bare" in unit.qualifiers) or unit.count == 1:
        designated = [u for u in compatible if u.name and u.count == 1]
        if len({u.name for u in designated}) == 1:
            target = designated[0]
    if target is None and unit.count is None and unit.count_max is None and "several" not in unit.qualifiers:
        counted = [u for u in compatible if not u.name and (u.count is not None or "several" in u.qualifiers)]
        if unit.affiliation:
            exact = [u for u in counted if u.affiliation == unit.affiliation]
            counted = exact or [u for u in counted if not u.affiliation]
        if len({u.key() for u in counted}) == 1:
            target = counted[0]
    if target is None and unit.unit_type == "army" and unit.count in (1, None) and unit.affiliation:
        forces = [u for u in units if u.unit_type == "armed-forces" and u.affiliation == unit.affiliation]
        if len({u.name for u in forces}) == 1:
            target = forces[0]
    if target is None:
        return {}
    return {
        "unit_type": target.unit_type,
        "count": target.count,
        "count_max": target.count_max,
        "affiliation": target.affiliation or unit.affiliation,
        "place": target.place or unit.place,
        "name": target.name,
        "qualifiers": tuple(q for q in unit.qualifiers if q != "bare"),
    }
