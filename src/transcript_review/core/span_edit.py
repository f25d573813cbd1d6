"""Editing a passage as it reads now, and turning the edit into corrections that never overlap.

The editor's ``e`` (and the CLI's ``replace``) edit text that may already carry corrections: a gap
resolved a minute ago, a reviewer's approved wording. Corrections are stored against the
*original* transcript, and two live corrections over the same words are alternatives — export
applies one and silently drops the other. So an edit is planned here, in three steps:

1. :func:`span_text` gives the passage as it reads now (the original with every live correction
   in it applied, as the editor shows it), as :class:`Piece` runs that remember where each came
   from. A correction that straddles the passage's edge widens the passage to take it in whole.
2. :func:`plan_span_edit` diffs the old and new readings word by word and maps each change back
   to original offsets. A change in original words becomes a ``replace``. A change that touches
   the words of the user's own proposal *supersedes* it: the proposal is withdrawn and one
   ``replace`` over the union of the spans carries the merged words. A change touching someone
   else's correction, or an approved one, is refused (:class:`EditRefused`): those words are a
   reviewer's to amend.
3. :func:`plan_replace` does the same for a replacement given in original coordinates (the
   CLI's ``--quote``): the user's own proposals inside the quote are superseded, one cut across
   or an approved one overlapped is refused, and others' proposals stay as alternatives for a
   reviewer to choose between.

The plan (:class:`EditPlan`) is applied by :class:`.session.EditingSession` as one undoable
action. Nothing here imports a UI.
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass

from .corrections import (
    Correction,
    ReviewRuleError,
    State,
    Status,
    apply_corrections,
    spans_conflict,
)
from .revisions import Evidence, ProposalKind
from .text_diff import Replacement, word_replacements

_LIVE = (Status.PROPOSED, Status.APPROVED)


@dataclass(frozen=True)
class Piece:
    """One run of a passage's current text: original words, or what a live correction put there.

    ``start``/``end`` are offsets in the original transcript (for a removed gap marker, the span
    it took away, spaces included); ``shown_start``/``shown_end`` are offsets in
    :attr:`SpanText.text`. A piece of a dismissed marker shows nothing (``shown_start ==
    shown_end``).
    """

    start: int
    end: int
    shown_start: int
    shown_end: int
    correction: Correction | None = None


@dataclass(frozen=True)
class SpanText:
    """A passage of the transcript as it reads now, and where each part of it comes from."""

    start: int
    end: int
    """The passage in original offsets, widened over any correction that straddled its edges."""
    text: str
    """The original with every live correction in the passage applied."""
    pieces: tuple[Piece, ...]

    @property
    def corrections(self) -> tuple[Correction, ...]:
        """The live corrections shown in the passage, in text order."""
        return tuple(p.correction for p in self.pieces if p.correction is not None)


@dataclass(frozen=True)
class PlannedReplace:
    """A ``replace`` proposal to make: original ``[start, end)`` becomes ``text``."""

    start: int
    end: int
    text: str
    evidence: Evidence | None = None
    """Carried over from the one proposal it supersedes (the user's knowledge did not change)."""
    note: str | None = None


@dataclass(frozen=True)
class EditPlan:
    """What an edit does: proposals to make and the user's own proposals they supersede."""

    replaces: tuple[PlannedReplace, ...] = ()
    withdraw: tuple[str, ...] = ()
    """Ids of the user's own proposals that the new ones take over (withdrawn)."""

    @property
    def empty(self) -> bool:
        return not self.replaces and not self.withdraw


@dataclass
class EditRefused(ReviewRuleError):
    """An edit touches words that are not the user's to change: someone else's proposal, or an
    approved correction. Nothing was changed. :meth:`explain` adds how to amend it in a UI."""

    correction: str = ""
    author: str = ""
    quote: str = ""
    approved: bool = False

    def explain(self, how_to_amend: str = "") -> str:
        """The one-line refusal, with ``how_to_amend`` (e.g. ``" (R, e)"``) after "amend it"."""
        if not self.correction:
            return self.reason
        state = f"proposed by {self.author}" + (", approved" if self.approved else "")
        return (
            f"“{self.quote}” is {self.correction}'s text ({state}); "
            f"a reviewer can amend it{how_to_amend}, or edit around it"
        )


def span_text(state: State, start: int, end: int, user: str | None = None) -> SpanText:
    """The passage ``[start, end)`` as it reads with every live correction applied.

    The corrections chosen are those :func:`.corrections.apply_corrections` applies with
    proposals included (approved first, then proposals in order, skipping any that overlaps one
    chosen), except that ``user``'s own proposals come before others': where alternatives
    compete for the same words, the user edits the words they proposed. A correction that
    straddles an edge of the passage widens it, so no correction is cut in two.
    """
    corrected = apply_corrections(_own_first(state, user), include_proposed=True)
    edits = corrected.edits  # sorted by start, not overlapping
    ends = [e.end for e in edits]
    i = bisect.bisect_right(ends, start)  # the first edit ending after `start`
    chosen = []
    while i < len(edits) and edits[i].start < end:
        chosen.append(edits[i])
        i += 1
    if chosen:
        start = min(start, chosen[0].start)
        end = max(end, chosen[-1].end)
    source = state.text
    pieces: list[Piece] = []
    parts: list[str] = []
    pos = start
    shown = 0

    def original(upto: int) -> None:
        nonlocal pos, shown
        if upto > pos:
            pieces.append(Piece(pos, upto, shown, shown + upto - pos))
            parts.append(source[pos:upto])
            shown += upto - pos
            pos = upto

    for edit in chosen:
        original(edit.start)
        words = corrected.text[edit.new_start : edit.new_end]
        corr = state.corrections[edit.correction]
        pieces.append(Piece(edit.start, edit.end, shown, shown + len(words), corr))
        parts.append(words)
        shown += len(words)
        pos = edit.end
    original(end)
    return SpanText(start, end, "".join(parts), tuple(pieces))


def plan_span_edit(state: State, span: SpanText, new: str, user: str) -> EditPlan:
    """The corrections that turn ``span.text`` into ``new``, in original offsets, overlapping
    no live correction.

    Each changed run of words is one ``replace``. A run touching the words of ``user``'s own
    proposal takes that proposal in: one ``replace`` over both spans with the merged words,
    and the proposal withdrawn (when the merged words are the original ones, only the
    withdrawal). A run touching any other correction raises :class:`EditRefused`.
    """
    if new == span.text:
        return EditPlan()
    if not span.text.strip():
        raise EditRefused(
            None, "the passage has no words to put the new ones beside; take in a word next to it"
        )
    corrected = [(p.shown_start, p.shown_end) for p in span.pieces if p.correction is not None]
    changes = word_replacements(span.text, new, keep=corrected)
    groups = _groups(span, changes)
    replaces: list[PlannedReplace] = []
    withdraw: list[str] = []
    for lo, hi, members, touched in groups:
        for piece in touched:
            _check_own(piece, span, user)
        start = _to_original(span, lo, touched, at_end=False)
        end = _to_original(span, hi, touched, at_end=True) if hi > lo else start
        words = _merged(span.text, lo, hi, members)
        superseded = [p.correction for p in touched if p.correction is not None]
        withdraw.extend(c.id for c in superseded)
        if superseded and words == state.text[start:end]:
            continue  # the words are back to the original: withdrawing is the whole edit
        evidence = note = None
        if len(superseded) == 1:
            evidence, note = superseded[0].evidence, superseded[0].note
        replaces.append(PlannedReplace(start, end, words, evidence, note))
    plan = EditPlan(tuple(replaces), tuple(withdraw))
    _check_no_overlap(state, plan, user)
    return plan


def plan_replace(
    state: State, start: int, end: int, text: str, user: str, note: str | None = None
) -> EditPlan:
    """A replacement of original ``[start, end)`` by ``text`` (the CLI's ``--quote``), planned
    so it does not silently overlap the user's own proposals or an approved correction.

    The new words stand for the whole quote, so the user's own proposals inside it are
    superseded (withdrawn). One that reaches outside the quote is refused (the quote would cut
    it in two), as is any approved correction it overlaps. Others' proposals it overlaps are
    left standing: the two are alternatives, and a reviewer approves one of them.
    """
    withdraw: list[str] = []
    for corr in _live_conflicts(state, start, end):
        if corr.review_status is Status.APPROVED:
            raise _refusal(corr, state)
        if corr.author != user:
            continue  # an alternative to theirs, for a reviewer to choose
        s, e = corr.span or (start, end)
        if not (start <= s and e <= end):
            raise EditRefused(
                None,
                f"the quote cuts across your proposal {corr.id} "
                f"(“{_short(state.text[s:e])}” → “{_short(corr.text or '')}”); "
                "quote all of its words, or edit it in the editor (e)",
            )
        withdraw.append(corr.id)
    return EditPlan((PlannedReplace(start, end, text, note=note),), tuple(withdraw))


# -- helpers -----------------------------------------------------------------------------------


def _own_first(state: State, user: str | None) -> State:
    """``state`` with ``user``'s proposals ordered before others' (a shallow copy)."""
    if user is None:
        return state
    mine = {k: c for k, c in state.corrections.items() if c.author == user}
    if not mine or len(mine) == len(state.corrections):
        return state
    ordered = dict(mine)
    ordered.update(state.corrections)
    return dataclasses.replace(state, corrections=ordered)


def _groups(
    span: SpanText, changes: list[Replacement]
) -> list[tuple[int, int, list[Replacement], list[Piece]]]:
    """Changes (shown offsets) gathered with the correction pieces they touch: each group is
    ``(lo, hi, changes, pieces)``, ``[lo, hi)`` covering the changes and those pieces whole."""
    groups: list[tuple[int, int, list[Replacement], list[Piece]]] = []
    for change in changes:
        touched = [
            p
            for p in span.pieces
            if p.correction is not None and _touches(p, change.start, change.end)
        ]
        lo = min([change.start] + [p.shown_start for p in touched])
        hi = max([change.end] + [p.shown_end for p in touched])
        members = [change]
        while groups and lo < groups[-1][1]:  # shares a correction with the group before
            plo, phi, before, pieces = groups.pop()
            lo, hi = min(plo, lo), max(phi, hi)
            members = before + members
            touched = pieces + [p for p in touched if p not in pieces]
        groups.append((lo, hi, members, touched))
    return groups


def _touches(piece: Piece, start: int, end: int) -> bool:
    """Whether a change of shown ``[start, end)`` changes words of ``piece`` (or, for a removed
    marker, spans the point where it was)."""
    s, e = piece.shown_start, piece.shown_end
    if s == e:
        return start < s < end
    if start == end:
        return s < start < e
    return s < end and start < e


def _to_original(span: SpanText, offset: int, touched: list[Piece], *, at_end: bool) -> int:
    """The original offset of a group's edge at shown ``offset``."""
    for piece in touched:
        if (piece.shown_end if at_end else piece.shown_start) == offset:
            return piece.end if at_end else piece.start
    # In original words: a start goes with the words after it, an end with the words before
    # it, so the group never takes in a removed marker at its edge.
    for strict in (True, False):
        for piece in span.pieces:
            if piece.correction is not None:
                continue
            s, e = piece.shown_start, piece.shown_end
            inside = (
                (s < offset <= e if at_end else s <= offset < e) if strict else s <= offset <= e
            )
            if inside:
                return piece.start + offset - s
    for piece in span.pieces:  # between two corrections: the point where they meet
        if piece.shown_start <= offset <= piece.shown_end:
            return piece.end if offset == piece.shown_end else piece.start
    return span.end if at_end else span.start


def _merged(shown: str, lo: int, hi: int, changes: list[Replacement]) -> str:
    """``shown[lo:hi]`` with ``changes`` (shown offsets, in order, within it) applied."""
    parts = []
    pos = lo
    for change in changes:
        parts.append(shown[pos : change.start])
        parts.append(change.new)
        pos = change.end
    parts.append(shown[pos:hi])
    return "".join(parts)


def _check_own(piece: Piece, span: SpanText, user: str) -> None:
    corr = piece.correction
    assert corr is not None
    if corr.author != user or corr.review_status is not Status.PROPOSED:
        words = span.text[piece.shown_start : piece.shown_end]
        raise _refusal(corr, None, words)


def _refusal(corr: Correction, state: State | None, words: str | None = None) -> EditRefused:
    if words is None:
        if corr.kind in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE):
            words = corr.text or ""
        elif state is not None and corr.span is not None:
            words = state.text[corr.span[0] : corr.span[1]]
        else:
            words = corr.anchor.exact
    refusal = EditRefused(
        None,
        "",
        correction=corr.id,
        author=corr.author,
        quote=_short(words) if words.strip() else "(removed)",
        approved=corr.review_status is Status.APPROVED,
    )
    refusal.reason = refusal.explain()
    return refusal


def _live_conflicts(state: State, start: int, end: int) -> list[Correction]:
    """Live text-changing corrections whose span conflicts with ``[start, end)``."""
    return [
        c
        for c in state.corrections.values()
        if c.status in _LIVE
        and c.changes_text
        and c.span is not None
        and spans_conflict((start, end), c.span)
    ]


def _check_no_overlap(state: State, plan: EditPlan, user: str) -> None:
    """The last guard: no planned replace may overlap a live correction that stays, except an
    alternative of a proposal it supersedes (it was one of those already). Such a correction
    was not shown in the passage (another one won its words), so the edit is refused."""
    withdrawn = set(plan.withdraw)
    superseded = [state.corrections[c].span for c in withdrawn]
    for replace in plan.replaces:
        for corr in _live_conflicts(state, replace.start, replace.end):
            if corr.id in withdrawn or corr.span is None:
                continue
            if any(s is not None and spans_conflict(corr.span, s) for s in superseded):
                continue
            who = "you" if corr.author == user else corr.author
            raise EditRefused(
                None,
                f"the edit overlaps {corr.id} (proposed by {who}), an alternative not shown "
                "in the passage because another correction holds those words; edit around it",
            )


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
