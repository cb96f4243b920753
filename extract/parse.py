"""Telegram text file -> Document.

Three layouts are read: the archive's export ("Citation:", "Summary:", "Contents:" labels before
the body, read here), and the archive's web page with or without its "Document Information"
block (extract/webpage.py). A file with none of them is read as a bare body. The body is then cut
into text versions (scan transcript, published transcript, translation) by extract/text_versions.py.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from cablegraph.extract.document import Document, Field, Header, Layout, VersionKind
from cablegraph.extract.errors import DocumentParseError
from cablegraph.extract.header_fields import (
    LABEL_LINE,
    Block,
    HeaderReading,
    date_and_title,
    field_from_lines,
    label_of,
    label_value,
    record_id_from_url,
    url_field,
)
from cablegraph.extract.text_versions import assemble_versions
from cablegraph.extract.textutil import Line, clean_with_positions, split_lines
from cablegraph.extract.webpage import is_information_heading, read_page, read_webpage

MAX_DOCUMENT_BYTES = 5_000_000

_EXPORT_LABELS = {
    "citation": "citation",
    "summary": "summary",
    "credits": "credits",
    "original language": "original_language",
    "contents": "contents",
}

_CONTENTS_ITEM = re.compile(
    r"^[\s*_-]*(original scan|scan of original document|(?:transcript|translation)\s*-\s*[a-z]+"
    r"|[a-z]+ (?:translation|transcript)|scan)[\s*_]*$",
    re.IGNORECASE,
)


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
        reason = "entity declarations are not allowed (XML with <!DOCTYPE/<!ENTITY is not a telegram)"
        raise DocumentParseError(str(path), reason)
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
    if any(label_of(line, _EXPORT_LABELS) == "citation" for line in lines):
        layout, header, catalogue, body = _read_export(text, lines)
    elif any(is_information_heading(line) for line in lines):
        layout, header, catalogue, body = read_webpage(text, lines)
    elif (page := read_page(text, lines)) is not None:
        layout, header, catalogue, body = page
    else:
        layout, header, catalogue, body = Layout.EXPORT, Header(), [], (0, len(text))
    versions = assemble_versions(text, header, catalogue, body)
    if not any(v.kind is not VersionKind.CATALOGUE for v in versions) and header.title is None:
        raise DocumentParseError(path, "no title and no telegram text found")
    return Document(doc_id, path, text, checksum, layout, header, tuple(versions))


# --- the archive's export layout --------------------------------------------------------


def _read_export(text: str, lines: list[Line]) -> HeaderReading:
    blocks, body_start = _export_blocks(lines)
    if body_start is None:
        # No contents list: the body starts after the last header block's first paragraph.
        last = blocks[-1]
        body_start = _end_of_first_paragraph(last.lines) if last.lines else len(text)
        last.lines = [line for line in last.lines if line.end <= body_start]
    date_field, title_field = date_and_title(text, blocks[0].lines)
    by_name = {block.name: block for block in blocks[1:]}
    citation = field_from_lines("citation", text, by_name["citation"].lines) if "citation" in by_name else None
    contents = by_name.get("contents", Block("", [])).lines
    header = Header(
        title=title_field,
        date=date_field,
        citation=citation,
        source_url=url_field(citation),
        summary=_block_field("summary", text, by_name),
        credits=_block_field("credits", text, by_name),
        original_language=_block_field("original_language", text, by_name),
        contents=tuple(clean_with_positions(line.text)[0].lstrip("- ") for line in contents),
        record_id=record_id_from_url(url_field(citation)),
    )
    return Layout.EXPORT, header, [(0, body_start)], (body_start, len(text))


def _export_blocks(lines: list[Line]) -> tuple[list[Block], int | None]:
    """The preamble and the labelled blocks, and where the body starts: after the contents list,
    or None when there is none."""
    blocks: list[Block] = [Block("preamble", [])]
    for line in lines:
        name = label_of(line, _EXPORT_LABELS)
        if name is not None and blocks[-1].name != "contents":
            blocks.append(Block(name, []))
            match = LABEL_LINE.match(line.text)
            assert match is not None  # label_of found the label in it
            rest = label_value(match)
            if rest:
                blocks[-1].lines.append(Line(rest, line.start + line.text.index(rest)))
            continue
        if blocks[-1].name == "contents":
            if name is not None and name != "contents":
                blocks.append(Block(name, []))
                continue
            if not line.text.strip() and not blocks[-1].lines:
                continue
            if _CONTENTS_ITEM.match(line.text):
                blocks[-1].lines.append(line)
                continue
            if not line.text.strip():
                continue
            return blocks, line.start
        blocks[-1].lines.append(line)
    return blocks, None


def _block_field(name: str, text: str, by_name: dict[str, Block]) -> Field | None:
    block = by_name.get(name)
    return field_from_lines(name, text, block.lines) if block else None


def _end_of_first_paragraph(lines: list[Line]) -> int:
    seen = False
    for line in lines:
        if line.text.strip():
            seen = True
        elif seen:
            return line.start
    return lines[-1].end
