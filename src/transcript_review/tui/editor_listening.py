"""The listening keys of the editor (and of the review queue over it): play, jump, loop, follow
the player, stamp a paragraph's time, open the webcast, align the times to the recording.

A part of :class:`~.editor_screen.EditorScreen`: the editor owns the player and the aligner, so
these keys work on its session wherever they are pressed; in the review queue they play the
selected proposal (the app forwards the queue's keys here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen
from textual.timer import Timer

from ..core.errors import InputError
from ..core.text.timecodes import format_timecode
from .messages import TimingChanged
from .transcript_view import TranscriptView

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.text.items import Item
    from ..core.timing.transcript_times import TranscriptTiming
    from .listening import Listening
    from .recording_align import RecordingAligner
    from .review_screen import ReviewScreen
    from .view_document import GutterTime


class ListeningKeys(Screen[None]):
    """Listening and timing (a base of :class:`~.editor_screen.EditorScreen`)."""

    session: EditingSession | None
    timing: TranscriptTiming | None
    time_gutter: dict[int, GutterTime]
    listening: Listening | None
    aligner: RecordingAligner | None
    _follow_timer: Timer | None
    review: ReviewScreen | None
    timing_options: dict[str, object]
    """time_session's options: the timing file, the official text, the markers."""

    if TYPE_CHECKING:  # the editor's, used here

        def _say(self, message: str) -> None: ...
        def _update_status(self) -> None: ...
        def _item_under_cursor(self, kind: str | None = None) -> Item | None: ...
        def refresh_document(self, keep_cursor: bool = True) -> None: ...
        def queue_shown(self) -> ReviewScreen | None: ...

    def _passage(self) -> tuple[int, int] | None:
        """The text the listening keys are about: the selected proposal in the review queue,
        else the gap or doubt under the cursor, else the word under it."""
        queue = self.queue_shown()
        if queue is not None:
            row = queue.selected_row()
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
        item = None if self.queue_shown() is not None else self._item_under_cursor("gap")
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
            say=lambda _message: self.app.call_from_thread(self._update_status),
            retimed=lambda timing: self.app.call_from_thread(self._retimed, timing),
            finished=lambda message, ok: self.app.call_from_thread(self._aligned, message, ok),
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
            self.app.call_from_thread(self.notify, f"Times not updated: {exc}", severity="warning")
            return
        self.app.call_from_thread(self._retimed, timing)

    def _retimed(self, timing: TranscriptTiming) -> None:
        from .prepared import gutter_of  # (loaded with the session, after the first paint)

        self.timing = timing
        self.time_gutter = gutter_of(timing)
        if self.review is not None:  # the queue's details show the timing's suggestions
            self.review.post_message(TimingChanged(timing))
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


    def _time(self, session: EditingSession) -> TranscriptTiming:
        """Times for every word: pins, stamps, the timing file or the recording, estimates."""
        from ..core.editing.session_timing import time_session

        return time_session(session, **self.timing_options)  # type: ignore[arg-type]

