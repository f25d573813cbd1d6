"""The editor's correcting keys: enter (resolve a gap, edit an uncertain passage), ``e`` (edit
the selection or paragraph), ``f`` and ``x`` (flags), ``u`` and ``U`` (undo, redo).

A part of :class:`~.editor_screen.EditorScreen`: each key opens its dialog and turns the answer
into the session's proposals; the screen refreshes what it shows afterwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from ..core.errors import InputError
from ..core.text.timecodes import format_timecode
from .transcript_view import TranscriptView

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.editing.span_edit import EditPlan
    from ..core.text.items import Item
    from ..core.text.transcript import Transcript
    from ..core.timing.transcript_times import TranscriptTiming
    from .resolve_dialog import ResolveAnswer


class CorrectingKeys(Screen[None]):
    """Correcting and history (a base of :class:`~.editor_screen.EditorScreen`)."""

    session: EditingSession | None
    timing: TranscriptTiming | None

    if TYPE_CHECKING:  # the editor's, used here

        def _say(self, message: str) -> None: ...
        def _item_under_cursor(self, kind: str | None = None) -> Item | None: ...
        def _flag_under_cursor(self) -> str | None: ...
        def _act_here(self) -> str: ...
        def _finding_under_cursor(self) -> Item | None: ...
        def _propose_fix(self, item: Item) -> None: ...
        def refresh_document(self, keep_cursor: bool = True) -> None: ...

    def action_act(self, kind: str = "") -> None:
        """Enter: resolve the gap under the cursor, propose a finding's fix, or edit the
        uncertain passage (``kind`` names which the key was offered for; the footer says so)."""
        if kind == "qc" or (kind == "" and self._act_here() == "qc"):
            finding = self._finding_under_cursor()
            if finding is not None:
                self._propose_fix(finding)
            return
        gap = self._item_under_cursor("gap")
        if gap is not None and kind != "uncertain" and self._act_here() != "uncertain":
            self._resolve(gap)
            return
        doubt = self._item_under_cursor("uncertain")
        if doubt is not None:
            self._edit_span(doubt.start, doubt.end, f"Correct the uncertain passage {doubt.id}")

    def _resolve(self, gap: Item) -> None:
        session = self.session
        assert session is not None
        time = self._time_label(gap)

        from .resolve_dialog import ResolveDialog

        def done(answer: ResolveAnswer | None) -> None:
            if answer is None:
                return
            try:
                if answer.action == "resolve":
                    # words in a gap are within a paragraph: a pasted line break is a space
                    words = " ".join(answer.text.split())
                    session.resolve_gap(gap, words, answer.evidence)
                elif answer.action == "confirm":
                    session.confirm_gap(gap)
                else:
                    session.dismiss_gap(gap)
            except InputError as exc:
                self.notify(exc.reason, severity="error")
                return
            self.refresh_document()
            self._say(f"✓ {session.actions[-1].label}")

        suggestions = self.timing.suggestions(gap) if self.timing else []
        self.app.push_screen(ResolveDialog(gap, suggestions, time), done)

    def _time_label(self, item: Item) -> str:
        from ..core.timing.transcript_times import item_moment

        moment = item_moment(item, self.timing)  # the time every view prints for it
        if moment is None:
            return "an unknown time"
        if item.time_in_marker:
            return format_timecode(moment.seconds)  # written in the marker: said as is
        label = format_timecode(moment.seconds, estimated=moment.estimated)
        return f"{label} ({moment.source})"

    def action_flag(self) -> None:
        session = self.session
        view = self.query_one(TranscriptView)
        if session is None or view.cursor is None:
            return
        span = view.selection or session.transcript.sentence_around(*view.cursor)
        start, end = _strip_span(session.transcript.text, *span)
        quote = " ".join(session.transcript.text[start:end].split())
        short = quote if len(quote) <= 60 else quote[:59] + "…"
        from .dialogs import PromptDialog

        def flag(reason: str) -> str | None:
            """Flag it; why not (an empty reason) is said under the field, which stays open."""
            try:
                session.flag(start, end, reason.strip())
            except InputError as exc:
                return exc.reason[:1].upper() + exc.reason[1:]
            view.action_clear_selection()
            self.refresh_document()
            self._say(f"✓ {session.actions[-1].label}")
            return None

        self.app.push_screen(
            PromptDialog(
                f"Flag “{short}” as uncertain. Why?",
                value="",
                placeholder="e.g. name spelling, unsure of the words, check the webcast",
                check=flag,
            )
        )

    def action_no_flag(self) -> None:
        """x where no flag or finding is: say so (the key would otherwise do nothing,
        unexplained)."""
        self._say("no flag or finding under the cursor (x clears a flag, dismisses a finding)")

    def action_clear_flag(self) -> None:
        flag_id = self._flag_under_cursor()
        if self.session is None or flag_id is None:
            return
        try:
            self.session.clear_flag(flag_id)
        except InputError as exc:
            self.notify(exc.reason, severity="error")
            return
        self.refresh_document()
        self._say(f"✓ {self.session.actions[-1].label}")

    def action_edit(self) -> None:
        session = self.session
        view = self.query_one(TranscriptView)
        if session is None or view.cursor is None:
            return
        if view.selection:
            start, end = view.selection
            title = "Correct the selection"
        else:
            para = session.transcript.paragraph_at(view.cursor[0])
            start, end = para.start, para.end
            title = f"Correct paragraph {para.index + 1 - _headings(session.transcript)}"
        self._edit_span(start, end, title)

    def _edit_span(self, start: int, end: int, title: str) -> None:
        """Open the editor on the passage as it reads now (the corrections in it applied; one
        straddling its edge widens it) and turn the edit into proposals in one undoable action.
        Words that are someone else's correction, or an approved one, are refused and the
        dialog stays open (see :mod:`..core.editing.span_edit`). The confirmation is the plan's
        message: it says when a gap is open again (its words deleted) or a gap's resolution
        became a correction of the passage."""
        from ..core.editing.span_edit import EditRefused, join_in_passages

        session = self.session
        assert session is not None
        span = session.span_text(start, end)
        said: list[str] = []

        passages = [
            i
            for i in session.items
            if i.kind == "uncertain" and span.start <= i.start and i.end <= span.end
        ]

        def keep(new: str) -> str | None:
            try:
                plan = session.plan_edit(span, new)
                # one decision per uncertain passage (its * removed: right as typed)
                plan = join_in_passages(session.state, plan, [(i.start, i.end) for i in passages])
                if not plan.empty:
                    session.apply_plan(plan)
            except EditRefused as exc:
                return exc.explain(" (R, e)")
            except InputError as exc:
                return exc.reason
            if not plan.empty:
                text = session.transcript.text
                said.append(_unmarked(plan, passages, text) or session.edit_message(plan))
            return None

        def done(new: str | None) -> None:
            if new is None or not said:
                return
            self.query_one(TranscriptView).action_clear_selection()
            self.refresh_document()
            self._say(f"✓ {said[-1]}")

        from .edit_dialog import EditDialog

        self.app.push_screen(EditDialog(title, span.text, keep), done)

    def action_undo(self) -> None:
        self._step_history("undo", "Undone")

    def action_redo(self) -> None:
        self._step_history("redo", "Redone")

    def _step_history(self, step: str, done: str) -> None:
        if self.session is None:
            return
        action = getattr(self.session, step)()
        if action is None:
            self._say(f"nothing to {step}")
            return
        self.refresh_document()
        self._say(f"✓ {done}: {action.label}")


def _headings(transcript: Transcript) -> int:
    return sum(1 for p in transcript.paragraphs if p.kind == "header")


def _unmarked(plan: EditPlan, passages: list[Item], text: str) -> str | None:
    """The confirmation of an edit that only took away an uncertain passage's marks (its
    ``*…*``, its ``(ph)``): the passage is right as typed. None for any other edit."""
    if len(plan.replaces) != 1 or plan.withdraw or plan.gaps:
        return None
    (one,) = plan.replaces
    for item in passages:
        inner = text[item.inner_start : item.inner_end]
        if (one.start, one.end, one.text) == (item.start, item.end, inner):
            return f"Passage {item.id} is right as typed (no longer marked uncertain)"
    return None


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
