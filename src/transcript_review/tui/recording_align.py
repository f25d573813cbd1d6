"""Aligning to the recording from the editor: offered on the status line, run in a worker.

When a recording is known (``--media``, ``media:`` in the sidecar, or a file beside the
transcript with its stem) and no current alignment exists, the status line offers it (``T``).
The work is :func:`.align_recording` in a thread (its decoders run in worker processes, so the
editor stays responsive); progress goes to the status line, words placed so far come back
every few seconds and turn ``~estimated`` times in the gutter into real ones, ``T`` again
cancels, and the result is written beside the transcript exactly as ``transcript-review
align`` writes it. Textual-free apart from the app it reports to, like :mod:`.listening`.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.editing.session import EditingSession
from ..core.editing.session_timing import time_session
from ..core.errors import InputError
from ..core.timing.audio import RecordingAlignment, alignment_path
from ..core.timing.audio.alignment_file import AlignedWord, MediaIdentity
from ..core.timing.audio.decode import find_media, is_url
from ..core.timing.transcript_times import TranscriptTiming

#: Seconds between two progress reports on the status line.
_PROGRESS_EVERY = 0.5


def local_recording(media: str | None, transcript_path: Path) -> Path | None:
    """The recording a transcript can be aligned to: ``media`` when it is a local file, else a
    file beside the transcript with its stem; None for a URL or nothing."""
    if media:
        if is_url(media):
            return None
        path = Path(media)
        path = path if path.is_absolute() else transcript_path.parent / path
        return path if path.is_file() else None
    return find_media(transcript_path)


@dataclass
class RecordingAligner:
    """State of the editor's alignment: idle, offered, running (with progress) or done."""

    transcript_path: Path
    media: Path | None
    """The local recording, if there is one."""
    timing_options: dict[str, object] = field(default_factory=dict)
    """``timing_path``, ``reference_path``, ``markers`` for :func:`.time_session`."""
    progress: str = ""
    running: bool = False
    _cancel: threading.Event = field(default_factory=threading.Event)

    def offer(self, timing: TranscriptTiming | None) -> str:
        """The status line's part: progress while running, the offer when it applies."""
        if self.running:
            return self.progress or "aligning to the recording… (T cancels)"
        if self.media is None or timing is None or timing.recording is not None:
            return ""
        return f"recording {self.media.name}: T aligns times to it"

    def cancel(self) -> str:
        self._cancel.set()
        return "cancelling the alignment…"

    def run(
        self,
        session: EditingSession,
        say: Callable[[str], None],
        retimed: Callable[[TranscriptTiming], None],
        finished: Callable[[str, bool], None],
    ) -> None:
        """The worker's body (call it in a thread). ``say`` updates the status line, ``retimed``
        takes new times, ``finished(message, ok)`` ends it; all three are called through the
        app's ``call_from_thread`` by the caller's wrappers."""
        from ..core.timing.audio import read_alignment, write_alignment
        from ..core.timing.audio.pipeline import align_recording
        from ..core.timing.audio.recognise import RecogniserFailed

        assert self.media is not None
        self._cancel.clear()
        started = time.monotonic()
        last = [0.0]

        def progress(stage: str, done: float, total: float) -> None:
            now = time.monotonic()
            if now - last[0] < _PROGRESS_EVERY and done < total:
                return
            last[0] = now
            share = done / total if total else 0.0
            label = {
                "decode": "decoding",
                "hear": "hearing",
                "place": "placing words",
                "listen": "hearing gaps",
            }.get(stage, stage)
            self.progress = f"aligning: {label} {share:.0%}, {now - started:.0f} s (T cancels)"
            say(self.progress)

        def partial(words: list[AlignedWord]) -> None:
            if words:
                retimed(self._timing(session, self._partial(session, words)))

        out = alignment_path(self.transcript_path)
        previous = None
        if out.exists():
            try:
                previous = read_alignment(out)
            except InputError:
                previous = None
        try:
            result = align_recording(
                session.transcript,
                self.media,
                previous=previous,
                progress=progress,
                partial=partial,
                cancelled=self._cancel.is_set,
            )
            if result is None:
                finished("alignment cancelled; times are as before", False)
                return
            write_alignment(result, out)
            timing = self._timing(session, None)
        except InputError as exc:
            finished(f"cannot align: {exc}", False)
            return
        except (RecogniserFailed, OSError) as exc:  # the machine, not the input: say so, go on
            finished(f"cannot align: {exc}; the editor goes on with the times it had", False)
            return
        retimed(timing)
        left = sum(n for _, _, n in result.unaligned)
        extra = f"; {left} word(s) not found in it stay estimated" if left else ""
        finished(
            f"✓ {result.coverage:.0%} of the words timed from {self.media.name}{extra}", True
        )

    def _timing(
        self, session: EditingSession, recording: RecordingAlignment | None
    ) -> TranscriptTiming:
        return time_session(session, recording=recording, **self.timing_options)  # type: ignore[arg-type]

    def _partial(self, session: EditingSession, words: list[AlignedWord]) -> RecordingAlignment:
        """What has been placed so far, as an alignment the timing can use."""
        transcript = session.transcript
        n = transcript.word_count or 1
        assert self.media is not None
        return RecordingAlignment(
            transcript_name=transcript.name,
            transcript_sha256=transcript.sha256,
            transcript_words=n,
            media=MediaIdentity(self.media.name, 0, "", 0.0),
            tool={},
            created="",
            words=words,
            coverage=len(words) / n,
        )
