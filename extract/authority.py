"""Authority data: who is who, under which names, holding which posts when.

Loaded from TOML files shipped in `cablegraph.extract.data` plus any files the
user adds. Name lookup is case-, accent- and transliteration-tolerant and knows
Russian case endings, so "МАО ЦЗЕ-ДУНУ", "Мао Цзэдуна" and "Mao Tse-tung" all
reach Mao Zedong; a pseudonym only reaches its bearer inside the dates it was used.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from cablegraph.extract.datafiles import data_sources
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.textutil import fold

_HONORIFICS = re.compile(
    r"^(?:(?:the|to|for|from|cde|cdes|comrade|comrades|tov|tovarishch|t|mr|general|marshal|gen|ambassador|"
    r"тов|товарищ|товарищу|товарища|т|генерал|маршал|г-н|господин|господину)\b\.?\s*)+",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*[\[(][^\[\]()]*[\])]\s*")
_ARTICLES = re.compile(r"^(?:(?:the|to|for|from|для)\b\.?\s*)+", re.IGNORECASE)
# "<role> in/to/at/, <place>": a post named with a place the index does not list as such.
_ROLE_AT_PLACE = re.compile(r"^(?P<role>.+?)(?:\s*,\s*|\s+(?:in|to|at|accredited\s+to|в|во|при)\s+)(?:the\s+)?(?P<place>[^,]+?)$", re.IGNORECASE)
# Leading words of Russian post titles, in the nominative, genitive, dative, instrumental and prepositional.
_RUSSIAN_TITLE_WORDS = {
    word[0]: word
    for word in (
        ("посол", "посла", "послу", "послом", "после"),
        ("совпосол", "совпосла", "совпослу", "совпослом", "совпосле"),
        ("посланник", "посланника", "посланнику", "посланником", "посланнике"),
        ("советский", "советского", "советскому", "советским", "советском"),
        ("китайский", "китайского", "китайскому", "китайским", "китайском"),
        ("временный", "временного", "временному", "временным", "временном"),
        ("поверенный", "поверенного", "поверенному", "поверенным", "поверенном"),
        ("министр", "министра", "министру", "министром", "министре"),
        ("главный", "главного", "главному", "главным", "главном"),
        ("военный", "военного", "военному", "военным", "военном"),
        ("советник", "советника", "советнику", "советником", "советнике"),
        ("чрезвычайный", "чрезвычайного", "чрезвычайному", "чрезвычайным", "чрезвычайном"),
        ("полномочный", "полномочного", "полномочному", "полномочным", "полномочном"),
    )
}


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


@dataclass(frozen=True)
class Candidate:
    """One reading of a written name: a person by name or pseudonym, or a post."""

    kind: str  # "name", "pseudonym", "post"
    target: str  # person id or post id
    pseudonym: Pseudonym | None = None


@dataclass(frozen=True)
class Resolution:
    person: str | None
    post: str | None
    confidence: float
    pseudonym: str | None = None


@dataclass
class Authority:
    people: dict[str, Person] = field(default_factory=dict)
    posts: dict[str, Post] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_files: list[str | Path] | tuple[str | Path, ...] = ()) -> Authority:
        """The shipped authority files, then the user's (which may add and override by id)."""
        authority = cls()
        for text, source in data_sources(("people.toml", "posts.toml"), extra_files):
            authority._merge(text, source)
        return authority

    def _merge(self, text: str, source: str) -> None:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise AuthorityError(source, f"invalid TOML: {error}") from error
        try:
            for entry in data.get("person", []):
                person = _person(entry)
                self.people[person.id] = person
            for entry in data.get("post", []):
                post = _post(entry)
                self.posts[post.id] = post
        except (KeyError, TypeError, ValueError) as error:
            raise AuthorityError(source, f"malformed entry: {error!r}") from error
        for post in self.posts.values():
            for holding in post.holders:
                if holding.person not in self.people:
                    raise AuthorityError(source, f"post {post.id} names unknown person {holding.person!r}")
        for derived in ("_index", "_forms_by_prefix", "_fuzzy", "_instances", "_resolved"):
            self.__dict__.pop(derived, None)

    # --- lookup -------------------------------------------------------------------

    def written_forms(self, with_posts: bool = True) -> Iterator[tuple[str, Candidate]]:
        """Every form a name can be written in (Russian case forms included), with what it names."""
        for person in self.people.values():
            for name in (person.label, *person.names_en, *person.names_native):
                yield name, Candidate("name", person.id)
            for name in person.names_ru:
                for form in russian_case_forms(name):
                    yield form, Candidate("name", person.id)
            for pseudonym in person.pseudonyms:
                candidate = Candidate("pseudonym", person.id, pseudonym)
                for name in (pseudonym.name, *pseudonym.variants):
                    yield name, candidate
                for form in russian_case_forms(pseudonym.name_ru) if pseudonym.name_ru else ():
                    yield form, candidate
        if not with_posts:
            return
        for post in self.posts.values():
            for name in (post.label, *post.names_en):
                yield name, Candidate("post", post.id)
            for name in (*([post.label_ru] if post.label_ru else []), *post.names_ru):
                for form in russian_post_forms(name):
                    yield form, Candidate("post", post.id)

    @cached_property
    def _index(self) -> dict[str, list[Candidate]]:
        index: dict[str, list[Candidate]] = {}
        for form, candidate in self.written_forms():
            key = fold(form)
            if key and candidate not in index.setdefault(key, []):
                index[key].append(candidate)
        return index

    @property
    def name_forms(self) -> tuple[str, ...]:
        """Every folded name form known, for building text matchers."""
        return tuple(self._index)

    def candidates(self, written: str, fuzzy: bool = True) -> list[Candidate]:
        """What `written` may name: exact forms first (a post title as written, then the name
        without titles), else the closest known form. A post is never reached by a near miss:
        "Soviet Ambassador in Havana" is one letter away from "... in Hanoi"."""
        found = self._exact(written)
        if found is None and fuzzy:
            key = name_key(written)
            if len(key) >= 6:
                close = self._closest(key)
                found = [c for c in self._index.get(close, ()) if c.kind != "post"] if close else None
        return list(found or [])

    def _exact(self, written: str) -> list[Candidate] | None:
        plain = _plain_key(written)
        found = self._index.get(plain) if plain else None
        if found is None:
            key = name_key(written)
            found = self._index.get(key) if key else None
        return found

    def _closest(self, key: str) -> str | None:
        """The closest known form (difflib ratio >= 0.88) among those that start with the same two
        letters as `key`, remembered per key.

        Why the first two letters: with the whole Cold War cast (~800 people, tens of thousands of
        forms) comparing an unknown name with every form of a similar length took ~1 ms a name.
        Misspellings and transliteration variants keep their first letters ("Roschin", "Kovalyov",
        "Мао Цзедуна"), so the forms are indexed by them; difflib also drops forms whose length
        alone rules them out (real_quick_ratio), so only forms of passing lengths are offered.
        """
        remembered = self._fuzzy
        if key not in remembered:
            size = len(key)
            by_length = self._forms_by_prefix.get(key[:2], {})
            pool = [form for length, forms in by_length.items() if 2.0 * min(length, size) / (length + size) >= 0.88 for form in forms]
            close = difflib.get_close_matches(key, pool, n=1, cutoff=0.88)
            if len(remembered) >= 100_000:
                remembered.clear()
            remembered[key] = close[0] if close else None
        return remembered[key]

    @cached_property
    def _forms_by_prefix(self) -> dict[str, dict[int, list[str]]]:
        """First two letters -> length -> the known forms (index keys) that start so."""
        index: dict[str, dict[int, list[str]]] = {}
        for form in self._index:
            index.setdefault(form[:2], {}).setdefault(len(form), []).append(form)
        return index

    @cached_property
    def _fuzzy(self) -> dict[str, str | None]:
        return {}

    def resolve(self, written: str, when: PartialDate | None = None, place: str | None = None) -> Resolution | None:
        """The person (and post, if the name is a role) meant by `written` on date `when`.

        `place` (a gazetteer id: a city or a country) is where the telegram puts the post
        ("ПЕКИН СОВПОСОЛ"). A post title that names its place ("Soviet Ambassador in Hanoi")
        resolves to that post; a bare title ("Soviet Ambassador") only to the post at `place`,
        or, without a place, only when a single post answers to it.
        """
        key = (written, when, place)
        remembered = self._resolved
        if key not in remembered:  # a page that names one person a hundred thousand times asks once
            if len(remembered) >= 100_000:
                remembered.clear()
            exact = self._exact(written) is not None
            candidates = self.candidates(written)
            if not candidates and (at := self._role_at_place(written)) is not None:
                candidates, place = at
            remembered[key] = self.choose(candidates, when, place, exact)
        return remembered[key]

    @cached_property
    def _resolved(self) -> dict[tuple[str, PartialDate | None, str | None], Resolution | None]:
        return {}

    def _role_at_place(self, written: str) -> tuple[list[Candidate], str] | None:
        """ "Soviet Ambassador to the Democratic Republic of Vietnam": a known title plus a gazetteer place."""
        cleaned = re.sub(r"\s+", " ", _BRACKETS.sub(" ", written)).strip(" ,.;:\"'«»“”")
        match = _ROLE_AT_PLACE.match(cleaned)
        if match is None:
            return None
        found = [c for c in self._exact(match["role"]) or () if c.kind == "post"]
        if not found:
            return None
        place = self._place_id(match["place"])
        return (found, place) if place else None

    def _place_id(self, written: str) -> str | None:
        from cablegraph.extract.gazetteer import Gazetteer  # the gazetteer builds on this module

        gazetteer = self.__dict__.get("_gazetteer")
        if gazetteer is None:
            gazetteer = self.__dict__["_gazetteer"] = Gazetteer.load()
        found = gazetteer.lookup(written) or gazetteer.lookup(_ARTICLES.sub("", written))
        return found.id if found else None

    @cached_property
    def _instances(self) -> dict[str, list[Post]]:
        """Placeless post id -> the posts at places that are instances of it."""
        instances: dict[str, list[Post]] = {}
        for post in self.posts.values():
            if post.role is not None and not post.is_role:
                instances.setdefault(post.role, []).append(post)
        return instances

    def choose_post(self, found: list[Post], when: PartialDate | None, place: str | None = None) -> Resolution | None:
        """One post out of those a title may name, and its holder on `when`; never a default."""
        specific = [p for p in found if not p.is_role]
        roles = [p for p in found if p.is_role]
        if len(specific) == 1:
            chosen: Post | None = specific[0]  # the title names its place
        else:
            pool = specific or [p for role in roles for p in self._instances.get(role.id, ())]
            if place is not None:
                pool = [p for p in pool if p.at(place)]
            chosen = pool[0] if len(pool) == 1 else None
        if chosen is None:
            return Resolution(None, roles[0].id, 0.3) if roles else None
        holding = chosen.holder_on(when)
        if holding is None:
            return Resolution(None, chosen.id, 0.45)
        return Resolution(holding.person, chosen.id, 0.72 if holding.approximate else 0.9)

    def choose(
        self, candidates: list[Candidate], when: PartialDate | None, place: str | None = None, exact: bool = True
    ) -> Resolution | None:
        if not candidates:
            return None
        posts = [self.posts[c.target] for c in candidates if c.kind == "post"]
        if posts:
            return self.choose_post(posts, when, place)
        scored: list[tuple[float, Candidate]] = []
        for candidate in candidates:
            if candidate.kind == "pseudonym":
                in_use = candidate.pseudonym.in_use(when)
                score = {True: 1.0, None: 0.6, False: 0.2}[in_use]
            else:
                score = 0.8 if len(candidates) > 1 else 1.0
            scored.append((score, candidate))
        scored.sort(key=lambda item: -item[0])
        best_score, best = scored[0]
        if len(scored) > 1 and scored[1][0] == best_score and scored[1][1].target != best.target:
            best_score *= 0.6  # genuinely ambiguous: keep the first, say so
        confidence = round(best_score * (1.0 if exact else 0.8), 2)
        pseudonym = best.pseudonym.name if best.pseudonym else None
        return Resolution(best.target, None, confidence, pseudonym)


