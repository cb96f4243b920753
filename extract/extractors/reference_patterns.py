"""The words of a reference to an earlier telegram, as regular expressions: message nouns,
pronouns, cues, number marks, receipt and sending verbs, and the joins between numbers and dates.

Separate from the readers (`reference_forms`, `reference_parts`) because they are a vocabulary that
all of them share and that changes on its own: a new noun or cue is added here, not in the logic.
Every pattern is linear: whitespace runs are bounded, and each anchor reads a bounded window.
"""

from __future__ import annotations

import re

SPACE = r"[^\S\n]{1,3}"  # a bounded run of spaces within a line
OPT_SPACE = r"[^\S\n]{0,3}"

# Message nouns. Russian stems take any ending.
MESSAGE_NOUN_EN = (
    r"(?:cipher(?:ed)?[ \-]telegrams?|ciphered[ \-]cables?|telegrams?|cables?|messages?|letters?|notes?|reports?"
    r"|dispatch(?:es)?|despatch(?:es)?|wires?|communications?|radiograms?|telexes|telex|memorand(?:um|a))"
)
MESSAGE_NOUN_RU = (
    r"(?:шифртелеграмм\w{0,3}|шифрованн\w{0,3}[ ]телеграмм\w{0,3}|телеграмм\w{0,3}|шифровк\w{0,3}|шифровок"
    r"|послани\w{0,3}|письм\w{0,3}|писем|сообщени\w{0,3}|доклад\w{0,3}|донесени\w{0,3}|записк\w{0,3}|записок"
    r"|радиограмм\w{0,3}|депеш\w{0,3})"
)
MESSAGE_NOUN = rf"(?:{MESSAGE_NOUN_EN}|{MESSAGE_NOUN_RU})"
TALK = r"(?:conversations?|talks?)(?=[^\S\n]{1,3}with\b)"  # "Your conversations with Gromyko": the report of them

ADJECTIVE = (
    r"(?:last|latest|previous|earlier|recent|final|personal|special|secret|urgent|above|above-mentioned"
    r"|aforementioned|same|first|second|third|two|three|four|both|separate|official|presidential"
    r"|today's|yesterday's|today’s|yesterday’s|respective"
    r"|последн\w{1,4}|предыдущ\w{1,4}|сегодняшн\w{1,4}|вчерашн\w{1,4}|личн\w{1,4}|специальн\w{1,4}"
    r"|указанн\w{1,4}|вышеуказанн\w{1,4}|упомянут\w{1,4}|ответн\w{1,4}|особ\w{1,4}|срочн\w{1,4}|секретн\w{1,4}"
    r"|шифрованн\w{1,4}|телеграфн\w{1,4}|первое|первую|первой|второе|вторую|второй|оба|обе|двух|две|два)"
)

PRONOUN = (
    r"(?P<pron>yours|ours|your|my|our|his|her|their"
    r"|ваш(?:а|е|его|ей|ему|им|ем|у|и|их|ими)?|мо(?:й|я|ё|е|его|ей|ему|им|ём|ем|ю|и|их|ими)"
    r"|наш(?:а|е|его|ей|ему|им|ем|у|и|их|ими)?|его|её|ее|их)"
)

NUMBER_MARK = r"(?:Nos?\.|Nr\.|No(?=[^\S\n]{0,2}\d)|№№|№|Nº|N°|N\.|#)"
NUMBER = r"\d{1,7}(?:\.\d{1,6})?(?:/[A-Za-zА-Яа-я]{1,4}\b|/[IVX]{1,4}\b|/\d{1,4})?(?:[^\S\n]?-[^\S\n]?\d{1,7}\b)?"

# A pronoun phrase: "your special no. 1328", "Ваше последнее послание", "сегодняшнего Вашего доклада".
PRONOUN_PHRASE = re.compile(
    rf"(?=[YyMmOoHhTtВвМмНнЕеИиСсПп])(?<![\w\-])(?:(?P<pre>today'?s|yesterday'?s|today’s|yesterday’s|сегодняшн\w{{1,4}}|вчерашн\w{{1,4}}|последн\w{{1,4}}|предыдущ\w{{1,4}}){SPACE})?"
    rf"{PRONOUN}(?![\w\-])"
    rf"(?:{SPACE}(?P<adj>{ADJECTIVE}(?:{SPACE}{ADJECTIVE})?))?"
    rf"(?:{SPACE}\[?(?P<noun>{MESSAGE_NOUN}|{TALK})\]?(?!\w))?",
    re.IGNORECASE,
)

