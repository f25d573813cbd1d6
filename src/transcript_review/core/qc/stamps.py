"""Inline stamps that run backwards, or past the end of the recording."""

from __future__ import annotations

from collections.abc import Iterator

from ..text.timecodes import format_timecode
from .document import QcDocument
from .findings import Hit, Severity
from .registry import Rule


def stamps_backwards(doc: QcDocument) -> Iterator[Hit]:
    previous = None
    for stamp in doc.transcript.stamps:
        if previous is not None and stamp.seconds < previous.seconds:
            yield Hit(
                stamp.start,
                stamp.end,
                f"{format_timecode(stamp.seconds)} comes after "
                f"{format_timecode(previous.seconds)}: the stamps run backwards here",
            )
        previous = stamp


def stamps_past_end(doc: QcDocument) -> Iterator[Hit]:
    end = doc.recording_end
    if end is None:
        return
    for stamp in doc.transcript.stamps:
        if stamp.seconds > end:
            yield Hit(
                stamp.start,
                stamp.end,
                f"{format_timecode(stamp.seconds)} is past the end of the recording "
                f"({format_timecode(end)})",
            )


RULES = [
    Rule(
        "stamp-backwards",
        Severity.ERROR,
        "an inline stamp earlier than the one before it",
        stamps_backwards,
    ),
    Rule(
        "stamp-past-end",
        Severity.ERROR,
        "an inline stamp past the recording's end (known once `align` has run)",
        stamps_past_end,
    ),
]
