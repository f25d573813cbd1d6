"""The workspace's rows: a folder's per-file summaries as one row each, their filter, their
order, the totals, and the cheap look at the folder that tells the watch what changed.

Kept free of Textual (like :mod:`.review_queue`): the rules are tested on their own and the
:class:`.workspace_screen.WorkspaceScreen` only shows them. Nothing here reads a transcript but
:class:`RowSource`, which the screen calls from its worker thread.

What the filter's keys mean for a file (the grammar is the review queue's, see
:mod:`..core.review.filter_terms`):

- ``status:`` the file's state, one or two of: ``open`` (open gaps, open uncertain passages or
  standing flags: work for a transcriber), ``proposed`` (proposals awaiting review: work for a
  reviewer), ``done`` (readable, nothing open, nothing awaiting review), ``unreadable``.
- ``is:`` ``open`` (any open work, proposals included: what ``n`` visits), ``timed`` (times
  from captions, stamps, pins or the recording, not only estimates), ``new`` (no sidecar yet),
  ``orphaned`` (some correction's words are gone), ``unreadable``.
- ``author:`` the author of the file's last revision.
- ``timing:`` the timing source in one word: ``captions``, ``stamps``, ``pins``,
  ``recording``, ``estimates``.
- any words: in the file's path, title, last author, timing source or error line.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.config import Config
from ..core.quoting import printable
from ..core.review.filter_terms import FilterTerms
from ..core.review.queue import describe_age
from ..core.text.timecodes import format_timecode
from ..core.workspace import Entry, Folder, SummaryCache, scan_folder, short_timing, summarise

#: The filter keys of a file row (see the module's docstring).
FILTER_KEYS = ("status", "author", "is", "timing")
FILTER_HINT = (
    "status:open|proposed|done|unreadable is:open|timed|new|orphaned|unreadable "
    "author: timing:captions|stamps|pins|recording|estimates (prefixes match), -term excludes, "
    "any words"
)


def _one_line(text: str) -> str:
    """Text from a file (a name, a heading, an error) for one table cell: control characters
    and line breaks escaped, never sent to the terminal."""
    return printable(text, one_line=True)


@dataclass(frozen=True)
class FileRow:
    """One transcript of the folder, as the workspace lists it (made from a summary of
    :func:`.summarise`; every text field already safe to show)."""

    key: str
    """Its path inside the folder as the scan found it (:attr:`.Entry.relative`): the row's key."""
    path: Path
    relative: str = ""
    """The same, safe to show (control characters escaped)."""
    title: str = ""
    """The first heading (title line) of the transcript, else empty."""
    error: str | None = None
    """The one-line reason it cannot be read (escaped), else None."""
    words: int = 0
    duration: float | None = None
    gaps_open: int = 0
    gaps_total: int = 0
    uncertain_open: int = 0
    uncertain_total: int = 0
    flags: int = 0
    proposed: int = 0
    """Proposals awaiting review."""
    orphaned: int = 0
    revision: int = 0
    sidecar: bool = False
    last_author: str = ""
    last_role: str = ""
    last_saved: datetime | None = None
    timing: str = ""
    """The timing source in one word (:func:`short_timing`)."""
    timing_source: str = ""
    """The timing source as ``timing --json`` says it."""
    pending: bool = False
    """Not read yet (the workspace is filling in): only its name is known."""

    @classmethod
    def waiting(cls, entry: Entry) -> FileRow:
        """The row of a file not read yet: its name only."""
        return cls(entry.relative, entry.path, _one_line(entry.relative), pending=True)

    @classmethod
    def from_summary(cls, entry: Entry, summary: dict[str, Any]) -> FileRow:
        path = entry.path
        key, relative = entry.relative, _one_line(entry.relative)
        if summary.get("error") is not None:
            return cls(key, path, relative, error=_one_line(str(summary["error"])))
        last = summary.get("last_revision") or None
        saved = None
        if last:
            saved = datetime.strptime(last["saved"], "%Y-%m-%dT%H:%M:%SZ").replace(
                tzinfo=timezone.utc
            )
        headings = summary.get("headings") or []
        return cls(
            key,
            path,
            relative,
            title=_one_line(headings[0]) if headings else "",
            words=summary["words"],
            duration=summary.get("duration"),
            gaps_open=summary["gaps"]["open"],
            gaps_total=summary["gaps"]["total"],
            uncertain_open=summary["uncertain"]["open"],
            uncertain_total=summary["uncertain"]["total"],
            flags=summary["flags"],
            proposed=summary["corrections"]["proposed"],
            orphaned=summary["corrections"]["orphaned"],
            revision=summary.get("revision") or 0,
            sidecar=bool(summary.get("sidecar")),
            last_author=_one_line(last["author"]) if last else "",
            last_role=_one_line(last["role"]) if last else "",
            last_saved=saved,
            timing=short_timing(summary.get("timing_source") or "estimates"),
            timing_source=_one_line(summary.get("timing_source") or ""),
        )

    @property
    def readable(self) -> bool:
        return self.error is None

    @property
    def error_reason(self) -> str:
        """The error without the file's path before it (the row names the file already)."""
        if self.error is None:
            return ""
        name = _one_line(self.path.name) + ": "
        at = self.error.find(name)
        return self.error[at + len(name) :] if at >= 0 else self.error

    @property
    def open_for_transcriber(self) -> int:
        return self.gaps_open + self.uncertain_open + self.flags

    @property
    def open_work(self) -> int:
        """Everything the editor's ``n`` would visit: open gaps and uncertain passages,
        standing flags, proposals awaiting review."""
        return self.open_for_transcriber + self.proposed

    def statuses(self) -> tuple[str, ...]:
        """What a ``status:`` term sees (see the module's docstring)."""
        if self.error is not None:
            return ("unreadable",)
        if self.pending:
            return ("reading",)
        found = []
        if self.open_for_transcriber:
            found.append("open")
        if self.proposed:
            found.append("proposed")
        return tuple(found) or ("done",)

    def marks(self) -> tuple[str, ...]:
        """What an ``is:`` term sees."""
        if self.error is not None:
            return ("unreadable",)
        if self.pending:
            return ()
        found = (
            ("open", self.open_work > 0),
            ("timed", self.duration is not None),
            ("new", not self.sidecar),
            ("orphaned", self.orphaned > 0),
        )
        return tuple(name for name, on in found if on)

    def haystack(self) -> str:
        return " ".join(
            (self.relative, self.title, self.last_author, self.timing, self.error or "")
        )


