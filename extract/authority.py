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
_BRACKETS = re.compile(r"\s*[\[(][^\])]*[\])]\s*")


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
class Person:
    id: str
    label: str
    names_en: tuple[str, ...]
    names_ru: tuple[str, ...]
    pseudonyms: tuple[Pseudonym, ...] = ()
    wikidata: str | None = None

    @property
    def label_ru(self) -> str | None:
        return self.names_ru[0] if self.names_ru else None

    @property
    def aliases(self) -> tuple[str, ...]:
        names = [*self.names_en, *self.names_ru]
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
        for derived in ("_index", "_forms_by_length", "_fuzzy"):
            self.__dict__.pop(derived, None)

    # --- lookup -------------------------------------------------------------------

    def written_forms(self, with_posts: bool = True) -> Iterator[tuple[str, Candidate]]:
        """Every form a name can be written in (Russian case forms included), with what it names."""
        for person in self.people.values():
            for name in (person.label, *person.names_en):
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
                for form in russian_case_forms(name):
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
        key = name_key(written)
        if not key:
            return []
        found = self._index.get(key)
        if found is None and fuzzy and len(key) >= 6:
            close = self._closest(key)
            found = self._index.get(close) if close else None
        return list(found or [])

    def _closest(self, key: str) -> str | None:
        """`difflib.get_close_matches(key, <every index key>, n=1, cutoff=0.88)`, remembered per key.

        Why: that call compared each unknown name with every known form (~20 ms a call). difflib
        first drops forms whose length alone rules them out (real_quick_ratio); offering it only the
        forms of the lengths that pass that very test gives the same answer, from a tenth of the work.
        """
        remembered = self._fuzzy
        if key not in remembered:
            size = len(key)
            pool = [form for length, forms in self._forms_by_length.items() if 2.0 * min(length, size) / (length + size) >= 0.88 for form in forms]
            close = difflib.get_close_matches(key, pool, n=1, cutoff=0.88)
            if len(remembered) >= 100_000:
                remembered.clear()
            remembered[key] = close[0] if close else None
        return remembered[key]

    @cached_property
    def _forms_by_length(self) -> dict[int, list[str]]:
        by_length: dict[int, list[str]] = {}
        for form in self._index:
            by_length.setdefault(len(form), []).append(form)
        return by_length

    @cached_property
    def _fuzzy(self) -> dict[str, str | None]:
        return {}

    def resolve(self, written: str, when: PartialDate | None = None, place: str | None = None) -> Resolution | None:
        """The person (and post, if the name is a role) meant by `written` on date `when`."""
        candidates = self.candidates(written)
        exact = bool(self._index.get(name_key(written)))
        return self.choose(candidates, when, place, exact)

    def choose(
        self, candidates: list[Candidate], when: PartialDate | None, place: str | None = None, exact: bool = True
    ) -> Resolution | None:
        if not candidates:
            return None
        posts = [c for c in candidates if c.kind == "post"]
        if posts:
            if place is not None:
                posts = [c for c in posts if self.posts[c.target].place in (None, place)] or posts
            post = self.posts[posts[0].target]
            holding = post.holder_on(when)
            confidence = 0.9 if len(posts) == 1 else 0.5
            if holding is None:
                return Resolution(None, post.id, round(confidence * 0.5, 2))
            return Resolution(holding.person, post.id, round(confidence * (0.8 if holding.approximate else 1.0), 2))
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
    )
