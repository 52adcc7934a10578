import datetime as dt

import pytest

from bot.platform import (
    ChannelRef,
    Delivery,
    MessageGone,
    MessageRef,
    Platform,
    PostRefused,
    TransientFailure,
    UserRef,
    WorkspaceRef,
)
from slackfront.ids import service_ref
from slackfront.port import SlackPort, web_client
from tests.fakeslack import FakeSlack
from tests.slackfront.test_blocks import card as card_with

pytestmark = pytest.mark.slack


def port(fake: FakeSlack, retries: int = 1) -> SlackPort:
    return SlackPort(web_client(fake.world.bot_token, fake.api_url, retries=retries), fake.world.team_id)


async def test_slack_errors_become_the_ports(fake_slack: FakeSlack) -> None:
    slack = port(fake_slack)
    missing = MessageRef(Platform.SLACK, "T0TEST001", "C0GENERAL", "1712345678.999900")
    with pytest.raises(MessageGone):
        await slack.fetch_message(missing)
    await slack.delete_message(missing)  # already gone is fine
    with pytest.raises(PostRefused):
        await slack.tell(
            UserRef(Platform.SLACK, "T0TEST001", "U0ALICE01"),
            "hi",
            where=ChannelRef(Platform.SLACK, "T0TEST001", "C0ELSEWHR"),
        )
    fake_slack.rate_limit("chat.postEphemeral", retry_after=0, times=2)
    with pytest.raises(TransientFailure):
        await slack.tell(
            UserRef(Platform.SLACK, "T0TEST001", "U0ALICE01"),
            "hi",
            where=ChannelRef(Platform.SLACK, "T0TEST001", "C0GENERAL"),
        )
    fake_slack.fail("chat.postEphemeral", "internal_error", status=500, times=2)
    with pytest.raises(TransientFailure):
        await slack.tell(
            UserRef(Platform.SLACK, "T0TEST001", "U0ALICE01"),
            "hi",
            where=ChannelRef(Platform.SLACK, "T0TEST001", "C0GENERAL"),
        )
    fake_slack.clear_problems()


async def test_fetch_message_reads_channel_messages_and_thread_replies(fake_slack: FakeSlack) -> None:
    slack = port(fake_slack)
    parent = await fake_slack.post_message("alice", "general", "parent &lt;b&gt; <https://e.com|e.com>")
    reply = await fake_slack.post_message("bob", "general", "in the thread", thread_ts=parent.ts)
    assert (
        await slack.fetch_message(service_ref("T0TEST001", "C0GENERAL", parent.ts))
    ).text == "parent <b> https://e.com"
    assert (
        await slack.fetch_message(service_ref("T0TEST001", "C0GENERAL", reply.ts, parent.ts))
    ).text == "in the thread"
    found = await slack.fetch_message(MessageRef(Platform.SLACK, "T0TEST001", "C0GENERAL", reply.ts, parent.ts))
    assert found.author is not None and found.author.user == "U0BOB0001"
    slack.note_thread("C0GENERAL", reply.ts, parent.ts)  # a ref of the services without the thread
    assert (await slack.fetch_message(service_ref("T0TEST001", "C0GENERAL", reply.ts))).text == "in the thread"
    assert slack.serves(WorkspaceRef(Platform.SLACK, "T0TEST001"))
    assert not slack.serves(WorkspaceRef(Platform.SLACK, "T0OTHER01"))
    assert not slack.serves(WorkspaceRef(Platform.DISCORD, "T0TEST001"))
    fake_slack.clear_problems()  # nobody acknowledged the message events


async def test_history_reads_threads_page_by_page_with_their_links(
    fake_slack: FakeSlack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("slackfront.port.HISTORY_PAGE", 2)
    monkeypatch.setattr("slackfront.port.REPLIES_PAGE", 2)
    slack = SlackPort(
        web_client(fake_slack.world.bot_token, fake_slack.api_url), "T0TEST001", workspace_url="https://t.slack.com/"
    )
    now = dt.datetime.now(dt.UTC)
    parent = fake_slack.seed_history("bob", "general", "a thread", at=now - dt.timedelta(days=2))
    replies = [
        fake_slack.seed_history(
            "alice", "general", f"reply {n}", at=now - dt.timedelta(hours=30 - n), thread_ts=parent.ts
        )
        for n in range(5)
    ]
    for days in (1, 3, 20):
        fake_slack.seed_history("alice", "general", f"{days} days ago", at=now - dt.timedelta(days=days))

    read = [
        m
        async for m in slack.read_history(
            ChannelRef(Platform.SLACK, "T0TEST001", "C0GENERAL"), now - dt.timedelta(days=10)
        )
    ]

    assert [m.text for m in read] == ["1 days ago", "a thread", "3 days ago"] + [f"reply {n}" for n in range(5)]
    first = read[3]
    assert first.ref == MessageRef(Platform.SLACK, "T0TEST001", "C0GENERAL", replies[0].ts, parent.ts)
    assert first.link == (
        f"https://t.slack.com/archives/C0GENERAL/p{replies[0].ts.replace('.', '')}?thread_ts={parent.ts}&cid=C0GENERAL"
    )
    assert read[0].link == f"https://t.slack.com/archives/C0GENERAL/p{read[0].id.replace('.', '')}"
    assert len(fake_slack.calls("conversations.replies")) == 3  # five replies, two a page


async def test_a_marker_is_a_reaction_added_once_and_a_thread_is_a_thread_reply(fake_slack: FakeSlack) -> None:
    slack = port(fake_slack)
    posted = await fake_slack.post_message("alice", "general", "a message")
    source = MessageRef(Platform.SLACK, "T0TEST001", "C0GENERAL", posted.ts)
    card = card_with("A known claim")

    first = await slack.post_answer(source, card, delivery=Delivery.MARKER)
    again = await slack.post_answer(source, card, delivery=Delivery.MARKER)  # a retry: already there is fine
    in_thread = await slack.post_answer(source, card, delivery=Delivery.THREAD)

    assert first == again == source
    assert fake_slack.message("general", posted.ts).reactions == {"mag": [fake_slack.world.bot.id]}
    [reply] = fake_slack.replies("general", posted.ts)
    assert (in_thread.channel, in_thread.message) == ("C0GENERAL", reply.ts)
    assert "reply_broadcast" not in reply.args  # never shown in the channel too
    fake_slack.clear_problems()
