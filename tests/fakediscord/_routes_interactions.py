"""REST routes for interaction callbacks and their webhook follow-ups (no bot token on these)."""

from __future__ import annotations

import time

from tests.fakediscord._core import Core, message_fields
from tests.fakediscord._faults import ApiResponse
from tests.fakediscord._interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    MESSAGE_COMPONENT,
    MODAL,
    MODAL_SUBMIT,
    UPDATE_MESSAGE,
    InteractionRecord,
    InteractionResponse,
)
from tests.fakediscord._messages import (
    CHAT_INPUT_COMMAND,
    CONTEXT_MENU_COMMAND,
    DEFAULT,
    EPHEMERAL,
    LOADING,
    MessageDraft,
)
from tests.fakediscord._payloads import Payload, user_payload
from tests.fakediscord._rest import ApiRequest, Router, error, no_content, ok
from tests.fakediscord._validation import validate_message_body, validate_modal_body

ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, MODAL},
    MESSAGE_COMPONENT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE, MODAL},
    AUTOCOMPLETE: {AUTOCOMPLETE_RESULT},
    MODAL_SUBMIT: {CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE_MESSAGE, UPDATE_MESSAGE},
}
_WEBHOOK = "/webhooks/{app_id}/{token}"


class InteractionRoutes:
    """Callbacks (once, within the deadline) and follow-ups, with Discord's error codes."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def register(self, router: Router) -> None:
        """Add these routes to the router (all without authentication, as on Discord)."""
        router.add("POST", "/interactions/{interaction_id}/{token}/callback", self.callback, auth=False)
        router.add("POST", _WEBHOOK, self.followup, auth=False)
        router.add("GET", _WEBHOOK + "/messages/{message_id}", self.get_message, auth=False)
        router.add("PATCH", _WEBHOOK + "/messages/{message_id}", self.edit_message, auth=False)
        router.add("DELETE", _WEBHOOK + "/messages/{message_id}", self.delete_message, auth=False)

    async def callback(self, request: ApiRequest) -> ApiResponse:
        """POST /interactions/{id}/{token}/callback."""
        record = self._core.interactions.get(request.snowflake("interaction_id"))
        if record is None or record.token != request.params["token"]:
            return error(404, 10062, "Unknown interaction")
        elapsed = time.monotonic() - record.created_at
        if record.response is not None:
            self._core.violation(f"interaction {record.id} was acknowledged twice")
            return error(400, 40060, "Interaction has already been acknowledged.")
        if elapsed > self._core.interaction_deadline:
            self._core.violation(f"interaction {record.id} acknowledged after {elapsed:.2f} s (Discord allows 3 s)")
            return error(404, 10062, "Unknown interaction")
        body = request.body
        kind = int(body.get("type", 0))
        data = body.get("data") or {}
        if kind not in ALLOWED_CALLBACKS.get(record.type, set()):
            self._core.violation(f"interaction {record.id} (type {record.type}) got callback type {kind}")
            return error(
                400,
                50035,
                "Invalid Form Body",
                {
                    "type": {
                        "_errors": [
                            {
                                "code": "INTERACTION_RESPONSE_TYPE_INVALID",
                                "message": "Invalid interaction response type",
                            }
                        ]
                    }
                },
            )
        if kind in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            problem = validate_message_body(
                data, has_files=bool(request.record.files), creating=kind == CHANNEL_MESSAGE
            )
            if problem is not None:
                self._core.violation(f"interaction {record.id} response rejected by Discord: {problem}")
                return ApiResponse(400, problem)
        if kind == MODAL:
            problem = validate_modal_body(data)
            if problem is not None:
                self._core.violation(f"interaction {record.id} modal rejected by Discord: {problem}")
                return ApiResponse(400, problem)
        record.response = InteractionResponse(kind, data, elapsed)
        message = await self._callback_message(record, request, kind, data)
        if request.record.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        return ok(self._callback_body(record, kind, message))

    async def followup(self, request: ApiRequest) -> ApiResponse:
        """POST /webhooks/{app_id}/{token}: a follow-up message (the first after a thinking defer replaces it)."""
        record = self._record(request, "send a follow-up")
        if isinstance(record, ApiResponse):
            return record
        body = request.body
        problem = validate_message_body(body, has_files=bool(request.record.files), creating=True)
        if problem is not None:
            self._core.violation(f"follow-up to interaction {record.id} rejected by Discord: {problem}")
            return ApiResponse(400, problem)
        original = self._original(record)
        if original is not None and int(original.get("flags") or 0) & LOADING and not record.followups:
            changes = {**message_fields(body), "flags": int(original["flags"]) & ~LOADING}
            if request.record.files or "attachments" in body:
                changes["attachments"] = self._core.edited_attachments(
                    int(original["id"]), request.record, original["attachments"]
                )
            message = await self._core.update_message(int(original["id"]), changes)
        else:
            message = await self._core.create_message(self._draft(record, body, request, DEFAULT))
        record.followups.append(message)
        self._core.notifier.notify()
        return ok(message) if request.record.query.get("wait") in ("1", "true", "True") else no_content()

    async def get_message(self, request: ApiRequest) -> ApiResponse:
        """GET a webhook message (`@original` or an id)."""
        found = self._webhook_message(request, "fetch its response")
        return found if isinstance(found, ApiResponse) else ok(found[1])

    async def edit_message(self, request: ApiRequest) -> ApiResponse:
        """PATCH `@original` or a follow-up."""
        found = self._webhook_message(request, "edit its response")
        if isinstance(found, ApiResponse):
            return found
        record, message = found
        body = request.body
        problem = validate_message_body(body, has_files=bool(request.record.files), creating=False)
        if problem is not None:
            self._core.violation(f"edit of interaction {record.id}'s message rejected by Discord: {problem}")
            return ApiResponse(400, problem)
        changes = message_fields(body)
        changes["flags"] = int(message.get("flags") or 0) & ~LOADING
        if request.record.files or "attachments" in body:
            changes["attachments"] = self._core.edited_attachments(
                int(message["id"]), request.record, message["attachments"]
            )
        if request.params["message_id"] == "@original":
            record.original_edits.append(body)
        updated = await self._core.update_message(
            int(message["id"]), changes, allowed_mentions=body.get("allowed_mentions")
        )
        return ok(updated)

    async def delete_message(self, request: ApiRequest) -> ApiResponse:
        """DELETE `@original` or a follow-up."""
        found = self._webhook_message(request, "delete its response")
        if isinstance(found, ApiResponse):
            return found
        record, message = found
        await self._core.delete_message(int(message["id"]))
        if request.params["message_id"] == "@original":
            record.original_deleted = True
        return no_content()

    async def _callback_message(
        self, record: InteractionRecord, request: ApiRequest, kind: int, data: Payload
    ) -> Payload | None:
        if kind == CHANNEL_MESSAGE:
            message = await self._core.create_message(self._draft(record, data, request, self._message_type(record)))
        elif kind == DEFERRED_CHANNEL_MESSAGE:
            draft = self._draft(
                record,
                {"flags": (int(data.get("flags") or 0) & EPHEMERAL) | LOADING},
                request,
                self._message_type(record),
            )
            message = await self._core.create_message(draft)
        elif kind == UPDATE_MESSAGE and record.message_id is not None:
            message = await self._core.update_message(
                record.message_id, message_fields(data), allowed_mentions=data.get("allowed_mentions")
            )
        else:
            message = None
        if message is not None:
            record.original_message_id = int(message["id"])
        elif kind == DEFERRED_UPDATE_MESSAGE:
            record.original_message_id = record.message_id
        return message

    def _callback_body(self, record: InteractionRecord, kind: int, message: Payload | None) -> Payload:
        flags = int(message.get("flags") or 0) if message else 0
        interaction: Payload = {
            "id": str(record.id),
            "type": record.type,
            "response_message_loading": kind == DEFERRED_CHANNEL_MESSAGE,
            "response_message_ephemeral": bool(flags & EPHEMERAL),
        }
        resource: Payload = {"type": kind}
        if message is not None:
            interaction["response_message_id"] = message["id"]
            resource["message"] = message
        return {"interaction": interaction, "resource": resource}

    def _draft(self, record: InteractionRecord, body: Payload, request: ApiRequest, message_type: int) -> MessageDraft:
        message_id = self._core.world.snowflakes.next()
        attachments = [
            self._core.store_file(message_id, f.filename, f.content_type, f.data) for f in request.record.files
        ]
        metadata: Payload = {
            "id": str(record.id),
            "type": record.type,
            "user": user_payload(record.member.user),
            "authorizing_integration_owners": {"0": str(record.guild.id)},
        }
        if record.message_id is not None:
            metadata["interacted_message_id"] = str(record.message_id)
        return MessageDraft(
            record.channel,
            record.guild,
            self._core.world.bot,
            content=body.get("content") or "",
            embeds=body.get("embeds") or [],
            attachments=attachments,
            components=body.get("components") or [],
            flags=int(body.get("flags") or 0),
            allowed_mentions=body.get("allowed_mentions"),
            webhook_id=self._core.world.application_id,
            type=message_type,
            interaction_metadata=metadata,
        )

    def _message_type(self, record: InteractionRecord) -> int:
        if record.type != APPLICATION_COMMAND:
            return DEFAULT
        return CHAT_INPUT_COMMAND if record.payload["data"].get("type", 1) == 1 else CONTEXT_MENU_COMMAND

    def _record(self, request: ApiRequest, action: str) -> InteractionRecord | ApiResponse:
        if request.snowflake("app_id") != self._core.world.application_id:
            return error(404, 10015, "Unknown Webhook")
        record = self._core.interaction_by_token(request.params["token"])
        if record is None:
            return error(404, 10015, "Unknown Webhook")
        if record.response is None:
            self._core.violation(f"tried to {action} for interaction {record.id} before acknowledging it")
            return error(404, 10015, "Unknown Webhook")
        return record

    def _original(self, record: InteractionRecord) -> Payload | None:
        if record.original_message_id is None:
            return None
        return self._core.messages.get(record.original_message_id)

    def _webhook_message(self, request: ApiRequest, action: str) -> tuple[InteractionRecord, Payload] | ApiResponse:
        record = self._record(request, action)
        if isinstance(record, ApiResponse):
            return record
        wanted = request.params["message_id"]
        if wanted == "@original":
            message = self._original(record)
        else:
            message = next((m for m in record.followups if m["id"] == wanted), None)
            message = self._core.messages.get(int(wanted)) if message is not None else None
        if message is None:
            return error(404, 10008, "Unknown Message")
        return record, message
