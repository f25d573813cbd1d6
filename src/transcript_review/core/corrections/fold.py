"""The correction model: folding revisions into the state of every correction.

A sidecar stores *events* (proposals and verdicts); the state of a correction is never stored,
it is recomputed by :func:`fold` so the history is the single source of truth and any revision
can be rebuilt. Folding is lenient: an event that makes no sense (a verdict on an unknown id, a
second proposal with an id already used) is skipped, and a breach of a people rule (approving
one's own proposal, a verdict saved with the editor role, withdrawing another's proposal) is
applied as written; both are listed in :attr:`State.problems` for ``check`` to report. Making
*new* events goes through :class:`~.draft.Draft`, which is strict and raises
:class:`ReviewRuleError`.

Decisions where the issue is silent:

* Supersession is not a sixth status. Approving (or amending) a text-changing correction turns
  every other *proposed or approved* text-changing correction whose span overlaps it into
  ``rejected`` with :attr:`Correction.superseded_by` set and a ``supersede`` entry in its history.
  The superseded one stays rejected if the winner is later rejected; a reviewer may approve it
  again, which supersedes the winner in turn. Two approvals can therefore never both apply: the
  later approval wins.
* Overlap is judged on the spans placed in the *current* transcript (after re-anchoring), so
  alternatives are recognised even when they were proposed on different transcript versions.
* ``amend`` is approve-with-changes: the reviewer's words replace the proposal's and it becomes
  approved. The original words are kept in the history.
* ``withdraw`` is only possible while a proposal is proposed or rejected (an approved change is
  the reviewer's decision now; ask them to reject it).
* ``orphaned`` is a display status: a correction whose anchor cannot be placed is orphaned
  whatever its verdicts; :attr:`Correction.review_status` keeps the verdict-based status.
  A :class:`Draft` refuses to approve or amend an orphaned correction (nothing could apply
  it); it may still be rejected, or proposed again against the current text.
* A flag is active until a ``clear-flag`` for it is approved (or, with proposed changes shown,
  proposed), or the flag itself is rejected or withdrawn. Rejecting an approved ``clear-flag``
  later restores the flag.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from ..errors import InputError
from ..sidecar.records import (
    AMENDABLE_KINDS,
    TEXT_KINDS,
    Amend,
    Approve,
    ClearFlag,
    Event,
    Evidence,
    Flag,
    Header,
    Pin,
    ProposalKind,
    Propose,
    QcDismiss,
    QcRestore,
    Question,
    Reject,
    Revision,
    Role,
    Withdraw,
)
from ..text.anchors import Anchor, Placement, Reanchorer, text_sha256


class Status(str, Enum):
    """Where a correction stands. ``orphaned`` overrides the others when its anchor is lost."""

    PROPOSED = "proposed"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    ORPHANED = "orphaned"


@dataclass
class ReviewRuleError(InputError):
    """A review rule forbids the requested event (shown by the CLI as one line, exit 2)."""


@dataclass
class SelfApprovalError(ReviewRuleError):
    """A user tried to approve or amend their own proposal while self-approval is off."""


@dataclass
class UnknownCorrectionError(ReviewRuleError):
    """An id names no correction in the sidecar."""


@dataclass
class OrphanedCorrectionError(ReviewRuleError):
    """Approving or amending a correction whose anchor cannot be placed in the transcript."""


@dataclass
class AlreadyDecidedError(ReviewRuleError):
    """Approving an approved correction, or rejecting a rejected one: it would only add a
    revision that changes nothing (the editor says so on its status line, not in a toast)."""


@dataclass(frozen=True)
class HistoryEntry:
    """One thing that happened to a correction, in order: proposal, verdicts, supersession."""

    action: str
    """``propose``, ``approve``, ``reject``, ``amend``, ``withdraw``, ``supersede``, ``clear``."""
    by: str
    role: Role
    revision: int
    saved: datetime
    comment: str | None = None
    text: str | None = None
    """The proposed words for ``propose`` (of a ``resolve-gap`` or ``replace``), kept when a
    reviewer amends them; the new words for ``amend``; the superseding/clearing id for
    ``supersede``/``clear``."""


@dataclass(frozen=True)
class Problem:
    """Something in the sidecar that breaks a rule; listed by ``check``, never fatal."""

    revision: int
    event: int
    """Index of the event in the revision's ``events`` list (0-based)."""
    correction: str | None
    rule: str
    """A short name the CLI can filter on: ``duplicate-id``, ``unknown-id``, ``not-a-flag``,
    ``withdrawn``, ``not-amendable``, ``role``, ``self-approval``, ``withdraw-approved``,
    ``withdraw-other``."""
    message: str
    skipped: bool
    """True when the event was ignored, False when it was applied as written."""


