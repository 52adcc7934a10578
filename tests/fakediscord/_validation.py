"""Discord's size limits on message bodies, answered with its own error JSON."""

from __future__ import annotations

from typing import Any

from tests.fakediscord._payloads import Payload

COMPONENTS_V2 = 1 << 15
_EMBED_LIMITS = {"title": 256, "description": 4096}
_FIELD_LIMITS = {"name": 256, "value": 1024}


def empty_message_error() -> Payload:
    """Discord's answer to a message with nothing in it."""
    return {"message": "Cannot send an empty message", "code": 50006}


def validate_message_body(body: Payload, *, has_files: bool, creating: bool) -> Payload | None:
    """Return Discord's 400 error JSON if the body breaks a limit (or is empty when creating), else None."""
    keys = ("content", "embeds", "components", "sticker_ids", "poll")
    if creating and not has_files and not any(body.get(key) for key in keys):
        return empty_message_error()
    errors: dict[str, Any] = {}
    content = body.get("content")
    if isinstance(content, str) and len(content) > 2000:
        errors["content"] = _too_long(2000)
    embeds = body.get("embeds") or []
    if len(embeds) > 10:
        errors["embeds"] = _too_long(10)
    total = 0
    for index, embed in enumerate(embeds):
        embed_errors, size = _embed_errors(embed)
        total += size
        if embed_errors:
            errors.setdefault("embeds", {})[str(index)] = embed_errors
    if total > 6000:
        errors.setdefault("embeds", {})["_errors"] = [
            {"code": "MAX_EMBED_SIZE_EXCEEDED", "message": "Embed size exceeds maximum size of 6000"}
        ]
    component_errors = _component_errors(body.get("components") or [], body.get("flags", 0) or 0)
    if component_errors:
        errors["components"] = component_errors
    if not errors:
        return None
    return {"message": "Invalid Form Body", "code": 50035, "errors": errors}


def _too_long(limit: int) -> Payload:
    return {"_errors": [{"code": "BASE_TYPE_MAX_LENGTH", "message": f"Must be {limit} or fewer in length."}]}


def _embed_errors(embed: Payload) -> tuple[Payload, int]:
    errors: Payload = {}
    size = 0
    for key, limit in _EMBED_LIMITS.items():
        text = embed.get(key) or ""
        size += len(text)
        if len(text) > limit:
            errors[key] = _too_long(limit)
    for key, sub, limit in (("footer", "text", 2048), ("author", "name", 256)):
        text = (embed.get(key) or {}).get(sub) or ""
        size += len(text)
        if len(text) > limit:
            errors[key] = {sub: _too_long(limit)}
    fields = embed.get("fields") or []
    if len(fields) > 25:
        errors["fields"] = _too_long(25)
    for index, field in enumerate(fields):
        for key, limit in _FIELD_LIMITS.items():
            text = field.get(key) or ""
            size += len(text)
            if not text:
                errors.setdefault("fields", {}).setdefault(str(index), {})[key] = {
                    "_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]
                }
            elif len(text) > limit:
                errors.setdefault("fields", {}).setdefault(str(index), {})[key] = _too_long(limit)
    return errors, size


def _component_errors(rows: list[Payload], flags: int) -> Payload:
    errors: Payload = {}
    if not flags & COMPONENTS_V2 and len(rows) > 5:
        return _too_long(5)
    for index, component in enumerate(_walk(rows)):
        custom_id = component.get("custom_id")
        if custom_id is not None and len(custom_id) > 100:
            errors[str(index)] = {"custom_id": _too_long(100)}
        label = component.get("label")
        if component.get("type") == 2 and label is not None and len(label) > 80:
            errors[str(index)] = {"label": _too_long(80)}
    return errors


def _walk(components: list[Payload]) -> list[Payload]:
    found: list[Payload] = []
    for component in components:
        found.append(component)
        found.extend(_walk(component.get("components") or []))
        if "component" in component:
            found.extend(_walk([component["component"]]))
        if "accessory" in component:
            found.extend(_walk([component["accessory"]]))
    return found
