"""What the review queue's screen works on: one file's session, or (see :mod:`.folder_review`)
every transcript of a folder.

:class:`~.review_screen.ReviewScreen` shows rows, their details and the status line, and gives
verdicts; it asks a :class:`ReviewSource` for all of these, so one screen (its keys, its
column fitting, its filter and verdict rules) serves both queues rather than two copies of it
drifting apart. The rules themselves (no self-approval, nothing on an orphaned proposal) stay
in core: a source only routes a verdict to the session it belongs to.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.corrections import Status
from ..core.review.queue import FILTER_HINT, QueueBuilder, QueueRow
from .review_details import describe
from .status_line import Part, who

if TYPE_CHECKING:
    from textual.content import Content

    from ..core.editing.session import EditingSession
    from ..core.timing.transcript_times import TranscriptTiming

#: The queue's columns: (key and label, width).
COLUMNS: tuple[tuple[str, int], ...] = (
    ("id", 11),
    ("kind", 11),
    ("author", 14),
    ("time", 10),
    ("age", 5),
    ("status", 10),
    ("change", 42),
)

#: Columns that give way in a narrow window, first to go first (the detail pane below shows
#: them all for the selected row).
GIVE_WAY: tuple[str, ...] = ("age", "status", "author")


class ReviewSource:
    """The queue a review screen shows: rows, their text and details, the verdicts on them.

    A base with the one-file answers where both queues agree; :class:`SessionSource` and
    :class:`.folder_review.FolderSource` fill in the rest.
    """

    columns: tuple[tuple[str, int], ...] = COLUMNS
    give_way: tuple[str, ...] = GIVE_WAY
    min_widths: dict[str, int] = {}
    """Columns that narrow to this width before they give way."""
    filter_hint: str = FILTER_HINT
    filter_placeholder = "status:proposed author:ana is:question words… (empty: all)"
    with_file = False
    """Rows carry their file (a column of its own, named in the details)."""
    can_leave = True
    """There is an editor under the queue to go back (or ``o``pen a proposal) to."""
    problems: tuple[str, ...] = ()
    """Files that could not be read: one escaped line each, shown above the rows."""

    @property
    def user(self) -> str:
        raise NotImplementedError

    def rows(self, query: str) -> list[QueueRow]:
        raise NotImplementedError

    def session_of(self, row: QueueRow) -> EditingSession:
        """The session a row belongs to (its text, its rules)."""
        raise NotImplementedError

    def timing_of(self, row: QueueRow) -> TranscriptTiming | None:
        raise NotImplementedError

    def give(self, verdict: str, row: QueueRow, *args: str | None) -> None:
        """Give ``verdict`` (approve, reject, amend) on ``row``: raises the session's
        :class:`.InputError` when refused (nothing changed)."""
        raise NotImplementedError

    def approve_all(self, rows: list[QueueRow]) -> int:
        """Approve ``rows`` (see :meth:`approvable`); how many were refused."""
        raise NotImplementedError

    def version(self) -> tuple[object, ...]:
        """Changes whenever the rows may change (a save, an undo, another verdict)."""
        raise NotImplementedError

    def status_parts(self, shown: int, query: str, note: str) -> list[Part]:
        raise NotImplementedError

    def empty_message(self) -> str:
        return "Nothing to review here. / changes the filter (empty: all)."

    # -- shared ------------------------------------------------------------------------------

    def key(self, row: QueueRow) -> str:
        """What names a row in the table: its id (ids are per file, so with the file)."""
        return row.id if row.file is None else f"{row.file}\x00{row.id}"

    def text(self, row: QueueRow) -> str:
        return self.session_of(row).transcript.text

    def describe(self, row: QueueRow) -> Content:
        return describe(row, self.session_of(row), self.timing_of(row))

    def approvable(self, rows: list[QueueRow]) -> tuple[list[QueueRow], int]:
        """The proposed rows the reviewer may approve, and how many shown are their own."""
        todo, mine = [], 0
        for row in rows:
            session = self.session_of(row)
            own = row.correction.author == session.user
            mine += own
            if row.correction.status is Status.PROPOSED and (
                session.allow_self_approval or not own
            ):
                todo.append(row)
        return todo, mine

    def require_amendable(self, row: QueueRow) -> None:
        """Raises :class:`.InputError` when the words of ``row`` cannot be amended (said
        before asking for words that could not be recorded)."""
        self.session_of(row).draft.require_placed(row.correction.id, "amended")


class SessionSource(ReviewSource):
    """One transcript's queue: the editor's session, worked on in the reviewer role."""

    def __init__(self, session: EditingSession, timing: TranscriptTiming | None) -> None:
        self.session = session
        self.timing = timing
        """The transcript's times (the editor sends new ones: :class:`.messages.TimingChanged`)."""
        self._builder = QueueBuilder()

    @property
    def user(self) -> str:
        return self.session.user

    def rows(self, query: str) -> list[QueueRow]:
        return self._builder.build(self.session, self.timing, query)

    def session_of(self, row: QueueRow) -> EditingSession:
        return self.session

    def timing_of(self, row: QueueRow) -> TranscriptTiming | None:
        return self.timing

    def give(self, verdict: str, row: QueueRow, *args: str | None) -> None:
        getattr(self.session, verdict)(row.id, *args)

    def approve_all(self, rows: list[QueueRow]) -> int:
        from ..core.errors import InputError

        failed = 0
        for row in rows:
            try:
                self.session.approve(row.id)
            except InputError:
                failed += 1
        return failed

    def version(self) -> tuple[object, ...]:
        """Another session or draft (a save, an undo), another action in the draft."""
        session = self.session
        draft = session.draft
        return (id(session), id(draft), len(draft.events), session.saved_revision)

    def status_parts(self, shown: int, query: str, note: str) -> list[Part]:
        """Unsaved verdicts, open questions and what is shown first; who and which file last
        (they give way in a narrow window)."""
        session = self.session
        counts = session.state.counts()
        unsaved = len(session.actions)
        questions = len(session.state.open_questions)
        name = session.transcript.name
        return [
            Part("Review", 0, style="bold"),
            Part(name, 4, short=name if len(name) <= 24 else name[:23] + "…"),
            Part(f"rev {session.saved_revision}", 3),
            who(session.user, "reviewer"),
            *tally_parts(counts, unsaved, questions, shown, query),
            Part(note, 1, short_from=5, style="italic", note=True),
        ]


