"""Moving through the transcript from the editor: ``n`` and ``N`` (the next and previous open
item, round the end), ``g`` (a time or a paragraph number).

A part of :class:`~.editor_screen.EditorScreen`."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

from textual.screen import Screen

from ..core.text.timecodes import format_timecode, parse_timecode
from .transcript_view import TranscriptView

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.timing.transcript_times import TranscriptTiming
    from .worklist import Worklist


class MovingKeys(Screen[None]):
    """Item navigation and go-to (a base of :class:`~.editor_screen.EditorScreen`)."""

    session: EditingSession | None
    timing: TranscriptTiming | None
    worklist: Worklist | None

    if TYPE_CHECKING:  # the editor's, used here

        def _say(self, message: str) -> None: ...

    def action_next_item(self) -> None:
        """The next open item; past the last one, round to the first (and say so)."""
        view = self.query_one(TranscriptView)
        offset = view.cursor[0] if view.cursor else -1
        entry = self.worklist.next_after(offset)
        if entry is None:
            entry = self.worklist.next_after(-1)
            self._say("past the last open item: back to the first")
        if entry is not None:
            view.move_to(entry.start, center="off-screen")

    def action_previous_item(self) -> None:
        """The previous open item; before the first one, round to the last (and say so)."""
        view = self.query_one(TranscriptView)
        offset = view.cursor[0] if view.cursor else 0
        entry = self.worklist.previous_before(offset)
        # An entry whose first token is the cursor's (a "*" opening a passage) is this one.
        while entry is not None and view.landing(entry.start) >= offset:
            entry = self.worklist.previous_before(entry.start)
        if entry is None:
            entry = self.worklist.previous_before(len(self.session.transcript.text) + 1)
            self._say("before the first open item: on to the last")
        if entry is not None:
            view.move_to(entry.start, center="off-screen")

    def action_go_to(self) -> None:
        """g: a time or a paragraph number; a wrong one is said under the field, which stays
        open to be mended (closing would send the next keys to the text)."""
        from .dialogs import PromptDialog  # (dialogs load when first wanted: quicker start)

        def go(answer: str) -> str | None:
            return self._go_to(answer.strip()) if answer.strip() else None

        self.app.push_screen(
            PromptDialog(
                "Go to a time or a paragraph",
                placeholder="12:34 or 1:02:03 (time) · 12 (paragraph)",
                hint="enter: go · escape: cancel",
                check=go,
            )
        )

    def _go_to(self, where: str) -> str | None:
        """Move to ``where`` (a time or a paragraph number); return why not, else None."""
        session = self.session
        if session is None:
            return None
        view = self.query_one(TranscriptView)
        body = [p for p in session.transcript.paragraphs if p.kind == "body"]
        if ":" in where:
            seconds = parse_timecode(where)
            if seconds is None:
                return f"“{where}” is not a time; write it as 12:34 or 1:02:03."
            moments = self.timing.paragraph_moments() if self.timing else {}
            if not moments:
                return "This transcript has no times yet; give a paragraph number."
            timed = sorted((m.seconds, index) for index, m in moments.items())
            end = self._end_time()
            if end is not None and seconds > end[0]:
                said = format_timecode(end[0], estimated=end[1])
                return f"{where} is past the end: the last words are at {said}."
            k = max(0, bisect.bisect_right([t[0] for t in timed], seconds) - 1)
            view.move_to(session.transcript.paragraphs[timed[k][1]].start, center=True)
            return None
        number = where.lstrip("¶pP#").strip()
        if not number.isdigit():
            return f"“{where}” is neither a time (12:34) nor a paragraph number (1 to {len(body)})."
        if not 1 <= int(number) <= len(body):
            return f"Paragraphs are numbered 1 to {len(body)}."
        view.move_to(body[int(number) - 1].start, center=True)
        return None

    def _end_time(self) -> tuple[float, bool] | None:
        """When the last word ends, and whether that is an estimate (None: no times)."""
        timing = self.timing
        if timing is None or not len(timing):
            return None
        last = timing.time_ends[-1]
        seconds = last if last == last else timing.times[-1]  # (NaN: no end known)
        return seconds, timing.moment(len(timing) - 1).estimated

