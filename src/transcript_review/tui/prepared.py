"""What the editor shows, built from the session: the view document, its layout, the open-work
list and the status line's counts. No widget is touched, so the app's load worker builds the
first one off the event loop and the editor the later ones after each change."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .layout import DocumentLayout
from .view_document import GutterTime, ViewDocument

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession, ItemState
    from ..core.timing.transcript_times import TranscriptTiming
    from .worklist import Worklist


@dataclass
class Prepared:
    """Everything the screen shows, built from the session (in a worker when it is big)."""

    document: ViewDocument
    layout: DocumentLayout | None
    """Wrapped at the width it was asked for (None: let the view wrap it)."""
    worklist: Worklist
    counts: StatusCounts
    decided_gaps: dict[str, str]
    """Gap id -> whose decision stands on it: ``own`` (the user's, unapproved), ``others``
    (only others' proposals) or ``approved``; open gaps are not in it."""


@dataclass
class StatusCounts:
    """The numbers on the status line."""

    gaps: int
    open_gaps: int
    proposed_gaps: int
    uncertain: int
    flags: int
    orphaned: int


def prepare(
    session: EditingSession,
    timing: TranscriptTiming | None,
    gutter: dict[int, GutterTime],
    width: int | None = None,
    previous: DocumentLayout | None = None,
) -> Prepared:
    """Build the view document, its layout (when ``width`` is known), the worklist and the
    counts. No widget is touched, so the load worker can call it off the event loop."""
    from .view_document import build_view_document, correction_decorations
    from .worklist import build_worklist

    states = session.item_states()
    decided = {s.item.id: _decision(s, session.user) for s in states if s.item.kind == "gap"}
    decided = {k: v for k, v in decided.items() if v}
    decided_spans = {(s.item.start, s.item.end) for s in states if s.item.id in decided}
    spans, insertions = correction_decorations(session)
    document = build_view_document(session.transcript, spans, insertions, gutter, decided_spans)
    layout = None
    if width:
        layout = DocumentLayout(document.text, width, document.insertions, reuse=previous)
    gaps = [s for s in states if s.item.kind == "gap"]
    counts = StatusCounts(
        gaps=len(gaps),
        open_gaps=sum(1 for s in gaps if s.state == "open"),
        proposed_gaps=sum(1 for s in gaps if s.state == "proposed"),
        uncertain=sum(1 for s in states if s.item.kind == "uncertain" and s.state == "open"),
        flags=len(session.state.active_flags(include_proposed=True)),
        orphaned=len(session.state.orphaned),
    )
    worklist = build_worklist(session, timing, states)
    return Prepared(document, layout, worklist, counts, decided)


def _decision(state: ItemState, user: str) -> str:
    """Whose decision stands on a gap (see :attr:`Prepared.decided_gaps`); "" when open."""
    if state.state == "resolved":
        return "approved"
    if state.state != "proposed":
        return ""
    return "own" if any(c.author == user for c in state.corrections) else "others"


def gutter_of(timing: TranscriptTiming) -> dict[int, GutterTime]:
    """The time beside each body paragraph, by the file line where the paragraph starts."""
    paragraphs = timing.transcript.paragraphs
    return {
        paragraphs[index].line - 1: GutterTime(moment.seconds, moment.estimated)
        for index, moment in timing.paragraph_moments().items()
    }

