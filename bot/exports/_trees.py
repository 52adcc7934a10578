"""An export's files, from a folder or from a zip archive, read by relative path."""

from __future__ import annotations

import posixpath
import zipfile
from pathlib import Path

from bot.exports._common import ExportError

MAX_FILE_BYTES = 512 * 1024 * 1024
"""The largest single file read from an export (a day of one channel, or one channel's whole export)."""
MAX_ZIP_BYTES = 4 * 1024 * 1024 * 1024
"""The most a zip archive may unpack to (its declared sizes; zipfile checks them while reading)."""


class FolderTree:
    """The files under a folder."""

    def __init__(self, root: Path) -> None:
        self._root = root

    def read(self, path: str) -> bytes | None:
        """The file's bytes; None when there is no such file."""
        file = self._root / path
        if not file.is_file():
            return None
        if file.stat().st_size > MAX_FILE_BYTES:
            raise ExportError(f"{path} is larger than {MAX_FILE_BYTES >> 20} MiB, too large for a chat export file.")
        return file.read_bytes()

    def files_in(self, folder: str) -> list[str]:
        """The names of the files directly in a folder."""
        directory = self._root / folder
        return [child.name for child in directory.iterdir() if child.is_file()] if directory.is_dir() else []


class ZipTree:
    """The files in a zip archive, under the folder holding ``marker`` (exports are often zipped in a folder)."""

    def __init__(self, archive: zipfile.ZipFile, where: str, marker: str) -> None:
        self._archive = archive
        infos = [info for info in archive.infolist() if not info.is_dir()]
        if sum(info.file_size for info in infos) > MAX_ZIP_BYTES:
            raise ExportError(f"{where} unpacks to more than {MAX_ZIP_BYTES >> 30} GiB, too large for a chat export.")
        markers = sorted((info.filename for info in infos if posixpath.basename(info.filename) == marker), key=len)
        self._prefix = posixpath.dirname(markers[0]) + "/" if markers and "/" in markers[0] else ""
        self._files = {
            info.filename.removeprefix(self._prefix): info for info in infos if info.filename.startswith(self._prefix)
        }

    def read(self, path: str) -> bytes | None:
        """The file's bytes; None when there is no such file."""
        info = self._files.get(path)
        if info is None:
            return None
        if info.file_size > MAX_FILE_BYTES:
            raise ExportError(f"{path} is larger than {MAX_FILE_BYTES >> 20} MiB, too large for a chat export file.")
        try:
            return self._archive.read(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, OSError) as error:
            raise ExportError(f"{path} cannot be unpacked from the zip archive ({error}).") from None

    def files_in(self, folder: str) -> list[str]:
        """The names of the files directly in a folder."""
        start = folder.rstrip("/") + "/"
        return [name[len(start) :] for name in self._files if name.startswith(start) and "/" not in name[len(start) :]]

    def names(self) -> list[str]:
        """Every file's path."""
        return list(self._files)
