import itertools

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cablegraph.extract import Authority, AuthorityError, PartialDate
from cablegraph.extract.name_forms import russian_case_forms


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
    assert (
        authority.resolve(written, PartialDate(1950, 10, 1) if person != "orlov" else PartialDate(1948)).person
        == person
    )


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


# --- posts resolve by place and date, never by default (issue 17, item 6) -----------------------


@pytest.mark.parametrize(
    ("written", "when", "place", "person", "post"),
    [
        ("Soviet Ambassador in Washington", PartialDate(1963, 5, 1), None, "dobrynin", "soviet-ambassador-usa"),
        ("Soviet Ambassador to the USA", PartialDate(1962, 10, 22), None, "dobrynin", "soviet-ambassador-usa"),
        ("USSR Ambassador to the United States", PartialDate(1944, 6, 1), None, "gromyko", "soviet-ambassador-usa"),
        ("Послу СССР в США", PartialDate(1962, 10, 22), None, "dobrynin", "soviet-ambassador-usa"),
        ("Soviet Ambassador in Budapest", PartialDate(1956, 10, 30), None, "andropov", "soviet-ambassador-hungary"),
        ("Посол СССР в Венгрии", PartialDate(1956, 10, 30), None, "andropov", "soviet-ambassador-hungary"),
        ("Ambassador of the USSR in Cuba", PartialDate(1962, 10, 27), None, "alekseev", "soviet-ambassador-cuba"),
        (
            "Soviet Ambassador in Hanoi",
            PartialDate(1955, 5, 18),
            None,
            "lavrishchev",
            "soviet-ambassador-north-vietnam",
        ),
        ("Soviet Ambassador, Peking", PartialDate(1963, 1, 1), None, "chervonenko", "soviet-ambassador-china"),
        # a bare title takes the place the telegram names (a city or a country)
        ("Soviet Ambassador", PartialDate(1956, 10, 30), "budapest", "andropov", "soviet-ambassador-hungary"),
        ("Soviet Ambassador", PartialDate(1962, 10, 27), "cuba", "alekseev", "soviet-ambassador-cuba"),
        ("Совпосолу", PartialDate(1950, 12, 1), "pyongyang", "razuvaev", "soviet-ambassador-dprk"),
        ("СОВПОСОЛ", PartialDate(1950, 10, 1), "beijing", "roshchin", "soviet-ambassador-china"),
        ("chief military adviser", PartialDate(1951, 6, 1), "beijing", "krasovsky", "chief-military-adviser-china"),
        # a title with a place the index does not list as a form: the place is read with the gazetteer
        (
            "Soviet Ambassador to the Democratic People's Republic of Korea",
            PartialDate(1950, 1, 1),
            None,
            "shtykov",
            "soviet-ambassador-dprk",
        ),
        (
            "Посол СССР во Вьетнаме",
            PartialDate(1966, 1, 1),
            None,
            "shcherbakov-ilya",
            "soviet-ambassador-north-vietnam",
        ),
        # the place the title names wins over the telegram's destination
        ("Soviet Ambassador in Washington", PartialDate(1963, 5, 1), "moscow", "dobrynin", "soviet-ambassador-usa"),
        # a post that is one of a kind resolves by date alone
        ("Soviet Foreign Minister", PartialDate(1950, 6, 1), None, "vyshinsky", "ussr-foreign-minister"),
        ("Soviet Foreign Minister", PartialDate(1962, 10, 1), None, "gromyko", "ussr-foreign-minister"),
        ("Secretary of State", PartialDate(1962, 10, 1), None, "rusk", "us-secretary-of-state"),
    ],
)
def test_posts_resolve_by_place_and_date(authority, written, when, place, person, post):
    resolution = authority.resolve(written, when, place)
    assert resolution is not None
    assert (resolution.person, resolution.post) == (person, post)


