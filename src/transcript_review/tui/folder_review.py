"""The folder's review queue on screen: :class:`FolderSource` lets the one review screen
(:class:`~.review_screen.ReviewScreen`) show every proposal of every transcript of a folder.

It only routes: rows come from :class:`.FolderQueue` (each carrying its file), a verdict goes
to that file's session (so the same refusals as for one file: no self-approval, nothing on an
orphaned proposal), the details pane shows the row with its own file's text. What it adds is
the file column, the folder's totals on the status line, the files that could not be read
(one escaped line each, above the rows) and an empty state that says whether the folder is
still being opened or has nothing to review.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.content import Content

from ..core.quoting import printable
from ..core.review.queue import FOLDER_FILTER_HINT, QueueRow
from .review_source import COLUMNS, ReviewSource, tally_parts
from .status_line import Part, who

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.review.folder_queue import FolderQueue
    from ..core.timing.transcript_times import TranscriptTiming

#: Problems listed above the rows; more are counted on one more line (they must not push the
#: queue off a small screen; ``queue DIR`` lists them all).
SHOWN_PROBLEMS = 3
#: The file column's widest (longer names are cut: the details pane shows them whole) and the
#: narrowest it takes before giving way.
FILE_WIDTH = 24
FILE_MIN_WIDTH = 10


class FolderSource(ReviewSource):
    """Every transcript of a folder, for one reviewer (:class:`.FolderQueue`)."""

    # The file first: it says whose statement a row is. It is as wide as the longest name
    # (up to FILE_WIDTH); in a narrow window it narrows (to a name's first letters) after
    # age, status, author and time have given way, then goes too: the details pane names the
    # file of the selected row first in any case.
    give_way = ("age", "status", "author", "time", "file")
    filter_hint = FOLDER_FILTER_HINT
    filter_placeholder = "status:proposed file:day2 author:ana is:question words… (empty: all)"
    with_file = True
    can_leave = False  # no editor under it: q quits (asking first when verdicts are unsaved)

    def __init__(self, folder: Path, user: str | None = None) -> None:
        self.folder = folder
        self.queue: FolderQueue | None = None
        """None until the folder is scanned (in the app's worker, after the first paint)."""
        self._user = user or ""
        self.to_open = 0
        """How many transcripts with corrections the folder holds (opened or not yet)."""
        self.loading = True
        """The app is still opening transcripts (the status line and empty state say so)."""

    @property
    def columns(self) -> tuple[tuple[str, int], ...]:  # type: ignore[override]
        names = [] if self.queue is None else self.queue.files
        longest = max((len(printable(n, one_line=True)) for n in names), default=FILE_WIDTH)
        return (("file", max(4, min(FILE_WIDTH, longest))), *COLUMNS)

    @property
    def min_widths(self) -> dict[str, int]:  # type: ignore[override]
        return {"file": min(FILE_MIN_WIDTH, dict(self.columns)["file"])}

    def set_queue(self, queue: FolderQueue) -> None:
        """The folder is scanned: ``queue`` has its transcripts to open (in :attr:`pending`)."""
        self.queue = queue
        self.to_open = len(queue.pending) + len(queue.files)

    @property
    def user(self) -> str:
        return self.queue.user if self.queue is not None else self._user

    @property
    def problems(self) -> tuple[str, ...]:  # type: ignore[override]
        found = [] if self.queue is None else self.queue.problems
        lines = [f"⚠ {_problem_line(p.file, p.message)}" for p in found[:SHOWN_PROBLEMS]]
        if len(found) > SHOWN_PROBLEMS:
            lines.append(
                f"⚠ and {len(found) - SHOWN_PROBLEMS} more files could not be read "
                f"(transcript-review queue DIR lists them)"
            )
        return tuple(lines)

    def rows(self, query: str) -> list[QueueRow]:
        return [] if self.queue is None else self.queue.rows(query)

    def _queue(self) -> FolderQueue:
        assert self.queue is not None, "rows exist only once the folder is scanned"
        return self.queue

    def session_of(self, row: QueueRow) -> EditingSession:
        assert row.file is not None  # every row of the folder's queue has its file
        return self._queue().session(row.file)

    def timing_of(self, row: QueueRow) -> TranscriptTiming | None:
        assert row.file is not None
        return self._queue().timing(row.file)

    def give(self, verdict: str, row: QueueRow, *args: str | None) -> None:
        getattr(self._queue(), verdict)(row.file, row.id, *args)

    def approve_all(self, rows: list[QueueRow]) -> int:
        return len(self._queue().approve_all(rows).refused)

    def describe(self, row: QueueRow) -> Content:
        """The file first (its column may have given way), then the row as for one file."""
        name = printable(row.file or "", one_line=True)
        return Content.assemble((name, "bold $accent"), "\n", super().describe(row))

    def version(self) -> tuple[object, ...]:
        """Every opened file's draft and revision: a verdict, an undo or a save in any file
        changes it; so do files opened meanwhile."""
        if self.queue is None:
            return ()
        sessions = [self.queue.session(file) for file in self.queue.files]
        return tuple((id(s.draft), len(s.draft.events), s.saved_revision) for s in sessions) + (
            len(self.queue.problems),
        )

    def status_parts(self, shown: int, query: str, note: str) -> list[Part]:
        """The folder, its files, who reviews; then the folder's totals as one file's."""
        counts = {"proposed": 0, "approved": 0, "rejected": 0}
        unsaved = questions = 0
        dirty = 0
        queue = self.queue
        files = [] if queue is None else queue.files
        for file in files:
            session = queue.session(file)  # type: ignore[union-attr]
            for key, n in session.state.counts().items():
                if key in counts:
                    counts[key] += n
            unsaved += len(session.actions)
            dirty += bool(session.actions)
            questions += len(session.state.open_questions)
        name = printable(self.folder.name or str(self.folder), one_line=True) + "/"
        if queue is None:
            opened = "reading the folder…"
        elif self.loading:
            opened = f"opening {len(files)}/{self.to_open} files…"
        else:
            opened = f"{len(files)} file{'s' if len(files) != 1 else ''}"
        where = f" in {dirty} file{'s' if dirty != 1 else ''}"
        return [
            Part("Review", 0, style="bold"),
            Part(name, 4, short=name if len(name) <= 24 else name[:23] + "…"),
            Part(opened, 2),
            who(self.user, "reviewer"),
            *tally_parts(counts, unsaved, questions, shown, query, where),
            Part(note, 1, short_from=5, style="italic", note=True),
        ]

    def empty_message(self) -> str:
        queue = self.queue
        if queue is None:
            return "Reading the folder…"
        if not queue.files and self.loading:
            return f"Opening the transcripts that have corrections (0 of {self.to_open})…"
        if not queue.files:
            read = queue.skipped + len(queue.problems)
            unread = (
                f" ({len(queue.problems)} could not be read: see above)" if queue.problems else ""
            )
            return (
                f"Nothing to review: none of the {read} transcripts in this folder has a "
                f"proposed correction or a verdict{unread}. q quits."
            )
        return super().empty_message()


def _problem_line(file: str, message: str) -> str:
    """``file: what is wrong; what to do``, escaped, the file named as in the folder (the
    message names it by its whole path, which the status line already holds the start of)."""
    name = printable(file, one_line=True)
    message = printable(message, one_line=True)
    _, found, why = message.partition(f"{name}: ")
    return f"{name}: {why}" if found else message
