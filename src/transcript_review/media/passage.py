"""Glue between the transcript and the player: an item's listening window, and stamping.

Kept free of UI code so the editor, the review queue and the headless ``play`` command share it.
"""

from __future__ import annotations

from ..core.editing.session import EditingSession
from ..core.text.items import Item
from ..core.timing.transcript_times import TranscriptTiming
from .errors import NothingLoaded
from .player import Player

#: Seconds of context on each side of a gap when playing or looping it.
DEFAULT_MARGIN = 3.0


def listening_window(
    timing: TranscriptTiming,
    item: Item,
    before: float = DEFAULT_MARGIN,
    after: float = DEFAULT_MARGIN,
) -> tuple[float, float] | None:
    """The item's time (from the word before it to the word after) widened by ``before`` and
    ``after`` seconds, never before 0; None when the transcript has no times at all."""
    window = timing.window(item)
    if window is None:
        return None
    start, end = window
    start, end = max(0.0, start - max(0.0, before)), end + max(0.0, after)
    return (start, max(end, start + 0.5))


def stamp(session: EditingSession, player: Player, start: int, end: int) -> float:
    """Pin the text ``start``..``end`` (a paragraph) to the player's position, as a manual time
    pin in the session's next revision. Returns the seconds pinned.

    Raises :class:`NothingLoaded` when the player has no position; the caller saves later and
    recomputes times (``time_transcript(..., pins=...)``) so estimates around the pin move.
    """
    seconds = player.position()
    if seconds is None:
        raise NothingLoaded("nothing is playing, so there is no time to stamp")
    seconds = round(max(0.0, seconds), 3)
    session.pin(start, end, seconds)
    return seconds
