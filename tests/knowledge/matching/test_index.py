"""The parts under the matcher: the BM25F index, typo correction and who-shot-whom."""

import random

import pytest

from knowledge.matching import index as index_module
from knowledge.matching.fuzzy import TypoCorrector
from knowledge.matching.index import Bm25Index, Bm25Params
from knowledge.matching.roles import Role, majority_role, police_role, shootings
from knowledge.matching.text import analyze

DOCUMENTS = [
    [(["flint", "parad", "shoot"], 1.0), (["michigan"], 0.5)],
    [(["compton", "chp", "shoot", "takeov"], 1.0), (["california"], 0.5)],
    [(["westminst", "shoot", "bodycam"], 1.0), (["colorado"], 0.5)],
]


def test_bm25_ranks_the_document_with_the_rarer_terms_first() -> None:
    """A shared word counts for little, a distinctive one for a lot."""
    index = Bm25Index(DOCUMENTS)
    ranked = index.search({"shoot": 1.0, "compton": 1.0}, 3)
    assert ranked[0][0] == 1
    assert ranked[0][1] > ranked[1][1] > 0
    assert index.search({"unknown": 1.0}, 3) == []
    assert (index.document_frequency["shoot"], index.document_frequency["compton"]) == (3, 1)
    assert index.idf("compton") > index.idf("shoot") > 0


def test_bm25_field_weights_and_query_weights_count() -> None:
    """A term in a light field scores less; a heavier query term scores more."""
    index = Bm25Index(DOCUMENTS)
    heavy = index.search({"flint": 1.0}, 1)[0][1]
    light = index.search({"michigan": 1.0}, 1)[0][1]
    assert heavy > light
    assert index.search({"flint": 2.0}, 1)[0][1] == pytest.approx(2 * heavy)


def test_frequent_terms_only_add_to_documents_already_found() -> None:
    """Past the budget, a common term re-scores the candidates but brings in no new document."""
    documents = [[([f"rare{n}", "common"], 1.0)] for n in range(50)]
    index = Bm25Index(documents, Bm25Params(frequent_df=10, budget=0))
    found = index.search({"rare7": 1.0, "common": 1.0}, 50)
    assert [doc for doc, _ in found] == [7]
    assert found[0][1] > index.search({"rare7": 1.0}, 1)[0][1]
    assert len(index.search({"common": 1.0}, 50)) == 50


def test_ties_keep_the_order_in_which_the_documents_were_found() -> None:
    """Equal scores: the documents of the term read first (the rarer, else the first asked for), by number."""
    documents = [[([word, "common"], 1.0)] for word in ("b", "a", "a", "b")]
    index = Bm25Index(documents)
    assert [doc for doc, _ in index.search({"b": 1.0, "a": 1.0}, 4)] == [0, 3, 1, 2]
    assert [doc for doc, _ in index.search({"a": 1.0, "b": 1.0, "common": 1.0}, 4)] == [1, 2, 0, 3]
    assert [doc for doc, _ in index.search({"a": 1.0, "b": 2.0}, 4)] == [0, 3, 1, 2]


@pytest.mark.parametrize("seed", range(4))
def test_few_postings_read_one_by_one_score_as_the_arrays_do(monkeypatch: pytest.MonkeyPatch, seed: int) -> None:
    """A search over few postings, read one by one, finds the documents, scores and ties the numpy search does,
    with query weights and terms that only re-score.
    """
    rng = random.Random(seed)
    words = [f"w{number}" for number in range(30)]
    documents = [[(rng.choices(words, k=rng.randint(1, 6)), 1.0), (rng.choices(words, k=2), 0.5)] for _ in range(40)]
    index = Bm25Index(documents, Bm25Params(frequent_df=8, budget=12))
    queries = [
        ({word: rng.choice((1.0, 1.0, 0.5, 2.0)) for word in rng.sample([*words, "unknown"], rng.randint(1, 6))}, limit)
        for limit in (rng.randint(1, 40) for _ in range(200))
    ]
    monkeypatch.setattr(index_module, "_FEW_POSTINGS", 10**9)
    one_by_one = [index.search(query, limit) for query, limit in queries]
    monkeypatch.setattr(index_module, "_FEW_POSTINGS", -1)
    assert [index.search(query, limit) for query, limit in queries] == one_by_one


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("westminister", "westminster"), ("compten", "compton"), ("sargeant", "sergeant"), ("shoting", "shooting")],
)
def test_typos_are_corrected_towards_known_words(typo: str, fixed: str) -> None:
    """One edit away from a known word of six letters or more: corrected."""
    corrector = TypoCorrector(["westminster", "compton", "sergeant", "shooting", "police"])
    assert corrector.correct(typo) == fixed


@pytest.mark.parametrize("word", ["police", "cop", "flirt", "xyzzyq", "polic3"])
def test_known_short_or_unrelated_words_are_left_alone(word: str) -> None:
    """Known words, short words, words far from any known word and non-letters are not corrected."""
    corrector = TypoCorrector(["police", "flint", "compton"])
    assert corrector.correct(word) is None


def test_ambiguous_typos_are_left_alone() -> None:
    """A word one edit from two known words could be either: no correction."""
    assert TypoCorrector(["shooter", "shouter"]).correct("shoter") is None


