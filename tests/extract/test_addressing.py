"""Who a telegram's text addresses, and through whom: the relay forms of the address block.
Every text here is written for these tests in the archive's style."""

import pytest

from cablegraph.extract import parse_document
from cablegraph.extract.facts import AgentRole
from cablegraph.extract.registry import run_extractors


def parties(text, context):
    extraction = run_extractors(parse_document(text, "fixture"), context)
    return {role: {f.person or f.organisation or f.post for f in extraction.agents(role)} for role in AgentRole}


RELAYED_IN_ONE_LINE = """Телеграмма Т.Ф. Штыкову 2 ноября 1950 года
Пхеньян
Штыкову для товарища Ким Ир Сена.
Ваше письмо получено, и мы рассмотрим просьбу о поставках угля в ближайшие дни вместе с товарищами из Госплана.
"""

ENGLISH_RELAY = """BEIJING
Roshchin for Comrade Mao Zedong.
Your proposals about the railway have been studied and we agree with them in the main, as you will see below.
"""


@pytest.mark.parametrize(
    ("text", "intermediary", "recipient"),
    [(RELAYED_IN_ONE_LINE, "shtykov", "kim-il-sung"), (ENGLISH_RELAY, "roshchin", "mao-zedong")],
)
def test_the_name_before_a_relay_cue_on_one_line_passes_the_message_on(context, text, intermediary, recipient):
    found = parties(text, context)
    assert found[AgentRole.RECIPIENT] == {recipient}
    assert found[AgentRole.INTERMEDIARY] == {intermediary}


INSTRUCTION_TO_VISIT = """Attachment I.
Top Secret.

Visit cde. Pham Van Dong and inform him of what our delegation learned in Rangoon about the rice purchases.

Tell him that we shall send the experts he asked for before the end of the year, if the Burmese side agrees.
"""

VISIT_AND_PASS = """Attachment I.

Visit Zhou Enlai and pass him the following answer to his telegram about the advisers.

The advisers will leave Moscow on the tenth and will be in Beijing by the end of the month, with their families.
"""


def test_a_visit_to_brief_someone_is_an_instruction_not_an_address(context):
    found = parties(INSTRUCTION_TO_VISIT, context)
    assert "pham-van-dong" not in found[AgentRole.RECIPIENT]
    assert found[AgentRole.INTERMEDIARY] == set()


def test_a_visit_to_pass_a_message_on_addresses_it(context):
    assert "zhou-enlai" in parties(VISIT_AND_PASS, context)[AgentRole.RECIPIENT]


COPY_FORWARDED_IN_PROSE = """CIPHERED TELEGRAM No. 2231
From BEIJING

To Comrade FILIPPOV [Stalin].

I send you a copy of my telegram of 3 March 1951 to Comrade Peng Dehuai for transmission to Comrade Kim Il Sung, and ask your advice.

The divisions now resting near the river should be filled out before the spring, and the railway restored.

MAO ZEDONG
"""


def test_a_relay_named_in_the_first_sentence_of_prose_belongs_to_the_forwarded_copy(context):
    found = parties(COPY_FORWARDED_IN_PROSE, context)
    assert found[AgentRole.RECIPIENT] == {"stalin"}
    assert found[AgentRole.INTERMEDIARY] == set()
    assert found[AgentRole.SENDER] == {"mao-zedong"}
