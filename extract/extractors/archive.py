"""Archival citations: repository, fond, opis, delo, folios, however abbreviated.

"APRF, fond 45, opis 1, delo 334, listy 99-103", "RGASPI F. 558 Op. 11 D. 334 pp. 105-106",
"AP RF, f. 45, op. 1, d. 334, l. 141", "[РГАСПИ.ФН 558, ОП. N 11, Д N 334. Л. N 85]".
Read in the citation and in every text version; one unit cited twice is one fact.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document
from cablegraph.extract.facts import ArchiveRefFact, evidence_in, evidence_in_field

RULE = "archive.v1"

REPOSITORIES = {
    "aprf": "APRF", "ap rf": "APRF", "апрф": "APRF", "ап рф": "APRF",
    "rgaspi": "RGASPI", "ргаспи": "RGASPI",
    "avprf": "AVPRF", "avp rf": "AVPRF", "авпрф": "AVPRF", "авп рф": "AVPRF",
    "rgani": "RGANI", "ргани": "RGANI",
    "garf": "GARF", "гарф": "GARF",
    "tsamo": "TsAMO", "tsamo rf": "TsAMO", "цамо": "TsAMO", "цамо рф": "TsAMO",
    "rgva": "RGVA", "ргва": "RGVA",
    "rgae": "RGAE", "ргаэ": "RGAE",
}  # fmt: skip

_NO = r"(?:\s*(?:N|№|No|Nº)\.?)?\s*"
_SEP = r"[\s.,;:]*"
_CITATION = re.compile(
    r"(?P<repo>AP\s?RF|AVP\s?RF|RGASPI|RGANI|GARF|TsAMO(?:\s?RF)?|RGVA|RGAE|АП\s?РФ|АВП\s?РФ|РГАСПИ|РГАНИ|ГАРФ|ЦАМО(?:\s?РФ)?|РГВА|РГАЭ)"
    rf"{_SEP}(?:fond|фонд|фн|f|ф)\.?{_NO}(?P<fond>(?=[\w-]*\d)[\dА-ЯA-Z][\w-]*)"
    rf"(?:{_SEP}(?:opis|op|оп|опись)\.?{_NO}(?P<opis>\d[\w-]*))?"
    rf"(?:{_SEP}(?:delo|d|д|дело)\.?{_NO}(?P<delo>\d[\w-]*))?"
    rf"(?:{_SEP}(?:papka|папка|p\.|п\.)\s*\d+)?"
    rf"(?:{_SEP}(?:listy|list|ll|l|pp|p|лл|л|листы|лист)\.?{_NO}(?P<folios>\d+(?:\s*[-–—]\s*\d+)?(?:\s*,\s*\d+(?:\s*[-–—]\s*\d+)?)*))?",
    re.IGNORECASE,
)


def extract_archive_refs(document: Document, context: ExtractionContext) -> Iterator[ArchiveRefFact]:
    citation = document.header.citation
    if citation is not None:
        for match in _CITATION.finditer(citation.value):
            evidence = evidence_in_field(document, citation, match.start(), match.end(), RULE)
            yield _fact(match, evidence)
    for version in document.body_versions:
        for match in _CITATION.finditer(version.text):
            yield _fact(match, evidence_in(version, match.start(), match.end(), RULE, 0.9))


def _fact(match: re.Match[str], evidence) -> ArchiveRefFact:
    repository = REPOSITORIES[re.sub(r"\s+", " ", match["repo"].lower())]
    return ArchiveRefFact(
        repository=repository,
        fond=_number(match["fond"]),
        opis=_number(match["opis"]),
        delo=_number(match["delo"]),
        folios=_folios(match["folios"]),
        evidence=(evidence,),
    )


def _number(value: str | None) -> str | None:
    """Fond, opis and delo keep their leading zeros: AVPRF fond 07 is not fond 7."""
    return value


def _folios(value: str | None) -> str | None:
    """ "0085" -> "85", "99 – 103" -> "99-103"."""
    if value is None:
        return None
    value = re.sub(r"\s*[-–—]\s*", "-", value)
    value = re.sub(r"\s*,\s*", ",", value)
    return re.sub(r"\b0+(\d)", r"\1", value)
