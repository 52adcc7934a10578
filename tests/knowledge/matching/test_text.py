"""Text normalisation: the tricks people use (or their keyboards produce) fold back to plain words."""

import re

import pytest

from knowledge.matching import _lexicon as lex
from knowledge.matching.text import analyze, normalize, plain_message, stem, stem_words, words


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # case, punctuation, emoji
        ("MAN SHOOTS AT CHP SERGEANT!!! 😳😳", "man shoots at chp sergeant"),
        ("Flint's Juneteenth parade 🇺🇸❤️", "flint juneteenth parade"),
        ("she didn’t have a gun", "she didnt have a gun"),
        # look-alike letters: Cyrillic, Greek, fullwidth, mathematical alphanumerics
        ("СНР sergeant", "chp sergeant"),
        ("Мan shооts", "man shoots"),
        ("ΑΤΜ", "atm"),
        ("ｃｏｍｐｔｏｎ", "compton"),
        ("𝐅𝐥𝐢𝐧𝐭 𝐜𝐨𝐩", "flint cop"),
        ("𝓯𝓵𝓲𝓷𝓽", "flint"),
        # a real foreign word is transliterated, not folded letter by letter
        ("полиция", "politsiya"),
        ("café", "cafe"),
        # invisible characters: zero-width, joiners, bidi controls, soft hyphen, variation selectors, tags
        ("fl\u200bint", "flint"),
        ("C\u200dHP", "chp"),
        ("Comp\u2060ton", "compton"),
        ("\u202eflint\u202c", "flint"),
        ("ser\u00adgeant", "sergeant"),
        ("cop\ufe0f", "cop"),
        ("du\U000e0072an", "duan"),
        ("\ufeffflint", "flint"),
        # leetspeak, but not numbers that are numbers
        ("sh00ts", "shoots"),
        ("c0p", "cop"),
        ("5hot", "shot"),
        ("k1ll3d", "killed"),
        ("$hot", "shot"),
        ("k!lled", "killed"),
        ("19th 88th 9mm 19yo 105 2020", "19th 88th 9mm 19yo 105 2020"),
        ("covid19", "covid19"),
        # stretched and spaced-out words
        ("sooooo", "soo"),
        ("shoooooots", "shoots"),
        ("a l y s h a  d u r a n", "alysha duran"),
        # hashtags and handles written in camel case
        ("#JusticeForBrianaSykes", "justice for briana sykes"),
        ("@FlintPolice", "flint police"),
        # control characters become spaces
        ("flint\x00police\x07", "flint police"),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    """Each trick folds to the plain words."""
    assert normalize(text) == expected


