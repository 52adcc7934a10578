import shutil
from pathlib import Path

from bot.services import KnowledgeHolder
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from knowledge.matching.prepared_cache import PreparedCache


def test_reload_swaps_in_clean_knowledge_and_keeps_the_old_on_errors(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", tmp_path)
    holder = KnowledgeHolder.load([tmp_path])
    assert holder.errors == ()
    assert [incident.id for incident in holder.knowledge] == ["compton-chp-takeover-video"]
    first = holder.current

    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "flint-juneteenth-parade-shooting.yaml", tmp_path)
    result = holder.reload()
    assert result.reloaded
    assert (result.incidents, result.files) == (2, 2)
    assert holder.current is not first
    assert len(holder.knowledge) == 2
    assert holder.matcher.match("man shoots at CHP sergeant during a Compton street takeover", top=1)

    (tmp_path / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", encoding="utf-8")
    kept = holder.current
    result = holder.reload()
    assert not result.reloaded
    assert any("broken.yaml" in str(error) for error in result.errors)
    assert holder.current is kept
    assert result.incidents == 2


def test_first_load_keeps_the_good_files_and_reports_the_bad(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", tmp_path)
    (tmp_path / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    holder = KnowledgeHolder.load([tmp_path])
    assert len(holder.knowledge) == 1
    assert len(holder.errors) >= 1
    assert "broken.yaml" in str(holder.errors[0])


def test_swap_listeners_hear_reloads_and_feed_versions_with_the_knowledge_before_and_after(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", tmp_path)
    holder = KnowledgeHolder.load([tmp_path])
    heard: list[tuple[list[str], list[str]]] = []
    holder.add_swap_listener(lambda old, new: heard.append(([i.id for i in old], [i.id for i in new])))
    flint = KnowledgeHolder.load([DEFAULT_KNOWLEDGE_DIR / "flint-juneteenth-parade-shooting.yaml"]).knowledge

    holder.set_feed("feed", list(flint))
    (tmp_path / "broken.yaml").write_text("id: broken\n", encoding="utf-8")
    holder.reload()  # refused: no swap, nothing heard
    (tmp_path / "broken.yaml").unlink()
    holder.reload()

    compton, both = ["compton-chp-takeover-video"], ["compton-chp-takeover-video", "flint-juneteenth-parade-shooting"]
    assert heard == [(compton, both), (both, both)]


def test_the_holders_matchers_read_its_lexical_cache(tmp_path: Path) -> None:
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", tmp_path)
    cache = PreparedCache(tmp_path / "cache" / "bot", min_claims=0)
    holder = KnowledgeHolder.load([tmp_path], lexical_cache=cache)
    [written] = (tmp_path / "cache").iterdir()
    written.write_bytes(b"damaged")

    holder.reload()  # unchanged knowledge: the cache is read (and, damaged, replaced)
    assert written.read_bytes().startswith(b"misinfo-bot prepared")
    assert holder.matcher.match("man shoots at CHP sergeant during a Compton street takeover", top=1)
