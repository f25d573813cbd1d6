"""The final check in the editor: its findings as items (``◆``), ``enter`` proposing a finding's
fix, ``x`` dismissing it.

A part of :class:`~.editor_screen.EditorScreen`. The check (:func:`..core.qc.check.check_session`,
about two seconds of CPU on a million words) runs by itself in a thread worker once the session
is shown — never before the first paint, never on the event loop — and again, debounced, after
each change of the text as corrected (a proposal, an approval, an undo of either), so a doubled
word one fixed goes away. Dismissing or restoring a finding changes no text: the findings are
then placed again from the last check (:func:`..core.qc.work_items.qc_item_states` reads the
session's dismissals), without running the rules.

The editor checks the text with the proposals applied (``include_proposed``), as it shows them:
an editor's fix is done work (a reviewer sees it as a proposal), and a slip typed into a
correction is found too. ``transcript-review qc FILE`` checks only approved corrections unless
``--include-proposed`` is given.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import TYPE_CHECKING

from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from ..core.errors import InputError
from ..core.quoting import short
from .status_line import Part
from .transcript_view import TranscriptView

if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.editing.session import EditingSession, ItemState
    from ..core.qc.check import GlossaryCache, QcResult
    from ..core.text.items import Item
    from ..core.timing.transcript_times import TranscriptTiming
    from .prepared import Prepared, StatusCounts

#: Seconds after the last change before the check runs again: typing a run of corrections
#: (or undoing several) costs one check, not one per key.
RECHECK_AFTER = 0.6

#: A finding's key, as the check's freshness is judged: the corrections that change the text.
TextKey = tuple[tuple[str, str, str | None, tuple[int, int] | None], ...]


class FindingsChecked(Message):
    """The background check finished (``result`` None: it failed, ``error`` says why)."""

    def __init__(
        self,
        generation: int,
        key: TextKey,
        result: QcResult | None,
        error: str = "",
        placed: tuple[Prepared | None, list[ItemState], Prepared | None] | None = None,
    ) -> None:
        super().__init__()
        self.generation = generation
        self.key = key
        self.result = result
        self.error = error
        self.placed = placed
        """Made in the thread too: (what was shown then, the findings placed, it with them)."""


def text_key(session: EditingSession) -> TextKey:
    """What the text as corrected (proposals applied) is made of: the standing corrections
    that change it. Equal keys, equal text — the check need not run again."""
    from ..core.corrections import Status

    standing = (Status.PROPOSED, Status.APPROVED)
    return tuple(
        sorted(
            (c.id, c.status.value, c.text, c.span)
            for c in session.state.corrections.values()
            if c.changes_text and c.status in standing
        )
    )


class CheckingKeys(Screen[None]):
    """The final check's findings in the editor (a base of
    :class:`~.editor_screen.EditorScreen`)."""

    session: EditingSession | None
    config: Config
    timing: TranscriptTiming | None
    review: object | None
    _prepared: Prepared | None
    _editor_stale: bool

    if TYPE_CHECKING:  # the editor's, used here

        def _say(self, message: str) -> None: ...
        def _act_here(self) -> str: ...
        def _update_status(self) -> None: ...
        def refresh_document(self, keep_cursor: bool = True) -> None: ...
        def _show_prepared(self, prepared: Prepared, keep_cursor: bool = True) -> None: ...

    def _init_checking(self) -> None:
        self.qc_state = "waiting"
        """``waiting`` (not run yet), ``running``, ``done`` or ``failed``: tests and the bench
        wait for ``done`` so what they see does not depend on the machine's speed."""
        self.qc_result: QcResult | None = None
        self.findings: list[ItemState] = []
        """The findings not dismissed, as qc item states, in text order (see
        :meth:`_place_findings`)."""
        self._open_findings: list[Item] = []
        self._finding_starts: list[int] = []
        self._longest_finding = 0
        self._qc_key: TextKey | None = None
        """The text the last result was made from."""
        self._qc_generation = 0
        self._qc_timer: Timer | None = None
        self._qc_retries = 0
        self._glossaries: GlossaryCache = {}
        """The indexed glossaries, kept for the checks after the first (read once)."""

    # -- running the check ------------------------------------------------------------------

    def _check_soon(self, delay: float = RECHECK_AFTER) -> None:
        """Run the check after ``delay`` seconds (again from now if one was waiting)."""
        if self._qc_timer is not None:
            self._qc_timer.stop()
        self._qc_timer = self.set_timer(delay, self._run_check)

    def _run_check(self) -> None:
        """Start the check in a thread worker (one at a time: a newer one cancels the older's
        result, which is dropped when it lands)."""
        session = self.session
        if session is None:
            return
        self._qc_timer = None
        self._qc_generation += 1
        generation, key = self._qc_generation, text_key(session)
        if self.qc_result is None:
            self.qc_state = "running"
            self._update_status()  # "qc …"
        self.run_worker(
            lambda: self._check_in_thread(session, generation, key),
            thread=True,
            exclusive=True,
            group="qc",
            name="final check",
            exit_on_error=False,  # (what goes wrong is said: see _check_in_thread)
        )

    def _check_in_thread(self, session: EditingSession, generation: int, key: TextKey) -> None:
        from ..core.qc.check import check_session
        from ..core.qc.work_items import qc_item_states
        from .prepared import with_findings

        try:
            result = check_session(
                session, self.config, include_proposed=True, glossary_cache=self._glossaries
            )
            # Placing the findings and adding them to what is shown cost a quarter of a second
            # on a million words: done here too, used when nothing changed meanwhile.
            shown_then = self._prepared
            states = qc_item_states(session, result)
            with_them = (
                None
                if shown_then is None
                else with_findings(shown_then, session, self.timing, states)
            )
        except InputError as exc:  # a broken glossary or config: said once, the editor works on
            self.post_message(FindingsChecked(generation, key, None, str(exc)))
            return
        except Exception as exc:  # noqa: BLE001 - the session may change under the check
            # (a key pressed meanwhile: "dictionary changed size during iteration"); tried
            # again if it did, said if it did not.
            self.post_message(FindingsChecked(generation, key, None, f"retry: {exc!r}"))
            return
        placed = (shown_then, states, with_them)
        self.post_message(FindingsChecked(generation, key, result, placed=placed))

    def on_findings_checked(self, message: FindingsChecked) -> None:
        message.stop()
        session = self.session
        if message.generation != self._qc_generation or session is None:
            return  # a newer check is on its way
        if message.result is None:
            if message.error.startswith("retry: ") and self._qc_retries < 3:
                self._qc_retries += 1  # (a few times: a bug would otherwise loop for ever)
                self._check_soon()
                return
            self.qc_state = "failed"
            error = message.error.removeprefix("retry: ")
            self.notify(f"The final check did not run: {error}", severity="warning", timeout=10)
            return
        self.qc_result = message.result
        self._qc_key = message.key
        self._qc_retries = 0
        if text_key(session) != message.key:
            self._check_soon()  # the text changed while it ran: the findings may be stale
        shown_then, states, with_them = message.placed or (None, [], None)
        # Made for what is shown now (no change since: a change makes a new one)?
        fresh = shown_then is not None and shown_then is self._prepared
        self._place_findings(states if fresh else None)
        self.qc_state = "done"
        self._show_findings(with_them if fresh else None)

    def _findings_follow(self) -> None:
        """After any change of the session: place the findings again (a dismissal, an undo,
        a fix proposed show at once) and check again, debounced, when the text changed."""
        session = self.session
        if session is None or self.qc_result is None:
            return
        if self._qc_key != text_key(session):
            self._check_soon()
        self._place_findings()

    def _place_findings(self, states: list[ItemState] | None = None) -> None:
        """The findings of the last check as the session stands now (dismissed ones left out,
        a fix proposed shown as ``proposed``), or ``states`` when they were placed already."""
        from ..core.qc.work_items import qc_item_states

        if self.session is None or self.qc_result is None:
            return
        if states is None:
            states = qc_item_states(self.session, self.qc_result)
        self.findings = states
        self._open_findings = [s.item for s in self.findings if s.state == "open"]
        self._finding_starts = [i.start for i in self._open_findings]
        self._longest_finding = max((i.end - i.start for i in self._open_findings), default=0)

    def _show_findings(self, with_them: Prepared | None = None) -> None:
        """A check landed: its findings join what is shown (the text's marks, the panel, the
        counts), nothing else rebuilt; ``with_them``: that made already."""
        session, prepared = self.session, self._prepared
        if session is None or prepared is None:
            return
        if self.review is not None:
            self._editor_stale = True  # shown when the queue is left
            return
        view = self.query_one(TranscriptView)
        from .prepared import with_findings

        shown = with_them or with_findings(prepared, session, self.timing, self.findings)
        # The findings change no text: the layout shown stays (no wrapping again).
        self._show_prepared(replace(shown, layout=view.layout_))
        self.refresh_bindings()  # n and N apply once there is something to visit

    def _findings_part(self, c: StatusCounts) -> Part:
        """``qc 3`` (open findings of the final check; ``2 errors`` among them), ``qc …``
        while the first check runs."""
        if c.findings is None:
            return Part("qc …" if self.qc_state == "running" else "", 5)
        errors = f" ({c.finding_errors} error{'s' * (c.finding_errors != 1)})"
        text = f"qc {c.findings}{errors if c.finding_errors else ''}"
        return Part(text, 3 if c.findings else 5, short=f"qc {c.findings}", short_from=4)

    # -- the finding under the cursor ---------------------------------------------------------

    def _finding_under_cursor(self) -> Item | None:
        """The open finding the cursor is on: one overlapping its word, or one the cursor
        landed after (a space before a comma, a double space: no word of their own), the
        shortest when several."""
        view = self.query_one(TranscriptView)
        if not self._open_findings or view.cursor is None:
            return None
        start, end = view.cursor
        # Runs on every cursor move: only findings that can reach the cursor.
        lo = bisect.bisect_left(self._finding_starts, start - self._longest_finding - 2)
        hi = bisect.bisect_right(self._finding_starts, end)
        text = view.document.text if view.document is not None else ""
        found = [
            i
            for i in self._open_findings[lo:hi]
            if (i.start < end and start < i.end)
            or (i.end <= start and not text[i.end : start].strip() and _wordless(text, i))
        ]
        return min(found, key=lambda i: i.end - i.start) if found else None

    def finding_detail(self) -> str:
        """The status line's words about the finding under the cursor: its rule, severity,
        message and suggested fix, and what the keys do with it."""
        item = self._finding_under_cursor()
        if item is None or item.finding is None:
            return ""
        f = item.finding
        key = " (enter)" if self._act_here() == "qc" else ""  # (enter may edit a passage)
        fix = (
            f" → “{short(f.suggestion, 30)}”{key}"
            if f.suggestion
            else f" → delete it{key}"
            if f.suggestion == ""
            else " (no fix: e edits)"
        )
        # What it is first (a narrow status line cuts the end): the message names the words.
        return f"◆ {f.message}{fix} · x dismisses · {f.rule} ({f.severity.value})"

    # -- the keys -----------------------------------------------------------------------------

    def _propose_fix(self, item: Item) -> None:
        """enter on a finding: its suggested fix as one correction (undoable); without one,
        say so and what to do instead."""
        from ..core.qc.decisions import propose_suggestion

        session, finding = self.session, item.finding
        if session is None or finding is None:
            return
        if finding.suggestion is None:
            self._say(
                f"{finding.id} ({finding.rule}) has no suggested fix: e edits the words, "
                "x dismisses it"
            )
            return
        try:
            propose_suggestion(session, finding)
        except InputError as exc:
            self.notify(exc.reason, severity="warning")
            return
        self.refresh_document()
        self._say(f"✓ {session.actions[-1].label} (fix of {finding.id}, {finding.rule})")

    def action_dismiss_finding(self) -> None:
        """x on a finding: set it aside for this transcript (saved with the next ctrl+s)."""
        from ..core.qc.decisions import dismiss_finding

        item = self._finding_under_cursor()
        session = self.session
        if session is None or item is None or item.finding is None:
            return
        try:
            dismiss_finding(session, item.finding)
        except InputError as exc:
            self.notify(exc.reason, severity="warning")
            return
        self.refresh_document()
        self._say(f"✓ {session.actions[-1].label} (u undoes it)")


def _wordless(text: str, item: Item) -> bool:
    """Whether a finding's words hold no word the cursor could stand on (`` ,``, ``  ``,
    ``..``): then the cursor is on it when on the word after it."""
    from ..core.text.words import WORD

    return WORD.search(text, item.start, item.end) is None
