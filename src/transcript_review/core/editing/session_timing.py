"""Times for an editing session: the one place the CLI and the editor set timing up.

Pins come from the session's sidecar, stamps from the transcript, a timing file from
``--timing`` or beside the transcript (same stem), the recording's alignment from
``<transcript>.alignment.json`` when ``align`` made one for this very text, and an official
text from ``--reference``. A file asked for by name that is broken is an error; one merely found
beside the transcript is ignored with a warning in :attr:`TranscriptTiming.warnings`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..safe_files import check_regular
from ..text.markers import MarkerPatterns
from ..text.transcript import load_transcript
from ..timing.audio import RecordingAlignment
from ..timing.transcript_times import (
    TranscriptTiming,
    find_recording_alignment,
    find_timing_file,
    time_transcript,
)
from .session import EditingSession


def session_pins(session: EditingSession) -> list[tuple[int, float]]:
    """(offset, seconds) of every manual time pin standing in the session."""
    return [
        (pin.placement.start, pin.seconds)
        for pin in session.state.active_pins()
        if pin.placement is not None and pin.placement.start is not None
    ]


def time_session(
    session: EditingSession,
    *,
    timing_path: Path | None = None,
    reference_path: Path | None = None,
    markers: MarkerPatterns | None = None,
    recording: RecordingAlignment | None = None,
) -> TranscriptTiming:
    """Give every word of the session's transcript a time, from every source there is.

    ``recording`` stands in for the alignment file (the editor's words placed so far)."""
    transcript = session.transcript
    if timing_path is not None:  # a FIFO or a loop says what it is, not "no such file"
        try:
            check_regular(timing_path, "a timing file (captions or ASR output)")
        except FileNotFoundError:
            raise InputError(timing_path, "no such timing file; check the --timing path") from None
    path = timing_path or (find_timing_file(transcript.path) if transcript.path else None)
    reference = load_transcript(reference_path, markers) if reference_path is not None else None
    notes: list[str] = []
    if recording is None:
        recording, notes = find_recording_alignment(transcript)
    pins = session_pins(session)
    try:
        timing = time_transcript(
            transcript, timing=path, pins=pins, reference=reference, recording=recording
        )
    except InputError as exc:
        if timing_path is not None:
            raise  # asked for by name: a broken file is an error
        notes.append(f"{exc} (found beside the transcript; ignored)")
        timing = time_transcript(transcript, pins=pins, reference=reference, recording=recording)
    timing.warnings[:0] = notes
    return timing
