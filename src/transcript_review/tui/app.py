"""The editor: the transcript beside its times, the open work beside it, keys for everything.

Start-up shows the text at once and parses it in a thread worker (a 1M-word session takes about
a second to index): gaps, styles and the side panel arrive when the worker posts its result.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Label

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.text.decoding import DecodedText, read_text_file
from ..core.text.timecodes import format_timecode, parse_timecode
from .key_footer import KeyFooter, bindings
from .keys import (
    EDITOR_KEYS,
    HELP_SECTIONS,
    REVIEW,
    REVIEW_KEYS,
    footer_order,
    gated,
    help_rows,
    labels_of,
    on_every_screen,
    palette,
)
from .layout import DocumentLayout
from .spans import SpanIndex
from .status_line import Part, StatusLine, who
from .transcript_view import TranscriptView
from .view_document import GutterTime, ViewDocument

if TYPE_CHECKING:
    from rich.console import Group

    from ..core.editing.session import EditingSession, ItemState
    from ..core.editing.span_edit import EditPlan
    from ..core.review.queue import QueuePlace
    from ..core.sidecar.records import Role
    from ..core.sidecar.store import LoadedSidecar

    # The rest of the domain (sidecar, corrections, timing) is imported by the load worker
    # after the first paint: a person sees the text while those modules load.
    from ..core.text.items import Item
    from ..core.text.transcript import Transcript
    from ..core.timing.transcript_times import TranscriptTiming
    from .listening import Listening
    from .recording_align import RecordingAligner
    from .resolve_dialog import ResolveAnswer
    from .virtual_table import VirtualTable
    from .worklist import Worklist


#: Below this many columns the open-work panel is hidden (``W`` shows it, ``tab`` peeks at it):
#: beside it the text would be narrower than a readable 50 columns.
PANEL_FROM = 100
#: Seconds a note (the last action's confirmation) stays on the status line.
NOTE_SECONDS = 8.0


@dataclass
class Prepared:
    """Everything the screen shows, built from the session (in a worker when it is big)."""

    document: ViewDocument
    layout: DocumentLayout | None
    """Wrapped at the width it was asked for (None: let the view wrap it)."""
    worklist: Worklist
    counts: StatusCounts
    decided_gaps: dict[str, str]
    """Gap id -> whose decision stands on it: ``own`` (the user's, unapproved), ``others``
    (only others' proposals) or ``approved``; open gaps are not in it."""


@dataclass
class StatusCounts:
    """The numbers on the status line."""

    gaps: int
    open_gaps: int
    proposed_gaps: int
    uncertain: int
    flags: int
    orphaned: int


def prepare(
    session: EditingSession,
    timing: TranscriptTiming | None,
    gutter: dict[int, GutterTime],
    width: int | None = None,
    previous: DocumentLayout | None = None,
) -> Prepared:
    """Build the view document, its layout (when ``width`` is known), the worklist and the
    counts. No widget is touched, so the load worker can call it off the event loop."""
    from .view_document import build_view_document, correction_decorations
    from .worklist import build_worklist

    states = session.item_states()
    decided = {s.item.id: _decision(s, session.user) for s in states if s.item.kind == "gap"}
    decided = {k: v for k, v in decided.items() if v}
    decided_spans = {(s.item.start, s.item.end) for s in states if s.item.id in decided}
    spans, insertions = correction_decorations(session)
    document = build_view_document(session.transcript, spans, insertions, gutter, decided_spans)
    layout = None
    if width:
        layout = DocumentLayout(document.text, width, document.insertions, reuse=previous)
    gaps = [s for s in states if s.item.kind == "gap"]
    counts = StatusCounts(
        gaps=len(gaps),
        open_gaps=sum(1 for s in gaps if s.state == "open"),
        proposed_gaps=sum(1 for s in gaps if s.state == "proposed"),
        uncertain=sum(1 for s in states if s.item.kind == "uncertain" and s.state == "open"),
        flags=len(session.state.active_flags(include_proposed=True)),
        orphaned=len(session.state.orphaned),
    )
    worklist = build_worklist(session, timing, states)
    return Prepared(document, layout, worklist, counts, decided)


def _decision(state: ItemState, user: str) -> str:
    """Whose decision stands on a gap (see :attr:`Prepared.decided_gaps`); "" when open."""
    if state.state == "resolved":
        return "approved"
    if state.state != "proposed":
        return ""
    return "own" if any(c.author == user for c in state.corrections) else "others"


@dataclass
class Loaded(Message):
    """The worker finished parsing and timing: the session is ready."""

    session: EditingSession
    timing: TranscriptTiming
    gutter: dict[int, GutterTime]
    prepared: Prepared


@dataclass
class LoadFailed(Message):
    """The worker could not open the transcript or its sidecar."""

    error: InputError


class TranscriptReviewApp(App[int]):
    """``transcript-review FILE``: correct a transcript, save revisions to its sidecar."""

    TITLE = "transcript-review"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True

    #: Made from the key table (tui/keys.py), as are the footer order, palette and help.
    BINDINGS: ClassVar[list[BindingType]] = bindings(EDITOR_KEYS)

    #: The footer's keys, most important first: as many as the window holds are shown.
    FOOTER_ORDER: ClassVar[tuple[str, ...]] = footer_order(EDITOR_KEYS)

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Every toast goes through here: messages quote names, reasons and file names, whose
        control characters (ESC, BEL, CR…) are shown escaped, never sent to the terminal, and
        whose brackets are text, never markup (a warning quoting ``[inaudible 00:12:34]`` or a
        file named ``[b]x.txt`` must read as written)."""
        kwargs.setdefault("markup", False)
        super().notify(printable(message), *args, **kwargs)

    def __init__(
        self,
        path: Path,
        decoded: DecodedText,
        sidecar: LoadedSidecar | None,
        config: Config,
        user: str | None,
        role: Role | None = None,
        *,
        timing_path: Path | None = None,
        reference_path: Path | None = None,
        media: str | None = None,
        webcast: str | None = None,
        mpv_socket: str | None = None,
        user_source: str | None = None,
    ) -> None:
        super().__init__()
        self.user_source = user_source
        """Where ``user`` came from when neither ``--user`` nor the config chose it (git's
        user.name, the login name): the first save says so, once, and how to choose."""
        self.mpv_socket = mpv_socket
        self.timing_path = timing_path
        self.media = media
        self.webcast = webcast
        self.listening: Listening | None = None
        self.aligner: RecordingAligner | None = None
        """Aligning to the recording from the editor (``T``)."""
        self.media_note = ""
        """Said once in the status line: why listening cannot work here (no mpv)."""
        self._follow_timer: Timer | None = None
        self.reference_path = reference_path
        self.path = path
        self.decoded = decoded
        self.sidecar = sidecar
        self.config = config
        self.user = user or ""
        """Who saves (without --user: found by the load worker, as asking git takes a while)."""
        self.role = role
        """The role asked for on the command line: REVIEWER opens the review queue at once."""
        self.session: EditingSession | None = None
        self.worklist: Worklist | None = None
        self.counts: StatusCounts | None = None
        self._item_starts: list[int] = []
        self._longest_item = 0
        self._editor_stale = False
        self.gutter: dict[int, GutterTime] = {}
        self.timing: TranscriptTiming | None = None
        self._key_context: tuple[str, bool] = ("", False)
        self.decided_gaps: dict[str, str] = {}
        self.load_error: InputError | None = None
        """Why the transcript could not be opened (the CLI prints it after the app exits)."""
        self.panel_choice: bool | None = None
        """Shown or hidden by ``W``; None: by the window's width (see :data:`PANEL_FROM`)."""
        self._peeking = False
        """The panel is shown only while it has the focus (``tab`` in a narrow window)."""
        self._entry_width = 30
        """Cells of the panel's column (30: the panel at its narrowest, 34 columns)."""
        self.note = ""
        """The last action's confirmation, on the status line for :data:`NOTE_SECONDS`."""
        self._note_timer: Timer | None = None
        self._body_starts: list[int] = []
        """Where each body paragraph starts: ``g`` and the status line number them from 1."""
        self.review_place: QueuePlace | None = None
        """Where the reviewer was in the review queue when they left it (restored on ``R``)."""

    @classmethod
    def for_file(
        cls,
        path: str | Path,
        config: Config,
        user: str | None,
        role: Role | None = None,
        **options: Any,
    ) -> TranscriptReviewApp:
        """The app for ``path``: the text is read (and checked) before it starts, so bad input
        is reported on the command line, not inside the editor (the sidecar: see below).
        ``options`` are the constructor's keyword options (timing_path, media, …)."""
        from ..core.text.wrong_file import refuse_if_not_a_transcript

        path = Path(path)
        for name in ("timing_path", "reference_path"):
            extra = options.get(name)
            if extra is not None and not Path(extra).is_file():
                raise InputError(extra, "no such file; check the path")
        decoded = read_text_file(path)
        refuse_if_not_a_transcript(path, decoded.text)  # a caption file, a sidecar
        # The sidecar is read by the load worker, after the first paint (YAML and the sidecar
        # modules cost tens of milliseconds); a broken one ends the editor with its error line
        # on the command line, as before, nothing having been written.
        return cls(path, decoded, None, config, user, role, **options)

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(f"{self.path.name} · loading…", id="status-line")
        with Horizontal(id="main"):
            yield TranscriptView(id="transcript")
            with Vertical(id="side"):
                # The table comes with the parsed transcript (see on_loaded): the first paint
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
        # Parse only once the text is on screen: the worker competes for the interpreter.
        self.call_after_refresh(lambda: self._load(view.text_width()))

    @work(thread=True, exclusive=True, group="load")
    def _load(self, width: int | None) -> None:
        """Parse, fold, time and lay out off the event loop; post the result."""
        from ..core.editing.session import EditingSession
        from ..core.sidecar.records import Role
        from ..core.sidecar.store import load_sidecar, sidecar_path_for
        from ..core.text.transcript import parse_transcript

        try:
            if not self.user:  # after the first paint: git is asked in a subprocess
                from ..core.config import resolve_user

                self.user, self.user_source = resolve_user(self.config, None)
            if self.sidecar is None:
                self.sidecar = load_sidecar(sidecar_path_for(self.path))
            transcript = parse_transcript(self.decoded, self.path, self.config.markers)
            session = EditingSession(
                transcript,
                self.sidecar,
                user=self.user,
                role=self.role or Role.EDITOR,
                allow_self_approval=self.config.allow_self_approval,
            )
            timing = self._time(session)
            gutter = _gutter(timing)
            prepared = prepare(session, timing, gutter, width)
        except InputError as exc:
            self.post_message(LoadFailed(exc))
            return
        self.post_message(Loaded(session, timing, gutter, prepared))

    def _time(self, session: EditingSession) -> TranscriptTiming:
        """Times for every word: pins, stamps, the timing file or the recording, estimates."""
        from ..core.editing.session_timing import time_session

        return time_session(
            session,
            timing_path=self.timing_path,
            reference_path=self.reference_path,
            markers=self.config.markers,
        )

    def on_loaded(self, message: Loaded) -> None:
        self.session = message.session
        self._item_starts = [i.start for i in self.session.items]
        self._longest_item = max((i.end - i.start for i in self.session.items), default=0)
        self._body_starts = [
            p.start for p in self.session.transcript.paragraphs if p.kind == "body"
        ]
        self.timing = message.timing
        self.gutter = message.gutter
        header = self.session.sidecar.header
        self.media = self.media or (header.media if header else None)
        self.webcast = self.webcast or (header.webcast if header else None)
        self.session.header_defaults = {"media": self.media, "webcast": self.webcast}
        from .listening import Listening  # the media package loads once the text is shown
        from .recording_align import RecordingAligner, local_recording

        recording = local_recording(self.media, self.path)
        self.aligner = RecordingAligner(
            self.path,
            recording,
            {
                "timing_path": self.timing_path,
                "reference_path": self.reference_path,
                "markers": self.config.markers,
            },
        )
        listen_to = self.media or (recording.name if recording is not None else None)
        self.listening = Listening(listen_to, self.path.parent, socket=self.mpv_socket)
        self.media_note = self.listening.missing() or ""
        self._sidecar_seen = _file_stamp(self.session.sidecar_path)
        self.set_interval(2.0, self._check_sidecar)
        for warning in message.timing.warnings:
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
        self.refresh_document(keep_cursor=True, prepared=message.prepared)
        self.refresh_bindings()
        from ..core.sidecar.records import Role

        if self.role is Role.REVIEWER:
            from .review_screen import ReviewScreen  # loaded when first wanted: quicker start

            self.push_screen(ReviewScreen())

    def on_load_failed(self, message: LoadFailed) -> None:
        self.load_error = message.error
        self.exit(return_code=2)

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
        reviews = [s for s in self.screen_stack if _is_review(s) and s.is_mounted]
        for screen in reviews:
            screen.refresh_queue()
        if reviews and prepared is None:
            self._editor_stale = True
            return
        self._editor_stale = False
        view = self.query_one(TranscriptView)
        if prepared is None:
            prepared = prepare(session, self.timing, self.gutter)
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

    def _table(self) -> VirtualTable | None:
        """The open-work panel's table (None until the transcript is parsed)."""
        try:
            return self.query_one("#worklist", Widget)  # type: ignore[return-value]
        except NoMatches:
            return None

    def _fill_panel(self) -> None:
        """One row per open entry (the table renders only the rows on screen): its time and
        what it is on the first line, its words on the second, cut to the panel's width."""
        table = self._table()
        if table is None:
            return
        row = table.cursor_row
        width = self._panel_width()
        if width != self._entry_width:
            self._entry_width = width
            table.clear(columns=True)
            table.add_column("entry", width=width, key="entry")
        styles = {"gap": "bold red", "uncertain": "yellow", "flag": "yellow", "proposal": "cyan"}
        rows = []
        for entry in self.worklist.entries:
            time = (
                "" if entry.time is None else format_timecode(entry.time, estimated=entry.estimated)
            )
            quote = printable(entry.quote, one_line=True)
            if len(quote) > width:
                quote = quote[: width - 1] + "…"
            what = Content.assemble(
                (f"{time:<9}  ", "dim"),
                (f"{entry.glyph} {entry.label}", styles[entry.kind]),
                (f" · {entry.state}", "bold" if entry.state == "unsaved" else "dim"),
                "\n",
                quote,
            )
            rows.append((what,))
        table.set_rows(rows, height=2)
        if self.worklist.entries:
            table.move_cursor(row=min(row, len(self.worklist.entries) - 1), scroll=False)
        title = self.query_one("#side-title", Label)
        # Nothing open: the panel keeps a narrow column saying so, and the text the width.
        self.query_one("#side").set_class(not self.worklist.entries, "-empty")
        if self.worklist.entries:
            title.update(Content.styled(f"Open work ({len(self.worklist)}) · enter: jump", "bold"))
        else:
            title.update(Content.styled("Open work: none", "bold"))

    # -- the panel: beside the text when there is room, else on demand -------------------------

    def _panel_wanted(self, width: int | None = None) -> bool:
        if self.panel_choice is not None:
            return self.panel_choice
        return (self.size.width if width is None else width) >= PANEL_FROM

    def _apply_panel(self, width: int | None = None) -> None:
        side = self.query_one("#side")
        shown = self._panel_wanted(width) or self._peeking
        if side.display != shown:
            table = self._table()
            if not shown and table is not None and table.has_focus:
                self.query_one(TranscriptView).focus()  # keys must still go somewhere
            side.display = shown

    def on_resize(self, event: events.Resize) -> None:
        self._apply_panel(event.size.width)  # (runs before the app takes the new size)

    def _panel_width(self) -> int:
        """Cells for an entry: the panel's width inside its border, less the cell's padding and
        the scrollbar (while the panel is hidden, the width it had)."""
        width = self.query_one("#side").size.width  # (the table has none while loading)
        return max(20, width - 3) if width else self._entry_width

    def fit_panel(self) -> None:
        """After a resize: the panel's column as wide as the panel, its rows cut to it."""
        width = self._panel_width()
        if width == self._entry_width:
            return
        if self.worklist is not None:
            self._fill_panel()
            self._follow_cursor()
        else:
            self._entry_width = width
            table = self._table()
            if table is not None:
                table.clear(columns=True)
                table.add_column("entry", width=width, key="entry")

    def action_toggle_panel(self) -> None:
        """W: show or hide the open-work panel; it stays so, whatever the window's width."""
        self._peeking = False
        self.panel_choice = not self.query_one("#side").display
        self._apply_panel()
        table = self._table()
        if not self.panel_choice and table is not None and table.has_focus:
            self.query_one(TranscriptView).focus()

    def _leave_panel(self) -> None:
        """Back to the text; a panel shown only for a look (tab, narrow window) goes away."""
        self.query_one(TranscriptView).focus()
        if self._peeking:
            self._peeking = False
            self._apply_panel()

    # -- the status line ----------------------------------------------------------------------

    def say(self, message: str) -> None:
        """A note on the status line (the review queue's too) for a few seconds."""
        self._say(message)

    def _say(self, message: str) -> None:
        """A routine confirmation: on the status line for a few seconds, never over the text
        (a toast could hide the line just edited). Warnings and errors stay notifications."""
        self.note = message
        if self._note_timer is not None:
            self._note_timer.stop()
        self._note_timer = self.set_timer(NOTE_SECONDS, self._clear_note)
        self._update_status()

    def _clear_note(self) -> None:
        self.note = ""
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
        for screen in self.screen_stack:
            if _is_review(screen) and screen.is_mounted:
                screen.update_status()
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
            Part(f"{c.orphaned} orphaned (o)" if c.orphaned else "", 2),
        ]
        if self.listening is not None and self.listening.follow:
            parts.append(Part("following playback (F)", 2, short="following (F)"))
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
        context = (act, self._flag_under_cursor() is not None)
        if context != self._key_context:
            before, self._key_context = self._key_context, context
            # From one thing enter does to another only enter's label changes: that one key
            # is repainted (labels of one width), the footer is not laid out again.
            both_act = bool(before[0]) and bool(act) and before[1] == context[1]
            label = (f"act('{act}')", _ACT_LABELS.get(act, ""))
            if not (both_act and self.query_one(KeyFooter).relabel(*label)):
                self.refresh_bindings()

    def _follow_cursor(self) -> None:
        view = self.query_one(TranscriptView)
        if view.cursor is None or not self.worklist:
            return
        index = self.worklist.index_at(view.cursor[0])
        table = self._table()
        if index is not None and table is not None and table.cursor_row != index:
            table.move_cursor(row=index, animate=False)

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        """Enter on a row of the panel: the cursor goes there (the review queue's tables
        handle their own)."""
        if event.control.id != "worklist" or self.worklist is None:
            return
        entry = self.worklist.entries[event.cursor_row]
        view = self.query_one(TranscriptView)
        view.move_to(entry.start, center=True)
        self._leave_panel()

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
            return True  # Textual's own actions (focus_next, command_palette…) and help/quit
        if self.screen.is_modal:
            return False  # a dialog has the keyboard; its own keys are on its buttons
        if self.screen is not self.screen_stack[0] and action not in _ON_EVERY_SCREEN:
            return False  # the review screen has its own keys
        session = self.session
        if session is None:
            return action in {"toggle_focus", "toggle_panel"}

        def history(this: list[object], other: list[object]) -> bool | None:
            # Undo and redo show side by side once either applies; the other one dimmed.
            return True if this else (None if other else False)

        applies = {
            "act": lambda: self._act_applies(str(parameters[0]) if parameters else ""),
            "clear_flag": lambda: self._flag_under_cursor() is not None,
            "no_flag": lambda: self._flag_under_cursor() is None,
            "undo": lambda: history(session.actions, session.undone),
            "redo": lambda: history(session.undone, session.actions),
            "save": lambda: session.dirty,
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
        ``revise`` (a gap you decided), ``alternative`` (a gap others decided), ``uncertain``
        (edit the passage: also around an approved gap), or "" (nothing)."""
        gap = self._item_under_cursor("gap")
        if gap is not None:
            decided = self.decided_gaps.get(gap.id, "")
            if decided != "approved":
                return {"": "gap", "own": "revise", "others": "alternative"}[decided]
        return "uncertain" if self._item_under_cursor("uncertain") is not None else ""

    # -- moving -------------------------------------------------------------------------------

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

    def action_toggle_focus(self) -> None:
        """tab: between the text and the panel (shown for the visit when it is hidden)."""
        panel = self._table()
        if panel is None:
            return  # (the panel comes with the parsed transcript)
        if panel.has_focus:
            self._leave_panel()
            return
        if not self.query_one("#side").display:
            self._peeking = True
            self._apply_panel()
        panel.focus()

    def action_go_to(self) -> None:
        """g: a time or a paragraph number; a wrong one is said under the field, which stays
        open to be mended (closing would send the next keys to the text)."""
        from .dialogs import PromptDialog  # (dialogs load when first wanted: quicker start)

        def go(answer: str) -> str | None:
            return self._go_to(answer.strip()) if answer.strip() else None

        self.push_screen(
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

    # -- correcting ---------------------------------------------------------------------------

    def action_act(self, kind: str = "") -> None:
        """Enter: resolve the gap under the cursor, or edit the uncertain passage (``kind``
        names which the key was offered for; the footer says so)."""
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
        self.push_screen(ResolveDialog(gap, suggestions, time), done)

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

        self.push_screen(
            PromptDialog(
                f"Flag “{short}” as uncertain. Why?",
                value="",
                placeholder="e.g. name spelling, unsure of the words, check the webcast",
                check=flag,
            )
        )

    def action_no_flag(self) -> None:
        """x where no flag is: say so (the key would otherwise do nothing, unexplained)."""
        self._say("no flag under the cursor (x clears the flag it is in)")

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
        dialog stays open (see :mod:`..core.span_edit`). The confirmation is the plan's
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

        self.push_screen(EditDialog(title, span.text, keep), done)

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

    # -- others' saves ----------------------------------------------------------------------------

    def _check_sidecar(self) -> None:
        """Every two seconds: did someone else save to this sidecar? Then show their work.

        A shared folder has no notifications, so the file's size and time are compared; a
        change that is not ours is read, our unsaved actions replayed on top, and what the
        others added is said in one line.
        """
        from ..core.sharing.merge import added_since

        session = self.session
        if session is None:
            return
        stamp = _file_stamp(session.sidecar_path)
        if stamp == self._sidecar_seen:
            return
        self._sidecar_seen = stamp
        before = session.sidecar
        try:
            set_aside = session.reload()
        except InputError as exc:  # only a sidecar that cannot be read now
            self.notify(f"The sidecar changed and cannot be read now: {exc}", severity="error")
            return
        added = added_since(before, session.sidecar)
        self.refresh_document()
        if added.revisions:
            self.notify(added.summary(), severity="warning", timeout=10)
        for dropped in set_aside:  # unsaved actions their save made inapplicable
            self.notify(dropped.message, severity="warning", timeout=15)

    # -- listening --------------------------------------------------------------------------------

    def _passage(self) -> tuple[int, int] | None:
        """The text the listening keys are about: the selected proposal in the review queue,
        else the gap or doubt under the cursor, else the word under it."""
        if _is_review(self.screen):
            row = self.screen.selected_row()
            span = row.correction.span if row else None
            return span
        item = self._item_under_cursor()
        if item is not None:
            return (item.start, item.end)
        return self.query_one(TranscriptView).cursor

    def _passage_times(self) -> tuple[float, float] | None:
        located = self._located_gap_window()
        if located is not None:
            return located
        span = self._passage()
        if span is None or self.timing is None:
            return None
        return self.timing.window_between(*span)

    def action_listen(self, action: str) -> None:
        listening = self.listening
        if listening is None:
            return
        if action == "play_pause" and listening.player is None:
            # The first press plays the moment under the cursor, not the recording's start.
            times = self._passage_times()
            if times is not None:
                self._say(listening.run("play_from", times[0]))
                return
        self._say(listening.run(action))

    def action_jump(self, seconds: float) -> None:
        if self.listening is not None:
            self._say(self.listening.run("jump", float(seconds)))

    def action_play_passage(self) -> None:
        window = self._located_gap_window()
        if self.listening is not None and window is not None:
            self._say(self.listening.run("loop_exact", *window))
            return
        times = self._passage_times()
        if self.listening is not None and times is not None:
            self._say(self.listening.run("play_from", times[0]))

    def _located_gap_window(self) -> tuple[float, float] | None:
        """The recording's window of the gap under the cursor, when ``align`` located it."""
        item = None if _is_review(self.screen) else self._item_under_cursor("gap")
        recording = self.timing.recording if self.timing is not None else None
        gap = recording.gap(item.id) if recording is not None and item is not None else None
        return gap.window if gap is not None else None

    def action_align(self) -> None:
        """Align the transcript to its recording in the background (``T`` again cancels)."""
        aligner = self.aligner
        if aligner is None or self.session is None:
            return
        if aligner.running:
            self._say(aligner.cancel())
            return
        if aligner.media is None:
            self._say(
                "no local recording to align to: give --media FILE (download a URL first)"
            )
            return
        aligner.running = True
        self._update_status()
        self._run_align(self.session)

    @work(thread=True, exclusive=True, group="align")
    def _run_align(self, session: EditingSession) -> None:
        aligner = self.aligner
        assert aligner is not None
        aligner.run(
            session,
            say=lambda _message: self.call_from_thread(self._update_status),
            retimed=lambda timing: self.call_from_thread(self._retimed, timing),
            finished=lambda message, ok: self.call_from_thread(self._aligned, message, ok),
        )

    def _aligned(self, message: str, ok: bool) -> None:
        if self.aligner is not None:
            self.aligner.running = False
            self.aligner.progress = ""
        if ok:
            self._say(message)
        else:
            self.notify(message, severity="warning")
            self._update_status()

    def action_loop_passage(self) -> None:
        times = self._passage_times()
        if self.listening is not None and times is not None:
            self._say(self.listening.run("loop", *times))

    def action_resize_loop(self, step: float) -> None:
        if self.listening is not None:
            self._say(self.listening.run("resize_loop", float(step)))

    def action_follow(self) -> None:
        """Follow mode: the cursor goes where the player is, four times a second."""
        listening = self.listening
        if listening is None:
            return
        listening.follow = not listening.follow
        if listening.follow:
            self._follow_timer = self.set_interval(0.25, self._follow_tick)
            self._say("following playback (F stops)")
        else:
            if self._follow_timer is not None:
                self._follow_timer.stop()
            self._say("not following playback")
        self._update_status()

    def _follow_tick(self) -> None:
        listening = self.listening
        if listening is None or not listening.follow or self.timing is None:
            if self._follow_timer is not None:
                self._follow_timer.stop()
            return
        seconds = listening.position()
        offset = self.timing.offset_at(seconds) if seconds is not None else None
        view = self.query_one(TranscriptView)
        if offset is not None and (view.cursor is None or view.cursor[0] != offset):
            view.move_to(offset)

    def action_stamp(self) -> None:
        """Pin the paragraph under the cursor to the playback position (a manual time pin)."""
        session, listening = self.session, self.listening
        view = self.query_one(TranscriptView)
        if session is None or listening is None or view.cursor is None:
            return
        said = listening.run("position")
        try:
            seconds = float(said)
        except ValueError:
            self._say(said)
            return
        para = session.transcript.paragraph_at(view.cursor[0])
        words = session.transcript.word_spans(para.start, para.end)[:6]
        start, end = (words[0][0], words[-1][1]) if words else (para.start, para.end)
        try:
            session.pin(start, end, seconds)
        except InputError as exc:
            self._say(exc.reason)
            return
        self._retime()
        self._say(f"✓ paragraph pinned at {format_timecode(seconds)}")

    @work(thread=True, exclusive=True, group="retime")
    def _retime(self) -> None:
        """Times again after a pin: estimates around it move."""
        session = self.session
        if session is None:
            return
        try:
            timing = self._time(session)
        except InputError as exc:  # e.g. the timing file went bad meanwhile: keep the old times
            self.call_from_thread(self.notify, f"Times not updated: {exc}", severity="warning")
            return
        self.call_from_thread(self._retimed, timing)

    def _retimed(self, timing: TranscriptTiming) -> None:
        self.timing = timing
        self.gutter = _gutter(timing)
        self.refresh_document()

    def action_webcast(self) -> None:
        """Open the webcast at the passage's time in the browser (http and https only)."""
        from ..media import MediaError, open_webcast

        times = self._passage_times()
        if not self.webcast:
            self._say("no webcast URL: give --webcast URL (or webcast: in the sidecar)")
            return
        if times is None:
            return
        try:
            link = open_webcast(self.webcast, times[0])
        except (MediaError, ValueError) as exc:
            self.notify(str(exc), severity="warning", timeout=12)
            return
        self._say(f"opened {link}")

    def on_unmount(self) -> None:
        if self.aligner is not None and self.aligner.running:
            self.aligner.cancel()
        if self.listening is not None:
            self.listening.close()

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
        from .review_screen import ReviewScreen  # loaded when first wanted: quicker start

        self.push_screen(ReviewScreen())

    def leave_review(self) -> None:
        """Back to the editor; as an editor again unless verdicts are still unsaved."""
        from ..core.sidecar.records import Role

        if _is_review(self.screen):
            self.pop_screen()
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

    # -- saving and quitting ------------------------------------------------------------------

    def action_save(self) -> None:
        from .dialogs import PromptDialog

        session = self.session
        if session is None:
            return
        if not session.dirty:
            self._say("nothing to save")
            return

        def done(message: str | None) -> None:
            if message is None:
                return
            try:
                result = session.save(message.strip() or None)
            except InputError as exc:
                self.notify(f"Not saved: {exc}", severity="error", timeout=15)
                return
            self._sidecar_seen = _file_stamp(session.sidecar_path)
            self.refresh_document()
            if self.user_source is not None:  # once: the name is on the status line anyway
                from ..core.config import how_to_name_yourself

                self.notify(
                    f"Saved as “{session.user}” ({self.user_source}). To save under another "
                    f"name: {how_to_name_yourself(self.config)}.",
                    title="Who you are",
                    timeout=15,
                )
                self.user_source = None
            if result.others or result.torn_moved or result.lock_broken is not None:
                # someone saved meanwhile, or the file needed mending: more than a note
                self.notify(result.summary(), severity="warning", timeout=10)
            else:
                self._say(f"✓ {result.summary()}")

        self.push_screen(
            PromptDialog(
                f"Save a revision as {session.user} ({session.role.value}) — message:",
                value=session.summary_message(),
                hint="enter: save · escape: cancel",
            ),
            done,
        )

    async def action_quit(self) -> None:
        if self.session is None or not self.session.dirty:
            self.exit(0)
            return
        from .dialogs import ConfirmDialog
        n = len(self.session.actions)

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit(0)

        self.push_screen(
            ConfirmDialog(
                f"You have {n} unsaved change{'s' if n != 1 else ''}. Quit and lose "
                f"{'them' if n != 1 else 'it'}? (To keep {'them' if n != 1 else 'it'}: "
                "Keep editing, then ctrl+s.)",
                yes="Quit without saving",
                no="Keep editing",
            ),
            answer,
        )

    # -- help, palette, orphaned --------------------------------------------------------------

    def action_help(self) -> None:
        from .dialogs import MessageDialog

        self.push_screen(MessageDialog("Keys", help_text(review_first=_is_review(self.screen))))

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
        self.push_screen(
            MessageDialog(
                "Orphaned corrections (their text is no longer in the transcript)",
                Content("\n").join(parts),
            )
        )

    def get_system_commands(self, screen: Screen):
        """Every action in the command palette (ctrl+p), with its key."""
        yield from super().get_system_commands(screen)
        commands = REVIEW_PALETTE if _is_review(screen) else PALETTE
        for title, action, help_ in commands:
            yield SystemCommand(title, help_, lambda a=action: self.run_action(a))


#: The footer's label of enter, per thing it does (see :meth:`TranscriptReviewApp._act_here`).
_ACT_LABELS = labels_of(EDITOR_KEYS, "act")

#: The app's actions that only make sense on the main screen with a transcript loaded.
_GATED = gated(EDITOR_KEYS)

#: Gated actions that also apply on the review screen.
_ON_EVERY_SCREEN = on_every_screen(EDITOR_KEYS)

#: (title, action, help) for the command palette: the editor's, then the review queue's.
PALETTE = palette(EDITOR_KEYS)
REVIEW_PALETTE = palette(REVIEW_KEYS, on_screen=True)


def help_text(review_first: bool = False) -> Group:
    """The keys, a table per section (descriptions wrap under themselves, not under the keys);
    in the review queue its own section comes first."""
    from rich.console import Group, RenderableType
    from rich.table import Table
    from rich.text import Text
    sections = list(HELP_SECTIONS)
    if review_first:
        sections.sort(key=lambda section: section is not REVIEW)
    parts: list[RenderableType] = []
    for section in sections:
        parts.append(Text(f"\n{section.title}", style="bold underline"))
        table = Table.grid(padding=(0, 2))
        table.add_column(justify="right", style="bold #ffa62b", no_wrap=True, min_width=14)
        table.add_column(ratio=1)
        for keys, what in help_rows(section):
            table.add_row(keys, what)
        parts.append(table)
    return Group(*parts)


def _gutter(timing: TranscriptTiming) -> dict[int, GutterTime]:
    """The time beside each body paragraph, by the file line where the paragraph starts."""
    paragraphs = timing.transcript.paragraphs
    return {
        paragraphs[index].line - 1: GutterTime(moment.seconds, moment.estimated)
        for index, moment in timing.paragraph_moments().items()
    }


def _is_review(screen: object) -> bool:
    """Whether ``screen`` is the review queue (without importing it at start-up)."""
    return getattr(screen, "is_review_queue", False)


def _file_stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time of a file (None when it does not exist)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


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
