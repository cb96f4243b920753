"""Deterministic IRI minting under a configurable base.

The same document and fact always get the same IRI, so rebuilding replaces a
document's named graph instead of adding a second copy, and links stay valid.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from rdflib import URIRef

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch - y - e yu ya".split(),  # noqa: SIM905 - one line, letter under letter
        strict=True,
    )
)


def slug(text: str) -> str:
    """A readable, ASCII, IRI-safe key.

    >>> slug("Мао Цзэдун")
    'mao-tszedun'
    >>> slug("No. 340/III")
    'no-340-iii'
    """
    lowered = text.lower()
    latin = "".join(_CYRILLIC.get(ch, ch) for ch in lowered)
    ascii_text = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "x"


def digest(*parts: object) -> str:
    """Short stable hash of the parts, for facts that have no natural key."""
    return hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:12]


class IriMinter:
    """All IRIs cablegraph mints; `base` ends with a slash, e.g. "http://127.0.0.1:8000/"."""

    def __init__(self, base: str) -> None:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+/$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending in '/': {base!r}")
        self.base = base

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # documents and their parts
    def telegram(self, doc_id: str) -> URIRef:
        return self._iri(f"id/telegram/{doc_id}")

    def graph(self, doc_id: str) -> URIRef:
        return self._iri(f"graph/telegram/{doc_id}")

    def part(self, doc_id: str, kind: str, key: str) -> URIRef:
        """A node that belongs to one document: version, statement, evidence, number, ..."""
        return self._iri(f"id/telegram/{doc_id}/{kind}/{key}")

    # corpus-level entities
    def person(self, key: str) -> URIRef:
        return self._iri(f"id/person/{slug(key)}")

    def post(self, key: str) -> URIRef:
        return self._iri(f"id/post/{slug(key)}")

    def place(self, key: str) -> URIRef:
        return self._iri(f"id/place/{slug(key)}")

    def organisation(self, key: str) -> URIRef:
        return self._iri(f"id/organisation/{slug(key)}")

    def repository(self, key: str) -> URIRef:
        return self._iri(f"id/repository/{slug(key)}")

    def record_set(self, repository: str, *levels: str | None) -> URIRef:
        path = "/".join(slug(level) for level in levels if level)
        return self._iri(f"id/archive/{slug(repository)}/{path}".rstrip("/"))

    def extractor(self, name: str) -> URIRef:
        return self._iri(f"id/extractor/{slug(name)}")

    def authority_graph(self) -> URIRef:
        return self._iri("graph/authority")

    def links_graph(self) -> URIRef:
        """Corpus-level links: which described telegrams are which corpus telegrams."""
        return self._iri("graph/links")

    def dataset(self) -> URIRef:
        return self._iri("id/dataset")

    def doc_id_of(self, iri: str) -> str | None:
        """The document id of a telegram or graph IRI, None for other IRIs."""
        for prefix in (self.base + "id/telegram/", self.base + "graph/telegram/"):
            if iri.startswith(prefix):
                return iri[len(prefix) :].split("/", 1)[0] or None
        return None
