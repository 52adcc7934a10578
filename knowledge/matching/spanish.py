"""Spanish in a message put in the claims' English words, so that the matcher reads it.

"la señora ni tenía pistola" is "the woman never had a gun". Chat in Los Angeles and Michigan mixes Spanish in
("the man shooting at la policía"), or is all Spanish. Words that only Spanish uses ("policía", "disparó",
"pistola") are glossed in any message; phrases and the small words (articles, pronouns, "que", "ni") only in a
message that reads as Spanish (`SPANISH_CUES`), so that "LA" or "El Segundo" in English stay as they are. The
gloss is word for word, with phrases for what it would otherwise get wrong: who did what to whom ("le disparó a
la patrulla" is "shot at the patrol car"), denials ("ni tenía pistola", "nadie le disparó") and stock phrases
("sin razón"). Text is normalised first (lowercase ASCII, accents folded).
"""

from __future__ import annotations

import re
from functools import cache

from knowledge.matching._lexicon import word_set

SPANISH_CUES: frozenset[str] = word_set(
    """
    que los las del una nadie ni le les ella pero porque dice dicen tenia traia nomas policia policias disparo
    dispararon pistola arma mato mataron desfile patrulla sargento muchacha senora mujer vato chota balazos sin fue
    estaba su por esa ese esta eso muy tambien todavia ningun ninguna encontraron cuando pq porq disparan balacearon
    balaceo jura placa estaban estan dijeron nada vieron como
    """
)
"""Words (accents folded) that mark a message as Spanish when it has two of them."""

_VERB_SHOT = (
    r"(?:le |les |la |lo )?(?:disparo|dispararon|disparan|dispara|disparaba|disparando|disparandole|balacearon|balaceo"
    r"|balacean|balaceando)"
)
_GUN = r"(?:una |un |ningun |ninguna |el |la |su )?(?:pistola|pistolas|arma|armas|cuete|fierro)"

PHRASES: tuple[tuple[str, str], ...] = (
    (r"(?:le |les )?(?:" + _VERB_SHOT + r"|tiraron|tiro|tiran|tiraban) a el\b", "shot at him"),
    (r"(?:nadie|ninguno) " + _VERB_SHOT + r"(?: balazos| tiros)? (?:al|a la|a el|a)\b", "nobody shot at the"),
    (r"(?:nadie|ninguno) " + _VERB_SHOT, "nobody fired"),
    (r"(?:ni|no|nunca|jamas) (?:tenia|traia|tiene|trae|llevaba|portaba|agarro|saco|tuvo) " + _GUN, "never had a gun"),
    (r"(?:ni|no|nunca|jamas) " + _GUN + r" (?:tenia|traia|tiene|trae|llevaba|portaba|tuvo)", "never had a gun"),
    (r"(?:ni|no|nunca|jamas) " + _VERB_SHOT, "never fired"),
    (r"(?:no|ni) (?:traia|tenia|llevaba|traiba) nada", "was unarmed"),
    (
        r"(?:le |les )?(?:estaban|estan|andaban|andan|empezaron a) (?:disparando|balaceando|tirando)(?:le|les)? "
        r"(?:al|a la|a el|a las|a los|a)\b",
        "were shooting at the",
    ),
    (
        r"(?:le |les )?(?:estaban|estan|andaban|andan|empezaron a) (?:disparando|balaceando|tirando)(?:le|les)?",
        "were shooting at him",
    ),
    (
        r"(?:le|les) (?:tiraron|tiro|tiran|tiraban)(?: balazos| tiros| bala)? (?:al|a la|a el|a las|a los|a)\b",
        "shot at the",
    ),
    (r"(?:le |les )?(?:pegaron|dieron|metieron) (?:un |unos )?(?:balazo|balazos|tiro|tiros|plomazo)", "got shot"),
    (r"(?:sin|no traia|no tenia) (?:ninguna |ningun )?arma", "unarmed"),
    (
        r"(?:le |les )?(?:tiraron|tiro|echaron) (?:balazos|tiros|plomazos|bala) (?:al|a la|a el|a)\b",
        "fired shots at the",
    ),
    (_VERB_SHOT + r" (?:al|a la|a el|a)\b", "shot at the"),
    (_VERB_SHOT + r" contra (?:el|la|los|las)\b", "shot at the"),
    (
        r"(?:quedo |quedaron |estaba |estaban )?(?:llena|lleno|llenas|llenos) de (?:agujeros|hoyos|balazos|tiros)"
        r"(?: de bala)?",
        "was hit by bullets",
    ),
    (r"(?:la |lo |le )?(?:mato|mataron|asesino|asesinaron)(?: a)?\b", "killed"),
    (r"encontraron " + _GUN, "found a gun"),
    (r"(?:ella|el) " + _VERB_SHOT + " primero", "she fired first"),
    (r"sin (?:razon|motivo|causa)", "for no reason"),
    (r"esta bien", "is fine"),
    (r"(?:de|desde) otro lado", "from somewhere else"),
    (r"(?:venian|vinieron|venia|vino|salieron) (?:del|de el|desde el) (?:este|oriente)", "came from the east"),
    (r"no (?:significa|quiere decir) que", "does not mean that"),
    (r"(?:se arranco|se fue|se pelo|huyo|se escapo)", "drove off"),
    (r"(?:en pleno|en el|durante el) desfile", "at the parade"),
)
"""Phrases glossed as a whole in a Spanish message, before the words."""

