"""Slash commands and the context menu, as members and moderators use them."""

from __future__ import annotations

import pytest

from bot.discord_ui.cards import NOTHING_FOUND
from bot.discord_ui.errors import MANAGE_SERVER_NEEDED
from tests.e2e.helpers import CHP_QUOTE, CLAIM, CLAIM_INCIDENT, ORDINARY

pytestmark = pytest.mark.e2e

CALLBACK = "/interactions/{id}/{token}/callback"


async def test_commands_are_registered_at_start(start_alert_bot):
    running = await start_alert_bot()

    synced = running.fake.requests_matching("PUT", "/applications/{id}/commands")

    assert len(synced) == 1
    names = [(command["name"], command.get("type", 1)) for command in synced[0].json]
    assert len(names) == len(set(names))
    assert {("alerts", 1), ("factcheck", 1), ("incident", 1), ("Fact-check message", 3)} <= set(names)
    alerts = next(command for command in synced[0].json if command["name"] == "alerts")
    assert int(alerts["default_member_permissions"]) == 1 << 5  # Manage Server
    subcommands = {option["name"] for option in alerts["options"]}
    assert {
        "status",
        "autoreply",
        "cooldown",
        "thresholds",
        "modchannel",
        "reviewerrole",
        "linkfetch",
        "reset",
    } <= subcommands


async def test_commands_go_to_the_dev_guild_when_one_is_set(start_alert_bot, fake_discord):
    guild_id = fake_discord.world.guild.id

    running = await start_alert_bot(dev_guild_id=guild_id)

    assert running.fake.requests_matching("PUT", "/applications/{id}/commands") == []
    synced = running.fake.requests_matching("PUT", "/applications/{id}/guilds/{gid}/commands")
    assert synced[0].path.endswith(f"/guilds/{guild_id}/commands")
    assert {"alerts", "factcheck", "incident", "Fact-check message"} <= {command["name"] for command in synced[0].json}


# /alerts ------------------------------------------------------------------------------------------------------


async def test_autoreply_off_for_a_channel_silences_it_only(start_alert_bot):
    running = await start_alert_bot()
    general = running.channel("general")

    command = await running.fake.slash_command(
        "owner", "mods", "alerts autoreply", {"enabled": False, "channel": general}
    )

    response = await running.fake.wait_for_interaction_response(command)
    assert response.ephemeral
    assert f"off in <#{general.id}>" in response.content
    silenced = await running.post("alice", "general", CLAIM)
    await running.assert_no_answer(silenced, sentinel_channel="news")


async def test_autoreply_off_for_the_server_silences_every_channel(start_alert_bot):
    running = await start_alert_bot()

    command = await running.fake.slash_command("owner", "general", "alerts autoreply", {"enabled": False})

    assert "off in this server" in (await running.fake.wait_for_interaction_response(command)).content
    in_general = await running.post("alice", "general", CLAIM)
    in_news = await running.post("alice", "news", CLAIM)
    turn_on = await running.fake.slash_command("owner", "general", "alerts autoreply", {"enabled": True})
    await running.fake.wait_for_interaction_response(turn_on)
    await running.assert_no_answer(in_general, in_news, sentinel_channel="general-thread")


async def test_alerts_refuses_a_member_without_manage_server(start_alert_bot):
    running = await start_alert_bot()

    command = await running.fake.slash_command("moderator", "general", "alerts autoreply", {"enabled": False})

    response = await running.fake.wait_for_interaction_response(command)
    assert (response.content, response.ephemeral) == (MANAGE_SERVER_NEEDED, True)
    config = await running.services.guild_settings.config(str(running.fake.world.guild.id))
    assert config.auto_replies is True


async def test_a_bad_cooldown_is_refused_privately(start_alert_bot):
    running = await start_alert_bot()

    command = await running.fake.slash_command("owner", "general", "alerts cooldown", {"minutes": -5})

    response = await running.fake.wait_for_interaction_response(command)
    assert response.ephemeral
    assert "between 0 and 10080" in response.content
    config = await running.services.guild_settings.config(str(running.fake.world.guild.id))
    assert config.cooldown_minutes == 60


async def test_settings_changes_show_in_status(start_alert_bot):
    running = await start_alert_bot()
    fake, mods = running.fake, running.channel("mods")
    for command, options in (
        ("alerts cooldown", {"minutes": 5}),
        ("alerts thresholds", {"reply": 90, "review": 60}),
        ("alerts modchannel", {"channel": mods}),
        ("alerts linkfetch", {"enabled": False}),
    ):
        response = await fake.wait_for_interaction_response(
            await fake.slash_command("owner", "general", command, options)
        )
        assert response.ephemeral, response.content

    status = await fake.wait_for_interaction_response(await fake.slash_command("owner", "general", "alerts status"))

    fields = {field["name"]: field["value"] for field in status.embeds[0]["fields"]}
    assert status.ephemeral
    assert fields["Cooldown"].startswith("5 minutes")
    assert fields["Thresholds"] == "reply 90, review 60"
    assert fields["Moderators' channel"] == f"<#{mods.id}>"
    assert fields["Link reading"].startswith("off")


