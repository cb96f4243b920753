"""The archive's web page, saved as text: the date and title, the telegram, then the catalogue.

Two layouts: the page with its "Document Information" block ("Source", "Rights", "Type",
"Language", "Record ID" after the telegram, and often the page's own one-paragraph summary just
before it), and an older or cut-down page without that block, where the date line, the title or a
citation line are all there is. Kept apart from extract/parse.py, which reads files and the
archive's export layout, because the page brings its own chrome, summaries and trailer to skip.
"""

from __future__ import annotations

import re

from cablegraph.extract.dates import parse_date
from cablegraph.extract.document import Field, Header, Layout
from cablegraph.extract.header_fields import (
    Block,
    HeaderReading,
    date_and_title,
    field_from_lines,
    label_of,
    record_id_from_url,
    text_field,
    url_field,
)
from cablegraph.extract.textutil import Line, clean_with_positions, script_of

_WEB_LABELS = {
    "source": "citation",
    "rights": "rights",
    "original uploaded date": "uploaded",
    "type": "doc_type",
    "language": "language",
    "record id": "record_id",
    "original archive": "original_archive",
    "donors": "donors",
    "original classification": "original_classification",
    "subjects discussed": "subjects",
    "geographic subjects": "geographic_subjects",
    "related documents": "related_documents",
    "keywords": "keywords",
    "theme": "theme",
    "author(s)": "authors",
    "summary": "summary",
}
_CREDITS_LINE = re.compile(
    r"^\W*(?:this document was made possible|publication of this document was supported)", re.IGNORECASE
)
_SKIP_LINE = re.compile(r"^\W*skip to content\W*$", re.IGNORECASE)
_TRAILER = "trailer"  # the version key of the catalogue after the telegram


def is_information_heading(line: Line) -> bool:
    """The "Document Information" heading that opens the page's catalogue block."""
    return line.text.strip().strip("*#").strip().lower() == "document information"


def read_webpage(text: str, lines: list[Line]) -> HeaderReading:
    info_index = next(i for i, line in enumerate(lines) if is_information_heading(line))
    head, credits, body_start = _head_and_credits(lines[:info_index])
    body_end = lines[info_index].start
    for line in reversed(lines[:info_index]):
        if label_of(line, {"author(s)": "authors"}):
            body_end = line.start
            break
    if body_start is None:
        body_start = body_end
    summary_span = _trailing_summary(text, body_start, body_end)
    if summary_span is not None:
        body_end = summary_span[0]
    # the summary opens the trailer
    trailer_start = summary_span[0] if summary_span is not None else lines[info_index].start
    trailer = _trailer_blocks(lines[info_index + 1 :])
    header = _webpage_header(text, head, credits, trailer, summary_span, trailer_start)
    return Layout.WEBPAGE, header, [(0, body_start), (trailer_start, len(text))], (body_start, body_end)


def _head_and_credits(lines: list[Line]) -> tuple[list[Line], list[Line], int | None]:
    """The date and title lines above the telegram, the credits lines among them, and where the
    telegram starts (None when nothing follows them)."""
    head: list[Line] = []
    credits: list[Line] = []
    for line in lines:
        if _SKIP_LINE.match(line.text) or not line.text.strip():
            continue
        if _CREDITS_LINE.match(line.text):
            credits.append(line)
            continue
        if len(head) < 2 and (len(head) == 0 or parse_date(clean_with_positions(head[0].text)[0]) is not None):
            head.append(line)
            continue
        return head, credits, line.start
    return head, credits, None


def _trailer_blocks(lines: list[Line]) -> dict[str, Block]:
    """The labelled blocks after "Document Information", the first of each name."""
    blocks: list[Block] = []
    for line in lines:
        name = label_of(line, _WEB_LABELS)
        if name is not None:
            blocks.append(Block(name, []))
        elif blocks:
            blocks[-1].lines.append(line)
    by_name: dict[str, Block] = {}
    for block in blocks:
        by_name.setdefault(block.name, block)
    return by_name


def _webpage_header(
    text: str,
    head: list[Line],
    credits: list[Line],
    by_name: dict[str, Block],
    summary_span: tuple[int, int] | None,
    trailer_start: int,
) -> Header:
    date_field, title_field = date_and_title(text, head)

    def trailer_field(name: str) -> Field | None:
        if name not in by_name:
            return None
        return field_from_lines(name, text, by_name[name].lines, _TRAILER, trailer_start)

    citation = trailer_field("citation")
    record_id = trailer_field("record_id")
    page_summary = text_field("summary", text, *summary_span, _TRAILER, trailer_start) if summary_span else None
    return Header(
        title=title_field,
        date=date_field,
        citation=citation,
        source_url=url_field(citation),
        summary=trailer_field("summary") or page_summary,
        credits=field_from_lines("credits", text, credits),
        rights=trailer_field("rights"),
        doc_type=trailer_field("doc_type"),
        language=trailer_field("language"),
        original_language=trailer_field("language"),
        record_id=record_id or record_id_from_url(url_field(citation)),
        extra=tuple(
            f
            for name in ("original_classification", "original_archive", "subjects", "geographic_subjects", "uploaded")
            if (f := trailer_field(name)) is not None
        ),
    )


