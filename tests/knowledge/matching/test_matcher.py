"""The matcher's behaviour on the curated incidents: links, phrases, near misses, actions and reasons."""

import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching import matcher as matcher_module
from knowledge.matching import scoring
from knowledge.matching.matcher import Matcher
from knowledge.matching.text import normalize
from knowledge.matching.types import Action, LinkPage, Match, Thresholds
from tests.knowledge.matching.conftest import COMPTON, FLINT, GARBLED_LINK, WESTMINSTER

TAPHAPS = "https://taphaps.com/law-enforcement-shoots-woman/"
NERD_STASH = "https://thenerdstash.com/?p=720768"
MLIVE = "https://www.mlive.com/news/flint/2021/06/flint-woman-shot-by-police-during-juneteenth-celebration-dies.html"


def _only(matches: list[Match], incident: str, claim: str) -> Match:
    found = [m for m in matches if (m.incident_id, m.claim_id) == (incident, claim)]
    assert len(found) == 1, matches
    return found[0]


@pytest.mark.parametrize(
    "message",
    [
        GARBLED_LINK,
        f"{GARBLED_LINK}/",
        f"<{GARBLED_LINK}>",
        f"[bodycam]({GARBLED_LINK})",
        f"omg {GARBLED_LINK.replace('https://', 'http://www.')}?utm_source=twitter#top",
        GARBLED_LINK.replace("https://", ""),
        f"{GARBLED_LINK}/amp",
    ],
)
def test_known_link_in_any_variant_is_answered_with_score_100(matcher: Matcher, message: str) -> None:
    """The link itself is the evidence: even a bare known link gets a reply."""
    match = matcher.match(message)[0]
    assert (match.incident_id, match.claim_id) == (WESTMINSTER, "bodycam-garbled-account")
    assert match.score == 100
    assert match.action is Action.REPLY
    assert match.reasons[0].kind == "link"
    assert "spamchronicles.com/alysha-duran-is-shot" in match.reason_texts[0]


def test_known_link_of_an_accurate_claim_is_never_answered(matcher: Matcher) -> None:
    """The genuine video's page is known, but accurate claims are not answered unasked."""
    assert matcher.match(TAPHAPS) == []
    best = matcher.match(TAPHAPS, top=1)[0]
    assert (best.claim_id, best.score, best.action) == ("officer-broke-down-in-tears", 100, Action.IGNORE)
    assert any("accurate" in text for text in best.reason_texts)


@pytest.mark.parametrize(
    ("message", "incident", "claim"),
    [
        ("Man shoots at CHP sergeant during Compton street takeover", COMPTON, "man-shot-at-chp-sergeant"),
        (
            "Flint cops killed an innocent girl at the Juneteenth parade for no reason",
            FLINT,
            "police-killed-innocent-woman",
        ),
        ("Westminster police shot Alysha Duran for no reason, she was unarmed", WESTMINSTER, "duran-was-unarmed"),
    ],
)
def test_a_clear_claim_is_answered(matcher: Matcher, message: str, incident: str, claim: str) -> None:
    """The claim in other words gets a reply, and the reason quotes the words and the wording they match."""
    match = _only(matcher.match(message), incident, claim)
    assert match.action is Action.REPLY
    assert 80 <= match.score <= 100
    text_reasons = [r for r in match.reasons if r.kind == "text"]
    assert text_reasons
    wording = next(
        w for w in (match.claim, *knowledge_phrasings(matcher, incident, claim)) if w in text_reasons[0].detail
    )
    assert f'"{wording}"' in text_reasons[0].detail
    assert set(text_reasons[0].value.split()) <= set(normalize(message).split())


def knowledge_phrasings(matcher: Matcher, incident: str, claim: str) -> tuple[str, ...]:
    return matcher.knowledge.claim(incident, claim).phrasings


