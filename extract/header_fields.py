"""The pieces every header layout is read with: label lines, fields cut from the text, date and title.

A telegram file's header comes in several layouts (the archive's export in extract/parse.py, its
web page in extract/webpage.py); each finds its blocks its own way, but all of them recognise a
"Label: value" line, turn a stretch of text into a cleaned `Field` that remembers where each
character came from, and read the source URL and record id out of a citation. Those shared steps
live here so that the layouts need not import each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegraph.extract.dates import parse_date
from cablegraph.extract.document import Field, Header, Layout
from cablegraph.extract.textutil import Line, clean_with_positions

# What a layout reader finds: the layout, the header, the catalogue spans (before the body and,
# on a web page, the trailer after it) and the span of the body.
HeaderReading = tuple[Layout, Header, list[tuple[int, int]], tuple[int, int]]

# The value is taken greedily and its trailing marks stripped in code: a lazy value before a
# trailing [\s*_]*$ retries that run at each character, quadratic on a line of long tab runs.
LABEL_LINE = re.compile(r"^[\s#*_]*(?P<label>[A-Za-z][A-Za-z ()]*)[\s*_]*:?[\s*_]*(?P<rest>.*)$")
_URL = re.compile(r"<?(https?://[^\s<>]+?)>?(?=[\s.,;)]*(?:\s|$))")


def label_value(match: re.Match[str]) -> str:
    """The value after a label, without the spaces and emphasis marks that close the line."""
    value = match["rest"]
    while (stripped := value.rstrip().rstrip("*_")) != value:
        value = stripped
    return value


@dataclass
class Block:
    name: str
    lines: list[Line]


def label_of(line: Line, labels: dict[str, str]) -> str | None:
    match = LABEL_LINE.match(line.text)
    if not match:
        return None
    name = labels.get(match["label"].strip().lower())
    if name is None:
        return None
    # A label line is the label alone, or "Label: value"; prose that merely starts with the word is not.
    if label_value(match) and ":" not in line.text:
        return None
    return name


def text_field(name: str, text: str, start: int, end: int, version: str = "v0", base: int = 0) -> Field | None:
    value, positions = clean_with_positions(text[start:end], start - base)
    if not value:
        return None
    return Field(name, value, version, positions)


def field_from_lines(name: str, text: str, lines: list[Line], version: str = "v0", base: int = 0) -> Field | None:
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return None
    return text_field(name, text, lines[0].start, lines[-1].end, version, base)


def date_and_title(text: str, preamble: list[Line]) -> tuple[Field | None, Field | None]:
    content = [line for line in preamble if line.text.strip()]
    date_field = None
    if content and parse_date(clean_with_positions(content[0].text)[0]) is not None:
        date_field = text_field("date", text, content[0].start, content[0].end)
        content = content[1:]
    title_field = text_field("title", text, content[0].start, content[-1].end) if content else None
    return date_field, title_field


def url_field(citation: Field | None) -> Field | None:
    if citation is None:
        return None
    match = _URL.search(citation.value)
    if not match:
        return None
    start, end = match.span(1)
    return Field("source_url", match[1], citation.version, citation.positions[start:end])


def record_id_from_url(url: Field | None) -> Field | None:
    if url is None:
        return None
    match = re.search(r"/document/(?:[a-z0-9-]*?-)?(\d+)/?$", url.value) or re.search(r"/(\d+)/?$", url.value)
    if not match:
        return None
    start, end = match.span(1)
    return Field("record_id", match[1], url.version, url.positions[start:end])
