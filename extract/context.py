"""What extractors may consult besides the document: authority data and the gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from cablegraph.extract.authority import Authority, Resolution
from cablegraph.extract.dates import PartialDate, find_dates, parse_date
from cablegraph.extract.document import Document
from cablegraph.extract.facts import AgentFact, AgentRole, Evidence
from cablegraph.extract.gazetteer import Gazetteer
from cablegraph.extract.names import NameMatcher
from cablegraph.extract.organisations import Organisations
from cablegraph.extract.textutil import fold, transliterate


@dataclass
class ExtractionContext:
    authority: Authority = field(default_factory=Authority.load)
    gazetteer: Gazetteer = field(default_factory=Gazetteer.load)
    organisations: Organisations = field(default_factory=Organisations.load)

    @cached_property
    def names(self) -> NameMatcher:
        return NameMatcher(self.authority)

    @classmethod
    def load(cls, authority_files: tuple[str | Path, ...] = (), gazetteer_files: tuple[str | Path, ...] = ()) -> ExtractionContext:
        return cls(Authority.load(authority_files), Gazetteer.load(gazetteer_files))

    def agent(
        self,
        role: AgentRole,
        written: str,
        evidence: Evidence,
        when: PartialDate | None,
        place: str | None = None,
        identified_as: str | None = None,
    ) -> AgentFact:
        """An agent fact for a written name; `identified_as` is an editor's gloss such as "[Stalin]".

        Names the authority data does not know are kept as people of their own, with low confidence.
        """
        resolution = self.authority.resolve(written, when, place)
        gloss = self.authority.resolve(identified_as, when) if identified_as else None
        person, post, pseudonym, confidence = _combine(resolution, gloss, written, identified_as)
        if person is None and post is None:
            person, confidence = unknown_person_id(written), 0.4
        evidence = Evidence(evidence.version, evidence.start, evidence.end, evidence.quote, evidence.rule, confidence)
        return AgentFact(role, person, (written.strip(),), post, pseudonym, (evidence,))


def document_date(document: Document) -> PartialDate | None:
    """The archive's date of the document, else the first full date in the catalogue record."""
    if document.header.date is not None and (date := parse_date(document.header.date.value)):
        return date
    if document.header.citation is not None:
        for match in find_dates(document.header.citation.value):
            if match.date.year is not None:
                return match.date
    return None


def _combine(resolution: Resolution | None, gloss: Resolution | None, written: str, identified_as: str | None):
    if gloss is not None and gloss.person is not None:
        if resolution is None or resolution.person in (None, gloss.person):
            post = resolution.post if resolution else None
            pseudonym = resolution.pseudonym if resolution and resolution.pseudonym else None
            if pseudonym is None and gloss.pseudonym:
                pseudonym = gloss.pseudonym  # "Stalin [Kuznetsov]": the gloss is the pseudonym
            return gloss.person, post, pseudonym, max(gloss.confidence, 0.9)
        # The editor's identification wins over our guess from the bare name.
        return gloss.person, None, written.strip(), 0.7
    if resolution is None:
        return None, None, None, 0.0
    return resolution.person, resolution.post, resolution.pseudonym, resolution.confidence


def unknown_person_id(written: str) -> str:
    """ "u-" + a slug of the name: a person the authority data does not know yet."""
    slug = re.sub(r"[^a-z0-9]+", "-", transliterate(fold(written))).strip("-")
    return f"u-{slug}" if slug else "u-unnamed"
