"""Against a large knowledge base a message is embedded statically: no forward pass of the model per message."""

import zipfile
from pathlib import Path

import numpy as np
import pytest

from knowledge.base import KnowledgeBase
from knowledge.matching.matcher import Matcher, MatcherParams
from knowledge.matching.meaning import MeaningParams
from knowledge.matching.semantic import SemanticIndex
from knowledge.semantic.bert import MAX_TOKENS, MiniLM
from knowledge.semantic.encoder import EncoderKind, Semantic, SemanticConfig, load_semantic
from knowledge.semantic.model_files import ModelUnavailableError, model_zip, read_model, read_tokenizer
from knowledge.semantic.wordpiece import WordPieces
from tests.knowledge.matching.conftest import COMPTON


@pytest.fixture(scope="module")
def large(semantic: Semantic) -> Semantic:
    """The layer configured so that even the curated base counts as large (embedded statically, not upgraded)."""
    loaded = load_semantic(SemanticConfig(full_limit=0, upgrade=False))
    assert loaded is not None
    return loaded


@pytest.fixture(scope="module")
def upgraded(semantic: Semantic) -> Semantic:
    """The curated base counted as large, and upgraded to the full model in the background."""
    loaded = load_semantic(SemanticConfig(full_limit=0))
    assert loaded is not None
    return loaded


LONG_MESSAGE = "so a guy walked up to the highway patrol cruiser at the compton street takeover and opened fire on it"


