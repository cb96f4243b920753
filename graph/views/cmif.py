"""CMIF (TEI correspDesc) for correspSearch: who wrote to whom, from where to where, when, through whom.

Why a module of its own: correspSearch harvests CMIF files and validates them against its RELAX NG
customization and a few Schematron rules, so the export has rules of its own. It names people by
authority IRIs where we know them (Wikidata for people, GeoNames for places), else by ours, and says
where a telegram was sent from and received at when the graph says so: the place of a post
("Soviet Ambassador to China" is at Beijing) or a place written beside a correspondent in an address
line or title ("ПЕКИН, Тов. КРАСОВСКОМУ", "from Roshchin in Beijing").

Intermediaries: TEI P5 has `correspAction type="transmitted"`, but correspSearch's customization
admits only "sent" and "received". The CMIF export (`strict`) therefore names them in a
`note type="transmitted"` of the correspDesc, which that schema accepts; `strict=False` writes TEI
P5's transmitted action instead, for TEI tools that read it.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from xml.sax.saxutils import escape, quoteattr

from cablegraph.graph.store.either import AnyStore
from cablegraph.graph.views.licence import DATA_LICENCE, DATA_TERMS
from cablegraph.graph.views.record_models import AgentOut, EvidenceOut, TelegramRecord
from cablegraph.graph.views.records import RecordReader
from cablegraph.ontology import IriMinter, sparql_prefixes

WIKIDATA = "http://www.wikidata.org/entity/"
_GEONAMES = re.compile(r"^https?://(?:www\.|sws\.)?geonames\.org/\d+")
_AUTHORITIES = """
SELECT ?s ?same WHERE { GRAPH ?g { { ?s owl:sameAs ?same } UNION { ?s skos:exactMatch ?same } } }
"""
_POST_PLACES = "SELECT ?post ?place ?label WHERE { GRAPH ?g { ?post cg:postPlace ?place } OPTIONAL { GRAPH ?h { ?place rdfs:label ?label } } }"
# what may stand between a place and the correspondent after it ("ПЕКИН, Тов. КРАСОВСКОМУ"), or
# between a correspondent and the place after it ("Roshchin in Beijing", "the Soviet Ambassador, Peking")
_BEFORE = re.compile(r"^[\s,.:;]*(?:(?:тов|т|товарищу|cde|comrade|comrades)\.?\s*)?$", re.IGNORECASE)
_AFTER = re.compile(r"^\s*(?:,|\(|in|at|в|во)\s*$", re.IGNORECASE)
_NEAR = 24  # characters: an address line, not the next sentence


@dataclass(frozen=True)
class Name:
    """A correspondent or place as CMIF names it: the label, and the IRI (an authority's where known)."""

    label: str
    ref: str
    organisation: bool = False


@dataclass(frozen=True)
class Letter:
    """One telegram as an act of correspondence."""

    iri: str
    doc_id: str
    date: str | None
    senders: tuple[Name, ...]
    recipients: tuple[Name, ...]
    intermediaries: tuple[Name, ...]
    sent_from: tuple[Name, ...]
    received_at: tuple[Name, ...]


def letters(store: AnyStore, minter: IriMinter) -> list[Letter]:
    """Every telegram of the store as a letter, in date order (undated last), from its record."""
    same = _authority_iris(store)
    post_places = _post_places(store, same)
    reader = RecordReader(store, minter)
    found = [
        letter_of(record, same, post_places)
        for doc_id in reader.doc_ids()
        if (record := reader.record(doc_id, with_text=True))
    ]
    return sorted(found, key=lambda letter: (letter.date is None, letter.date or "", letter.doc_id))


def letter_of(record: TelegramRecord, same: dict[str, str], post_places: dict[str, Name]) -> Letter:
    texts = {version.key: version.text or "" for version in record.versions}

    def names(agents: Iterable[AgentOut]) -> tuple[Name, ...]:
        return _unique(
            Name(agent.label, same.get(agent.iri, agent.iri), "/id/organisation/" in agent.iri) for agent in agents
        )

    def beside(agents: list[AgentOut], after_only: bool) -> list[Name]:
        places = []
        for agent in agents:
            if agent.post is not None and agent.post.iri in post_places:
                places.append(post_places[agent.post.iri])
            for place in record.places:
                if _written_beside(place.evidence, agent.evidence, texts, after_only):
                    places.append(Name(place.label, same.get(place.iri, place.iri)))
        return places

    carriers = [*record.recipients, *record.intermediaries]
    return Letter(
        record.iri,
        record.id,
        record.date,
        names(record.senders),
        names(record.recipients),
        names(record.intermediaries),
        _unique(beside(record.senders, after_only=True)),
        _unique(beside(carriers, after_only=False)),
    )


def _written_beside(
    place_evidence: list[EvidenceOut], agent_evidence: list[EvidenceOut], texts: dict[str, str], after_only: bool
) -> bool:
    for agent in agent_evidence:
        text = texts.get(agent.version, "")
        for place in place_evidence:
            if place.version != agent.version or not text:
                continue
            if 0 <= place.start - agent.end <= _NEAR and _AFTER.match(text[agent.end : place.start]):
                return True
            if (
                not after_only
                and 0 <= agent.start - place.end <= _NEAR
                and _BEFORE.match(text[place.end : agent.start])
            ):
                return True
    return False


def _unique(names: Iterable[Name]) -> tuple[Name, ...]:
    seen: dict[str, Name] = {}
    for name in names:
        seen.setdefault(name.ref, name)
    return tuple(seen.values())


def _authority_iris(store: AnyStore) -> dict[str, str]:
    """Our IRI -> an authority's: Wikidata for people and organisations, GeoNames for places."""
    found: dict[str, str] = {}
    for row in store.select(sparql_prefixes() + _AUTHORITIES, union_default_graph=False):
        same = str(row["same"])
        if same.startswith(WIKIDATA) or _GEONAMES.match(same):
            found.setdefault(str(row["s"]), same)
    return found


def _post_places(store: AnyStore, same: dict[str, str]) -> dict[str, Name]:
    places: dict[str, Name] = {}
    for row in store.select(sparql_prefixes() + _POST_PLACES, union_default_graph=False):
        place = str(row["place"])
        label = str(row.get("label") or place.rstrip("/").rsplit("/", 1)[-1])
        places.setdefault(str(row["post"]), Name(label, same.get(place, place)))
    return places


def bibl_id(base: str) -> str:
    """A UUID for the source, stable for one base IRI, starting with a letter as xml:id needs."""
    seed = base
    while True:
        found = str(uuid.uuid5(uuid.NAMESPACE_URL, seed))
        if found[0].isalpha():
            return found
        seed += "#"


def cmif(
    found: list[Letter], base: str, url: str, published: date, editor: str = "cablegraph", strict: bool = True
) -> bytes:
    """The CMIF file: a TEI header with one correspDesc per letter (`strict`: as correspSearch's schema admits)."""
    source = bibl_id(base)
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc>',
        f"<titleStmt><title>cablegraph: telegrams as correspondence metadata</title><editor>{escape(editor)}</editor></titleStmt>",
        f'<publicationStmt><publisher><ref target={quoteattr(base)}>cablegraph</ref></publisher><idno type="url">{escape(url)}</idno>'
        f'<date when="{published.isoformat()}"/>'
        f"<availability><licence target={quoteattr(DATA_LICENCE)}>{escape(DATA_TERMS)} This file holds correspondence "
        "metadata only: the telegrams' texts are not in it, and remain under their sources' terms.</licence></availability>"
        "</publicationStmt>",
        f'<sourceDesc><bibl type="online" xml:id="{source}">cablegraph, <ref target={quoteattr(base)}>{escape(base)}</ref></bibl></sourceDesc>',
        "</fileDesc><profileDesc>",
    ]
    for letter in found:
        lines.append(f'<correspDesc key={quoteattr(letter.doc_id)} ref={quoteattr(letter.iri)} source="#{source}">')
        lines.append(_action("sent", letter.senders, letter.sent_from, letter.date, "sender not known"))
        if letter.intermediaries and not strict:
            lines.append(_action("transmitted", letter.intermediaries, (), None, ""))
        lines.append(_action("received", letter.recipients, letter.received_at, None, "recipient not known"))
        if letter.intermediaries and strict:
            lines.append(
                '<note type="transmitted">Transmitted through '
                + ", ".join(_name(n) for n in letter.intermediaries)
                + "</note>"
            )
        lines.append("</correspDesc>")
    lines.append("</profileDesc></teiHeader><text><body><p/></body></text></TEI>")
    return "\n".join(lines).encode("utf-8")


def _action(kind: str, people: tuple[Name, ...], places: tuple[Name, ...], when: str | None, unknown: str) -> str:
    parts = [_name(n) for n in people]
    parts += [f"<placeName ref={quoteattr(p.ref)}>{escape(p.label)}</placeName>" for p in places]
    if when:
        parts.append(f"<date when={quoteattr(when)}/>")
    if not parts:
        parts.append(f"<note>{escape(unknown)}</note>")
    return f'<correspAction type="{kind}">' + "".join(parts) + "</correspAction>"


def _name(name: Name) -> str:
    element = "orgName" if name.organisation else "persName"
    return f"<{element} ref={quoteattr(name.ref)}>{escape(name.label)}</{element}>"
