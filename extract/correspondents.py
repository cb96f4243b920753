"""Correspondents in an open world: the organs of states, and people the authority may not know.

Telegrams are written by and to embassies, ministries, central committees and their
departments as often as by people. A correspondent is written

    as an organ of a state     "the Romanian Embassy in Pyongyang", "Embassy of Hungary in
                               Czechoslovakia", "USSR MFA", "Chinese Foreign Ministry",
                               "CPSU Central Committee", "ЦК КПСС", "МИД СССР"
    as a post with a name      "Soviet Ambassador to the USA Dobrynin", "Ambassador Dumitru Popa"
    as a post alone            "the Soviet Ambassador in Hanoi"
    as a name                  "A. DOBRYNIN", "G R O M Y K O", "Maneli"

`read_organisation` reads the first into an `OrganisationName` with a canonical label (the
form historians write: "PRC Ministry of Foreign Affairs", "Romanian Embassy in Pyongyang"),
its other names and the state it belongs to; `split_post_and_name` and `person_name`
(extract/open_world_people.py) read the others, normalised (spaced letters, capitals) so that
one correspondent gets one id in every document whatever the form. A list of several
correspondents is cut into them by extract/correspondent_lists.py.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from cablegraph.extract.datafiles import data_sources
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.facts import AgentFact, AgentRole, Fact
from cablegraph.extract.textutil import fold, key_slug

if TYPE_CHECKING:  # the context reads organisations with this module
    from cablegraph.extract.context import ExtractionContext

# A written place ("Peking") -> its gazetteer label, or None.
PlaceLabel = Callable[[str], str | None]


@dataclass(frozen=True)
class Nation:
    id: str
    names: tuple[str, ...]
    adjective: str
    prefix: str
    party: str | None = None
    party_names: tuple[str, ...] = ()
    place: str | None = None


@dataclass(frozen=True)
class OrganisationName:
    """An organisation read from how a telegram names it."""

    id: str
    label: str
    kind: str  # embassy, consulate, mission, ministry-of-foreign-affairs, central-committee, organisation
    nation: str | None  # Nation.id; None when the text leaves it to context ("Foreign Ministry,")
    seat: str | None = None  # where an embassy sits, as a place name ("Pyongyang", "Hungary")
    aliases: tuple[str, ...] = ()
    parent: OrganisationName | None = None


_MISSIONS = {
    "embassy": "Embassy", "consulate general": "Consulate General", "consulate-general": "Consulate General",
    "consulate": "Consulate", "legation": "Legation", "mission": "Mission", "trade mission": "Trade Mission",
    "military mission": "Military Mission", "посольство": "Embassy", "консульство": "Consulate",
}  # fmt: skip
_MFA = (
    r"Ministry\s+(?:of|for)\s+Foreign\s+Affairs|Foreign\s+Affairs\s+Ministry|Foreign\s+Ministry|Foreign\s+Office|MFA|"
    r"F\[oreign\]\s*M\[inistry\]|MID|People'?s\s+Commissariat\s+(?:of|for)\s+Foreign\s+Affairs|NKID|"
    r"Министерств\w*\s+иностранных\s+дел|МИД|НКИД|Народн\w+\s+комиссариат\w*\s+иностранных\s+дел"
)
_CC = r"Central\s+Committee|C\.?C\.?|ЦК|Центральн\w+\s+Комитет\w*"
# Words that make a phrase the name of an organisation rather than of a person.
ORGANISATION_HEADS = re.compile(
    r"(?i)(?<![\w-])(?:embass(?:y|ies)|consulates?|legations?|missions?|ministr(?:y|ies)|departments?|divisions?|directorates?|"
    r"offices?|committees?|councils?|governments?|commands?|headquarters|staffs?|stavka|presidiums?|politburo|secretariats?|"
    r"sections?|bureaus?|agenc(?:y|ies)|commissariats?|MFA|MID|CC|посольств\w*|министерств\w*|комитет\w*|ЦК|МИД|ставк\w*|штаб\w*|управлени\w*|"
    r"совет\w*|правительств\w*|отдел\w*)(?![\w-])"
)
_ARTICLE = re.compile(r"(?i)^(?:the|to|for|from)\s+")


@dataclass
class Nations:
    items: dict[str, Nation] = field(default_factory=dict)

    @classmethod
    def load(cls) -> Nations:
        found = cls()
        for text, source in data_sources(("nations.toml",)):
            try:
                for entry in tomllib.loads(text).get("nation", []):
                    nation = Nation(
                        entry["id"],
                        tuple(entry["names"]),
                        entry["adjective"],
                        entry["prefix"],
                        entry.get("party"),
                        tuple(entry.get("party_names", ())),
                        entry.get("place"),
                    )
                    found.items[nation.id] = nation
            except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
                raise AuthorityError(source, f"malformed nations file: {error!r}") from error
        return found

    @cached_property
    def _by_name(self) -> dict[str, str]:
        return {fold(name): nation.id for nation in self.items.values() for name in nation.names}

    @cached_property
    def _by_party(self) -> dict[str, str]:
        return {fold(name): nation.id for nation in self.items.values() for name in nation.party_names}

    @cached_property
    def name_pattern(self) -> str:
        names = sorted({n for nation in self.items.values() for n in nation.names}, key=len, reverse=True)
        return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)

    @cached_property
    def party_pattern(self) -> str:
        names = sorted({n for nation in self.items.values() for n in nation.party_names}, key=len, reverse=True)
        return "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names)

    def of(self, written: str | None) -> Nation | None:
        if not written:
            return None
        key = fold(re.sub(r"\s+", " ", re.sub(r"(?i)^the\s+", "", written.strip())))
        nation_id = (
            self._by_name.get(key)
            or self._by_name.get(re.sub(r"(?:ого|ое|ий|ая|ой)$", "ий", key))
            or (self._by_name.get(key[:-1]) if key.endswith("s") and len(key) > 4 else None)  # "the Americans"
        )
        return self.items.get(nation_id) if nation_id else None

    def of_party(self, written: str) -> Nation | None:
        nation_id = self._by_party.get(fold(re.sub(r"\s+", " ", written.strip())))
        return self.items.get(nation_id) if nation_id else None

    @cached_property
    def patterns(self) -> _Patterns:
        return _Patterns(self)


class _Patterns:
    """The organisation forms, compiled once with every nation's names in them."""

    def __init__(self, nations: Nations) -> None:
        nat = rf"(?:{nations.name_pattern})"
        party = rf"(?:{nations.party_pattern})"
        missions = "|".join(sorted((re.escape(k).replace(r"\ ", r"\s+") for k in _MISSIONS), key=len, reverse=True))
        host = r"(?:\s*,\s*|\s+(?:in|to|at|в|во)\s+(?:the\s+)?)(?P<host>[^,;()\[\]]+?)"
        flags = re.IGNORECASE
        self.mission_adjective = re.compile(rf"^(?P<nat>{nat})\s+(?P<kind>{missions})(?:{host})?$", flags)
        self.mission_of = re.compile(rf"^(?P<kind>{missions})\s+(?:of\s+(?:the\s+)?)?(?P<nat>{nat})(?:{host})?$", flags)
        self.mission_bare = re.compile(rf"^(?P<kind>{missions})(?:{host})$", flags)  # "the Embassy in Hungary"
        self.cc_bare = re.compile(rf"^(?:{_CC})$", flags)  # "the Central Committee"
        self.mfa = re.compile(
            rf"^(?:(?P<nat>{nat})\s+)?(?:{_MFA})(?:\s+(?:of\s+(?:the\s+)?)?(?P<nat2>{nat}))?(?:\s*,\s*(?P<sub>.+?)|\s*\((?P<desk>[^)]*)\))?$",
            flags,
        )
        self.state_department = re.compile(
            r"^(?:US\s+|U\.S\.\s+)?(?:State\s+Department|Department\s+of\s+State)$", flags
        )
        self.cc = re.compile(
            rf"^(?:(?P<party>{party})\s+(?:{_CC})|(?:{_CC})\s+(?:of\s+(?:the\s+)?)?(?P<party2>{party}))"
            rf"(?:\s*,\s*(?P<sub>.+?)|\s*\((?P<desk>[^)]*)\))?$",
            flags,
        )
        self.nation_word = re.compile(rf"(?<!\w)(?P<nat>{nat})(?!\w)", flags)


