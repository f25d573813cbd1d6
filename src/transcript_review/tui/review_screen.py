"""Review mode: the queue of proposals, each shown as a word diff in context, one key a verdict.

A ``Screen`` pushed over the editor; it works on the app's editing session (in the reviewer
role) so a verdict shows at once in the queue, the counts and the editor's styling, and
``ctrl+s`` saves the verdicts as one revision like any other change.

Open questions (conflicting verdicts found by a merge) are marked ``? <status>`` in the status
column, stated first in the detail pane and counted on the status line; ``is:question`` filters
to them. A verdict on the correction (approve, reject, amend) answers its questions.

A verdict changes a row or two, so the queue is not rebuilt for it: rows whose cells changed are
updated in place and rows that left the filter are removed; the table is rebuilt only when
rows appear or their order changes (a new filter, an undo, a reload).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ..core.corrections import AlreadyDecidedError, Correction, Status
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.review.queue import (
    DEFAULT_FILTER,
    FILTER_HINT,
    QueueBuilder,
    QueuePlace,
    QueueRow,
    describe_age,
    proposed_words,
    reading_now,
)
from ..core.sidecar.records import ProposalKind
from ..core.text.timecodes import format_timecode
from .dialogs import ConfirmDialog, PromptDialog
from .key_footer import KeyFooter, bindings
from .keys import REVIEW_KEYS, footer_order
from .status_line import Part, StatusLine, who
from .virtual_table import VirtualTable

if TYPE_CHECKING:
    from .app import TranscriptReviewApp

#: Characters of context shown on either side of a proposal in the detail pane.
_CONTEXT = 160

#: The queue's columns: (key and label, width).
_COLUMNS = (
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
_GIVE_WAY = ("age", "status", "author")
#: The change column is never narrower than this while another column can give way.
_MIN_CHANGE = 36

#: How the status cell of a row with an open question looks.
_QUESTION_STYLE = "bold yellow"

#: One row's cells as plain data: what it shows, to compare before touching the table.
_Cells = tuple[str, str, str, str, str, str, bool, str]


class ReviewScreen(Screen[None]):
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

    def __init__(self) -> None:
        super().__init__()
        self.query_text = DEFAULT_FILTER
        self.rows: list[QueueRow] = []
        self._shown_rows: dict[str, tuple[_Cells, tuple[object, ...]]] = {}
        """Each row's cells as data and as table cells, so unchanged rows are not rebuilt."""
        self._shown: tuple[object, ...] = ()
        """What the queue was last built from (see :meth:`_version`)."""
        self._builder = QueueBuilder()
        self._detail_id: str | None = None
        """The proposal the details pane shows: the one every verdict key acts on."""
        self._verdict_in_change = False
        """The status column gave way (a narrow window): an unsaved verdict is marked at the
        start of the change column instead (``• approved · …``), so it stays visible."""

    @property
    def review_app(self) -> TranscriptReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield StatusLine(id="review-status")
        with Vertical():
            yield VirtualTable(id="queue", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail-box"):
                yield Static(id="detail")
        yield KeyFooter(self.FOOTER_ORDER)

    def on_mount(self) -> None:
        table = self.query_one("#queue", VirtualTable)
        for label, width in _COLUMNS:
            table.add_column(label, width=width, key=label)
        place = self.review_app.review_place
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

    def remember_place(self) -> None:
        """Keep the filter, the selection and the scroll position for when the reviewer comes
        back (:meth:`on_mount` restores them)."""
        table = self.query_one("#queue", VirtualTable)
        self.review_app.review_place = QueuePlace(
            self.query_text, self._detail_id, table.cursor_row, table.scroll_y
        )

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        """The change column takes the room left; in a narrow window age, status and author
        give way first, so the change itself (what the reviewer judges) stays readable."""
        table = self.query_one("#queue", VirtualTable)
        region = table.scrollable_content_region
        room = region.width
        if room <= 0:
            return
        rows_height = table.header_height + table.row_count * table.row_height
        if not table.show_vertical_scrollbar and rows_height > region.height:
            room -= table.styles.scrollbar_size_vertical  # the scrollbar these rows will bring
        pad = 2 * table.cell_padding
        shown = {label for label, _ in _COLUMNS}

        def others() -> int:
            return sum(w + pad for label, w in _COLUMNS if label in shown and label != "change")

        for label in _GIVE_WAY:
            if room - others() - pad >= _MIN_CHANGE:
                break
            shown.discard(label)
        for label, _ in _COLUMNS:
            table.set_column(label, shown=label in shown)
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
        app = self.review_app
        session = app.session
        if session is None:
            return
        table = self.query_one("#queue", VirtualTable)
        if keep is None and self.rows and 0 <= table.cursor_row < len(self.rows):
            keep = self.rows[table.cursor_row].id
        row_before = table.cursor_row if near is None else near
        rows = self._builder.build(session, app.timing, self.query_text)
        text = session.transcript.text
        before = {row.id: row for row in self.rows}
        shown: dict[str, tuple[_Cells, tuple[object, ...]]] = {}
        for row in rows:
            known = self._shown_rows.get(row.id)
            if known is not None and before.get(row.id) is row:
                # Unchanged since it was shown; only its age moves on.
                cells = known[0]
                age = describe_age(row.correction.saved)
                if cells[4] != age:
                    cells = (*cells[:4], age, *cells[5:])
            else:
                cells = _cells(row, text, self._verdict_in_change)
            if known is not None and known[0] == cells:
                shown[row.id] = known
            else:
                shown[row.id] = (cells, _renderables(cells))
        # The table keeps the rows as given and renders only those on screen: one set_rows.
        table.set_rows([shown[row.id][1] for row in rows], [row.id for row in rows])
        self.rows = rows
        self._shown_rows = shown
        self._shown = self._version()
        if rows:
            index = next((i for i, r in enumerate(rows) if r.id == keep), None)
            target = index if index is not None else min(row_before, len(rows) - 1)
            if target != table.cursor_row:
                table.move_cursor(row=target)
        self._show_detail()
        self._update_status()
        # More rows may have brought a scrollbar (or fewer taken it away): refit the columns.
        self.call_after_refresh(self._fit_columns)

    def update_status(self) -> None:
        """The status line (the app calls it when its note or the session changes)."""
        self._update_status()

    def _update_status(self) -> None:
        """Unsaved verdicts, open questions and what is shown first; who and which file last
        (they give way in a narrow window)."""
        app = self.review_app
        session = app.session
        if session is None:
            return
        counts = session.state.counts()
        unsaved = len(session.actions)
        questions = len(session.state.open_questions)
        name = session.transcript.name
        tally = (
            f"{counts['proposed']} proposed · {counts['approved']} approved · "
            f"{counts['rejected']} rejected"
        )
        parts = [
            Part("Review", 0, style="bold"),
            Part(name, 4, short=name if len(name) <= 24 else name[:23] + "…"),
            Part(f"rev {session.saved_revision}", 3),
            who(session.user, "reviewer"),
            Part(f"{unsaved} unsaved (ctrl+s)" if unsaved else "", 0, style="bold $warning"),
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
                f"showing {len(self.rows)}, filter: {self.query_text or '(all)'}",
                1,
                short=f"{len(self.rows)} shown: {self.query_text or '(all)'}",
            ),
            Part(app.note, 1, short_from=5, style="italic", note=True),
        ]
        self.query_one("#review-status", StatusLine).show(parts)

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
        if row is not None and row.id == self._detail_id:
            return row
        return next((r for r in self.rows if r.id == self._detail_id), None)

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        row = self._selected()
        self._detail_id = None if row is None else row.id
        if row is None:
            detail.update(Content("Nothing to review here. / changes the filter (empty: all)."))
            return
        detail.update(self._describe(row))

    def _describe(self, row: QueueRow) -> Content:
        app = self.review_app
        session = app.session
        assert session is not None
        c = row.correction
        text = session.transcript.text
        parts: list[Content] = []
        head = f"{c.id} · {c.kind.value} by {_p(c.author)} ({c.role.value}, revision {c.revision})"
        parts.append(Content.styled(head, "bold"))
        if c.kind is ProposalKind.FLAG and c.reason:
            # What the reviewer judges a flag by: first, never below the fold of a short pane
            # (nor only in the change column, where a narrow window cuts it).
            parts.append(Content.assemble("  ⚑ flagged: ", (_p(c.reason), "bold")))
        for question in row.questions:
            parts.append(
                Content.styled(
                    f"  ? OPEN QUESTION {question.id} (revision {question.revision}): "
                    f"{_p(question.text)}",
                    "bold $warning",
                )
            )
        if row.questions:
            parts.append(
                Content.styled(
                    "    a new verdict answers it: a approve · r reject · e amend", "$warning"
                )
            )
        when = (
            "time unknown"
            if row.time is None
            else format_timecode(row.time, estimated=row.estimated)
        )
        parts.append(Content(f"  at {when} in the webcast · status {c.status.value}"))
        if row.orphaned:
            a = c.anchor
            reason = c.placement.reason if c.placement else ""
            parts.append(
                Content.styled(f"  orphaned: its text is no longer there ({reason})", "bold $error")
            )
            parts.append(
                Content.assemble(
                    "  saved context: …", _p(a.prefix), (_p(a.exact), "reverse"), _p(a.suffix), "…"
                )
            )
        else:
            start, end = c.span  # type: ignore[misc]
            old = text[start:end]
            new = _p(proposed_words(c, old))
            old = _p(old)
            before, after = self._context_around(c, start, end)
            before, after = _p(before), _p(after)
            gap_before = " " if text[start - 1 : start].isspace() else ""
            gap_after = " " if text[end : end + 1].isspace() else ""
            diff = [("…" + before + gap_before, "dim")]
            if c.kind in (ProposalKind.FLAG, ProposalKind.CONFIRM_GAP):
                diff.append((old, "bold reverse"))
            else:
                if old:
                    diff.append((old, "strike $error"))
                replaced = _replaced_by_amendment(c)
                if replaced:  # the proposer's words, struck through too: the reviewer's follow
                    diff.append((("" if not old else " ") + replaced, "strike $warning"))
                if new:
                    diff.append((("" if not old else " ") + new, "bold $success"))
            diff.append((gap_after + after + "…", "dim"))
            parts.append(Content.assemble(*diff))
            if row.outdated:
                method = c.placement.method.value if c.placement else "?"
                parts.append(
                    Content.styled(
                        f"  outdated: made on another version of the transcript; placed again by "
                        f"{method} (score {c.placement.score:.2f})",
                        "$warning",
                    )
                )  # type: ignore[union-attr]
        facts = []
        if c.evidence:
            facts.append(f"evidence: {c.evidence.value}")
        if c.reason and c.kind is not ProposalKind.FLAG:
            facts.append(f"reason: {_p(c.reason)}")
        if c.note:
            facts.append(f"note: {_p(c.note)}")
        if c.superseded_by:
            facts.append(f"superseded by {c.superseded_by}")
        if facts:
            parts.append(Content("  " + " · ".join(facts)))
        for item in (
            i for i in session.items if c.span and i.kind == "gap" and i.start == c.span[0]
        ):
            for s in app.timing.suggestions(item) if app.timing else []:
                parts.append(Content.styled(f"  {s.source} heard: “{_p(s.text)}”", "$accent"))
        for h in c.history[1:]:
            comment = f": {_p(h.comment)}" if h.comment else ""
            words = (
                f" “{_p(h.text or '')}” in place of “{_p(c.proposed_text or '')}”"
                if h.action == "amend"
                else ""
            )
            unsaved = " (unsaved)" if h.revision > session.saved_revision else ""
            parts.append(
                Content(f"  {h.action} by {_p(h.by)} (rev {h.revision}){unsaved}{words}{comment}")
            )
        if c.author == session.user and not session.allow_self_approval:
            parts.append(
                Content.styled("  your own proposal: another reviewer must approve it", "italic")
            )
        return Content("\n").join(parts)

    def _context_around(self, c: Correction, start: int, end: int) -> tuple[str, str]:
        """About :data:`_CONTEXT` characters either side of ``[start, end)`` as they read now:
        approved corrections there applied (the saved ones and the reviewer's unsaved ones),
        whitespace collapsed."""
        session = self.review_app.session
        assert session is not None
        text = session.transcript.text
        lo, hi = max(0, start - _CONTEXT), end + _CONTEXT
        ahead: list[Correction] = []
        behind: list[Correction] = []
        for x in session.draft.standing_overlapping(lo, hi):
            if x.id == c.id or x.status is not Status.APPROVED or x.span is None:
                continue
            if x.span[1] <= start:  # taken whole, even when it reaches past the window
                ahead.append(x)
                lo = min(lo, x.span[0])
            elif x.span[0] >= end:
                behind.append(x)
                hi = max(hi, x.span[1])
        before = " ".join(reading_now(text, lo, start, ahead).split())
        after = " ".join(reading_now(text, end, hi, behind).split())
        return before[-_CONTEXT:], after[:_CONTEXT]

    # -- verdicts -----------------------------------------------------------------------------

    def _verdict(self, do: str, row_id: str, *args: str | None) -> bool:
        """Give verdict ``do`` on ``row_id``: the proposal whose details were shown when the
        key was pressed (a dialog may have been open meanwhile, and a save by someone else
        may have moved the rows)."""
        session = self.review_app.session
        if session is None:
            return False
        try:
            getattr(session, do)(row_id, *args)
        except AlreadyDecidedError as exc:  # nothing is wrong: a note, not a warning
            self.review_app.say(exc.reason)
            return False
        except InputError as exc:
            self.notify(exc.reason, severity="warning", timeout=6)
            return False
        self._after_change(row_id)
        return True

    def _version(self) -> tuple[object, ...]:
        """Changes whenever the rows may change: another session or draft (a save, an undo),
        another action in the draft, another filter."""
        session = self.review_app.session
        if session is None:
            return ()
        draft = session.draft
        return (id(session), id(draft), len(draft.events), session.saved_revision, self.query_text)

    def _after_change(self, keep: str | None) -> None:
        self.review_app.refresh_document()
        if self._shown != self._version():  # the app's refresh may have refreshed the queue
            self.refresh_queue(keep)

    def action_approve(self) -> None:
        self._judge("approve", None)

    def _judge(self, verdict: str, comment: str | None, row: QueueRow | None = None) -> None:
        """Give a verdict on the proposal shown (or ``row``, shown when a dialog opened) and
        move on: to the next row, unless the judged row left the queue (the filter hides it
        now), in which case the cursor is on the next one already."""
        row = row or self._shown_row()
        if row is None or not self._verdict(verdict, row.id, comment):
            return
        still_here = self._selected()
        if still_here is not None and still_here.id == row.id:
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
        session = self.review_app.session
        try:  # say so before asking for words that could not be recorded
            if session is not None:
                session.draft.require_placed(row.correction.id, "amended")
        except InputError as exc:
            self.notify(exc.reason, severity="warning", timeout=6)
            return

        def done(words: str | None) -> None:
            if words is not None and words.strip():
                self._verdict("amend", row.id, words.strip(), None)

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
        session = self.review_app.session
        if session is None:
            return
        mine = [r for r in self.rows if r.correction.author == session.user]
        todo = [
            r
            for r in self.rows
            if r.correction.status.value == "proposed"
            and (session.allow_self_approval or r.correction.author != session.user)
        ]
        if not todo:
            self.notify("No proposed corrections shown that you may approve.", timeout=4)
            return
        skipped = f" ({len(mine)} of your own are left for another reviewer)" if mine else ""

        def done(yes: bool | None) -> None:
            if not yes:
                return
            failed = 0
            for row in todo:
                try:
                    session.approve(row.id)
                except InputError:
                    failed += 1
            self._after_change(None)
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
                placeholder="status:proposed author:ana is:question words… (empty: all)",
                hint=f"terms: {FILTER_HINT} · enter: apply",
            ),
            done,
        )

    def action_open_in_text(self) -> None:
        row = self._shown_row()
        if row is None or row.start is None:
            self.notify("This correction has no place in the text (orphaned).", timeout=4)
            return
        self.remember_place()
        self.app.pop_screen()
        self.review_app.show_offset(row.start)

    def action_leave(self) -> None:
        self.remember_place()
        self.review_app.leave_review()


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
            f"• {c.status.value} · {_change_line(row, text)}"
            if verdict_in_change and row.unsaved
            else _change_line(row, text),
            one_line=True,
        ),
    )