@pytest.mark.parametrize(
    ("text", "role"),
    [
        ("man shoots at CHP sergeant", Role.TARGET),
        ("CHP sergeant got shot at in Compton", Role.TARGET),
        ("gunman opens fire on a highway patrol cruiser", Role.TARGET),
        ("CHP officers shot a suspect", Role.AGENT),
        ("Flint police killed an innocent woman", Role.AGENT),
        ("Alysha Duran murdered by Westminster cop", Role.AGENT),
        ("innocent girl killed by a stray bullet in Flint", Role.OTHER),
        ("Officer Adams was shot by a woman driving the wrong way", Role.TARGET),
        ("the driver in Westminster shot officer Adams first", Role.TARGET),
        ("the cop in Westminster shot the driver", Role.AGENT),
        ("someone in compton tried to kill a cop at a sideshow", Role.TARGET),
        ("officer collapses crying after the shooting", None),
        ("the weather is nice", None),
        ("man ran up on the CHP sergeant and emptied the clip", None),  # the sergeant is not who fired
        ("briana never fired at the cop", None),  # a negated shooting is no one's
        ("she never fired a single shot at the cop", None),  # nor its object repeating it
        ("innocent woman gunned down by police at the parade", Role.AGENT),  # "shot dead by": how, then by whom
        ("Briana Sykes shot 16 times by a flint cop", Role.AGENT),
        ("the lady in westminster shot the cop", Role.TARGET),
        ("the highway patrol guy got shot at and just left", Role.TARGET),
        ("the chp dude shot the guy", Role.AGENT),
        ("someone fired right at the chp car", Role.TARGET),
        ("goons tried to kill a highway patrol sergeant", Role.TARGET),
        ("chp sergeant shot by a 46 yo woman at a traffic stop", Role.TARGET),  # a headline's passive, by someone
        ("chp sergeant shot by the barricade", None),  # "by" a place says nothing of who
        ("the driver fired two rounds at the chp officer", Role.TARGET),  # how much, then at whom
        ("the chp officer fired six shots at the driver", Role.AGENT),
        ("was the chp officer who got shot ok", Role.TARGET),  # "who" stands for the police
        ("the officer shot the woman who got hit", Role.AGENT),
    ],
)
def test_police_role(text: str, role: Role | None) -> None:
    """The police shooting, the police shot at, or undecided."""
    analysis = analyze(text)
    assert police_role(analysis.words, analysis.stems, {"chp", "highway", "patrol"}) is role


@pytest.mark.parametrize(
    "text", ["the chp sgt returned fire and dropped the guy at rosecrans", "the sergeant fired back at the shooter"]
)
def test_returned_fire_has_the_police_shot_at_first(text: str) -> None:
    """Shooting back answers shooting: the police shooting so were shot at."""
    analysis = analyze(text)
    assert shootings(analysis.words, analysis.stems, {"chp"}).roles == {Role.AGENT, Role.TARGET}


@pytest.mark.parametrize(
    ("text", "hit"),
    [
        ("the cop got shot in the flint juneteenth thing", True),
        ("the flint officer got shot at the juneteenth parade", True),
        ("the chp sergeant got shot at in compton", False),
        ("the officer was shot at by the driver", False),
        ("the officer shot the driver", False),
        ("someone shot up the chp car", False),
    ],
)
def test_police_hit_is_told_from_shot_at(text: str, hit: bool) -> None:
    """Shot is hurt; shot at is not, unless "at" says where ("at the parade")."""
    analysis = analyze(text)
    assert shootings(analysis.words, analysis.stems, {"chp"}).hit is hit


@pytest.mark.parametrize(
    ("text", "shot_at"),
    [
        ("dude ran up on the chp cruiser and started blasting at it", True),
        ("the dude was blasting straight at the patrol car's back window", True),
        ("man runs up to a chp cruiser and starts shooting", True),
        ("bro ran up on a chp cruiser and started blasting", True),
        ("bro the chp officer shot the man", False),  # "bro" said to the reader, the police shooting
        ("a chp sergeant was at the takeover when gunfire rang out", False),
        ("the chp officer shot the man", False),
        ("a man ran up to the chp car with his arm out", False),
    ],
)
def test_shooting_at_the_police_is_told_from_gunfire_near_them(text: str, shot_at: bool) -> None:
    """Aimed ("at", "into") or done by someone named: a claim of the police shot at; gunfire alone is not."""
    analysis = analyze(text)
    read = shootings(analysis.words, analysis.stems, {"chp"})
    found = read.aimed or read.by_someone
    assert found is shot_at


def test_majority_role_needs_a_clear_majority() -> None:
    """Wordings that disagree leave the claim's role undecided."""
    assert majority_role([Role.AGENT, Role.AGENT, None]) is Role.AGENT
    assert majority_role([Role.AGENT, Role.TARGET]) is None
    assert majority_role([None, None]) is None


def test_the_incident_s_people_are_who_shot_the_police_when_named_first() -> None:
    analysis = analyze("Alysha Duran shot officer Adams first")
    assert shootings(analysis.words, analysis.stems).roles == frozenset()
    assert shootings(analysis.words, analysis.stems, people={"alysha", "duran"}).roles == {Role.TARGET}
