"""The lexical cache: a matcher read from it matches exactly as one built afresh, and a file that is damaged, foreign
or made for other knowledge, parameters or code is never used.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml

from knowledge.base import KnowledgeBase
from knowledge.matching import fingerprint, prepared_cache, prepared_file
from knowledge.matching.matcher import Matcher, MatcherParams
from knowledge.matching.prepared import FieldWeights, Prepared
from knowledge.matching.prepared_cache import PreparedCache, cache_key
from knowledge.matching.types import Action, Match
from knowledge.schema import Claim, Incident
from tests.knowledge.matching.conftest import COMPTON, GARBLED_LINK, LABELLED

INVENTED = "zorblax quintet flummoxed the sergeant at the compton takeover"
"""A phrasing no curated claim has: a matcher that knows it answers it, one that does not, not."""


@pytest.fixture(scope="module")
def messages() -> list[str]:
    labelled = [item["text"] for item in yaml.safe_load(LABELLED.read_text())["messages"]]
    return [*labelled, GARBLED_LINK, "Westminister cop shoting a woman", INVENTED]


@pytest.fixture
def cache(tmp_path: Path) -> PreparedCache:
    return PreparedCache(tmp_path / "bot", min_claims=0)


@pytest.fixture
def builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the cache's builds (a read from the file builds nothing)."""
    counted: list[int] = []
    build = prepared_cache.prepare

    def counting(knowledge: KnowledgeBase, *arguments: object) -> Prepared:
        counted.append(len(knowledge))
        return build(knowledge, *arguments)  # type: ignore[arg-type]

    monkeypatch.setattr(prepared_cache, "prepare", counting)
    return counted


def _results(matcher: Matcher, messages: list[str]) -> list[tuple[list[Match], list[Match]]]:
    return [(matcher.match(text), matcher.match(text, top=5)) for text in messages]


def _files(cache: PreparedCache) -> list[Path]:
    return sorted(cache.stem.parent.glob(f"{cache.stem.name}.lexical-*.pickle"))


def test_a_matcher_read_from_the_cache_matches_as_one_built_afresh(
    knowledge: KnowledgeBase, cache: PreparedCache, builds: list[int], messages: list[str]
) -> None:
    expected = _results(Matcher(knowledge), messages)
    assert sum(any(m.action is Action.REPLY for m in found) for found, _top in expected) > 100  # a real comparison

    cold = Matcher(knowledge, cache=cache)
    assert builds == [len(knowledge)] and len(_files(cache)) == 1
    restarted = KnowledgeBase.of(
        [Incident.model_validate(incident.model_dump(warnings=False)) for incident in knowledge], knowledge.examples
    )
    warm = Matcher(restarted, cache=cache)  # as after a restart: the same content loaded again
    assert builds == [len(knowledge)]  # read, not built

    assert _results(cold, messages) == expected
    assert _results(warm, messages) == expected
    for entry, (incident, claim) in zip(warm._entries, _claims(restarted), strict=True):  # the knowledge's own
        assert entry.incident is incident and entry.claim is claim
        assert entry.texts[0].text is claim.text and entry.title.text is incident.title


def test_processes_starting_together_leave_one_whole_file(
    knowledge: KnowledgeBase, cache: PreparedCache, builds: list[int]
) -> None:
    with ThreadPoolExecutor(4) as pool:
        matchers = list(pool.map(lambda _: Matcher(knowledge, cache=cache), range(4)))
    assert len(builds) >= 1 and len(_files(cache)) == 1
    assert not list(cache.stem.parent.glob(".*.partial"))
    built = len(builds)
    warm = Matcher(knowledge, cache=cache)
    assert len(builds) == built
    assert warm.match(GARBLED_LINK) == matchers[0].match(GARBLED_LINK) != []


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x01]) + data[middle + 1 :]


def _garbage(data: bytes) -> bytes:
    return os.urandom(len(data))


