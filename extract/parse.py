"""Telegram text file -> Document.

Two layouts are read: the archive's export ("Citation:", "Summary:", "Contents:"
labels before the body) and the archive's web page (date and title, the body,
then "Document Information" with "Source", "Rights", "Type", "Language",
"Record ID"). A file with neither is read as a bare body. The body is then cut
into text versions (scan transcript, published transcript, translation) by
script, by the archive's "[...]" separators and by where the message starts over.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from cablegraph.extract.dates import parse_date
from cablegraph.extract.document import Document, Field, Header, Layout, TextVersion, VersionKind
from cablegraph.extract.errors import DocumentParseError
from cablegraph.extract.textutil import Line, clean_with_positions, letters, script_of, split_lines, trigram_containment

MAX_DOCUMENT_BYTES = 5_000_000

_EXPORT_LABELS = {
    "citation": "citation",
    "summary": "summary",
    "credits": "credits",
    "original language": "original_language",
    "contents": "contents",
}
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
# The value is taken greedily and its trailing marks stripped in code: a lazy value before a
# trailing [\s*_]*$ retries that run at each character, quadratic on a line of long tab runs.
_LABEL_LINE = re.compile(r"^[\s#*_]*(?P<label>[A-Za-z][A-Za-z ()]*)[\s*_]*:?[\s*_]*(?P<rest>.*)$")


def _label_value(match: re.Match[str]) -> str:
    """The value after a label, without the spaces and emphasis marks that close the line."""
    value = match["rest"]
    while (stripped := value.rstrip().rstrip("*_")) != value:
        value = stripped
    return value


_CONTENTS_ITEM = re.compile(
    r"^[\s*_-]*(original scan|scan of original document|(?:transcript|translation)\s*-\s*[a-z]+"
    r"|[a-z]+ (?:translation|transcript)|scan)[\s*_]*$",
    re.IGNORECASE,
)
_SEPARATOR = re.compile(r"^\s*\[(?:\.\.\.|…)\]\s*$")
_URL = re.compile(r"<?(https?://[^\s<>]+?)>?(?=[\s.,;)]*(?:\s|$))")
_CREDITS_LINE = re.compile(r"^\W*(?:this document was made possible|publication of this document was supported)", re.IGNORECASE)
_SKIP_LINE = re.compile(r"^\W*skip to content\W*$", re.IGNORECASE)


def read_document(path: str | Path) -> Document:
    """Read one telegram file; raises DocumentParseError naming the file and the reason."""
    path = Path(path)
    text = read_text(path)
    return parse_document(text, doc_id=document_id(path), path=str(path))


def read_text(path: Path) -> str:
    """A telegram file's text, after the checks that refuse binary, oversized, XML and non-UTF-8 files."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise DocumentParseError(str(path), f"cannot read file: {error.strerror or error}") from error
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentParseError(str(path), f"file is larger than {MAX_DOCUMENT_BYTES} bytes")
    if b"\x00" in data:
        raise DocumentParseError(str(path), "binary file (contains NUL bytes), not a text telegram")
    if b"<!ENTITY" in data or b"<!DOCTYPE" in data:
        raise DocumentParseError(str(path), "entity declarations are not allowed (XML with <!DOCTYPE/<!ENTITY is not a telegram)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentParseError(str(path), f"not UTF-8 text (byte {error.start})") from error


def text_checksum(text: str) -> str:
    """The checksum parse_document gives a document read from `text` (without parsing it)."""
    return hashlib.sha256(_normalise_newlines(text).encode("utf-8")).hexdigest()


_BLANK_LINE_RUN = re.compile(r"\n(?:[^\S\n]*\n){4,}")


def _normalise_newlines(text: str) -> str:
    """Line breaks as "\n", and more than three blank lines in a row as three: a layout says no
    more with a thousand, and every extractor reads a text line by line (a megabyte of line breaks
    is a million lines to each of them)."""
    return _BLANK_LINE_RUN.sub("\n\n\n\n", text.replace("\r\n", "\n").replace("\r", "\n"))


def document_id(path: str | Path) -> str:
    """Stable id from the file name: the same file always gets the same IRIs.

    >>> document_id("corpus/001_86e2695BAE78fc10.txt")
    '001_86e2695bae78fc10'
    """
    stem = Path(path).stem.lower()
    slug = re.sub(r"[^a-z0-9_-]+", "-", stem).strip("-")
    if not slug:
        raise DocumentParseError(str(path), "file name gives no usable document id")
    return slug


def parse_document(text: str, doc_id: str, path: str = "<memory>") -> Document:
    if not text.strip():
        raise DocumentParseError(path, "empty document")
    text = _normalise_newlines(text)
    lines = split_lines(text)
    checksum = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if any(_label_of(line, _EXPORT_LABELS) == "citation" for line in lines):
        layout, header, catalogue, body = _read_export(text, lines)
    elif any(line.text.strip().strip("*#").strip().lower() == "document information" for line in lines):
        layout, header, catalogue, body = _read_webpage(text, lines)
    elif (page := _read_page(text, lines)) is not None:
        layout, header, catalogue, body = page
    else:
        layout, header, catalogue, body = Layout.EXPORT, Header(), [], (0, len(text))
    versions = _assemble_versions(text, header, catalogue, body)
    if not any(v.kind is not VersionKind.CATALOGUE for v in versions) and header.title is None:
        raise DocumentParseError(path, "no title and no telegram text found")
    return Document(doc_id, path, text, checksum, layout, header, tuple(versions))


# --- header layouts -------------------------------------------------------------------


@dataclass
class _Block:
    name: str
    lines: list[Line]


def _label_of(line: Line, labels: dict[str, str]) -> str | None:
    match = _LABEL_LINE.match(line.text)
    if not match:
        return None
    name = labels.get(match["label"].strip().lower())
    if name is None:
        return None
    # A label line is the label alone, or "Label: value"; prose that merely starts with the word is not.
    if _label_value(match) and ":" not in line.text:
        return None
    return name


def _field(name: str, text: str, start: int, end: int, version: str = "v0", base: int = 0) -> Field | None:
    value, positions = clean_with_positions(text[start:end], start - base)
    if not value:
        return None
    return Field(name, value, version, positions)


def _field_from_lines(name: str, text: str, lines: list[Line], version: str = "v0", base: int = 0) -> Field | None:
    lines = [line for line in lines if line.text.strip()]
    if not lines:
        return None
    return _field(name, text, lines[0].start, lines[-1].end, version, base)


def _read_export(text: str, lines: list[Line]):
    blocks: list[_Block] = [_Block("preamble", [])]
    body_start = None
    for line in lines:
        name = _label_of(line, _EXPORT_LABELS)
        if name is not None and blocks[-1].name != "contents":
            blocks.append(_Block(name, []))
            rest = _label_value(_LABEL_LINE.match(line.text))
            if rest:
                blocks[-1].lines.append(Line(rest, line.start + line.text.index(rest)))
            continue
        if blocks[-1].name == "contents":
            if name is not None and name != "contents":
                blocks.append(_Block(name, []))
                continue
            if not line.text.strip() and not blocks[-1].lines:
                continue
            if _CONTENTS_ITEM.match(line.text):
                blocks[-1].lines.append(line)
                continue
            if not line.text.strip():
                continue
            body_start = line.start
            break
        blocks[-1].lines.append(line)
    if body_start is None:
        # No contents list: the body starts after the last header block's first paragraph.
        last = blocks[-1]
        body_start = _end_of_first_paragraph(last.lines) if last.lines else len(text)
        last.lines = [line for line in last.lines if line.end <= body_start]
    date_field, title_field = _date_and_title(text, blocks[0].lines)
    by_name = {block.name: block for block in blocks[1:]}
    citation = _field_from_lines("citation", text, by_name["citation"].lines) if "citation" in by_name else None
    header = Header(
        title=title_field,
        date=date_field,
        citation=citation,
        source_url=_url_field(citation),
        summary=_block_field("summary", text, by_name),
        credits=_block_field("credits", text, by_name),
        original_language=_block_field("original_language", text, by_name),
        contents=tuple(clean_with_positions(line.text)[0].lstrip("- ") for line in by_name.get("contents", _Block("", [])).lines),
        record_id=_record_id_from_url(_url_field(citation)),
    )
    return Layout.EXPORT, header, [(0, body_start)], (body_start, len(text))


def _read_webpage(text: str, lines: list[Line]):
    info_index = next(
        i for i, line in enumerate(lines) if line.text.strip().strip("*#").strip().lower() == "document information"
    )
    head: list[Line] = []
    credits: list[Line] = []
    body_start = None
    for line in lines[:info_index]:
        if _SKIP_LINE.match(line.text) or not line.text.strip():
            continue
        if _CREDITS_LINE.match(line.text):
            credits.append(line)
            continue
        if len(head) < 2 and (len(head) == 0 or parse_date(clean_with_positions(head[0].text)[0]) is not None):
            head.append(line)
            continue
        body_start = line.start
        break
    body_end = lines[info_index].start
    for line in reversed(lines[:info_index]):
        if _label_of(line, {"author(s)": "authors"}):
            body_end = line.start
            break
    if body_start is None:
        body_start = body_end
    summary_span = _trailing_summary(text, body_start, body_end)
    if summary_span is not None:
        body_end = summary_span[0]
    date_field, title_field = _date_and_title(text, head)
    blocks: list[_Block] = []
    for line in lines[info_index + 1 :]:
        name = _label_of(line, _WEB_LABELS)
        if name is not None:
            blocks.append(_Block(name, []))
        elif blocks:
            blocks[-1].lines.append(line)
    trailer_start = summary_span[0] if summary_span is not None else lines[info_index].start  # the summary opens the trailer
    by_name: dict[str, _Block] = {}
    for block in blocks:
        by_name.setdefault(block.name, block)
    trailer_key = "trailer"

    def trailer_field(name: str) -> Field | None:
        if name not in by_name:
            return None
        return _field_from_lines(name, text, by_name[name].lines, trailer_key, trailer_start)

    citation = trailer_field("citation")
    record_id = trailer_field("record_id")
    header = Header(
        title=title_field,
        date=date_field,
        citation=citation,
        source_url=_url_field(citation),
        summary=trailer_field("summary") or (_field("summary", text, *summary_span, trailer_key, trailer_start) if summary_span else None),
        credits=_field_from_lines("credits", text, credits),
        rights=trailer_field("rights"),
        doc_type=trailer_field("doc_type"),
        language=trailer_field("language"),
        original_language=trailer_field("language"),
        record_id=record_id or _record_id_from_url(_url_field(citation)),
        extra=tuple(
            f
            for name in ("original_classification", "original_archive", "subjects", "geographic_subjects", "uploaded")
            if (f := trailer_field(name)) is not None
        ),
    )
    return Layout.WEBPAGE, header, [(0, body_start), (trailer_start, len(text))], (body_start, body_end)


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
_CITATION_LINE = re.compile(r"History and Public Policy Program Digital Archive|Digital Archive, Wilson Center", re.IGNORECASE)
_QUOTED_TITLE = re.compile(r"^\W*[\"“](?P<title>.+?),?[\"”],?\s")
_PAGE_HEAD_LINES = 12  # the date line is among the page's first lines, after the site's chrome
_LONGEST_TITLE = 400


def _read_page(text: str, lines: list[Line]):
    """A saved archive page without its "Document Information" block: the site's chrome, the date
    line, then the title (or, in the older layout, a summary and the citation "Title," date, ...).
    None when the page opens with no date line."""
    content = [line for line in lines if line.text.strip()]
    head = [line for line in content[:_PAGE_HEAD_LINES] if not _PAGE_CHROME.match(line.text)]
    date_line = next((line for line in head[:4] if len(line.text.strip()) <= 40 and parse_date(line.text) is not None), None)
    if date_line is None:
        return None
    after = [line for line in content if line.start > date_line.start and not _PAGE_CHROME.match(line.text)]
    citation_line = next((line for line in content if _CITATION_LINE.search(line.text)), None)
    citation = _field("citation", text, citation_line.start, citation_line.end) if citation_line else None
    title_line = after[0] if after and len(after[0].text.strip()) <= _LONGEST_TITLE else None
    summary = None
    if title_line is not None and title_line.text[:2].isspace():  # the older layout: an indented summary, then the citation
        summary = _field("summary", text, title_line.start, title_line.end)
        title_line = None
    body_start = (title_line or date_line).end
    if citation_line is not None and citation_line.start < body_start + 2_000 and title_line is None:
        body_start = max(body_start, citation_line.end)
    for line in content:  # the site's chrome right after the title ("Publication of this document was supported by ...")
        if line.start >= body_start:
            if not _PAGE_CHROME.match(line.text):
                break
            body_start = line.end
    title = _field("title", text, title_line.start, title_line.end) if title_line else _citation_title(text, citation_line)
    header = Header(
        title=title,
        date=_field("date", text, date_line.start, date_line.end),
        citation=citation,
        source_url=_url_field(citation),
        summary=summary,
        record_id=_record_id_from_url(_url_field(citation)),
    )
    return Layout.WEBPAGE, header, [(0, body_start)], (body_start, len(text))


def _citation_title(text: str, citation_line: Line | None) -> Field | None:
    """The quoted title that opens a citation line: "Gromyko to G.M. Malenkov, ...," November 20, 1951, ..."""
    if citation_line is None or not (quoted := _QUOTED_TITLE.match(citation_line.text)):
        return None
    start = citation_line.start + quoted.start("title")
    return _field("title", text, start, start + len(quoted["title"]))


def _date_and_title(text: str, preamble: list[Line]) -> tuple[Field | None, Field | None]:
    content = [line for line in preamble if line.text.strip()]
    date_field = None
    if content and parse_date(clean_with_positions(content[0].text)[0]) is not None:
        date_field = _field("date", text, content[0].start, content[0].end)
        content = content[1:]
    title_field = _field("title", text, content[0].start, content[-1].end) if content else None
    return date_field, title_field


def _block_field(name: str, text: str, by_name: dict[str, _Block]) -> Field | None:
    block = by_name.get(name)
    return _field_from_lines(name, text, block.lines) if block else None


def _end_of_first_paragraph(lines: list[Line]) -> int:
    seen = False
    for line in lines:
        if line.text.strip():
            seen = True
        elif seen:
            return line.start
    return lines[-1].end


def _url_field(citation: Field | None) -> Field | None:
    if citation is None:
        return None
    match = _URL.search(citation.value)
    if not match:
        return None
    start, end = match.span(1)
    return Field("source_url", match[1], citation.version, citation.positions[start:end])


def _record_id_from_url(url: Field | None) -> Field | None:
    if url is None:
        return None
    match = re.search(r"/document/(?:[a-z0-9-]*?-)?(\d+)/?$", url.value) or re.search(r"/(\d+)/?$", url.value)
    if not match:
        return None
    start, end = match.span(1)
    return Field("record_id", match[1], url.version, url.positions[start:end])


# --- text versions --------------------------------------------------------------------


@dataclass
class _Paragraph:
    start: int
    end: int
    text: str
    language: str | None


def _assemble_versions(text, header: Header, catalogue: list[tuple[int, int]], body: tuple[int, int]):
    versions: list[TextVersion] = []
    if catalogue:
        start, end = catalogue[0]
        versions.append(TextVersion("v0", VersionKind.CATALOGUE, "en", text[start:end], start))
    segments = _segments(text, *body)
    original = (header.original_language.value if header.original_language else "").lower()
    original_code = {"russian": "ru", "english": "en", "chinese": "zh", "korean": "ko"}.get(original.split(",")[0].strip())
    contents = " ".join(header.contents).lower()
    same_language = [language for language, _, _ in segments]
    for number, (language, start, end) in enumerate(segments, start=1):
        kind = _kind_of(language, same_language, number - 1, original_code, contents)
        versions.append(TextVersion(f"v{number}", kind, language, text[start:end], start))
    if len(catalogue) > 1:
        start, end = catalogue[1]
        versions.append(TextVersion("trailer", VersionKind.CATALOGUE, "en", text[start:end], start))
    return versions


def _kind_of(language: str, languages: list[str], index: int, original: str | None, contents: str) -> VersionKind:
    if original and language != original:
        return VersionKind.TRANSLATION
    if original is None and language == "en" and any(other != "en" for other in languages):
        return VersionKind.TRANSLATION
    same = [i for i, other in enumerate(languages) if other == language]
    if len(same) > 1:
        return VersionKind.SCAN_TRANSCRIPT if index == same[0] else VersionKind.PUBLISHED_TRANSCRIPT
    return VersionKind.SCAN_TRANSCRIPT if "scan" in contents else VersionKind.TRANSCRIPT


def _segments(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Cut the body into (language, start, end) runs, one per text version."""
    paragraphs = _paragraphs(text, start, end)
    _smooth_languages(paragraphs)
    runs: list[list[_Paragraph]] = []
    language = None
    for paragraph in paragraphs:
        if paragraph.language == "sep":
            language = None
            continue
        paragraph_language = paragraph.language or language
        if not runs or language is None or paragraph_language != language:
            runs.append([])
            language = paragraph_language
        runs[-1].append(paragraph)
    segments: list[tuple[str, int, int]] = []
    lead: int | None = None  # a neutral stub ("258", "- 2 -") before any text joins what follows it
    for run in runs:
        if not any(p.language for p in run):
            if segments:  # ... and after text, what precedes it
                lang, s, _ = segments[-1]
                segments[-1] = (lang, s, run[-1].end)
            elif lead is None:
                lead = run[0].start
            continue
        run_language = next(p.language for p in run if p.language)
        for part in _split_restarts(run):
            start = part[0].start if lead is None else lead
            segments.append((run_language, start, part[-1].end))
            lead = None
    return segments


def _paragraphs(text: str, start: int, end: int) -> list[_Paragraph]:
    paragraphs: list[_Paragraph] = []
    current: list[Line] = []

    def flush() -> None:
        if current:
            chunk = text[current[0].start : current[-1].end]
            paragraphs.append(_Paragraph(current[0].start, current[-1].end, chunk, _paragraph_language(chunk)))
            current.clear()

    for line in split_lines(text[start:end], start):
        if _SEPARATOR.match(line.text):
            flush()
            paragraphs.append(_Paragraph(line.start, line.end, line.text, "sep"))
        elif line.text.strip():
            current.append(line)
        else:
            flush()
    flush()
    return paragraphs


def _paragraph_language(text: str) -> str | None:
    if letters(text) < 4:
        return None
    return script_of(text)


def _smooth_languages(paragraphs: list[_Paragraph]) -> None:
    """A short paragraph in another script between two of the same language belongs with them."""
    tagged = [p for p in paragraphs if p.language and p.language != "sep"]
    for before, current, after in zip(tagged, tagged[1:], tagged[2:], strict=False):
        if before.language == after.language != current.language and letters(current.text) < 30:
            current.language = before.language


def _split_restarts(run: list[_Paragraph]) -> list[list[_Paragraph]]:
    """Split a same-language run where the message is written out a second time."""
    for j in range(1, len(run)):
        if len(run[j].text.split()) < 8:
            continue
        for i in range(j):
            if len(run[i].text.split()) >= 8 and trigram_containment(run[i].text, run[j].text) > 0.75:
                begin = j
                head = run[:i]
                while begin > i + 1 and begin - 1 > 0 and any(
                    trigram_containment(run[begin - 1].text, h.text) > 0.45 for h in head
                ):
                    begin -= 1
                return [run[:begin], *_split_restarts(run[begin:])]
    return [run]
