"""What extractors may consult besides the document: authority data and the gazetteer."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from cablegraph.extract.authority import Authority, Resolution
from cablegraph.extract.correspondents import ORGANISATION_HEADS, Nations, OrganisationName, read_organisation
from cablegraph.extract.dates import PartialDate, find_dates, parse_date
from cablegraph.extract.document import Document
from cablegraph.extract.facts import AgentFact, AgentRole, Evidence
from cablegraph.extract.gazetteer import Gazetteer
from cablegraph.extract.names import NameMatcher
from cablegraph.extract.open_world_people import open_world_person_id, person_name, split_post_and_name
from cablegraph.extract.organisations import Organisations
from cablegraph.extract.textutil import key_slug


@dataclass
class ExtractionContext:
    authority: Authority = field(default_factory=Authority.load)
    gazetteer: Gazetteer = field(default_factory=Gazetteer.load)
    organisations: Organisations = field(default_factory=Organisations.load)
    nations: Nations = field(default_factory=Nations.load)

    @cached_property
    def names(self) -> NameMatcher:
        return NameMatcher(self.authority)

    @classmethod
    def load(
        cls, authority_files: tuple[str | Path, ...] = (), gazetteer_files: tuple[str | Path, ...] = ()
    ) -> ExtractionContext:
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
        label = None
        if person is None and post is None:
            label = person_name(written)
            person, confidence = open_world_person_id(label), 0.4
        evidence = Evidence(evidence.version, evidence.start, evidence.end, evidence.quote, evidence.rule, confidence)
        return AgentFact(role, person, (written.strip(),), post, pseudonym, (evidence,), label=label)

    def correspondent(
        self,
        role: AgentRole,
        written: str,
        evidence: Evidence,
        when: PartialDate | None,
        place: str | None = None,
        identified_as: str | None = None,
    ) -> AgentFact:
        """A correspondent as a title, header or signature writes it: an organisation ("the
        Romanian Embassy in Pyongyang"), a post with a name ("Soviet Ambassador to the USA
        Dobrynin"), a post alone, or a name; merged with the authority data where it matches,
        else minted from the name as written."""
        post_words, name = split_post_and_name(written, self.is_place_or_state)
        names_an_organisation = ORGANISATION_HEADS.search(name) if name else ORGANISATION_HEADS.search(post_words)
        if identified_as is None and names_an_organisation and (organisation := self.organisation(written)) is not None:
            return self.organisation_agent(role, organisation, written, evidence)
        if name and post_words:
            post_place = self.place_in(post_words) or place
            fact = self.agent(role, person_name(name), evidence, when, post_place, identified_as)
            if fact.label is not None:  # not in the authority: the post's holder, if it names one at that place
                holder = self.authority.resolve(post_words, when, post_place)
                if holder is not None and holder.person is not None and holder.post is not None:
                    fact = self.agent(role, post_words, evidence, when, post_place)
            return replace(fact, as_written=(written.strip(),))
        fact = self.agent(role, written, evidence, when, place, identified_as)
        if fact.label is not None and not name:  # a post alone that the authority does not resolve
            label = re.sub(r"(?i)^the\s+", "", re.sub(r"\s+", " ", written).strip(" .,;:"))
            return AgentFact(role, None, fact.as_written, _post_id(label), None, fact.evidence, label=label)
        return fact

    def organisation(self, written: str) -> OrganisationName | None:
        """The organisation `written` names (an embassy, a ministry, a committee ...), or None."""
        return read_organisation(written, self.nations, self.place_label)

    def organisation_agent(
        self, role: AgentRole, organisation: OrganisationName, written: str, evidence: Evidence
    ) -> AgentFact:
        known = self.organisations.lookup(organisation.label, *organisation.aliases)
        evidence = replace(evidence, confidence=min(evidence.confidence, 0.9 if known or organisation.nation else 0.7))
        if known is not None:
            return AgentFact(role, None, (written.strip(),), evidence=(evidence,), organisation=known)
        return AgentFact(
            role,
            None,
            (written.strip(),),
            evidence=(evidence,),
            organisation=organisation.id,
            label=organisation.label,
            aliases=organisation.aliases,
        )

    def place_label(self, written: str) -> str | None:
        place = self.gazetteer.lookup(written)
        return place.label if place is not None else None

    def place_in(self, words: str) -> str | None:
        """The gazetteer id of the place a post names ("Soviet Ambassador to the USA" → usa)."""
        for match in re.finditer(
            r"(?:\b(?:to|in|at|of)\s+(?:the\s+)?|\bв\s+)(?P<place>[^\W\d][\w.'-]*(?:\s+[A-Z][\w.'-]*)*)", words
        ):
            place = self.gazetteer.lookup(match["place"])
            if place is not None:
                return place.id
            nation = self.nations.of(match["place"])
            if nation is not None and nation.place:
                return nation.place
        return None

    def is_place_or_state(self, word: str) -> bool:
        return self.gazetteer.lookup(word) is not None or self.nations.of(word) is not None


def document_date(document: Document) -> PartialDate | None:
    """The archive's date of the document, else the first full date in the catalogue record."""
    if document.header.date is not None and (date := parse_date(document.header.date.value)):
        return date
    if document.header.citation is not None:
        for match in find_dates(document.header.citation.value):
            if match.date.year is not None:
                return match.date
    return None


def _combine(
    resolution: Resolution | None, gloss: Resolution | None, written: str, identified_as: str | None
) -> tuple[str | None, str | None, str | None, float]:
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


def _post_id(label: str) -> str:
    return "u-" + key_slug(label)


def unknown_person_id(written: str) -> str:
    """ "u-" + a slug of the name: a person the authority data does not know yet."""
    slug = key_slug(written)
    return f"u-{slug}" if slug else "u-unnamed"