def _empty(_data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize("damage", [_truncated, _flipped, _garbage, _empty])
def test_a_damaged_file_is_ignored_logged_and_replaced(
    knowledge: KnowledgeBase,
    cache: PreparedCache,
    builds: list[int],
    messages: list[str],
    caplog: pytest.LogCaptureFixture,
    damage: object,
) -> None:
    Matcher(knowledge, cache=cache)
    [path] = _files(cache)
    path.write_bytes(damage(path.read_bytes()))  # type: ignore[operator]

    with caplog.at_level(logging.WARNING, logger="knowledge.matching.prepared_cache"):
        rebuilt = Matcher(knowledge, cache=cache)
    assert any("unusable, rebuilding" in record.getMessage() for record in caplog.records)
    assert builds == [len(knowledge), len(knowledge)]
    sample = messages[::10]
    assert _results(rebuilt, sample) == _results(Matcher(knowledge), sample)

    Matcher(knowledge, cache=cache)
    assert len(builds) == 2  # the rewritten file is whole again


def test_changed_knowledge_never_reads_the_old_file(
    knowledge: KnowledgeBase, cache: PreparedCache, builds: list[int]
) -> None:
    Matcher(knowledge, cache=cache)
    changed = _with_phrasing(knowledge, INVENTED)
    assert not any(m.action is Action.REPLY for m in Matcher(knowledge).match(INVENTED))

    matcher = Matcher(changed, cache=cache)
    assert builds == [len(knowledge), len(changed)]
    assert [(m.incident_id, m.action) for m in matcher.match(INVENTED)][:1] == [(COMPTON, Action.REPLY)]
    assert len(_files(cache)) == 2  # both kept: a start builds the files' knowledge, then with the feeds'


def test_a_change_anywhere_in_the_knowledge_changes_the_key(knowledge: KnowledgeBase) -> None:
    params = MatcherParams()
    arguments = (params.fields, params.bm25, params.score.consensus)
    incident = knowledge.incidents[-1]
    source = incident.statements[-1]
    edited = incident.model_copy(
        update={"statements": (*incident.statements[:-1], source.model_copy(update={"quote": "x"}))}
    )
    other = KnowledgeBase.of([*knowledge.incidents[:-1], edited])
    assert cache_key(other, *arguments) != cache_key(knowledge, *arguments)
    assert cache_key(KnowledgeBase.of(knowledge.incidents), *arguments) == cache_key(knowledge, *arguments)


def test_other_parameters_or_code_never_read_the_old_file(
    knowledge: KnowledgeBase, cache: PreparedCache, builds: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    Matcher(knowledge, cache=cache)
    Matcher(knowledge, params=MatcherParams(fields=FieldWeights(keywords=0.75)), cache=cache)
    assert len(builds) == 2

    monkeypatch.setattr(prepared_cache, "code_fingerprint", lambda: fingerprint.code_fingerprint() + "edited")
    Matcher(knowledge, cache=cache)
    assert len(builds) == 3


def test_a_file_renamed_to_another_key_is_not_read(
    knowledge: KnowledgeBase, cache: PreparedCache, builds: list[int]
) -> None:
    Matcher(knowledge, cache=cache)
    changed = _with_phrasing(knowledge, INVENTED)
    [path] = _files(cache)
    params = MatcherParams()
    key = cache_key(changed, params.fields, params.bm25, params.score.consensus)
    assert key is not None
    path.rename(cache.path(key))

    matcher = Matcher(changed, cache=cache)
    assert len(builds) == 2
    assert matcher.match(INVENTED)[0].action is Action.REPLY


class _Planted:
    """What a planted file would make: the unpickler must refuse to."""

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (_PLANTED.append, ("ran",))


_PLANTED: list[str] = []


def test_a_file_making_other_classes_is_refused_unread(
    knowledge: KnowledgeBase, cache: PreparedCache, builds: list[int], caplog: pytest.LogCaptureFixture
) -> None:
    params = MatcherParams()
    key = cache_key(knowledge, params.fields, params.bm25, params.score.consensus)
    assert key is not None
    payload = pickle.dumps(([], _Planted()))
    header = prepared_file.MAGIC + hashlib.sha256(key.encode()).digest() + hashlib.sha256(payload).digest()
    cache.path(key).write_bytes(header + payload)

    with caplog.at_level(logging.WARNING, logger="knowledge.matching.prepared_cache"):
        Matcher(knowledge, cache=cache)
    assert _PLANTED == []
    assert any("not allowed" in record.getMessage() for record in caplog.records)
    assert len(builds) == 1


def test_only_the_latest_files_are_kept_and_nothing_partial_is_left(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    cache = PreparedCache(tmp_path / "bot", keep=2, min_claims=0)
    for number in range(3):
        Matcher(_with_phrasing(knowledge, f"variant number {number} of the compton claim"), cache=cache)
    assert len(_files(cache)) == 2
    assert not list(tmp_path.glob(".*.partial"))


def test_small_bases_are_built_without_a_file(knowledge: KnowledgeBase, tmp_path: Path) -> None:
    cache = PreparedCache(tmp_path / "bot", min_claims=1000)
    Matcher(knowledge, cache=cache)
    assert list(tmp_path.iterdir()) == []


def test_an_unwritable_folder_only_costs_the_cache(
    knowledge: KnowledgeBase, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    with caplog.at_level(logging.WARNING, logger="knowledge.matching.prepared_cache"):
        matcher = Matcher(knowledge, cache=PreparedCache(blocked / "bot", min_claims=0))
    assert any("not written" in record.getMessage() for record in caplog.records)
    assert matcher.match(GARBLED_LINK)[0].action is Action.REPLY


def test_the_cache_sits_beside_the_embeddings() -> None:
    cache = PreparedCache.beside(Path("/srv/bot/misinfo-bot.semantic.npz"))
    assert cache.path("ab" * 32) == Path(f"/srv/bot/misinfo-bot.lexical-{'ab' * 8}.pickle")


def _claims(knowledge: KnowledgeBase) -> list[tuple[Incident, Claim]]:
    return [(incident, claim) for incident in knowledge for claim in incident.claims]


def _with_phrasing(knowledge: KnowledgeBase, phrasing: str) -> KnowledgeBase:
    """The knowledge with one more phrasing of the Compton incident's first claim."""
    incident = knowledge.get(COMPTON)
    claim = incident.claims[0]
    claims = (claim.model_copy(update={"phrasings": (*claim.phrasings, phrasing)}), *incident.claims[1:])
    edited = incident.model_copy(update={"claims": claims})
    return KnowledgeBase.of([edited if item.id == COMPTON else item for item in knowledge])
