"""The forms of a benchmark telegram: the Russian and English versions, the title and the page layouts.

Separate from `bench.corpus` (planning and writing the corpus) and `bench.corpus_sentences` (what
the message says) because this is how the archive prints a message: header and signature lines,
how a relayed message is quoted, dates in Russian and English styles, citations, and the export and
web-page layouts a document comes in.
"""

from __future__ import annotations

import random
from datetime import date
from typing import TYPE_CHECKING

from bench import vocab, vocab_wording
from bench.corpus_sentences import Pair, split_paragraphs
from bench.vocab import Person

if TYPE_CHECKING:
    from bench.corpus import Corpus, Plan


def document_text(state: tuple[object, ...], corpus: Corpus, plan: Plan, body: list[Pair], two_russian: bool) -> str:
    """One document's text, drawn from a generator restored to `state` (so each try at a length starts alike)."""
    rng = random.Random()
    rng.setstate(state)
    marks = rng.sample(vocab_wording.MARKS, rng.randint(1, 2))
    versions = [_russian(rng, corpus, plan, body, marks, scan=True)]
    if two_russian:
        versions.append(_russian(rng, corpus, plan, body, marks, scan=False))
    versions.append(_english(rng, corpus, plan, body, marks))
    separator = "\n\n[...]\n\n" if rng.random() < 0.6 else "\n\n"
    text_body = separator.join(versions)
    contents = ["Original Scan", "Transcript - Russian", "Translation - English"]
    if plan.layout == "web":
        return _web_page(rng, corpus, plan, text_body)
    return _export(rng, corpus, plan, text_body, contents)


def _title(corpus: Corpus, plan: Plan) -> str:
    people = corpus.people
    sender = _title_name(corpus, plan.sender, plan)
    recipient = _title_name(corpus, plan.recipient, plan)
    if plan.via and not plan.via_post:
        recipient = f"{recipient} (via {people[plan.via].en})"
    elif plan.via_post:
        recipient = f"{recipient} (via the Soviet Ambassador)"
    if plan.second:
        recipient = f"{recipient} or {people[plan.second].en}"
    kind = "Ciphered Telegram" if plan.index % 3 else "Telegram"
    return f"{kind} No. {plan.cipher}, {sender} to {recipient}"


def _title_name(corpus: Corpus, person_id: str, plan: Plan) -> str:
    if person_id == "stalin":
        return f"{_pseudonym(plan.day, plan.index)[0]} [Stalin]"
    return corpus.people[person_id].en


def _pseudonym(day: date, roll: int) -> tuple[str, str]:
    """Stalin's signature: Filippov, or Feng Xi while it was in use."""
    if roll % 4 == 3 and day.year <= vocab.PSEUDONYMS[1][2]:
        return vocab.PSEUDONYMS[1][0], vocab.PSEUDONYMS[1][1]
    return vocab.PSEUDONYMS[0][0], vocab.PSEUDONYMS[0][1]


def _citation_units(rng: random.Random) -> list[str]:
    units = []
    for repo, fond, opis, (low, high) in rng.sample(vocab_wording.ARCHIVES, rng.choice((1, 1, 2))):
        first = rng.randint(1, 180)
        folios = f"{first}-{first + rng.randint(1, 4)}" if rng.random() < 0.7 else str(first)
        style = rng.choice(vocab_wording.CITATION_STYLES)
        units.append(style.format(repo=repo, fond=fond, opis=opis, delo=rng.randint(low, high), folios=folios))
    return units


def _long_date(day: date) -> str:
    return f"{vocab_wording.MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def _summary(rng: random.Random, corpus: Corpus, plan: Plan) -> str:
    people = corpus.people
    topic = rng.choice(vocab_wording.SUMMARY_TOPICS)
    return (
        f"{people[plan.sender].en} writes to {people[plan.recipient].en} about {topic}. A synthetic benchmark document."
    )