def _renderables(cells: _Cells) -> tuple[object, ...]:
    """The table cells for a row (one per column of :data:`_COLUMNS`)."""
    row_id, kind, author, time, age, status, questioned, change = cells
    shown: object = Text(status, style=_QUESTION_STYLE) if questioned else status
    return (row_id, kind, Content(author), time, age, shown, Content(change))


def _change_line(row: QueueRow, text: str) -> str:
    c = row.correction
    span = c.span
    old = text[span[0] : span[1]] if span else c.anchor.exact
    old = " ".join(old.split())
    if c.kind is ProposalKind.FLAG:
        return f"⚑ {old} — {c.reason}"
    if c.kind is ProposalKind.CLEAR_FLAG:
        return f"clear flag {c.flag}"
    if c.kind is ProposalKind.CONFIRM_GAP:
        return f"{old} is truly inaudible"
    new = proposed_words(c, old)
    replaced = _replaced_by_amendment(c)
    amended = f" (amended; proposed: {replaced})" if replaced else ""
    return (f"{old} → {new}" if new else f"{old} → (removed)") + amended


def _replaced_by_amendment(c: Correction) -> str | None:
    """The proposer's words when a reviewer's amendment replaced them, else None."""
    if c.amended_by is None or c.proposed_text == c.text:
        return None
    return " ".join((c.proposed_text or "").split()) or "(nothing)"
