"""What the user did in an editing session, as records that apply themselves to a draft.

An :class:`.session.EditingSession` keeps the unsaved actions as these records: each is a
frozen dataclass holding exactly what the action needs (an anchor, words, the id it refers
to) and the label the user knows it by, and knows how to

- :meth:`Action.apply` itself to a :class:`.corrections.Draft` (the events it adds);
- :meth:`Action.check` that it still applies under the rules a fresh action is held to (a redo,
  or unsaved actions replayed on a reload, after others' saves changed what they act on);
- give a copy of itself referring to new ids (:meth:`Action.with_ids`) when a replay had to give
  a proposal it refers to a new id;
- say what it counts for in the save message (:meth:`Action.tally`).

No record has an inverse: undo rebuilds the draft from the saved state and replays the actions
that remain. A sidecar's events are append-only and most have no opposite event (nothing takes
an approval back), and a replay gives every proposal the id it had, so undo brings back exactly
the state before (see :mod:`.session`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, ClassVar

from ..corrections import Draft, State
from ..sidecar.records import Evidence, ProposalKind
from ..text.anchors import Anchor
from .span_edit import check_still_applies


@dataclass(frozen=True, kw_only=True)
class Action:
    """One thing the user did, replayable on a fresh draft."""

    method: ClassVar[str]
    """The kind of action, named after the :class:`.corrections.Draft` method it calls
    (``"resolve_gap"``; ``"edit"`` for several events at once); the save message counts by it."""
    reviewer_only: ClassVar[bool] = False
    """A verdict, which needs the reviewer role: leaving that role with one unsaved is refused."""

    label: str
    """What the user would call it: "Resolve gap g-773522" (undo and redo say it)."""

    def apply(self, draft: Draft) -> Any:
        """Add the action's events to ``draft``; what the :class:`Draft` method returns (the
        new id, or the new ids of an :class:`Edit`). Raises before changing the draft, except
        an :class:`Edit` refused half-way (the session rebuilds the draft then)."""
        raise NotImplementedError

    def check(self, state: State, user: str) -> None:
        """Refuse (raise) an action planned earlier that a fresh one would be refused now;
        nothing to check for most actions (the draft's own rules refuse them)."""

    def with_ids(self, mapping: dict[str, str]) -> Action:
        """This action with the correction ids it refers to replaced by ``mapping`` (a replay
        gave a proposal made in the session a new id, its old one being taken meanwhile)."""
        return self

    def tally(self) -> Counter[str]:
        """What it counts for in the save message (:meth:`.EditingSession.summary_message`)."""
        return Counter({self.method: 1})


@dataclass(frozen=True, kw_only=True)
class _Proposing(Action):
    """An action that proposes words for spans of the transcript (or takes such proposals
    back): checked again whenever it is replayed (redo, reload)."""

    alternatives: bool = False
    """Others' proposals its words overlap stay, as alternatives for a reviewer (``replace
    --quote`` and gap decisions); without it (an edit in the editor) such an overlap is
    refused."""

    def spans(self) -> list[tuple[int, int]]:
        """The original spans it proposes words for."""
        raise NotImplementedError

    def withdrawn(self) -> tuple[str, ...]:
        """The user's own proposals it takes back."""
        return ()

    def check(self, state: State, user: str) -> None:
        check_still_applies(
            state, self.spans(), self.withdrawn(), user, alternatives=self.alternatives
        )


@dataclass(frozen=True, kw_only=True)
class _OnAnchor(_Proposing):
    """A proposal on one span: checked against that span."""

    anchor: Anchor

    def spans(self) -> list[tuple[int, int]]:
        return [(self.anchor.start, self.anchor.end)]


@dataclass(frozen=True, kw_only=True)
class ResolveGap(_OnAnchor):
    """Propose words for a gap."""

    method: ClassVar[str] = "resolve_gap"
    text: str
    evidence: Evidence = Evidence.LISTENED
    note: str | None = None

    def apply(self, draft: Draft) -> str:
        return draft.resolve_gap(self.anchor, self.text, self.evidence, self.note)


@dataclass(frozen=True, kw_only=True)
class ConfirmGap(_OnAnchor):
    """Propose that a gap is truly inaudible."""

    method: ClassVar[str] = "confirm_gap"
    note: str | None = None

    def apply(self, draft: Draft) -> str:
        return draft.confirm_gap(self.anchor, note=self.note)


@dataclass(frozen=True, kw_only=True)
class DismissGap(_OnAnchor):
    """Propose that a gap marker is not a gap."""

    method: ClassVar[str] = "dismiss_gap"
    note: str | None = None

    def apply(self, draft: Draft) -> str:
        return draft.dismiss_gap(self.anchor, note=self.note)


@dataclass(frozen=True, kw_only=True)
class Replace(_OnAnchor):
    """Propose new words for a span (one run of words of an edit, or ``replace --quote``)."""

    method: ClassVar[str] = "replace"
    text: str
    note: str | None = None
    evidence: Evidence | None = None

    def apply(self, draft: Draft) -> str:
        return draft.replace(self.anchor, self.text, note=self.note, evidence=self.evidence)


@dataclass(frozen=True)
class Proposal:
    """One proposal inside an :class:`Edit`: a ``replace``, or, revising the user's own gap
    decision, a gap decision of ``kind``."""

    anchor: Anchor
    text: str
    note: str | None = None
    evidence: Evidence | None = None
    kind: ProposalKind = ProposalKind.REPLACE

    def apply(self, draft: Draft) -> str:
        """Add the proposal to ``draft``; its new id."""
        if self.kind is ProposalKind.RESOLVE_GAP:
            return draft.resolve_gap(
                self.anchor, self.text, self.evidence or Evidence.LISTENED, self.note
            )
        if self.kind is ProposalKind.CONFIRM_GAP:
            return draft.confirm_gap(self.anchor, note=self.note)
        if self.kind is ProposalKind.DISMISS_GAP:
            return draft.dismiss_gap(self.anchor, note=self.note)
        return draft.replace(self.anchor, self.text, note=self.note, evidence=self.evidence)

    def as_action(self, label: str, *, alternatives: bool = False) -> Action:
        """The proposal as an action of its own: the record of its kind."""
        anchor, note = self.anchor, self.note
        if self.kind is ProposalKind.RESOLVE_GAP:
            return ResolveGap(
                anchor=anchor,
                text=self.text,
                evidence=self.evidence or Evidence.LISTENED,
                note=note,
                label=label,
                alternatives=alternatives,
            )
        if self.kind is ProposalKind.CONFIRM_GAP:
            return ConfirmGap(anchor=anchor, note=note, label=label, alternatives=alternatives)
        if self.kind is ProposalKind.DISMISS_GAP:
            return DismissGap(anchor=anchor, note=note, label=label, alternatives=alternatives)
        return Replace(
            anchor=anchor,
            text=self.text,
            note=note,
            evidence=self.evidence,
            label=label,
            alternatives=alternatives,
        )


@dataclass(frozen=True, kw_only=True)
class Edit(_Proposing):
    """Several events as one action (one undo takes all back): ``proposals`` in text order,
    then the withdrawal of each of the user's proposals in ``withdraw`` (those it supersedes,
    and those it takes back so that a gap is open again: ``reopened``)."""

    method: ClassVar[str] = "edit"
    withdraw: tuple[str, ...]
    proposals: tuple[Proposal, ...]
    reopened: tuple[str, ...] = ()

    def spans(self) -> list[tuple[int, int]]:
        return [(p.anchor.start, p.anchor.end) for p in self.proposals]

    def withdrawn(self) -> tuple[str, ...]:
        return self.withdraw

    def apply(self, draft: Draft) -> tuple[str, ...]:
        ids = tuple(p.apply(draft) for p in self.proposals)
        comment = f"replaced by {', '.join(ids)}" if ids else "taken back in an edit"
        for correction_id in self.withdraw:
            draft.withdraw(
                correction_id,
                comment="taken back in an edit: the gap is open again"
                if correction_id in self.reopened
                else comment,
            )
        return ids

    def with_ids(self, mapping: dict[str, str]) -> Edit:
        return replace(
            self,
            withdraw=tuple(mapping.get(c, c) for c in self.withdraw),
            reopened=tuple(mapping.get(c, c) for c in self.reopened),
        )

    def tally(self) -> Counter[str]:
        """Its proposals, and the user's own proposals it replaces (revised) or takes back."""
        return Counter(
            {
                "replace": sum(p.kind is ProposalKind.REPLACE for p in self.proposals),
                "supersede": len(self.withdraw) - len(self.reopened),
                "withdraw": len(self.reopened),
            }
        )


@dataclass(frozen=True, kw_only=True)
class Flag(Action):
    """Flag a span as uncertain."""

    method: ClassVar[str] = "flag"
    anchor: Anchor
    reason: str
    note: str | None = None

    def apply(self, draft: Draft) -> str:
        return draft.flag(self.anchor, self.reason, note=self.note)


@dataclass(frozen=True, kw_only=True)
class ClearFlag(Action):
    """Propose that a flag no longer applies."""

    method: ClassVar[str] = "clear_flag"
    flag_id: str
    note: str | None = None

    def apply(self, draft: Draft) -> str:
        return draft.clear_flag(self.flag_id, note=self.note)

    def with_ids(self, mapping: dict[str, str]) -> ClearFlag:
        return replace(self, flag_id=mapping.get(self.flag_id, self.flag_id))


@dataclass(frozen=True, kw_only=True)
class Pin(Action):
    """Pin a paragraph to a webcast time."""

    method: ClassVar[str] = "pin"
    anchor: Anchor
    seconds: float

    def apply(self, draft: Draft) -> str:
        return draft.pin(self.anchor, self.seconds)


@dataclass(frozen=True, kw_only=True)
class _OnCorrection(Action):
    """A verdict (or a withdrawal) on one correction, by id."""

    correction_id: str
    comment: str | None = None

    def with_ids(self, mapping: dict[str, str]) -> Action:
        return replace(self, correction_id=mapping.get(self.correction_id, self.correction_id))


@dataclass(frozen=True, kw_only=True)
class Approve(_OnCorrection):
    method: ClassVar[str] = "approve"
    reviewer_only: ClassVar[bool] = True

    def apply(self, draft: Draft) -> None:
        draft.approve(self.correction_id, self.comment)


@dataclass(frozen=True, kw_only=True)
class Reject(_OnCorrection):
    method: ClassVar[str] = "reject"
    reviewer_only: ClassVar[bool] = True

    def apply(self, draft: Draft) -> None:
        draft.reject(self.correction_id, self.comment)


@dataclass(frozen=True, kw_only=True)
class Amend(_OnCorrection):
    """Approve a proposal with the reviewer's words."""

    method: ClassVar[str] = "amend"
    reviewer_only: ClassVar[bool] = True
    text: str

    def apply(self, draft: Draft) -> None:
        draft.amend(self.correction_id, self.text, self.comment)


@dataclass(frozen=True, kw_only=True)
class Withdraw(_OnCorrection):
    """Take back one's own proposal."""

    method: ClassVar[str] = "withdraw"

    def apply(self, draft: Draft) -> None:
        draft.withdraw(self.correction_id, self.comment)


@dataclass(frozen=True, kw_only=True)
class DismissFinding(Action):
    """Set a finding of the final check aside for this transcript (``qc-dismiss``)."""

    method: ClassVar[str] = "dismiss_finding"
    finding: str
    """The finding's stable id (``q-…``)."""
    rule: str
    words: str
    note: str | None = None

    def apply(self, draft: Draft) -> str:
        return draft.dismiss_finding(self.finding, self.rule, self.words, self.note)


@dataclass(frozen=True, kw_only=True)
class RestoreFinding(Action):
    """List a dismissed finding again: take back every dismissal of it that stands (one
    ``qc-restore`` each), as one action."""

    method: ClassVar[str] = "restore_finding"
    finding: str
    dismissals: tuple[str, ...]
    comment: str | None = None

    def apply(self, draft: Draft) -> None:
        for dismissal_id in self.dismissals:
            draft.restore_dismissal(dismissal_id, self.comment)

    def with_ids(self, mapping: dict[str, str]) -> RestoreFinding:
        return replace(self, dismissals=tuple(mapping.get(d, d) for d in self.dismissals))
