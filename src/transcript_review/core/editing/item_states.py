"""Where each gap and uncertain passage stands, from the corrections standing on it.

Split from :class:`~.session.EditingSession` (it only reads the folded state and the items),
so the session keeps to actions, undo and saving.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from ..corrections import Correction, State, Status
from ..sidecar.records import ProposalKind
from ..text.items import Item

#: Statuses of corrections that still stand (count for an item's state).
_LIVE = (Status.PROPOSED, Status.APPROVED)


@dataclass
class ItemState:
    """Where an item stands: ``open`` (nothing proposed), ``proposed`` or ``resolved``."""

    item: Item
    state: str
    corrections: list[Correction] = field(default_factory=list)


def item_states(state: State, items: list[Item]) -> list[ItemState]:
    """Every item with its state, from the standing corrections on it.

    A gap is acted on by a correction that covers it (its own resolve/confirm/dismiss, or a
    replace of a wider span that takes it in); an uncertain passage by any correction that
    touches it (deleting "(ph)" is a decision about the doubt).
    """
    standing = sorted(
        (
            (c.span[0], c.span[1], c)
            for c in state.corrections.values()
            if c.span is not None and c.status in _LIVE and c.changes_text
        ),
        key=lambda t: (t[0], t[1]),
    )
    starts = [s for s, _, _ in standing]
    gaps = [(i.start, i.end) for i in items if i.kind == "gap"]
    longest = max((e - s for s, e, _ in standing), default=0)
    states = []
    for item in items:
        lo = bisect.bisect_left(starts, item.start - longest)
        hi = bisect.bisect_right(starts, item.end)
        if item.kind == "gap":  # (a wider replace that keeps the marker leaves it open)
            on_item = [
                c
                for s, e, c in standing[lo:hi]
                if s <= item.start
                and item.end <= e
                and not (c.kind is ProposalKind.REPLACE and item.marker in (c.text or ""))
            ]
        else:  # ... but a correction of a gap inside the passage settles only the gap
            on_item = [
                c
                for s, e, c in standing[lo:hi]
                if (s < item.end and item.start < e or s == e == item.start)
                and not _inside_gap(gaps, s, e)
            ]
        if any(c.status is Status.APPROVED for c in on_item):
            verdict = "resolved"
        elif on_item:
            verdict = "proposed"
        else:
            verdict = "open"
        states.append(ItemState(item, verdict, on_item))
    return states


def _inside_gap(gaps: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one gap marker (gaps sorted, not overlapping)."""
    i = bisect.bisect_right(gaps, (start, float("inf"))) - 1
    return i >= 0 and gaps[i][0] <= start and end <= gaps[i][1]
