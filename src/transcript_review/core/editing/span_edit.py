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

   The user's own decisions on gaps keep their kind (a reviewer must still see "gap g-… resolved
   as …, listened", not "replace (inaudible) → …"). Each change is narrowed to the characters it
   really changes, then:

   * inside the words filling one's own ``resolve-gap``: the resolution is *revised* — withdrawn,
     and a new ``resolve-gap`` on the same gap with the new words, evidence and note kept;
   * deleting all of those words (spaces around them too), or typing the marker back: the
     resolution is only withdrawn — the gap is *open again*, its marker stays in the text;
   * typing into the marker of a gap one confirmed inaudible (``confirm-gap``): the confirmation
     becomes a ``resolve-gap`` with the words (evidence "listened", note kept); deleting the
     marker withdraws the confirmation only (open again; ``dismiss-gap`` is its own decision,
     never made by deleting words);
   * beside the fill, not in it: a ``replace`` of the original words there, as anywhere else;
   * across the fill's edge (part fill, part neighbours): the rule above — withdraw, and one
     ``replace`` over both, keeping the gap's evidence.

   A ``dismiss-gap`` shows no words, so only a change across the place of the marker takes it
   in (the last rule). What happened to each gap decision is in :attr:`EditPlan.gap_changes`
   (:meth:`GapChange.describe` says it to the user).
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
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from ..corrections import (
    Correction,
    ReviewRuleError,
    State,
    Status,
    apply_corrections,
    spans_conflict,
)
from ..quoting import short
from ..sidecar.records import Evidence, ProposalKind
from ..text.diff import Replacement, word_replacements

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
class PlannedGap:
    """A ``resolve-gap`` to propose on the gap marker at original ``[start, end)``: the user's own
    decision on that gap, revised (its evidence and note carried over)."""

    start: int
    end: int
    text: str
    evidence: Evidence = Evidence.LISTENED
    note: str | None = None


class GapOutcome(str, Enum):
    """What an edit did to one of the user's own decisions on a gap."""

    REVISED = "revised"
    """Withdrawn, and a new ``resolve-gap`` on the same gap carries the new words."""
    REOPENED = "reopened"
    """Withdrawn only: its words were deleted, so the gap is open again (the marker stays)."""
    ABSORBED = "absorbed"
    """Withdrawn, and a ``replace`` over the gap and words beside it took it in."""


_DECISION_WORDS = {
    ProposalKind.RESOLVE_GAP: "your words for",
    ProposalKind.CONFIRM_GAP: "your confirmation of",
    ProposalKind.DISMISS_GAP: "your dismissal of",
}


@dataclass(frozen=True)
class GapChange:
    """One of the user's own gap decisions (``correction``, of ``kind``) on the gap marker at
    original ``[start, end)``, and what the edit did to it."""

    correction: str
    kind: ProposalKind
    start: int
    end: int
    outcome: GapOutcome

    def describe(self, gap: str) -> str:
        """One sentence for the user; ``gap`` names the gap (its item id, ``g-773522``)."""
        words = _DECISION_WORDS.get(self.kind, "your proposal on")
        if self.outcome is GapOutcome.REOPENED:
            return f"gap {gap} is open again ({words} it withdrawn)"
        if self.outcome is GapOutcome.ABSORBED:
            kept = ", evidence kept" if self.kind is ProposalKind.RESOLVE_GAP else ""
            return f"{words} gap {gap} became a correction of the passage (a replace{kept})"
        if self.kind is ProposalKind.CONFIRM_GAP:
            return f"gap {gap} resolved with your words (no longer confirmed inaudible)"
        return f"{words} gap {gap} revised"


