"""Webcast clock times as people type them: ``00:12:34``, ``12:34``, ``1:02:03.5``."""

from __future__ import annotations

import re

#: ``H:MM:SS``, ``HH:MM:SS`` or ``MM:SS``, with optional fraction (``.5`` or ``,500``).
TIMECODE = r"(?:\d{1,2}:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?"

_PARTS = re.compile(r"^(?:(\d{1,2}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$")


def parse_timecode(value: str) -> float | None:
    """Seconds for a timecode, or None when it is not one (minutes/seconds must be < 60)."""
    m = _PARTS.match(value.strip())
    if not m:
        return None
    hours, minutes, seconds, fraction = m.groups()
    if int(seconds) >= 60 or (hours is not None and int(minutes) >= 60):
        return None
    total = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if fraction:
        total += int(fraction) / 10 ** len(fraction)
    return float(total)


def format_timecode(seconds: float, *, estimated: bool = False) -> str:
    """``HH:MM:SS`` (whole seconds, rounded down), prefixed ``~`` when the time is an estimate."""
    whole = max(0, int(seconds))
    text = f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
    return f"~{text}" if estimated else text
