"""Work still open on the transcript: gaps not decided, doubts and flags not settled, proposals
nobody has reviewed. Read from the session's items and corrections, placed in the corrected text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ..corrections import Status
from ..quoting import short
from ..sidecar.records import ProposalKind
from .document import QcDocument
from .findings import Hit, Severity
from .registry import Rule

#: Uncertain passages whose notation ``notation-left`` reports (it names what to remove).
NOTATION_STYLES = frozenset({"phonetic", "unclear"})


def gaps_open(doc: QcDocument) -> Iterator[Hit]:
    for state in doc.item_states:
        item = state.item
        if item.kind == "gap" and state.state == "open":
            start, end = doc.forward(item.start, item.end)
            yield Hit(
                start,
                end,
                "gap not decided: resolve it, confirm it inaudible, or dismiss it",
                about=item.id,
            )


def uncertain_open(doc: QcDocument) -> Iterator[Hit]:
    for state in doc.item_states:
        item = state.item
        if item.kind == "uncertain" and state.state == "open":
            if item.style in NOTATION_STYLES:
                continue
            start, end = doc.forward(item.start, item.end)
            yield Hit(
                start,
                end,
                "uncertain passage not settled: correct it, or confirm the words as they are",
                about=item.id,
            )


def flags_open(doc: QcDocument) -> Iterator[Hit]:
    for flag in doc.session.state.active_flags(include_proposed=doc.include_proposed):
        if flag.span is None:
            continue
        start, end = doc.forward(*flag.span)
        yield Hit(
            start,
            end,
            f"flagged by {flag.author} ({flag.reason or 'no reason given'}) and not cleared",
            about=flag.id,
        )


def proposals_unreviewed(doc: QcDocument) -> Iterator[Hit]:
    for corr in doc.session.state.corrections.values():
        if corr.status is not Status.PROPOSED or corr.span is None:
            continue
        start, end = doc.forward(*corr.span)
        what = corr.kind.value
        if corr.kind in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE):
            what += f" → “{short(corr.text or '')}”"
        yield Hit(
            start, end, f"proposal {corr.id} by {corr.author} not reviewed: {what}", about=corr.id
        )


RULES = [
    Rule("gap-open", Severity.ERROR, "a gap nobody has decided", gaps_open),
    Rule(
        "uncertain-open",
        Severity.WARNING,
        "an uncertain passage (`*…*`, `(words?)`) with no correction",
        uncertain_open,
    ),
    Rule("flag-open", Severity.WARNING, "a flag standing, not cleared", flags_open),
    Rule(
        "proposal-unreviewed",
        Severity.WARNING,
        "a proposed correction awaiting review",
        proposals_unreviewed,
    ),
]