@pytest.mark.parametrize(
    "message",
    [
        "CHP officer shoots pedestrian on the 105 Freeway in Watts",
        "Two sheriff's deputies were shot while sitting in their patrol car in Compton in 2020",
        "there was a shooting at the Flint Juneteenth parade this year, police are investigating",
        "a woman was shot by police in Westminster, California",
        "I got shot down by my crush lol",
        "CHP officers shot a suspect who pointed a gun at them in Compton",
    ],
)
def test_near_misses_are_not_answered(matcher: Matcher, message: str) -> None:
    """The same city, agency or words about another event never get an automatic reply."""
    assert all(match.action is not Action.REPLY for match in matcher.match(message))


def test_near_miss_terms_are_named_in_the_reasons(matcher: Matcher) -> None:
    """A documented near miss lowers the score and says which words pointed to it."""
    best = _only(
        matcher.match("man shot at a CHP car on the 105 freeway in Compton", top=5), COMPTON, "man-shot-at-chp-sergeant"
    )
    near = [r for r in best.reasons if r.kind == "near-miss"]
    assert near
    assert "105" in near[0].detail
    assert best.action is not Action.REPLY


def test_a_near_miss_named_only_to_deny_it_does_not_count(matcher: Matcher) -> None:
    """ "It was CHP, not the sheriffs" points to no sheriffs' event: the claim said after it is answered."""
    text = "@dana it was CHP not the sheriffs. the dude shot at the chp car at atlantic and rosecrans"
    best = _only(matcher.match(text, top=5), COMPTON, "man-shot-at-chp-sergeant")
    assert not [r for r in best.reasons if r.kind == "near-miss"]
    assert best.action is Action.REPLY
    sheriffs = _only(matcher.match(text.replace("not the sheriffs", "the sheriffs too"), top=5), COMPTON, best.claim_id)
    assert [r for r in sheriffs.reasons if r.kind == "near-miss"] and sheriffs.action is not Action.REPLY


def test_police_shooting_rather_than_being_shot_at_is_said(matcher: Matcher) -> None:
    """Who shot whom matters: the reversed roles are named in the reasons."""
    listed = matcher.match("CHP officers shot a man at the Compton street takeover", top=3)
    best = next(match for match in listed if match.claim_id == "man-shot-at-chp-sergeant")
    assert all(match.action is not Action.REPLY for match in listed)
    assert any("police shooting" in text for text in best.reason_texts)


def test_short_messages_are_never_answered_automatically(matcher: Matcher) -> None:
    """Below the minimum number of words a message is not answered, however well it matches."""
    message = "Man shoots at CHP sergeant"
    assert _only(matcher.match(message), COMPTON, "man-shot-at-chp-sergeant").action is Action.REPLY
    stricter = _only(
        matcher.match(message, thresholds=Thresholds(min_words_for_reply=6)), COMPTON, "man-shot-at-chp-sergeant"
    )
    assert stricter.action is Action.REVIEW
    assert stricter.score >= Thresholds().reply
    assert any("too short" in text for text in stricter.reason_texts)
    for short in ("CHP sergeant shot", "Alysha Duran unarmed", "cops killed Briana"):
        assert all(match.action is not Action.REPLY for match in matcher.match(short))


def test_thresholds_can_be_set_per_call(matcher: Matcher) -> None:
    """A server's own thresholds decide the action; the score stays the same."""
    message = "someone shot at the cop car at a sideshow"
    default = _only(matcher.match(message), COMPTON, "man-shot-at-chp-sergeant")
    assert default.action is Action.REVIEW
    strict = matcher.match(message, thresholds=Thresholds(reply=99, review=95))
    assert strict == []
    lenient = _only(matcher.match(message, thresholds=Thresholds(reply=50, review=40)), COMPTON, default.claim_id)
    assert lenient.action is Action.REPLY
    assert lenient.score == default.score


