"""A folder -> its transcripts, each with the files that belong to it, decided by name alone.

Everything that is not recognised by its name as something else is taken for a transcript
(reading it then decides: a binary or empty file becomes an entry with its one-line error).
What is recognised, and attached to the transcript it belongs to:

* ``speech.txt.review.yaml`` (sidecar), ``….review.yaml.lock`` and ``….review.yaml.torn``;
* ``speech.txt.alignment.json`` (``align``'s file) and ``speech.txt.glossary.yaml``;
* ``speech.vtt/.srt/.sbv/.json`` (captions or ASR; an ``export`` of them when it carries the
  export mark) and ``speech.mp3``, ``speech.mp4``… (the recording), by the transcript's stem;
* ``glossary.yaml`` (the folder's glossary) and other ``.yaml``/``.yml`` files, never transcripts.

Hidden files and folders (a leading ``.``: editors' swap files, atomic-write temporaries) are
skipped. Only ``stat`` is called here, never ``open``: a FIFO, a device or a symlink loop is an
entry with its error, found without blocking on it.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..sidecar.store import LOCK_SUFFIX, SIDECAR_SUFFIX, TORN_SUFFIX
from ..text.decoding import MAX_BYTES
from ..timing.audio.alignment_file import ALIGNMENT_SUFFIX
from ..timing.audio.decode import MEDIA_EXTENSIONS
from ..timing.transcript_times import TIMING_EXTENSIONS, is_exported

GLOSSARY_SUFFIX = ".glossary.yaml"
FOLDER_GLOSSARY = "glossary.yaml"
#: Suffixes that are never a transcript, whatever their stem (settings, temporaries).
NOT_TRANSCRIPTS = (".yaml", ".yml", ".tmp", ".lock", ".torn", ".swp")

#: Companion kinds, in the order they are listed.
KINDS = ("sidecar", "lock", "torn", "alignment", "captions", "export", "media", "glossary")


@dataclass(frozen=True)
class Companion:
    """A file that belongs to a transcript (or to the folder), and what it is."""

    path: Path
    kind: str
    """One of :data:`KINDS`."""
    owner: str
    """The file name of the transcript it belongs to (``""`` for the folder's glossary)."""


@dataclass
class Entry:
    """One transcript of the folder (or a file that was meant to be one and cannot be read)."""

    path: Path
    relative: str
    """Its path inside the folder, with ``/``: what the CLI shows and sorts by."""
    size: int | None = None
    mtime_ns: int | None = None
    error: str | None = None
    """The one-line reason it cannot be read (``file: what is wrong; what to do``), else None."""
    companions: list[Companion] = field(default_factory=list)

    def companion(self, kind: str) -> Path | None:
        """The first attached file of that kind, if any."""
        return next((c.path for c in self.companions if c.kind == kind), None)

    def fingerprint(self) -> list[object]:
        """What a cached summary of this entry is valid for: its size and mtime, the sidecar's
        size and mtime, and the size and mtime of the files its timing comes from (a caption
        file or an alignment added later changes the timing source)."""
        key: list[object] = [self.size, self.mtime_ns]
        for kind in ("sidecar", "alignment", "captions"):
            path = self.companion(kind)
            info = _stat_or_none(path) if path else None
            # The sidecar's mtime too: a merge may rewrite it to the very same size.
            key.append([info.st_size, info.st_mtime_ns] if info else None)
        return key


@dataclass
class Folder:
    """What :func:`scan_folder` found."""

    path: Path
    entries: list[Entry]
    """Transcripts and unreadable would-be transcripts, sorted by relative path."""
    unattached: list[Companion]
    """Sidecars, captions, alignments… whose transcript is not in the folder."""
    shared: list[Companion]
    """Files of the whole folder (its ``glossary.yaml``)."""


def scan_folder(folder: str | Path, *, recursive: bool = False) -> Folder:
    """Classify the files of ``folder`` (and of its subfolders when ``recursive``).

    A folder that is missing or is not a folder raises :class:`InputError`; anything wrong
    with one file inside it becomes that file's :attr:`Entry.error`."""
    root = Path(folder)
    if not root.is_dir():
        if root.exists():
            raise InputError(root, "is not a folder; give a folder of transcripts")
        raise InputError(root, "no such folder; check the path")
    entries: list[Entry] = []
    unattached: list[Companion] = []
    shared: list[Companion] = []
    for directory, names in _walk(root, recursive):
        found, loose, common = _classify(root, directory, names)
        entries += found
        unattached += loose
        shared += common
    entries.sort(key=lambda e: e.relative)
    return Folder(root, entries, unattached, shared)


def _walk(root: Path, recursive: bool) -> list[tuple[Path, list[str]]]:
    """(folder, file names) for the root and, when recursive, each subfolder (hidden ones and
    symlinked ones skipped: a link back up would loop)."""
    out: list[tuple[Path, list[str]]] = []
    try:
        if not recursive:
            with os.scandir(root) as it:
                names = [e.name for e in it if not _is_real_dir(e)]
            return [(root, names)]
        for directory, dirs, files in os.walk(root, followlinks=False):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            # os.walk lists a symlinked folder among dirs; a dangling or looping link among dirs
            # or files: every non-folder name is considered, so a bad link becomes an entry.
            links = [d for d in dirs if os.path.islink(os.path.join(directory, d))]
            dirs[:] = [d for d in dirs if d not in links]
            out.append((Path(directory), files))
    except PermissionError:
        raise InputError(root, "permission denied; check the folder's permissions") from None
    except OSError as exc:
        raise InputError(root, f"cannot be listed: {exc.strerror or exc}") from None
    return out


def is_transcript_name(name: str) -> bool:
    """Whether the scan takes a file called ``name`` for a transcript (not hidden, not a
    sidecar, caption, alignment, recording, glossary or settings file): for a caller that
    wants the first transcript of a folder without classifying all of it."""
    if name.startswith(".") or name.lower() == FOLDER_GLOSSARY or _companion_kind(name):
        return False
    return os.path.splitext(name)[1].lower() not in NOT_TRANSCRIPTS


def _is_real_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _companion_kind(name: str) -> tuple[str, str] | None:
    """(kind, owner's file name or stem) for a file recognised by its name, else None."""
    lower = name.lower()
    for suffix, kind in (
        (SIDECAR_SUFFIX + LOCK_SUFFIX, "lock"),
        (SIDECAR_SUFFIX + TORN_SUFFIX, "torn"),
        (SIDECAR_SUFFIX, "sidecar"),
        (ALIGNMENT_SUFFIX, "alignment"),
        (GLOSSARY_SUFFIX, "glossary"),
    ):
        if lower.endswith(suffix):
            return kind, name[: -len(suffix)]
    stem, ext = os.path.splitext(name)
    if ext.lower() in TIMING_EXTENSIONS:
        return "captions", stem
    if ext.lower() in MEDIA_EXTENSIONS:
        return "media", stem
    return None


def _classify(
    root: Path, directory: Path, names: list[str]
) -> tuple[list[Entry], list[Companion], list[Companion]]:
    transcripts: dict[str, Entry] = {}
    companions: list[tuple[str, str, str]] = []  # (name, kind, owner)
    shared: list[Companion] = []
    for name in sorted(names):
        if name.startswith("."):
            continue
        if name.lower() == FOLDER_GLOSSARY:
            shared.append(Companion(directory / name, "glossary", ""))
            continue
        recognised = _companion_kind(name)
        if recognised is not None:
            companions.append((name, *recognised))
            continue
        if os.path.splitext(name)[1].lower() in NOT_TRANSCRIPTS:
            continue
        path = directory / name
        transcripts[name] = _entry(root, path)
    by_stem: dict[str, list[str]] = {}
    for name in transcripts:
        by_stem.setdefault(os.path.splitext(name)[0], []).append(name)
    loose: list[Companion] = []
    for name, kind, owner in companions:
        path = directory / name
        if kind in ("captions", "media"):
            owners = by_stem.get(owner, [])
            owner_name = owners[0] if owners else ""
            if kind == "captions" and is_exported(path):
                kind = "export"
        else:
            owner_name = owner if owner in transcripts else ""
        companion = Companion(path, kind, owner_name)
        if owner_name:
            transcripts[owner_name].companions.append(companion)
        else:
            loose.append(companion)
    for entry in transcripts.values():
        entry.companions.sort(key=lambda c: (KINDS.index(c.kind), c.path.name))
    return list(transcripts.values()), loose, shared


def _entry(root: Path, path: Path) -> Entry:
    """An entry with its size and mtime, or with the error ``stat`` gave."""
    entry = Entry(path, shown_name(path.relative_to(root).as_posix()))
    try:
        info = os.stat(path)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if os.path.islink(path):
            reason = f"is a broken or looping symbolic link ({reason}); fix or remove the link"
        else:
            reason = f"cannot be read: {reason}"
        entry.error = str(InputError(path, reason))
        return entry
    entry.size, entry.mtime_ns = info.st_size, info.st_mtime_ns
    if not stat.S_ISREG(info.st_mode):
        entry.error = str(
            InputError(path, "is not a regular file (a pipe or a device); not a transcript")
        )
    elif info.st_size > MAX_BYTES:
        entry.error = str(
            InputError(
                path,
                f"is {info.st_size // 2**20} MB; larger than the "
                f"{MAX_BYTES // 2**20} MB limit for a transcript",
            )
        )
    return entry


def shown_name(name: str) -> str:
    """A file name as text that can be printed and written as JSON: bytes that are not UTF-8
    (kept by Python as lone surrogates) become ``\ufffd``."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return os.stat(path)
    except OSError:
        return None
