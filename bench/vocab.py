"""Vocabulary of the scale corpus: people, places and units (Russian, English).

Every sentence of the corpus was written for this benchmark; none is taken from an archive or a
publication. Names of historical people and places are facts; the events and the wording
are invented. The text only has to cost what real telegrams cost: inflected names,
pseudonyms, posts, places, unit counts, references, quotations, copy lists. The sentences and
the fixed words of forms are in `bench.vocab_wording`.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

# --- people -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    """A correspondent: how the name is written in Russian (three cases) and in English."""

    id: str
    en: str
    ru: str
    side: str  # soviet | chinese | korean
    city: str  # place key where the person usually sits
    known: bool = True
    label: str = ""

    @property
    def dat(self) -> str:
        return ru_case(self.ru, "dat")

    @property
    def gen(self) -> str:
        return ru_case(self.ru, "gen")


def ru_case(name: str, case: str) -> str:
    """Dative or genitive of a Russian-written name: only the last word declines."""
    head, _, last = name.rpartition(" ")
    prefix = f"{head} " if head else ""
    low = last.lower()
    dat = case == "dat"
    if low.endswith(("ский", "цкий")):
        last = last[:-2] + ("ому" if dat else "ого")
    elif low.endswith(("ов", "ев", "ёв", "ин", "ын")):
        last = last + ("у" if dat else "а")
    elif low.endswith(("й", "ь")):
        last = last[:-1] + ("ю" if dat else "я")
    elif low[-1:] in "аеёиоуыэюя":
        pass  # indeclinable: Громыко, Лю Шаоци, Чжу Дэ
    else:
        last = last + ("у" if dat else "а")
    return prefix + last


# Known people (ids as in extract/data/people.toml), most active first: rank drives the Zipf weight.
KNOWN: tuple[Person, ...] = (
    Person("stalin", "Stalin", "Сталин", "soviet", "moscow"),
    Person("mao-zedong", "Mao Zedong", "Мао Цзэдун", "chinese", "beijing"),
    Person("zhou-enlai", "Zhou Enlai", "Чжоу Эньлай", "chinese", "beijing"),
    Person("roshchin", "Roshchin", "Рощин", "soviet", "beijing"),
    Person("kim-il-sung", "Kim Il Sung", "Ким Ир Сен", "korean", "pyongyang"),
    Person("shtykov", "Shtykov", "Штыков", "soviet", "pyongyang"),
    Person("razuvaev", "Razuvaev", "Разуваев", "soviet", "pyongyang"),
    Person("krasovsky", "Krasovsky", "Красовский", "soviet", "beijing"),
    Person("vyshinsky", "Vyshinsky", "Вышинский", "soviet", "moscow"),
    Person("kotov", "Kotov", "Котов", "soviet", "beijing"),
    Person("gromyko", "Gromyko", "Громыко", "soviet", "moscow"),
    Person("molotov", "Molotov", "Молотов", "soviet", "moscow"),
    Person("peng-dehuai", "Peng Dehuai", "Пэн Дэхуай", "chinese", "shenyang"),
    Person("gao-gang", "Gao Gang", "Гао Ган", "chinese", "shenyang"),
    Person("kovalev", "Kovalev", "Ковалев", "soviet", "beijing"),
    Person("bulganin", "Bulganin", "Булганин", "soviet", "moscow"),
    Person("liu-shaoqi", "Liu Shaoqi", "Лю Шаоци", "chinese", "beijing"),
    Person("pak-hon-yong", "Pak Hon-yong", "Пак Хен Ен", "korean", "pyongyang"),
    Person("vasilevsky", "Vasilevsky", "Василевский", "soviet", "moscow"),
    Person("shtemenko", "Shtemenko", "Штеменко", "soviet", "moscow"),
    Person("zakharov", "Zakharov", "Захаров", "soviet", "beijing"),
    Person("malik", "Malik", "Малик", "soviet", "moscow"),
    Person("panyushkin", "Panyushkin", "Панюшкин", "soviet", "beijing"),
    Person("zhigarev", "Zhigarev", "Жигарев", "soviet", "moscow"),
    Person("nie-rongzhen", "Nie Rongzhen", "Не Жунчжэнь", "chinese", "beijing"),
    Person("wang-jiaxiang", "Wang Jiaxiang", "Ван Цзясян", "chinese", "moscow"),
    Person("kim-tu-bong", "Kim Tu-bong", "Ким Ду Бон", "korean", "pyongyang"),
    Person("vasiliev", "Vasiliev", "Васильев", "soviet", "pyongyang"),
    Person("sokolovsky", "Sokolovsky", "Соколовский", "soviet", "moscow"),
    Person("zhu-de", "Zhu De", "Чжу Дэ", "chinese", "beijing"),
    Person("nam-il", "Nam Il", "Нам Ир", "korean", "pyongyang"),
    Person("li-fuchun", "Li Fuchun", "Ли Фучунь", "chinese", "beijing"),
    Person("chen-yun", "Chen Yun", "Чэнь Юнь", "chinese", "beijing"),
    Person("fedorenko", "Fedorenko", "Федоренко", "soviet", "moscow"),
    Person("mikoyan", "Mikoyan", "Микоян", "soviet", "moscow"),
    Person("ni-zhiliang", "Ni Zhiliang", "Ни Чжилян", "chinese", "pyongyang"),
    Person("choe-yong-gon", "Choe Yong-gon", "Цой Ен Ген", "korean", "pyongyang"),
    Person("suzdalev", "Suzdalev", "Суздалев", "soviet", "pyongyang"),
    Person("zorin", "Zorin", "Зорин", "soviet", "moscow"),
    Person("yudin", "Yudin", "Юдин", "soviet", "beijing"),
)

# People named in the text without writing (mentions), and the Politburo copy list.
MENTIONED = (
    "kim-il-sung",
    "pak-hon-yong",
    "peng-dehuai",
    "gao-gang",
    "zhou-enlai",
    "liu-shaoqi",
    "nie-rongzhen",
    "zhu-de",
    "kim-tu-bong",
    "nam-il",
    "li-fuchun",
    "chen-yun",
    "vasilevsky",
    "zakharov",
    "bulganin",
)
COPY_LIST = (
    "stalin",
    "molotov",
    "malenkov",
    "beria",
    "mikoyan",
    "kaganovich",
    "bulganin",
    "voroshilov",
    "poskrebyshev",
)
COPY_NAMES = {  # id -> (en, ru dative)
    "stalin": ("Stalin", "Сталину"), "molotov": ("Molotov", "Молотову"), "malenkov": ("Malenkov", "Маленкову"),
    "beria": ("Beria", "Берия"), "mikoyan": ("Mikoyan", "Микояну"), "kaganovich": ("Kaganovich", "Кагановичу"),
    "bulganin": ("Bulganin", "Булганину"), "voroshilov": ("Voroshilov", "Ворошилову"),
    "poskrebyshev": ("Poskrebyshev", "Поскребышеву"),
}  # fmt: skip

# Stalin's pseudonyms: (English, Russian nominative, last year in use).
PSEUDONYMS = (("Filippov", "Филиппов", 1953), ("Feng Xi", "Фын Си", 1950))

# Stems and endings of invented Russian surnames (Russian, English); checked against the
# authority data and gazetteer by the tests so that no invented form names someone real.
_RU_STEMS = (
    ("Бережн", "Berezhn"),
    ("Гладыш", "Gladysh"),
    ("Дорох", "Dorokh"),
    ("Ерем", "Erem"),
    ("Журб", "Zhurb"),
    ("Калаш", "Kalash"),
    ("Лопат", "Lopat"),
    ("Мохн", "Mokhn"),
    ("Нестер", "Nester"),
    ("Остап", "Ostap"),
    ("Прохор", "Prokhor"),
    ("Рябч", "Ryabch"),
    ("Свирид", "Svirid"),
    ("Тарасенк", "Tarasenk"),
    ("Устим", "Ustim"),
    ("Фомич", "Fomich"),
    ("Хворост", "Khvorost"),
    ("Чебот", "Chebot"),
    ("Шелест", "Shelest"),
    ("Щегл", "Shchegl"),
    ("Бобр", "Bobr"),
    ("Вихр", "Vikhr"),
    ("Гуляк", "Gulyak"),
    ("Дегтяр", "Degtyar"),
    ("Зубар", "Zubar"),
    ("Кудрявц", "Kudryavts"),
    ("Ломак", "Lomak"),
    ("Мартын", "Martyn"),
    ("Ноздр", "Nozdr"),
    ("Перепел", "Perepel"),
    ("Рогоз", "Rogoz"),
    ("Сыромят", "Syromyat"),
    ("Толоконн", "Tolokonn"),
    ("Хлуд", "Khlud"),
    ("Черемис", "Cheremis"),
    ("Шипул", "Shipul"),
    ("Бурлак", "Burlak"),
    ("Кожемяк", "Kozhemyak"),
    ("Грибан", "Griban"),
    ("Лык", "Lyk"),
)
_RU_ENDINGS = (("ов", "ov"), ("ин", "in"), ("ский", "sky"))
_RU_FIRST = (
    ("П.", "P."),
    ("И.", "I."),
    ("С.", "S."),
    ("А.", "A."),
    ("Н.", "N."),
    ("Г.", "G."),
    ("В.", "V."),
    ("М.", "M."),
)  # initials of labels
_CN_FAMILY = (
    ("Ван", "Wang"),
    ("Чжан", "Zhang"),
    ("Ян", "Yang"),
    ("Хуан", "Huang"),
    ("Чжао", "Zhao"),
    ("Сюй", "Xu"),
    ("Сунь", "Sun"),
    ("Ма", "Ma"),
    ("Го", "Guo"),
    ("Хэ", "He"),
    ("Ло", "Luo"),
    ("Тан", "Tang"),
)
_CN_GIVEN = (
    ("Минхуа", "Minghua"),
    ("Цзюньшэн", "Junsheng"),
    ("Дэпин", "Deping"),
    ("Юньцин", "Yunqing"),
    ("Гохай", "Guohai"),
    ("Вэньчжи", "Wenzhi"),
    ("Шичэн", "Shicheng"),
    ("Лиминь", "Limin"),
    ("Чжэнго", "Zhengguo"),
)
_KR_FAMILY = (("Пак", "Pak"), ("Ли", "Ri"), ("Чон", "Chong"), ("Хан", "Han"), ("Со", "So"))
_KR_GIVEN = (
    ("Ен Чер", "Yong-chol"),
    ("Сан Бок", "Sang-bok"),
    ("Ду Сон", "Tu-son"),
    ("Гым Сун", "Kum-sun"),
    ("Мун Гиль", "Mun-gil"),
    ("Чан Гым", "Chang-gum"),
)


def invented_people(count: int) -> tuple[Person, ...]:
    """`count` invented correspondents, always the same ones (their own fixed seed)."""
    rng = random.Random(19501025)
    seen: set[str] = set()
    people: list[Person] = []
    russian = [(sr + er, se + ee) for sr, se in _RU_STEMS for er, ee in _RU_ENDINGS]
    chinese = [(fr + " " + gr, fe + " " + ge) for fr, fe in _CN_FAMILY for gr, ge in _CN_GIVEN]
    korean = [(fr + " " + gr, fe + " " + ge) for fr, fe in _KR_FAMILY for gr, ge in _KR_GIVEN]
    for pool in (russian, chinese, korean):
        rng.shuffle(pool)
    shares = (("soviet", russian, 0.55), ("chinese", chinese, 0.28), ("korean", korean, 0.17))
    for side, pool, share in shares:
        for ru, en in pool[: round(count * share)]:
            if en in seen:
                continue
            seen.add(en)
            cities = {
                "soviet": ("moscow", "moscow", "beijing", "pyongyang"),
                "chinese": ("beijing", "shenyang", "harbin"),
                "korean": ("pyongyang",),
            }
            city = rng.choice(cities[side])
            label = f"{rng.choice(_RU_FIRST)[1]} {en}" if side == "soviet" else en
            people.append(Person(f"bench-{en.lower().replace(' ', '-')}", en, ru, side, city, known=False, label=label))
    return tuple(people[:count])


# --- places -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    """A gazetteer place with the Russian forms the templates need (nominative, genitive, 'in X')."""

    id: str
    en: str
    ru: str
    gen: str
    loc: str


PLACES: tuple[Place, ...] = (
    Place("beijing", "Beijing", "Пекин", "Пекина", "в Пекине"),
    Place("moscow", "Moscow", "Москва", "Москвы", "в Москве"),
    Place("pyongyang", "Pyongyang", "Пхеньян", "Пхеньяна", "в Пхеньяне"),
    Place("seoul", "Seoul", "Сеул", "Сеула", "в Сеуле"),
    Place("incheon", "Incheon", "Инчхон", "Инчхона", "в Инчхоне"),
    Place("shanghai", "Shanghai", "Шанхай", "Шанхая", "в Шанхае"),
    Place("shenyang", "Mukden", "Мукден", "Мукдена", "в Мукдене"),
    Place("harbin", "Harbin", "Харбин", "Харбина", "в Харбине"),
    Place("dandong", "Andong", "Аньдун", "Аньдуна", "в Аньдуне"),
    Place("lushun", "Port Arthur", "Порт-Артур", "Порт-Артура", "в Порт-Артуре"),
    Place("busan", "Pusan", "Пусан", "Пусана", "в Пусане"),
    Place("daegu", "Taegu", "Тэгу", "Тэгу", "в Тэгу"),
    Place("wonsan", "Wonsan", "Вонсан", "Вонсана", "в Вонсане"),
    Place("kaesong", "Kaesong", "Кэсон", "Кэсона", "в Кэсоне"),
    Place("sinuiju", "Sinuiju", "Синыйджу", "Синыйджу", "в Синыйджу"),
    Place("hamhung", "Hamhung", "Хамхын", "Хамхына", "в Хамхыне"),
    Place("tianjin", "Tianjin", "Тяньцзинь", "Тяньцзиня", "в Тяньцзине"),
    Place("guangzhou", "Canton", "Кантон", "Кантона", "в Кантоне"),
    Place("vladivostok", "Vladivostok", "Владивосток", "Владивостока", "во Владивостоке"),
    Place("khabarovsk", "Khabarovsk", "Хабаровск", "Хабаровска", "в Хабаровске"),
    Place("chita", "Chita", "Чита", "Читы", "в Чите"),
    Place("changchun", "Changchun", "Чанчунь", "Чанчуня", "в Чанчуне"),
    Place("qingdao", "Qingdao", "Циндао", "Циндао", "в Циндао"),
    Place("kanggye", "Kanggye", "Канге", "Канге", "в Канге"),
    Place("anju", "Anju", "Анджу", "Анджу", "в Анджу"),
    Place("nanjing", "Nanking", "Нанкин", "Нанкина", "в Нанкине"),
)
CITY_CAPS = {"beijing": ("ПЕКИН", "BEIJING"), "moscow": ("МОСКВА", "MOSCOW"), "pyongyang": ("ПХЕНЬЯН", "PYONGYANG"),
             "shenyang": ("МУКДЕН", "MUKDEN"), "harbin": ("ХАРБИН", "HARBIN")}  # fmt: skip

# --- military units ---------------------------------------------------------------------

# (Russian noun: gen sg, gen pl, gender; English singular, plural)
UNIT_NOUNS = (
    ("дивизии", "дивизий", "f", "division", "divisions"),
    ("армии", "армий", "f", "army", "armies"),
    ("бригады", "бригад", "f", "brigade", "brigades"),
    ("полка", "полков", "m", "regiment", "regiments"),
    ("корпуса", "корпусов", "m", "corps", "corps"),
    ("батальона", "батальонов", "m", "battalion", "battalions"),
)
COUNTS = {2: ("две", "два", "two"), 3: ("три", "три", "three"), 4: ("четыре", "четыре", "four"), 5: ("пять", "пять", "five"),
          6: ("шесть", "шесть", "six"), 8: ("восемь", "восемь", "eight"), 9: ("девять", "девять", "nine"),
          10: ("десять", "десять", "ten"), 12: ("двенадцать", "двенадцать", "twelve")}  # fmt: skip
AFFILIATIONS = (("китайск", "Chinese"), ("северокорейск", "North Korean"), ("советск", "Soviet"),
                ("американск", "American"), ("добровольческ", "volunteer"), ("", ""))  # fmt: skip
SINGLE_UNITS = (  # accusative, English
    ("авиадивизию", "an air division"),
    ("дивизию реактивных истребителей", "a jet fighter division"),
    ("танковую бригаду", "a tank brigade"),
    ("Главный штаб добровольческих войск", "the headquarters of the volunteer troops"),
    ("первую и вторую армейские группы северокорейцев", "the First and Second Army Groups of the North Koreans"),
    ("несколько добровольческих дивизий", "several volunteer divisions"),
    ("пять-шесть дивизий", "five-six divisions"),
)


def unit_phrase(rng: random.Random) -> tuple[str, str]:
    """A counted unit mention in the accusative, and its translation."""
    if rng.random() < 0.25:
        return rng.choice(SINGLE_UNITS)
    gen_sg, gen_pl, gender, _, en_pl = rng.choice(UNIT_NOUNS)
    count = rng.choice(tuple(COUNTS))
    fem, masc, en_count = COUNTS[count]
    adj_stem, adj_en = rng.choice(AFFILIATIONS)
    few = count < 5
    word = fem if gender == "f" else masc
    noun = gen_sg if few else gen_pl
    adjective = (adj_stem + ("ие" if few and gender == "f" else "их")) if adj_stem else ""
    ru = " ".join(part for part in (word, adjective, noun) if part)
    en = " ".join(part for part in (str(count) if rng.random() < 0.3 else en_count, adj_en, en_pl) if part)
    return ru, en
