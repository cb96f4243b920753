"""Facts read many times, made one: one fact per thing a document says, and roles settled.

Every extractor reads each text version on its own, and several rules may read the same words;
this module joins what they found (`merge_facts`: one fact per key, the union of the evidence),
links the differing readings of one number (`link_number_readings`) and settles a person read
both as recipient and as intermediary (`reconcile_roles`). It is separate from extract/facts.py,
which defines what a fact is, because these are steps of the extraction run over whole fact lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import TypeVar

from cablegraph.extract.facts import (
    AgentFact,
    AgentRole,
    CopyFact,
    Evidence,
    Fact,
    FactKey,
    NumberFact,
    NumberKind,
    OrganisationFact,
    PlaceFact,
    UnitFact,
)

_Joined = TypeVar("_Joined", AgentFact, UnitFact, PlaceFact, OrganisationFact, CopyFact)


def merge_facts(facts: list[Fact]) -> list[Fact]:
    """One fact per key, its evidence the union of all, in first-seen order. Each key's facts are
    gathered first and joined once: a document naming one place 10,000 times stays linear.
    Numbers that disagree between versions are then linked as readings of one number."""
    groups: dict[FactKey, list[Fact]] = {}
    for fact in facts:
        groups.setdefault(fact.key(), []).append(fact)
    return link_number_readings([group[0] if len(group) == 1 else _joined(group) for group in groups.values()])


# The title's unstated "No." is the cipher number the transcript prints ("Cable No. 3355" / "№ 3305").
_NUMBER_FAMILY = {NumberKind.TELEGRAM: NumberKind.CIPHER}


def link_number_readings(facts: list[Fact]) -> list[Fact]:
    """Numbers of one kind that the title and the versions print differently (No. 2950 in the title,
    № 39 in the transcript, No. 3950 in the translation) are readings of one number: each keeps its
    value and evidence and names the others. Only when no version prints two of them: two numbers
    of one kind in one text are two numbers."""
    families: dict[NumberKind, list[NumberFact]] = {}
    for fact in facts:
        if isinstance(fact, NumberFact):
            families.setdefault(_NUMBER_FAMILY.get(fact.kind, fact.kind), []).append(fact)
    linked: dict[int, tuple[str, ...]] = {}
    for members in families.values():
        values = list(dict.fromkeys(f.value for f in members))
        if len(values) < 2:
            continue
        versions = [{e.version for e in f.evidence} for f in members]
        if sum(len(v) for v in versions) != len(set().union(*versions)):
            continue
        for fact in members:
            linked[id(fact)] = tuple(v for v in values if v != fact.value)
    if not linked and not any(isinstance(f, NumberFact) and f.readings for f in facts):
        return facts
    return [
        replace(f, readings=linked.get(id(f), ()))
        if isinstance(f, NumberFact) and f.readings != linked.get(id(f), ())
        else f
        for f in facts
    ]


def _joined(group: list[Fact]) -> Fact:
    """The facts of one key as one: all their evidence and written forms, and the details (a post,
    a pseudonym, a unit's place) that only some of them give."""
    first = group[0]
    evidence = _one_per_span(tuple(e for f in group for e in f.evidence))
    if isinstance(first, AgentFact):
        agents = _of_kind(group, AgentFact)
        return replace(
            first,
            evidence=evidence,
            as_written=_written(agents),
            post=next((f.post for f in agents if f.post), None),
            pseudonym=next((f.pseudonym for f in agents if f.pseudonym), None),
        )
    if isinstance(first, UnitFact):
        units = _of_kind(group, UnitFact)
        return replace(
            first,
            evidence=evidence,
            as_written=_written(units),
            qualifiers=tuple(dict.fromkeys(q for f in units for q in f.qualifiers)),
            equipment_count=next((f.equipment_count for f in units if f.equipment_count), first.equipment_count),
            affiliation=next((f.affiliation for f in units if f.affiliation), None),
            place=next((f.place for f in units if f.place), None),
        )
    if isinstance(first, PlaceFact):
        return replace(first, evidence=evidence, as_written=_written(_of_kind(group, PlaceFact)))
    if isinstance(first, OrganisationFact):
        return replace(first, evidence=evidence, as_written=_written(_of_kind(group, OrganisationFact)))
    if isinstance(first, CopyFact):
        return _joined_copies(_of_kind(group, CopyFact), replace(first, evidence=evidence))
    return replace(first, evidence=evidence)


def _of_kind(group: list[Fact], kind: type[_Joined]) -> list[_Joined]:
    """The group's facts as `kind`: all of them, since every key starts with its fact type's tag."""
    return [f for f in group if isinstance(f, kind)]


def _written(facts: Sequence[AgentFact | UnitFact | PlaceFact | OrganisationFact]) -> tuple[str, ...]:
    """Every form the facts write the name in, in first-seen order."""
    return tuple(dict.fromkeys(w for f in facts for w in f.as_written))


def _joined_copies(group: list[CopyFact], fact: CopyFact) -> CopyFact:
    """One holder's entries: the copy numbers of all versions ("1, 2"), the count the largest any
    version states or the numbers imply, the holder's evidence from every version."""
    numbers = list(dict.fromkeys(f.number for f in group if f.number))
    numbers.sort(key=lambda n: (len(n), n))
    counted = [f.count for f in group if f.count is not None]
    singles = sum(1 for n in numbers if n.isdigit())
    count = max([*counted, singles]) if counted or (singles == len(numbers) and numbers) else None
    holder = fact.holder
    holders = [f.holder for f in group if f.holder is not None]
    if holder is not None:
        holder = replace(
            holder,
            as_written=tuple(dict.fromkeys(w for h in holders for w in h.as_written)),
            evidence=_one_per_span(tuple(e for h in holders for e in h.evidence)),
        )
    return replace(fact, holder=holder, number=", ".join(numbers) or None, count=count)


def _one_per_span(evidence: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    """The evidence of one fact, one piece per span of text: when two rules read the same
    characters (a signature both the addressing and the letterhead rules find), the first stays."""
    kept: dict[tuple[str, int, int], Evidence] = {}
    for piece in evidence:
        kept.setdefault((piece.version, piece.start, piece.end), piece)
    return tuple(kept.values())


def reconcile_roles(facts: list[Fact]) -> list[Fact]:
    """A person read as recipient (or sender) in one place and as intermediary in another, while
    others are the recipients (senders), is an intermediary: "to the Soviet Ambassador" (title) +
    "ПЕКИН СОВПОСОЛ / Передайте Чжоу Энляю" (text). That reading's evidence joins the intermediary fact."""
    agents = [f for f in facts if isinstance(f, AgentFact)]
    intermediaries = {f.person: f for f in agents if f.role is AgentRole.INTERMEDIARY and f.person}
    by_role = {
        role: {f.person for f in agents if f.role is role and f.person}
        for role in (AgentRole.RECIPIENT, AgentRole.SENDER)
    }
    result: list[Fact] = []
    absorbed: dict[str, AgentFact] = {}
    for fact in facts:
        if (
            isinstance(fact, AgentFact)
            and fact.role in by_role
            and fact.person in intermediaries
            and by_role[fact.role] - {fact.person}
        ):
            # also "Zhou Enlai to Filippov via Roshchin", signed ROSHCHIN: the signer relayed it
            absorbed[fact.person] = fact
            continue
        result.append(fact)
    # "Terebin to Stalin [via Kuznetsov]": Kuznetsov is Stalin's pseudonym, so the message went to
    # him directly; one who is a telegram's only recipient does not also relay it.
    recipients = {f.agent for f in result if isinstance(f, AgentFact) and f.role is AgentRole.RECIPIENT}
    if len(recipients) == 1:
        result = [
            f
            for f in result
            if not (
                isinstance(f, AgentFact)
                and f.role is AgentRole.INTERMEDIARY
                and f.agent in recipients
                and f.agent not in absorbed
            )
        ]
    for index, fact in enumerate(result):
        if isinstance(fact, AgentFact) and fact.role is AgentRole.INTERMEDIARY and fact.person in absorbed:
            extra = absorbed[fact.person]
            result[index] = replace(
                fact,
                as_written=tuple(dict.fromkeys((*extra.as_written, *fact.as_written))),
                post=fact.post or extra.post,
                evidence=tuple(dict.fromkeys((*extra.evidence, *fact.evidence))),
            )
    return result
