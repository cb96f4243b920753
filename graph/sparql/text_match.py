"""`?telegram cg:textMatch "words"` in SPARQL: full-text search through the catalogue's index.

SPARQL has no full-text search, and a REGEX over every text version scans the whole store. Like
the text properties of other triple stores (Jena's text:query, GraphDB's Lucene connector), the
endpoint answers this one property from an index: before the query runs, each such triple
pattern becomes a VALUES block of the telegrams whose texts match, in any inflected form,
spelling or script (see Catalogue.match_expression). Other stores simply see no such triples.

The property is found by its IRI, as the query's own PREFIX declarations spell it (any prefix
bound to our namespace, or the full IRI), on the query's tokens — never inside a string or a
comment. Its subject must be a variable and its object a string: anything else is refused with
a message that says so, rather than answered with a silent empty result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cablegraph.graph.sparql.guard import tokens
from cablegraph.ontology import CG

MAX_MATCHES = 10_000  # telegrams one pattern may stand for; beyond it the VALUES block is cut
TEXT_MATCH = str(CG.textMatch)
_NAMESPACE_PART = TEXT_MATCH[: max(TEXT_MATCH.rfind("#"), TEXT_MATCH.rfind("/")) + 1]
_STRINGS = frozenset({"string", "long_string"})
_QUOTES = ('"""', "'''", '"', "'")


class TextMatchError(ValueError):
    """A cg:textMatch pattern the index cannot answer (its subject or object is not what it needs)."""


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


@lru_cache(maxsize=256)
def has_text_match(query: str) -> bool:
    """Whether the query uses the property. Asked of every query the endpoint gets: the text must hold
    the namespace part of the IRI up to its last '/' or '#' (a local name cannot hold either unescaped)
    before it is lexed, and clients repeat their queries."""
    if _NAMESPACE_PART not in query:
        return False
    toks = _significant(query)
    prefixes = _prefixes(toks)
    return any(_is_text_match(t, prefixes) for t in toks)


def expand_text_matches(query: str, search: Callable[[str, int], list[str]]) -> tuple[str, bool]:
    """`query` with each text-match pattern replaced by the telegram IRIs `search` finds, and
    whether any list was cut at MAX_MATCHES. Raises TextMatchError for a pattern it cannot answer."""
    toks = [_Token(kind, text) for kind, text in tokens(query)]
    prefixes = _prefixes([t for t in toks if t.kind not in ("ws", "comment")])
    out: list[str] = []
    truncated = False
    triple_start: int | None = None  # index in `out` of the current triple's subject
    i = 0
    while i < len(toks):
        token = toks[i]
        if token.kind in ("ws", "comment"):
            out.append(token.text)
            i += 1
            continue
        if not _is_text_match(token, prefixes):
            if token.text in ("{", "}", "."):
                triple_start = None
            elif triple_start is None and token.kind != "other":
                triple_start = len(out)
            out.append(token.text)
            i += 1
            continue
        subject, continuing = _subject(out, triple_start)
        j, literal = _next_significant(toks, i + 1)
        if literal is None or literal.kind not in _STRINGS:
            shown = "nothing" if literal is None else literal.text
            raise TextMatchError(
                f'cg:textMatch needs a string as its object (?t cg:textMatch "Mao Zedong"); the query gives {shown}'
            )
        j, tag = _next_significant(toks, j + 1)
        if tag is not None and tag.kind == "langtag":
            j, tag = _next_significant(toks, j + 1)
        found = search(_string_value(literal.text), MAX_MATCHES + 1)
        if len(found) > MAX_MATCHES:
            truncated, found = True, found[:MAX_MATCHES]
        values = " ".join(f"<{iri}>" for iri in found)
        if continuing:  # "?t a cg:Telegram ; cg:textMatch 'x'": end that triple first
            _drop_trailing_semicolon(out)
            out.append(" . ")
        else:
            del out[triple_start:]  # the subject written before the property
        out.append(f"VALUES {subject} {{ {values} }} ")
        if tag is not None and tag.text == ";":  # "?t cg:textMatch 'x' ; p o" goes on about ?t
            out.append(subject)
            triple_start = len(out) - 1
        elif tag is not None and tag.text == ".":
            triple_start = None
        else:
            j -= 1  # the next token is not ours to swallow
            triple_start = None
        i = j + 1
    return "".join(out), truncated


def _significant(query: str) -> list[_Token]:
    return [_Token(kind, text) for kind, text in tokens(query) if kind not in ("ws", "comment")]


def _prefixes(toks: list[_Token]) -> dict[str, str]:
    """The query's PREFIX declarations: prefix (with its colon) → namespace IRI."""
    found = {}
    for index, token in enumerate(toks[:-2]):
        if (
            token.kind == "word"
            and token.text.upper() == "PREFIX"
            and toks[index + 1].kind == "pname"
            and toks[index + 2].kind == "iri"
        ):
            found[toks[index + 1].text] = toks[index + 2].text[1:-1]
    return found


def _is_text_match(token: _Token, prefixes: dict[str, str]) -> bool:
    if token.kind == "iri":
        return token.text[1:-1] == TEXT_MATCH
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        namespace = prefixes.get(prefix + ":")
        return namespace is not None and namespace + local == TEXT_MATCH
    return False


def _subject(out: list[str], triple_start: int | None) -> tuple[str, bool]:
    """The pattern's subject variable, and whether the property continues a predicate list."""
    written = [text for text in out[triple_start:] if text.strip()] if triple_start is not None else []
    if not written or not written[0].startswith(("?", "$")):
        raise TextMatchError('cg:textMatch needs a variable as its subject (?t cg:textMatch "Mao Zedong")')
    return written[0], len(written) > 1


def _drop_trailing_semicolon(out: list[str]) -> None:
    while out and not out[-1].strip():
        out.pop()
    if out and out[-1] == ";":
        out.pop()
    while out and not out[-1].strip():
        out.pop()


def _next_significant(toks: list[_Token], start: int) -> tuple[int, _Token | None]:
    for index in range(start, len(toks)):
        if toks[index].kind not in ("ws", "comment"):
            return index, toks[index]
    return len(toks), None


def _string_value(literal: str) -> str:
    quote = next(q for q in _QUOTES if literal.startswith(q))
    body = (
        literal[len(quote) : -len(quote)]
        if literal.endswith(quote) and len(literal) >= 2 * len(quote)
        else literal[len(quote) :]
    )
    escapes = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}
    result, i = [], 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            result.append(escapes.get(body[i + 1], body[i + 1]))
            i += 2
        else:
            result.append(body[i])
            i += 1
    return "".join(result)
