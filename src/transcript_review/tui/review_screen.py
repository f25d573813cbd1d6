"""Review mode: the queue of proposals, each shown as a word diff in context, one key a verdict.

A ``Screen`` pushed over the editor; it works on the app's editing session (in the reviewer
role) so a verdict shows at once in the queue, the counts and the editor's styling, and
``ctrl+s`` saves the verdicts as one revision like any other change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ..core.errors import InputError
from ..core.revisions import ProposalKind
from ..core.timecodes import format_timecode
from .dialogs import ConfirmDialog, PromptDialog
from .review_queue import DEFAULT_FILTER, QueueRow, build_queue, describe_age, proposed_words

if TYPE_CHECKING:
    from .app import TranscriptReviewApp

#: Characters of context shown on either side of a proposal in the detail pane.
_CONTEXT = 160


class ReviewScreen(Screen[None]):
    """The review queue with the selected proposal's details below it."""

    DEFAULT_CSS = """
    ReviewScreen #review-status { height: 1; background: $panel; }
    ReviewScreen #queue { height: 1fr; }
    ReviewScreen #detail-box {
        height: 14; border-top: solid $primary-darken-2; padding: 0 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "approve", "Approve", id="review.approve"),
        Binding("r", "reject", "Reject", id="review.reject"),
        Binding("e", "amend", "Amend", id="review.amend"),
        Binding("s", "skip", "Skip", id="review.skip"),
        Binding("o", "open_in_text", "Open in text", id="review.open"),
        Binding("A", "approve_all", "Approve all shown", id="review.approve_all"),
        Binding("slash", "filter", "Filter", id="review.filter"),
        Binding("R,escape", "leave", "Editor", id="review.leave"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.query_text = DEFAULT_FILTER
        self.rows: list[QueueRow] = []

    @property
    def review_app(self) -> TranscriptReviewApp:
        return self.app  # type: ignore[return-value]

    def compose(self) -> ComposeResult:
        yield Static(id="review-status")
        with Vertical():
            yield DataTable(id="queue", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="detail-box"):
                yield Static(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#queue", DataTable)
        for label, width in (
            ("id", 11),
            ("kind", 11),
            ("author", 14),
            ("time", 10),
            ("age", 5),
            ("status", 10),
            ("change", 42),
        ):
            table.add_column(label, width=width)
        self.refresh_queue()
        table.focus()

    # -- filling ------------------------------------------------------------------------------

    def refresh_queue(self, keep: str | None = None) -> None:
        """Rebuild the rows (after a verdict, a save, a filter), keeping the cursor near."""
        app = self.review_app
        session = app.session
        if session is None:
            return
        table = self.query_one("#queue", DataTable)
        if keep is None and self.rows and 0 <= table.cursor_row < len(self.rows):
            keep = self.rows[table.cursor_row].id
        row_before = table.cursor_row
        self.rows = build_queue(session, app.timing, self.query_text)
        table.clear()
        text = session.transcript.text
        for row in self.rows:
            c = row.correction
            time = "" if row.time is None else format_timecode(row.time, estimated=row.estimated)
            status = c.status.value + (" •" if row.unsaved else "")
            if row.outdated:
                status += " ↻"
            table.add_row(
                c.id,
                c.kind.value,
                Content(c.author),
                time,
                describe_age(c.saved),
                status,
                Content(_change_line(row, text)),
                key=c.id,
            )
        if self.rows:
            index = next((i for i, r in enumerate(self.rows) if r.id == keep), None)
            table.move_cursor(
                row=index if index is not None else min(row_before, len(self.rows) - 1)
            )
        self._show_detail()
        self._update_status()

    def _update_status(self) -> None:
        session = self.review_app.session
        if session is None:
            return
        counts = session.state.counts()
        unsaved = len(session.actions)
        status = Content(
            f" Review · {session.transcript.name} · rev {session.saved_revision} · "
            f"{session.user} (reviewer) · "
        )
        if unsaved:
            status = status + Content.styled(f"{unsaved} unsaved (ctrl+s) · ", "bold $warning")
        status = status + Content(
            f"{counts['proposed']} proposed · {counts['approved']} approved · "
            f"{counts['rejected']} rejected · showing {len(self.rows)}, "
            f"filter: {self.query_text or '(all)'}"
        )
        self.query_one("#review-status", Static).update(status)

    @on(DataTable.RowHighlighted, "#queue")
    def _highlighted(self) -> None:
        self._show_detail()

    def _selected(self) -> QueueRow | None:
        table = self.query_one("#queue", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def _show_detail(self) -> None:
        detail = self.query_one("#detail", Static)
        row = self._selected()
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
        head = f"{c.id} · {c.kind.value} by {c.author} ({c.role.value}, revision {c.revision})"
        parts.append(Content.styled(head, "bold"))
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
                    "  saved context: …", a.prefix, (a.exact, "reverse"), a.suffix, "…"
                )
            )
        else:
            start, end = c.span  # type: ignore[misc]
            old = text[start:end]
            new = proposed_words(c, old)
            before = " ".join(text[max(0, start - _CONTEXT) : start].split())
            after = " ".join(text[end : end + _CONTEXT].split())
            gap_before = " " if text[start - 1 : start].isspace() else ""
            gap_after = " " if text[end : end + 1].isspace() else ""
            diff = [("…" + before + gap_before, "dim")]
            if c.kind in (ProposalKind.FLAG, ProposalKind.CONFIRM_GAP):
                diff.append((old, "bold reverse"))
            else:
                if old:
                    diff.append((old, "strike $error"))
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
        if c.reason:
            facts.append(f"reason: {c.reason}")
        if c.note:
            facts.append(f"note: {c.note}")
        if c.superseded_by:
            facts.append(f"superseded by {c.superseded_by}")
        if facts:
            parts.append(Content("  " + " · ".join(facts)))
        for item in (
            i for i in session.items if c.span and i.kind == "gap" and i.start == c.span[0]
        ):
            for s in app.timing.suggestions(item) if app.timing else []:
                parts.append(Content.styled(f"  {s.source} heard: “{s.text}”", "$accent"))
        for h in c.history[1:]:
            comment = f": {h.comment}" if h.comment else ""
            parts.append(Content(f"  {h.action} by {h.by} (rev {h.revision}){comment}"))
        if c.author == session.user and not session.allow_self_approval:
            parts.append(
                Content.styled("  your own proposal: another reviewer must approve it", "italic")
            )
        return Content("\n").join(parts)

    # -- verdicts -----------------------------------------------------------------------------

    def _verdict(self, do: str, *args: str | None) -> bool:
        row = self._selected()
        session = self.review_app.session
        if row is None or session is None:
            return False
        try:
            getattr(session, do)(row.id, *args)
        except InputError as exc:
            self.notify(exc.reason, severity="warning", timeout=6)
            return False
        self._after_change(row.id)
        return True

    def _after_change(self, keep: str | None) -> None:
        self.review_app.refresh_document()
        self.refresh_queue(keep)

    def action_approve(self) -> None:
        if self._verdict("approve", None):
            self.action_skip()

    def action_reject(self) -> None:
        if self._selected() is None:
            return

        def done(comment: str | None) -> None:
            if comment is not None and self._verdict("reject", comment.strip() or None):
                self.action_skip()

        self.app.push_screen(
            PromptDialog(
                "Reject — a comment for the proposer (optional):",
                hint="enter: reject · escape: cancel",
            ),
            done,
        )

    def action_amend(self) -> None:
        row = self._selected()
        if row is None:
            return
        if row.correction.kind not in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE):
            self.notify("Only proposed words can be amended (resolve-gap and replace).", timeout=4)
            return

        def done(words: str | None) -> None:
            if words is not None and words.strip():
                self._verdict("amend", words.strip(), None)

        self.app.push_screen(
            PromptDialog(
                "Amend — the words as they should be (recorded as your amendment):",
                value=row.correction.text or "",
            ),
            done,
        )

    def action_skip(self) -> None:
        table = self.query_one("#queue", DataTable)
        if self.rows and table.cursor_row < len(self.rows) - 1:
            table.move_cursor(row=table.cursor_row + 1)

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
                placeholder="status:proposed author:ana kind:replace words… (empty: all)",
                hint="terms: status: author: kind: (prefixes match) and any words · enter: apply",
            ),
            done,
        )

    def action_open_in_text(self) -> None:
        row = self._selected()
        if row is None or row.start is None:
            self.notify("This correction has no place in the text (orphaned).", timeout=4)
            return
        self.app.pop_screen()
        self.review_app.show_offset(row.start)

    def action_leave(self) -> None:
        self.review_app.leave_review()


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
    return f"{old} → {new}" if new else f"{old} → (removed)"