WORDS: dict[str, str] = {
    "policia": "police",
    "policias": "police",
    "sargento": "sergeant",
    "patrulla": "patrol car",
    "patrullas": "patrol cars",
    "pistola": "gun",
    "pistolas": "guns",
    "desfile": "parade",
    "balazos": "shots",
    "balazo": "shot",
    "disparos": "shots",
    "balacera": "shooting",
    "tiroteo": "shooting",
    "disparo": "shot",
    "dispararon": "shot",
    "mato": "killed",
    "mataron": "killed",
    "muchacha": "girl",
    "chava": "girl",
    "senora": "woman",
    "mujer": "woman",
    "vato": "guy",
    "chota": "cops",
    "jura": "cops",
    "placa": "cops",
    "jaras": "cops",
    "poli": "cop",
    "disparan": "shoot",
    "disparando": "shooting",
    "disparandole": "shooting at",
    "balacearon": "shot",
    "balaceo": "shot",
    "tiros": "shots",
    "emboscada": "ambush",
    "emboscaron": "ambushed",
    "armados": "armed",
    "armado": "armed",
    "chamaquita": "girl",
    "chamaca": "girl",
    "muchachita": "girl",
    "pistolero": "gunman",
    "asesinaron": "murdered",
    "herido": "wounded",
    "herida": "wounded",
    "heridos": "wounded",
    "inocente": "innocent",
    "desarmada": "unarmed",
    "desarmado": "unarmed",
    "mentira": "lie",
    "mentiras": "lies",
    "mienten": "lie",
    "miente": "lies",
    "enganoso": "misleading",
    "enganosa": "misleading",
    "mintieron": "lied",
}
"""Words only Spanish uses, glossed in any message."""

GATED_WORDS: dict[str, str] = {
    "el": "the",
    "la": "the",
    "los": "the",
    "las": "the",
    "una": "a",
    "un": "a",
    "y": "and",
    "que": "that",
    "de": "of",
    "del": "of the",
    "en": "in",
    "al": "to the",
    "ni": "not",
    "le": "",
    "les": "",
    "lo": "",
    "muy": "very",
    "por": "for",
    "con": "with",
    "nadie": "nobody",
    "ella": "she",
    "dice": "says",
    "dicen": "say",
    "nomas": "just",
    "solo": "just",
    "porque": "because",
    "pero": "but",
    "igual": "anyway",
    "tenia": "had",
    "tiene": "has",
    "traia": "had",
    "fue": "was",
    "estaba": "was",
    "es": "is",
    "su": "her",
    "carro": "car",
    "coche": "car",
    "ventana": "window",
    "oficial": "officer",
    "arma": "gun",
    "testigo": "witness",
    "testigos": "witnesses",
    "primero": "first",
    "encontraron": "found",
    "hoyos": "holes",
}
"""Words glossed only in a message that reads as Spanish."""

CUES_NEEDED = 2
"""How many Spanish cue words make a message read as Spanish."""

_SPANISH_MESSAGE_WORDS = {**GATED_WORDS, **WORDS}
"""What a message that reads as Spanish has glossed, word by word."""


def gloss(text: str) -> str:
    """A normalised message with its Spanish put in English words (unchanged when it has none)."""
    found = text.split()
    if len(SPANISH_CUES.intersection(found)) >= CUES_NEEDED:
        for pattern, plain in _phrases():
            text = pattern.sub(plain, text)
        table = _SPANISH_MESSAGE_WORDS
    elif WORDS.keys().isdisjoint(found):
        return text
    else:
        table = WORDS
    return " ".join(filter(None, (table.get(word, word) for word in text.split())))


@cache
def _phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(rf"(?<![a-z0-9]){pattern}(?![a-z0-9])"), plain) for pattern, plain in PHRASES)
