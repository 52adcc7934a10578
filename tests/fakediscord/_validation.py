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


_TEXT_INPUT_LIMITS = {"custom_id": 100, "label": 45, "placeholder": 100, "value": 4000}


def validate_modal_body(body: Payload) -> Payload | None:
    """Discord's 400 error JSON for a modal (callback type 9) that breaks its limits, else None.

    A title of at most 45 characters, one to five top-level components (action rows or labels), and text inputs
    with labels of at most 45 characters, placeholders of 100, prefilled values of 4000 within ``max_length``.
    """
    errors: Payload = {}
    title = body.get("title") or ""
    if not title or len(title) > 45:
        errors["title"] = _too_long(45)
    custom_id = body.get("custom_id") or ""
    if not custom_id or len(custom_id) > 100:
        errors["custom_id"] = _too_long(100)
    components = body.get("components") or []
    if not 1 <= len(components) <= 5:
        errors["components"] = _too_long(5)
    for index, component in enumerate(components):
        problems = _modal_component_errors(component)
        if problems:
            errors.setdefault("components", {})[str(index)] = problems
    return {"message": "Invalid Form Body", "code": 50035, "errors": errors} if errors else None


def _modal_component_errors(component: Payload) -> Payload:
    if component.get("type") == 18:  # a label around one input
        label = component.get("label") or ""
        errors = {"label": _too_long(45)} if not label or len(label) > 45 else {}
        inner = _text_input_errors(component.get("component") or {}, labelled=True)
        return {**errors, **({"component": inner} if inner else {})}
    inputs = component.get("components") or []
    if len(inputs) != 1:
        return {"components": _too_long(1)}
    inner = _text_input_errors(inputs[0], labelled=False)
    return {"components": {"0": inner}} if inner else {}


def _text_input_errors(text_input: Payload, *, labelled: bool) -> Payload:
    if text_input.get("type") != 4:
        return {}
    errors: Payload = {}
    for key, limit in _TEXT_INPUT_LIMITS.items():
        value = text_input.get(key)
        if key == "label" and labelled:
            continue
        if key in ("custom_id", "label") and not value:
            errors[key] = {"_errors": [{"code": "BASE_TYPE_REQUIRED", "message": "This field is required"}]}
        elif isinstance(value, str) and len(value) > limit:
            errors[key] = _too_long(limit)
    max_length = text_input.get("max_length")
    if max_length is not None and not 1 <= int(max_length) <= 4000:
        errors["max_length"] = _too_long(4000)
    value = text_input.get("value")
    if isinstance(value, str) and max_length is not None and len(value) > int(max_length):
        errors["value"] = _too_long(int(max_length))
    return errors