def test_matcher_thresholds_are_the_default(knowledge: KnowledgeBase) -> None:
    """Thresholds given to the matcher apply when a call gives none."""
    strict = Matcher(knowledge, Thresholds(reply=100, review=100))
    assert strict.match("Man shoots at CHP sergeant during Compton street takeover") == []


def test_top_n_returns_the_best_candidates_even_when_ignored(matcher: Matcher) -> None:
    """With top=N: at most N candidates, best first, whatever their action."""
    matches = matcher.match("I got shot down by my crush lol", top=3)
    assert 1 <= len(matches) <= 3
    assert all(match.action is Action.IGNORE for match in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)
    assert matcher.match("I got shot down by my crush lol", top=0) == []
    assert len(matcher.match("police shot a woman in her car", top=10)) <= len(matcher)


@pytest.mark.parametrize(
    "message",
    [
        "good morning everyone",
        "the traffic on the 405 was awful this morning",
        "anyone been to compton lately? traffic was wild",
        "Duran was my neighbour's cousin",
        "man shoots at a CHP sergeant at the Compton takeover",
        "alysha never had a gun, he shot her for nothing",
    ],
)
def test_claims_sharing_no_word_are_told_apart_without_changing_a_score(
    knowledge: KnowledgeBase, monkeypatch: pytest.MonkeyPatch, message: str
) -> None:
    """Telling a claim's many wordings share no word with a message at once scores every claim as comparing
    each wording does: chat, a place or a name alone, claims.
    """
    shortcut = Matcher(knowledge)
    listed = shortcut.match(message, top=len(shortcut))
    monkeypatch.setattr(matcher_module, "_MANY_WORDINGS", 10**9)
    compared = Matcher(knowledge).match(message, top=len(shortcut))
    assert [(m.claim_id, m.score, m.action) for m in listed] == [(m.claim_id, m.score, m.action) for m in compared]


@pytest.mark.parametrize(
    "message",
    [
        "good morning everyone",
        "anyone know a good mechanic in Long Beach?",
        "man shoots at a CHP sergeant at the Compton takeover",
        "the flint parade shooting was awful",
        "Alysha Duran was shot by a westminster cop",
        "Duran was my neighbour's cousin",
    ],
)
def test_a_message_with_no_first_word_of_a_keyword_is_checked_as_by_looking_for_each(
    matcher: Matcher, message: str
) -> None:
    """Ruling out an incident's keywords and near misses at once by their first stems checks the event as looking
    for each of them does.
    """
    views = matcher.read(message).views
    for incident in matcher.knowledge:
        for claim in incident.claims:
            entry = matcher.claim_entry(incident.id, claim.id)
            assert entry is not None
            starts = scoring.event_starts(entry)
            assert scoring.check_event(entry, views, starts) == scoring.check_event(entry, views)


def test_default_output_has_one_match_per_claim_best_first(matcher: Matcher) -> None:
    """Only reply and review matches, one per claim, in score order."""
    matches = matcher.match(
        "Alysha Duran unarmed, shot by Westminster police. Bodycam: she claimed she reached for a gun"
    )
    keys = [(m.incident_id, m.claim_id) for m in matches]
    assert len(keys) == len(set(keys))
    assert all(m.action in (Action.REPLY, Action.REVIEW) for m in matches)
    assert [m.score for m in matches] == sorted((m.score for m in matches), reverse=True)


def test_accurate_claims_are_ranked_but_never_answered(matcher: Matcher) -> None:
    """Posts about the genuine video match its claim, which is accurate: ignored, still shown with top."""
    message = "cop breaks down in tears after shooting woman who shot at him"
    assert all(m.claim_id != "officer-broke-down-in-tears" for m in matcher.match(message))
    best = matcher.match(message, top=1)[0]
    assert best.claim_id == "officer-broke-down-in-tears"
    assert best.score >= Thresholds().reply
    assert best.action is Action.IGNORE


