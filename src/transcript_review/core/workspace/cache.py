"""Per-file summaries kept between runs, so an unchanged folder is not read again.

One JSON file per folder (and per recursive or not) in the platform's cache folder
(``~/.cache/transcript-review/folders/`` on Linux, honouring ``$XDG_CACHE_HOME``), never in
the user's folder. Each file's summary is stored with the fingerprint it was made for
(:meth:`.Entry.fingerprint`: size, mtime, the sidecar's size, the timing files' size and mtime)
and is used only while that fingerprint is unchanged. The program's version and the marker
patterns of the config are part of the cache file's identity: a new version or new house-style
markers count gaps differently, so the whole cache is rebuilt.

A cache is only ever a shortcut: one that cannot be read, is not JSON, or has the wrong shape
is ignored (and rebuilt); one that cannot be written is skipped silently. Writes go to a
temporary file in the cache folder, then ``os.replace``, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import platformdirs

from ... import __version__
from ..config import APP_NAME
from ..text.markers import MarkerPatterns

FORMAT = "transcript-review/folder-summaries"
#: Bumped when a summary's keys change, so old caches are rebuilt.
VERSION = 1


def cache_folder() -> Path:
    """Where the summaries are kept; deleting it is always safe."""
    return platformdirs.user_cache_path(APP_NAME) / "folders"


def config_identity(markers: MarkerPatterns) -> str:
    """The parts of the settings a summary depends on (the house-style markers)."""
    return json.dumps([[p.pattern for p in markers.gaps], [p.pattern for p in markers.uncertain]])


class SummaryCache:
    """The cached summaries of one folder's files, by path inside the folder."""

    def __init__(self, folder: Path, *, recursive: bool, markers: MarkerPatterns) -> None:
        self.folder = folder.resolve()
        self.identity = {
            "format": FORMAT,
            "version": VERSION,
            "program": __version__,
            "folder": str(self.folder),
            "recursive": recursive,
            "config": config_identity(markers),
        }
        name = hashlib.sha256(
            json.dumps([str(self.folder), recursive]).encode("utf-8", "surrogatepass")
        ).hexdigest()[:32]
        self.path = cache_folder() / f"{name}.json"
        self.files: dict[str, dict[str, Any]] = self._load()
        self.changed = False
        self.hits = 0
        self.misses = 0

    def _load(self) -> dict[str, dict[str, Any]]:
        """The stored summaries, or none when the file is missing, unreadable, corrupt or
        made for another version, folder or set of markers."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("identity") != self.identity:
            return {}
        files = data.get("files")
        if not isinstance(files, dict):
            return {}
        return {
            name: value
            for name, value in files.items()
            if isinstance(value, dict)
            and isinstance(value.get("key"), list)
            and isinstance(value.get("summary"), dict)
        }

    def get(self, relative: str, key: list[object]) -> dict[str, Any] | None:
        """The summary stored for this file with this very fingerprint, else None."""
        stored = self.files.get(relative)
        if stored is not None and stored["key"] == key:
            self.hits += 1
            return stored["summary"]
        self.misses += 1
        return None

    def put(self, relative: str, key: list[object], summary: dict[str, Any]) -> None:
        self.files[relative] = {"key": key, "summary": summary}
        self.changed = True

    def save(self, keep: list[str]) -> None:
        """Write the summaries of the files in ``keep`` (the others left the folder), atomically;
        nothing when nothing changed, or when the cache folder lies inside the user's folder
        (``$XDG_CACHE_HOME`` pointed there: we never write among the transcripts)."""
        wanted = set(keep)
        dropped = set(self.files) - wanted
        if not (self.changed or dropped):
            return
        for name in dropped:
            del self.files[name]
        target = self.path.parent
        try:
            resolved = target.resolve()
            if resolved == self.folder or self.folder in resolved.parents:
                return
            target.mkdir(parents=True, exist_ok=True)
            fd, temp = tempfile.mkstemp(dir=target, prefix=".summaries-", suffix=".tmp")
        except OSError:
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"identity": self.identity, "files": self.files}, fh)
            os.replace(temp, self.path)
        except (OSError, TypeError, ValueError):
            Path(temp).unlink(missing_ok=True)
        self.changed = False
