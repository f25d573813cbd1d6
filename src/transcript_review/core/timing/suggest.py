"""What the recording says inside a gap's time window: the raw material of a suggestion.

The caller decides the window (end of the aligned word before the gap, start of the one after);
this module only answers "which timed words fall inside", quickly, since a long session has
thousands of gaps and ~100k timed words.
"""

from __future__ import annotations

import bisect

from .model import TimedWord, TimingTrack


def words_in_window(track: TimingTrack, start: float, end: float) -> list[TimedWord]:
    """Timed words whose midpoint lies in ``[start, end]``, in reading order.

    The midpoint rule keeps a word that straddles a window edge on the side where most of it
    was said, so adjacent windows never both claim it. An empty or inverted window gives ``[]``.
    """
    if end < start:
        return []
    mids = track.midpoints
    order = track.mid_order
    lo = bisect.bisect_left(mids, start)
    hi = bisect.bisect_right(mids, end)
    return [track.words[k] for k in sorted(order[lo:hi])]