def test_a_message_disputing_the_claim_is_not_answered(matcher: Matcher) -> None:
    """Someone already calling the claim misleading does not need the bot."""
    message = "the Compton takeover video is misleading, nobody shot at the CHP sergeant"
    assert all(m.action is not Action.REPLY for m in matcher.match(message))


def test_a_message_carrying_a_source_is_not_answered(matcher: Matcher) -> None:
    """A message that already links the official record gets at most a review, with the reason."""
    message = f"Flint cops killed an innocent woman at the Juneteenth parade {MLIVE}"
    assert matcher.carries_source(message, FLINT)
    assert not matcher.carries_source(message, COMPTON)
    match = _only(matcher.match(message), FLINT, "police-killed-innocent-woman")
    assert match.action is Action.REVIEW
    assert any("source" in text for text in match.reason_texts)


def test_link_questions(matcher: Matcher) -> None:
    """Known links and sources are recognised in any variant; others are candidates for fetching."""
    assert matcher.is_known_link("http://www.taphaps.com/law-enforcement-shoots-woman/amp/?fbclid=x")
    assert not matcher.is_known_link(NERD_STASH)
    assert matcher.is_source_link(COMPTON, f"{NERD_STASH}&utm_source=x")
    assert not matcher.is_source_link(FLINT, NERD_STASH)
    message = f"see {TAPHAPS} and {NERD_STASH} and https://youtu.be/abcdefghijk?t=3 https://www.youtube.com/watch?v=abcdefghijk"
    assert matcher.unknown_links(message) == ["https://youtube.com/watch?v=abcdefghijk"]


def test_unknown_link_slug_is_matched_like_text(matcher: Matcher) -> None:
    """An article's slug carries the claim like a headline: shared alone, it is answered as its words would be."""
    link = "https://example-news.net/man-shoots-at-chp-sergeant-during-compton-street-takeover/"
    match = _only(matcher.match(link), COMPTON, "man-shot-at-chp-sergeant")
    assert match.action is Action.REPLY
    assert match.reasons[0].kind == "slug"
    assert "example-news.net" in match.reason_texts[0]


def test_a_slug_too_short_to_tell_or_disputing_the_claim_is_not_answered(matcher: Matcher) -> None:
    """A slug of a few words is as ambiguous as a short message; one that says "misleading" is the debunk."""
    short = _only(matcher.match("https://example-news.net/chp-sergeant-shot-at/"), COMPTON, "man-shot-at-chp-sergeant")
    assert short.action is not Action.REPLY
    debunk = "https://example-news.net/video-of-man-shooting-at-chp-sergeant-in-compton-is-misleading-chp-says/"
    matches = matcher.match(debunk)
    assert all(match.action is not Action.REPLY for match in matches)


def test_a_slug_says_the_claims_word_for_a_message_that_only_points_at_it(matcher: Matcher) -> None:
    """ "look at this" says nothing; the link's address ("...-woman-shot-for-no-reason-...") says the claim's own
    word and names the incident: as if its words were the message's. Not a fact-check's address.
    """
    link = "https://spamnews.site/westminster-co-woman-shot-for-no-reason-bodycam"
    for text in (f"{link} look at this", f"{link} miren esto 😡"):
        match = _only(matcher.match(text), WESTMINSTER, "duran-was-unarmed")
        assert match.action is not Action.IGNORE
    debunk = "https://spamnews.site/fact-check-westminster-woman-shot-for-no-reason-false look at this"
    assert all(m.action is not Action.REPLY for m in matcher.match(debunk))


