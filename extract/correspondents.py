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
its other names and the state it belongs to; `split_post_and_name` and `person_name` read the
others, normalised (spaced letters, capitals) so that one correspondent gets one id in every
document whatever the form.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from functools import cached_property

from cablegraph.extract.datafiles import data_sources
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.facts import AgentFact, AgentRole
from cablegraph.extract.textutil import fold, key_slug, transliterate


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
                        entry["id"], tuple(entry["names"]), entry["adjective"], entry["prefix"], entry.get("party"),
                        tuple(entry.get("party_names", ())), entry.get("place"),
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
            rf"^(?:(?P<nat>{nat})\s+)?(?:{_MFA})(?:\s+(?:of\s+(?:the\s+)?)?(?P<nat2>{nat}))?(?:\s*,\s*(?P<sub>.+?)|\s*\((?P<desk>[^)]*)\))?$", flags
        )
        self.state_department = re.compile(r"^(?:US\s+|U\.S\.\s+)?(?:State\s+Department|Department\s+of\s+State)$", flags)
        self.cc = re.compile(
            rf"^(?:(?P<party>{party})\s+(?:{_CC})|(?:{_CC})\s+(?:of\s+(?:the\s+)?)?(?P<party2>{party}))"
            rf"(?:\s*,\s*(?P<sub>.+?)|\s*\((?P<desk>[^)]*)\))?$",
            flags,
        )
        self.nation_word = re.compile(rf"(?<!\w)(?P<nat>{nat})(?!\w)", flags)


def read_organisation(written: str, nations: Nations, place_label=lambda name: None) -> OrganisationName | None:
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
                return _mission(nation, _MISSIONS[re.sub(r"\s+", " ", match["kind"].lower())], match["host"], phrase, place_label)
    if match := patterns.mission_bare.match(phrase):
        host = _ARTICLE.sub("", match["host"].strip(" .,"))
        seat = place_label(host) or host
        kind = _MISSIONS[re.sub(r"\s+", " ", match["kind"].lower())]
        label = f"{kind} in {seat}"
        return OrganisationName(_org_id(label), label, kind.lower().replace(" ", "-"), None, seat, _unique([phrase], label))
    if patterns.cc_bare.match(phrase):
        return OrganisationName("central-committee", "Central Committee", "central-committee", None, aliases=_unique([phrase], "Central Committee"))
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


def complete_with_nation(organisation: OrganisationName, nation: Nation, place_label=lambda name: None) -> OrganisationName:
    """An organ named without its state ("Foreign Ministry,", "To the Embassy in Hungary:", "the
    Central Committee") once the context gives the state: the sending organ's."""
    if organisation.nation is not None:
        return organisation
    if organisation.kind == "ministry-of-foreign-affairs":
        return _ministry(nation, organisation.aliases[0] if organisation.aliases else organisation.label)
    if organisation.kind == "central-committee" and nation.party:
        return _central_committee(nation, nation.party, organisation.aliases[0] if organisation.aliases else organisation.label)
    if organisation.seat and organisation.kind in {k.lower().replace(" ", "-") for k in _MISSIONS.values()}:
        kind = organisation.label.split(" in ")[0]
        return _mission(nation, kind, organisation.seat, organisation.aliases[0] if organisation.aliases else organisation.label, place_label)
    return organisation


def _mission(nation: Nation, kind: str, host: str | None, written: str, place_label) -> OrganisationName:
    seat = None
    if host:
        host = _ARTICLE.sub("", host.strip(" .,"))
        seat = place_label(host) or host
    label = f"{nation.adjective} {kind}" + (f" in {seat}" if seat else "")
    aliases = [written]
    if seat:
        aliases += [f"{kind} of {nation.names[0]} in {seat}", f"{nation.adjective} {kind}, {seat}"]
    return OrganisationName(_org_id(label), label, kind.lower().replace(" ", "-"), nation.id, seat, _unique(aliases, label))


