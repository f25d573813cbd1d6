"""The reviewer's queue: every proposal with who, what, when and where, filtered and sorted.

Kept free of Textual: the rules (what is outdated, what a filter means, what "approve all
visible" may touch) are tested on their own; the review screen only shows them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from ..core.anchors import PlacementMethod
from ..core.corrections import Correction, Status
from ..core.revisions import ProposalKind
from ..core.session import EditingSession
from ..core.transcript_times import TranscriptTiming

#: Filter keys a reviewer may type (``status:proposed author:ana kind:replace``).
FILTER_KEYS = ("status", "author", "kind")
DEFAULT_FILTER = "status:proposed"


@dataclass(frozen=True)
class QueueRow:
    """One proposal as the queue lists it."""

    correction: Correction
    time: float | None
    estimated: bool
    unsaved: bool
    """A verdict or the proposal itself is in the reviewer's unsaved actions."""

    @property
    def id(self) -> str:
        return self.correction.id

    @property
    def start(self) -> int | None:
        span = self.correction.span
        return span[0] if span else None

    @property
    def outdated(self) -> bool:
        """Made on another version of the transcript and placed again by its context."""
        placement = self.correction.placement
        return placement is not None and placement.method not in (
            PlacementMethod.POSITION,
            PlacementMethod.ORPHANED,
        )

    @property
    def orphaned(self) -> bool:
        return self.correction.status is Status.ORPHANED


@dataclass(frozen=True)
class QueueFilter:
    """``status:``, ``author:`` and ``kind:`` terms (prefixes match), plus free words."""

    status: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    words: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> QueueFilter:
        found: dict[str, list[str]] = {key: [] for key in (*FILTER_KEYS, "words")}
        for term in text.lower().split():
            key, sep, value = term.partition(":")
            if sep and key in FILTER_KEYS and value:
                found[key].append(value)
            else:
                found["words"].append(term)
        return cls(*(tuple(found[k]) for k in (*FILTER_KEYS, "words")))

    def matches(self, row: QueueRow, text: str) -> bool:
        c = row.correction
        checks = (
            (self.status, c.status.value),
            (self.author, c.author.lower()),
            (self.kind, c.kind.value),
        )
        for wanted, value in checks:
            if wanted and not any(value.startswith(w) for w in wanted):
                return False
        if self.words:
            haystack = " ".join(
                filter(None, (c.id, c.text, c.note, c.reason, c.anchor.exact, c.author, text))
            ).lower()
            return all(w in haystack for w in self.words)
        return True


def build_queue(
    session: EditingSession, timing: TranscriptTiming | None, query: str = DEFAULT_FILTER
) -> list[QueueRow]:
    """The proposals matching ``query``, sorted by position (orphaned ones last)."""
    wanted = QueueFilter.parse(query)
    unsaved = {getattr(e, "id", "") for e in session.draft.events}
    text = session.transcript.text
    rows = []
    for corr in session.state.corrections.values():
        span = corr.span
        moment = timing.moment_at(span[0]) if timing is not None and span else None
        row = QueueRow(
            corr,
            moment.seconds if moment else None,
            moment.estimated if moment else False,
            corr.id in unsaved,
        )
        context = text[span[0] : span[1]] if span else ""
        if wanted.matches(row, context):
            rows.append(row)
    rows.sort(key=lambda r: (r.start is None, r.start or 0, r.correction.revision, r.id))
    return rows


def describe_age(saved: datetime, now: datetime | None = None) -> str:
    """``5m``, ``3h``, ``2d``: how long ago a proposal was saved."""
    now = now or datetime.now(timezone.utc)
    seconds = max(0, int((now - saved).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return "now"


def proposed_words(corr: Correction, original: str) -> str:
    """What the text becomes if the proposal is approved (for the diff)."""
    if corr.kind in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE):
        return corr.text or ""
    if corr.kind is ProposalKind.DISMISS_GAP:
        return ""
    return original