def test_fetched_pages_are_matched_like_text(matcher: Matcher) -> None:
    """A page's title and description count as text; its canonical link counts as a link."""
    page = LinkPage(
        url="https://example-news.net/a8Fk2",
        title="Westminster police shot Alysha Duran, an unarmed woman, for no reason",
    )
    message = "look at this video, wow https://example-news.net/a8Fk2"
    match = _only(matcher.match(message, pages=[page]), WESTMINSTER, "duran-was-unarmed")
    assert match.action is Action.REPLY
    assert any(r.kind == "page" for r in match.reasons)
    bare = _only(matcher.match("https://example-news.net/a8Fk2", pages=[page]), WESTMINSTER, "duran-was-unarmed")
    assert bare.action is Action.REPLY  # the page's headline is what matched, long enough to answer (issue 5)
    known = LinkPage(url="https://example-news.net/b9", canonical_url=GARBLED_LINK)
    linked = _only(matcher.match("https://example-news.net/b9", pages=[known]), WESTMINSTER, "bodycam-garbled-account")
    assert (linked.score, linked.action) == (100, Action.REPLY)


def test_match_json(matcher: Matcher) -> None:
    """Matches print as the CLI shows them."""
    data = matcher.match(GARBLED_LINK)[0].to_json()
    assert data["incident"] == WESTMINSTER
    assert data["action"] == "reply"
    assert data["score"] == 100
    assert isinstance(data["reasons"], list)


def test_sources_carried_names_every_incident_whose_source_is_linked(matcher):
    flint_source = "https://wtop.com/holidays/2021/06/woman-who-shot-at-police-killed-by-cop-at-juneteenth-event/"
    compton_source = "https://thenerdstash.com/?p=720768"

    assert matcher.sources_carried(f"see {flint_source} and {compton_source}") == {FLINT, COMPTON}
    assert matcher.sources_carried("no links at all") == set()


def test_a_question_not_clear_enough_to_answer_is_not_queued(matcher: Matcher) -> None:
    """Asking is not spreading: a member's question goes to the moderators when it names the claim outright,
    otherwise it is left to them (/factcheck).
    """
    text = "is the rosecrans and atlantic video real? genuinely asking, it looks like hes shooting"
    assert matcher.match(text) == []
    best = matcher.match(text, top=1)[0]
    assert best.claim_id == "man-shot-at-chp-sergeant"
    assert "the message only asks: the member can ask /factcheck" in best.reason_texts
    said = matcher.match(text.replace("? genuinely asking,", ","))
    assert _only(said, COMPTON, "man-shot-at-chp-sergeant").action is Action.REVIEW


@pytest.mark.parametrize(
    ("question", "claim"),
    [
        ("is it true someone shot at a chp sergeant in compton? saw a clip", "man-shot-at-chp-sergeant"),
        ("is it true alysha duran was unarmed when the police shot her?", "duran-was-unarmed"),
    ],
)
def test_a_question_naming_the_claim_goes_to_review_not_to_an_answer(
    matcher: Matcher, question: str, claim: str
) -> None:
    """An unprompted answer to a question reads as a correction: moderators decide; the claim said outright is
    answered.
    """
    asked = [match for match in matcher.match(question) if match.claim_id == claim]
    assert [match.action for match in asked] == [Action.REVIEW]
    assert "the message only asks: a moderator decides whether to answer it" in asked[0].reason_texts
    said = question.replace("is it true ", "").replace("?", "")
    assert any(m.claim_id == claim and m.action is Action.REPLY for m in matcher.match(said))


@pytest.mark.parametrize(
    "text",
    [
        "a westminster officer shot and killed alysha duran on 88th avenue",
        "the westminster cop shot alysha duran",
        "flint cop shot briana sykes at the juneteenth parade",
        "a 19 year old woman was killed by a flint cop during the juneteenth parade",
        "a chp sergeant was at the compton street takeover when gunfire rang out",
        "the compton takeover video shows a man running up to the chp car with his arm out",
    ],
)
def test_the_police_shooting_said_plainly_is_the_record_not_a_claim(matcher: Matcher, text: str) -> None:
    """That the police shot someone is what happened, and gunfire near the police or a man running up to their car
    is what the clip shows; the claims are about how and why (unarmed, innocent) and at whom: never answered on
    the shooting alone.
    """
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