@dataclass
class Correction:
    """A proposal and everything that happened to it since."""

    id: str
    kind: ProposalKind
    anchor: Anchor
    author: str
    role: Role
    revision: int
    saved: datetime
    text: str | None = None
    evidence: Evidence | None = None
    note: str | None = None
    reason: str | None = None
    """Why a flag was raised."""
    flag: str | None = None
    """For ``clear-flag``: the id of the flag it clears."""
    review_status: Status = Status.PROPOSED
    placement: Placement | None = None
    history: list[HistoryEntry] = field(default_factory=list)
    superseded_by: str | None = None
    amended_by: str | None = None
    self_approved: bool = False
    cleared_by: str | None = None
    """For flags: the approved ``clear-flag`` correction that cleared it."""

    @property
    def status(self) -> Status:
        """The status to show: orphaned when the anchor is lost, else the review status."""
        if self.placement is not None and self.placement.orphaned:
            return Status.ORPHANED
        return self.review_status

    @property
    def span(self) -> tuple[int, int] | None:
        """The span in the current transcript, or None when orphaned."""
        return None if self.placement is None else self.placement.span

    @property
    def proposed_text(self) -> str | None:
        """The proposer's words (:attr:`text` is the reviewer's once amended)."""
        first = self.history[0] if self.history else None
        return first.text if first is not None and first.action == "propose" else self.text

    @property
    def changes_text(self) -> bool:
        """True for kinds that decide what a span becomes (alternatives of one another)."""
        return self.kind in TEXT_KINDS


@dataclass
class PinState:
    """A manual time pin with its placement in the current text."""

    id: str
    anchor: Anchor
    seconds: float
    author: str
    revision: int
    placement: Placement | None = None


@dataclass
class QuestionState:
    """A question recorded in the sidecar (by ``merge``), open until a verdict answers it."""

    id: str
    about: str
    """The correction it is about."""
    text: str
    author: str
    revision: int
    saved: datetime
    answered_by: int | None = None
    """The revision whose verdict on :attr:`about` answered it (None: still open)."""

    @property
    def open(self) -> bool:
        return self.answered_by is None


@dataclass
class Dismissal:
    """A finding of the final check set aside (a ``qc-dismiss`` event), and whether it was
    taken back (``qc-restore``)."""

    id: str
    finding: str
    """The finding's stable id (``q-…``)."""
    rule: str
    words: str
    note: str | None
    author: str
    revision: int
    saved: datetime
    restored_by: str | None = None
    """Who took it back (None: it stands)."""
    restored_in: int | None = None
    """The revision that took it back."""

    @property
    def standing(self) -> bool:
        return self.restored_in is None


