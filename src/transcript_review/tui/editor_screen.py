"""The editor: the transcript beside its times, the open work beside it, keys for everything.

A ``Screen`` made for one transcript. It shows the text at once (:meth:`EditorScreen.on_mount`);
the app opens the session in a worker and hands it over with :meth:`EditorScreen.open_session`
(a screen made for a session already open is given it at once). It never imports the app
module: what it needs comes in through its constructor and :meth:`open_session`, and what it
tells others goes out as messages (:mod:`.messages`). It can be pushed over another screen and
dismissed, so a workspace of transcripts can open one editor after another.

The editor's keys are spread over a few modules, one per coherent part, each a base class of
:class:`EditorScreen`: :mod:`.editor_panel` (the open-work panel), :mod:`.editor_moving`
(``n``, ``N``, ``g``), :mod:`.editor_correcting` (enter, ``e``, ``f``, ``x``, undo, redo),
:mod:`.editor_checking` (the final check's findings in the background; enter and ``x`` on
one), :mod:`.editor_saving` (``ctrl+s``, others' saves) and :mod:`.editor_listening` (the
player, stamps, alignment). The keys that also work in the review queue are bound by the app, which
hands them to the editor (see :data:`SHARED_KEYS`).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Label

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.text.decoding import DecodedText
from .editor_checking import CheckingKeys
from .editor_correcting import CorrectingKeys
from .editor_listening import ListeningKeys
from .editor_moving import MovingKeys
from .editor_panel import OpenWorkPanel
from .editor_saving import SavingKeys, file_stamp
from .key_footer import KeyFooter, bindings
from .keys import EDITOR_KEYS, Context, Key, footer_order, gated, labels_of
from .messages import NoteChanged, Say, SessionChanged
from .spans import SpanIndex
from .status_line import Part, StatusLine, who
from .transcript_view import TranscriptView
from .view_document import GutterTime, ViewDocument

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.review.queue import QueuePlace
    from ..core.sidecar.records import Role
    from ..core.text.items import Item
    from ..core.timing.transcript_times import TranscriptTiming
    from .listening import Listening
    from .prepared import Prepared, StatusCounts
    from .recording_align import RecordingAligner
    from .review_screen import ReviewExit, ReviewScreen

#: Seconds a note (the last action's confirmation) stays on the status line.
NOTE_SECONDS = 8.0

#: The keys that work on every screen of a session (the editor and the review queue over it)
#: or anywhere: the app binds them and hands the session's ones to the editor.
SHARED_KEYS: tuple[Key, ...] = tuple(
    k for k in EDITOR_KEYS if k.context in (Context.EVERY_SCREEN, Context.ANYWHERE)
)
#: The keys only the editor binds (the text, the panel, the item under the cursor).
OWN_KEYS: tuple[Key, ...] = tuple(k for k in EDITOR_KEYS if k not in SHARED_KEYS)

#: The footer's label of enter, per thing it does (see :meth:`EditorScreen._act_here`).
_ACT_LABELS = labels_of(EDITOR_KEYS, "act")

#: The editor's actions that need a transcript loaded (the rest: the panel's, at once).
_GATED = gated(OWN_KEYS)


@dataclass
class EditorOptions:
    """What the command line says about a transcript besides its path: where its times and
    recording are, and how to reach the player."""

    timing_path: Path | None = None
    reference_path: Path | None = None
    media: str | None = None
    webcast: str | None = None
    mpv_socket: str | None = None
    role: Role | None = None
    """The role asked for: REVIEWER opens the review queue at once."""


class EditorScreen(
    OpenWorkPanel, MovingKeys, CorrectingKeys, CheckingKeys, SavingKeys, ListeningKeys
):
    """One transcript's editor: the status line, the text, the open-work panel, the footer."""

    #: Made from the key table (tui/keys.py), as are the footer order, palette and help.
    BINDINGS: ClassVar[list[BindingType]] = bindings(OWN_KEYS)

    #: The footer's keys, most important first: as many as the window holds are shown (the
    #: app's shared keys among them).
    FOOTER_ORDER: ClassVar[tuple[str, ...]] = footer_order(EDITOR_KEYS)

    def __init__(
        self,
        path: Path,
        decoded: DecodedText,
        config: Config,
        options: EditorOptions | None = None,
        *,
        session: EditingSession | None = None,
        timing: TranscriptTiming | None = None,
    ) -> None:
        """An editor for ``path`` (its text ``decoded``, shown at once). With ``session`` and
        ``timing`` (a session already open, say from a workspace of transcripts) it shows
        them as soon as it is mounted; without, the opener calls :meth:`open_session`."""
        super().__init__()
        self._given = (session, timing) if session is not None and timing is not None else None
        options = options or EditorOptions()
        self.path = path
        self.decoded = decoded
        self.config = config
        self.options = options
        self.media = options.media
        self.webcast = options.webcast
        self.timing_options: dict[str, object] = {
            "timing_path": options.timing_path,
            "reference_path": options.reference_path,
            "markers": config.markers,
        }
        self.user_source: str | None = None
        self.listening: Listening | None = None
        self.aligner: RecordingAligner | None = None
        """Aligning to the recording from the editor (``T``)."""
        self.media_note = ""
        """Said once in the status line: why listening cannot work here (no mpv)."""
        self._follow_timer: Timer | None = None
        self.session: EditingSession | None = None
        self.counts: StatusCounts | None = None
        self._item_starts: list[int] = []
        self._longest_item = 0
        self._editor_stale = False
        self.time_gutter: dict[int, GutterTime] = {}
        self.timing: TranscriptTiming | None = None
        self._key_context: tuple[str, bool] = ("", False)
        self.decided_gaps: dict[str, str] = {}
        self._prepared: Prepared | None = None
        """What is shown (the findings are added to it when a check lands)."""
        self._init_panel()
        self._init_checking()
        self.note = ""
        """The last action's confirmation, on the status line for :data:`NOTE_SECONDS`."""
        self._note_timer: Timer | None = None
        self._body_starts: list[int] = []
        """Where each body paragraph starts: ``g`` and the status line number them from 1."""
        self.review: ReviewScreen | None = None
        """The review queue this editor pushed, while it is open (``R``)."""
        self.review_place: QueuePlace | None = None
        """Where the reviewer was in the review queue when they left it (restored on ``R``)."""
        self._sidecar_seen: tuple[int, int] | None = None

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(f"{self.path.name} · loading…", id="status-line")
        with Horizontal(id="main"):
            yield TranscriptView(id="transcript")
            with Vertical(id="side"):
                # The table comes with the parsed transcript (see open_session): the first paint
                # shows the text beside the panel's title, the panel at its width already.
                yield Label(Content.styled("Open work · loading…", "bold"), id="side-title")
        yield KeyFooter(
            self.FOOTER_ORDER, same_width={"act": max(map(len, _ACT_LABELS.values()))}
        )

    def on_mount(self) -> None:
        self._apply_panel()  # before the first layout: the text is wrapped once, at its width
        view = self.query_one(TranscriptView)
        plain = ViewDocument(self.decoded.text, SpanIndex([]))
        view.show(plain, keep_cursor=False)
        view.focus()
        for warning in self.decoded.warnings:
            self.notify(warning, severity="warning", timeout=10)
        if self._given is not None:
            self.open_session(*self._given)

    def text_width(self) -> int | None:
        """The text's width in cells, once laid out (the load worker wraps it at that)."""
        return self.query_one(TranscriptView).text_width()

    # -- the session ------------------------------------------------------------------------

    def open_session(
        self,
        session: EditingSession,
        timing: TranscriptTiming,
        prepared: Prepared | None = None,
        user_source: str | None = None,
        gutter: dict[int, GutterTime] | None = None,
    ) -> None:
        """Show ``session`` (opened by the app's load worker, with its times and, when it was
        made there, what to show, and the gutter's times it was made with). ``user_source``:
        where the user's name came from when neither --user nor the config chose it (the
        first save says so)."""
        from .prepared import gutter_of

        self.session = session
        self.user_source = user_source
        self._item_starts = [i.start for i in self.session.items]
        self._longest_item = max((i.end - i.start for i in self.session.items), default=0)
        self._body_starts = [
            p.start for p in self.session.transcript.paragraphs if p.kind == "body"
        ]
        self.timing = timing
        self.time_gutter = gutter if gutter is not None else gutter_of(timing)
        header = self.session.sidecar.header
        self.media = self.media or (header.media if header else None)
        self.webcast = self.webcast or (header.webcast if header else None)
        self.session.header_defaults = {"media": self.media, "webcast": self.webcast}
        from .listening import Listening  # the media package loads once the text is shown
        from .recording_align import RecordingAligner, local_recording

        recording = local_recording(self.media, self.path)
        self.aligner = RecordingAligner(self.path, recording, dict(self.timing_options))
        listen_to = self.media or (recording.name if recording is not None else None)
        self.listening = Listening(listen_to, self.path.parent, socket=self.options.mpv_socket)
        self.media_note = self.listening.missing() or ""
        self._sidecar_seen = file_stamp(self.session.sidecar_path)
        self.set_interval(2.0, self._check_sidecar)
        for warning in timing.warnings:
            self.notify(warning, severity="warning", timeout=8)
        from .work_table import WorkTable

        table = WorkTable(id="worklist", show_header=False, cursor_type="row", zebra_stripes=False)
        self.query_one("#side").mount(table)
        table.add_column("entry", width=self._entry_width, key="entry")
        for warning in self.session.sidecar.warnings:
            self.notify(warning, severity="warning", timeout=10)
        from ..core.corrections import invalid_verdicts_note  # after the first paint
        invalid = invalid_verdicts_note(self.session.state)
        if invalid:
            self.notify(invalid, severity="warning", timeout=15)
        self.refresh_document(keep_cursor=True, prepared=prepared or self._prepare())
        self.refresh_bindings()
        from ..core.sidecar.records import Role

        if self.options.role is Role.REVIEWER:
            self._open_review()
        # The final check, in the background once this is on screen (see editor_checking).
        self.call_after_refresh(self._run_check)

    def _prepare(self) -> Prepared:
        from .prepared import prepare  # (what the session shows: after the first paint)

        assert self.session is not None
        findings = self.findings if self.qc_result is not None else None
        return prepare(self.session, self.timing, self.time_gutter, findings=findings)

    # -- refreshing -------------------------------------------------------------------------

    def refresh_document(self, keep_cursor: bool = True, prepared: Prepared | None = None) -> None:
        """Show the session as it is now (after any change, or the load worker's result).

        While the review queue covers the editor, only the queue is refreshed: rebuilding the
        hidden editor (its document, panel and counts) would cost a verdict seconds on a big
        session. The editor catches up when it is shown again (:meth:`_editor_shown`).
        """
        session = self.session
        if session is None:
            return
        self.refresh_bindings()  # undo, redo and save come and go with the unsaved actions
        if self.review is not None and prepared is None:
            self.review.post_message(SessionChanged())  # the queue refreshes its rows
            self._editor_stale = True
            return
        self._editor_stale = False
        if prepared is None:
            self._findings_follow()  # placed again; checked again (later) if the text changed
            prepared = self._prepare()
        self._show_prepared(prepared, keep_cursor)

    def _show_prepared(self, prepared: Prepared, keep_cursor: bool = True) -> None:
        view = self.query_one(TranscriptView)
        self._prepared = prepared
        view.show(prepared.document, keep_cursor=keep_cursor, layout=prepared.layout)
        self.worklist = prepared.worklist
        self.counts = prepared.counts
        self.decided_gaps = prepared.decided_gaps
        self._fill_panel()
        self._update_status()
        self._follow_cursor()

    def _editor_shown(self) -> None:
        """The review queue was closed: bring the editor up to date if verdicts changed it."""
        if self._editor_stale:
            self.refresh_document()

    def on_session_changed(self, message: SessionChanged) -> None:
        """The review queue changed the session (a verdict): the text catches up when the
        editor is shown again."""
        self._editor_stale = True

    def on_say(self, message: Say) -> None:
        """A confirmation from the review queue: the note of both status lines."""
        message.stop()
        self._say(message.text)


    # -- the status line ----------------------------------------------------------------------

    def _say(self, message: str) -> None:
        """A routine confirmation: on the status line for a few seconds, never over the text
        (a toast could hide the line just edited). Warnings and errors stay notifications."""
        self.note = message
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SECONDS, self._clear_note)
        self._note_changed()

    def _clear_note(self) -> None:
        self.note = ""
        self._note_changed()

    def _note_changed(self) -> None:
        if self.review is not None:  # the queue's status line shows the note too
            self.review.post_message(NoteChanged(self.note))
        self._update_status()

    def _paragraph_label(self) -> str:
        """``¶ 12/40``: the body paragraph under the cursor, numbered as ``g`` takes them."""
        view = self.query_one(TranscriptView)
        if self.session is None or view.cursor is None or not self._body_starts:
            return ""
        total = len(self._body_starts)
        paragraph = self.session.transcript.paragraph_at(view.cursor[0])
        if paragraph.kind != "body":
            return f"¶ –/{total}"
        return f"¶ {bisect.bisect_right(self._body_starts, paragraph.start)}/{total}"

    def _update_status(self) -> None:
        """The status line, most important facts kept when the window is narrow: unsaved work
        and the last action's note, what is left to do, where the cursor is, then who."""
        session = self.session
        if session is None:
            return
        c = self.counts
        if c is None:
            return
        unsaved = len(session.actions)
        name = self.path.name
        gaps = f"gaps {c.open_gaps} open"
        parts = [
            Part(name, 3, short=name if len(name) <= 24 else name[:23] + "…"),
            Part(f"rev {session.saved_revision}", 3),
            who(session.user, session.role.value),
            Part(f"{unsaved} unsaved (ctrl+s)" if unsaved else "", 0, style="bold $warning"),
            Part(self._paragraph_label(), 2),
            Part(f"{gaps} · {c.proposed_gaps} proposed · {c.gaps} total", 1, gaps, 5),
            Part(f"uncertain {c.uncertain}", 3),
            Part(f"flags {c.flags}", 3 if c.flags else 5),
            self._findings_part(c),
            Part(f"{c.orphaned} orphaned (o)" if c.orphaned else "", 2),
        ]
        if self.listening is not None and self.listening.follow:
            parts.append(Part("following playback (F)", 2, short="following (F)"))
        # The finding under the cursor, what it says and what enter and x do with it.
        parts.append(Part(self.finding_detail(), 1, short_from=3, note=True))
        # Last, so of the important parts it is the one cut first: it is said for a moment.
        parts.append(Part(self.note, 1, short_from=3, style="italic", note=True))
        # (said once, until listening works: it outlasts the counts that give way with it)
        parts.append(Part(self.media_note, 4, short_from=5, note=True))
        if self.aligner is not None:  # progress matters; a standing offer gives way first
            offer, running = self.aligner.offer(self.timing), self.aligner.running
            short = None if running or not offer else "T: align times"
            parts.append(Part(offer, 2 if running else 4, short=short, note=running))
        self.query_one("#status-line", StatusLine).show(parts)

    @on(TranscriptView.CursorMoved)
    def _cursor_moved(self) -> None:
        self._follow_cursor()
        self._update_status()  # the paragraph number (one line repainted, no layout)
        # Recomposing the footer costs a layout pass: only when the keys that apply change.
        act = self._act_here()
        # (x's Clear flag is shown on a flag, unless a finding there takes x: see check_action)
        clear_flag = self._flag_under_cursor() is not None and not self._finding_under_cursor()
        context = (act, clear_flag)
        if context != self._key_context:
            before, self._key_context = self._key_context, context
            # From one thing enter does to another only enter's label changes: that one key
            # is repainted (labels of one width), the footer is not laid out again.
            both_act = bool(before[0]) and bool(act) and before[1] == context[1]
            label = (f"act('{act}')", _ACT_LABELS.get(act, ""))
            if not (both_act and self.query_one(KeyFooter).relabel(*label)):
                self.refresh_bindings()

    # -- what the cursor is on ----------------------------------------------------------------

    def _item_under_cursor(self, kind: str | None = None) -> Item | None:
        """The innermost item (of ``kind``) holding the cursor's token."""
        view = self.query_one(TranscriptView)
        if self.session is None or view.cursor is None:
            return None
        start, end = view.cursor
        items = self.session.items
        # Runs on every cursor move: look only at items that can reach the cursor.
        lo = bisect.bisect_left(self._item_starts, start - self._longest_item)
        hi = bisect.bisect_right(self._item_starts, start)
        found = [
            i
            for i in items[lo:hi]
            if i.start <= start and end <= i.end and (kind is None or i.kind == kind)
        ]
        return min(found, key=lambda i: i.end - i.start) if found else None

    def _flag_under_cursor(self) -> str | None:
        view = self.query_one(TranscriptView)
        if self.session is None or view.cursor is None:
            return None
        start, end = view.cursor
        for flag in self.session.state.active_flags(include_proposed=True):
            span = flag.span
            if span and span[0] <= start and end <= span[1]:
                return flag.id
        return None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer (and show in the footer) only the keys that apply where the cursor is."""
        if action not in _GATED:
            return True  # Textual's own actions (focus_next, focus_previous…)
        if self.app.screen.is_modal:
            return False  # a dialog has the keyboard (the footer under it shows none of these)
        session = self.session
        if session is None:
            return action in {"toggle_focus", "toggle_panel"}

        applies = {
            "act": lambda: self._act_applies(str(parameters[0]) if parameters else ""),
            # x: dismisses the finding the cursor is on, else clears the flag it is in.
            "dismiss_finding": lambda: self._finding_under_cursor() is not None,
            "clear_flag": lambda: (
                self._finding_under_cursor() is None and self._flag_under_cursor() is not None
            ),
            "no_flag": lambda: (
                self._finding_under_cursor() is None and self._flag_under_cursor() is None
            ),
            "orphaned": lambda: bool(session.state.orphaned),
            "next_item": lambda: bool(self.worklist),
            "previous_item": lambda: bool(self.worklist),
        }
        rule = applies.get(action)
        return True if rule is None else rule()

    def _act_applies(self, kind: str) -> bool:
        """Whether enter does ``kind``'s thing here (see :meth:`_act_here`); "" anything."""
        here = self._act_here()
        return bool(here) if kind == "" else kind == here

    def _act_here(self) -> str:
        """What enter does at the cursor: ``gap`` (resolve an open gap, the innermost item),
        ``revise`` (a gap you decided), ``alternative`` (a gap others decided), ``qc``
        (propose a finding's fix; a finding on a part of an uncertain passage before the
        passage, one on all of it — its ``(ph)`` left in — after: editing the passage is the
        fuller way to settle it), ``uncertain`` (edit the passage: also around an approved
        gap), or "" (nothing)."""
        gap = self._item_under_cursor("gap")
        if gap is not None:
            decided = self.decided_gaps.get(gap.id, "")
            if decided != "approved":
                return {"": "gap", "own": "revise", "others": "alternative"}[decided]
        doubt = self._item_under_cursor("uncertain")
        finding = self._finding_under_cursor()
        if finding is not None and (
            doubt is None or finding.end - finding.start < doubt.end - doubt.start
        ):
            return "qc"
        return "uncertain" if doubt is not None else ""

    # -- review mode ----------------------------------------------------------------------------

    def action_review(self) -> None:
        """Open the review queue (working as a reviewer until you leave it)."""
        from ..core.sidecar.records import Role

        if self.session is None:
            return
        try:
            self.session.set_role(Role.REVIEWER)
        except InputError as exc:
            self.notify(exc.reason, severity="warning")
            return
        self._update_status()
        self._open_review()

    def _open_review(self) -> None:
        """Push the review queue over the editor, on this session, where the reviewer was."""
        from .review_screen import ReviewScreen  # loaded when first wanted: quicker start

        assert self.session is not None
        self.review = ReviewScreen(self.session, self.timing, self.review_place, self.note)
        self.app.push_screen(self.review, self._review_closed)

    def queue_shown(self) -> ReviewScreen | None:
        """The review queue, when it is the screen shown (the listening keys play its row)."""
        return self.review if self.review is not None and self.app.screen is self.review else None

    def _review_closed(self, result: ReviewExit | None) -> None:
        """The review queue was dismissed: back to the editor, or to a place in the text."""
        self.review = None
        if result is None:
            return
        self.review_place = result.place
        if result.open_at is None:
            self.leave_review()
        else:
            self.show_offset(result.open_at)

    def leave_review(self) -> None:
        """Back to the editor; as an editor again unless verdicts are still unsaved."""
        from ..core.sidecar.records import Role

        if self.session is not None:
            try:
                self.session.set_role(Role.EDITOR)
            except InputError as exc:
                self.notify(f"Still a reviewer: {exc.reason}", severity="warning", timeout=6)
        self._editor_shown()
        self._update_status()

    def show_offset(self, offset: int) -> None:
        """Put the editor's cursor on ``offset`` (from the review queue's "open in text")."""
        self._editor_shown()
        view = self.query_one(TranscriptView)
        view.move_to(offset, center=True)
        view.focus()

    # -- orphaned ---------------------------------------------------------------------------

    def action_orphaned(self) -> None:
        if self.session is None:
            return
        from .dialogs import MessageDialog

        orphaned = self.session.state.orphaned
        if not orphaned:
            self._say("no orphaned corrections")
            return
        parts: list[Content] = []
        for corr in orphaned:
            a = corr.anchor
            reason = corr.placement.reason if corr.placement else ""
            parts.append(
                Content.assemble(
                    (
                        printable(
                            f"{corr.id} {corr.kind.value} by {corr.author} (rev {corr.revision})"
                        ),
                        "bold",
                    ),
                    printable(f" — {reason}\n  …{a.prefix}"),
                    (printable(a.exact), "reverse"),
                    printable(f"{a.suffix}…"),
                    printable(f"\n  → {corr.text}\n") if corr.text else "\n",
                )
            )
        self.app.push_screen(
            MessageDialog(
                "Orphaned corrections (their text is no longer in the transcript)",
                Content("\n").join(parts),
            )
        )

