import shutil
from pathlib import Path

from bot.services import Services
from bot.settings import Settings
from knowledge.loader import DEFAULT_KNOWLEDGE_DIR
from tests.bot.helpers import Database


async def test_services_are_built_from_the_settings(db: Database, tmp_path: Path) -> None:
    shutil.copy(DEFAULT_KNOWLEDGE_DIR / "compton-chp-takeover-video.yaml", tmp_path)
    settings = Settings(
        _env_file=None,  # type: ignore[call-arg]
        knowledge_paths=(tmp_path,),
        database_url=f"sqlite:///{tmp_path / 'unused.sqlite3'}",  # its caches beside it, not in the checkout
        cooldown_minutes=5,
        reply_threshold=85,
        review_threshold=60,
        link_fetching=False,
    )
    services = Services.build(settings, db.sessions)
    assert [incident.id for incident in services.knowledge.knowledge] == ["compton-chp-takeover-video"]
    config = await services.guild_settings.config(1)
    assert config.cooldown_minutes == 5
    assert (config.thresholds.reply, config.thresholds.review) == (85, 60)
    assert config.link_fetching is False