# The archive page's own one-paragraph summary, printed after the telegram and before "Document
# Information": a subject and a reporting verb ("Terebin reports that ...", "The CPSU CC endorses
# ...", "Instructions by telegram to ..."). It describes the telegram; it is not part of it.
_SUMMARY_VERBS = (
    r"(?:reports?|tells?|informs?|telegraphs?|cables?|writes?|asks?|requests?|replies|reply|responds?|endorses?|"
    r"sends?|suggests?|describes?|discusses?|relays?|conveys?|instructs?|proposes?|agrees?|approves?|notifies?|"
    r"expresses?|forwards?|summari[sz]es?|recounts?|transmits?|updates?|advises?|urges?|warns?|outlines?|"
    r"explains?|provides?|offers?|comments?|analy[sz]es?|reviews?|thanks?|congratulates?|rejects?|accepts?|"
    r"confirms?|conveys?|passes?|notes?|states?|argues?|claims?|announces?|orders?|directs?|authori[sz]es?)"
)
_SUMMARY = re.compile(
    r"(?:[A-Z][\w'’.,()-]*(?:\s+(?:[\w'’.,()-]+)){0,14}?\s+" + _SUMMARY_VERBS + r"\b"
    r"|(?:Instructions|A\s+(?:telegram|cable|letter|report|note|memorandum|draft)|Telegram|Cable|Letter|Report|Draft)\s+(?:by|from|to|of|on|about)\b)"
    r"[^\n]*[.!]\s*$"
)
_LONGEST_SUMMARY = 700


def _trailing_summary(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the page's summary paragraph at the end of the body, if there is one."""
    body = text[start:end].rstrip()
    paragraph_start = max(body.rfind("\n\n"), body.rfind("\n \n")) + 1
    paragraph = body[paragraph_start:].strip()
    if not paragraph_start or not paragraph or "\n" in paragraph or len(paragraph) > _LONGEST_SUMMARY:
        return None
    if script_of(paragraph) != "en" or not _SUMMARY.match(paragraph):
        return None
    offset = start + body.index(paragraph, paragraph_start)
    return offset, offset + len(paragraph)


_PAGE_CHROME = re.compile(
    r"(?i)^\W*(?:skip to content|search in|digital archive(?: international history declassified)?|get citation|share document|"
    r"citation|(?:english|russian|chinese|original)(?: \w+)? (?:html|pdf|scan|transcript|translation)|we use cookies.*|loading|"
    r"publication of this document was supported by.*|this document was made possible.*)\W*$"
)
_CITATION_LINE = re.compile(
    r"History and Public Policy Program Digital Archive|Digital Archive, Wilson Center", re.IGNORECASE
)
_QUOTED_TITLE = re.compile(r"^\W*[\"“](?P<title>.+?),?[\"”],?\s")
_PAGE_HEAD_LINES = 12  # the date line is among the page's first lines, after the site's chrome
_LONGEST_TITLE = 400


def read_page(text: str, lines: list[Line]) -> HeaderReading | None:
    """A saved archive page without its "Document Information" block: the site's chrome, the date
    line, then the title (or, in the older layout, a summary and the citation "Title," date, ...).
    None when the page opens with no date line."""
    content = [line for line in lines if line.text.strip()]
    head = [line for line in content[:_PAGE_HEAD_LINES] if not _PAGE_CHROME.match(line.text)]
    date_line = next(
        (line for line in head[:4] if len(line.text.strip()) <= 40 and parse_date(line.text) is not None), None
    )
    if date_line is None:
        return None
    after = [line for line in content if line.start > date_line.start and not _PAGE_CHROME.match(line.text)]
    citation_line = next((line for line in content if _CITATION_LINE.search(line.text)), None)
    citation = text_field("citation", text, citation_line.start, citation_line.end) if citation_line else None
    title_line = after[0] if after and len(after[0].text.strip()) <= _LONGEST_TITLE else None
    summary = None
    if title_line is not None and title_line.text[:2].isspace():
        # the older layout: an indented summary, then the citation
        summary = text_field("summary", text, title_line.start, title_line.end)
        title_line = None
    body_start = (title_line or date_line).end
    if citation_line is not None and citation_line.start < body_start + 2_000 and title_line is None:
        body_start = max(body_start, citation_line.end)
    # the site's chrome right after the title ("Publication of this document was supported by ...")
    for line in content:
        if line.start >= body_start:
            if not _PAGE_CHROME.match(line.text):
                break
            body_start = line.end
    title = (
        text_field("title", text, title_line.start, title_line.end)
        if title_line
        else _citation_title(text, citation_line)
    )
    header = Header(
        title=title,
        date=text_field("date", text, date_line.start, date_line.end),
        citation=citation,
        source_url=url_field(citation),
        summary=summary,
        record_id=record_id_from_url(url_field(citation)),
    )
    return Layout.WEBPAGE, header, [(0, body_start)], (body_start, len(text))


def _citation_title(text: str, citation_line: Line | None) -> Field | None:
    """The quoted title that opens a citation line: "Gromyko to G.M. Malenkov, ...," November 20, 1951, ..."""
    if citation_line is None or not (quoted := _QUOTED_TITLE.match(citation_line.text)):
        return None
    start = citation_line.start + quoted.start("title")
    return text_field("title", text, start, start + len(quoted["title"]))