def read_organisation(
    written: str, nations: Nations, place_label: PlaceLabel = lambda name: None
) -> OrganisationName | None:
    """The organisation `written` names, or None when it names none.

    `place_label` maps a written place ("Peking", "the United Arab Republic") to its gazetteer
    label, or None; an embassy's seat is kept as written when it is not in the gazetteer."""
    phrase = _tidy(written)
    if not phrase or not ORGANISATION_HEADS.search(phrase):
        return None
    patterns = nations.patterns
    for pattern in (patterns.mission_adjective, patterns.mission_of):
        if match := pattern.match(phrase):
            nation = nations.of(match["nat"])
            if nation is not None:
                return _mission(
                    nation, _MISSIONS[re.sub(r"\s+", " ", match["kind"].lower())], match["host"], phrase, place_label
                )
    if match := patterns.mission_bare.match(phrase):
        host = _ARTICLE.sub("", match["host"].strip(" .,"))
        seat = place_label(host) or host
        kind = _MISSIONS[re.sub(r"\s+", " ", match["kind"].lower())]
        label = f"{kind} in {seat}"
        return OrganisationName(
            _org_id(label), label, kind.lower().replace(" ", "-"), None, seat, _unique([phrase], label)
        )
    if patterns.cc_bare.match(phrase):
        return OrganisationName(
            "central-committee",
            "Central Committee",
            "central-committee",
            None,
            aliases=_unique([phrase], "Central Committee"),
        )
    if match := patterns.mfa.match(phrase):
        nation = nations.of(match["nat"] or match["nat2"])
        ministry = _ministry(nation, phrase)
        return _sub_unit(ministry, match["sub"]) if match["sub"] else ministry
    if patterns.state_department.match(phrase):
        return _ministry(nations.items.get("usa"), phrase)
    if match := patterns.cc.match(phrase):
        party_written = match["party"] or match["party2"]
        nation = nations.of_party(party_written)
        committee = _central_committee(nation, party_written, phrase)
        return _sub_unit(committee, match["sub"]) if match["sub"] else committee
    nation_match = patterns.nation_word.search(phrase)
    nation = nations.of(nation_match["nat"]) if nation_match else None
    label = phrase[0].upper() + phrase[1:]
    return OrganisationName(_org_id(label), label, "organisation", nation.id if nation else None, aliases=())


