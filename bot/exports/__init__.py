"""Chat exports read as `HistoryMessage` records for the history scan (`bot.services.history_scan`).

`read_export` takes a DiscordChatExporter JSON file (or a folder of them) or a Slack export (folder or zip) and
returns a `ChatExport`; anything else raises `ExportError`, whose message is one sentence naming what is wrong.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bot.exports._common import ChatExport, ExportError
from bot.exports._trees import MAX_FILE_BYTES, FolderTree, ZipTree
from bot.exports.discord_chat_exporter import read_dce
from bot.exports.slack import read_slack

ZIP_MAGIC = b"PK\x03\x04"

__all__ = ["ChatExport", "ExportError", "read_export"]


def read_export(path: Path, *, slack_workspace_url: str | None = None) -> ChatExport:
    """Read an export; ``slack_workspace_url`` (``https://team.slack.com``) gives Slack messages their links."""
    where = path.name or str(path)
    try:
        if path.is_dir():
            return _read_folder(path, where, slack_workspace_url)
        if not path.exists():
            raise ExportError(f"{path} does not exist.")
        if zipfile.is_zipfile(path):
            return _read_zip(path, where, slack_workspace_url)
        if _looks_zipped(path):
            raise ExportError(f"{where} is not a readable zip archive (it may be cut short).")
        return _read_dce_file(path, where)
    except PermissionError:
        raise ExportError(f"{path} cannot be read: permission denied.") from None
    except IsADirectoryError:
        raise ExportError(f"{path} is a folder where a file was expected.") from None
    except OSError as error:
        raise ExportError(f"{path} cannot be read: {error.strerror or error}.") from None


SLACK_FILES = ("channels.json", "users.json", "org_users.json", "groups.json", "dms.json", "mpims.json")
"""Files only a Slack export has at its top: a folder holding one is read as a Slack export."""


def _read_folder(path: Path, where: str, workspace_url: str | None) -> ChatExport:
    if any((path / name).is_file() for name in SLACK_FILES):
        names, messages = read_slack(FolderTree(path), where, workspace_url=workspace_url)
        return ChatExport("slack", "", tuple(names), messages)
    files = sorted(child for child in path.iterdir() if child.suffix.lower() == ".json" and child.is_file())
    if not files:
        raise ExportError(
            f"{where} is a folder with neither channels.json (a Slack export) nor DiscordChatExporter JSON files."
        )
    exports = [_read_dce_file(file, file.name) for file in files]
    messages = [message for export in exports for message in export.messages]
    channels = tuple(channel for export in exports for channel in export.channels)
    return ChatExport("discord", exports[0].name, channels, messages)


def _read_zip(path: Path, where: str, workspace_url: str | None) -> ChatExport:
    try:
        with zipfile.ZipFile(path) as archive:
            tree = ZipTree(archive, where, "channels.json")
            names, messages = read_slack(tree, where, workspace_url=workspace_url)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise ExportError(f"{where} is not a readable zip archive.") from None
    return ChatExport("slack", "", tuple(names), messages)


def _looks_zipped(path: Path) -> bool:
    with path.open("rb") as file:
        return path.suffix.lower() == ".zip" or file.read(4) == ZIP_MAGIC


def _read_dce_file(path: Path, where: str) -> ChatExport:
    if path.stat().st_size > MAX_FILE_BYTES:
        raise ExportError(f"{where} is larger than {MAX_FILE_BYTES >> 20} MiB, too large for a chat export file.")
    guild, channel, messages = read_dce(path.read_bytes(), where)
    return ChatExport("discord", guild, (channel,), messages)
