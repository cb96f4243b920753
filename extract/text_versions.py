"""A telegram's body cut into its text versions: scan transcript, published transcript, translation.

An archive page often prints the same telegram several times: the transcript of the scan, a
published transcript, an English translation. They are told apart by script, by the archive's
"[...]" separators and by where the message starts over in the same language. Separate from
extract/parse.py, which finds the header and the body, because this works on the body alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cablegraph.extract.document import Header, TextVersion, VersionKind
from cablegraph.extract.textutil import Line, letters, script_of, split_lines, trigram_containment

_SEPARATOR = re.compile(r"^\s*\[(?:\.\.\.|…)\]\s*$")
_LANGUAGE_CODES = {"russian": "ru", "english": "en", "chinese": "zh", "korean": "ko"}


@dataclass
class _Paragraph:
    start: int
    end: int
    text: str
    language: str | None


def assemble_versions(
    text: str, header: Header, catalogue: list[tuple[int, int]], body: tuple[int, int]
) -> list[TextVersion]:
    versions: list[TextVersion] = []
    if catalogue:
        start, end = catalogue[0]
        versions.append(TextVersion("v0", VersionKind.CATALOGUE, "en", text[start:end], start))
    segments = _segments(text, *body)
    original = (header.original_language.value if header.original_language else "").lower()
    original_code = _LANGUAGE_CODES.get(original.split(",")[0].strip())
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
                while (
                    begin > i + 1
                    and begin - 1 > 0
                    and any(trigram_containment(run[begin - 1].text, h.text) > 0.45 for h in head)
                ):
                    begin -= 1
                return [run[:begin], *_split_restarts(run[begin:])]
    return [run]
