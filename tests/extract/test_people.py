from cablegraph.extract import AgentRole, parse_document, run_extractors
from cablegraph.extract.extractors.people import looks_like_a_name, nominative


def test_unknown_russian_people_are_kept_with_low_confidence(context):
    text = "Тов. Сталину.\n\nСообщаю, что товарищ Игнатьев передал Панюшкину указание о поездке в Пекин.\n\nРОЩИН\n"
    document = parse_document(text, doc_id="people")
    mentioned = {a.person: a for a in run_extractors(document, context).agents(AgentRole.MENTIONED)}
    assert "panyushkin" in mentioned  # known: from the authority data
    ignatiev = mentioned["u-ignatev"]
    assert ignatiev.as_written == ("Игнатьев",)
    assert ignatiev.evidence[0].confidence == 0.5 and ignatiev.evidence[0].rule == "people.v1"


def test_nominative_and_name_shape():
    assert nominative("Игнатьеву") == "Игнатьев"
    assert nominative("Доронченковой") == "Доронченкова"
    assert looks_like_a_name("Игнатьев")
    assert not looks_like_a_name("Вас")
    assert not looks_like_a_name("Т Докладываю")
