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
    assert _gloss("la señora de Colorado ni arma tenía") == "the woman of colorado never had a gun"
    assert _gloss("ella disparó contra la gente en el desfile") == "she shot at the gente at the parade"
    holes = "dice que la patrulla quedó llena de agujeros de bala"
    assert _gloss(holes) == "says that the patrol car was hit by bullets"
    assert _gloss("la CHP dijo que es engañoso").endswith(" misleading")


def test_police_slang_and_shooting_at_someone_read_in_english_words() -> None:
    assert _gloss("le tiraron a la patrulla en compton") == "shot at the patrol car in compton"
    assert _gloss("en compton estan disparandole a las patrullas") == "in compton were shooting at the patrol cars"
    assert _gloss("al sargento le pegaron un balazo, la jura se fue") == "to the sergeant got shot the cops drove off"
    assert _gloss("la policia mato a una señora que no traia nada") == "the police killed a woman that was unarmed"


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
        ("ya ni la placa esta safe en las takeovers, le tiraron a la patrulla en compton el lunes", COMPTON),
        ("reddit borro el video de compton pq se veia clarito cuando le disparan al chp", COMPTON),
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
        "la CHP dice que nadie le estaba disparando al sargento en compton, los tiros venian de otro lado",
        "la muzzle flash se ve pero eso no significa que le tiraron a el. chp dice que los tiros venian del este",
    ],
)
def test_spanish_that_tells_the_record_is_not_answered(matcher: Matcher, text: str) -> None:
    assert all(m.action is not Action.REPLY for m in matcher.match(text))