@dataclass(frozen=True)
class EditPlan:
    """What an edit does: proposals to make and the user's own proposals they supersede."""

    replaces: tuple[PlannedReplace, ...] = ()
    withdraw: tuple[str, ...] = ()
    """Ids of the user's own proposals that the new ones take over (withdrawn)."""
    gaps: tuple[PlannedGap, ...] = ()
    """``resolve-gap`` proposals revising the user's own decisions on gaps."""
    gap_changes: tuple[GapChange, ...] = ()
    """What became of each of the user's own gap decisions the edit touched, in text order."""

    @property
    def empty(self) -> bool:
        return not self.replaces and not self.withdraw and not self.gaps

    @property
    def reopened(self) -> tuple[GapChange, ...]:
        """The gaps that are open again (the user's decision on them withdrawn, nothing new)."""
        return tuple(g for g in self.gap_changes if g.outcome is GapOutcome.REOPENED)


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
    withdrawal) — except that ``user``'s own gap decisions keep their kind: a change inside
    the words filling a gap revises the ``resolve-gap`` (or withdraws it, when the words are
    deleted: the gap is open again), and a change beside them leaves it alone (see the module
    notes). A run touching any other correction raises :class:`EditRefused`.
    """
    if new == span.text:
        return EditPlan()
    if not span.text.strip():
        raise EditRefused(
            None, "the passage has no words to put the new ones beside; take in a word next to it"
        )
    corrected = [(p.shown_start, p.shown_end) for p in span.pieces if p.correction is not None]
    changes, fills = _split_gap_edits(span, word_replacements(span.text, new, keep=corrected), user)
    groups = _groups(span, changes)
    replaces: list[PlannedReplace] = []
    withdraw: list[str] = []
    gap_changes: list[GapChange] = []
    for lo, hi, members, touched in groups:
        for piece in touched:
            _check_own(piece, span, user)
        start = _to_original(span, lo, touched, at_end=False)
        end = _to_original(span, hi, touched, at_end=True) if hi > lo else start
        words = _merged(span.text, lo, hi, members)
        superseded = [p.correction for p in touched if p.correction is not None]
        withdraw.extend(c.id for c in superseded)
        decisions = [c for c in superseded if c.kind in _DECISION_WORDS]
        if superseded and words == state.text[start:end]:
            # the words are back to the original: withdrawing is the whole edit
            gap_changes.extend(_gap_change(c, GapOutcome.REOPENED) for c in decisions)
            continue
        gap_changes.extend(_gap_change(c, GapOutcome.ABSORBED) for c in decisions)
        evidence = note = None
        resolutions = [c for c in decisions if c.kind is ProposalKind.RESOLVE_GAP]
        if len(superseded) == 1:
            evidence, note = superseded[0].evidence, superseded[0].note
        elif len(resolutions) == 1:  # the gap's evidence is what the reviewer must weigh
            evidence, note = resolutions[0].evidence, resolutions[0].note
        replaces.append(PlannedReplace(start, end, words, evidence, note))
    gaps: list[PlannedGap] = []
    for piece, edits in fills:
        corr = piece.correction
        assert corr is not None
        before = span.text[piece.shown_start : piece.shown_end]
        words = _merged(span.text, piece.shown_start, piece.shown_end, edits)
        if words == before:
            continue
        withdraw.append(corr.id)
        if not words.strip() or words == state.text[piece.start : piece.end]:
            gap_changes.append(_gap_change(corr, GapOutcome.REOPENED))
            continue
        evidence = corr.evidence if corr.kind is ProposalKind.RESOLVE_GAP else None
        gaps.append(
            PlannedGap(piece.start, piece.end, words, evidence or Evidence.LISTENED, corr.note)
        )
        gap_changes.append(_gap_change(corr, GapOutcome.REVISED))
    gap_changes.sort(key=lambda g: g.start)
    plan = EditPlan(tuple(replaces), tuple(withdraw), tuple(gaps), tuple(gap_changes))
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
    withdraw = _own_to_supersede(
        state,
        start,
        end,
        user,
        "the quote cuts across your proposal {}; "
        "quote all of its words, or edit it in the editor (e)",
    )
    return EditPlan((PlannedReplace(start, end, text, note=note),), withdraw)


def plan_gap_decision(state: State, start: int, end: int, user: str) -> tuple[str, ...]:
    """The ids of ``user``'s own decisions that a new decision on the gap marker at original
    ``[start, end)`` (resolve, confirm or dismiss) revises: withdrawn in the same action, as
    :func:`plan_replace` supersedes the user's proposals inside a quote.

    A correction approved over the gap is refused (:class:`EditRefused`, naming it), as is the
    user's own proposal reaching beyond the marker (a passage edited with ``e``: revise it
    there). Others' proposals on the gap stay: the new decision is an alternative to theirs.
    """
    return _own_to_supersede(
        state,
        start,
        end,
        user,
        "the gap is inside your proposal {}; change its words in the editor (e)",
    )


def _own_to_supersede(
    state: State, start: int, end: int, user: str, reaching_out: str
) -> tuple[str, ...]:
    """``user``'s own live corrections inside original ``[start, end)``, to be withdrawn by a
    new proposal there. An approved correction overlapping it is refused, as is one of the
    user's own reaching outside it (``reaching_out`` says why, ``{}`` standing for the
    correction); others' proposals stay, as alternatives for a reviewer to choose between."""
    withdraw: list[str] = []
    for corr in _live_conflicts(state, start, end):
        if corr.review_status is Status.APPROVED:
            raise _refusal(corr, state)
        if corr.author != user:
            continue
        s, e = corr.span or (start, end)
        if not (start <= s and e <= end):
            quoted = f"{corr.id} (“{short(state.text[s:e])}” → “{short(corr.text or '')}”)"
            raise EditRefused(None, reaching_out.format(quoted))
        withdraw.append(corr.id)
    return tuple(withdraw)


