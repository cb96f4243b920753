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
        ("Вы решили расположить девять китайских дивизий на границе.", ("division", 9, None, "chinese", (), None, None)),
        ("Мы готовы послать дивизию реактивных истребителей --24 штуки для прикрытия.", ("fighter-division", 1, None, None, ("jet fighter",), None, 24)),
        ("То же самое мы думаем проделать с авиадивизией в Шанхае.", ("air-division", 1, None, None, (), "shanghai", None)),
        ("отрезать первую и вторую армейские группы северо-корейцев от их тылов", ("army-group", 2, None, "north-korean", ("1st", "2nd"), None, None)),
        ("We could send five or six battle-ready divisions at once.", ("division", 5, 6, None, ("battle-ready",), None, None)),
        ("The enemy landed two American divisions near the port.", ("division", 2, None, "american", (), None, None)),
        ("advisers for the headquarters of the volunteer troops", ("headquarters", 1, None, "chinese", ("volunteer",), None, None)),
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
    text = "Отдел Второго Главного Управления Генштаба Советской Армии. The People's Liberation Army is ready; our army thanks you."
    assert units(context, text) == []
