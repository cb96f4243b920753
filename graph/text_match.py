"""`?telegram cg:textMatch "words"` in SPARQL: full-text search through the catalogue's index.

SPARQL has no full-text search, and a REGEX over every text version scans the whole store. Like
the text properties of other triple stores (Jena's text:query, GraphDB's Lucene connector), the
endpoint answers this one property from an index: before the query runs, each such triple
pattern becomes a VALUES block of the telegrams whose texts match, in any inflected form,
spelling or script (see Catalogue.match_expression). Other stores simply see no such triples.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from cablegraph.ontology import CG

MAX_MATCHES = 10_000  # telegrams one pattern may stand for; beyond it the VALUES block is cut
_LITERAL = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
_PATTERN = re.compile(
    rf"(\?[A-Za-z_]\w*)\s+(?:cg:textMatch|<{re.escape(str(CG.textMatch))}>)\s+({_LITERAL})(?:@[A-Za-z-]+)?\s*(\.(?!\d)|;)?\s*"
)


def has_text_match(query: str) -> bool:
    return _PATTERN.search(query) is not None


def expand_text_matches(query: str, search: Callable[[str, int], list[str]]) -> tuple[str, bool]:
    """`query` with each text-match pattern replaced by the telegram IRIs `search` finds, and
    whether any list was cut at MAX_MATCHES."""
    truncated = False

    def replace(match: re.Match) -> str:
        nonlocal truncated
        variable, literal = match.group(1), match.group(2)
        words = _unescape(literal[1:-1])
        found = search(words, MAX_MATCHES + 1)
        if len(found) > MAX_MATCHES:
            truncated, found = True, found[:MAX_MATCHES]
        values = " ".join(f"<{iri}>" for iri in found)
        continued = f"{variable} " if match.group(3) == ";" else ""  # "?t cg:textMatch 'x' ; p o" goes on about ?t
        return f"VALUES {variable} {{ {values} }} {continued}"

    return _PATTERN.sub(replace, query), truncated


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), text)
