"""Block Kit checks: the limits Slack enforces (``invalid_blocks``), and mentions that would ping people.

Each checker returns a list of problems (empty when valid). Limits: https://docs.slack.dev/reference/block-kit/blocks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

MESSAGE_BLOCKS = 50
MODAL_BLOCKS = 100
TEXT_LIMIT = 40_000
BLOCK_TYPES = {"header", "section", "context", "actions", "divider", "rich_text", "input", "image", "markdown"}
PINGS = re.compile(r"<!(?:channel|here|everyone)\b[^>]*>|<!subteam\^[A-Z0-9]+[^>]*>|<@[UW][A-Z0-9]+[^>]*>")
"""What Slack renders as a notification: special mentions, user group and user mentions."""


def check_blocks(blocks: object, *, limit: int = MESSAGE_BLOCKS, modal: bool = False) -> list[str]:
    """Problems with a ``blocks`` array (for a message, or a modal when ``modal``)."""
    if not isinstance(blocks, list):
        return ["blocks is not a list"]
    problems = [] if len(blocks) <= limit else [f"{len(blocks)} blocks (at most {limit})"]
    ids: set[str] = set()
    for index, block in enumerate(blocks):
        where = f"blocks[{index}]"
        if not isinstance(block, dict) or block.get("type") not in BLOCK_TYPES:
            problems.append(f"{where}: unknown block {block!r:.80}")
            continue
        block_id = block.get("block_id")
        if block_id is not None:
            if not isinstance(block_id, str) or not 0 < len(block_id) <= 255 or block_id in ids:
                problems.append(f"{where}: bad or repeated block_id {block_id!r}")
            ids.add(str(block_id))
        if block["type"] == "input" and not modal:
            problems.append(f"{where}: input blocks belong in modals")
        problems.extend(f"{where}: {problem}" for problem in _check_block(block))
    return problems


def _check_block(block: dict[str, Any]) -> list[str]:
    kind = block["type"]
    if kind == "header":
        return _text(block.get("text"), 150, plain=True)
    if kind == "section":
        return _section(block)
    if kind == "context":
        elements = block.get("elements")
        if not isinstance(elements, list) or not 1 <= len(elements) <= 10:
            return ["context needs 1 to 10 elements"]
        return [problem for element in elements for problem in _text(element, 3000)]
    if kind == "actions":
        return _actions(block)
    if kind == "input":
        return [*_text(block.get("label"), 2000, plain=True), *_element(block.get("element"))]
    return []


def _section(block: dict[str, Any]) -> list[str]:
    problems: list[str] = []
    if "text" not in block and "fields" not in block:
        problems.append("section needs text or fields")
    if "text" in block:
        problems.extend(_text(block["text"], 3000))
    fields = block.get("fields")
    if fields is not None:
        if not isinstance(fields, list) or not 1 <= len(fields) <= 10:
            problems.append("section fields: 1 to 10")
        else:
            problems.extend(problem for field in fields for problem in _text(field, 2000))
    if "accessory" in block:
        problems.extend(_element(block["accessory"]))
    return problems


def _actions(block: dict[str, Any]) -> list[str]:
    elements = block.get("elements")
    if not isinstance(elements, list) or not 1 <= len(elements) <= 25:
        return ["actions need 1 to 25 elements"]
    problems = [problem for element in elements for problem in _element(element)]
    action_ids = [element.get("action_id") for element in elements if isinstance(element, dict)]
    named = [action_id for action_id in action_ids if action_id is not None]
    if len(named) != len(set(named)):
        problems.append("repeated action_id in one block")
    return problems


def _element(element: object) -> list[str]:
    if not isinstance(element, dict):
        return ["element is not an object"]
    problems: list[str] = []
    action_id = element.get("action_id")
    if action_id is not None and (not isinstance(action_id, str) or not 0 < len(action_id) <= 255):
        problems.append(f"bad action_id {action_id!r}")
    kind = element.get("type")
    if kind == "button":
        problems.extend(_text(element.get("text"), 75, plain=True))
        value = element.get("value")
        if value is not None and (not isinstance(value, str) or len(value) > 2000):
            problems.append("button value: a string of at most 2000 characters")
        if element.get("style") not in (None, "primary", "danger"):
            problems.append(f"button style {element.get('style')!r}")
        if "confirm" in element:
            problems.extend(_confirm(element["confirm"]))
    elif kind in ("plain_text_input", "static_select", "users_select", "conversations_select", "overflow", "image"):
        pass
    elif kind == "url_text_input":
        if element.get("initial_value") is not None and not str(element["initial_value"]).startswith("http"):
            problems.append("url_text_input initial_value must be a URL")
    elif kind == "checkboxes":
        options = element.get("options")
        if not isinstance(options, list) or not 1 <= len(options) <= 10:
            problems.append("checkboxes need 1 to 10 options")
        else:
            problems.extend(problem for option in options for problem in _text(option.get("text"), 150))
    else:
        problems.append(f"unknown element {kind!r}")
    return problems


def _confirm(confirm: object) -> list[str]:
    if not isinstance(confirm, dict):
        return ["confirm is not an object"]
    return [
        *_text(confirm.get("title"), 100, plain=True),
        *_text(confirm.get("text"), 300),
        *_text(confirm.get("confirm"), 30, plain=True),
        *_text(confirm.get("deny"), 30, plain=True),
    ]


def _text(obj: object, limit: int, *, plain: bool = False) -> list[str]:
    if not isinstance(obj, dict) or obj.get("type") not in ("plain_text", "mrkdwn"):
        return [f"not a text object: {obj!r:.80}"]
    text = obj.get("text")
    if not isinstance(text, str) or not text or len(text) > limit:
        return [f"text must be 1 to {limit} characters (got {len(text) if isinstance(text, str) else text!r})"]
    if plain and obj["type"] != "plain_text":
        return ["this text must be plain_text"]
    if obj["type"] == "plain_text" and "verbatim" in obj:
        return ["verbatim is for mrkdwn only"]
    if obj["type"] == "mrkdwn" and "emoji" in obj:
        return ["emoji is for plain_text only"]
    return []


def check_modal(view: object) -> list[str]:
    """Problems with a modal view (``views.open``/``views.update``)."""
    if not isinstance(view, dict) or view.get("type") != "modal":
        return ["view is not a modal"]
    problems = [
        *_text(view.get("title"), 24, plain=True),
        *check_blocks(view.get("blocks"), limit=MODAL_BLOCKS, modal=True),
    ]
    for key in ("submit", "close"):
        if key in view:
            problems.extend(f"{key}: {problem}" for problem in _text(view[key], 24, plain=True))
    blocks = [block for block in view.get("blocks") or [] if isinstance(block, dict)]
    if "submit" not in view and any(block.get("type") == "input" for block in blocks):
        problems.append("a modal with inputs needs submit")
    metadata = view.get("private_metadata")
    if metadata is not None and (not isinstance(metadata, str) or len(metadata) > 3000):
        problems.append("private_metadata: a string of at most 3000 characters")
    return problems


def texts_of(value: object) -> Iterator[tuple[str, str]]:
    """Every text in a message payload with its kind: ``top`` (a top-level or attachment string), ``mrkdwn``,
    ``verbatim`` (mrkdwn with ``verbatim: true``) or ``plain_text``.
    """
    if isinstance(value, str):
        yield value, "top"
    elif isinstance(value, list):
        for item in value:
            yield from texts_of(item)
    elif isinstance(value, dict):
        kind = value.get("type")
        if kind in ("plain_text", "mrkdwn") and isinstance(value.get("text"), str):
            yield value["text"], "verbatim" if kind == "mrkdwn" and value.get("verbatim") is True else str(kind)
            return
        for key, item in value.items():
            if key in ("text", "fallback", "pretext") or isinstance(item, list | dict):
                yield from texts_of(item)


def pings_in(args: dict[str, Any]) -> list[str]:
    """What in a message posted with these arguments would notify people (empty for a safe message).

    ``<!channel>``, ``<!here>``, ``<!everyone>``, ``<!subteam^…>`` and ``<@U…>`` notify in any text Slack
    formats (plain_text is shown as typed); mrkdwn without ``verbatim: true`` may also turn bare ``@here``-style
    words into mentions, and ``link_names``/``parse="full"`` do so everywhere.
    """
    found: list[str] = []
    if args.get("link_names") in (True, 1, "1", "true"):
        found.append("link_names set")
    if args.get("parse") == "full":
        found.append('parse="full"')
    for text, kind in texts_of({key: args.get(key) for key in ("text", "blocks", "attachments")}):
        if kind == "plain_text":
            continue
        found.extend(PINGS.findall(text))
        if kind == "mrkdwn" and re.search(r"@(channel|here|everyone)\b|<[@!#]", text):
            found.append(f"mrkdwn without verbatim: {text[:60]!r}")
    return found
