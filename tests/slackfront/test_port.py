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
        await slack.fetch_text(missing)
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


async def test_fetch_text_reads_channel_messages_and_thread_replies(fake_slack: FakeSlack) -> None:
    slack = port(fake_slack)
    parent = await fake_slack.post_message("alice", "general", "parent &lt;b&gt; <https://e.com|e.com>")
    reply = await fake_slack.post_message("bob", "general", "in the thread", thread_ts=parent.ts)
    assert await slack.fetch_text(service_ref("T0TEST001", "C0GENERAL", parent.ts)) == "parent <b> https://e.com"
    assert await slack.fetch_text(service_ref("T0TEST001", "C0GENERAL", reply.ts, parent.ts)) == "in the thread"
    found = await slack.fetch_message(MessageRef(Platform.SLACK, "T0TEST001", "C0GENERAL", reply.ts, parent.ts))
    assert found.author is not None and found.author.user == "U0BOB0001"
    slack.note_thread("C0GENERAL", reply.ts, parent.ts)  # a ref of the services without the thread
    assert await slack.fetch_text(service_ref("T0TEST001", "C0GENERAL", reply.ts)) == "in the thread"
    assert slack.serves(WorkspaceRef(Platform.SLACK, "T0TEST001"))
    assert not slack.serves(WorkspaceRef(Platform.SLACK, "T0OTHER01"))
    assert not slack.serves(WorkspaceRef(Platform.DISCORD, "T0TEST001"))
    fake_slack.clear_problems()  # nobody acknowledged the message events


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
