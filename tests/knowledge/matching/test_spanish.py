"""Spanish in messages: glossed into the claims' English words, denials kept, English left alone."""

import pytest

from knowledge.matching.matcher import Matcher
from knowledge.matching.spanish import gloss
from knowledge.matching.text import normalize
from knowledge.matching.types import Action
from tests.knowledge.matching.conftest import COMPTON, FLINT


def _gloss(text: str) -> str:
    return gloss(normalize(text))


def test_a_spanish_message_reads_in_english_words() -> None:
    assert _gloss("el vato le disparó a la patrulla") == "the guy shot at the patrol car"
    assert _gloss("la señora ni tenía pistola") == "the woman never had a gun"
    assert _gloss("la CHP dice que nadie le disparó al sargento") == "the chp says that nobody shot at the sergeant"


def test_english_keeps_its_small_words_and_only_spanish_words_are_glossed() -> None:
    assert _gloss("el segundo and la are fine, no shooting") == "el segundo and la are fine no shooting"
    assert _gloss("the man shooting at la policía in compton") == "the man shooting at la police in compton"


@pytest.mark.parametrize(
    ("text", "incident"),
    [
        ("Rosecrans y Atlantic el lunes: le tiraron balazos a la CHP, la patrulla quedó con hoyos", COMPTON),
        (
            "fue en Flint, en el desfile de Juneteenth, la policia mató a una chava de 19 sin razón, ella ni disparó",
            FLINT,
        ),
    ],
)
def test_spanish_misinformation_is_caught(matcher: Matcher, text: str, incident: str) -> None:
    actions = {m.action for m in matcher.match(text) if m.incident_id == incident}
    assert actions & {Action.REPLY, Action.REVIEW}


@pytest.mark.parametrize(
    "text",
    [
        "la CHP dice que nadie le disparó al sargento, que los balazos venian de otro lado",
        "mijo me explicó, el policía de Compton está bien, nadie le disparó a él. gracias a Dios",
        "vi las noticias de Westminster Colorado, dicen que encontraron una pistola en su carro",
    ],
)
def test_spanish_that_tells_the_record_is_not_answered(matcher: Matcher, text: str) -> None:
    assert all(m.action is not Action.REPLY for m in matcher.match(text))