def test_the_police_shooting_with_what_the_claim_adds_is_answered(matcher: Matcher) -> None:
    match = _only(
        matcher.match("she didnt do anything and the flint cop killed her at the parade"),
        FLINT,
        "police-killed-innocent-woman",
    )
    assert match.action is Action.REPLY
    both = "the woman in westminster shot the cop and the cop shot her back, both of them died"
    assert _only(matcher.match(both), WESTMINSTER, "westminster-officer-was-shot").action is Action.REPLY


def test_news_of_the_incident_in_its_records_words_is_left_alone(matcher: Matcher) -> None:
    """Naming the incident and saying what its record says is news, not for review; saying more is."""
    news = "woman shot and killed by westminster officer identified as alysha duran"
    best = matcher.match(news, top=1)[0]
    assert best.action is Action.IGNORE
    assert "the message names the incident and says nothing its record does not" in best.reason_texts


@pytest.mark.parametrize("verb", ["executed", "murdered"])
def test_a_killing_judged_not_told_says_more_than_the_record(matcher: Matcher, verb: str) -> None:
    """The record says the officer killed her; "executed" or "murdered" says he had no cause: for review on words
    alone, where "killed" is left alone.
    """
    told = matcher.match("westminster police killed alysha duran", top=1)[0]
    assert told.action is Action.IGNORE
    judged = matcher.match(f"westminster police {verb} alysha duran", top=1)[0]
    assert (judged.claim_id, judged.action) == ("duran-was-unarmed", Action.REVIEW)
    more = "the westminster cop who killed alysha duran was drunk on duty"
    assert _only(matcher.match(more), WESTMINSTER, "duran-was-unarmed").action is Action.REVIEW
    counted = "3 people dead at flint juneteenth parade after cop starts shooting"
    assert any(match.incident_id == FLINT for match in matcher.match(counted))


@pytest.mark.parametrize(
    "text",
    [
        "lmao 'he was shooting at the cop' bro was holding an iphone. chp said so themselves about the compton clip",
        "lol the headline 'shot dead a motorist after she claimed she had reached for a gun' is nonsense, duran didnt",
    ],
)
def test_a_message_quoting_the_claim_to_mock_it_is_not_answered(matcher: Matcher, text: str) -> None:
    """The claim in quotation marks is talked about, not said: a moderator may look, the bot does not answer."""
    matches = matcher.match(text)
    assert matches and all(match.action is Action.REVIEW for match in matches)
    assert "the message quotes the claim rather than saying it in its own words" in matches[0].reason_texts


def test_a_headline_quoted_to_share_it_says_the_claim(matcher: Matcher) -> None:
    text = "https://x.com/scanner/status/1 'suspect fires at CHP sergeant during Compton sideshow' getting out of hand"
    assert _only(matcher.match(text), COMPTON, "man-shot-at-chp-sergeant").action is Action.REPLY


def test_saying_people_fell_for_the_clip_disputes_it(matcher: Matcher) -> None:
    text = "the guy extends his arm in the compton chp clip, looks like shooting at the cop, i get why ppl fell for it"
    assert all(match.action is not Action.REPLY for match in matcher.match(text))


@pytest.mark.parametrize(
    ("message", "incident", "claim"),
    [
        ("westminster cop shot a woman for driving the wrong way on 88th", WESTMINSTER, "duran-was-unarmed"),
        ("the cops kill you for asking a question at a juneteenth parade now. rip briana sykes", FLINT, None),
        ("the flint juneteenth cop shot a lady who was just trying to get home", FLINT, "police-killed-innocent-woman"),
    ],
)
def test_a_killing_for_a_pretext_naming_the_incident_is_answered(
    matcher: Matcher, message: str, incident: str, claim: str | None
) -> None:
    """ "Shot her for driving the wrong way" says she was shot for no reason, as the claim does."""
    match = matcher.match(message)[0]
    assert match.incident_id == incident
    assert claim is None or match.claim_id == claim
    assert match.action is Action.REPLY