def _full_runs(index: SemanticIndex, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The messages the full model embeds from now on."""
    runs: list[str] = []
    original = index.embed

    def embed(text: str, kind: EncoderKind | None = None, tokens: int = MAX_TOKENS) -> np.ndarray:
        if kind == "full":
            runs.append(text)
        return original(text, kind, tokens)

    monkeypatch.setattr(index, "embed", embed)
    return runs


def _uncertain(below: float) -> MatcherParams:
    return MatcherParams(meaning=MeaningParams(uncertain=below))


def test_a_large_base_is_upgraded_to_the_full_model_in_the_background(
    knowledge: KnowledgeBase, upgraded: Semantic
) -> None:
    matcher = Matcher(knowledge, semantic=upgraded)
    assert matcher.wait_for_meaning(timeout=120)
    index = matcher._meaning
    assert index is not None and index.kind == "static" and index.full is not None
    assert index.full.shape == index.matrix.shape
    text = index.texts[0]
    row = index.full[0].astype(np.float32)
    assert float(row @ upgraded.encode([text], "full")[0]) == pytest.approx(1.0, abs=0.01)


def test_an_uncertain_listing_is_reranked_by_the_full_model(
    knowledge: KnowledgeBase, upgraded: Semantic, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = Matcher(knowledge, params=_uncertain(100.0), semantic=upgraded)
    assert matcher.wait_for_meaning(timeout=120) and matcher._meaning is not None
    runs = _full_runs(matcher._meaning, monkeypatch)
    listed = matcher.match(LONG_MESSAGE, top=5, ranked=True)
    assert runs == [LONG_MESSAGE]
    assert listed[0].incident_id == COMPTON
    assert len(listed) == 5  # more candidates compared than the few its words found


def test_watching_chat_never_pays_the_full_model(
    knowledge: KnowledgeBase, upgraded: Semantic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The alerts list candidates too, but nobody reads that ranking: only a listing asked `ranked` is reranked."""
    matcher = Matcher(knowledge, params=_uncertain(100.0), semantic=upgraded)
    assert matcher.wait_for_meaning(timeout=120) and matcher._meaning is not None
    runs = _full_runs(matcher._meaning, monkeypatch)
    assert matcher.match(LONG_MESSAGE, top=10)
    assert runs == []


def test_short_or_certain_listings_cost_no_forward_pass(
    knowledge: KnowledgeBase, upgraded: Semantic, monkeypatch: pytest.MonkeyPatch
) -> None:
    always = Matcher(knowledge, params=_uncertain(100.0), semantic=upgraded)
    never = Matcher(knowledge, params=_uncertain(0.0), semantic=upgraded)
    assert always.wait_for_meaning(timeout=120) and never.wait_for_meaning(timeout=120)
    assert always._meaning is not None and never._meaning is not None
    short, certain = _full_runs(always._meaning, monkeypatch), _full_runs(never._meaning, monkeypatch)
    assert always.match("compton chp shooting video", top=5, ranked=True)  # a chat line, not a claim's worth
    assert never.match(LONG_MESSAGE, top=5, ranked=True)
    assert short == [] and certain == []


def test_a_small_base_needs_no_upgrade(knowledge: KnowledgeBase, semantic: Semantic) -> None:
    matcher = Matcher(knowledge, semantic=semantic)
    assert matcher._meaning is not None and matcher._meaning.scans_all
    assert matcher.wait_for_meaning(timeout=0) is False  # nothing to wait for: embedded by the full model at once


def test_messages_against_a_large_base_cost_no_forward_pass(
    knowledge: KnowledgeBase, large: Semantic, monkeypatch: pytest.MonkeyPatch
) -> None:
    matcher = Matcher(knowledge, semantic=large)
    index = matcher._meaning
    assert index is not None and index.kind == "static"
    embedded: list[str] = []
    original = index.embed
    monkeypatch.setattr(index, "embed", lambda text: embedded.append(text) or original(text))

    def forbidden(ids: list[list[int]], batch_size: int = 32) -> np.ndarray:
        raise AssertionError("the full model ran for a message")

    monkeypatch.setattr(large.model, "encode_ids", forbidden)
    listed = matcher.match("guy opened fire on a highway patrol cruiser at the compton takeover", top=5)
    assert embedded  # listing a large base weighs meaning ...
    assert listed and listed[0].incident_id == COMPTON  # ... and still ranks the right incident first


def test_static_message_vectors_match_the_static_claim_vectors(large: Semantic) -> None:
    """One text embedded alone (as a message) or in a batch (as knowledge) gives the same vector."""
    texts = ["man shoots at a CHP sergeant at the Compton takeover", "the recipe needs two cups of flour"]
    together = large.encode(texts, "static")
    alone = np.stack([large.encode([text], "static")[0] for text in texts])
    assert np.allclose(together, alone, atol=1e-6)
    assert float(together[0] @ together[1]) < 0.5


@pytest.mark.parametrize(
    "text",
    [
        "man shoots at a CHP sergeant at the Compton takeover",
        "don't stop-believing!!! #wow @user 3.5% https://t.co/AbC123",
        "tabs\tand\nnew lines, a\x7fdel and a \x01control",
        "Ünïcode café 😭 and plain words",
        "",
        "supercalifragilisticexpialidocious antidisestablishmentarianism",
        "word " * 400,
    ],
)
def test_the_word_piece_shortcut_gives_the_tokenizers_ids(semantic: Semantic, text: str) -> None:
    expected = [token for token in semantic.model.token_ids([text])[0] if token not in (101, 102)]
    assert WordPieces(semantic.model.tokenizer).ids(text) == expected


def _forged_model(tmp_path: Path) -> Path:
    """A model.zip with the real tokenizer and weights that are not the model's."""
    real = model_zip()
    assert real is not None
    forged = tmp_path / "model.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("tokenizer.json", read_tokenizer(real))
        archive.writestr("model.safetensors", b"not the weights")
    return forged


def test_weights_are_verified_when_first_needed(semantic: Semantic, tmp_path: Path) -> None:
    forged = _forged_model(tmp_path)
    model = MiniLM(read_tokenizer(forged), lambda: read_model(forged).weights)
    assert model.token_ids(["a man is eating food"])[0][0] == 101  # the tokenizer alone works
    with pytest.raises(ModelUnavailableError, match="expected 53aa5117"):
        model.encode(["a man is eating food"])


def test_a_large_base_never_reads_the_weights(knowledge: KnowledgeBase, semantic: Semantic, tmp_path: Path) -> None:
    """Static embeddings need the tokenizer and the distilled table only (setup verified the weights)."""
    forged = _forged_model(tmp_path)
    model = MiniLM(read_tokenizer(forged), lambda: read_model(forged).weights)
    large = Semantic(model, SemanticConfig(full_limit=0), semantic.sha256)  # reads the table setup distilled
    matcher = Matcher(knowledge, semantic=large)
    assert matcher.semantic
    assert matcher.match("guy opened fire on a highway patrol cruiser at the compton takeover", top=5)


def test_a_message_posted_again_is_embedded_once(
    knowledge: KnowledgeBase, semantic: Semantic, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = Matcher(knowledge, semantic=semantic)._meaning
    assert index is not None
    encoded: list[list[str]] = []
    original = semantic.encode
    monkeypatch.setattr(semantic, "encode", lambda texts, *how: encoded.append(texts) or original(texts, *how))
    first = index.embed("the westminster cop shot her for no reason")
    again = index.embed("the westminster cop shot her for no reason")
    assert encoded == [["the westminster cop shot her for no reason"]]
    assert np.array_equal(first, again)


def test_a_certain_listing_is_ranked_with_the_mapped_static_embedding(
    knowledge: KnowledgeBase, upgraded: Semantic, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No forward pass, yet ranked in the full model's space: the static embedding mapped into it."""
    matcher = Matcher(knowledge, params=_uncertain(0.0), semantic=upgraded)
    assert matcher.wait_for_meaning(timeout=120) and matcher._meaning is not None
    runs = _full_runs(matcher._meaning, monkeypatch)
    listed = matcher.match(LONG_MESSAGE, top=5, ranked=True)
    assert runs == []
    assert listed[0].incident_id == COMPTON


def test_the_mapping_brings_static_embeddings_near_the_full_models(
    knowledge: KnowledgeBase, upgraded: Semantic
) -> None:
    matcher = Matcher(knowledge, semantic=upgraded)
    assert matcher.wait_for_meaning(timeout=120) and matcher._meaning is not None
    index = matcher._meaning
    full = upgraded.encode([LONG_MESSAGE], "full")[0]
    static = index.embed(LONG_MESSAGE)
    mapped = index.mapped(static)
    assert np.linalg.norm(mapped) == pytest.approx(1.0, abs=1e-5)
    assert float(mapped @ full) > float(static @ full)


def test_claims_near_in_meaning_are_listed_though_their_words_score_nothing(
    knowledge: KnowledgeBase, upgraded: Semantic
) -> None:
    """Reranked by the full model, a listing adds the claims nearest the message (found through the clusters)."""
    matcher = Matcher(knowledge, params=_uncertain(100.0), semantic=upgraded)
    assert matcher.wait_for_meaning(timeout=120) and matcher._meaning is not None
    index = matcher._meaning
    vector = upgraded.encode(["a gunman fired at a police cruiser during a street takeover"], "full")[0]
    nearest = index.full_nearest(vector, 3)
    assert len(nearest) == 3 and [value for _doc, value in nearest] == sorted((v for _d, v in nearest), reverse=True)
    listed = matcher.match("a gunman fired at a police cruiser during a street takeover", top=10, ranked=True)
    assert {matcher._entries[doc].key for doc, _value in nearest} <= {(m.incident_id, m.claim_id) for m in listed}


def test_the_full_model_reads_a_listed_message_cut_short(semantic: Semantic) -> None:
    long = "the officer fired at the car " * 30
    cut = semantic.model.token_ids([long], 48)[0]
    assert len(cut) == 48 and cut[0] == 101 and cut[-1] == 102
    assert semantic.model.token_ids([long])[0][:47] == cut[:47]
    assert semantic.model.token_ids(["a short one"], 48) == semantic.model.token_ids(["a short one"])
