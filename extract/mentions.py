"""People named only inside a name of something else, or outside the telegram's content, are not mentioned.

Why: "the MacArthur Foundation", "the Marshall Plan", "the Stalin Prize", "завод имени Сталина"
name an institution, a programme or an award after a person; the person is no fact of the
telegram. Nor is a person named only in the page's credits, rights text, navigation, bibliography
or footnotes (extract/boilerplate.py). Senders, recipients and other roles are left alone: only
mere mentions are dropped, and only when every piece of their evidence lies inside such a span.

An editor's bracket right after a name ("Kuznetsov [Stalin]", "Zhou [Enlai]") is evidence of who
that name is, not a new mention: its evidence joins the name's fact, and a person the bracket
identifies wins over the reading of the bare name (as for correspondents, extract/context.py).
"""

from __future__ import annotations

import re
from dataclasses import replace

from cablegraph.extract.boilerplate import Spans, non_content_spans
from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document
from cablegraph.extract.facts import AgentFact, AgentRole, Evidence, Fact

_NAMED_AFTER_A_PERSON = re.compile(
    r"(?<![\w'’-])(?:[A-Z][\w'’-]++[ \t]+){1,4}(?:Foundation|Corporation|Institute|University|Fund|Endowment|Trust|Prize|Award|Plan|"
    r"Doctrine|Avenue|Street|Square|Boulevard|Memorial|Library|Museum|Center|Centre|Scholarship|Fellowship)\b"
    r"|\bOrder[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z][\w-]+"
    r"|(?i:\bимени|\bим\.)[ \t]+(?:[А-ЯЁ]\.[ \t]?){0,2}[А-ЯЁ][\w-]+"
    r"|\b(?:орден\w*|преми\w*)[ \t]+[А-ЯЁ][\w-]+"
)


def named_after_spans(text: str) -> list[tuple[int, int]]:
    """Spans of names of institutions, programmes, awards and streets that carry a person's name."""
    return [m.span() for m in _NAMED_AFTER_A_PERSON.finditer(text)]


def drop_mentions_outside_content(facts: list[Fact], document: Document, context: ExtractionContext) -> list[Fact]:
    facts = _brackets_resolve(facts, document)
    spans: dict[str, Spans] = {}
    for version in document.body_versions:
        found = non_content_spans(version.text)
        extra = named_after_spans(version.text) + [(m.start, m.end) for m in context.organisations.find(version.text)]
        spans[version.key] = Spans.of([*zip(found.starts, found.ends, strict=True), *extra])
    kept: list[Fact] = []
    for fact in facts:
        if isinstance(fact, AgentFact) and fact.role is AgentRole.MENTIONED and fact.evidence:
            evidence = tuple(
                e for e in fact.evidence if e.version not in spans or not spans[e.version].contains(e.start, e.end)
            )
            if not evidence:
                continue
            if len(evidence) != len(fact.evidence):
                kept.append(replace(fact, evidence=evidence))
                continue
        kept.append(fact)
    return kept


def _brackets_resolve(facts: list[Fact], document: Document) -> list[Fact]:
    texts = {version.key: version.text for version in document.body_versions}
    by_end: dict[tuple[str, int], int] = {}  # (version, end of a name) -> index of its fact
    for index, fact in enumerate(facts):
        if isinstance(fact, AgentFact):
            for evidence in fact.evidence:
                by_end.setdefault((evidence.version, evidence.end), index)
    facts = list(facts)
    dropped: set[int] = set()
    for index, fact in enumerate(facts):
        if not (isinstance(fact, AgentFact) and fact.role is AgentRole.MENTIONED and fact.evidence):
            continue
        glossed = [_glossed_name(texts.get(e.version), e, by_end) for e in fact.evidence]
        if any(g is None or g == index for g in glossed):
            continue
        for target in {g for g in glossed if g is not None}:
            named = facts[target]
            assert isinstance(named, AgentFact)  # by_end holds only the indices of AgentFacts
            if (
                fact.person
                and not fact.person.startswith("u-")
                and named.role is AgentRole.MENTIONED
                and named.person != fact.person
            ):
                named = replace(named, person=fact.person, pseudonym=named.pseudonym or named.as_written[0], label=None)
            facts[target] = replace(named, evidence=(*named.evidence, *fact.evidence))
        dropped.add(index)
    return [fact for index, fact in enumerate(facts) if index not in dropped]


def _glossed_name(text: str | None, evidence: Evidence, by_end: dict[tuple[str, int], int]) -> int | None:
    """The index of the fact whose name the bracket around `evidence` glosses ("Zhou [Enlai]"), or None."""
    if text is None:
        return None
    opening = text.rfind("[", max(0, evidence.start - 3), evidence.start + 1)
    closing = text.find("]", evidence.end, evidence.end + 3)
    if (
        opening < 0
        or closing < 0
        or text[opening + 1 : evidence.start].strip()
        or text[evidence.end : closing].strip(" ?.")
    ):
        return None
    for gap in (0, 1):
        found = by_end.get((evidence.version, opening - gap))
        if found is not None and text[opening - gap : opening].strip() == "":
            return found
    return None
