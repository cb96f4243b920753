"""The forms a reference takes, each read from its anchor into a `Mention`: a cue and a number
("In response to your no. 4676"), a pronoun phrase ("your telegram of 8 September"), a possessive
("Shtykov's telegram #1405/sh"), a noun phrase ("the two cables ... received") and a Russian noun
("получена телеграмма от Мао Цзэдуна").

Separate from `references` (which decides the order they are tried in and turns mentions into facts)
because these are the grammar of a mention, one function per form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.dates import PartialDate
from cablegraph.extract.extractors.reference_parts import (
    batch_end,
    date_just_before,
    dates_after,
    numbers_after_date,
    numbers_at,
    relative_date,
    sentence_around,
    unknown_party,
    verb_start,
)
from cablegraph.extract.extractors.reference_patterns import (
    ADJECTIVE,
    FORWARDED,
    MESSAGE_NOUN,
    NAME_AFTER,
    NOT_EARLIER,
    PRONOUN_PHRASE,
    RECEIVED,
    SENT,
    SPACE,
)

# Who wrote the message referred to: the addressee ("your"), the writer ("my", "our") or someone else.
ADDRESSEE, WRITER, OTHER = "addressee", "writer", "other"


@dataclass
class Mention:
    """A reference as read from the text: its span, numbers, dates, voice and named parties."""

    start: int
    end: int  # end of the evidence
    numbers: list[str]
    dates: list[PartialDate]
    voice: str
    sender: str | None = None
    recipient: str | None = None
    bare: bool = False  # no number and no date: "your telegram"


class Names:
    """Known names in a window of the text, looked up only where a mention needs one."""

    def __init__(self, context: ExtractionContext, text: str) -> None:
        self.context, self.text = context, text

    def target(self, start: int, end: int) -> str | None:
        try:
            found = self.context.names.find(self.text[start:end])
        except Exception:  # noqa: BLE001 - a failed name lookup must not lose the reference
            return None
        return next((m.candidates[0].target for m in found if m.candidates), None)


def cue_mention(text: str, match: re.Match[str], when: PartialDate | None) -> Mention | None:
    """After a cue ("In response to", "RE:", "На"): a pronoun phrase, a number list or a dated noun."""
    pos = match.end()
    pron = PRONOUN_PHRASE.match(text, pos)
    if pron and pron.end() > pos:
        mention = pronoun_mention(text, pron, when)
        if mention is not None:
            mention.start = match.start()
        return mention
    # "the no. 73 cipher telegram", "No. 1", "1405/sh", "шифровку от 23.03.1944 г. за № 135/к"
    the = re.match(rf"(?:the{SPACE})?(?:(?P<adj>{ADJECTIVE}){SPACE})?", text[pos : pos + 40], re.I)
    at = pos + (the.end() if the else 0)
    numbers, end = numbers_at(text, at, bare_ok=match["cue"].lower().startswith(("re", "ref")))
    if numbers:
        tail = re.match(rf"{SPACE}(?:{ADJECTIVE}{SPACE})?{MESSAGE_NOUN}(?!\w)", text[end : end + 40], re.I)
        if tail:
            end += tail.end()
        dates, end = dates_after(text, end, when)
        return Mention(match.start(), end, numbers, dates, ADDRESSEE)
    noun = re.match(rf"(?:{ADJECTIVE}{SPACE})?(?P<noun>{MESSAGE_NOUN})(?!\w)", text[at : at + 60], re.I)
    if noun:
        end = at + noun.end()
        numbers, end = numbers_at(text, end, bare_ok=False, gap=True)
        dates, end = dates_after(text, end, when)
        if not numbers:
            numbers, end = numbers_after_date(text, end)
        if numbers or dates:
            return Mention(match.start(), end, numbers, dates, ADDRESSEE)
    return None


def pronoun_mention(text: str, match: re.Match[str], when: PartialDate | None) -> Mention | None:
    """ "your telegram of 8 September", "ваш № 4581", "моего предыдущего послания": the pronoun gives the voice."""
    pron = match["pron"].lower()
    voice = (
        ADDRESSEE
        if pron.startswith(("ваш", "your"))
        else WRITER
        if pron.startswith(("my", "our", "мо", "наш"))
        else OTHER
    )
    if pron in ("его", "её", "ее", "их", "her") and not match["noun"]:
        return None
    if NOT_EARLIER.search(text[max(0, match.start() - 20) : match.start()]) or FORWARDED.search(
        text[max(0, match.start() - 20) : match.start()]
    ):
        return None
    end = match.end()
    numbers, end = numbers_at(text, end, bare_ok=bool(match["noun"]) or pron in ("yours", "ours"), gap=True)
    illegible = None
    if not numbers:  # "your No. [number is illegible]"
        illegible = re.match(
            r"[^\S\n]{0,2}(?:No\.?|№|#)?[^\S\n]{0,2}\[[^\]\n]{0,40}illegible[^\]\n]{0,20}\]", text[end : end + 80], re.I
        )
        if illegible:
            end += illegible.end()
    if not numbers and not match["noun"] and not illegible:
        return None
    if numbers and not match["noun"]:  # "your No. 1353 telegram" / "your no. 73 cipher telegram"
        tail = re.match(rf"{SPACE}(?:{ADJECTIVE}{SPACE})?{MESSAGE_NOUN}(?!\w)", text[end : end + 40], re.I)
        if tail:
            end += tail.end()
    dates, end = dates_after(text, end, when)
    if not numbers and dates:
        numbers, end = numbers_after_date(text, end)
    if not numbers and not dates:
        relative = relative_date(match, when)
        if relative is not None:
            dates = [relative]
    if not numbers and not dates:
        before = date_just_before(text, match.start(), when)
        if before is not None:
            dates = [before]
    if voice == OTHER and not numbers and not dates:
        return None
    if match["noun"] and re.match(r"(?i)conversation|talk", match["noun"]) and voice != ADDRESSEE:
        return None
    bare = not numbers and not dates
    if (
        bare
        and re.match(r"[^\S\n]{0,2}:", text[end : end + 4])
        and not re.match(r"(?i)conversation|talk", match["noun"] or "")
    ):
        return None  # "your message:" introduces the quoted message itself
    return Mention(match.start(), end, numbers, dates, voice, bare=bare)


def possessive_mention(text: str, match: re.Match[str], when: PartialDate | None, names: Names) -> Mention | None:
    """ "Comrade Shtykov's telegram #1405/sh dated 5 October": someone else's message, its owner the sender."""
    owner = match["owner"]
    if owner.lower() in ("today", "yesterday", "it", "one", "that", "this", "last", "week", "month", "year"):
        return None
    end = match.end()
    numbers, end = numbers_at(text, end, bare_ok=False, gap=True)
    recipient = None
    to = NAME_AFTER.match(text, end)
    if to and to["prep"].lower() in ("to", "к"):
        recipient = names.target(to.start("name"), to.end("name")) or unknown_party(to["name"])
        end = to.end()
    dates, end = dates_after(text, end, when)
    sender = names.target(match.start("owner"), match.end("owner")) or unknown_party(owner)
    return Mention(match.start(), end, numbers, dates, OTHER, sender, recipient, bare=not numbers and not dates)


