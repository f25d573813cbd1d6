"""Styled spans of the source text, looked up by range while rendering rows."""

from __future__ import annotations

import bisect
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """``[start, end)`` of the source text shown with the style named ``tag``."""

    start: int
    end: int
    tag: str


class SpanIndex:
    """Spans sorted by start; may nest or overlap (a gap inside an uncertain passage).

    A range query bisects on starts, stepping back by the longest span, so the cost per row
    does not depend on the size of the document.
    """

    def __init__(self, spans: list[Span]) -> None:
        self._spans = sorted(spans, key=lambda s: (s.start, -s.end))
        self._starts = [s.start for s in self._spans]
        self._longest = max((s.end - s.start for s in self._spans), default=0)

    def __len__(self) -> int:
        return len(self._spans)

    def all(self) -> list[Span]:
        """Every span, sorted (to build an index with a few more, such as the findings')."""
        return list(self._spans)

    def overlapping(self, start: int, end: int) -> list[Span]:
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_left(self._starts, max(end, start + 1))
        return [s for s in self._spans[lo:hi] if s.end > start and s.start < max(end, start + 1)]