def _export(rng: random.Random, corpus: Corpus, plan: Plan, body: str, contents: list[str]) -> str:
    title = _title(corpus, plan)
    record = 800_000 + plan.index
    units = " and ".join(_citation_units(rng))
    translator = f" Translated by {rng.choice(vocab_wording.TRANSLATORS)}." if rng.random() < 0.6 else ""
    return (
        f"**{_long_date(plan.day)}**\n\n**{title}**\n\n**Citation:**\n\n"
        f'"{title}", {_long_date(plan.day)}, Cablegraph Benchmark Archive, {units}.{translator} '
        f"<https://bench.invalid/document/{record}>\n\n"
        f"**Summary:**\n\n{_summary(rng, corpus, plan)}\n\n**Original Language:**\n\nRussian\n\n"
        f"**Contents:**\n\n" + "  \n".join(contents) + f"\n\n{body}\n"
    )


def _web_page(rng: random.Random, corpus: Corpus, plan: Plan, body: str) -> str:
    record = 800_000 + plan.index
    units = "; ".join(_citation_units(rng))
    return (
        f"Skip to content\n\n{_long_date(plan.day)}\n\n{_title(corpus, plan)}\n\n"
        "This document was made possible with support from the cablegraph benchmark generator\n\n"
        f"{body}\n\nAuthor(s):\n\nDocument Information\n\nSource\n\n{units}. Translated by {rng.choice(vocab_wording.TRANSLATORS)}.\n\n"
        "Rights\n\nSynthetic benchmark document written by bench/corpus.py; free to reuse.\n\n"
        f"Original Uploaded Date\n\n2024-01-01\n\nType\n\nTelegram\n\nLanguage\n\nRussian\n\nSummary\n\n{_summary(rng, corpus, plan)}\n\n"
        f"Record ID\n\n{record}\n"
    )


def _ru_date(day: date, rng: random.Random) -> str:
    style = rng.randrange(3)
    if style == 0:
        return f"{day.day}.{day.month}.{day.year % 100:02d}"
    if style == 1:
        return f"{day.day}.{vocab_wording.ROMAN[day.month - 1]}.{day.year % 100:02d}"
    return f"{day.day} {vocab_wording.MONTHS_RU[day.month - 1]} {day.year} г."


def _en_date(day: date, rng: random.Random) -> str:
    return (
        f"{day.day} {vocab_wording.MONTHS_EN[day.month - 1]} {day.year}"
        if rng.random() < 0.6
        else f"{day.day}.{day.month}.{day.year % 100:02d}"
    )


def _written(person: Person, day: date, roll: int) -> tuple[str, str, str, str]:
    """(Russian nominative, dative, genitive, English) as this person is written on that day."""
    if person.id == "stalin":
        en, ru = _pseudonym(day, roll)
        return ru, vocab.ru_case(ru, "dat"), vocab.ru_case(ru, "gen"), en
    return person.ru, person.dat, person.gen, person.en