def complete_with_nation(
    organisation: OrganisationName, nation: Nation, place_label: PlaceLabel = lambda name: None
) -> OrganisationName:
    """An organ named without its state ("Foreign Ministry,", "To the Embassy in Hungary:", "the
    Central Committee") once the context gives the state: the sending organ's."""
    if organisation.nation is not None:
        return organisation
    if organisation.kind == "ministry-of-foreign-affairs":
        return _ministry(nation, organisation.aliases[0] if organisation.aliases else organisation.label)
    if organisation.kind == "central-committee" and nation.party:
        return _central_committee(
            nation, nation.party, organisation.aliases[0] if organisation.aliases else organisation.label
        )
    if organisation.seat and organisation.kind in {k.lower().replace(" ", "-") for k in _MISSIONS.values()}:
        kind = organisation.label.split(" in ")[0]
        return _mission(
            nation,
            kind,
            organisation.seat,
            organisation.aliases[0] if organisation.aliases else organisation.label,
            place_label,
        )
    return organisation


def _mission(nation: Nation, kind: str, host: str | None, written: str, place_label: PlaceLabel) -> OrganisationName:
    seat = None
    if host:
        host = _ARTICLE.sub("", host.strip(" .,"))
        seat = place_label(host) or host
    label = f"{nation.adjective} {kind}" + (f" in {seat}" if seat else "")
    aliases = [written]
    if seat:
        aliases += [f"{kind} of {nation.names[0]} in {seat}", f"{nation.adjective} {kind}, {seat}"]
    return OrganisationName(
        _org_id(label), label, kind.lower().replace(" ", "-"), nation.id, seat, _unique(aliases, label)
    )


