"""Organisations (parties, governments, armies, international bodies) and their written forms."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cablegraph.extract.datafiles import data_sources
from cablegraph.extract.errors import AuthorityError
from cablegraph.extract.names import AlternationScanner, form_pattern
from cablegraph.extract.spans import SpanSet
from cablegraph.extract.textutil import RecentTexts


@dataclass(frozen=True)
class Organisation:
    id: str
    label: str
    names_en: tuple[str, ...]
    names_ru: tuple[str, ...]
    type: str
    parent: str | None = None

    @property
    def label_ru(self) -> str | None:
        return self.names_ru[0] if self.names_ru else None

    @property
    def aliases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n for n in (*self.names_en, *self.names_ru) if n != self.label))


@dataclass(frozen=True)
class OrganisationMention:
    start: int
    end: int
    text: str
    organisation: str


@dataclass
class Organisations:
    items: dict[str, Organisation] = field(default_factory=dict)

    @classmethod
    def load(cls, extra_files: tuple[str | Path, ...] = ()) -> Organisations:
        found = cls()
        for text, source in data_sources(("organisations.toml",), extra_files):
            found._merge(text, source)
        return found

    def _merge(self, text: str, source: str) -> None:
        try:
            for entry in tomllib.loads(text).get("organisation", []):
                organisation = Organisation(
                    id=entry["id"],
                    label=entry["label"],
                    names_en=tuple(entry.get("names_en", ())),
                    names_ru=tuple(entry.get("names_ru", ())),
                    type=entry.get("type", "organisation"),
                    parent=entry.get("parent"),
                )
                self.items[organisation.id] = organisation
        except (tomllib.TOMLDecodeError, KeyError, TypeError) as error:
            raise AuthorityError(source, f"malformed organisations file: {error!r}") from error
        self.__dict__.pop("_patterns", None)
        self.__dict__.pop("_found", None)

    @cached_property
    def _patterns(self) -> tuple[AlternationScanner, AlternationScanner, dict[str, str]]:
        """(case-sensitive abbreviations, case-insensitive names, folded form -> id)."""
        exact: list[str] = []
        loose: list[str] = []
        lookup: dict[str, str] = {}
        for organisation in self.items.values():
            for name in (organisation.label, *organisation.names_en, *organisation.names_ru):
                lookup.setdefault(_key(name), organisation.id)
                (exact if _is_abbreviation(name) else loose).append(form_pattern(name))
        return _scanner(exact, 0), _scanner(loose, re.IGNORECASE), lookup

    def lookup(self, *names: str) -> str | None:
        """The id of the organisation any of `names` is a name of, whole (case and punctuation aside)."""
        _, _, by_key = self._patterns
        return next((by_key[_key(name)] for name in names if _key(name) in by_key), None)

    def find(self, text: str) -> list[OrganisationMention]:
        """Organisations named in `text`; the last few texts' answers are kept, since the places,
        organisations and mentions steps all ask about the same text versions."""
        return self._found.get(text, self._find)

    @cached_property
    def _found(self) -> RecentTexts[OrganisationMention]:
        return RecentTexts(16)

    def _find(self, text: str) -> list[OrganisationMention]:
        exact, loose, lookup = self._patterns
        found: list[OrganisationMention] = []
        taken = SpanSet()
        for pattern in (loose, exact):
            for match in pattern.finditer(text):
                organisation = lookup.get(_key(match.group()))
                if organisation and not taken.overlaps(match.start(), match.end()):
                    taken.add(match.start(), match.end())
                    found.append(OrganisationMention(match.start(), match.end(), match.group(), organisation))
        return sorted(found, key=lambda m: m.start)


def _scanner(forms: list[str], flags: int) -> AlternationScanner:
    """One pattern for all `forms`, longest first, each a whole word."""
    return AlternationScanner(r"(?<![\w])", sorted(set(forms), key=len, reverse=True), r"(?![\w(])", flags)


def _is_abbreviation(name: str) -> bool:
    letters = [ch for ch in name if ch.isalpha()]
    return len(name) <= 8 and sum(ch.isupper() for ch in letters) >= len(letters) - 1


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", text.casefold().replace("ё", "е"))
