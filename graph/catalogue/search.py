"""Finding telegrams in the catalogue: the filters of /api/telegrams and free-text search.

A query's words become an FTS5 expression here: each word in its dictionary form or Russian stem,
a run of words that names a known person, place or post also as that entity's index token, a
"quoted phrase" in order, `доброволь*` as a prefix. The same forms are what a telegram's texts are
indexed under (graph/catalogue/recording.py), so the two must change together; they live apart
from the Catalogue, which only holds the connection and the name index between builds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from cablegraph.extract.search_terms import term, terms, words
from cablegraph.graph.catalogue.schema import Row, Rows
from cablegraph.graph.catalogue.summary import role_named

ORDER_INDEXES = {
    "date": "telegram_order",
    "id": "sqlite_autoindex_telegram_1",
    "-id": "sqlite_autoindex_telegram_1",
}  # what each order walks
_DENSE_SEARCH = 50  # words found in at least 1 telegram in 50 are looked for along the list's order
NAMED_ENTITIES = (
    "SELECT iri, name FROM alias WHERE iri LIKE '%/id/person/%' OR iri LIKE '%/id/place/%' OR iri LIKE '%/id/post/%'"
)
_RUSSIAN_ENDINGS = (
    "ому",
    "ему",
    "ого",
    "его",
    "ыми",
    "ими",
    "ой",
    "ом",
    "ем",
    "ым",
    "им",
    "ую",
    "ая",
    "яя",
    "ов",
    "ев",
    "у",
    "ю",
    "а",
    "я",
    "е",
    "ы",
    "и",
)
_PHRASE = re.compile(r'"([^"]*)"')
_PREFIX_WORD = re.compile(r"([^\W_]+)\*")
_ORDERS = {"date": "date IS NULL, date, doc", "-date": "date IS NULL, date DESC, doc", "id": "doc", "-id": "doc DESC"}


@dataclass(frozen=True)
class TelegramFilter:
    """What /api/telegrams narrows by; every field is optional and they combine with AND."""

    start: str | None = None
    end: str | None = None
    person: str | None = None  # IRI
    role: str | None = None  # one of ROLES' values, with person
    place: str | None = None  # IRI
    unit_type: str | None = None
    language: str | None = None
    q: str | None = None


@dataclass(frozen=True)
class TelegramRow:
    doc: str
    iri: str
    title: str | None
    date: str | None
    languages: tuple[str, ...]


def telegram_row(row: Row) -> TelegramRow:
    """A row of (doc, iri, title, date, languages) as the catalogue selects it."""
    doc, iri, title, date, languages = row
    return TelegramRow(doc, iri, title, date, tuple(languages.split()))


def entity_token(iri: str) -> str:
    """The index token standing for a resolved entity ("…/id/person/mao-zedong" → "person_mao_zedong")."""
    path = iri.split("/id/", 1)[-1]
    return re.sub(r"[^0-9a-z]+", "_", path.lower()).strip("_")


@lru_cache(maxsize=400_000)
def word_forms(word: str) -> frozenset[str]:
    """Forms under which a word is indexed and looked up: its dictionary form, and for a Russian
    word also its bare stem ("Сену" → "сен"), so surnames pymorphy does not know still meet."""
    forms = {term(word)}
    low = word.lower().replace("ё", "е")
    if re.search(r"[а-я]", low):
        forms.add(low)
        for ending in _RUSSIAN_ENDINGS:
            if low.endswith(ending) and len(low) - len(ending) >= 3:
                forms.add(low[: -len(ending)])
                break
    return frozenset(forms)


class NameIndex:
    """The names of people, places and posts by the forms of their first word, so that a run of a
    query's words can be recognised as one of them."""

    def __init__(self, names: Iterable[tuple[str, str]]) -> None:
        self._index: dict[str, list[tuple[tuple[frozenset[str], ...], str]]] = {}
        for iri, name in names:
            name_forms = tuple(word_forms(w) for w in words(name))
            if not name_forms or (len(name_forms) == 1 and len(words(name)[0]) < 3):
                continue
            for form in name_forms[0]:
                self._index.setdefault(form, []).append((name_forms, iri))

    def entity_at(self, written: list[str], i: int) -> tuple[set[str], int]:
        """The entities whose name starts at word `i` (longest name wins), and how many words it spans."""
        best: set[str] = set()
        best_length = 0
        for form in word_forms(written[i]):
            for name_forms, iri in self._index.get(form, ()):
                length = len(name_forms)
                if length < best_length or i + length > len(written):
                    continue
                if all(name_forms[k] & word_forms(written[i + k]) for k in range(length)):
                    if length > best_length:
                        best, best_length = set(), length
                    best.add(entity_token(iri))
        return best, best_length


def match_expression(q: str, names: Callable[[], NameIndex], any_word: bool = False) -> str | None:
    """An FTS5 query for free text: each word must occur in some form (with `any_word`, one is
    enough); a run of words that names a known person or place also matches the telegrams in
    which it was resolved, however spelled; `доброволь*` is a prefix; a "quoted phrase" must
    occur with its words in that order, each in any form. `names` is asked only when needed."""
    parts = [_phrase_match(phrase) for phrase in _PHRASE.findall(q) if words(phrase)]
    parts += [_prefix_match(prefix) for prefix in _PREFIX_WORD.findall(_PHRASE.sub(" ", q))]
    rest = _PREFIX_WORD.sub(" ", _PHRASE.sub(" ", q))
    plain = _plain_match(rest, names, any_word)
    parts += [plain] if plain else []
    if not parts:
        return None
    return (" OR " if any_word else " AND ").join(f"({part})" for part in parts)


