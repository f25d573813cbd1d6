"""Where each gap and uncertain passage stands, from the corrections standing on it.

Split from :class:`~.session.EditingSession` (it only reads the folded state and the items),
so the session keeps to actions, undo and saving.
"""

from __future__ import annotations

import bisect
import heapq
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from ..corrections import Correction, State, Status
from ..sidecar.records import ProposalKind
from ..text.gc_pause import cycle_collector_paused
from ..text.items import Item
from ..text.markers import Marker

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
    standing = _standing(state)
    if not standing:  # nothing corrected yet: every item open, no sweep
        with cycle_collector_paused():  # a state per item: there may be a million
            return [ItemState(item, "open", []) for item in items]
    with cycle_collector_paused():
        return _swept_states(standing, items)


def _swept_states(
    standing: list[tuple[int, int, Correction]], items: list[Item]
) -> list[ItemState]:
    gaps = _GapSpans(items)
    states = []
    for item, near in zip(items, corrections_near(standing, items), strict=True):
        if not near:  # no correction near it: most items of a long transcript
            states.append(ItemState(item, "open", []))
            continue
        on_item = _on_marker(item.kind, item.start, item.end, item.marker, near, gaps)
        states.append(ItemState(item, _verdict(on_item), on_item))
    return states


def state_counts(state: State, markers: list[Marker], text: str) -> dict[str, Counter[str]]:
    """How many markers of each kind (``gap``, ``uncertain``) stand in each state, the same as
    counting :func:`item_states` of their items, without making the items.

    ``status`` needs only these counts; the items (ids hashed from the text around each marker,
    places, times) cost several seconds in a transcript with a million markers.
    """
    counts: dict[str, Counter[str]] = {"gap": Counter(), "uncertain": Counter()}
    for marker in markers:
        counts[marker.kind]["open"] += 1
    standing = _standing(state)
    if not standing:
        return counts
    gaps = _GapSpans(markers)
    for marker, near in zip(markers, corrections_near(standing, markers), strict=True):
        if near:
            on_item = _on_marker(
                marker.kind, marker.start, marker.end, text[marker.start : marker.end], near, gaps
            )
            verdict = _verdict(on_item)
            if verdict != "open":  # counted as open above
                counts[marker.kind]["open"] -= 1
                counts[marker.kind][verdict] += 1
    return counts


def _standing(state: State) -> list[tuple[int, int, Correction]]:
    """``(start, end, correction)`` of the corrections that count for items, sorted by span."""
    return sorted(
        (
            (c.span[0], c.span[1], c)
            for c in state.corrections.values()
            if c.span is not None and c.status in _LIVE and c.changes_text
        ),
        key=lambda t: (t[0], t[1]),
    )


class _GapSpans:
    """The gaps' spans, listed when first needed (only an uncertain passage with a correction
    near it asks), not once per item."""

    def __init__(self, markers: list[Item] | list[Marker]) -> None:
        self._markers = markers
        self._spans: list[tuple[int, int]] | None = None

    @property
    def spans(self) -> list[tuple[int, int]]:
        if self._spans is None:
            self._spans = [(m.start, m.end) for m in self._markers if m.kind == "gap"]
        return self._spans


def _on_marker(
    kind: str,
    start: int,
    end: int,
    marker_text: str,
    near: list[tuple[int, int, Correction]],
    gaps: _GapSpans,
) -> list[Correction]:
    """The corrections among ``near`` that act on the marker at ``[start, end)``."""
    if kind == "gap":  # (a wider replace that keeps the marker leaves it open)
        return [
            c
            for s, e, c in near
            if s <= start
            and end <= e
            and not (c.kind is ProposalKind.REPLACE and marker_text in (c.text or ""))
        ]
    # ... but a correction of a gap inside the passage settles only the gap
    return [
        c
        for s, e, c in near
        if (s < end and start < e or s == e == start) and not _inside_gap(gaps.spans, s, e)
    ]


def _verdict(on_item: list[Correction]) -> str:
    if any(c.status is Status.APPROVED for c in on_item):
        return "resolved"
    return "proposed" if on_item else "open"


def corrections_near(
    standing: list[tuple[int, int, Correction]], items: Sequence[Item] | Sequence[Marker]
) -> Iterator[list[tuple[int, int, Correction]]]:
    """For each item in turn, the standing corrections (``(start, end, correction)`` sorted by
    span) that start at or before its end and end at or after its start, in that order: the
    only ones that can be on it.

    One sweep over both lists: corrections enter when the items reach their start and leave
    (a heap by end) once the items are past their end. Looking back from each item by the
    longest correction instead made one long replace cost every later item a look at every
    correction before it (quadratic); now an item looks only at what overlaps it.
    """
    active: list[tuple[int, int]] = []  # (end, index in standing)
    j = 0
    for item in items:
        while j < len(standing) and standing[j][0] <= item.end:
            heapq.heappush(active, (standing[j][1], j))
            j += 1
        while active and active[0][0] < item.start:  # items only move forward: gone for good
            heapq.heappop(active)
        if not active:
            yield []
            continue
        near = [standing[k] for k in sorted(k for _, k in active)]
        # An item nested in a longer one ends sooner: what entered for the outer one may start
        # after this one's end.
        yield [t for t in near if t[0] <= item.end]


def _inside_gap(gaps: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` lies within one gap marker (gaps sorted, not overlapping)."""
    i = bisect.bisect_right(gaps, (start, float("inf"))) - 1
    return i >= 0 and gaps[i][0] <= start and end <= gaps[i][1]