def _ministry(nation: Nation | None, written: str) -> OrganisationName:
    if nation is None:
        label = "Ministry of Foreign Affairs"
        return OrganisationName(
            _org_id(label), label, "ministry-of-foreign-affairs", None, aliases=_unique([written], label)
        )
    label = f"{nation.prefix} Ministry of Foreign Affairs"
    aliases = [
        written,
        f"{nation.adjective} Ministry of Foreign Affairs",
        f"{nation.adjective} Foreign Ministry",
        f"{nation.prefix} MFA",
    ]
    return OrganisationName(
        _org_id(label), label, "ministry-of-foreign-affairs", nation.id, aliases=_unique(aliases, label)
    )


def _central_committee(nation: Nation | None, party: str, written: str) -> OrganisationName:
    party_label = nation.party if nation is not None and nation.party else party.strip()
    label = f"{party_label} Central Committee"
    aliases = [written, f"Central Committee of the {party_label}", f"CC {party_label}"]
    return OrganisationName(
        _org_id(label), label, "central-committee", nation.id if nation else None, aliases=_unique(aliases, label)
    )


def _sub_unit(parent: OrganisationName, written: str) -> OrganisationName:
    """ "PRC Ministry of Foreign Affairs, Division of Soviet and East European Affairs"."""
    unit = _tidy(written)
    if not unit or not ORGANISATION_HEADS.search(unit):
        return parent  # "(First and Second Directorates)" is kept; "(via ...)" or a topic is not a unit
    label = f"{parent.label}, {unit[0].upper() + unit[1:]}"
    return OrganisationName(_org_id(label), label, "department", parent.nation, aliases=(unit,), parent=parent)


def _tidy(written: str) -> str:
    phrase = re.sub(r"\s+", " ", written).strip(" \t\n.,;:\"'“”‘’«»")
    phrase = re.sub(r"\[(\w+)\]", r"\1", phrase)  # "F[oreign] M[inistry]" → "Foreign Ministry"
    return _ARTICLE.sub("", phrase)


def _org_id(label: str) -> str:
    return key_slug(label)


def _unique(names: list[str], label: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in names if n and n != label))


# --- one document's organs, settled -------------------------------------------------------


def complete_organs(facts: list[Fact], context: ExtractionContext) -> list[Fact]:
    """Organs a telegram names without their state ("Foreign Ministry," under the Chinese Embassy's
    telegram, "To the Embassy in Hungary:" from the PRC Foreign Ministry) belong to the state of
    the organ that sends it, else of an organ of the same kind the document names with its state."""
    organs = {  # each organ fact read once, as it is written
        id(f): (f, organisation)
        for f in facts
        if isinstance(f, AgentFact)
        and f.organisation
        and f.as_written
        and (organisation := context.organisation(f.as_written[0]))
    }
    stateless = {key for key, (f, organisation) in organs.items() if f.label and organisation.nation is None}
    if not stateless:
        return facts
    senders = [
        organisation.nation for f, organisation in organs.values() if f.role is AgentRole.SENDER and organisation.nation
    ]
    stated = {organisation.kind: organisation.nation for _, organisation in organs.values() if organisation.nation}
    nation = context.nations.items[senders[0]] if senders else None
    completed: list[Fact] = []
    for fact in facts:
        if id(fact) in stateless:
            agent, organ = organs[id(fact)]
            state = nation or context.nations.items.get(stated.get(organ.kind, ""))
            if state is not None:
                completed.append(_with_state(agent, organ, state, context))
                continue
        completed.append(fact)
    return completed


def _with_state(agent: AgentFact, organ: OrganisationName, state: Nation, context: ExtractionContext) -> AgentFact:
    """The organ's fact once its state is known: a known organisation's id, else the completed name."""
    organ = complete_with_nation(organ, state, context.place_label)
    known = context.organisations.lookup(organ.label, *organ.aliases)
    label, aliases = (None, ()) if known else (organ.label, organ.aliases)
    return replace(agent, organisation=known or organ.id, label=label, aliases=aliases)