async def test_thresholds_reset_goes_back_to_the_defaults(start_alert_bot):
    running = await start_alert_bot()
    fake = running.fake
    await fake.wait_for_interaction_response(
        await fake.slash_command("owner", "general", "alerts thresholds", {"reply": 95})
    )

    reset = await fake.slash_command("owner", "general", "alerts reset", {"setting": "thresholds"})

    assert "reply at 80, review at 55" in (await fake.wait_for_interaction_response(reset)).content
    config = await running.services.guild_settings.config(str(fake.world.guild.id))
    assert (config.thresholds.reply, config.custom_thresholds) == (80, False)


async def test_a_review_threshold_above_the_reply_one_is_refused(start_alert_bot):
    running = await start_alert_bot()

    command = await running.fake.slash_command("owner", "general", "alerts thresholds", {"review": 95})

    response = await running.fake.wait_for_interaction_response(command)
    assert response.ephemeral
    assert "must not be above the reply threshold" in response.content


# /factcheck, /incident and the context menu ------------------------------------------------------------------


async def test_factcheck_answers_privately_by_default(start_alert_bot):
    running = await start_alert_bot()

    command = await running.fake.slash_command("alice", "general", "factcheck", {"text": CLAIM})

    response = await running.fake.wait_for_interaction_response(command)
    assert response.ephemeral
    assert response.embeds[0]["author"]["name"].startswith("Matches: ")
    assert running.fake.bot_messages(running.channel("general")) == []


async def test_factcheck_shared_is_posted_for_everyone_without_pings(start_alert_bot):
    running = await start_alert_bot()

    command = await running.fake.slash_command("alice", "general", "factcheck", {"text": CLAIM, "share": True})

    response = await running.fake.wait_for_interaction_response(command)
    assert not response.ephemeral
    assert any(CHP_QUOTE in field["value"] for field in response.embeds[0]["fields"])
    assert response.data["allowed_mentions"]["parse"] == []


async def test_factcheck_without_a_match_says_so_privately_even_when_shared(start_alert_bot):
    running = await start_alert_bot()

    command = await running.fake.slash_command("alice", "general", "factcheck", {"text": ORDINARY, "share": True})

    response = await running.fake.wait_for_interaction_response(command)
    assert (response.content, response.ephemeral, response.embeds) == (NOTHING_FOUND, True, [])


async def test_incident_show_with_autocomplete(start_alert_bot):
    running = await start_alert_bot()
    fake = running.fake

    typing = await fake.autocomplete("alice", "general", "incident show", {"incident": "compton"}, focused="incident")
    choices = (await fake.wait_for_interaction_response(typing)).choices
    shown = await fake.slash_command("alice", "general", "incident show", {"incident": choices[0]["value"]})

    response = await fake.wait_for_interaction_response(shown)
    assert [choice["value"] for choice in choices] == [CLAIM_INCIDENT]
    assert response.ephemeral
    assert "CHP" in response.embeds[0]["title"]
    assert response.embeds[0]["footer"]["text"] == f"id: {CLAIM_INCIDENT}"


async def test_incident_show_of_an_unknown_id_is_refused_privately(start_alert_bot):
    running = await start_alert_bot()

    shown = await running.fake.slash_command("alice", "general", "incident show", {"incident": "no-such-thing"})

    response = await running.fake.wait_for_interaction_response(shown)
    assert response.ephemeral
    assert response.content.startswith("I know no incident with that id")


async def test_incident_list(start_alert_bot):
    running = await start_alert_bot()

    listed = await running.fake.slash_command("bob", "general", "incident list")

    response = await running.fake.wait_for_interaction_response(listed)
    assert response.ephemeral
    assert response.embeds[0]["title"] == "Known incidents (3)"
    assert f"`{CLAIM_INCIDENT}`" in response.embeds[0]["description"]


async def test_the_context_menu_fact_checks_a_message_for_the_invoker_only(start_alert_bot):
    running = await start_alert_bot(cooldown_minutes=0)
    await running.bot.services.guild_settings.set_auto_replies(str(running.fake.world.guild.id), False)
    posted = await running.post("alice", "general", CLAIM)

    menu = await running.fake.message_command("bob", "Fact-check message", posted)

    response = await running.fake.wait_for_interaction_response(menu)
    assert response.ephemeral
    assert response.embeds[0]["title"].startswith("Misleading")