# A cue that makes a following number a reference even without a pronoun.
CUE = re.compile(
    r"(?=[IiWwRrFfВвОоСсНнКкAa])(?<![\w\-])(?P<cue>in[^\S\n]{1,3}(?:response|reply|answer|addition)[^\S\n]{1,3}to|with[^\S\n]{1,3}reference[^\S\n]{1,3}to"
    r"|referring[^\S\n]{1,3}to|referencing|reference:?|further[^\S\n]{1,3}to|following[^\S\n]{1,3}up[^\S\n]{1,3}on"
    r"|(?:reply|answer|response)[^\S\n]{1,3}to|re:|re\.|ref\.?:?"
    r"|в[^\S\n]{1,3}ответ[^\S\n]{1,3}на|ответ[^\S\n]{1,3}на|ссылаясь[^\S\n]{1,3}на|в[^\S\n]{1,3}дополнение[^\S\n]{1,3}к"
    r"|на[^\S\n]{1,3}(?=№)|к[^\S\n]{1,3}(?=№))(?!\w)[^\S\n]{0,3}",
    re.IGNORECASE,
)
# "To No. 1726" / "To # 0890" / "to 0247 -INA" on a line of its own.
TO_LINE = re.compile(
    rf"(?m)^[^\S\n]{{0,8}}(?P<cue>to|на|к)[^\S\n]{{1,3}}(?:(?P<mark>{NUMBER_MARK})[^\S\n]{{0,2}})?(?P<num>{NUMBER})"
    rf"(?=[^\S\n]{{0,3}}(?:-[^\S\n]?[A-Za-zА-Яа-я]{{1,6}})?[^\S\n]{{0,3}}[.;]?[^\S\n]{{0,3}}$)",
    re.IGNORECASE,
)
DETERMINER = r"(?:the|a|an|these|those|that|both|its|two|three|four|five|several|all|\d{1,4})"
# A message noun with a determiner or a count: "the two cables", "48 telegrams", "a personal message".
NOUN_PHRASE = re.compile(
    rf"(?=[TtAaBbIiFfSs0-9])(?<![\w\-])(?P<det>{DETERMINER}(?:{SPACE}(?:two|three|four|five|\d{{1,4}}))?)(?=[^\S\n]{{1,3}}[A-Za-z])(?:{SPACE}(?P<adj>{ADJECTIVE}(?:{SPACE}{ADJECTIVE})?))?{SPACE}"
    rf"(?P<noun>{MESSAGE_NOUN_EN})(?![\w\-])",
    re.IGNORECASE,
)
# Someone's message: "Comrade Shtykov's telegram", "Khrush-chev's letter".
POSSESSIVE = re.compile(
    rf"(?P<owner>(?<![\w\-])[A-Z][\w\-]{{1,30}}(?:{SPACE}\[[A-Z][\w.\- ]{{0,20}}\])?)['’]s(?:{SPACE}(?P<adj>{ADJECTIVE}(?:{SPACE}{ADJECTIVE})?))?{SPACE}(?P<noun>{MESSAGE_NOUN_EN})(?![\w\-])"
)
# A Russian message noun without a pronoun; taken when received ("получена телеграмма от Мао") or dated.
RU_NOUN = re.compile(rf"(?=[ШшТтПпСсДдЗзРр])(?<![\w\-])(?P<noun>{MESSAGE_NOUN_RU})(?![\w\-])", re.IGNORECASE)
SEPARATE = re.compile(
    rf"(?=[IiOoBbWwUuОо])(?<![\w\-])(?:(?:in|on|by|with|under){SPACE}(?:a{SPACE})?separate{SPACE}(?:telegram|cable|message|letter)s?"
    rf"|отдельн\w{{1,4}}{SPACE}(?:телеграмм\w{{0,3}}|шифровк\w{{0,3}}|шифртелеграмм\w{{0,3}}|письм\w{{0,3}}))(?!\w)",
    re.IGNORECASE,
)
# A bare "1304/sh." on its own line under the address of an outgoing cable: the telegram answered.
ANSWERED_LINE = re.compile(r"(?m)^[^\S\n]{0,8}(?P<num>\d{2,7}/(?:sh|ш|shs|шс))\.?[^\S\n]{0,3}$")

