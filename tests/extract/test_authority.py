import pytest

from cablegraph.extract import Authority, AuthorityError, PartialDate
from cablegraph.extract.authority import russian_case_forms


@pytest.fixture(scope="module")
def authority():
    return Authority.load()


def test_authority_covers_the_main_actors(authority):
    assert len(authority.people) >= 60
    for person in authority.people.values():
        assert person.label and (person.names_en or person.names_ru)


@pytest.mark.parametrize(
    ("written", "person"),
    [
        ("МАО ЦЗЕ-ДУНУ", "mao-zedong"),
        ("Мао Цзэдуна", "mao-zedong"),
        ("Mao Tse-tung", "mao-zedong"),
        ("ЧЖОУ-ЭНЬ-ЛАЮ", "zhou-enlai"),
        ("Чжоу Эньлаю", "zhou-enlai"),
        ("Ким Ир Сена", "kim-il-sung"),
        ("тов. Красовскому", "krasovsky"),
        ("ЮДИНЫМ", "yudin"),
        ("Булганину", "bulganin"),
        ("F I L I P P O V", "stalin"),
        ("ФИЛИППОВ", "stalin"),
        ("Terebin", "orlov"),
    ],
)
def test_written_forms_resolve(authority, written, person):
    assert authority.resolve(written, PartialDate(1950, 10, 1) if person != "orlov" else PartialDate(1948)).person == person


def test_case_forms():
    assert set(russian_case_forms("Красовский")) >= {"Красовский", "Красовскому", "Красовского"}
    assert set(russian_case_forms("Мао Цзэдун")) >= {"Мао Цзэдуну", "Мао Цзэдуна"}
    assert russian_case_forms("Громыко") == ("Громыко",)


def test_user_files_extend_the_authority(tmp_path):
    extra = tmp_path / "mine.toml"
    extra.write_text('[[person]]\nid = "araushkin"\nlabel = "Araushkin"\nnames_ru = ["Араушкин"]\n', encoding="utf-8")
    authority = Authority.load([extra])
    assert authority.resolve("Араушкина").person == "araushkin"


def test_malformed_user_file_names_the_file(tmp_path):
    extra = tmp_path / "broken.toml"
    extra.write_text("[[person]]\nid = \n", encoding="utf-8")
    with pytest.raises(AuthorityError) as raised:
        Authority.load([extra])
    assert str(extra) in str(raised.value)