def test_analyze_stems_and_drops_stopwords() -> None:
    """Content terms are stems; chat fillers and function words are not terms."""
    assert analyze("lol the cops were shooting at the officers").content == ["cop", "shoot", "offic"]


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("she had no gun", ["not_gun"]),
        ("she didn't even have a gun", ["not_gun"]),
        ("no one shot at him", ["not_shot"]),
        ("killed for no reason", ["kill", "not_reason"]),
        ("she had a gun", ["gun"]),
        ("unarmed? no. there was a gun in the car", ["unarm", "gun", "car"]),
        ("no, no gun was found", ["not_gun", "found"]),
        ("nothing was fired at the officer", ["not_fire", "offic"]),
        ("they killed her for nothing", ["kill", "noth"]),
        ("nobody in the parade crowd got hit", ["parad", "crowd", "not_hit"]),  # the verb's, after the place
        ("no one in that car had a gun", ["car", "not_gun"]),
        ("no bystanders were hurt", ["not_bystand", "not_hurt"]),  # those a "no" makes the subject: their verb too
        ("no bystanders hurt", ["not_bystand", "not_hurt"]),
        ("there were no people at the parade", ["not_peopl", "parad"]),
        ("nobody at the parade", ["parad"]),  # a place and no verb: nothing negated
    ],
)
def test_analyze_marks_negated_words(text: str, terms: list[str]) -> None:
    """A word after a negator carries the negation: "had no gun" is not "had a gun"."""
    assert analyze(text).content == terms


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("the guy empties a mag into the highway patrol car", "the guy fired into the highway patrol car"),
        ("he emptied his whole mag into her car", "he fired into her car"),
        ("she got lit up at a checkpoint", "she got shot at a checkpoint"),
        ("he lit her car up", "he shot her car"),
        ("they tried to light up a CHP cruiser", "they tried to shot a chp cruiser"),
        ("fireworks light up the sky after the parade", "fireworks light up the sky after the parade"),
        ("dude tried to smoke a CHP sgt", "dude tried to shoot a chp sgt"),
        ("he unloaded on the cruiser", "he fired at the cruiser"),
        ("they tried to take out a CHP officer", "they tried to kill a chp officer"),
        ("bullet holes in the chp car", "shots fired into the chp car"),
        ("smoking weed at the parade, it was lit", "smoking weed at the parade it was lit"),
        ("gunman ambushed a CHP sergeant", "gunman shot at a chp sergeant"),
        ("they ambushed a highway patrol sergeant", "they shot at a highway patrol sergeant"),
        ("homie started bussin at the sergeant", "homie started shooting at the sergeant"),
        ("doing drive bys on highway patrol now", "shooting at highway patrol now"),
        ("proof of an ambush, chp addressed it", "proof of an ambush chp addressed it"),
        ("the flint cop was fired and the city paid", "the flint cop got dismissed and the city paid"),
        ("the officer was fired upon by the driver", "the officer was fired upon by the driver"),
        ("the gun was fired twice", "the gun was fired twice"),
        ("they fired the officer who shot her", "dismissed the officer who shot her"),
        ("they fired the cop car up", "they fired the cop car up"),
        ("she pointed the gun and pulled the trigger", "she pointed the gun and firing"),
        ("duran pointing the pistol at the cop and pulling the trigger", "duran fired at the cop"),
        ("she aimed at the officer and fired", "she fired at the officer"),
        ("the sergeant took fire from a takeover dude", "the sergeant got shot at from a takeover dude"),
        ("upon taking fire the officer returned fire", "upon taking fire the officer returned fire"),
        ("the crowd chased off highway patrol with gunfire", "the crowd shot at highway patrol"),
        ("flint officer guns down unarmed teen", "flint officer shoots dead unarmed teen"),
        ("he went gunning for the title", "he went gunning for the title"),
        ("a takeover crowd ran them off with bullets", "a takeover crowd shot at them"),
        ("ran the police off with gunfire", "shot at the police"),
        ("he ran off with the bullets he bought", "he ran off with the bullets he bought"),
        ("the sergeant was busting back", "the sergeant was shooting back"),
        ("the cop car had like 6 bullet holes in it", "the cop car was shot at with holes in it"),
        ("he never said a word to her, just fired", "he never try to speak to her just fired"),
        ("gunman empties his pistol into patrol car", "gunman fired into patrol car"),
        ("the chp cruiser took 3 rounds at the takeover", "the chp cruiser got shot at at the takeover"),
        ("cop car took like 4 hits and kept driving", "cop car got shot at and kept driving"),
        ("the patrol car took a beating in the crash", "the patrol car took a beating in the crash"),
        ("the cop took 4 hits of the vape", "the cop took 4 hits of the vape"),
        ("gunman ambushes patrol car", "gunman shot at patrol car"),
        ("they attacked the chp cruiser at the takeover", "they shot at the chp cruiser at the takeover"),
        ("he attacked the car with a bat", "he attacked the car with a bat"),
        ("you can see the muzzle flash aimed at the cop car", "you can see the shots fired at the cop car"),
        ("ppl saying muzzle flash at 5 sec", "ppl saying muzzle flash at 5 sec"),
        ("unloading a pistol into a patrol car", "fired at a patrol car"),
        ("compton cop ambush", "shooting at compton cop"),
        ("cop ambushes are rare", "cop ambushes are rare"),
        ("that compton chp one got shot down by CHP themselves", "that compton chp one got debunked by chp themselves"),
        ("she got shot down by cops", "she got shot down by cops"),
        ("dude opened up on the cop car at the takeover", "dude fired at the cop car at the takeover"),
        ("she opened up on the podcast about it", "she opened up on the podcast about it"),
        ("she opened up on them about her past", "she opened up on them about her past"),
        ("he really popped at 12 and they sped off", "he really shot at the police and they sped off"),
        ("CHP sergeant ambushed at street takeover", "chp sergeant got shot at at street takeover"),
        ("the officer was ambushed by reporters", "the officer was ambushed by reporters"),
        ("shot at 12 people", "shot at 12 people"),
        ("they tried to smoke a highway patrol unit", "they tried to shoot a highway patrol unit"),
        ("the chippy peeled out", "the chp officer peeled out"),
        ("the vato tried to take out a chippy", "the vato tried to kill a chp officer"),
    ],
)
def test_slang_for_shooting_is_put_in_plain_words(text: str, plain: str) -> None:
    assert normalize(text) == plain


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("sergeant got grazed from what i heard", ["sergeant", "got", "grazed"]),
        ("I've heard that the cop was drunk", ["the", "cop", "was", "drunk"]),
        ("he only heard the shots", ["he", "only", "heard", "the", "shots"]),
        ("heard the sergeant took a round", ["the", "sergeant", "took", "a", "round"]),
        ("he took a round, heard it from my cousin", ["he", "took", "a", "round", "my", "cousin"]),
        ("heard it from a friend he was hit", ["a", "friend", "he", "was", "hit"]),
    ],
)
def test_hearsay_is_left_out_but_what_someone_else_heard_is_kept(text: str, kept: list[str]) -> None:
    assert words(text) == kept