class WorkspaceFilter:
    """A filter typed in the workspace (see the module's docstring for what its keys mean)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.terms = FilterTerms.parse(text, FILTER_KEYS)

    def matches(self, row: FileRow) -> bool:
        values = {
            "status": row.statuses(),
            "author": (row.last_author.lower(),) if row.last_author else (),
            "is": row.marks(),
            "timing": (row.timing,) if row.timing else (),
        }
        return self.terms.matches(values, row.haystack() if self.terms.words else "")


# -- order --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sort:
    """One order of the rows: ``s`` goes to the next, ``S`` reverses it."""

    name: str
    """As the header line names it."""
    key: Callable[[FileRow], tuple[Any, ...]]


def _by_file(row: FileRow) -> tuple[Any, ...]:
    return (row.relative.lower(), row.relative)


#: In the order ``s`` cycles through. Unreadable files sort last in every order but by file
#: (their figures are unknown, not zero); ties go by file name.
SORTS: tuple[Sort, ...] = (
    Sort("file", _by_file),
    Sort("open work", lambda r: (r.error is not None, -r.open_work, *_by_file(r))),
    Sort("awaiting review", lambda r: (r.error is not None, -r.proposed, *_by_file(r))),
    Sort(
        "last change",
        lambda r: (
            r.error is not None,
            r.last_saved is None,
            -(r.last_saved.timestamp() if r.last_saved else 0),
            *_by_file(r),
        ),
    ),
    Sort("words", lambda r: (r.error is not None, -r.words, *_by_file(r))),
    Sort("title", lambda r: (r.error is not None, not r.title, r.title.lower(), *_by_file(r))),
)


def ordered(rows: list[FileRow], sort: Sort, reverse: bool = False) -> list[FileRow]:
    out = sorted(rows, key=sort.key)
    return out[::-1] if reverse else out


# -- cells --------------------------------------------------------------------------------------

#: The table's columns: (key, label, width). ``title`` takes the room left.
COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("file", "file", 24),
    ("title", "title", 16),
    ("words", "words", 7),
    ("duration", "time", 8),
    ("gaps", "gaps", 7),
    ("uncertain", "unc.", 4),
    ("flags", "flags", 5),
    ("proposed", "prop.", 5),
    ("last", "last change", 11),
    ("timing", "timing", 9),
)
#: Columns that give way in a narrow window, first to go first (the line under the table
#: shows everything about the selected file).
GIVE_WAY = ("timing", "duration", "title", "words")


def age_text(saved: datetime | None, now: datetime) -> str:
    return describe_age(saved, now) if saved is not None else ""


def cells(row: FileRow, now: datetime) -> tuple[str, ...]:
    """The row's cells, in :data:`COLUMNS`' order (plain text: the table shows it as text)."""
    if row.error is not None:
        # The file column is never hidden: the mark is there; the reason in the title's.
        return ("⚠ " + row.relative, row.error_reason, "", "", "", "", "", "", "", "")
    if row.pending:
        return (row.relative, "reading…", "", "", "", "", "", "", "", "")
    last = f"{row.last_author[:8]} {age_text(row.last_saved, now)}" if row.last_saved else "—"
    return (
        row.relative,
        row.title,
        f"{row.words:,}",
        format_timecode(row.duration) if row.duration is not None else "",
        f"{row.gaps_open}/{row.gaps_total}",
        str(row.uncertain_open),
        str(row.flags),
        str(row.proposed),
        last,
        row.timing,
    )


@dataclass(frozen=True)
class Totals:
    """The header line's figures, over the rows shown."""

    files: int = 0
    unreadable: int = 0
    words: int = 0
    gaps_open: int = 0
    gaps_total: int = 0
    uncertain_open: int = 0
    flags: int = 0
    proposed: int = 0