def noun_phrase_mention(text: str, match: re.Match[str], when: PartialDate | None, names: Names) -> Mention | None:
    """ "the letter to U Thant", "The cables dated September 26 and October 3 were received", "48 telegrams"."""
    det = match["det"].lower()
    before = text[max(0, match.start() - 30) : match.start()]
    if FORWARDED.search(before) or re.search(r"(?i)(?:following|attached|enclosed)[^\S\n]{1,3}$", before):
        return None
    end = match.end()
    numbers, end = numbers_at(text, end, bare_ok=False, gap=True)
    sender = recipient = None
    parties_end = end
    for _ in range(2):
        party = NAME_AFTER.match(text, parties_end)
        if not party:
            break
        who = names.target(party.start("name"), party.end("name")) or unknown_party(party["name"])
        if party["prep"].lower() in ("from", "by"):
            sender = who
        elif party["prep"].lower() == "to":
            recipient = who
        else:
            break
        parties_end = party.end()
        draft = Mention(match.start(), parties_end, numbers, [], OTHER, sender, recipient)
        dated = _respectively_dated(text, draft, when, names)
        if dated is not None:
            return dated
    dates, dates_end = dates_after(text, parties_end, when)
    if dates:
        parties_end = dates_end
    if not numbers:
        numbers, parties_end = numbers_after_date(text, parties_end) if dates else ([], parties_end)
    sentence = sentence_around(text, match.start(), parties_end)
    plural = det not in ("a", "an") and match["noun"].lower().endswith("s")
    if sender or recipient:
        if (
            det in ("a", "an")
            and not (dates or numbers)
            and not RECEIVED.search(sentence)
            and not SENT.search(sentence)
        ):
            return None
        if text[parties_end : parties_end + 3].lstrip().startswith(":"):
            return None  # "a message to Mao:" introduces the message itself
        # someone else's message, or (sent to/received from the writer's side) a message of this correspondence
        voice = OTHER
        return Mention(
            match.start(), parties_end, numbers, dates, voice, sender, recipient, bare=not numbers and not dates
        )
    if dates or numbers:
        if det in ("a", "an"):
            return None
        return Mention(match.start(), parties_end, numbers, dates, ADDRESSEE)
    if (
        (det.isdigit() or det in ("two", "three", "four", "five", "several", "both", "all"))
        and plural
        and RECEIVED.search(sentence)
    ):
        return Mention(match.start(), batch_end(text, end), [], [], ADDRESSEE, bare=True)
    return None


