"""Whether a message is about a game, a show or a sport rather than something that happened.

"somebody started blasting at the highway patrol cruiser in los santos" and "new cod map has a highway patrol car
you can shoot up" (games), "flint firebirds won in a shootout 4-3" (hockey), "hit the game winning shot at the
buzzer" (basketball), "it's literally a water gun" (a prank): the incidents' words, said of play. A simile is not
play: "shooting at the chp car like it's gta", nor is a place called a warzone ("rosecrans & atlantic = warzone"; the
game is played "in warzone"), nor the fish ("cod tacos").
"""

from __future__ import annotations

import re

_GAMES = (
    r"gta(?: ?(?:5|6|v|vi|online|rp))?|grand theft auto|los santos|video ?games?|call of duty|fortnite"
    r"|(?:in|playing|play|on|cod) warzone|warzone (?:lobby|lobbies|match|matches|maps?|loadouts?|drop|season|squad"
    r"|stream|rebirth|resurgence|ranked)"
    r"|fivem|rp server|roleplay|red dead|boss ?fights?|final boss|speed ?run|pvp|respawn(?:ed|s)?"
    r"|cod (?:maps?|lobby|lobbies|zombies|mw[23]?|dmz|match|season)|(?:new|in|playing) cod"
)
_SCREEN = (
    r"movies?|netflix|tv show|cop show|season finale|trailer for|(?:the )?new (?:season|episode)|hollywood|sequel"
    r"|box office|fast x|fast (?:and|&|n) (?:the )?furious"
)
_SPORTS = (
    r"goalie|hockey|penalty shootout|(?:won|win|wins|lost|lose|loses) (?:it )?in (?:a|the) shootout|buzzer"
    r"|game ?winn(?:er|ing)|three ?pointer|free throws?|jump ?shot|nba|nfl|touchdown|playoffs?"
    r"|\d{1,2} ?- ?\d{1,2} (?:win|loss|final)|(?:won|lost|beat \w+) \d{1,2} ?- ?\d{1,2}"
)
_TOYS = r"water ?guns?|nerf(?: guns?)?|airsoft|paintball|squirt ?guns?|toy guns?"
_ACTS = (
    r"(?:killed|killin[g']?|kills|murdered|slayed|bodied) (?:it|that)"
    r"(?= *(?:$|[.!,?]|\W*$| (?:in|at|on|with|tho|though|lol|lmao|fr|ngl|today|tonight|yesterday|out there)\b))"
)
"""Slang for a fine performance ("they really killed that in the juneteenth parade performance", "the drumline
killed it"); not of someone ("killed that girl")."""
_KINDS = (("a game", _GAMES), ("a show", _SCREEN), ("a sport", _SPORTS), ("a toy gun", _TOYS), ("a performance", _ACTS))
_PLAY = re.compile("|".join(rf"(?P<k{i}>\b(?:{pattern})\b)" for i, (_kind, pattern) in enumerate(_KINDS)))
_SIMILE = re.compile(
    r"\b(?:like|straight|real ?life|irl|than|out of|outta|some|lookin|looking|looks|looked|felt|feels|living in"
    r"|turned into|turning into|became|becoming)"
    r"(?: (?:it'?s|its|it was|in|a|an|the|some|of|straight|real|life|irl|from|scene))* ?$"
)
_AFTER_SIMILE = re.compile(r"^ ?(?:irl|in real life|for real|type|vibes|style|scene|moment|shit|stuff)\b")


def at_play(text: str) -> str | None:
    """What play the message is about ("a game", "a show", "a sport", "a toy gun", "a performance"), or None; a
    mention only likened to ("like it's gta", "straight out of a movie", "gta irl") does not count.
    """  # noqa: D205
    lowered = text.casefold().replace("’", "'")
    for found in _PLAY.finditer(lowered):
        before = lowered[max(0, found.start() - 24) : found.start()]
        if _SIMILE.search(before) or _AFTER_SIMILE.match(lowered[found.end() : found.end() + 20]):
            continue
        return next(_KINDS[int(name[1:])][0] for name, value in found.groupdict().items() if value)
    return None
