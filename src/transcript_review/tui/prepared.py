"""What the editor shows, built from the session: the view document, its layout, the open-work
list and the status line's counts. No widget is touched, so the app's load worker builds the
first one off the event loop and the editor the later ones after each change.

The findings of the final check (qc item states) come later, from a check run in the
background: :func:`with_findings` adds them to what was prepared without them, so their
arrival costs no rebuild of the rest."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .layout import DocumentLayout
from .spans import Span, SpanIndex
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
    plain: tuple[ViewDocument, Worklist] | None = None
    """The document and worklist without findings (what :func:`with_findings` adds to);
    None when they have none (the same as :attr:`document` and :attr:`worklist`)."""

    def without_findings(self) -> tuple[ViewDocument, Worklist]:
        return self.plain or (self.document, self.worklist)


@dataclass
class StatusCounts:
    """The numbers on the status line."""

    gaps: int
    open_gaps: int
    proposed_gaps: int
    uncertain: int
    flags: int
    orphaned: int
    findings: int | None = None
    """Open findings of the final check (None: not checked yet)."""
    finding_errors: int = 0


def prepare(
    session: EditingSession,
    timing: TranscriptTiming | None,
    gutter: dict[int, GutterTime],
    width: int | None = None,
    previous: DocumentLayout | None = None,
    findings: list[ItemState] | None = None,
) -> Prepared:
    """Build the view document, its layout (when ``width`` is known), the worklist and the
    counts; with ``findings`` (qc item states), those too. No widget is touched, so the load
    worker can call it off the event loop."""
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
    prepared = Prepared(document, layout, worklist, counts, decided)
    return prepared if findings is None else with_findings(prepared, session, timing, findings)


def with_findings(
    prepared: Prepared,
    session: EditingSession,
    timing: TranscriptTiming | None,
    findings: list[ItemState],
) -> Prepared:
    """``prepared`` with the final check's findings: open ones marked in the text (tag
    ``qc``), those not resolved in the worklist (so ``n`` visits them in text order with the
    rest), and counted. Any findings ``prepared`` had are replaced; the layout is kept (the
    findings change no text)."""
    from .worklist import Worklist, finding_entries

    document, worklist = prepared.without_findings()
    open_ones = [s for s in findings if s.state == "open"]
    spans = [Span(s.item.start, s.item.end, "qc") for s in open_ones]
    marked = ViewDocument(
        document.text,
        SpanIndex(document.spans.all() + spans),
        document.insertions,
        document.gutter,
    )
    entries = finding_entries(session, timing, findings)
    counts = replace(
        prepared.counts,
        findings=len(open_ones),
        finding_errors=sum(1 for s in open_ones if _is_error(s)),
    )
    return replace(
        prepared,
        document=marked,
        worklist=Worklist(worklist.entries + entries),
        counts=counts,
        plain=(document, worklist),
    )


def _is_error(state: ItemState) -> bool:
    finding = state.item.finding
    return finding is not None and finding.severity.value == "error"


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