def totals(rows: list[FileRow]) -> Totals:
    good = [r for r in rows if r.readable]
    return Totals(
        files=len(rows),
        unreadable=len(rows) - len(good),
        words=sum(r.words for r in good),
        gaps_open=sum(r.gaps_open for r in good),
        gaps_total=sum(r.gaps_total for r in good),
        uncertain_open=sum(r.uncertain_open for r in good),
        flags=sum(r.flags for r in good),
        proposed=sum(r.proposed for r in good),
    )


# -- reading the folder (called from the screen's worker thread) --------------------------------

#: A cheap picture of the folder: each visible file's path -> (size, mtime in ns).
Snapshot = dict[str, tuple[int, int]]


def snapshot(folder: Path, recursive: bool) -> Snapshot:
    """``stat`` of every visible file of the folder (no file is opened): when two snapshots
    are equal, no transcript, sidecar, caption or alignment file was added, removed or
    written. Hidden files and folders are skipped as the scan skips them; so are symlinked
    folders."""
    found: Snapshot = {}
    for directory in _directories(folder, recursive):
        try:
            with os.scandir(directory) as it:
                for entry in it:
                    if entry.name.startswith("."):
                        continue
                    try:
                        if entry.is_dir(follow_symlinks=False):
                            continue
                        info = entry.stat()
                    except OSError:
                        found[entry.path] = (-1, -1)
                        continue
                    found[entry.path] = (info.st_size, info.st_mtime_ns)
        except OSError:
            continue
    return found


def _directories(folder: Path, recursive: bool) -> Iterator[str]:
    if not recursive:
        yield str(folder)
        return
    for directory, dirs, _ in os.walk(folder, followlinks=False):
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and not os.path.islink(os.path.join(directory, d))
        )
        yield directory


@dataclass
class RowSource:
    """Summaries of one folder's files for the screen: from the cache while a file's
    fingerprint is unchanged, else read (:func:`.summarise`) and put in the cache.

    Used from worker threads only, one at a time (:attr:`lock`); the cache is written when a
    fill or a watch round is done. ``summarise`` is a parameter so tests can count reads."""

    folder: Path
    recursive: bool
    config: Config
    summarise: Callable[[Entry, Config], dict[str, Any]] = summarise
    lock: threading.Lock = field(default_factory=threading.Lock)
    cache: SummaryCache | None = None
    known: dict[str, list[object]] = field(default_factory=dict)
    """Each file's fingerprint as last shown (to tell what a watch round must read again)."""
    reads: int = 0
    """Files read so far (not taken from the cache)."""

    def scan(self) -> Folder:
        if self.cache is None:
            self.cache = SummaryCache(
                self.folder, recursive=self.recursive, markers=self.config.markers
            )
        return scan_folder(self.folder, recursive=self.recursive)

    def cached(self, entry: Entry) -> FileRow | None:
        """The entry's row from the cache, without reading the file; None when not cached."""
        assert self.cache is not None
        key = entry.fingerprint()
        summary = self.cache.get(entry.relative, key)
        if summary is None:
            return None
        self.known[entry.relative] = key
        return FileRow.from_summary(entry, summary)

    def read(self, entry: Entry) -> FileRow:
        """The entry's row, reading the file (a bad one is a row with its error)."""
        assert self.cache is not None
        key = entry.fingerprint()
        summary = self.summarise(entry, self.config)
        self.reads += 1
        self.cache.put(entry.relative, key, summary)
        self.known[entry.relative] = key
        return FileRow.from_summary(entry, summary)

    def changed(self, entry: Entry) -> bool:
        """Whether the entry differs from what was last shown of it (or is new)."""
        return self.known.get(entry.relative) != entry.fingerprint()

    def save(self, folder: Folder) -> None:
        """Keep the cache (only the files still in the folder)."""
        if self.cache is not None:
            self.cache.save(keep=[e.relative for e in folder.entries])
        for gone in set(self.known) - {e.relative for e in folder.entries}:
            del self.known[gone]