@pytest.mark.parametrize(
    "message",
    [
        "the flint cop shot her at the juneteenth parade because she fired at him first",
        "the flint juneteenth cop shot a lady who was just shooting at him",
    ],
)
def test_a_killing_for_a_real_reason_is_not_a_pretext(matcher: Matcher, message: str) -> None:
    """The record's own reason ("because she fired first") is no pretext: nothing to answer."""
    assert all(match.action is not Action.REPLY for match in matcher.match(message))


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("she was rubbing her necklace and he shot her. thats it. thats the whole video. no gun", "duran-was-unarmed"),
        ("she pulled up to ask the cop for directions to the parade and he shot her", "police-killed-innocent-woman"),
    ],
)
def test_a_common_keyword_with_the_claims_core_and_a_shooting_goes_to_review(
    matcher: Matcher, text: str, claim: str
) -> None:
    """One common keyword ("necklace", "parade") names other things too: with the claim's core ("no gun", "to
    ask": for no reason) and a shooting, a moderator decides; without a shooting nothing happened to anyone.
    """
    assert [m.action for m in matcher.match(text) if m.claim_id == claim] == [Action.REVIEW]
    assert matcher.match("finally hit sergeant rank in cod") == []
    assert matcher.match("bodycam recommendations for a security job? boss wants us all wearing one") == []


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("https://example-news.net/compton-takeover-gunfire-chp-sergeant read this, the sergeant got shot at", None),
        ("https://example-news.net/flint-officer-guns-down-unarmed-teen-at-juneteenth-parade", None),
        ("x.com/crimewatch/status/compton-gunman-targets-chp-sergeant-at-street-takeover seen this??", None),
    ],
)
def test_a_headline_slug_names_the_incident_and_the_message_or_its_slang_says_the_claim(
    matcher: Matcher, text: str, claim: None
) -> None:
    """A link's slug naming the incident, with who shot whom said in the message ("the sergeant got shot at"), or
    a headline's slang ("guns down": shoots dead) or words as messages put them ("gunman targets"), is answered.
    """
    assert any(match.action is Action.REPLY for match in matcher.match(text))


@pytest.mark.parametrize(
    "text",
    [
        "CHP officer wounded in a crash on the 405 this morning",
        "chp sergeant injured during a pursuit in barstow",
        "chp officer got hit by a drunk driver",
    ],
)
def test_police_hurt_in_no_shooting_is_not_the_claim_of_a_wound_by_gunfire(matcher: Matcher, text: str) -> None:
    """The claims of an officer hit are of a hit by gunfire: hurt in a crash or a pursuit is another event."""
    assert not any(match.action is Action.REPLY for match in matcher.match(text))
    shot = "the chp sergeant got hit in the shoulder at the compton takeover"
    assert any(m.claim_id == "chp-sergeant-was-hit" and m.action is Action.REPLY for m in matcher.match(shot))


@pytest.mark.parametrize(
    "text",
    [
        "westminster pd officer charged with dui",
        "flint police killed an innocent bystander during a chase on dort highway",
        "chp sergeant shot at during a traffic stop in fresno",
        "juneteenth parade in detroit: police shot an unarmed teen",
        "the cop in westminster shot a dog for no reason",
        "flint cops cleared the parade route in minutes",
        "flint police chief cleared of misconduct in the water crisis probe",  # a near miss of the curated file
        "westminster ca police officer shot and killed a woman in a stolen car",
        "bodycam shows colorado deputy shooting an unarmed man",
        "a westminster cop killed a teenage boy in his car, he was unarmed",
    ],
)
def test_another_event_named_with_the_incidents_keywords_is_not_answered(matcher: Matcher, text: str) -> None:
    """Keywords of an incident name other events too: another kind of event, city or victim keeps it for review."""
    assert not any(match.action is Action.REPLY for match in matcher.match(text))
