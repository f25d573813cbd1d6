"""The review queue's details pane: the selected proposal as a word diff in its context, its
open questions, evidence and history. Functions of the row and the session (no widget), so the
queue's screen stays about the table and the verdicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from ..core.corrections import Correction, Status
from ..core.quoting import printable
from ..core.review.queue import QueueRow, proposed_words, reading_now, replaced_by_amendment
from ..core.sidecar.records import ProposalKind
from ..core.text.timecodes import format_timecode

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.timing.transcript_times import TranscriptTiming

#: Characters of context shown on either side of a proposal in the detail pane.
_CONTEXT = 160


def describe(row: QueueRow, session: EditingSession, timing: TranscriptTiming | None) -> Content:
    """The details pane's text for ``row``: who proposed what, the words struck and proposed
    in their context as it reads now, open questions first, and the history of verdicts."""
    c = row.correction
    text = session.transcript.text
    parts: list[Content] = []
    head = f"{c.id} · {c.kind.value} by {_p(c.author)} ({c.role.value}, revision {c.revision})"
    parts.append(Content.styled(head, "bold"))
    if c.kind is ProposalKind.FLAG and c.reason:
        # What the reviewer judges a flag by: first, never below the fold of a short pane
        # (nor only in the change column, where a narrow window cuts it).
        parts.append(Content.assemble("  ⚑ flagged: ", (_p(c.reason), "bold")))
    for question in row.questions:
        parts.append(
            Content.styled(
                f"  ? OPEN QUESTION {question.id} (revision {question.revision}): "
                f"{_p(question.text)}",
                "bold $warning",
            )
        )
    if row.questions:
        parts.append(
            Content.styled(
                "    a new verdict answers it: a approve · r reject · e amend", "$warning"
            )
        )
    when = (
        "time unknown"
        if row.time is None
        else format_timecode(row.time, estimated=row.estimated)
    )
    parts.append(Content(f"  at {when} in the webcast · status {c.status.value}"))
    if row.orphaned:
        a = c.anchor
        reason = c.placement.reason if c.placement else ""
        parts.append(
            Content.styled(f"  orphaned: its text is no longer there ({reason})", "bold $error")
        )
        parts.append(
            Content.assemble(
                "  saved context: …", _p(a.prefix), (_p(a.exact), "reverse"), _p(a.suffix), "…"
            )
        )
    else:
        start, end = c.span  # type: ignore[misc]
        old = text[start:end]
        new = _p(proposed_words(c, old))
        old = _p(old)
        before, after = context_around(session, c, start, end)
        before, after = _p(before), _p(after)
        gap_before = " " if text[start - 1 : start].isspace() else ""
        gap_after = " " if text[end : end + 1].isspace() else ""
        diff = [("…" + before + gap_before, "dim")]
        if c.kind in (ProposalKind.FLAG, ProposalKind.CONFIRM_GAP):
            diff.append((old, "bold reverse"))
        else:
            if old:
                diff.append((old, "strike $error"))
            replaced = replaced_by_amendment(c)
            if replaced:  # the proposer's words, struck through too: the reviewer's follow
                diff.append((("" if not old else " ") + replaced, "strike $warning"))
            if new:
                diff.append((("" if not old else " ") + new, "bold $success"))
        diff.append((gap_after + after + "…", "dim"))
        parts.append(Content.assemble(*diff))
        if row.outdated:
            method = c.placement.method.value if c.placement else "?"
            parts.append(
                Content.styled(
                    f"  outdated: made on another version of the transcript; placed again by "
                    f"{method} (score {c.placement.score:.2f})",
                    "$warning",
                )
            )  # type: ignore[union-attr]
    facts = []
    if c.evidence:
        facts.append(f"evidence: {c.evidence.value}")
    if c.reason and c.kind is not ProposalKind.FLAG:
        facts.append(f"reason: {_p(c.reason)}")
    if c.note:
        facts.append(f"note: {_p(c.note)}")
    if c.superseded_by:
        facts.append(f"superseded by {c.superseded_by}")
    if facts:
        parts.append(Content("  " + " · ".join(facts)))
    for item in (
        i for i in session.items if c.span and i.kind == "gap" and i.start == c.span[0]
    ):
        for s in timing.suggestions(item) if timing else []:
            parts.append(Content.styled(f"  {s.source} heard: “{_p(s.text)}”", "$accent"))
    for h in c.history[1:]:
        comment = f": {_p(h.comment)}" if h.comment else ""
        words = (
            f" “{_p(h.text or '')}” in place of “{_p(c.proposed_text or '')}”"
            if h.action == "amend"
            else ""
        )
        unsaved = " (unsaved)" if h.revision > session.saved_revision else ""
        parts.append(
            Content(f"  {h.action} by {_p(h.by)} (rev {h.revision}){unsaved}{words}{comment}")
        )
    if c.author == session.user and not session.allow_self_approval:
        parts.append(
            Content.styled("  your own proposal: another reviewer must approve it", "italic")
        )
    return Content("\n").join(parts)

def context_around(
    session: EditingSession, c: Correction, start: int, end: int
) -> tuple[str, str]:
    """About :data:`_CONTEXT` characters either side of ``[start, end)`` as they read now:
    approved corrections there applied (the saved ones and the reviewer's unsaved ones),
    whitespace collapsed."""
    text = session.transcript.text
    lo, hi = max(0, start - _CONTEXT), end + _CONTEXT
    ahead: list[Correction] = []
    behind: list[Correction] = []
    for x in session.draft.standing_overlapping(lo, hi):
        if x.id == c.id or x.status is not Status.APPROVED or x.span is None:
            continue
        if x.span[1] <= start:  # taken whole, even when it reaches past the window
            ahead.append(x)
            lo = min(lo, x.span[0])
        elif x.span[0] >= end:
            behind.append(x)
            hi = max(hi, x.span[1])
    before = " ".join(reading_now(text, lo, start, ahead).split())
    after = " ".join(reading_now(text, end, hi, behind).split())
    return before[-_CONTEXT:], after[:_CONTEXT]


def _p(text: str) -> str:
    """Text from the sidecar or the transcript as shown: control characters escaped."""
    return printable(text)
