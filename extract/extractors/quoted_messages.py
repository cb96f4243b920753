"""Whole messages quoted inside a telegram and introduced as someone else's ("I report the answer
of MAO ZEDONG to your No. 4581: \"...\""): the sender's mention, the quote's span and its date.

Separate from `addressing` because the references extractor asks for them too (a reference made
inside a quoted message belongs to that message), and finding a quote is its own small grammar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegraph.extract.dates import PartialDate, find_dates
from cablegraph.extract.names import NameMention

_EMBED_INTRO = re.compile(
    r"(?:[Дд]окладываю|[Сс]ообщаю|[Пп]ередаю|[Пп]олучил\w*)\s+(?:(?:следующ\w+\s+)?(?:ответ\w*|телеграмм\w+|письм\w+|послани\w+|текст)\s+){0,2}|"
    r"(?:[Ii]\s+(?:report|transmit|forward|am\s+transmitting|am\s+forwarding|received)\s+(?:the\s+)?(?:following\s+)?"
    r"(?:text\s+of\s+)?(?:the\s+|an?\s+)?(?:answer|reply|telegram|message|letter|cable)?\s*(?:of|from|by)?\s*)"
)
_YOUR = re.compile(r"(?i)\b(?:to\s+your|addressed\s+to\s+you|на\s+ваш\w*|вам\b|в\s+ваш\s+адрес)")
QUOTE_OPEN = "\"«“„'"
QUOTE_CLOSE = "\"»”“'"


@dataclass(frozen=True)
class EmbeddedQuote:
    """A quoted message introduced as someone else's: its sender's mention and the quote's span."""

    sender: NameMention
    start: int
    end: int
    date: PartialDate | None
    to_addressee: bool  # "the answer ... to your telegram": addressed to this telegram's recipient


def embedded_quotes(text: str, mentions: list[NameMention]) -> list[EmbeddedQuote]:
    """Quoted messages introduced as someone else's ("I report the answer of X ...: \"...\"")."""
    quotes = []
    for intro in _EMBED_INTRO.finditer(text):
        sender = next((m for m in mentions if intro.end() <= m.start <= intro.end() + 3), None)
        if sender is None:
            continue
        colon = text.find(":", sender.end, sender.end + 200)
        if colon == -1:
            continue
        open_at = next((i for i in range(colon + 1, min(len(text), colon + 40)) if text[i] in QUOTE_OPEN), None)
        if open_at is None:
            continue
        close_at = _quote_close(text, open_at)
        if close_at is None:
            continue
        tail = text[max(open_at, close_at - 40) : close_at]
        dates = find_dates(tail)
        date = dates[-1].date if dates else None
        quotes.append(EmbeddedQuote(sender, open_at, close_at, date, bool(_YOUR.search(text[intro.start() : colon]))))
    return quotes


def _quote_close(text: str, open_at: int) -> int | None:
    """The closing quote: the first quote mark that ends a line after the opening one."""
    for match in re.finditer(r"[\"»”“]\s*(?:\n|$)", text[open_at + 1 :]):
        return open_at + 1 + match.start() + 1
    return None