def _ministry(nation: Nation | None, written: str) -> OrganisationName:
    if nation is None:
        label = "Ministry of Foreign Affairs"
        return OrganisationName(_org_id(label), label, "ministry-of-foreign-affairs", None, aliases=_unique([written], label))
    label = f"{nation.prefix} Ministry of Foreign Affairs"
    aliases = [written, f"{nation.adjective} Ministry of Foreign Affairs", f"{nation.adjective} Foreign Ministry", f"{nation.prefix} MFA"]
    return OrganisationName(_org_id(label), label, "ministry-of-foreign-affairs", nation.id, aliases=_unique(aliases, label))


def _central_committee(nation: Nation | None, party: str, written: str) -> OrganisationName:
    party_label = nation.party if nation is not None and nation.party else party.strip()
    label = f"{party_label} Central Committee"
    aliases = [written, f"Central Committee of the {party_label}", f"CC {party_label}"]
    return OrganisationName(_org_id(label), label, "central-committee", nation.id if nation else None, aliases=_unique(aliases, label))


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


# --- people ----------------------------------------------------------------------------

# Words of a post or an honorific before a name: "Soviet Ambassador to Cuba A. I. Alekseev",
# "Soviet Politburo members Mikoyan", "Ambassador Dumitru Popa", "Comrade Kotov", "тов. Штыкову".
_ROLE_WORDS = frozenset(
    """the comrade comrades cde cde. cdes cdes. cmrd cmrd. cmrds cmrds. tov tov. тов тов. т. товарищ товарищу товарищам mr mr. mrs mrs. herr
    monsieur ambassador ambassadors envoy minister ministers deputy first second vice foreign prime premier president
    chairman general marshal colonel admiral secretary general-secretary chargé charge d'affaires affaires counsellor
    counselor attaché attache consul member members politburo presidium cc commander chief head extraordinary
    plenipotentiary representative delegate signed signed: ss (ss) s/ посол послу министр министру маршал маршалу генерал
    генералу председатель председателю премьер премьеру премьер-министр премьер-министру президент президенту г-н г-ну
    господину м-р и.о. of""".split()
)
_PLACE_CUES = frozenset("to in at of в во".split())

_SPACED = re.compile(r"^(?:[A-ZА-ЯЁ]\s){2,}[A-ZА-ЯЁ]$")


def person_name(written: str) -> str:
    """The name as a person's name: spaced letters closed up, capitals made title case.

    >>> person_name("G R O M Y K O")
    'Gromyko'
    >>> person_name("A. DOBRYNIN")
    'A. Dobrynin'
    """
    name = re.sub(r"\s+", " ", written).strip(" .,;:")
    if _SPACED.match(name):
        name = name.replace(" ", "")
    words = name.split(" ")
    return " ".join(w[0] + w[1:].lower() if len(w) > 2 and w.isupper() else w for w in words)


def split_post_and_name(written: str, is_place=lambda word: False) -> tuple[str, str]:
    """(the post or honorific words, the name after them): "Soviet Ambassador to the USA Dobrynin"
    → ("Soviet Ambassador to the USA", "Dobrynin"). The name is "" when only a post is written.
    `is_place` tells a place or a state's name ("USA", "Cuba", "Soviet") from a name."""
    tokens = re.sub(r"\s+", " ", written).strip(" .,;:").split(" ")
    consumed, after_cue, awaiting_place = 0, False, False
    for token in tokens:
        low = token.lower().strip(",")
        if after_cue and (low == "the" or is_place(token.strip(","))):
            consumed += 1
            awaiting_place = awaiting_place and low == "the"
            continue
        if low in _ROLE_WORDS or (consumed < len(tokens) - 1 and is_place(token)):
            consumed += 1
            after_cue = awaiting_place = low in _PLACE_CUES
            continue
        if low in _PLACE_CUES and consumed:
            consumed += 1
            after_cue = awaiting_place = True
            continue
        break
    if awaiting_place and consumed < len(tokens):
        return " ".join(tokens), ""  # "the Bulgarian Ambassador in Ulan Bator": a place the gazetteer lacks
    return " ".join(tokens[:consumed]), " ".join(tokens[consumed:])


