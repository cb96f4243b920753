"""How long a query will take, guessed before it runs: the query pool schedules by it.

Two sources, the better first:
- what the same query text cost when it last ran (`CostBook`): the store is read-only while it
  is served, so a query that took 2 ms takes about 2 ms again, and one that ran into the time
  limit will again. Clients repeat their queries (lookups, the reading room's pages), so most
  queries are known after their first run;
- for a query never seen, its shape (`estimate`): the triple patterns are read from the tokens
  the guard lexes (§19.8 terminals), grouped by the braces that hold them and joined by shared
  variables. A group with two or more parts that share no variable and are not pinned by a
  constant is a cross product, and so is any pair of `?s ?p ?o` patterns: HEAVY, before the query
  takes a worker meant for short ones. Where every part is pinned by a constant subject or object
  (a class after `a` pins nothing) and nothing sorts, groups, scans text or follows a path
  closure, the query is SHORT (a lookup). Everything else is LONG.

The shape is a guess from the text, not the engine's plan; the pool still measures every query
as it runs, and a query past its lane's time moves on or is stopped whatever it was guessed to be.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from enum import IntEnum

from cablegraph.graph.sparql.guard import tokens


class Cost(IntEnum):
    SHORT = 0  # a lookup: milliseconds
    LONG = 1  # scans, joins, sorts, aggregates: up to about a second
    HEAVY = 2  # cross products and anything known to run past the light lane's time


_COSTLY_WORDS = frozenset(
    {
        "GROUP",
        "ORDER",
        "HAVING",
        "COUNT",
        "SUM",
        "AVG",
        "MIN",
        "MAX",
        "SAMPLE",
        "GROUP_CONCAT",
        "REGEX",
        "CONTAINS",
        "STRSTARTS",
        "STRENDS",
        "REPLACE",
        "LCASE",
        "UCASE",
        "MINUS",
    }
)
_TYPE_VERBS = frozenset({"a", "rdf:type", "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"})
_NODE_KINDS = frozenset({"variable", "blank"})
_CONSTANT_KINDS = frozenset({"iri", "pname", "string", "long_string", "number"})
_PATH_CLOSURE = frozenset("+*?")
_PATH_JOINERS = frozenset("|/")
_BLOCK_WORDS = frozenset({"FILTER", "BIND", "VALUES"})  # followed by an expression or data, not triples


@dataclass(frozen=True)
class Pattern:
    """One triple pattern: its variables, whether a constant subject or object pins it, and
    whether all three places are variables (`?s ?p ?o`, a scan of the whole store)."""

    group: int
    variables: frozenset[str]
    pinned: bool
    free: bool


@dataclass(frozen=True)
class Shape:
    patterns: tuple[Pattern, ...]
    costly: bool  # sorts, groups, aggregates, scans text, a path closure or a subquery

    @property
    def free_patterns(self) -> int:
        return sum(p.free for p in self.patterns)

    def cross_product(self) -> bool:
        """Two `?s ?p ?o` patterns, or a group joining two unpinned parts that share no variable."""
        if self.free_patterns >= 2:
            return True
        groups: dict[int, list[Pattern]] = {}
        for pattern in self.patterns:
            groups.setdefault(pattern.group, []).append(pattern)
        return any(sum(not pinned for pinned in _parts(patterns)) >= 2 for patterns in groups.values())

    def pinned(self) -> bool:
        """Every part of the query (across its groups, joined by variables) has a constant in it."""
        return all(_parts(list(self.patterns)))


def _parts(patterns: list[Pattern]) -> list[bool]:
    """The connected parts of the patterns (joined by shared variables), each with whether a
    constant pins it."""
    parent: dict[int, int] = {}

    def root(i: int) -> int:
        while parent.setdefault(i, i) != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    holder: dict[str, int] = {}
    for i, pattern in enumerate(patterns):
        root(i)
        for name in pattern.variables:
            if name in holder:
                parent[root(i)] = root(holder[name])
            else:
                holder[name] = i
    pinned: dict[int, bool] = {}
    for i, pattern in enumerate(patterns):
        r = root(i)
        pinned[r] = pinned.get(r, False) or pattern.pinned
    return list(pinned.values())


MAX_TOKENS = 1500  # a query longer than this (in tokens, not counting spaces and comments) is not read: LONG


def shape(query: str) -> Shape | None:
    """The triple patterns of the query, read from its tokens (a best effort on any text); None
    for a query of more than MAX_TOKENS tokens, so that the guess stays cheap beside the query."""
    toks = []
    for kind, text in tokens(query):
        if kind not in ("ws", "comment"):
            toks.append((kind, text))
            if len(toks) > MAX_TOKENS:
                return None
    words = [text.upper() for kind, text in toks if kind == "word"]
    costly = any(word in _COSTLY_WORDS for word in words) or words.count("SELECT") > 1
    reader = _Reader(toks)
    reader.read()
    return Shape(tuple(reader.patterns), costly or reader.closure)


def estimate(query: str) -> Cost:
    """The cost class of a query never seen, from its shape."""
    try:
        found = shape(query)
    except (IndexError, RecursionError):  # a malformed query: the engine will say what is wrong, quickly
        return Cost.LONG
    if found is None:
        return Cost.LONG
    if found.cross_product():
        return Cost.HEAVY
    if found.costly or found.free_patterns or not found.pinned():
        return Cost.LONG
    return Cost.SHORT


@dataclass
class _Reader:
    """Walks the tokens once, reading triples wherever a group pattern may hold them."""

    toks: list[tuple[str, str]]
    patterns: list[Pattern] = field(default_factory=list)
    closure: bool = False
    i: int = 0

    def peek(self, ahead: int = 0) -> tuple[str, str]:
        j = self.i + ahead
        return self.toks[j] if j < len(self.toks) else ("end", "")

    def read(self) -> None:
        groups: list[int] = []  # open braces, innermost last: each an id
        next_group = 0
        at_triple = False
        while self.i < len(self.toks):
            kind, text = self.peek()
            upper = text.upper() if kind == "word" else ""
            if upper == "CONSTRUCT" and self.peek(1)[1] == "{":
                self.i += 1
                self.skip_bracketed()  # the template builds triples, it matches none
                continue
            if text == "{":
                groups.append(next_group)
                next_group += 1
                self.i += 1
                at_triple = True
                continue
            if text == "}":
                if groups:
                    groups.pop()
                self.i += 1
                at_triple = bool(groups)
                continue
            if groups and upper in _BLOCK_WORDS:
                self.i += 1
                while (
                    self.peek()[0] in ("variable", "word") and self.peek()[1] not in "({"
                ):  # FILTER NOT EXISTS, VALUES ?x
                    self.i += 1
                if self.peek()[1] in "({":
                    self.skip_bracketed()
                at_triple = True
                continue
            if text == ".":
                self.i += 1
                at_triple = bool(groups)
                continue
            if groups and at_triple and self.is_term(kind, text):
                self.triples(groups[-1])
                at_triple = False
                continue
            at_triple = False
            self.i += 1

    @staticmethod
    def is_term(kind: str, text: str) -> bool:
        return kind in _NODE_KINDS or kind in _CONSTANT_KINDS or text in ("[", "(") or text.upper() in ("TRUE", "FALSE")

    def skip_bracketed(self) -> None:
        """Past the bracket at the cursor and everything up to its match."""
        depth = 0
        while self.i < len(self.toks):
            text = self.toks[self.i][1]
            self.i += 1
            if text in "({[" and self.toks[self.i - 1][0] == "bracket":
                depth += 1
            elif text in ")}]" and self.toks[self.i - 1][0] == "bracket":
                depth -= 1
                if depth <= 0:
                    return

    def term(self) -> tuple[str, str]:
        """One subject or object at the cursor: ("node", name), ("constant", text) or ("other", "")."""
        kind, text = self.peek()
        if text in ("[", "("):
            self.skip_bracketed()
            return "other", ""
        self.i += 1
        if kind in _NODE_KINDS:
            return "node", text
        if kind in ("string", "long_string"):
            if self.peek()[0] == "langtag":
                self.i += 1
            elif self.peek()[1] == "^" and self.peek(1)[1] == "^":
                self.i += 3
        if kind in _CONSTANT_KINDS or text.upper() in ("TRUE", "FALSE"):
            return "constant", text
        return "other", ""

    def verb(self) -> str:
        """The verb at the cursor: a variable's name, or a path's text (noting closures)."""
        kind, text = self.peek()
        if kind == "variable":
            self.i += 1
            return text
        parts = []
        while True:
            while self.peek()[1] in ("^", "!"):
                parts.append(self.peek()[1])
                self.i += 1
            kind, text = self.peek()
            if text == "(":
                start = self.i
                self.skip_bracketed()
                parts.append(" ".join(t for _, t in self.toks[start : self.i]))
            elif kind in ("iri", "pname") or (kind == "word" and text == "a"):
                parts.append(text)
                self.i += 1
            else:
                break
            if self.peek()[1] in _PATH_CLOSURE and self.peek()[0] == "other":
                self.closure = True
                self.i += 1
            if self.peek()[1] in _PATH_JOINERS:
                parts.append(self.peek()[1])
                self.i += 1
                continue
            break
        return " ".join(parts)

    def triples(self, group: int) -> None:
        """Triples sharing a subject (`s p o, o2 ; p2 o3`), from the subject at the cursor."""
        subject_kind, subject = self.term()
        while True:
            if self.peek()[1] in (".", "}", "{", "") or self.peek()[0] == "end":
                return
            start = self.i
            verb = self.verb()
            if self.i == start:  # not a verb: leave it to the main walk
                return
            while True:
                object_kind, obj = self.term() if self.is_term(*self.peek()) else ("other", "")
                names = {name for kind, name in ((subject_kind, subject), (object_kind, obj)) if kind == "node"}
                if verb.startswith(("?", "$")):
                    names.add(verb)
                pinned = subject_kind == "constant" or (object_kind == "constant" and verb not in _TYPE_VERBS)
                free = subject_kind == "node" and verb.startswith(("?", "$")) and object_kind == "node"
                self.patterns.append(Pattern(group, frozenset(names), pinned, free))
                if self.peek()[1] == ",":
                    self.i += 1
                    continue
                break
            if self.peek()[1] != ";":
                return
            while self.peek()[1] == ";":
                self.i += 1


class CostBook:
    """The engine seconds each query text took, for the most recent `size` texts (by digest, so
    memory stays small whatever the queries' length): the least of its runs, since the store does
    not change and slower runs only measured a busy machine."""

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._seconds: OrderedDict[bytes, float] = OrderedDict()

    @staticmethod
    def _key(query: str) -> bytes:
        return hashlib.blake2b(query.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def seconds(self, query: str) -> float | None:
        key = self._key(query)
        found = self._seconds.get(key)
        if found is not None:
            self._seconds.move_to_end(key)
        return found

    def record(self, query: str, seconds: float) -> None:
        key = self._key(query)
        known = self._seconds.get(key)
        self._seconds[key] = seconds if known is None else min(known, seconds)
        self._seconds.move_to_end(key)
        while len(self._seconds) > self.size:
            self._seconds.popitem(last=False)

    def cost(self, query: str, short_s: float, light_s: float) -> Cost:
        """From the query's last runs where known, else from its shape."""
        seconds = self.seconds(query)
        if seconds is None:
            return estimate(query)
        if seconds < short_s:
            return Cost.SHORT
        return Cost.LONG if seconds < light_s else Cost.HEAVY