def _russian(
    rng: random.Random, corpus: Corpus, plan: Plan, body: list[Pair], marks: list[tuple[str, str]], scan: bool
) -> str:
    people = corpus.people
    case = str.upper if scan else (lambda s: s)
    lines = [mark[0] for mark in marks]
    if rng.random() < 0.7:
        lines.append(f"ШИФРТЕЛЕГРАММА № {plan.cipher}")
    head = lines
    if plan.transmitted:
        head.append("Передано т. Булганину.")
    recipient = people[plan.recipient]
    _, r_dat, r_gen, _ = _written(recipient, plan.day, plan.index)
    city_ru = vocab.CITY_CAPS.get(recipient.city, vocab.CITY_CAPS["moscow"])[0]
    city = city_ru if scan else city_ru.capitalize()
    if plan.via_post:
        second = f" или {case(people[plan.second].dat)}" if plan.second else ""
        head += [f"{city} {'СОВПОСОЛ' if scan else 'Совпосол'}", f"Для немедленной передачи {case(r_dat)}{second}."]
    elif plan.via:
        head += [f"{city}, {case(people[plan.via].dat)}", f"Для тов. {case(r_gen)}"]
    elif plan.relayed:
        head.append(f"{city}, {case(r_dat)}")
    else:
        head.append(f"{city}, {'ТОВ.' if scan else 'тов.'} {case(r_dat)}")
    paragraphs = split_paragraphs(body, "ru", rng, noise=scan)
    if plan.relayed:
        author = people[plan.author]
        inner_to = _written(people[plan.addressee], plan.day, plan.index)[0]
        ref = plan.reference
        number = f" на ваш № {corpus.plans[ref.target].cipher}" if ref and ref.by == "cipher" else ""
        intro = (
            f"Докладываю ответ {author.gen}{number}:"
            if number or rng.random() < 0.5
            else f"Передаю текст письма {author.gen} на ваше имя:"
        )
        quote = "\n\n".join([f"«Товарищ {inner_to}!", *paragraphs, f"{case(author.ru)}»"])
        paragraphs = [intro, quote]
    s_nom = _written(people[plan.sender], plan.day, plan.index)[0]
    tail = [case(s_nom), f"№ {plan.outgoing}", _ru_date(plan.day, rng)]
    clerical: list[str] = []
    if recipient.city == "moscow" and rng.random() < 0.6:
        for copy_number, copy in enumerate(rng.sample(vocab.COPY_LIST, rng.randint(2, 5)), start=1):
            clerical.append(f"Экз. № {copy_number} — тов. {vocab.COPY_NAMES[copy][1]}")
    if scan and rng.random() < 0.5:
        clerical.append(
            f"Расп. {rng.choice(vocab_wording.CLERKS)} {rng.randint(8, 23)}.{rng.randint(10, 59)} {plan.day.day}.{plan.day.month}"
        )
    blocks = ["\n".join(head), *paragraphs, "\n".join(tail)]
    if clerical:
        blocks.append("\n".join(clerical))
    return "\n\n".join(blocks)


def _english(rng: random.Random, corpus: Corpus, plan: Plan, body: list[Pair], marks: list[tuple[str, str]]) -> str:
    people = corpus.people
    head = [mark[1].upper() for mark in marks]
    if rng.random() < 0.6:
        head.append(f"CIPHERED TELEGRAM No. {plan.cipher}")
    if plan.transmitted:
        head.append("Transmitted to Bulganin")
    recipient = people[plan.recipient]
    r_en = _written(recipient, plan.day, plan.index)[3].upper()
    city = vocab.CITY_CAPS.get(recipient.city, vocab.CITY_CAPS["moscow"])[1]
    if plan.via_post:
        second = f" or {people[plan.second].en.upper()}" if plan.second else ""
        head += [f"{city}, SOVIET AMBASSADOR", f"For immediate transmission to {r_en}{second}."]
    elif plan.via:
        head += [f"{city}, TO {people[plan.via].en.upper()}", f"For Comrade {r_en}."]
    else:
        head.append(f"{city}, TO {r_en}")
    paragraphs = split_paragraphs(body, "en", rng, noise=False)
    if plan.relayed:
        author = people[plan.author]
        inner_to = _written(people[plan.addressee], plan.day, plan.index)[3]
        ref = plan.reference
        number = f" to your No. {corpus.plans[ref.target].cipher}" if ref and ref.by == "cipher" else ""
        intro = (
            f"I report the answer of {author.en}{number}:"
            if number
            else f"I transmit the text of the letter from {author.en} addressed to you:"
        )
        quote = "\n\n".join([f'"Comrade {inner_to}!', *paragraphs, f'{author.en.upper()}"'])
        paragraphs = [intro, quote]
    tail = [
        _written(people[plan.sender], plan.day, plan.index)[3].upper(),
        f"No. {plan.outgoing}",
        _en_date(plan.day, rng),
    ]
    blocks = ["\n".join(head), *paragraphs, "\n".join(tail)]
    if recipient.city == "moscow" and rng.random() < 0.5:
        names = [vocab.COPY_NAMES[c][0] for c in rng.sample(vocab.COPY_LIST, rng.randint(2, 6))]
        names[0] += " (2)"
        blocks.append("Copies: " + ", ".join(names))
    return "\n\n".join(blocks)
