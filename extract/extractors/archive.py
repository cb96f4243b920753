"""Archival citations: repository, fond, opis, delo, folios, however abbreviated.

Russian archives, labelled units in any order, Latin or Cyrillic:

    "APRF, fond 45, opis 1, delo 334, listy 99-103", "RGASPI F. 558 Op. 11 D. 334 pp. 105-106",
    "AP RF, f. 45, op. 1, d. 334, l. 141", "[РГАСПИ.ФН 558, ОП. N 11, Д N 334. Л. N 85]",
    "AVPRF, fond 079, opis 10, papka 9, delo 8", "ЦАМО РФ. Ф. 3. Оп. 11556. Д. 14. Л. 145",
    "APRF, f. 3, op. 65, d. 829, ll. 46-48; f. 45, op. 1, d. 334"   (the second unit keeps the repository)

Other archives are mapped onto the same fields:

    PRC FMA 109-03984-02, 7-8            series -> fond, file -> opis, item -> delo, pages -> folios
    PRC FMA 11298                        a single file number -> delo
    AMSZ, 6/77, w-100, t-603             zespół -> fond, wiązka -> opis, teczka -> delo (letters kept
    AMSZ, z. 6/77, w. 100, t. 603          when joined to the number by a hyphen, as printed)
    AMAE, Folder 784/1978, Issue 220     Romanian: issue/matter/problema -> opis, folder/dosar -> delo
    MOL, XIX-J-1-j Korea, 1967, 61. doboz, 5, 001520/1967
                                         Hungarian: fond signature -> fond, box (doboz) -> opis,
                                         the registered file number -> delo (else the item)
    Archives of the Ministry of Foreign Affairs, France     repository only, named as printed

Read in the citation and in every text version (the page's trailer included); one unit cited
twice is one fact, and a unit cited once with folios and once without is one fact.
Every pattern is matched from a repository name onwards, with single quantifiers over
separators, so a page of digits and dots costs linear time.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cablegraph.extract.context import ExtractionContext
from cablegraph.extract.document import Document, VersionKind
from cablegraph.extract.facts import ArchiveRefFact, Evidence, evidence_in, evidence_in_field

RULE = "archive.v1"

_I = re.IGNORECASE
_SP = r"[\s\u00a0]"

# Repository names: (canonical name or None for "as printed", style, pattern).
_REPOSITORY_FORMS: list[tuple[str | None, str, str]] = [
    ("APRF", "ru", r"AP\s?RF|АП\s?РФ|Archive\s+of\s+the\s+President\s+of\s+the\s+Russian\s+Federation|Arkhiv\s+Prezidenta\s+Rossi\w*\s+Federatsii|Архив\w*\s+Президента\s+Российской\s+Федерации"),
    ("AVPRF", "ru", r"AVP\s?RF|АВП\s?РФ|Archive\s+of\s+(?:the\s+)?Foreign\s+Policy\s+of\s+the\s+Russian\s+Federation|Архив\w*\s+внешней\s+политики\s+Российской\s+Федерации"),
    ("AVPSSSR", "ru", r"AVP\s?SSSR|АВП\s?СССР"),
    ("RGASPI", "ru", r"RGASPI|РГАСПИ|Russian\s+State\s+Archive\s+of\s+Soci\w*[\s-]+Political\s+History"),
    ("RTsKhIDNI", "ru", r"RTsKhIDNI|РЦХИДНИ"),
    ("RGANI", "ru", r"RGANI|РГАНИ|Russian\s+State\s+Archive\s+of\s+Contemporary\s+History"),
    ("TsKhSD", "ru", r"TsKhSD|ЦХСД|SCCD"),
    ("GARF", "ru", r"GARF|ГАРФ|State\s+Archive\s+of\s+the\s+Russian\s+Federation"),
    ("TsAMO", "ru", r"TsAMO(?:\s?RF)?|ЦАМО(?:\s?РФ)?|Central\s+Archive\s+of\s+the\s+(?:Russian\s+)?Ministry\s+of\s+Defen[cs]e(?:\s+of\s+the\s+Russian\s+Federation)?"),
    ("RGVA", "ru", r"RGVA|РГВА"),
    ("RGAE", "ru", r"RGAE|РГАЭ"),
    ("RGVIA", "ru", r"RGVIA|РГВИА"),
    ("PRC FMA", "prc", r"PRC\s?FMA|PRC\s?MFA(?:\s+Archives?)?|(?:PRC|Chinese|China)\s+Foreign\s+Ministry\s+Archives?"
     r"|Archives?\s+of\s+the\s+(?:PRC\s+|Chinese\s+)?(?:Foreign\s+Ministry|Ministry\s+of\s+Foreign\s+Affairs)\s+of\s+(?:the\s+)?(?:PRC|People's\s+Republic\s+of\s+China|China)"
     r"|中华人民共和国外交部档案馆?|外交部档案馆"),
    ("AMSZ", "pl", r"AMSZ|Archiwum\s+(?:Ministerstwa\s+Spraw\s+Zagranicznych|MSZ)|Archives?\s+of\s+the\s+Polish\s+(?:Ministry\s+of\s+Foreign\s+Affairs|Foreign\s+Ministry)|Polish\s+(?:Foreign\s+Ministry|Ministry\s+of\s+Foreign\s+Affairs)\s+Archives?"),
    ("AMAE", "ro", r"AMAE|A\.M\.A\.E\.|Archives?\s+of\s+the\s+Romanian\s+(?:Ministry\s+of\s+Foreign\s+Affairs|Foreign\s+Ministry)|Romanian\s+(?:Foreign\s+Ministry|Ministry\s+of\s+Foreign\s+Affairs)\s+Archives?|Arhiva\s+Ministerului\s+Afacerilor\s+Externe"),
    ("MOL", "hu", r"MNL[\s-]?OL|MOL|Hungarian\s+National\s+Archives?|National\s+Archives\s+of\s+Hungary|Magyar\s+Nemzeti\s+Levéltár|Magyar\s+Országos\s+Levéltár"),
    (None, "fr", r"Archives?\s+of\s+the\s+(?:French\s+)?Ministry\s+of\s+Foreign\s+Affairs,\s+France|French\s+(?:Ministry\s+of\s+Foreign\s+Affairs|Foreign\s+Ministry|Diplomatic)\s+Archives?"
     r"|(?:Centre\s+des\s+)?Archives\s+diplomatiques(?:\s+(?:de\s+|du\s+)?(?:La\s+Courneuve|Nantes|France))?|Archives\s+du\s+[Mm]inist[èe]re\s+des\s+[Aa]ffaires\s+[ée]trang[èe]res"),
]  # fmt: skip
_REPOSITORY = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(f"(?P<r{i}>{pattern})" for i, (_, _, pattern) in enumerate(_REPOSITORY_FORMS))
    + r")(?![\w])"
)
REPOSITORIES = {name: name for name, _, _ in _REPOSITORY_FORMS if name}

# Between the repository and its first unit: "(APRF)", ", Moscow,", ": ".
_GLOSS = re.compile(r"[\s,.:;]*\([^()\n]{1,60}\)")
_CITY = re.compile(
    r"[\s,.:;]*(?:Moscow|Москва|Warsaw|Warszawa|Bucharest|Bucureşti|București|Budapest|Beijing|Paris|La\s+Courneuve|Nantes)(?![\w])",
    _I,
)

_SEP = r"[\s,.;:]*"
_NO = r"(?:(?:N|№|No|Nº|Nr)\.?\s*)?"
_UNIT = r"(?:[A-Za-zА-Яа-я]{1,2}-)?\d+[A-Za-zА-Яа-яё]?(?:[/-]\d+[A-Za-zА-Яа-яё]?)*(?![\w])"
_FOLIOS = r"\d+(?:\s?(?:об|ob|v|r)(?![^\W\d_])\.?)?(?:\s*[-–—]\s*\d+(?:\s?(?:об|ob|v|r)(?![^\W\d_])\.?)?)?(?:\s*,\s*\d+(?:\s*[-–—]\s*\d+)?(?![\w/.]\d))*"

# Russian units: a label, then the value.
_RU_LABELS = {
    "fond": "fond", "fonds": "fond", "f": "fond", "ф": "fond", "фонд": "fond", "фн": "fond",
    "opis": "opis", "opis'": "opis", "op": "opis", "оп": "opis", "опись": "opis",
    "perechen": "opis", "per": "opis", "перечень": "opis", "пер": "opis",
    "delo": "delo", "d": "delo", "д": "delo", "дело": "delo", "dok": "delo", "док": "delo", "dokument": "delo",
    "документ": "delo",
    "papka": "papka", "pap": "papka", "папка": "papka", "пап": "papka", "p": "papka?", "п": "papka?",
    "listy": "list", "list": "list", "ll": "list", "l": "list", "pp": "list", "лл": "list", "л": "list",
    "листы": "list", "лист": "list", "листа": "list",
}  # fmt: skip
_RU_LABEL = "|".join(sorted((re.escape(k) for k in _RU_LABELS), key=len, reverse=True))
_RU_PART = re.compile(rf"{_SEP}(?P<label>{_RU_LABEL})(?![^\W\d_])\.?\s*{_NO}(?P<value>{_UNIT})", _I)
_RU_FOLIOS = re.compile(rf"{_SEP}(?P<label>{_RU_LABEL})(?![^\W\d_])\.?\s*{_NO}(?P<value>{_FOLIOS})", _I)
_NEXT_UNIT = re.compile(rf"(?:\s*;|,?\s+(?:and|и|also))\s+(?=(?:fond|f|ф|фонд)(?![^\W\d_])\.?\s*{_NO}\d)", _I)

# PRC FMA: "109-03984-02, 7-8", "No. 109-01234-05", "file 11298".
_PRC = re.compile(
    r"[\s,.:;]*(?:(?:file|record|document|doc|archive)\s*)?(?:(?:No|Nos|Number|Nr|#)\.?\s*)?"
    r"(?P<number>\d{1,3}-[\dA-Z]{3,6}-\d{1,3}|\d{1,3}-[\dA-Z]{3,6}(?![\w-])|\d{3,6})(?![\w-])"
    r"(?:\s*,\s*(?:pp?\.\s*)?(?P<folios>\d+(?:\s*[-–—]\s*\d+)?)(?![\w/.]\d|\d))?",
    _I,
)

# Polish AMSZ.
_PL_LABELS = {"z": "fond", "zesp": "fond", "zespół": "fond", "zespol": "fond", "w": "opis", "wiązka": "opis", "wiazka": "opis",
              "t": "delo", "teczka": "delo", "k": "list", "karta": "list", "karty": "list"}  # fmt: skip
_PL_LABEL = "|".join(sorted((re.escape(k) for k in _PL_LABELS), key=len, reverse=True))
_PL_PART = re.compile(
    rf"{_SEP}(?:(?P<joined>[ZzWwTt]-\d+[\w/]*)(?![\w-])|(?P<label>{_PL_LABEL})(?![^\W\d_])\.?\s*{_NO}(?P<value>\d+(?:/\d+)?[a-z]?(?:\s*[-–—]\s*\d+)?)(?![\w/])"
    r"|(?P<bare>\d+/\d+)(?![\w/])|(?P<year>1[89]\d\d)(?![\w/])|(?P<skip>Departament\s+[IVX]+|Department\s+[IVX]+|Gabinet\s+Ministra))",
    _I,
)

# Romanian AMAE.
_RO_LABELS = {"fond": "fond", "fund": "fond", "issue": "opis", "matter": "opis", "problema": "opis", "problem": "opis",
              "folder": "delo", "dosar": "delo", "file": "delo", "dossier": "delo",
              "pages": "list", "page": "list", "pp": "list", "p": "list", "filele": "list", "fila": "list", "f": "list"}  # fmt: skip
_RO_LABEL = "|".join(sorted((re.escape(k) for k in _RO_LABELS), key=len, reverse=True))
_RO_PART = re.compile(
    rf"[\s,.;:/]*(?:(?P<label>{_RO_LABEL})(?![^\W\d_])\.?\s*{_NO}(?P<value>\d{{1,3}}(?:,\d{{3}})+(?!\d)|\d+(?:[/-]\d+)*)(?![\w]|/\d)"
    r"|(?P<skip>(?:year|anul)\s+1[89]\d\d|country:?\s+[A-Z][\w]+(?:\s+[A-Z][\w]+)?))",
    _I,
)

# Hungarian MOL: "XIX-J-1-j Korea, 1967, 61. doboz, 5, 001520/1967"; "288. f. 5/3. ő. e.".
_HU_PART = re.compile(
    r"[\s,.;:]*(?:(?P<fond>[IVX]{1,6}-[A-Z](?:-\d+(?:-[a-z]{1,2})?)?)(?![\w-])"
    r"|(?P<box>\d+)\.\s*(?:doboz|d\.)(?![\w])|(?:box|doboz)\s*(?P<box2>\d+)(?![\w])"
    r"|(?P<pfond>\d+)\.\s*f\.(?![\w])|(?P<pbundle>[\d/]+)\.\s*cs\.(?![\w])|(?P<punit>[\d/]+)\.\s*ő\.\s*e\.(?![\w])"
    r"|(?P<file>\d+/1[89]\d\d)(?![\w/])|(?P<year>1[89]\d\d)(?![\w/-])|(?P<item>[IVX]{1,5}-\d+|\d+-\d+|\d+)(?![\w/-])"
    r"|(?P<series>M-KS)(?![\w-])|(?P<country>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)(?=\s*,))",
)


@dataclass
class _Ref:
    repository: str
    start: int
    end: int
    fond: str | None = None
    opis: str | None = None
    delo: str | None = None
    folios: str | None = None

    def any_unit(self) -> bool:
        return any((self.fond, self.opis, self.delo))


def extract_archive_refs(document: Document, context: ExtractionContext) -> Iterator[ArchiveRefFact]:
    facts: list[ArchiveRefFact] = []
    citation = document.header.citation
    covered: tuple[str, int, int] | None = None
    if citation is not None and citation.value:
        for ref in find_archive_refs(citation.value):
            facts.append(_fact(ref, evidence_in_field(document, citation, ref.start, ref.end, RULE)))
        if citation.positions:
            covered = (citation.version, citation.positions[0], citation.positions[-1] + 1)
    for version in document.versions:
        confidence = 1.0 if version.kind is VersionKind.CATALOGUE else 0.9
        for ref in find_archive_refs(version.text):
            if covered and version.key == covered[0] and ref.start < covered[2] and ref.end > covered[1]:
                continue  # the citation field, read above
            facts.append(_fact(ref, evidence_in(version, ref.start, ref.end, RULE, confidence)))
    with_folios = {_unit_key(f) for f in facts if f.folios}
    yield from (f for f in facts if f.folios or _unit_key(f) not in with_folios)


def _unit_key(fact: ArchiveRefFact) -> tuple[str, str | None, str | None, str | None]:
    return (fact.repository, fact.fond, fact.opis, fact.delo)


def _fact(ref: _Ref, evidence: Evidence) -> ArchiveRefFact:
    return ArchiveRefFact(ref.repository, ref.fond, ref.opis, ref.delo, ref.folios, (evidence,))


def find_archive_refs(text: str) -> list[_Ref]:
    """Every archival citation in `text`, with its span.

    >>> [(r.repository, r.fond, r.opis, r.delo, r.folios) for r in find_archive_refs("AVP RF, f. 07, op. 23a, p. 18, d. 235, l. 5.")]
    [('AVPRF', '07', '23a', '235', '5')]
    """
    found: list[_Ref] = []
    position = 0
    for match in _REPOSITORY.finditer(text):
        if match.start() < position:
            continue  # "(APRF)" after the full name, already read
        assert match.lastgroup is not None  # every alternative of _REPOSITORY is a named group
        index = int(match.lastgroup[1:])
        name, style, _ = _REPOSITORY_FORMS[index]
        refs = _READERS[style](text, match, name or _printed(match.group()))
        found.extend(refs)
        position = max([match.end(), *(r.end for r in refs)])
    return found


def _printed(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip(" ,.")


def _after_name(text: str, position: int) -> int:
    gloss = _GLOSS.match(text, position)
    if gloss:
        position = gloss.end()
    city = _CITY.match(text, position)
    return city.end() if city else position


def _read_russian(text: str, match: re.Match[str], repository: str) -> list[_Ref]:
    refs: list[_Ref] = []
    position = _after_name(text, match.end())
    start = match.start()
    while True:
        ref, end = _russian_units(text, position, repository, start)
        if ref is None:
            break
        refs.append(ref)
        following = _NEXT_UNIT.match(text, end)
        if not following:
            break
        position, start = following.end(), following.end()
    return refs


def _russian_units(text: str, position: int, repository: str, start: int) -> tuple[_Ref | None, int]:
    ref = _Ref(repository, start, position)
    seen: set[str] = set()
    while True:
        part = _RU_PART.match(text, position)
        if part is None:
            break
        slot = _RU_LABELS[part["label"].lower()]
        if slot == "papka?":  # "p. 9" before the delo is a papka, after it a page
            slot = "list" if ref.delo else "papka"
        if slot == "list":
            part = _RU_FOLIOS.match(text, position)
            if part is None:
                break
        if slot in seen:
            break
        seen.add(slot)
        value = part["value"]
        if slot == "list":
            ref.folios = _folios(value.strip())
        elif slot != "papka":
            setattr(ref, slot, value)
        position = ref.end = part.end()
    if not (ref.fond or ref.delo):
        return None, position
    return ref, ref.end


def _read_prc(text: str, match: re.Match[str], repository: str) -> list[_Ref]:
    found = _PRC.match(text, _after_name(text, match.end()))
    if found is None:
        return []
    parts = found["number"].split("-")
    ref = _Ref(repository, match.start(), found.end())
    if len(parts) == 3:
        ref.fond, ref.opis, ref.delo = parts
    else:
        ref.delo = found["number"]
    ref.folios = _folios(found["folios"]) if found["folios"] else None
    return [ref]


def _read_polish(text: str, match: re.Match[str], repository: str) -> list[_Ref]:
    ref = _Ref(repository, match.start(), match.end())
    position = _after_name(text, match.end())
    while True:
        part = _PL_PART.match(text, position)
        if part is None:
            break
        if part["joined"]:
            slot, value = _PL_LABELS[part["joined"][0].lower()], part["joined"]
        elif part["label"]:
            slot, value = _PL_LABELS[part["label"].lower()], part["value"]
        elif part["bare"]:
            slot, value = ("fond" if ref.fond is None else ""), part["bare"]
        else:
            slot, value = "", ""  # a year or a department between the units
        if slot == "list":
            if ref.folios is not None:
                break
            ref.folios = _folios(value)
        elif slot:
            if getattr(ref, slot) is not None:
                break
            setattr(ref, slot, value)
        position = part.end()
        if slot:
            ref.end = position
    return [ref] if ref.any_unit() else []


def _read_romanian(text: str, match: re.Match[str], repository: str) -> list[_Ref]:
    ref = _Ref(repository, match.start(), match.end())
    position = _after_name(text, match.end())
    while True:
        part = _RO_PART.match(text, position)
        if part is None:
            break
        if part["label"]:
            slot = _RO_LABELS[part["label"].lower()]
            current = ref.folios if slot == "list" else getattr(ref, slot)
            if current is not None:
                break
            value = part["value"]
            if slot == "list":
                ref.folios = _folios(value)
            else:
                setattr(ref, slot, value)
            ref.end = part.end()
        position = part.end()
    return [ref]


def _read_hungarian(text: str, match: re.Match[str], repository: str) -> list[_Ref]:
    if match.group() == "MOL" and not re.match(
        r"[\s,.:;()]*(?:\)|[IVX]{1,6}-[A-Z]|\d+\.\s*f\.|M-KS)", text[match.end() : match.end() + 20]
    ):
        return []  # a bare "MOL" that no fond follows is not a citation
    ref = _Ref(repository, match.start(), match.end())
    position = _after_name(text, match.end())
    item = None
    for _ in range(12):
        part = _HU_PART.match(text, position)
        if part is None:
            break
        kind = part.lastgroup
        assert kind is not None  # every alternative of _HU_PART is a named group
        value = part[kind]
        if kind in ("fond", "pfond"):
            if ref.fond is not None:
                break
            ref.fond = value
        elif kind in ("box", "box2", "pbundle"):
            if ref.opis is not None:
                break
            ref.opis = value
        elif kind in ("file", "punit"):
            if ref.delo is not None:
                break
            ref.delo = value
        elif kind == "item":
            if ref.fond is None or item is not None:
                break
            item = value
        elif kind == "country" and ref.fond is None and ref.opis is None:
            break
        position = part.end()
        if kind not in ("country", "year", "series"):
            ref.end = position
    if ref.delo is None and item is not None and ref.opis is not None:
        ref.delo = item
    return [ref] if ref.any_unit() else []


def _read_repository_only(text: str, match: re.Match[str], repository: str) -> list[_Ref]:
    return [_Ref(repository, match.start(), match.start() + len(match.group().rstrip(" ,.")))]


_READERS: dict[str, Callable[[str, re.Match[str], str], list[_Ref]]] = {
    "ru": _read_russian,
    "prc": _read_prc,
    "pl": _read_polish,
    "ro": _read_romanian,
    "hu": _read_hungarian,
    "fr": _read_repository_only,
}


def _folios(value: str | None) -> str | None:
    """ "0085" -> "85", "99 – 103" -> "99-103", "5 об." -> "5" (the sheet, whichever side)."""
    if value is None:
        return None
    value = re.sub(r"\s?(?:об|ob|v|r)(?![^\W\d_])\.?", "", value)
    value = re.sub(r"\s*[-–—]\s*", "-", value)
    value = re.sub(r"\s*,\s*", ",", value)
    return re.sub(r"\b0+(\d)", r"\1", value)