def _plain_match(q: str, names: Callable[[], NameIndex], any_word: bool) -> str | None:
    written = words(q)
    if not written:
        return None
    parts = []
    i = 0
    while i < len(written):
        entity, used = names().entity_at(written, i)
        phrase = " AND ".join(_word_match(w) for w in written[i : i + max(used, 1)])
        if entity:
            alternatives = " OR ".join(f'"{token}"' for token in sorted(entity))
            parts.append(f"({alternatives} OR ({phrase}))")
            i += used
        else:
            parts.append(phrase)
            i += 1
    return (" OR " if any_word else " AND ").join(parts)


def _phrase_match(phrase: str) -> str:
    """ "Chinese volunteers" in order: the search forms of its words, next to each other."""
    return 'seq : "' + " ".join(terms(phrase)) + '"'


def _prefix_match(prefix: str) -> str:
    """`доброволь*`: any indexed form that starts so (written forms and dictionary forms both)."""
    low = term(prefix) if not re.search(r"[а-яё]", prefix.lower()) else prefix.lower().replace("ё", "е")
    return f'"{low}" *'


def _word_match(word: str) -> str:
    forms = sorted(word_forms(word))
    quoted = [f'"{form}"' for form in forms if form]
    return quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")"


def conditions(where: TelegramFilter, match: Callable[[str], str | None]) -> tuple[list[str], list[object]]:
    """SQL conditions on `telegram t` for a filter, and their parameters; `match` makes the FTS5
    expression for free text (None: nothing can match)."""
    clauses: list[str] = []
    params: list[object] = []
    clauses += _overlap_clauses("t.date", where.start, where.end, params)
    if where.person:
        role = " AND role = ?" if where.role else ""
        clauses.append(f"t.num IN (SELECT num FROM party WHERE agent = ?{role})")
        params += [where.person, *([role_named(where.role) or where.role] if where.role else [])]
    if where.place:
        clauses.append("t.num IN (SELECT num FROM place WHERE place = ?)")
        params.append(where.place)
    if where.unit_type:
        clauses.append("t.num IN (SELECT num FROM unit WHERE type = ?)")
        params.append(where.unit_type)
    if where.language:
        clauses.append("(' ' || t.languages || ' ') LIKE ?")
        params.append(f"% {where.language} %")
    if where.q:
        expression = match(where.q)
        if expression is None:
            clauses.append("0")
        else:
            clauses.append("t.num IN (SELECT rowid FROM text WHERE text MATCH ?)")
            params.append(expression)
    return clauses, params


def telegram_page(
    rows: Rows, where: TelegramFilter, match: Callable[[str], str | None], sort: str, limit: int, offset: int
) -> tuple[list[TelegramRow], int]:
    """One page of telegrams matching `where`, and how many match in all."""
    clauses, params = conditions(where, match)
    condition = " AND ".join(clauses) or "1"
    order = _ORDERS[sort]
    if not clauses:  # the whole list: the count is known, the order is an index
        found = rows(
            f"SELECT doc, iri, title, date, languages, NULL FROM telegram t ORDER BY {order} LIMIT ? OFFSET ?",
            [limit, offset],
        )
        total = _count(rows)
    elif where == TelegramFilter(q=where.q) and params and sort in ORDER_INDEXES:  # words alone, the commonest search
        total = int(rows("SELECT COUNT(*) FROM text WHERE text MATCH ?", params)[0][0])
        # A common word: walk the list in order and keep the matches, a page is found at once. A rare
        # one: fetch its few telegrams and sort them (the walk would read the whole list).
        walk = f"INDEXED BY {ORDER_INDEXES[sort]}" if total * _DENSE_SEARCH >= _count(rows) else "NOT INDEXED"
        found = (
            rows(
                f"""SELECT doc, iri, title, date, languages, NULL FROM telegram t {walk} WHERE {condition}
                                  ORDER BY {order} LIMIT ? OFFSET ?""",
                [*params, limit, offset],
            )
            if total
            else []
        )
    else:  # one pass over the matches gives the page and their number
        found = rows(
            f"""SELECT doc, iri, title, date, languages, COUNT(*) OVER () FROM telegram t WHERE {condition}
                                  ORDER BY {order} LIMIT ? OFFSET ?""",
            [*params, limit, offset],
        )
        total = found[0][5] if found else rows(f"SELECT COUNT(*) FROM telegram t WHERE {condition}", params)[0][0]
    return [telegram_row(row[:5]) for row in found], total


def _count(rows: Rows) -> int:
    return int(rows("SELECT COUNT(*) FROM telegram")[0][0])


def _overlap_clauses(column: str, start: str | None, end: str | None, params: list[object]) -> list[str]:
    """A date overlaps the bounds when its last day is on or after `start` and its first day on or
    before `end`: "1950" and "1950-08" are both found between 1950-07-01 and 1950-10-31. As strings,
    "1950~" sorts after every day of 1950, and "1950" before them."""
    clauses = []
    if start:
        clauses.append(f"{column} || '~' >= ?")
        params.append(start)
    if end:
        clauses.append(f"{column} <= ?")
        params.append(end + "~")
    return clauses
