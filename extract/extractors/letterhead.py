"""Correspondents from the telegram's own structure, whether or not the authority knows them.

    To: the Romanian Ministry of Foreign Affairs (First and Second Directorates)    header fields
    From: the Romanian Embassy in Pyongyang
    Кому: ... / От: ...
    Foreign Ministry,                                                             a salutation naming an organ
    Ambassador Dumitru Popa / Signed: N. Popa / Signed / Florea Dumitrescu         the signature block
    A. DOBRYNIN / G R O M Y K O / И. СТАЛИН / Mikoyan, Suslov

The names need not be in the authority data: each goes through `ExtractionContext.correspondent`,
which merges it with an authority entry where one matches and otherwise mints it from the name
as written. A "From…Moscow…dispatched" line names the place of dispatch, not a correspondent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext, document_date
from cablegraph.extract.correspondent_lists import split_correspondents
from cablegraph.extract.correspondents import ORGANISATION_HEADS
from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.document import Document, TextVersion
from cablegraph.extract.extractors.addressing import on_clerical_line
from cablegraph.extract.extractors.catalogue import RULE as CATALOGUE_RULE
from cablegraph.extract.extractors.headings import name_cases
from cablegraph.extract.facts import AgentFact, AgentRole, Evidence, Fact, evidence_in
from cablegraph.extract.open_world_people import split_post_and_name
from cablegraph.extract.textutil import NOT_PROSE, Line, split_lines, without_closing_parenthesis

RULE = "letterhead.v1"

_FIELD = re.compile(
    r"^[ \t*_]*(?P<label>From|To|Sender|Addressee|Recipient|От|Кому|Адресат)[ \t*_]*(?::|\.{2,}|…+)[ \t*_]*(?P<value>\S.*?)[ \t*_]*$",
    re.IGNORECASE,
)
_FIELD_ROLES = {"from": AgentRole.SENDER, "sender": AgentRole.SENDER, "от": AgentRole.SENDER}
_SIGNED = re.compile(r"(?i)^[ \t]*(?:\(?signed\)?|sgd\.?|/s/|s/|подпись|подписал[аи]?)[ \t]*[:/.\-–]?[ \t]*")
_SPACED = re.compile(r"^(?:[A-ZА-ЯЁ] ){2,}[A-ZА-ЯЁ]$")
_INITIALS = r"(?:[A-ZА-ЯЁ]\.[ \t]?){1,3}"
_WORD = r"[A-ZА-ЯЁ][a-zа-яёăâîșțşţáéíóöőúüűęąłńśźżćčšžřěůý'’-]+"
_NAME = re.compile(
    rf"^(?:{_INITIALS}[ \t]?(?:{_WORD}|[A-ZА-ЯЁ]{{3,}}(?:-[A-ZА-ЯЁ]+)?)|{_WORD}(?:[ \t]+{_WORD}){{0,2}}|[A-ZА-ЯЁ]{{3,}}(?:[ \t]+[A-ZА-ЯЁ]{{3,}}){{0,2}})$"
)
# Words that stand alone on a telegram's lines without being anyone's name.
_NOT_NAMES = frozenset(
    """secret top urgent immediate priority copy copies original translation translated note notes end regards
    respectfully yours sincerely attachment enclosure ciphergram telegram cable received sent dispatched document
    information citation source rights summary contents ambassador embassy minister comrade cde eyes only strictly
    confidential personal date classification subject level greetings regards salute привет приветом примечание примечания приложение подпись note
    телеграмма шифртелеграмма письмо послание директива записка letter message directive memorandum
    секретно совершенно срочно лично копия экз вне очереди особая папка""".split()  # noqa: SIM905 - a word list reads best as words
)
_PROSE_WORDS = 8
_LONGEST_FIELD = 400  # a header field or an address line is one short line


def extract_letterhead(document: Document, context: ExtractionContext) -> Iterator[Fact]:
    when = document_date(document)
    for version in document.body_versions:
        lines = split_lines(version.text)
        prose_start = _first_prose_line(lines)
        yield from _header_fields(version, lines[:prose_start], context, when)
        yield from _salutation(version, lines[:prose_start], context, when)
        yield from _signatures(version, lines[prose_start:], context, when)


def _first_prose_line(lines: list[Line]) -> int:
    """Index of the first line of the message's prose (eight words or more, mostly lower case),
    past the site's credit lines and the cipher office's handling notes."""
    for index, line in enumerate(lines):
        if line.text.isspace() or not line.text:
            continue  # a blank line is never prose (a page may hold a million of them)
        words = re.findall(r"[^\W\d_]{2,}", line.text)
        # "Status of Talks between the Premier and Nasser", "To the Central Committee and the Ministry of Foreign Affairs:"
        bare = without_closing_parenthesis(line.text.strip())
        heading = len(words) < 12 and not re.search(r"[.!?;…»”\"]\s*$", bare)
        heading = heading or (
            bare.endswith(":") and re.match(r"(?i)(?:to|для|кому)\s", bare) is not None
        )  # an address line
        if (
            len(words) >= _PROSE_WORDS
            and len(line.text.split()) >= _PROSE_WORDS // 2  # prose has spaces; a base64 line has letter runs only
            and not heading
            and not _FIELD.match(line.text)
            and not NOT_PROSE.search(line.text)
        ):
            letters = [ch for ch in line.text if ch.isalpha()]
            if sum(ch.islower() for ch in letters) > len(letters) / 2:
                return index
    return len(lines)


def _header_fields(
    version: TextVersion, lines: list[Line], context: ExtractionContext, when: PartialDate | None
) -> Iterator[AgentFact]:
    for line in lines:
        field = _FIELD.match(line.text) if line.text and len(line.text) <= _LONGEST_FIELD else None
        if not field:
            continue
        value = re.split(r"…|\.{2,}", field["value"])[0].rstrip(" .,;:")
        if not value or context.gazetteer.lookup(value) is not None or find_dates(value):
            continue  # "From…Moscow…dispatched on ...": the place of dispatch
        role = _FIELD_ROLES.get(field["label"].lower(), AgentRole.RECIPIENT)
        yield from _listed(version, line.start + field.start("value"), value, role, context, when, 0.9)


def defer_to_title(facts: list[Fact], document: Document) -> list[Fact]:
    """A header field that names none of the page title's recipients heads a covering document
    ("To: Cmrds Bulganin, Gromyko" on the Politburo extract that approves a telegram to Shtykov):
    the title names the page's telegram, so its recipients stand and the field's are dropped."""
    recipients = [f for f in facts if isinstance(f, AgentFact) and f.role is AgentRole.RECIPIENT]
    titled = {f.agent for f in recipients if any(e.rule == CATALOGUE_RULE for e in f.evidence)}
    in_field = [f for f in recipients if any(_in_header_field(document, e) for e in f.evidence)]
    if not titled or titled & {f.agent for f in in_field}:
        return facts  # the field agrees with the title; the field's others are co-addressees
    fielded = [f for f in in_field if all(_in_header_field(document, e) for e in f.evidence)]
    dropped = {id(f) for f in fielded}
    return [f for f in facts if id(f) not in dropped]


def _in_header_field(document: Document, evidence: Evidence) -> bool:
    if evidence.rule != RULE:
        return False
    text = document.version(evidence.version).text
    start = text.rfind("\n", 0, evidence.start) + 1
    end = text.find("\n", evidence.start)
    return _FIELD.match(text[start : end if end != -1 else len(text)]) is not None


def _salutation(
    version: TextVersion, lines: list[Line], context: ExtractionContext, when: PartialDate | None
) -> Iterator[AgentFact]:
    """ "Foreign Ministry," / "To the Central Committee and the Ministry of Foreign Affairs:" on a
    line of its own before the prose: the organs addressed."""
    for line in lines:
        if line.text.isspace() or not line.text:
            continue
        stripped = without_closing_parenthesis(line.text.strip())  # "(United Arab Republic Zhao No. 100)"
        if not stripped.endswith((",", ":", "!")) or len(stripped) > 120 or _FIELD.match(line.text):
            continue
        phrase = re.sub(r"(?i)^to\s+", "", stripped.rstrip(",:!").strip())
        spans = split_correspondents(phrase)
        organs = [
            (a, b) for a, b in spans if ORGANISATION_HEADS.search(phrase[a:b]) and context.organisation(phrase[a:b])
        ]
        if not organs or re.search(r"\d", phrase):
            continue
        offset = line.start + line.text.index(phrase)
        for a, b in organs:
            written = phrase[a:b].strip(" .,;:")
            start = offset + a + phrase[a:b].index(written)
            yield context.correspondent(
                AgentRole.RECIPIENT, written, evidence_in(version, start, start + len(written), RULE, 0.75), when
            )


def _listed(
    version: TextVersion,
    offset: int,
    value: str,
    role: AgentRole,
    context: ExtractionContext,
    when: PartialDate | None,
    confidence: float,
) -> Iterator[AgentFact]:
    """Each correspondent of a header field's list, and the people named in its brackets:
    "the Romanian Ministry of Foreign Affairs (Comrade Constantin Oancea)"."""
    pieces = []
    for bracket in re.finditer(r"\(([^)]*)\)", value):
        inner = bracket.group(1)
        if not ORGANISATION_HEADS.search(inner):  # "(First and Second Directorates)" stays with its organ
            pieces += [(bracket.start(1) + a, bracket.start(1) + b) for a, b in split_correspondents(inner)]
    outer = re.sub(
        r"\([^)]*\)", lambda m: " " * len(m.group()) if not ORGANISATION_HEADS.search(m.group()) else m.group(), value
    )
    pieces += split_correspondents(outer)
    for a, b in pieces:
        written = value[a:b].strip(" .,;:")
        if not written or not re.search(r"[^\W\d_]{2,}", written):
            continue
        start = offset + a + value[a:b].index(written)
        yield context.correspondent(
            role, written, evidence_in(version, start, start + len(written), RULE, confidence), when
        )


def _signatures(
    version: TextVersion, lines: list[Line], context: ExtractionContext, when: PartialDate | None
) -> Iterator[AgentFact]:
    """Lines after the prose that are a name, with a post or "Signed:" before it and a date after."""
    previous = ""
    for line in lines:
        text = line.text
        if not text.strip():
            continue
        if on_clerical_line(text, 0):
            previous = text
            continue
        if ":" in text and not _SIGNED.match(text):
            previous = text
            continue  # "Date: December 1st 1978", "Classification: Secret": a field, not a signature
        for start, end in _signature_names(text, context):
            if previous.rstrip().endswith(":"):
                break  # "From the conversation with Andropov:" introduces, it is not signed
            written = text[start:end]
            yield context.correspondent(
                AgentRole.SENDER, written, evidence_in(version, line.start + start, line.start + end, RULE, 0.8), when
            )
        previous = text


def _signature_names(text: str, context: ExtractionContext) -> list[tuple[int, int]]:
    """Spans of the names that make up a signature line, or [] when the line is anything else."""
    if len(text) > 80:
        return []
    body = text
    signed = _SIGNED.match(body)
    offset = signed.end() if signed else len(body) - len(body.lstrip())
    rest = body[offset:]
    for match in reversed(find_dates(rest)):  # "5.XI.62", "20 November 1951" beside the name
        rest = rest[: match.start] + " " * (match.end - match.start) + rest[match.end :]
    rest = re.sub(r"(?:№|No\.?|Nº)\s*\S+", lambda m: " " * len(m.group()), rest)
    spans = []
    for piece in re.finditer(r"[^,;]+", rest):
        raw = piece.group()
        name_text = raw.strip(" \t.")
        if not name_text:
            continue
        _post, name = split_post_and_name(name_text, context.is_place_or_state)
        candidate = name or name_text
        if not _is_name(candidate, context):
            return []
        begin = offset + piece.start() + raw.index(name_text)
        spans.append((begin, begin + len(name_text)))
    return spans


def _is_name(candidate: str, context: ExtractionContext) -> bool:
    candidate = candidate.strip()
    if _SPACED.match(candidate):
        return True
    if not _NAME.match(candidate) or ORGANISATION_HEADS.search(candidate) or name_cases(candidate) == {"datv"}:
        return False  # "П.А. КУРОЧКИНУ": a name in the dative addresses, it does not sign
    words = [w.lower().strip(".") for w in candidate.split()]
    if any(w in _NOT_NAMES for w in words) or context.is_place_or_state(candidate):
        return False
    return not any(context.is_place_or_state(w) for w in candidate.split() if not w.endswith("."))
