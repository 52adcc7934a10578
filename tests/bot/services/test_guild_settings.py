import pytest

from bot.services import Defaults, GuildSettingsService, InvalidSettingError, Services
from bot.services.render import render_status
from knowledge.matching.types import Thresholds
from tests.bot.helpers import Database, FakeClock

GUILD = "10"


async def test_a_new_server_gets_the_defaults(services: Services) -> None:
    config = await services.guild_settings.config(GUILD)
    assert config.auto_replies is True
    assert config.cooldown_minutes == 60
    assert config.thresholds == Thresholds()
    assert config.link_fetching is True
    assert (config.moderators_channel_id, config.reviewer_role_id) == (None, None)
    assert config.auto_replies_in(123) is True
    assert not config.custom_cooldown
    assert not config.custom_thresholds


async def test_settings_are_kept_per_server(services: Services) -> None:
    settings = services.guild_settings
    await settings.set_auto_replies(GUILD, False)
    await settings.set_cooldown(GUILD, 15)
    await settings.set_moderators_channel(GUILD, "555")
    await settings.set_reviewer_role(GUILD, "666")
    await settings.set_link_fetching(GUILD, False)
    config = await settings.config(GUILD)
    assert (config.auto_replies, config.cooldown_minutes, config.link_fetching) == (False, 15, False)
    assert (config.moderators_channel_id, config.reviewer_role_id) == ("555", "666")
    assert config.custom_cooldown
    other = await settings.config(GUILD + "1")
    assert (other.auto_replies, other.cooldown_minutes, other.moderators_channel_id) == (True, 60, None)
    await settings.set_cooldown(GUILD, None)
    assert (await settings.config(GUILD)).cooldown_minutes == 60


async def test_channel_overrides_and_threads(services: Services) -> None:
    settings = services.guild_settings
    await settings.set_channel_auto_replies(GUILD, "1", False)
    await settings.set_channel_auto_replies(GUILD, "2", True)
    config = await settings.set_auto_replies(GUILD, False)
    assert config.channel_overrides == {"1": False, "2": True}
    assert config.auto_replies_in("1") is False
    assert config.auto_replies_in("2") is True
    assert config.auto_replies_in("3") is False
    assert config.auto_replies_in("99", parent_channel_id="2") is True
    assert config.auto_replies_in("2", parent_channel_id="1") is True  # the thread's own override first
    config = await settings.set_channel_auto_replies(GUILD, "2", None)
    assert config.channel_overrides == {"1": False}


@pytest.mark.parametrize("minutes", [-1, 10081])
async def test_cooldown_bounds(services: Services, minutes: int) -> None:
    with pytest.raises(InvalidSettingError, match="between 0 and 10080"):
        await services.guild_settings.set_cooldown(GUILD, minutes)


async def test_cooldown_bounds_are_inclusive(services: Services) -> None:
    assert (await services.guild_settings.set_cooldown(GUILD, 0)).cooldown_minutes == 0
    assert (await services.guild_settings.set_cooldown(GUILD, 10080)).cooldown_minutes == 10080


async def test_thresholds(services: Services) -> None:
    settings = services.guild_settings
    config = await settings.set_thresholds(GUILD, reply=90)
    assert (config.thresholds.reply, config.thresholds.review) == (90, 55)
    assert config.custom_thresholds
    config = await settings.set_thresholds(GUILD, review=70)
    assert (config.thresholds.reply, config.thresholds.review) == (90, 70)
    config = await settings.reset_thresholds(GUILD)
    assert config.thresholds == Thresholds()
    assert not config.custom_thresholds


@pytest.mark.parametrize(
    ("reply", "review", "problem"),
    [
        (101, None, "between 0 and 100"),
        (None, -1, "between 0 and 100"),
        (50, 60, "must not be above"),
        (None, 81, "must not be above"),
        (None, None, "Give a reply threshold"),
    ],
)
async def test_bad_thresholds_are_refused(
    services: Services, reply: float | None, review: float | None, problem: str
) -> None:
    with pytest.raises(InvalidSettingError, match=problem):
        await services.guild_settings.set_thresholds(GUILD, reply=reply, review=review)
    assert (await services.guild_settings.config(GUILD)).thresholds == Thresholds()


async def test_link_fetching_off_for_the_operator_means_off_everywhere(db: Database, clock: FakeClock) -> None:
    settings = GuildSettingsService(db.sessions, Defaults(link_fetching=False), clock=clock)
    config = await settings.set_link_fetching(GUILD, True)
    assert config.link_fetching is False
    assert "turned off by the operator" in render_status(await settings.status(GUILD))


async def test_status_summarises(services: Services) -> None:
    await services.guild_settings.set_channel_auto_replies(GUILD, 42, False)
    await services.guild_settings.set_moderators_channel(GUILD, "555")
    status = await services.guild_settings.status(GUILD)
    assert (status.answers_last_day, status.disputes_last_day) == (0, 0)
    text = render_status(status)
    assert "Automatic answers: on (off in channel 42)" in text
    assert "Cooldown: 60 minutes per incident and channel (default)" in text
    assert "Moderators' channel: 555" in text
    assert "Reviewer role: not set" in text