def open_world_person_id(name: str) -> str:
    """ "u-" + the name's slug without initials: "A. DOBRYNIN" and "Dobrynin" → "u-dobrynin",
    "Dumitru Popa" → "u-dumitru-popa". Within one document the shorter forms of a name are
    merged into its fullest form afterwards (`merge_open_world_people`)."""
    words = [w for w in re.split(r"[\s.]+", transliterate(fold(person_name(name)))) if len(w) > 1]
    slug = re.sub(r"[^a-z0-9]+", "-", "-".join(words)).strip("-")
    return f"u-{slug}" if slug else "u-unnamed"


def surname_key(person_id: str) -> str:
    return person_id.rsplit("-", 1)[-1]


# --- one document's correspondents, settled ---------------------------------------------


def merge_open_world_people(facts: list) -> list:
    """Within one document, the forms of a name the authority lacks are one person: "Popa",
    "N. Popa" and "Dumitru Popa"; "Ignatiev" in the title and "ИГНАТЬЕВ" under the text. The
    fullest form (Latin script first) gives the id."""
    minted = [f for f in facts if isinstance(f, AgentFact) and f.person and f.person.startswith("u-") and f.label]
    fullest: dict[str, AgentFact] = {}
    for fact in minted:
        key = _skeleton(surname_key(fact.person))
        known = fullest.get(key)
        if known is None or _fullness(fact) > _fullness(known):
            fullest[key] = fact
    minted_ids = {id(f) for f in minted}
    merged = []
    for fact in facts:
        if id(fact) in minted_ids:
            target = fullest[_skeleton(surname_key(fact.person))]
            fact = replace(fact, person=target.person, label=target.label)
        merged.append(fact)
    return merged


def _fullness(fact) -> tuple[int, bool]:
    return (fact.person.count("-"), fact.label.isascii())


def _skeleton(surname: str) -> str:
    """A surname's consonants, for matching transliterations: "ignatiev", "ignatev" → "gntv"."""
    word = surname.replace("kh", "h").replace("zh", "z").replace("ts", "z").replace("sch", "s").replace("sh", "s").replace("c", "k")
    consonants = re.sub(r"[aeiouy'’-]", "", word)
    return re.sub(r"(.)\1+", r"\1", consonants) or surname


def complete_organs(facts: list, context) -> list:
    """Organs a telegram names without their state ("Foreign Ministry," under the Chinese Embassy's
    telegram, "To the Embassy in Hungary:" from the PRC Foreign Ministry) belong to the state of
    the organ that sends it, else of an organ of the same kind the document names with its state."""
    organs = {  # each organ fact read once, as it is written
        id(f): (f, organisation)
        for f in facts
        if isinstance(f, AgentFact) and f.organisation and f.as_written and (organisation := context.organisation(f.as_written[0]))
    }
    stateless = {key for key, (f, organisation) in organs.items() if f.label and organisation.nation is None}
    if not stateless:
        return facts
    senders = [organisation.nation for f, organisation in organs.values() if f.role is AgentRole.SENDER and organisation.nation]
    stated = {organisation.kind: organisation.nation for _, organisation in organs.values() if organisation.nation}
    nation = context.nations.items[senders[0]] if senders else None
    completed = []
    for fact in facts:
        if id(fact) in stateless:
            organ = organs[id(fact)][1]
            state = nation or context.nations.items.get(stated.get(organ.kind, ""))
            if state is not None:
                organ = complete_with_nation(organ, state, context.place_label)
                known = context.organisations.lookup(organ.label, *organ.aliases)
                fact = replace(fact, organisation=known or organ.id, label=None if known else organ.label, aliases=() if known else organ.aliases)
        completed.append(fact)
    return completed


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
    text = re.sub(r"[(\[][^)\]]*[)\]]", lambda m: m.group()[0] + "_" * (len(m.group()) - 2) + m.group()[-1], text)  # brackets stay whole
    spans, start = [], 0
    for separator in _LIST_AND.finditer(text):
        left, right = original[start : separator.start()], original[separator.end() : separator.end() + 200]
        following = re.split(r"\s*,|\s+(?:and|&|и)\s+", right, maxsplit=1)[0]
        if "," not in separator.group() and joins_an_organ_name(left, following):
            continue
        spans.append((start, separator.start()))
        start = separator.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if original[a:b].strip(" .,;:")]