RECEIVED = re.compile(
    r"(?<![\w\-])(?:received|receipt|got|came[^\S\n]{1,3}in|has[^\S\n]{1,3}come|have[^\S\n]{1,3}come|arrived|reached"
    r"|получ\w{0,6}|вручил\w{0,2}|вручен\w{0,2}|поступил\w{0,2}|пришл\w{0,2}|пришед\w{0,3})(?!\w)",
    re.IGNORECASE,
)
SENT = re.compile(
    r"(?<![\w\-])(?:sent|send|sending|dispatched|conveyed|transmitted|forwarded|delivered|handed|посла\w{0,4}|направ\w{0,6}|отправ\w{0,6})(?!\w)",
    re.IGNORECASE,
)
FORWARDED = re.compile(
    r"(?:copy|copies|text|texts|копи\w{0,2}|текст\w{0,2})[^\S\n]{1,3}(?:of[^\S\n]{1,3})?$", re.IGNORECASE
)
NOT_EARLIER = re.compile(
    r"(?:this|the[^\S\n]{1,3}present|the[^\S\n]{1,3}following|following|present|attached|enclosed|next|настоящ\w{1,4}|следующ\w{1,4}|данн\w{1,4})[^\S\n]{1,3}$",
    re.IGNORECASE,
)
DATE_CUE = re.compile(
    rf"(?:[^\S\n]{{0,2}},)?{SPACE}(?:(?:respectively|both){SPACE})?(?:(?:sent|dated|written|received|delivered|transmitted){SPACE}(?:on{SPACE})?|of{SPACE}|from{SPACE}(?=\d|[A-Z][a-z]{{2,8}}\.?{SPACE}\d)|on{SPACE}|от{SPACE}|из{SPACE}(?=\d))",
    re.IGNORECASE,
)
DATE_JOIN = re.compile(
    r"^(?:[^\S\n]{0,2}\[?\d{4}\]?)?[^\S\n]{0,2}(?:г\.|года)?[^\S\n]{0,2}(?:,[^\S\n]{0,2}(?:and|и)?|and|и|&|или|or)[^\S\n]{0,3}$",
    re.I,
)
NUMBER_JOIN = re.compile(
    rf"[^\S\n]{{0,2}}(?:,|and|и|&|,[^\S\n]{{0,2}}and|,[^\S\n]{{0,2}}и)[^\S\n]{{0,2}}(?:{NUMBER_MARK}[^\S\n]{{0,2}})?(?=\d)",
    re.I,
)
TWO_DAYS = re.compile(
    r"(?P<first>\d{1,2})[^\S\n]{0,2}(?:и|and|,|&)[^\S\n]{0,2}(?P<second>\d{1,2})[^\S\n]{1,3}(?P<rest>\S{3,12}(?:[^\S\n]{1,3}\d{4})?)"
)
AFTER_DATE_NUMBER = re.compile(
    rf"[^\S\n]{{0,2}}(?:г\.|года|г)?[^\S\n]{{0,2}}[,(]?[^\S\n]{{0,2}}(?:за|under|No\.?)?[^\S\n]{{0,2}}{NUMBER_MARK}[^\S\n]{{0,2}}(?=\d)",
    re.IGNORECASE,
)
NAME_AFTER = re.compile(
    r"[^\S\n]{1,3}(?P<prep>from|to|by|от|к)[^\S\n]{1,3}(?:the[^\S\n]{1,3})?(?P<name>\[?[A-ZА-ЯЁ][^\s,;:()/]{0,30}(?:[^\S\n]{1,3}\[?[A-ZА-ЯЁ][^\s,;:()/]{0,30}){0,6})"
)