@pytest.mark.parametrize(
    ("written", "place"),
    [
        ("Soviet Ambassador", None),
        ("Совпосол", None),
        ("Советскому послу", None),
        ("Soviet Ambassador", "sochi"),  # no Soviet ambassador there
        ("Soviet Ambassador", "moscow"),
        ("chief military adviser", None),
        ("Soviet Ambassador in Havanna", None),  # a near miss of a place-specific title is no title at all
    ],
)
def test_a_bare_title_without_its_place_stays_unresolved(authority, written, place):
    resolution = authority.resolve(written, PartialDate(1963, 3, 1), place)
    assert resolution is None or resolution.person is None
    if resolution is not None and resolution.post is not None:
        assert authority.posts[resolution.post].is_role  # the placeless title, never a post at some place


def test_soviet_ambassador_alone_is_not_roshchin(authority):
    for when in (PartialDate(1963), PartialDate(1950, 10, 1)):
        resolution = authority.resolve("Soviet Ambassador", when)
        assert resolution is None or (resolution.person != "roshchin" and resolution.post != "soviet-ambassador-china")


def test_bare_titles_name_no_post_at_a_place(authority):
    for bare in (
        "Soviet Ambassador",
        "Совпосол",
        "Советский посол",
        "Посол СССР",
        "Chinese Ambassador",
        "chief military adviser",
    ):
        posts = [authority.posts[c.target] for c in authority.candidates(bare, fuzzy=False) if c.kind == "post"]
        assert posts and all(post.is_role for post in posts), bare


@pytest.mark.parametrize(
    ("written", "person"),
    [
        ("Черчиллю", "churchill"),
        ("Черчиллем", "churchill"),
        ("Рузвельту", "roosevelt"),
        ("Жукову", "zhukov"),
        ("Г. К. Жукову", "zhukov"),
        ("Курочкину", "kurochkin"),
        ("Василевскому", "vasilevsky"),
        ("Андропова", "andropov"),
        ("Добрынину", "dobrynin"),
        ("Подгорному", "podgorny"),
        ("Буденному", "budyonny"),
        ("Рапацкому", "rapacki"),
        ("Chou En-lai", "zhou-enlai"),
        ("Chi Peng-fei", "ji-pengfei"),
        ("Ho Dam", "heo-dam"),
        ("Ceausescu", "ceausescu"),
        ("A. I. Alekseev", "alekseev"),
        ("Former Naval Person", "churchill"),
    ],
)
def test_new_people_resolve_in_their_written_forms(authority, written, person):
    resolution = authority.resolve(written, PartialDate(1944, 6, 1))
    assert resolution is not None and resolution.person == person


def test_every_holding_is_a_forward_interval_and_holders_do_not_overlap(authority):
    for post in authority.posts.values():
        assert not (post.is_role and post.holders), post.id
        ordered = sorted(post.holders, key=lambda h: h.start)
        for holding in ordered:
            assert holding.start <= holding.end, (post.id, holding)
        for before, after in itertools.pairwise(ordered):
            assert before.end < after.start, (post.id, before, after)


def test_every_post_place_is_in_the_gazetteer_and_every_role_exists(authority):
    from cablegraph.extract.gazetteer import Gazetteer

    places = Gazetteer.load().places
    for post in authority.posts.values():
        for place in (post.place, post.country):
            assert place is None or place in places, (post.id, place)
        if post.role is not None:
            assert post.role in authority.posts and authority.posts[post.role].is_role, post.id
        if not post.is_role:
            assert post.country is not None, post.id


def test_every_shipped_entry_names_its_source():
    import tomllib
    from importlib.resources import files

    posts = tomllib.loads(files("cablegraph.extract.data").joinpath("posts.toml").read_text(encoding="utf-8"))["post"]
    assert all(entry.get("source") for entry in posts)
    people = tomllib.loads(files("cablegraph.extract.data").joinpath("people.toml").read_text(encoding="utf-8"))[
        "person"
    ]
    ids = [entry["id"] for entry in people]
    assert len(ids) == len(set(ids))
    new = ids[ids.index("brezhnev") :]
    assert all(entry.get("source") for entry in people if entry["id"] in new)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(written=st.text(max_size=80), place=st.sampled_from([None, "beijing", "washington", "cuba", "nowhere"]))
def test_resolve_never_raises(authority, written, place):
    authority.resolve(written, PartialDate(1962, 10, 22), place)
    authority.resolve(f"Soviet Ambassador in {written}", None, place)
    authority.resolve(f"{written} to the {written}", PartialDate(1950), place)