def tally_parts(
    counts: dict[str, int], unsaved: int, questions: int, shown: int, query: str, where: str = ""
) -> list[Part]:
    """The status line's unsaved verdicts (``where``: " in 3 files"), open questions, counts
    and filter (both queues)."""
    tally = (
        f"{counts['proposed']} proposed · {counts['approved']} approved · "
        f"{counts['rejected']} rejected"
    )
    return [
        Part(
            f"{unsaved} unsaved{where} (ctrl+s)" if unsaved else "",
            0,
            short=f"{unsaved} unsaved (ctrl+s)" if where else None,
            short_from=1 if where else None,
            style="bold $warning",
        ),
        # Only when there are some: then it stands out (and is:question lists them).
        Part(
            f"{questions} open question{'s' if questions != 1 else ''} (is:question)"
            if questions
            else "",
            0,
            short=f"{questions} open (is:question)",
            short_from=2,
            style="bold $warning",
        ),
        # While verdicts are unsaved the counts are what the reviewer checks: they give
        # way last, in a compact form; else the number left to review is enough.
        Part(
            tally,
            1 if unsaved else 2,
            f"{counts['proposed']} prop · {counts['approved']} appr · {counts['rejected']} rej"
            if unsaved
            else f"{counts['proposed']} proposed",
            short_from=1 if unsaved else 6,
        ),
        Part(
            f"showing {shown}, filter: {query or '(all)'}",
            1,
            short=f"{shown} shown: {query or '(all)'}",
        ),
    ]
