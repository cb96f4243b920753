"""How names are written: folded lookup keys, and the case forms of Russian names and post titles.

The authority data lists each name once; a telegram writes it with honorifics ("тов. Штыкову",
"Comrade Kotov"), editors' brackets, letter-spaced ("F I L I P P O V") or declined ("Мао
Цзэдуну", "Советскому послу"). This module turns both sides into keys that meet. It is separate
from extract/authority.py because the gazetteer and the corpus checks decline names too, without
the authority data.
"""

from __future__ import annotations

import re

from cablegraph.extract.textutil import fold

_HONORIFICS = re.compile(
    r"^(?:(?:the|to|for|from|cde|cdes|comrade|comrades|tov|tovarishch|t|mr|general|marshal|gen|ambassador|"
    r"тов|товарищ|товарищу|товарища|т|генерал|маршал|г-н|господин|господину)\b\.?\s*)+",
    re.IGNORECASE,
)
_BRACKETS = re.compile(r"\s*[\[(][^\[\]()]*[\])]\s*")
_ARTICLES = re.compile(r"^(?:(?:the|to|for|from|для)\b\.?\s*)+", re.IGNORECASE)
# Leading words of Russian post titles, in the nominative, genitive, dative, instrumental and prepositional.
_RUSSIAN_TITLE_WORDS = {
    word[0]: word
    for word in (
        ("посол", "посла", "послу", "послом", "после"),
        ("совпосол", "совпосла", "совпослу", "совпослом", "совпосле"),
        ("посланник", "посланника", "посланнику", "посланником", "посланнике"),
        ("советский", "советского", "советскому", "советским", "советском"),
        ("китайский", "китайского", "китайскому", "китайским", "китайском"),
        ("временный", "временного", "временному", "временным", "временном"),
        ("поверенный", "поверенного", "поверенному", "поверенным", "поверенном"),
        ("министр", "министра", "министру", "министром", "министре"),
        ("главный", "главного", "главному", "главным", "главном"),
        ("военный", "военного", "военному", "военным", "военном"),
        ("советник", "советника", "советнику", "советником", "советнике"),
        ("чрезвычайный", "чрезвычайного", "чрезвычайному", "чрезвычайным", "чрезвычайном"),
        ("полномочный", "полномочного", "полномочному", "полномочным", "полномочном"),
    )
}


def name_key(written: str) -> str:
    """Folded key of a written name without honorifics, brackets or possessive."""
    text = _BRACKETS.sub(" ", written).strip()
    text = re.sub(r"[’']s$", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'«»“”")
    text = _HONORIFICS.sub("", text)
    text = _spaced_letters(text)
    return fold(text)


def post_title_key(written: str) -> str:
    """Folded key of a written post title: only articles and brackets go, titles stay ("Ambassador of the USSR")."""
    text = _BRACKETS.sub(" ", written).strip()
    text = re.sub(r"\s+", " ", text).strip(" ,.;:\"'«»“”")
    return fold(_ARTICLES.sub("", text))


def russian_post_forms(name: str) -> tuple[str, ...]:
    """Case forms of a Russian post title: the leading title words decline ("Послу СССР в США",
    "Советскому послу"), and a declinable last word as for names ("Главному военному советнику").

    >>> "послу СССР в США" in russian_post_forms("Посол СССР в США")
    True
    """
    words = name.split(" ")
    lead = 0
    while lead < len(words) and words[lead].lower() in _RUSSIAN_TITLE_WORDS:
        lead += 1
    forms = list(russian_case_forms(name))
    if lead:
        for case in range(5):
            declined = [_RUSSIAN_TITLE_WORDS[w.lower()][case] for w in words[:lead]]
            forms.append(" ".join([*declined, *words[lead:]]))
    return tuple(dict.fromkeys(forms))


def _spaced_letters(text: str) -> str:
    """ "F I L I P P O V" -> "FILIPPOV" (telegraphists letter-space signatures)."""
    if re.fullmatch(r"(?:\w ){3,}\w", text):
        return text.replace(" ", "")
    return text


def russian_case_forms(name: str) -> tuple[str, ...]:
    """The nominative plus the oblique-case forms of a Russian-written name.

    Only the last word declines ("Мао Цзэдун" -> "Мао Цзэдуну"); names ending in a
    vowel other than -а/-я/-й are indeclinable ("Громыко", "Неру", "Лю Шао-ци").

    >>> "Красовскому" in russian_case_forms("Красовский")
    True
    >>> "Чжоу Эньлаю" in russian_case_forms("Чжоу Эньлай")
    True
    """
    head, _, last = name.rpartition(" ")
    prefix = f"{head} " if head else ""
    low = last.lower()
    endings: list[str]
    if low.endswith(("ский", "цкий")):
        stem, endings = last[:-2], ["ий", "ого", "ому", "им", "ом", "ие", "их"]
    elif low.endswith("ой"):
        stem, endings = last[:-2], ["ой", "ого", "ому", "ым", "ом"]
    elif low.endswith("ия"):
        stem, endings = last[:-2], ["ия", "ии", "ию", "ией"]
    elif low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        stem, endings = last, ["", "а", "у", "ым", "е", "ы", "ых", "ыми"]
    elif low.endswith(("й", "ь")):
        stem, endings = last[:-1], [last[-1], "я", "ю", "ем", "е"]
    elif low[-1:] in "аеёиоуыэюя":
        return (name,)
    else:
        stem, endings = last, ["", "а", "у", "ом", "ем", "е"]
    return tuple(f"{prefix}{stem}{ending}" for ending in endings)


def without_brackets(written: str) -> str:
    """`written` without editors' brackets, spaces closed up and the punctuation round it stripped."""
    return re.sub(r"\s+", " ", _BRACKETS.sub(" ", written)).strip(" ,.;:\"'«»“”")


def without_articles(written: str) -> str:
    """`written` without the leading "the", "to", "for", "from" ("для")."""
    return _ARTICLES.sub("", written)