@dataclass
class State:
    """Every correction after folding revisions 1..:attr:`revision` onto the current transcript."""

    text: str
    header: Header | None
    revision: int = 0
    last_revision_id: str | None = None
    corrections: dict[str, Correction] = field(default_factory=dict)
    pins: list[PinState] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    stale_revisions: list[int] = field(default_factory=list)
    """Revisions recorded on another transcript version (their anchors were re-anchored)."""
    questions: list[QuestionState] = field(default_factory=list)
    """Questions for the review queue (conflicting verdicts found by ``merge``), in order."""
    dismissals: dict[str, Dismissal] = field(default_factory=dict)
    """Every ``qc-dismiss`` by its own id, in the order made, restored ones included."""

    def dismissed(self) -> dict[str, list[Dismissal]]:
        """The findings set aside, by finding id: the dismissals of each that stand (two people
        dismissing one finding: one entry, two dismissals)."""
        out: dict[str, list[Dismissal]] = {}
        for d in self.dismissals.values():
            if d.standing:
                out.setdefault(d.finding, []).append(d)
        return out

    @property
    def open_questions(self) -> list[QuestionState]:
        """Questions no verdict has answered yet: they belong in the review queue."""
        return [q for q in self.questions if q.open]

    def get(self, correction_id: str) -> Correction:
        """The correction with this id; :class:`UnknownCorrectionError` if there is none."""
        try:
            return self.corrections[correction_id]
        except KeyError:
            raise UnknownCorrectionError(
                None, f"no correction with id {correction_id!r}; `log` or `items` lists them"
            ) from None

    def with_status(self, status: Status) -> list[Correction]:
        """Corrections whose displayed status is ``status``, in proposal order."""
        return [c for c in self.corrections.values() if c.status is status]

    def counts(self) -> dict[str, int]:
        """Number of corrections per displayed status (every status present, zeros included)."""
        out = {s.value: 0 for s in Status}
        for c in self.corrections.values():
            out[c.status.value] += 1
        return out

    @property
    def orphaned(self) -> list[Correction]:
        """Corrections whose anchor could not be placed: listed, never dropped."""
        return self.with_status(Status.ORPHANED)

    def active_flags(self, include_proposed: bool = False) -> list[Correction]:
        """Flags still standing: not rejected/withdrawn/orphaned and not cleared."""
        live = {Status.PROPOSED, Status.APPROVED}
        clearing: set[str | None] = set()
        if include_proposed:
            clearing = {
                o.flag
                for o in self.corrections.values()
                if o.kind is ProposalKind.CLEAR_FLAG and o.review_status is Status.PROPOSED
            }
        return [
            c
            for c in self.corrections.values()
            if c.kind is ProposalKind.FLAG
            and c.status in live
            and not c.cleared_by
            and c.id not in clearing
        ]

    def active_pins(self) -> list[PinState]:
        """The latest placed pin for each pinned start offset, in text order."""
        latest: dict[int, PinState] = {}
        for pin in self.pins:
            if pin.placement is not None and pin.placement.start is not None:
                latest[pin.placement.start] = pin
        return [latest[k] for k in sorted(latest)]