def check_still_applies(
    state: State,
    spans: list[tuple[int, int]],
    withdraw: tuple[str, ...],
    user: str,
    *,
    alternatives: bool,
) -> None:
    """Refuse (:class:`EditRefused`) an action planned earlier that the rules of a fresh one
    would refuse now (a redo, or unsaved actions replayed on a reload, after others' saves).

    The action proposes words for original ``spans`` and withdraws the user's proposals
    ``withdraw``. Refused: a withdrawal of a correction approved meanwhile; proposals over an
    approved correction (the refusal a fresh edit gives) or over another proposal of the
    user's not withdrawn; and, unless ``alternatives`` (a ``replace --quote`` or a gap
    decision), over another's proposal — except where it was already an alternative of a
    proposal the action withdraws.
    """
    withdrawn = [state.corrections[c] for c in withdraw if c in state.corrections]
    for corr in withdrawn:
        if corr.review_status is Status.APPROVED:
            raise EditRefused(
                None,
                f"{corr.id} was approved meanwhile; only a reviewer can change it now",
                correction=corr.id,
                author=corr.author,
                approved=True,
            )
    superseded = [c.span for c in withdrawn if c.span is not None]
    ids = set(withdraw)
    for start, end in spans:
        for corr in _live_conflicts(state, start, end):
            if corr.id in ids or corr.span is None:
                continue
            if corr.review_status is Status.APPROVED:
                raise _refusal(corr, state)
            if any(spans_conflict(corr.span, s) for s in superseded):
                continue  # an alternative of the proposal it revises, as it was already
            if corr.author == user:
                s, e = corr.span
                raise EditRefused(
                    None,
                    f"it overlaps your proposal {corr.id} "
                    f"(“{short(state.text[s:e])}” → “{short(corr.text or '')}”), saved "
                    "meanwhile; change its words in the editor (e)",
                    correction=corr.id,
                    author=corr.author,
                )
            if not alternatives:
                raise _refusal(corr, state)


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


def _gap_change(corr: Correction, outcome: GapOutcome) -> GapChange:
    assert corr.span is not None  # it was shown in the passage, so it is placed
    return GapChange(corr.id, corr.kind, corr.span[0], corr.span[1], outcome)


def _own_gap_decision(piece: Piece, user: str) -> bool:
    """Whether ``piece`` shows words of ``user``'s own unapproved ``resolve-gap`` (its fill) or
    ``confirm-gap`` (the marker), which an edit inside revises rather than replaces."""
    corr = piece.correction
    return (
        corr is not None
        and corr.kind in (ProposalKind.RESOLVE_GAP, ProposalKind.CONFIRM_GAP)
        and corr.author == user
        and corr.review_status is Status.PROPOSED
        and piece.shown_end > piece.shown_start
    )


def _split_gap_edits(
    span: SpanText, changes: list[Replacement], user: str
) -> tuple[list[Replacement], list[tuple[Piece, list[Replacement]]]]:
    """Set apart the edits of the words filling the user's own gap decisions.

    Returns the changes left for the general rule (those beside a fill cut to leave the fill
    out; those across a fill's edge as they were) and, per gap piece in text order, the edits
    inside it (shown offsets, narrowed to the characters changed). A gap piece that any change
    straddles goes wholly to the general rule, edits inside it included, so it is taken in once.
    """
    own = [i for i, p in enumerate(span.pieces) if _own_gap_decision(p, user)]
    if not own:
        return changes, []
    touching = [{i for i in own if _touches(span.pieces[i], c.start, c.end)} for c in changes]
    refined = [
        _refine(span, change, [span.pieces[i] for i in sorted(t)]) if t else (None, change)
        for change, t in zip(changes, touching, strict=True)
    ]
    # A change that cuts across a fill's edge takes the whole fill in, so every other change of
    # that fill goes with it (and what those touch in turn).
    straddled = {
        i for (where, _), t in zip(refined, touching, strict=True) if where == -1 for i in t
    }
    grew = True
    while grew:
        grew = False
        for k, ((where, _), t) in enumerate(zip(refined, touching, strict=True)):
            if where is not None and where >= 0 and where in straddled:
                refined[k] = (-1, changes[k])
                straddled |= t
                grew = True
    rest: list[Replacement] = []
    fills: dict[int, list[Replacement]] = {}
    for (where, change), original in zip(refined, changes, strict=True):
        if where is None:
            rest.append(change)
        elif where == -1:
            rest.append(original)
        else:
            fills.setdefault(where, []).append(change)
    return rest, [(span.pieces[i], fills[i]) for i in sorted(fills)]


