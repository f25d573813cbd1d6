"""The write side of corrections: :class:`Draft`, the events of the next revision.

Folding (:mod:`.fold`) is lenient because it reads what a file says; a draft makes *new*
events, so it is strict: each event is checked against the state as it is added and a refused
one raises :class:`~.fold.ReviewRuleError` and changes nothing. Both apply events through the
same :class:`~.fold._Folder`, so what a draft shows is what a fold of the saved file will give.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from ..sidecar.records import (
    Amend,
    Approve,
    ClearFlag,
    Event,
    Evidence,
    Flag,
    Pin,
    ProposalKind,
    Propose,
    QcDismiss,
    QcRestore,
    Reject,
    Revision,
    Role,
    Withdraw,
    new_id,
    new_revision_id,
    utc_now,
)
from ..text.anchors import Anchor, Reanchorer

# The package's own helpers (underscored: not for use outside corrections/).
from .fold import (
    AlreadyDecidedError,
    Correction,
    OrphanedCorrectionError,
    ReviewRuleError,
    State,
    Status,
    _Folder,
)


class Draft:
    """The events of the next revision, checked against the state as they are added.

    The draft applies each event to ``state`` (which it takes over), so the state always shows
    the draft's effect; a refused event raises :class:`ReviewRuleError` and changes nothing.
    """

    def __init__(
        self,
        state: State,
        author: str,
        role: Role,
        *,
        allow_self_approval: bool = False,
    ) -> None:
        self.state = state
        self.author = author
        self.role = role
        self.allow_self_approval = allow_self_approval
        self.events: list[Event] = []
        self._event_ids: set[str] = set()
        """Ids the draft's events carry (a set: checking a new id must not scan every event)."""
        self._wanted_ids: list[str] = []
        """Ids the next new events take where free (see :meth:`reusing_ids`)."""
        self._saved = utc_now()
        self._folder = _Folder(state, Reanchorer(state.text))
        for corr in state.corrections.values():
            if corr.review_status in (Status.PROPOSED, Status.APPROVED):
                self._folder.add_placed(corr)

    # -- proposals ----------------------------------------------------------------------------

    def resolve_gap(
        self, anchor: Anchor, text: str, evidence: Evidence, note: str | None = None
    ) -> str:
        """Propose words for the gap marker at ``anchor``; returns the new correction id."""
        if not text.strip():
            raise ReviewRuleError(
                None, "the words for a gap are empty; use dismiss for a false gap"
            )
        return self._add(
            Propose(self._id("c"), ProposalKind.RESOLVE_GAP, anchor, text, evidence, note)
        )

    def confirm_gap(self, anchor: Anchor, note: str | None = None) -> str:
        """Propose that the gap is truly inaudible (the marker stays)."""
        return self._add(Propose(self._id("c"), ProposalKind.CONFIRM_GAP, anchor, note=note))

    def dismiss_gap(self, anchor: Anchor, note: str | None = None) -> str:
        """Propose that the marker is not a gap (it is removed from the corrected text)."""
        return self._add(Propose(self._id("c"), ProposalKind.DISMISS_GAP, anchor, note=note))

    def replace(
        self, anchor: Anchor, text: str, note: str | None = None, evidence: Evidence | None = None
    ) -> str:
        """Propose new text for any span (empty text deletes it)."""
        return self._add(Propose(self._id("c"), ProposalKind.REPLACE, anchor, text, evidence, note))

    def flag(self, anchor: Anchor, reason: str, note: str | None = None) -> str:
        """Flag a span as uncertain, saying why."""
        if not reason.strip():
            raise ReviewRuleError(None, "a flag needs a reason (what is doubtful about it?)")
        return self._add(Flag(self._id("f"), anchor, reason, note))

    def clear_flag(self, flag_id: str, note: str | None = None) -> str:
        """Propose that a flag no longer applies."""
        self.state.get(flag_id)
        return self._add(ClearFlag(self._id("c"), flag_id, note))

    def pin(self, anchor: Anchor, seconds: float) -> str:
        """Pin the paragraph at ``anchor`` to a webcast time in seconds."""
        if not seconds >= 0:
            raise ReviewRuleError(None, f"a time pin must be 0 seconds or later, not {seconds}")
        return self._add(Pin(self._id("p"), anchor, float(seconds)))

    # -- final-check findings --------------------------------------------------------------

    def dismiss_finding(
        self, finding: str, rule: str, words: str, note: str | None = None
    ) -> str:
        """Set a ``qc`` finding aside for this transcript; returns the dismissal's id
        (``d-…``). Refused when the finding is already dismissed (it would change nothing)."""
        return self._add(QcDismiss(self._id("d"), finding, rule, words, note))

    def restore_dismissal(self, dismissal_id: str, comment: str | None = None) -> None:
        """Take a dismissal back: its finding is listed again (unless dismissed by another)."""
        self._add(QcRestore(dismissal_id, comment))


    # -- verdicts -----------------------------------------------------------------------------

    def approve(self, correction_id: str, comment: str | None = None) -> None:
        """Approve a proposal (supersedes overlapping alternatives)."""
        self.require_placed(correction_id, "approved")
        self._require_change(correction_id, Status.APPROVED)
        self._verdict(Approve(correction_id, comment))

    def reject(self, correction_id: str, comment: str | None = None) -> None:
        """Reject a proposal."""
        self._require_change(correction_id, Status.REJECTED)
        self._verdict(Reject(correction_id, comment))

    def amend(self, correction_id: str, text: str, comment: str | None = None) -> None:
        """Approve a proposal with the reviewer's words instead of the proposer's."""
        self.require_placed(correction_id, "amended")
        self._verdict(Amend(correction_id, text, comment))

    def withdraw(self, correction_id: str, comment: str | None = None) -> None:
        """Take back one's own proposal."""
        self._verdict(Withdraw(correction_id, comment))

    def standing_overlapping(self, start: int, end: int) -> list[Correction]:
        """Proposed and approved text-changing corrections overlapping ``[start, end)``, found
        in the span index (a view showing a passage as it reads now must not pass over every
        correction of a large sidecar for each row it shows)."""
        corrections = self.state.corrections
        return [corrections[cid] for cid in self._folder.index.overlapping(start, end)]

    # -- building -----------------------------------------------------------------------------

    def revision(self, message: str, transcript_sha256: str) -> Revision:
        """The revision to save: numbered after the folded state (the store renumbers it if
        others saved meanwhile), parent = the last revision the state was folded from."""
        return Revision(
            number=self.state.revision + 1,
            id=new_revision_id(),
            parent=self.state.last_revision_id,
            author=self.author,
            role=self.role,
            saved=utc_now(),
            transcript_sha256=transcript_sha256,
            message=message,
            events=tuple(self.events),
        )

    def _verdict(self, event: Approve | Reject | Amend | Withdraw) -> None:
        self.state.get(event.id)
        self._add(event)

    def _require_change(self, correction_id: str, verdict: Status) -> None:
        """A verdict that repeats the one standing would only add a revision that changes
        nothing ("Approve 1 correction" twice in the log): refused. Not when a merge left an
        open question on the correction: then the same verdict again is the reviewer's answer.
        (Folding a sidecar never refuses a repeated verdict already in the file.)"""
        corr = self.state.get(correction_id)
        if corr.review_status is not verdict or any(
            q.about == corr.id for q in self.state.open_questions
        ):
            return
        actions = ("approve", "amend") if verdict is Status.APPROVED else ("reject", "supersede")
        last = next((h for h in reversed(corr.history) if h.action in actions), None)
        if last is None:
            how = ""
        elif last.revision > self.state.revision:
            how = " (by you, unsaved)"
        elif last.action == "supersede":
            how = f" (superseded by {last.text} in revision {last.revision})"
        else:
            how = f" (by {last.by} in revision {last.revision})"
        raise AlreadyDecidedError(
            None, f"{corr.id} is already {verdict.value}{how}; nothing to do, nothing was written"
        )

    def require_placed(self, correction_id: str, action: str) -> None:
        """An orphaned correction cannot be approved or amended: its words are no longer in the
        transcript, so nothing could apply it. (Rejecting it stays possible, and verdicts
        already in the file stand: folding a sidecar never refuses them.)"""
        corr = self.state.get(correction_id)
        if corr.status is not Status.ORPHANED or corr.review_status is Status.WITHDRAWN:
            return  # a withdrawn one gets the folder's own message
        quote = " ".join(corr.anchor.exact.split())
        quote = "".join(c if c.isprintable() else "\ufffd" for c in quote)  # no escapes shown
        if len(quote) > 40:
            quote = quote[:39] + "…"
        raise OrphanedCorrectionError(
            None,
            f"{corr.id} is orphaned: the words it was made on (“{quote}”) are no longer in the "
            f"transcript, so it cannot be {action}; reject it, or propose it again against the "
            "current text",
        )

    def _add(self, event: Event) -> str:
        rev = Revision(
            self.state.revision + 1,
            "draft",
            self.state.last_revision_id,
            self.author,
            self.role,
            self._saved,
            "",
            "",
            (),
        )
        self._folder.apply(
            event, rev, len(self.events), strict=True, allow_self_approval=self.allow_self_approval
        )
        self.events.append(event)
        self._event_ids.add(getattr(event, "id", ""))
        return event.id

    @contextmanager
    def reusing_ids(self, ids: Sequence[str]) -> Iterator[None]:
        """Within it, the draft's next new events take ``ids``, in order, each where its prefix
        fits (``c-``, ``f-``, ``p-``) and it is still free, else a new id. An editing session
        replaying its unsaved actions (undo, redo, a role change, a reload) gives each proposal
        the id it had, so undo brings back exactly the previous state."""
        self._wanted_ids = list(ids)
        try:
            yield
        finally:
            self._wanted_ids = []

    def _id(self, prefix: str) -> str:
        if self._wanted_ids and self._wanted_ids[0].startswith(prefix + "-"):
            wanted = self._wanted_ids.pop(0)
            if self._id_free(wanted):
                return wanted
        while True:
            candidate = new_id(prefix)
            if self._id_free(candidate):
                return candidate

    def _id_free(self, candidate: str) -> bool:
        return (
            candidate not in self.state.corrections
            and candidate not in self.state.dismissals
            and candidate not in self._event_ids
        )
