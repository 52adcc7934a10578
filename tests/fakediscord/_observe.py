"""What tests can read and await: requests, messages, gateway activity, interaction responses, problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from tests.fakediscord._core import Core
from tests.fakediscord._interactions import CHANNEL_MESSAGE, UPDATE_MESSAGE, InteractionRecord, InteractionResponse
from tests.fakediscord._messages import EPHEMERAL
from tests.fakediscord._payloads import Payload
from tests.fakediscord._reactions import reactors
from tests.fakediscord._recording import RecordedRequest, request_matches
from tests.fakediscord._world import Channel

T = TypeVar("T")
RequestPredicate = Callable[[RecordedRequest], bool]
MessagePredicate = Callable[[Payload], bool]


class ObservationApi:
    """Read-only views and waits over the stand-in's records (mixed into `FakeDiscord`)."""

    _core: Core

    # Requests -----------------------------------------------------------------------------------------------

    @property
    def requests(self) -> list[RecordedRequest]:
        """Every REST request so far, in arrival order (`RecordedRequest.index` is the position)."""
        return list(self._core.requests)

    @property
    def unknown_routes(self) -> list[RecordedRequest]:
        """Requests to routes the stand-in does not implement (answered 404; they fail the test at teardown)."""
        return self._core.unknown_routes

    @property
    def violations(self) -> list[str]:
        """Breaches of Discord's rules by the bot (late/double acknowledgement, invalid bodies, …)."""
        return self._core.violations

    def mark(self) -> int:
        """The index the next request will get; pass it as `since=` to ignore earlier requests."""
        return len(self._core.requests)

    def requests_matching(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        predicate: RequestPredicate | None = None,
        since: int = 0,
    ) -> list[RecordedRequest]:
        """Answered requests matching a method and a path template such as `/channels/{id}/messages`."""
        return [
            r
            for r in self._core.requests[since:]
            if r.status is not None and request_matches(r, method, path, predicate)
        ]

    async def wait_for_request(
        self,
        method: str,
        path: str,
        *,
        predicate: RequestPredicate | None = None,
        since: int = 0,
        timeout: float = 5.0,
    ) -> RecordedRequest:
        """The first answered request (index >= `since`) matching; waits for it if needed."""
        return await self._core.notifier.wait_for(
            lambda: next(iter(self.requests_matching(method, path, predicate=predicate, since=since)), None),
            within=timeout,
            what=f"request {method} {path}",
        )

    def assert_no_requests(
        self,
        method: str | None = None,
        path: str | None = None,
        *,
        since: int = 0,
        until: RecordedRequest | int | None = None,
        predicate: RequestPredicate | None = None,
    ) -> None:
        """Assert that no matching request arrived from index `since` up to (not including) `until`.

        Typical negative check: take `mark()`, inject the event that must NOT cause a call, then inject a
        sentinel that does, wait for the sentinel's request, and pass it as `until`.
        """
        end = until.index if isinstance(until, RecordedRequest) else until
        found = [
            r
            for r in self.requests_matching(method, path, predicate=predicate, since=since)
            if end is None or r.index < end
        ]
        if found:
            raise AssertionError("unexpected requests: " + "; ".join(str(r) for r in found))

    # Messages -----------------------------------------------------------------------------------------------

    def message(self, message_id: int | str) -> Payload | None:
        """The stored (not deleted) message with this id, REST-shaped."""
        return self._core.messages.get(int(message_id))

    def channel_messages(self, channel: Channel | int, *, include_ephemeral: bool = False) -> list[Payload]:
        """Live messages in a channel, oldest first (ephemeral interaction messages only if asked)."""
        channel_id = channel.id if isinstance(channel, Channel) else int(channel)
        messages = self._core.messages.in_channel(channel_id)
        return [m for m in messages if include_ephemeral or not int(m.get("flags") or 0) & EPHEMERAL]

    def deleted_messages(self) -> list[Payload]:
        """Messages deleted so far (by the bot or the test), in deletion order."""
        return self._core.messages.deleted()

    def reactors(self, message: Payload | int | str, emoji: str) -> list[int]:
        """Ids of the users whose reaction ``emoji`` is on a message now (none once it is deleted)."""
        message_id = int(message["id"]) if isinstance(message, dict) else int(message)
        return reactors(self._core, {"id": message_id}, emoji)

    def bot_messages(self, channel: Channel | int, *, after: int | str = 0) -> list[Payload]:
        """Non-ephemeral messages the bot authored in a channel with an id greater than `after`."""
        bot_id = str(self._core.world.bot.id)
        return [m for m in self.channel_messages(channel) if m["author"]["id"] == bot_id and int(m["id"]) > int(after)]

    async def wait_for_message(
        self,
        channel: Channel | int,
        *,
        predicate: MessagePredicate | None = None,
        after: int | str = 0,
        from_bot: bool = True,
        timeout: float = 5.0,
    ) -> Payload:
        """The first message (id > `after`) in a channel, by the bot unless `from_bot=False`, matching `predicate`."""

        def check() -> Payload | None:
            bot_id = str(self._core.world.bot.id)
            for message in self.channel_messages(channel):
                if int(message["id"]) <= int(after) or (from_bot and message["author"]["id"] != bot_id):
                    continue
                if predicate is None or predicate(message):
                    return message
            return None

        return await self._core.notifier.wait_for(check, within=timeout, what=f"a message in channel {channel}")

    # Gateway ------------------------------------------------------------------------------------------------

    @property
    def identify_payload(self) -> Payload | None:
        """The `d` of the latest IDENTIFY (token, intents, properties, shard, …)."""
        identifies = self._core.gateway.identifies
        return identifies[-1] if identifies else None

    @property
    def identifies(self) -> list[Payload]:
        """The `d` of every IDENTIFY so far, in order (``shard`` says which shard each session is)."""
        return list(self._core.gateway.identifies)

    @property
    def identify_count(self) -> int:
        """How many IDENTIFY frames the bot sent."""
        return len(self._core.gateway.identifies)

    @property
    def resume_count(self) -> int:
        """How many sessions were successfully resumed (RESUMED sent)."""
        return self._core.gateway.resumed_count

    @property
    def connection_count(self) -> int:
        """How many websocket connections the bot opened so far."""
        return len(self._core.gateway.connections)

    @property
    def intents(self) -> int | None:
        """Intents of the current gateway session."""
        session = self._core.gateway.session
        return session.intents if session else None

    async def wait_for_identify(self, *, count: int = 1, timeout: float = 5.0) -> Payload:
        """Wait for the `count`-th IDENTIFY and return its `d`."""
        identifies = self._core.gateway.identifies
        return await self._core.notifier.wait_for(
            lambda: identifies[count - 1] if len(identifies) >= count else None,
            within=timeout,
            what=f"IDENTIFY #{count}",
        )

    async def wait_for_resume(self, *, count: int = 1, timeout: float = 5.0) -> None:
        """Wait until `count` sessions have been resumed."""
        gateway = self._core.gateway
        await self._core.notifier.wait_for(
            lambda: True if gateway.resumed_count >= count else None, within=timeout, what=f"RESUME #{count}"
        )

    # Interactions -------------------------------------------------------------------------------------------

    def interaction(self, interaction: InteractionRecord | int) -> InteractionRecord:
        """The record of an injected interaction."""
        interaction_id = interaction.id if isinstance(interaction, InteractionRecord) else int(interaction)
        return self._core.interactions[interaction_id]

    async def wait_for_interaction_response(
        self,
        interaction: InteractionRecord | int,
        *,
        timeout: float = 5.0,
    ) -> InteractionResponse:
        """Wait for the bot's callback to an interaction."""
        record = self.interaction(interaction)
        return await self._core.notifier.wait_for(
            lambda: record.response, within=timeout, what=f"a response to interaction {record.id}"
        )

    async def wait_for_followups(
        self,
        interaction: InteractionRecord | int,
        *,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[Payload]:
        """Wait until an interaction has `count` follow-up messages, and return them all."""
        record = self.interaction(interaction)
        return await self._core.notifier.wait_for(
            lambda: list(record.followups) if len(record.followups) >= count else None,
            within=timeout,
            what=f"{count} follow-up(s) to interaction {record.id}",
        )

    async def wait_for_shown(self, interaction: InteractionRecord | int, *, timeout: float = 5.0) -> Payload:
        """Wait until the bot showed the member something for an interaction, and return that message.

        That is the message its response created (type 4) or updated (7); after a deferred update (6), the clicked
        message once the bot edited it (``PATCH @original``), or its first follow-up (e.g. an ephemeral note);
        after a thinking defer (5), its first follow-up. Test ``message["id"]`` (the clicked message: updated in
        place) and ``is_ephemeral(message)``.
        """
        record = self.interaction(interaction)
        return await self._core.notifier.wait_for(
            lambda: self._shown(record), within=timeout, what=f"what interaction {record.id} showed"
        )

    def _shown(self, record: InteractionRecord) -> Payload | None:
        response = record.response
        if response is None:
            return None
        if response.type in (CHANNEL_MESSAGE, UPDATE_MESSAGE) or record.original_edits:
            return self.interaction_message(record)
        return record.followups[0] if record.followups else None

    def interaction_message(self, interaction: InteractionRecord | int) -> Payload | None:
        """The current `@original` message of an interaction (response message, or the clicked message)."""
        record = self.interaction(interaction)
        return None if record.original_message_id is None else self._core.messages.get(record.original_message_id)

    # Generic ------------------------------------------------------------------------------------------------

    async def wait_until(self, check: Callable[[], T | None], *, what: str, timeout: float = 5.0) -> T:
        """Wait until `check()` returns something other than None (re-checked on every change)."""
        return await self._core.notifier.wait_for(check, within=timeout, what=what)

    def problems(self) -> list[str]:
        """Everything that fails the test at teardown: unknown routes, violations, unanswered interactions."""
        found = [f"unknown route called: {r.method} {r.path}" for r in self._core.unknown_routes]
        found += self._core.violations
        found += [
            f"interaction {r.id} (type {r.type}) was never acknowledged"
            for r in self._core.interactions.values()
            if r.expect_response and r.response is None
        ]
        return found

    def clear_problems(self) -> None:
        """Forget recorded problems (after a test has asserted on them)."""
        self._core.unknown_routes.clear()
        self._core.violations.clear()
        for record in self._core.interactions.values():
            record.expect_response = False

    def assert_clean(self) -> None:
        """Raise AssertionError listing every problem, if there is any."""
        found = self.problems()
        if found:
            raise AssertionError("Discord stand-in recorded problems:\n  " + "\n  ".join(found))