def test_analysis_keeps_words_stems_and_terms_aligned() -> None:
    """Words, stems and terms line up one to one (stopwords keep an empty term)."""
    analysis = analyze("The CHP sergeant")
    assert analysis.words == ("the", "chp", "sergeant")
    assert analysis.stems == ("the", "chp", "sergeant")
    assert analysis.terms == ("", "chp", "sergeant")


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("the sergeant took a bullet to the vest", "the sergeant got shot to the vest"),
        ("photo shoot in compton tomorrow", "photoshoot in compton tomorrow"),
        ("the patrol car got hit like 4 times", "the patrol car got hit by bullets several times"),
        ("the chp guy got hit in the shoulder", "the chp officer got hit by a bullet in the shoulder"),
        ("he got hit by a car", "he got hit by a car"),
        ("shoot me a text when ur at the takeover", "send a message when ur at the takeover"),
        ("the cop shoots her", "the cop shoots her"),
        ("cop caught one in the arm", "cop got shot in the arm"),
        ("rip officer adams", "officer was killed adams"),
        ("she sat there with her hands up", "she sat there unarmed hands up"),
        ("she had nothing in her hands", "she unarmed nothing in hand"),
        ("his hands were empty the whole time", "unarmed empty hands the whole time"),
        ("nothing in the car", "nothing in the car"),
        ("praying for the officer", "praying for the officer"),
        ("took one look at the clip", "took one look at the clip"),
        ("3 people dead at the parade", "3 people in the crowd dead at the parade"),
        ("the sarge almost got killed", "the sarge got shot at"),
        ("the sergeant fired back at them", "the sergeant got shot at and fired back at them"),
        ("the fans fired back at the ref", "the fans fired back at the ref"),
        ("asked for the bodycam, there isnt one", "asked for the bodycam there isnt bodycam"),
        ("she reached for a gun? she never had one", "she reached for a gun she never had gun"),
        ("no gun, no one shot at him", "no gun no one shot at him"),
        ("the cop shot 3 times", "the cop shot 3 times"),
        ("that caption is not what chp says happened", "that caption is not what happened"),
        ("this is not what the state police said happened", "this is not what happened"),
        ("the compton video is not a cop getting shot", "the compton video cop not getting shot"),
        ("not the chp sarge getting shot at 😭", "not the chp sarge getting shot at"),
        ("the sergeant was actually grazed by a bullet", "the sergeant got hit by a bullet"),
        ("she posed no threat to anyone", "she was innocent"),
        ("a woman who never threatened anyone", "a woman who was innocent"),
        ("the storm posed a threat to the parade", "the storm posed a threat to the parade"),
        ("police say one was found in the car", "police say a gun was in the car"),
        ("no one was in the car", "no one was in the car"),
        ("nobody was shooting at the chp guy", "nobody was shooting at the chp officer"),
        ("the police lady shot her", "the police officer shot her"),
        ("some guy shot at the cop", "some guy shot at the cop"),
        ("msp says he took fire first and returned fire", "msp says he got shot at first and returned fire"),
        ("the chp sergeant came under fire", "the chp sergeant got shot at"),
        ("flint pd came under fire for the shooting", "flint pd came under fire for the shooting"),
        ("she took fire safety classes", "she took fire safety classes"),
        ("the sergeant's lucky to be alive", "the sergeant got shot at"),
        ("i am lucky to be alive", "i am lucky to be alive"),
        ("the chp sergeant in the video was the target", "the chp sergeant in the video got shot at"),
        ("the sergeant was the target of criticism", "the sergeant was the target of criticism"),
        ("the cop was the only one who fired", "the officer shot first and she never fired"),
        ("the cop mistook her necklace for a gun", "the cop unarmed had no gun"),
        ("he thought her phone was a gun and fired", "he unarmed had no gun and fired"),
        ("he mistook the gun for a phone", "he mistook the gun for a phone"),
        ("the shooter at the parade was the cop", "the officer shot first at the parade and she never fired"),
        ("the shooter was the cops neighbor", "the shooter was the cops neighbor"),
        ("i thought she had a gun", "i thought she had a gun"),
        ("chp got their windows shot out", "chp got bullets hit the windows"),
        ("the officer at the parade was the one who started shooting", "the officer at the parade shot first"),
        ("the cop was the one who got shot first", "the cop was the one who got shot first"),
        ("sarge almost got clipped fr", "sarge got shot at fr"),
        ("the tint got shot down by the judge", "the tint got shot down by the judge"),
    ],
)
def test_messages_say_in_other_words_what_the_claims_say(text: str, plain: str) -> None:
    assert plain_message(normalize(text)) == plain


def test_curated_wordings_keep_their_words() -> None:
    assert normalize("the CHP officer took a bullet") == "the chp officer took a bullet"


def test_cleared_is_kept_apart_from_clearly_and_clear() -> None:
    assert stem_words(["cleared", "clears", "clearly", "clear"]) == ["cleared", "cleared", "clear", "clear"]
    assert stem("clearing") == "cleared"


@pytest.mark.parametrize(
    ("patterns", "needed"),
    [(lex.SLANG, lex.SLANG_WORDS), (lex.MESSAGE_SLANG, lex.MESSAGE_SLANG_WORDS)],
)
def test_every_slang_pattern_needs_one_of_the_words_that_open_the_scan(
    patterns: tuple[tuple[str, str], ...], needed: frozenset[str]
) -> None:
    """A message holding none of the words is not scanned: a pattern none of whose words are listed never fires."""
    for pattern, _plain in patterns:
        fragments = [fragment for fragment in re.findall(r"[a-z]+", pattern) if len(fragment) >= 3]
        listed = any(word.startswith(fragment) for fragment in fragments for word in needed)
        assert listed or re.search(r"\[[0-9]", pattern), pattern