def _respectively_dated(text: str, draft: Mention, when: PartialDate | None, names: Names) -> Mention | None:
    """ "two letters from Khrushchev, respectively on 27 October and 28 October, to Kennedy": the
    drafted mention with its dates and the recipient named after them, None without such dates."""
    respectively = re.match(
        rf"[^\S\n]{{0,2}},?{SPACE}respectively{SPACE}on{SPACE}", text[draft.end : draft.end + 30], re.I
    )
    if not respectively:
        return None
    dates, end = dates_after(text, draft.end, when, cue=False, skip=respectively.end())
    if not dates:
        return None
    recipient = draft.recipient
    gap = re.match(r"[^\S\n]{0,2},?", text[end:])
    assert gap is not None  # every part of it is optional
    more = NAME_AFTER.match(text, gap.end() + end)
    if more and more["prep"].lower() == "to":
        recipient = names.target(more.start("name"), more.end("name")) or unknown_party(more["name"])
        end = more.end()
    return replace(draft, end=end, dates=dates, recipient=recipient)


def ru_noun_mention(text: str, match: re.Match[str], when: PartialDate | None, names: Names) -> Mention | None:
    """ "получена телеграмма от Мао Цзэдуна", "Сообщение от 19 января 1950 года мной получено"."""
    before = text[max(0, match.start() - 30) : match.start()]
    if NOT_EARLIER.search(before) or FORWARDED.search(before):
        return None
    line_start = text.rfind("\n", 0, match.start()) + 1
    if not text[
        line_start : match.start()
    ].strip():  # a heading line ("Телеграмма Т.Ф. Штыкову ...") names the document itself
        received_before = False
    else:
        received_before = bool(
            re.search(
                r"(?i)(?:получ\w{0,6}|вручил\w{0,2}|поступил\w{0,2}|пришл\w{0,2})[^\S\n]{1,3}(?:\w{1,12}[^\S\n]{1,3})?$",
                before,
            )
        )
    end = match.end()
    numbers, end = numbers_at(text, end, bare_ok=False, gap=True)
    dates, end = dates_after(text, end, when)
    if not numbers:
        numbers, end = numbers_after_date(text, end) if dates else ([], end)
    sender = None
    if not dates:
        party = NAME_AFTER.match(text, end)
        if party and party["prep"].lower() == "от" and received_before:
            sender = names.target(party.start("name"), party.end("name")) or unknown_party(party["name"])
            end = party.end()
    sentence = sentence_around(text, match.start(), end)
    if sender is not None:
        return Mention(
            match.start() if not received_before else verb_start(text, match.start()),
            end,
            numbers,
            dates,
            OTHER,
            sender,
        )
    if (dates or numbers) and (received_before or RECEIVED.search(sentence)):
        start = verb_start(text, match.start()) if received_before else match.start()
        return Mention(start, end, numbers, dates, ADDRESSEE)
    return None