def name_key(written: str) -> str:
    """Folded key of a written name without honorifics, brackets or possessive."""
    text = _BRACKETS.sub(" ", written).strip()
    text = re.sub(r"[’']s$", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'«»“”")
    text = _HONORIFICS.sub("", text)
    text = _spaced_letters(text)
    return fold(text)


def _plain_key(written: str) -> str:
    """Folded key of a written post title: only articles and brackets go, titles stay ("Ambassador of the USSR")."""
    text = _BRACKETS.sub(" ", written).strip()
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'«»“”")
    return fold(_ARTICLES.sub("", text))


def russian_post_forms(name: str) -> tuple[str, ...]:
    """Case forms of a Russian post title: the leading title words decline ("Послу СССР в США",
    "Советскому послу"), and a declinable last word as for names ("Главному военному советнику").

    >>> "послу СССР в США" in russian_post_forms("Посол СССР в США")
    True
    """
    words = name.split(" ")
    lead = 0
    while lead < len(words) and words[lead].lower() in _RUSSIAN_TITLE_WORDS:
        lead += 1
    forms = list(russian_case_forms(name))
    if lead:
        for case in range(5):
            declined = [_RUSSIAN_TITLE_WORDS[w.lower()][case] for w in words[:lead]]
            forms.append(" ".join([*declined, *words[lead:]]))
    return tuple(dict.fromkeys(forms))


def _spaced_letters(text: str) -> str:
    """ "F I L I P P O V" -> "FILIPPOV" (telegraphists letter-space signatures)."""
    if re.fullmatch(r"(?:\w ){3,}\w", text):
        return text.replace(" ", "")
    return text


def russian_case_forms(name: str) -> tuple[str, ...]:
    """The nominative plus the oblique-case forms of a Russian-written name.

    Only the last word declines ("Мао Цзэдун" -> "Мао Цзэдуну"); names ending in a
    vowel other than -а/-я/-й are indeclinable ("Громыко", "Неру", "Лю Шао-ци").

    >>> "Красовскому" in russian_case_forms("Красовский")
    True
    >>> "Чжоу Эньлаю" in russian_case_forms("Чжоу Эньлай")
    True
    """
    head, _, last = name.rpartition(" ")
    prefix = f"{head} " if head else ""
    low = last.lower()
    endings: list[str]
    if low.endswith(("ский", "цкий")):
        stem, endings = last[:-2], ["ий", "ого", "ому", "им", "ом", "ие", "их"]
    elif low.endswith("ой"):
        stem, endings = last[:-2], ["ой", "ого", "ому", "ым", "ом"]
    elif low.endswith("ия"):
        stem, endings = last[:-2], ["ия", "ии", "ию", "ией"]
    elif low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        stem, endings = last, ["", "а", "у", "ым", "е", "ы", "ых", "ыми"]
    elif low.endswith(("й", "ь")):
        stem, endings = last[:-1], [last[-1], "я", "ю", "ем", "е"]
    elif low[-1:] in "аеёиоуыэюя":
        return (name,)
    else:
        stem, endings = last, ["", "а", "у", "ом", "ем", "е"]
    return tuple(f"{prefix}{stem}{ending}" for ending in endings)


def _date(value: object) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


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


def _office(entry: dict) -> Office:
    start, rough_start = _partial_date(entry.get("from"), end=False)
    end, rough_end = _partial_date(entry.get("to"), end=True)
    return Office(entry["title"], start, end, bool(entry.get("approximate", False)) or rough_start or rough_end)


def _person(entry: dict) -> Person:
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


def _post(entry: dict) -> Post:
    holders = tuple(
        Holding(h["person"], _date(h["from"]), _date(h["to"]), bool(h.get("approximate", False)))
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
