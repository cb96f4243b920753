import pytest

from cablegraph.extract import UnitFact, parse_document, run_extractors


def units(context, text, language_hint="ru"):
    document = parse_document(text, doc_id="units")
    return [
        (u.unit_type, u.count, u.count_max, u.affiliation, u.qualifiers, u.place, u.equipment_count)
        for u in run_extractors(document, context, ["units.v1"]).of_type(UnitFact)
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Следовало бы двинуть хотя бы пять-шесть дивизий к границе.", ("division", 5, 6, None, (), None, None)),
        (
            "Вы решили расположить девять китайских дивизий на границе.",
            ("division", 9, None, "chinese", (), None, None),
        ),
        (
            "Мы готовы послать дивизию реактивных истребителей --24 штуки для прикрытия.",
            ("fighter-division", 1, None, None, ("jet fighter",), None, 24),
        ),
        (
            "То же самое мы думаем проделать с авиадивизией в Шанхае.",
            ("air-division", 1, None, None, (), "shanghai", None),
        ),
        (
            "отрезать первую и вторую армейские группы северо-корейцев от их тылов",
            ("army-group", 2, None, "north-korean", ("1st", "2nd"), None, None),
        ),
        (
            "We could send five or six battle-ready divisions at once.",
            ("division", 5, 6, None, ("battle-ready",), None, None),
        ),
        ("The enemy landed two American divisions near the port.", ("division", 2, None, "american", (), None, None)),
        (
            "advisers for the headquarters of the volunteer troops",
            ("headquarters", 1, None, "chinese", ("volunteer",), None, None),
        ),
        ("Три корпуса НОА сосредоточены в районе Аньдуна.", ("corps", 3, None, None, (), None, None)),
    ],
)
def test_unit_forms(context, text, expected):
    assert expected in units(context, text)


def test_same_mention_in_two_languages_is_one_fact(context, seeds_dir):
    from cablegraph.extract import read_document

    document = read_document(seeds_dir / "004_2d287dbd93c7e576.txt")
    facts = run_extractors(document, context, ["units.v1"]).of_type(UnitFact)
    nine = next(u for u in facts if u.count == 9)
    assert [e.version for e in nine.evidence] == ["v1", "v2"]
    assert set(nine.as_written) == {"девять китайских дивизий", "nine Chinese divisions"}


def test_institutions_are_not_formations(context):
    text = "Отдел Второго Главного Управления Генштаба Советской Армии. Our army thanks you; units of the division and brigade type."
    assert units(context, text) == []
    # a named armed force is a formation fact of its own (the dev corpus's convention), one per document
    found = units(context, "The People's Liberation Army is ready. Части НОА вышли к реке; the PLA waits.")
    assert found == [("armed-forces", None, None, "chinese", (), None, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # staff abbreviations of Soviet formations
        (
            "Конев решил ввести 3 гв. кк. и танковый корпус Богданова.",
            ("corps", 1, None, "soviet", ("3rd", "guards", "cavalry"), None, None),
        ),
        ("На правом крыле 4 УФ сил достаточно.", ("front", 1, None, "soviet", ("4th", "Ukrainian"), None, None)),
        # designated fronts, ordinals with hyphens of any kind, batteries with calibres
        (
            "координировать действия 3‑го и 4‑го Украинских фронтов",
            ("front", 2, None, None, ("3rd", "4th", "Ukrainian"), None, None),
        ),
        ("a howitzer regiment with two 122 mm gun batteries", ("battery", 2, None, None, (), None, None)),
        ("the 211th Fighter Aviation Regiment left for Dalny", ("regiment", 1, None, None, ("211th",), None, None)),
        # two sides named at once
        (
            "желаю американской и британской армиям новых успехов",
            ("army", None, None, "american-british", (), None, None),
        ),
    ],
)
def test_formation_forms(context, text, expected):
    assert expected in units(context, text)


def test_movements_and_front_lines_are_not_fronts(context):
    assert (
        units(
            context, "The Patriotic Liberation Front met; they hold a front line near the river; войска ушли на фронт."
        )
        == []
    )


def test_a_formation_named_again_is_one_fact(context):
    text = (
        "We are sending a bomber aviation regiment to Mukden. The 58th Bomber Aviation Regiment will arrive on 3 May; "
        "the regiment needs fuel. Moscow proposed moving eight Chinese divisions; the Chinese divisions lack artillery."
    )
    found = units(context, text)
    assert sorted(f[:4] for f in found) == [("division", 8, None, "chinese"), ("regiment", 1, None, None)]


def test_side_from_the_sentence(context):
    # the side the sentence before names ("the North Koreans") owns the divisions to withdraw
    text = "The enemy cut off the 3rd Army Group of the North Koreans. Withdraw at least three divisions to the north."
    assert ("division", 3, None, "north-korean") in [f[:4] for f in units(context, text)]


def test_seed_001_lists_the_formations_a_reader_lists(context, seeds_dir):
    """Seed 001: the 1st and 2nd Army Groups (North Korean), the four divisions Moscow told them to
    withdraw, and the five-six Chinese divisions (restated as 'the Chinese divisions'): three
    formation facts, each with its mentions in the two Russian transcripts and the translation."""
    from cablegraph.extract import read_document

    document = read_document(seeds_dir / "001_86e2695bae78fc10.txt")
    facts = run_extractors(document, context).of_type(UnitFact)
    assert sorted((u.unit_type, u.count, u.count_max, u.affiliation) for u in facts) == [
        ("army-group", 2, None, "north-korean"),
        ("division", 4, None, "north-korean"),
        ("division", 5, 6, "chinese"),
    ]
    for fact in facts:
        assert {e.version for e in fact.evidence} == {"v1", "v2", "v3"}
    chinese = next(u for u in facts if u.count_max == 6)
    assert {"пять-шесть дивизий", "Китайские дивизии", "five-six divisions", "The Chinese divisions"} <= set(
        chinese.as_written
    )