def _refine(
    span: SpanText, change: Replacement, pieces: list[Piece]
) -> tuple[int | None, Replacement]:
    """Where a change touching the user's own gap pieces belongs: ``(index of the piece in
    span.pieces, the edit inside it)``, ``(None, the change without the fill's words)`` when
    it changes only words beside the fills, or ``(-1, change)`` when it straddles a fill's
    edge. An insertion at a fill's edge goes into the fill."""
    old = span.text[change.start : change.end]
    for cs, ce, words in _alignments(span.text, change.start, old, change.new):
        for piece in pieces:
            if piece.shown_start <= cs and ce <= piece.shown_end:
                return span.pieces.index(piece), Replacement(cs, ce, words)
            around = span.text[cs : piece.shown_start] + span.text[piece.shown_end : ce]
            if cs <= piece.shown_start and piece.shown_end <= ce and not (around + words).strip():
                # the fill deleted with the spaces around it: the fill is gone, the spaces stay
                return span.pieces.index(piece), Replacement(piece.shown_start, piece.shown_end, "")
        if any(_touches(p, cs, ce) for p in pieces):
            continue  # across a fill's edge read this way; another reading may not be
        lo, hi = change.start, change.end
        for piece in pieces:
            if piece.shown_end <= cs:
                lo = max(lo, piece.shown_end)
            elif piece.shown_start >= ce:
                hi = min(hi, piece.shown_start)
        return None, Replacement(
            lo, hi, change.new[lo - change.start : len(change.new) - (change.end - hi)]
        )
    return -1, change


def _alignments(text: str, offset: int, old: str, new: str) -> Iterator[tuple[int, int, str]]:
    """The ways of reading ``old`` (at ``offset`` in ``text``) → ``new`` as one run of changed
    characters ``(start, end, new words)``: the common beginning and end left out, and a pure
    insertion or deletion slid over the characters it could equally be (``as well well`` less
    one ``well``)."""
    k = 0
    limit = min(len(old), len(new))
    while k < limit and old[k] == new[k]:
        k += 1
    m = 0
    while m < limit - k and old[len(old) - 1 - m] == new[len(new) - 1 - m]:
        m += 1
    cs, ce, words = offset + k, offset + len(old) - m, new[k : len(new) - m]
    yield cs, ce, words
    if cs == ce:  # an insertion: slide it left over the characters it repeats
        while cs > offset and words and text[cs - 1] == words[-1]:
            cs -= 1
            words = words[-1] + words[:-1]
            yield cs, cs, words
    elif not words:  # a deletion
        while cs > offset and text[cs - 1] == text[ce - 1]:
            cs, ce = cs - 1, ce - 1
            yield cs, ce, ""


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
        quote=short(words) if words.strip() else "(removed)",
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
    for replace in (*plan.replaces, *plan.gaps):
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


def join_in_passages(
    state: State, plan: EditPlan, passages: list[tuple[int, int]]
) -> EditPlan:
    """``plan`` with the plain ``replace`` proposals that fall inside one uncertain passage
    (original ``[start, end)`` of each of ``passages``) joined into one ``replace`` of the words
    from the first change to the last, when there are two or more of them.

    Deleting the ``*`` around a passage changes its first and its last word: two proposals
    ("Correct 2 passages") for what is one decision — the passage is right as typed, or reads
    otherwise. A reviewer approves or rejects it once. Replaces that carry a superseded
    proposal's evidence, and passages with another live correction inside the joined span, are
    left as planned (joining would take in words that are not this edit's).
    """
    replaces = list(plan.replaces)
    for lo, hi in passages:
        inside = [r for r in replaces if lo <= r.start and r.end <= hi and r.evidence is None]
        if len(inside) < 2:
            continue
        start, end = min(r.start for r in inside), max(r.end for r in inside)
        withdrawn = set(plan.withdraw)
        if any(c.id not in withdrawn for c in _live_conflicts(state, start, end)):
            continue
        if any(r not in inside and r.start < end and start < r.end for r in replaces):
            continue
        parts, pos = [], start
        for r in sorted(inside, key=lambda r: r.start):
            parts += [state.text[pos : r.start], r.text]
            pos = r.end
        parts.append(state.text[pos:end])
        notes = {r.note for r in inside if r.note}
        note = notes.pop() if len(notes) == 1 else None
        joined = PlannedReplace(start, end, "".join(parts), None, note)
        replaces = sorted(
            [r for r in replaces if r not in inside] + [joined], key=lambda r: (r.start, r.end)
        )
    if len(replaces) == len(plan.replaces):
        return plan
    return dataclasses.replace(plan, replaces=tuple(replaces))