class _SpanIndex:
    """Live text-changing corrections by span, to find overlapping alternatives quickly.

    Only proposed or approved corrections are live; rejected ones are dropped lazily (skipped
    when met, the list rebuilt when most entries are dead), so even thousands of alternatives
    for one gap cost O(n log n) in all rather than O(n) per approval.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._items: list[tuple[int, int, str]] = []
        self._live: dict[str, tuple[int, int]] = {}
        self._longest = 0

    def add(self, start: int, end: int, correction_id: str) -> None:
        if self._live.get(correction_id) == (start, end):
            return
        self._live[correction_id] = (start, end)
        i = bisect.bisect_right(self._starts, start)
        self._starts.insert(i, start)
        self._items.insert(i, (start, end, correction_id))
        self._longest = max(self._longest, end - start)

    def discard(self, correction_id: str) -> None:
        if self._live.pop(correction_id, None) is None:
            return
        if len(self._items) > 2 * len(self._live) + 64:
            items = [it for it in self._items if self._live.get(it[2]) == (it[0], it[1])]
            self._items = list(dict.fromkeys(items))
            self._starts = [it[0] for it in self._items]

    def overlapping(self, start: int, end: int) -> list[str]:
        lo = bisect.bisect_left(self._starts, start - self._longest)
        hi = bisect.bisect_right(self._starts, end)
        found: dict[str, None] = {}
        for s, e, cid in self._items[lo:hi]:
            if self._live.get(cid) == (s, e) and spans_conflict((start, end), (s, e)):
                found[cid] = None
        return list(found)


#: Problems with a verdict that breaks the review rules (who may give it).
VERDICT_RULES = frozenset({"role", "self-approval"})


def invalid_verdicts(state: State) -> list[Problem]:
    """Verdicts in the file that break the review rules and so were not applied."""
    return [p for p in state.problems if p.rule in VERDICT_RULES and p.skipped]


def invalid_verdicts_note(state: State) -> str | None:
    """One line naming the verdicts not applied, with their revisions; None when there are
    none. Shown by show, export and the editor, so nobody mistakes them for approvals."""
    found = invalid_verdicts(state)
    if not found:
        return None
    listed = "; ".join(f"revision {p.revision}: {p.rule} on {p.correction}" for p in found[:5])
    more = f"; and {len(found) - 5} more" if len(found) > 5 else ""
    n = len(found)
    return (
        f"{n} verdict{'s' if n != 1 else ''} in the sidecar break{'s' if n == 1 else ''} the "
        f"review rules and {'were' if n != 1 else 'was'} not applied ({listed}{more}); "
        "`transcript-review check` lists them"
    )


def spans_conflict(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """True when two edits cannot both apply: they share text, or insert at the same point
    (an empty span inside or at the start of another counts: the order would be a guess)."""
    if a[0] == a[1]:
        return b[0] <= a[0] < b[1] or a[0] == b[0]
    if b[0] == b[1]:
        return a[0] <= b[0] < a[1]
    return a[0] < b[1] and b[0] < a[1]


def own_overlaps(state: State) -> list[Problem]:
    """Pairs of live text-changing corrections by one author over the same words, for ``check``
    (rule ``overlap-own``): export applies only one of them, silently. Others' proposals over
    the same words are alternatives for a reviewer and are not listed. Each problem is dated
    to the later of the two proposals (``event`` -1: no single event is at fault)."""
    live = sorted(
        (
            (c.span, c)
            for c in state.corrections.values()
            if c.status in (Status.PROPOSED, Status.APPROVED)
            and c.changes_text
            and c.span is not None
        ),
        key=lambda pair: pair[0],
    )
    found: list[Problem] = []
    open_: list[Correction] = []  # earlier ones that may still reach the next
    for span, corr in live:
        open_ = [o for o in open_ if o.span is not None and o.span[1] >= span[0]]
        for other in open_:
            assert other.span is not None
            if other.author == corr.author and spans_conflict(other.span, span):
                found.append(
                    Problem(
                        max(other.revision, corr.revision),
                        -1,
                        corr.id,
                        "overlap-own",
                        f"{other.id} and {corr.id}, both by {corr.author}, change the same "
                        "words; export applies only one: withdraw the other",
                        False,
                    )
                )
        open_.append(corr)
    return found


class _Folder:
    """Applies events to a :class:`State`; lenient for the file, strict for a :class:`Draft`."""

    def __init__(self, state: State, reanchorer: Reanchorer) -> None:
        self.state = state
        self.reanchorer = reanchorer
        self.index = _SpanIndex()
        self.allow_self_approval = False

    def add_placed(self, correction: Correction) -> None:
        span = correction.span
        if correction.changes_text and span is not None:
            self.index.add(span[0], span[1], correction.id)

    def apply(
        self,
        event: Event,
        rev: Revision,
        position: int,
        *,
        strict: bool,
        allow_self_approval: bool = False,
    ) -> None:
        """Apply one event; ``strict`` raises on any rule breach instead of listing it."""
        self.allow_self_approval = allow_self_approval
        handler = {
            Propose: self._propose,
            Flag: self._propose,
            ClearFlag: self._propose,
            Approve: self._verdict,
            Reject: self._verdict,
            Amend: self._verdict,
            Withdraw: self._verdict,
            Pin: self._pin,
            Question: self._question,
            QcDismiss: self._dismiss,
            QcRestore: self._restore,
        }[type(event)]
        handler(event, rev, position, strict)

    # -- problems -----------------------------------------------------------------------------

    def _problem(
        self,
        rev: Revision,
        position: int,
        cid: str | None,
        rule: str,
        message: str,
        *,
        skipped: bool,
        strict: bool,
        error: type[ReviewRuleError] = ReviewRuleError,
    ) -> None:
        if strict:
            raise error(None, message)
        self.state.problems.append(Problem(rev.number, position, cid, rule, message, skipped))

    # -- proposals ----------------------------------------------------------------------------

    def _propose(
        self, event: Propose | Flag | ClearFlag, rev: Revision, pos: int, strict: bool
    ) -> None:
        state = self.state
        if event.id in state.corrections:
            self._problem(
                rev,
                pos,
                event.id,
                "duplicate-id",
                f"id {event.id} is used twice; the second proposal is ignored",
                skipped=True,
                strict=strict,
            )
            return
        words = event.text if isinstance(event, Propose) else None
        entry = HistoryEntry("propose", rev.author, rev.role, rev.number, rev.saved, text=words)
        if isinstance(event, Propose):
            corr = Correction(
                event.id,
                event.kind,
                event.anchor,
                rev.author,
                rev.role,
                rev.number,
                rev.saved,
                text=event.text,
                evidence=event.evidence,
                note=event.note,
                history=[entry],
            )
        elif isinstance(event, Flag):
            corr = Correction(
                event.id,
                ProposalKind.FLAG,
                event.anchor,
                rev.author,
                rev.role,
                rev.number,
                rev.saved,
                reason=event.reason,
                note=event.note,
                history=[entry],
            )
        else:
            target = state.corrections.get(event.flag)
            if target is None or target.kind is not ProposalKind.FLAG:
                self._problem(
                    rev,
                    pos,
                    event.id,
                    "not-a-flag",
                    f"clear-flag {event.id} names {event.flag}, which is not a flag",
                    skipped=True,
                    strict=strict,
                )
                return
            corr = Correction(
                event.id,
                ProposalKind.CLEAR_FLAG,
                target.anchor,
                rev.author,
                rev.role,
                rev.number,
                rev.saved,
                flag=event.flag,
                note=event.note,
                history=[entry],
                placement=target.placement,
            )
        if corr.placement is None:
            corr.placement = self.reanchorer.place(corr.anchor)
        state.corrections[corr.id] = corr
        self.add_placed(corr)

    def _pin(self, event: Pin, rev: Revision, pos: int, strict: bool) -> None:
        pin = PinState(event.id, event.anchor, event.seconds, rev.author, rev.number)
        pin.placement = self.reanchorer.place(event.anchor)
        self.state.pins.append(pin)

    def _question(self, event: Question, rev: Revision, pos: int, strict: bool) -> None:
        if event.about not in self.state.corrections:
            self._problem(
                rev,
                pos,
                event.about,
                "unknown-id",
                f"question {event.id} is about {event.about}, which is not a correction",
                skipped=True,
                strict=strict,
                error=UnknownCorrectionError,
            )
            return
        self.state.questions.append(
            QuestionState(event.id, event.about, event.text, rev.author, rev.number, rev.saved)
        )

    # -- dismissals of final-check findings --------------------------------------------------

    def _dismiss(self, event: QcDismiss, rev: Revision, pos: int, strict: bool) -> None:
        state = self.state
        if event.id in state.dismissals or event.id in state.corrections:
            self._problem(
                rev,
                pos,
                event.id,
                "duplicate-id",
                f"dismissal {event.id} reuses an id already in the sidecar; skipped",
                skipped=True,
                strict=strict,
            )
            return
        standing = state.dismissed().get(event.finding) if strict else None
        if standing:
            by = standing[0]
            raise AlreadyDecidedError(
                None,
                f"finding {event.finding} is already dismissed (by {by.author} in revision "
                f"{by.revision}); nothing to do, nothing was written",
            )
        state.dismissals[event.id] = Dismissal(
            event.id,
            event.finding,
            event.rule,
            event.words,
            event.note,
            rev.author,
            rev.number,
            rev.saved,
        )

    def _restore(self, event: QcRestore, rev: Revision, pos: int, strict: bool) -> None:
        found = self.state.dismissals.get(event.id)
        if found is None:
            self._problem(
                rev,
                pos,
                event.id,
                "unknown-id",
                f"qc-restore names {event.id}, which is no dismissal; skipped",
                skipped=True,
                strict=strict,
                error=UnknownCorrectionError,
            )
            return
        if not found.standing:
            # Two people restoring one dismissal (on two branches) is one restore: not a
            # problem in the file; refused only as a new event (it would change nothing).
            if strict:
                raise AlreadyDecidedError(
                    None,
                    f"dismissal {event.id} was already taken back (by {found.restored_by} in "
                    f"revision {found.restored_in}); nothing to do",
                )
            return
        found.restored_by = rev.author
        found.restored_in = rev.number

    def _answer(self, correction_id: str, rev: Revision) -> None:
        """A verdict given after a question about the same correction answers it."""
        for question in self.state.questions:
            if question.about == correction_id and question.open:
                question.answered_by = rev.number

    # -- verdicts -----------------------------------------------------------------------------

    def _verdict(
        self, event: Approve | Reject | Amend | Withdraw, rev: Revision, pos: int, strict: bool
    ) -> None:
        state = self.state
        corr = state.corrections.get(event.id)
        action = {Approve: "approve", Reject: "reject", Amend: "amend", Withdraw: "withdraw"}[
            type(event)
        ]
        if corr is None:
            self._problem(
                rev,
                pos,
                event.id,
                "unknown-id",
                f"{action} names {event.id}, which is not a correction",
                skipped=True,
                strict=strict,
                error=UnknownCorrectionError,
            )
            return
        if corr.review_status is Status.WITHDRAWN:
            self._problem(
                rev,
                pos,
                corr.id,
                "withdrawn",
                f"{corr.id} was withdrawn by its author; it cannot be {action}d",
                skipped=True,
                strict=strict,
            )
            return
        if isinstance(event, Withdraw):
            self._withdraw(corr, event, rev, pos, strict)
            return
        if isinstance(event, Amend) and corr.kind not in AMENDABLE_KINDS:
            self._problem(
                rev,
                pos,
                corr.id,
                "not-amendable",
                f"{corr.id} is a {corr.kind.value}; it has no words to amend",
                skipped=True,
                strict=strict,
            )
            return
        # The same rules for a file written by hand as for a draft: a verdict that breaks
        # them is listed (``check``) and *not applied*, so show, export, the editor and the
        # queue never present as approved what a reviewer did not approve.
        if rev.role is not Role.REVIEWER:
            self._problem(
                rev,
                pos,
                corr.id,
                "role",
                f"{action} of {corr.id} was saved by {rev.author} as an "
                "editor; verdicts are a reviewer's (not applied)",
                skipped=True,
                strict=strict,
            )
            return
        approving = not isinstance(event, Reject)
        if approving and rev.author == corr.author:
            if not self.allow_self_approval:
                self._problem(
                    rev,
                    pos,
                    corr.id,
                    "self-approval",
                    f"{corr.id} is {rev.author}'s own proposal; another reviewer must approve it "
                    "(or allow_self_approval must be set); not applied",
                    skipped=True,
                    strict=strict,
                    error=SelfApprovalError,
                )
                return
            corr.self_approved = True
        text = event.text if isinstance(event, Amend) else None
        corr.history.append(
            HistoryEntry(action, rev.author, rev.role, rev.number, rev.saved, event.comment, text)
        )
        self._answer(corr.id, rev)
        if isinstance(event, Reject):
            corr.review_status = Status.REJECTED
            self.index.discard(corr.id)
            self._unclear(corr)
            return
        if isinstance(event, Amend):
            corr.text = event.text
            corr.amended_by = rev.author
        corr.review_status = Status.APPROVED
        corr.superseded_by = None
        self.add_placed(corr)
        if corr.kind is ProposalKind.CLEAR_FLAG and corr.flag in state.corrections:
            flag = state.corrections[corr.flag]
            flag.cleared_by = corr.id
            flag.history.append(
                HistoryEntry("clear", rev.author, rev.role, rev.number, rev.saved, text=corr.id)
            )
        self._supersede_others(corr, rev)

    def _unclear(self, corr: Correction) -> None:
        """A rejected clear-flag no longer clears its flag (the reviewer changed their mind)."""
        if corr.kind is ProposalKind.CLEAR_FLAG and corr.flag in self.state.corrections:
            flag = self.state.corrections[corr.flag]
            if flag.cleared_by == corr.id:
                flag.cleared_by = None

    def _withdraw(
        self, corr: Correction, event: Withdraw, rev: Revision, pos: int, strict: bool
    ) -> None:
        if corr.review_status is Status.APPROVED:
            self._problem(
                rev,
                pos,
                corr.id,
                "withdraw-approved",
                f"{corr.id} is approved; only a reviewer can undo that (reject)",
                skipped=True,
                strict=strict,
            )
            return
        if rev.author != corr.author:
            self._problem(
                rev,
                pos,
                corr.id,
                "withdraw-other",
                f"{rev.author} withdrew {corr.id}, proposed by {corr.author}",
                skipped=False,
                strict=strict,
            )
        corr.history.append(
            HistoryEntry("withdraw", rev.author, rev.role, rev.number, rev.saved, event.comment)
        )
        self._answer(corr.id, rev)
        corr.review_status = Status.WITHDRAWN
        self.index.discard(corr.id)

    def _supersede_others(self, winner: Correction, rev: Revision) -> None:
        span = winner.span
        if not winner.changes_text or span is None:
            return
        corrections = self.state.corrections
        for cid in self.index.overlapping(span[0], span[1]):
            other = corrections[cid]
            if cid == winner.id or other.review_status not in (Status.PROPOSED, Status.APPROVED):
                continue
            other.review_status = Status.REJECTED
            other.superseded_by = winner.id
            self.index.discard(cid)
            other.history.append(
                HistoryEntry(
                    "supersede", rev.author, rev.role, rev.number, rev.saved, text=winner.id
                )
            )


def fold(
    header: Header | None,
    revisions: Sequence[Revision],
    transcript_text: str,
    upto: int | None = None,
    *,
    transcript_sha256: str | None = None,
    allow_self_approval: bool = False,
) -> State:
    """The state after revisions ``1..upto`` (all when None), placed on ``transcript_text``.

    ``transcript_sha256`` is the digest revisions record for the transcript: sha256 of its text
    (``\\n`` line ends) as UTF-8, i.e. ``Transcript.sha256`` and :func:`.anchors.text_sha256`,
    computed here when not given. Revisions recording another digest (made on another version
    of the transcript) are listed in :attr:`State.stale_revisions`.
    Anchors are always verified against the text, so a wrong digest costs time, not accuracy.
    ``allow_self_approval`` is the reader's setting: without it, approving one's own proposal
    is not applied (and is listed in :attr:`State.problems`), as it is refused in a draft.
    """
    digest = transcript_sha256 or text_sha256(transcript_text)
    chosen = [r for r in revisions if upto is None or r.number <= upto]
    state = State(text=transcript_text, header=header)
    reanchorer = Reanchorer(transcript_text)
    # Place every anchor first, in saved-position order (fast for shifted transcripts).
    anchors: list[Anchor] = []
    for rev in chosen:
        for event in rev.events:
            if isinstance(event, Propose | Flag | Pin):
                anchors.append(event.anchor)
    placements = dict(zip(anchors, reanchorer.place_all(anchors), strict=True))
    folder = _Folder(state, _CachedReanchorer(reanchorer, placements))
    for rev in chosen:
        if rev.transcript_sha256 != digest:
            state.stale_revisions.append(rev.number)
        for position, event in enumerate(rev.events):
            folder.apply(
                event, rev, position, strict=False, allow_self_approval=allow_self_approval
            )
        state.revision = rev.number
        state.last_revision_id = rev.id
    return state


class _CachedReanchorer(Reanchorer):
    """A reanchorer answering from placements computed in bulk, falling back to searching."""

    def __init__(self, inner: Reanchorer, placements: dict[Anchor, Placement]) -> None:
        super().__init__(inner.text, min_score=inner.min_score, margin=inner.margin)
        self._placements = placements

    def place(self, anchor: Anchor) -> Placement:
        found = self._placements.get(anchor)
        return found if found is not None else super().place(anchor)
