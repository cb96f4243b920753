"""Authority data: who is who, under which names, holding which posts when.

Loaded from TOML files shipped in `cablegraph.extract.data` plus any files the
user adds. Name lookup is case-, accent- and transliteration-tolerant and knows
Russian case endings, so "МАО ЦЗЕ-ДУНУ", "Мао Цзэдуна" and "Mao Tse-tung" all
reach Mao Zedong; a pseudonym only reaches its bearer inside the dates it was used.
The records themselves are in extract/authority_records.py, the written forms of names in
extract/name_forms.py.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cablegraph.extract.authority_records import Person, Post, Pseudonym, person_from_entry, post_from_entry
from cablegraph.extract.datafiles import data_sources
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.name_forms import (
    name_key,
    post_title_key,
    russian_case_forms,
    russian_post_forms,
    without_articles,
    without_brackets,
)
from cablegraph.extract.textutil import fold

# "<role> in/to/at/, <place>": a post named with a place the index does not list as such.
_ROLE_AT_PLACE = re.compile(
    r"^(?P<role>.+?)(?:\s*,\s*|\s+(?:in|to|at|accredited\s+to|в|во|при)\s+)(?:the\s+)?(?P<place>[^,]+?)$", re.IGNORECASE
)


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
                person = person_from_entry(entry)
                self.people[person.id] = person
            for entry in data.get("post", []):
                post = post_from_entry(entry)
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
        plain = post_title_key(written)
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
            pool = [
                form
                for length, forms in by_length.items()
                if 2.0 * min(length, size) / (length + size) >= 0.88
                for form in forms
            ]
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
        cleaned = without_brackets(written)
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
        found = gazetteer.lookup(written) or gazetteer.lookup(without_articles(written))
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
                assert candidate.pseudonym is not None  # a pseudonym's candidate carries it
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
