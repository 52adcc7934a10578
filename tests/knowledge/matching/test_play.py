"""Messages about a game, a show, a sport or a toy gun reuse the incidents' words but say nothing happened."""

import pytest

from knowledge.matching.play import at_play


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("gta online lobby, somebody started blasting at the highway patrol cruiser in los santos", "a game"),
        ("got shot by a guy in the cop skin in warzone", "a game"),
        ("new cod map has a highway patrol car you can shoot up lol", "a game"),
        ("the takeover scene in that netflix show was wild", "a show"),
        ("that fast x scene where he fires at the cop car and the cop just drives off? peak hollywood", "a show"),
        ("flint firebirds won in a SHOOTOUT last night 4-3, goalie was unreal", "a sport"),
        ("compton college took the shot at the buzzer and won", "a sport"),
        ("dude is shooting at the patrol car and it's literally a water gun", "a toy gun"),
    ],
)
def test_play_is_told(text: str, kind: str) -> None:
    assert at_play(text) == kind


@pytest.mark.parametrize(
    "text",
    [
        "takeover clowns shooting at the chp car like its gta. compton monday morning edition",
        "we're living in gta now, guy blasting at the cop car at the takeover",
        "real life gta in compton, dude shot at the chp",
        "gta irl, dude shot at chp",
        "cod tacos after the compton takeover, then dude shot at the chp car",
        "straight out of a movie, he shot at the sergeant",
        "some hollywood level stuff, he unloaded on the chp car",
        "the cop shot her 3 times in 4 seconds",
    ],
)
def test_a_likeness_or_plain_talk_is_not_play(text: str) -> None:
    assert at_play(text) is None


@pytest.mark.parametrize(
    "text",
    ["they really killed that in the Juneteenth parade performance 🔥", "the drumline killed it at the parade"],
)
def test_killing_it_is_a_performance(text: str) -> None:
    assert at_play(text) == "a performance"


def test_killing_someone_is_not_a_performance() -> None:
    assert at_play("the cop killed that girl at the flint juneteenth parade") is None


def test_a_place_called_a_warzone_is_not_the_game() -> None:
    assert at_play("rosecrans and atlantic is a warzone, somebody shot a chp officer there") is None
    assert at_play("Rosecrans & Atlantic = warzone. homie shot at a CHP sgt and just walked away") is None
    assert at_play("warzone lobby had a cop skin shooting at a chp car") == "a game"
    assert at_play("somebody shot a chp officer in warzone last night lol") == "a game"
