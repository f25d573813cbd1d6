"""Review mode: the queue of proposals, each shown as a word diff in context, one key a verdict.

A ``Screen`` pushed over the editor; it works on the editor's session (in the reviewer role),
given when it is made, so a verdict shows at once in the queue, the counts and (when the editor
is shown again) the editor's styling, and ``ctrl+s`` saves the verdicts as one revision like any
other change. It never imports the app: it tells the others what it did with messages
(:mod:`.messages`: a verdict, a note) and is dismissed with a :class:`ReviewExit` (back to the
editor, or to a place in the text).

Open questions (conflicting verdicts found by a merge) are marked ``? <status>`` in the status
column, stated first in the detail pane and counted on the status line; ``is:question`` filters
to them. A verdict on the correction (approve, reject, amend) answers its questions.

A verdict changes a row or two, so the queue is not rebuilt for it: rows whose cells changed are
updated in place and rows that left the filter are removed; the table is rebuilt only when
rows appear or their order changes (a new filter, an undo, a reload).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..core.corrections import AlreadyDecidedError
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.review.queue import (
    DEFAULT_FILTER,
    QueuePlace,
    QueueRow,
    change_line,
    describe_age,
)
from ..core.sidecar.records import ProposalKind
from ..core.text.timecodes import format_timecode
from .dialogs import ConfirmDialog, PromptDialog
from .key_footer import KeyFooter, bindings
from .keys import REVIEW_KEYS, footer_order
from .messages import NoteChanged, Say, SessionChanged, SessionEdited, TimingChanged
from .review_source import COLUMNS, ReviewSource, SessionSource
from .status_line import StatusLine
from .virtual_table import VirtualTable

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.timing.transcript_times import TranscriptTiming

#: One file's columns (the folder's queue adds the file: see :mod:`.folder_review`).
_COLUMNS = COLUMNS
#: The change column is never narrower than this while another column can give way.
_MIN_CHANGE = 36

#: How the status cell of a row with an open question looks.
_QUESTION_STYLE = "bold yellow"

#: One row's cells as plain data: what it shows, to compare before touching the table.
_Cells = tuple[str, str, str, str, str, str, bool, str, str]


@dataclass(frozen=True)
class ReviewExit:
    """How the review queue was left: where the reviewer was (restored when it opens again)
    and, for "open in text", the offset to show in the editor (None: back to the editor)."""

    place: QueuePlace
    open_at: int | None = None


class ReviewScreen(Screen["ReviewExit | None"]):
    """The review queue with the selected proposal's details below it."""

    HELP = """\
## Review queue

- `a` approve · `r` reject (optional comment) · `e` amend the words · `s` skip
- `o` open in the text · `A` approve all shown · `ctrl+s` save the verdicts · `R`/`escape` back
- `/` filter: `status:` `author:` `kind:` `is:question|outdated|unsaved` (prefixes match),
  any words; `-term` excludes (`-is:question`)

A row marked `? approved` (or `? rejected`, …) has an **open question**: a merge found
conflicting verdicts on it. It shows under the default filter `status:proposed` whatever its
status; `is:question` lists only those. Approve, reject or amend it to answer the question.
"""

    DEFAULT_CSS = """
    ReviewScreen #queue { height: 1fr; }
    ReviewScreen #review-problems {
        color: $warning; display: none; text-wrap: nowrap; text-overflow: ellipsis;
    }
    ReviewScreen #detail-box {
        height: 40%; max-height: 14; min-height: 6;
        border-top: solid $primary-darken-2; padding: 0 1;
    }
    """

    is_review_queue: ClassVar[bool] = True
    """Lets the app recognise this screen without importing the module at start-up."""

    #: Made from the key table (tui/keys.py), as are the footer order, palette and help.
    BINDINGS: ClassVar[list[BindingType]] = bindings(REVIEW_KEYS)

    #: The footer's keys, most important first: as many as the window holds are shown.
    FOOTER_ORDER: ClassVar[tuple[str, ...]] = footer_order(REVIEW_KEYS)

    def __init__(
        self,
        session: EditingSession | ReviewSource,
        timing: TranscriptTiming | None = None,
        place: QueuePlace | None = None,
        note: str = "",
    ) -> None:
        super().__init__()
        self.source = (
            session if isinstance(session, ReviewSource) else SessionSource(session, timing)
        )
        """What the queue shows: the editor's session (worked on in the reviewer role), or a
        folder's transcripts (:class:`.folder_review.FolderSource`)."""
        self.place = place
        """Where the reviewer was when they last left the queue (None: the first visit)."""
        self.note = note
        """The editor's note, on this status line too (:class:`.messages.NoteChanged`)."""
        self.query_text = DEFAULT_FILTER
        self.rows: list[QueueRow] = []
        self._shown_rows: dict[str, tuple[_Cells, tuple[object, ...]]] = {}
        """Each row's cells as data and as table cells, so unchanged rows are not rebuilt."""
        self._shown: tuple[object, ...] = ()
        """What the queue was last built from (see :meth:`_version`)."""
        self._detail_id: str | None = None
        """The proposal the details pane shows: the one every verdict key acts on."""
        self._verdict_in_change = False
        """The status column gave way (a narrow window): an unsaved verdict is marked at the
        start of the change column instead (``• approved · …``), so it stays visible."""

    def compose(self) -> ComposeResult:
        yield StatusLine(id="review-status")
        yield Static(id="review-problems")
        with Vertical():
            yield VirtualTable(id="queue", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail-box"):
                yield Static(id="detail")
        yield KeyFooter(self.FOOTER_ORDER)

    @property
    def session(self) -> EditingSession | None:
        """The editor's session the queue works on (None over a folder: each row's own)."""
        return getattr(self.source, "session", None)

    @property
    def timing(self) -> TranscriptTiming | None:
        return getattr(self.source, "timing", None)

    def on_mount(self) -> None:
        table = self.query_one("#queue", VirtualTable)
        for label, width in self.source.columns:
            table.add_column(label, width=width, key=label)
        place = self.place
        if place is None:
            self.refresh_queue()  # (fits the columns once drawn)
        else:  # back from the text or the editor: where the reviewer was
            self.query_text = place.query
            self.refresh_queue(place.selected, near=place.row)
            # once the columns are fitted (refresh_queue asks for that after the next
            # refresh) and the table has its final height
            self.call_after_refresh(self.call_after_refresh, self._restore_scroll, place)
        table.focus()

    def _restore_scroll(self, place: QueuePlace) -> None:
        """The rows scrolled as they were, the selected one kept in view (the window may have
        changed size meanwhile)."""
        table = self.query_one("#queue", VirtualTable)
        table.scroll_to(y=place.scroll_y, animate=False, force=True, immediate=True)
        table.move_cursor(row=table.cursor_row)

    def remember_place(self) -> QueuePlace:
        """The filter, the selection and the scroll position, for when the reviewer comes
        back (:meth:`on_mount` restores them)."""
        table = self.query_one("#queue", VirtualTable)
        return QueuePlace(self.query_text, self._detail_id, table.cursor_row, table.scroll_y)

    # -- what the editor says -----------------------------------------------------------------

    def on_session_changed(self, message: SessionChanged) -> None:
        """The editor changed the session (a save, an undo, others' work read in), or the
        folder's queue opened more files."""
        self.refresh_bindings()  # undo, redo and save come and go with the unsaved actions
        self.refresh_queue()

    def on_timing_changed(self, message: TimingChanged) -> None:
        if isinstance(self.source, SessionSource):
            self.source.timing = message.timing  # (the SessionChanged that follows shows it)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Back to the editor and open in the text only when there is an editor under the
        queue (not in the folder's queue)."""
        if action in ("leave", "open_in_text"):
            return self.source.can_leave
        return True

    def on_note_changed(self, message: NoteChanged) -> None:
        self.note = message.note
        self._update_status()

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        """The change column takes the room left; in a narrow window age, status and author
        give way first, so the change itself (what the reviewer judges) stays readable."""
        table = self.query_one("#queue", VirtualTable)
        room = table.room_for_columns()
        if room <= 0:
            return
        pad = 2 * table.cell_padding
        columns = self.source.columns
        widths = dict(columns)
        shown = set(widths)

        def others() -> int:
            return sum(w + pad for label, w in widths.items() if label in shown - {"change"})

        for label in self.source.give_way:
            short = room - others() - pad - _MIN_CHANGE
            if short >= 0:
                break
            narrowest = self.source.min_widths.get(label, widths[label])
            if widths[label] + short >= narrowest:  # narrower is enough
                widths[label] += short
                break
            shown.discard(label)
        for label, _ in columns:
            table.set_column(label, shown=label in shown)
            if label != "change" and label in self.source.min_widths:
                table.set_column(label, width=widths[label])
        if ("status" not in shown) != self._verdict_in_change:
            # The unsaved verdicts' mark moves to the change column (and back): rows again.
            self._verdict_in_change = "status" not in shown
            self._shown_rows = {}
            self.refresh_queue()
        table.set_column("change", width=max(_MIN_CHANGE, room - others() - pad))

    # -- filling ------------------------------------------------------------------------------

    def refresh_queue(self, keep: str | None = None, near: int | None = None) -> None:
        """Show the rows as they are now (after a verdict, a save, a filter), keeping the
        cursor on ``keep`` (default: the selected row) or, when it is gone, near where it was
        (row ``near``, default the cursor's row)."""
        source = self.source
        key = source.key
        table = self.query_one("#queue", VirtualTable)
        if keep is None and self.rows and 0 <= table.cursor_row < len(self.rows):
            keep = key(self.rows[table.cursor_row])
        row_before = table.cursor_row if near is None else near
        rows = source.rows(self.query_text)
        before = {key(row): row for row in self.rows}
        shown: dict[str, tuple[_Cells, tuple[object, ...]]] = {}
        with_file = source.with_file
        for row in rows:
            name = key(row)
            known = self._shown_rows.get(name)
            if known is not None and before.get(name) is row:
                # Unchanged since it was shown; only its age moves on.
                cells = known[0]
                age = describe_age(row.correction.saved)
                if cells[4] != age:
                    cells = (*cells[:4], age, *cells[5:])
            else:
                cells = _cells(row, source.text(row), self._verdict_in_change)
            if known is not None and known[0] == cells:
                shown[name] = known
            else:
                shown[name] = (cells, _renderables(cells, with_file))
        # The table keeps the rows as given and renders only those on screen: one set_rows.
        names = [key(row) for row in rows]
        table.set_rows([shown[name][1] for name in names], names)
        self.rows = rows
        self._shown_rows = shown
        self._shown = self._version()
        if rows:
            index = next((i for i, r in enumerate(rows) if key(r) == keep), None)
            target = index if index is not None else min(row_before, len(rows) - 1)
            if target != table.cursor_row:
                table.move_cursor(row=target)
        self._show_detail()
        self._update_status()
        # More rows may have brought a scrollbar (or fewer taken it away): refit the columns.
        self.call_after_refresh(self._fit_columns)

    def _update_status(self) -> None:
        """The status line (the source's facts, fitted to the window) and, above the rows,
        the files that could not be read."""
        parts = self.source.status_parts(len(self.rows), self.query_text, self.note)
        self.query_one("#review-status", StatusLine).show(parts)
        problems = self.query_one("#review-problems", Static)
        problems.display = bool(self.source.problems)
        if self.source.problems:
            problems.update(Content("\n".join(self.source.problems)))

    @on(VirtualTable.RowHighlighted, "#queue")
    def _highlighted(self) -> None:
        self._show_detail()

    def selected_row(self) -> QueueRow | None:
        """The proposal shown in the details (the app's listening keys play it)."""
        return self._shown_row()

    def _selected(self) -> QueueRow | None:
        table = self.query_one("#queue", VirtualTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _shown_row(self) -> QueueRow | None:
        """The proposal the details pane shows, if it is still listed: verdicts act on it.
        (Nearly always the row under the cursor: looked at first.)"""
        row = self._selected()
        key = self.source.key
        if row is not None and key(row) == self._detail_id:
            return row
        return next((r for r in self.rows if key(r) == self._detail_id), None)

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        row = self._selected()
        self._detail_id = None if row is None else self.source.key(row)
        if row is None:
            detail.update(Content(self.source.empty_message()))
            return
        detail.update(self.source.describe(row))

    # -- verdicts -----------------------------------------------------------------------------

    def _verdict(self, do: str, row: QueueRow, *args: str | None) -> bool:
        """Give verdict ``do`` on ``row``: the proposal whose details were shown when the
        key was pressed (a dialog may have been open meanwhile, and a save by someone else
        may have moved the rows)."""
        try:
            self.source.give(do, row, *args)
        except AlreadyDecidedError as exc:  # nothing is wrong: a note, not a warning
            self.post_message(Say(exc.reason))
            return False
        except InputError as exc:
            self.notify(exc.reason, severity="warning", timeout=6)
            return False
        self._after_change()
        return True

    def _version(self) -> tuple[object, ...]:
        """Changes whenever the rows may change: another session or draft (a save, an undo),
        another action in the draft, another filter."""
        return (*self.source.version(), self.query_text)

    def _after_change(self) -> None:
        """After a verdict: the editor is told (it catches up when shown again), the rows and
        the footer's undo and save are brought up to date."""
        self.post_message(SessionEdited())
        self.refresh_bindings()
        if self._shown != self._version():
            self.refresh_queue()

    def action_approve(self) -> None:
        self._judge("approve", None)

    def _judge(self, verdict: str, comment: str | None, row: QueueRow | None = None) -> None:
        """Give a verdict on the proposal shown (or ``row``, shown when a dialog opened) and
        move on: to the next row, unless the judged row left the queue (the filter hides it
        now), in which case the cursor is on the next one already."""
        row = row or self._shown_row()
        if row is None or not self._verdict(verdict, row, comment):
            return
        still_here = self._selected()
        if still_here is not None and self.source.key(still_here) == self.source.key(row):
            self.action_skip()

    def action_reject(self) -> None:
        row = self._shown_row()
        if row is None:
            return

        def done(comment: str | None) -> None:
            if comment is not None:
                self._judge("reject", comment.strip() or None, row)

        self.app.push_screen(
            PromptDialog(
                "Reject — a comment for the proposer (optional):",
                hint="enter: reject · escape: cancel",
            ),
            done,
        )

    def action_amend(self) -> None:
        row = self._shown_row()
        if row is None:
            return
        if row.correction.kind not in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE):
            self.notify("Only proposed words can be amended (resolve-gap and replace).", timeout=4)
            return
        try:  # say so before asking for words that could not be recorded
            self.source.require_amendable(row)
        except InputError as exc:
            self.notify(exc.reason, severity="warning", timeout=6)
            return

        def done(words: str | None) -> None:
            if words is not None and words.strip():
                self._verdict("amend", row, words.strip(), None)

        self.app.push_screen(
            PromptDialog(
                "Amend — the words as they should be (recorded as your amendment):",
                value=row.correction.text or "",
            ),
            done,
        )

    def action_skip(self) -> None:
        table = self.query_one("#queue", VirtualTable)
        if self.rows and table.cursor_row < len(self.rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)
            self._show_detail()  # now, not when the table's message arrives: the next key
            # (a verdict) must find the details showing the proposal it acts on

    def action_approve_all(self) -> None:
        todo, mine = self.source.approvable(self.rows)
        if not todo:
            self.notify("No proposed corrections shown that you may approve.", timeout=4)
            return
        skipped = f" ({mine} of your own are left for another reviewer)" if mine else ""

        def done(yes: bool | None) -> None:
            if not yes:
                return
            failed = self.source.approve_all(todo)
            self._after_change()
            note = f"; {failed} could not be approved" if failed else ""
            self.notify(f"Approved {len(todo) - failed} — unsaved; ctrl+s saves{note}.", timeout=5)

        self.app.push_screen(
            ConfirmDialog(
                f"Approve all {len(todo)} proposed corrections shown?{skipped}",
                yes=f"Approve {len(todo)}",
                no="Cancel",
            ),
            done,
        )

    def action_filter(self) -> None:
        def done(query: str | None) -> None:
            if query is not None:
                self.query_text = query.strip()
                self.refresh_queue()

        self.app.push_screen(
            PromptDialog(
                "Filter the queue",
                value=self.query_text,
                placeholder=self.source.filter_placeholder,
                hint=f"terms: {self.source.filter_hint} · enter: apply",
            ),
            done,
        )

    def action_open_in_text(self) -> None:
        row = self._shown_row()
        if row is None or row.start is None:
            self.notify("This correction has no place in the text (orphaned).", timeout=4)
            return
        self.dismiss(ReviewExit(self.remember_place(), row.start))

    def action_leave(self) -> None:
        self.dismiss(ReviewExit(self.remember_place()))


def _p(text: str) -> str:
    """Text from the sidecar or the transcript as shown: control characters escaped."""
    return printable(text)


def _cells(row: QueueRow, text: str, verdict_in_change: bool = False) -> _Cells:
    """What a row shows, as plain data (cheap to compare); with ``verdict_in_change`` (the
    status column is hidden) an unsaved verdict is marked before the change."""
    c = row.correction
    time = "" if row.time is None else format_timecode(row.time, estimated=row.estimated)
    status = c.status.value
    if row.questioned:
        status = "? " + status
    if row.unsaved:
        status += " •"
    if row.outdated:
        status += " ↻"
    return (
        c.id,
        c.kind.value,
        printable(c.author, one_line=True),
        time,
        describe_age(c.saved),
        status,
        row.questioned,
        printable(
            f"• {c.status.value} · {change_line(row, text)}"
            if verdict_in_change and row.unsaved
            else change_line(row, text),
            one_line=True,
        ),
        printable(row.file or "", one_line=True),
    )


def _renderables(cells: _Cells, with_file: bool = False) -> tuple[object, ...]:
    """The table cells for a row (one per column of the source's columns: the file first in
    the folder's queue)."""
    row_id, kind, author, time, age, status, questioned, change, file = cells
    shown: object = Text(status, style=_QUESTION_STYLE) if questioned else status
    row = (row_id, kind, Content(author), time, age, shown, Content(change))
    return (Content(file), *row) if with_file else row
