"""Reading DiscordChatExporter and Slack exports into plain `HistoryMessage` records."""

import datetime as dt
import json

from bot.exports import read_export
from bot.exports.slack_text import plain_text
from bot.platform.refs import MessageRef, Platform
from tests.bot.exports.helpers import (
    CHANNEL_ID,
    CLAIM,
    GUILD_ID,
    dce_document,
    dce_message,
    slack_files,
    write_json,
    write_slack_folder,
    write_slack_zip,
)


def test_a_discordchatexporter_file_gives_its_messages_with_links_and_utc_times(tmp_path):
    path = write_json(tmp_path / "export.json", dce_document([dce_message("1100000000000000010", CLAIM)]))

    export = read_export(path)

    assert (export.platform, export.name, export.channels) == ("discord", "Test server", ("general",))
    [message] = export.messages
    assert message.ref == MessageRef(Platform.DISCORD, GUILD_ID, CHANNEL_ID, "1100000000000000010")
    assert message.text == CLAIM
    assert message.sent_at == dt.datetime(2026, 11, 20, 9, 30, 0, 123000, tzinfo=dt.UTC)
    assert message.link == f"https://discord.com/channels/{GUILD_ID}/{CHANNEL_ID}/1100000000000000010"
    assert (message.channel_name, message.author_name, message.author_is_bot, message.is_system) == (
        "general",
        "Alice",
        False,
        False,
    )


def test_bots_and_system_notices_are_marked(tmp_path):
    bot = dce_message("11", CLAIM)
    bot["author"]["isBot"] = True
    joined = dce_message("12", "Joined the server.", type="GuildMemberJoin")
    reply = dce_message("13", CLAIM, type="Reply")
    path = write_json(tmp_path / "export.json", dce_document([bot, joined, reply]))

    flags = [(m.author_is_bot, m.is_system) for m in read_export(path).messages]

    assert flags == [(True, False), (False, True), (False, False)]


def test_direct_messages_link_through_me(tmp_path):
    document = dce_document([dce_message("11", CLAIM)])
    document["guild"]["id"] = "0"
    [message] = read_export(write_json(tmp_path / "dm.json", document)).messages
    assert message.link == f"https://discord.com/channels/@me/{CHANNEL_ID}/11"


def test_a_folder_of_discordchatexporter_files_reads_every_channel(tmp_path):
    write_json(tmp_path / "a.json", dce_document([dce_message("11", CLAIM)], channel="general"))
    write_json(tmp_path / "b.json", dce_document([dce_message("12", CLAIM)], channel="news"))

    export = read_export(tmp_path)

    assert export.channels == ("general", "news")
    assert [message.id for message in export.messages] == ["11", "12"]


def test_a_byte_order_mark_is_fine(tmp_path):
    path = tmp_path / "export.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(dce_document([dce_message("11", CLAIM)])).encode())
    assert len(read_export(path).messages) == 1


def test_a_slack_export_folder_gives_every_conversation_in_day_order(tmp_path):
    export = read_export(write_slack_folder(tmp_path / "slack"))

    assert (export.platform, export.channels) == ("slack", ("general", "random"))
    ids = [message.id for message in export.messages]
    assert ids == [
        "1763634600.000100",
        "1763634700.000200",
        "1763634800.000300",
        "1763721000.000100",
        "1763721100.000200",
        "1763807400.000001",
    ]
    first = export.messages[0]
    assert (first.ref.channel, first.channel_name, first.author_name) == ("C0001", "general", "alice")
    assert first.ref.platform == "slack" and first.ref.thread is None
    assert first.sent_at == dt.datetime.fromtimestamp(1763634600.0001, dt.UTC)
    assert first.link is None
    flags = [(m.author_is_bot, m.is_system) for m in export.messages]
    assert flags[2] == (False, True)  # channel_join
    assert flags[3] == (True, False)  # bot_message
    assert export.messages[1].author_name == "Bob B"


def test_slack_markup_becomes_plain_text(tmp_path):
    export = read_export(write_slack_folder(tmp_path / "slack"))
    assert export.messages[4].text.startswith("> @alice said: that chp")
    assert "Compton https://compton.example/x" in export.messages[5].text


def test_a_slack_zip_reads_like_the_folder_even_inside_a_folder(tmp_path):
    folder = read_export(write_slack_folder(tmp_path / "slack"))
    plain = read_export(write_slack_zip(tmp_path / "plain.zip"))
    nested = read_export(write_slack_zip(tmp_path / "nested.zip", prefix="Workspace Slack export Nov 2026/"))
    assert plain.messages == folder.messages
    assert nested.messages == folder.messages


def test_private_channels_and_direct_messages_are_read_too(tmp_path):
    files = slack_files()
    files["groups.json"] = [{"id": "G0001", "name": "mods"}]
    files["dms.json"] = [{"id": "D0001", "members": ["U0001", "U0002"]}]
    files["mods/2026-11-23.json"] = [{"type": "message", "user": "U0001", "text": "hi", "ts": "1763900000.000001"}]
    files["D0001/2026-11-23.json"] = [{"type": "message", "user": "U0002", "text": "yo", "ts": "1763900001.000001"}]
    export = read_export(write_slack_folder(tmp_path / "slack", files))
    assert export.channels == ("general", "random", "mods", "D0001")
    assert [m.text for m in export.messages[-2:]] == ["hi", "yo"]


def test_slack_thread_replies_keep_their_thread(tmp_path):
    files = slack_files()
    files["random/2026-11-22.json"][0].update(thread_ts="1763807400.000001", team="T01")
    files["random/2026-11-22.json"].append(
        {"type": "message", "user": "U2", "text": "no way", "ts": "1763807500.000001", "thread_ts": "1763807400.000001"}
    )
    export = read_export(write_slack_folder(tmp_path / "slack", files))
    parent, reply = export.messages[-2:]
    assert (parent.ref.workspace, parent.ref.thread) == ("T01", None)
    assert reply.ref.thread == "1763807400.000001"


def test_slack_messages_get_permalinks_when_the_workspace_is_given(tmp_path):
    export = read_export(write_slack_folder(tmp_path / "slack"), slack_workspace_url="https://team.slack.com/")
    assert export.messages[0].link == "https://team.slack.com/archives/C0001/p1763634600000100"


def test_plain_text_of_slack_markup():
    users, channels = {"U1": "alice"}, {"C1": "general"}
    cases = {
        "<https://x.example/a>": "https://x.example/a",
        "<https://x.example/a|x.example/a>": "https://x.example/a",
        "<https://x.example/a|the clip>": "the clip https://x.example/a",
        "<@U1> <@U9> <@U9|bob>": "@alice @U9 @bob",
        "<#C1> <#C2|news>": "#general #news",
        "<!here> <!channel> <!subteam^S1|@mods> <!date^1|Nov 20>": "@here @channel @mods Nov 20",
        "<mailto:a@x.example|mail me>": "mail me",
        "1 &lt; 2 &amp;&amp; 3 &gt; 2": "1 < 2 && 3 > 2",
        "&amp;lt;": "&lt;",
    }
    for markup, plain in cases.items():
        assert plain_text(markup, users, channels) == plain, markup
