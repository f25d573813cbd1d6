"""An editing session: a transcript, its sidecar, and the unsaved actions of one person.

Both the headless commands (one action, then save) and the editor (many actions, undo/redo,
then save) go through :class:`EditingSession`, so there is one way of turning "resolve this gap"
into an event, and one way of saving.

The unsaved actions are records of :mod:`.actions` that apply themselves to the draft. Undo
works on whole actions: the draft is rebuilt from the saved state by replaying the actions
that remain. Replaying gives each proposal the id it had before (and redo the id it had before
it was undone), so undo brings back exactly the previous state, and actions that refer to an
id (approving a proposal made in the same session, clearing a flag raised in it, an edit
withdrawing the proposal it revises) still find it; should an id be taken meanwhile (by
another writer's save), a new one is made and the references are mapped to it.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config import Config, resolve_user
from ..corrections import Draft, State, Status, fold
from ..errors import InputError
from ..quoting import short
from ..sidecar.records import Evidence, Header, ProposalKind, Revision, Role
from ..sidecar.store import (
    LoadedSidecar,
    SaveResult,
    append_revision,
    load_sidecar,
    sidecar_path_for,
)
from ..text.anchors import Anchor
from ..text.items import Item, find_items, item_by_id
from ..text.transcript import Transcript, load_transcript
from .actions import (
    Action,
    Amend,
    Approve,
    ClearFlag,
    Edit,
    Flag,
    Pin,
    Proposal,
    Reject,
    Replace,
    Withdraw,
)
from .item_states import ItemState, item_states, state_counts
from .span_edit import (
    EditPlan,
    SpanText,
    plan_gap_decision,
    plan_replace,
    plan_span_edit,
    span_text,
)
from .wording import EditWording, summary_message


@dataclass(frozen=True)
class SetAside:
    """An unsaved action that no longer applied when the sidecar was read again (someone
    else's save changed what it acted on): dropped from the unsaved actions, kept here."""

    action: Action
    reason: str
    """Why, as the refusal of a fresh action would say it."""

    @property
    def message(self) -> str:
        """One line for the user, naming the action and why it was set aside."""
        return (
            f"Your unsaved action ({self.action.label}) no longer applies: "
            f"{self.reason.rstrip('.')}; it was set aside"
        )


class EditingSession:
    """A transcript opened for correcting by one user in one role."""

    def __init__(
        self,
        transcript: Transcript,
        sidecar: LoadedSidecar,
        *,
        user: str,
        role: Role = Role.EDITOR,
        allow_self_approval: bool = False,
    ) -> None:
        self.transcript = transcript
        self.wording = EditWording(transcript, lambda: self.items)  # edits put into words
        self.user = user
        self.user_source: str | None = None
        """Where a guessed :attr:`user` came from (None: they chose it; see resolve_user)."""
        self.role = role
        self.allow_self_approval = allow_self_approval
        self.sidecar = sidecar
        self.actions: list[Action] = []
        self.undone: list[Action] = []
        self._undone_ids: list[list[str]] = []
        """The ids each undone action had produced, for its redo."""
        self.header_defaults: dict[str, str | None] = {}
        """``webcast``, ``media`` for the header the first save writes."""
        self._ids: list[list[str]] = []
        """The ids each action produced, to map references when replaying."""
        self.set_aside: list[SetAside] = []
        """Unsaved actions a reload dropped as no longer applying (newest last)."""
        self._saved_statuses: dict[str, Status] = {}
        """Each correction's status as saved, before the unsaved actions."""
        self.draft = self._fresh_draft()

    @classmethod
    def open(
        cls,
        path: str | Path,
        config: Config,
        *,
        user: str | None = None,
        role: Role = Role.EDITOR,
        transcript: Transcript | None = None,
        sidecar: LoadedSidecar | None = None,
    ) -> EditingSession:
        """Load the transcript (unless given: the editor's, parsed once) and its sidecar."""
        transcript = transcript or load_transcript(path, config.markers)
        sidecar = sidecar or load_sidecar(sidecar_path_for(path))
        name, source = resolve_user(config, user)
        session = cls(
            transcript,
            sidecar,
            user=name,
            role=role,
            allow_self_approval=config.allow_self_approval,
        )
        session.user_source = source
        return session

    # -- state ------------------------------------------------------------------------------

    @property
    def sidecar_path(self) -> Path:
        return self.sidecar.path

    @property
    def state(self) -> State:
        """Saved corrections with the unsaved actions applied."""
        return self.draft.state

    @property
    def saved_revision(self) -> int:
        return len(self.sidecar.revisions)

    @property
    def dirty(self) -> bool:
        return bool(self.actions)

    def saved_status(self, correction_id: str) -> Status | None:
        """The correction's status as saved in the sidecar (None: proposed in the unsaved
        actions). The review queue keeps a row the reviewer just decided under a filter on
        this status until the save, so they can check what they did."""
        return self._saved_statuses.get(correction_id)

    def _fresh_draft(self) -> Draft:
        state = fold(
            self.sidecar.header,
            self.sidecar.revisions,
            self.transcript.text,
            transcript_sha256=self.transcript.sha256,
            allow_self_approval=self.allow_self_approval,
        )
        self._saved_statuses = {cid: c.status for cid, c in state.corrections.items()}
        return Draft(state, self.user, self.role, allow_self_approval=self.allow_self_approval)

    @functools.cached_property
    def items(self) -> list[Item]:
        """The gaps and uncertain passages (:func:`.find_items`), found on first use, not when
        the session opens: ``check`` and ``status`` never need them, and a million markers'
        items take seconds to make."""
        return find_items(self.transcript)

    def item(self, wanted: str) -> Item:
        """The item with id (or unique id prefix) ``wanted``; InputError naming the file if none."""
        return item_by_id(self.items, wanted, self.transcript.path)

    def correction_id(self, wanted: str) -> str:
        """The correction id ``wanted`` is, or uniquely begins (like git's short hashes)."""
        ids = self.state.corrections
        if wanted in ids:
            return wanted
        matching = [c for c in ids if wanted and c.startswith(wanted.strip().lower())]
        if len(matching) == 1:
            return matching[0]
        why = (
            f"{wanted!r} could be any of {', '.join(matching[:5])}; give more of the id"
            if matching
            else f"no correction with id {wanted!r}"
        )
        raise InputError(
            self.transcript.path,
            f"{why}; `transcript-review export {self.transcript.path} --format json` lists them",
        )

    def anchor(self, start: int, end: int) -> Anchor:
        return Anchor.from_span(self.transcript.text, start, end)

    def item_states(self) -> list[ItemState]:
        """Every item with its state, from the standing corrections on it (see
        :func:`.item_states.item_states`)."""
        return item_states(self.state, self.items)

    def state_counts(self) -> dict[str, Counter[str]]:
        """How many gaps and uncertain passages stand in each state (``open``, ``proposed``,
        ``resolved``), as :meth:`item_states` would count them, without finding the items."""
        return state_counts(self.state, self.transcript.markers, self.transcript.text)

    # -- actions ----------------------------------------------------------------------------

    def resolve_gap(
        self, item: Item, text: str, evidence: Evidence = Evidence.LISTENED, note: str | None = None
    ) -> str:
        """Propose words for a gap. Deciding again on a gap one decided on (unapproved)
        revises that decision, as one action; see :func:`.span_edit.plan_gap_decision`."""
        proposal = Proposal(self._gap_anchor(item), text, note, evidence, ProposalKind.RESOLVE_GAP)
        return self._gap_decision(item, proposal, "Resolve gap {}")

    def confirm_gap(self, item: Item, note: str | None = None) -> str:
        proposal = Proposal(self._gap_anchor(item), "", note, kind=ProposalKind.CONFIRM_GAP)
        return self._gap_decision(item, proposal, "Gap {} truly inaudible")

    def dismiss_gap(self, item: Item, note: str | None = None) -> str:
        proposal = Proposal(self._gap_anchor(item), "", note, kind=ProposalKind.DISMISS_GAP)
        return self._gap_decision(item, proposal, "Gap {} is not a gap")

    def _gap_anchor(self, item: Item) -> Anchor:
        """The anchor of a gap's marker (refused first if ``item`` is no gap)."""
        self._require_gap(item)
        return self.anchor(item.start, item.end)

    def _gap_decision(self, item: Item, proposal: Proposal, label: str) -> str:
        """Decide on the gap ``item`` as one action: ``proposal`` alone, or with it an
        :class:`.actions.Edit` withdrawing the user's earlier decision on the gap.
        ``label`` names the action for undo and confirmations, ``{}`` standing for the id."""
        with self._naming_file():
            withdraw = plan_gap_decision(self.state, item.start, item.end, self.user)
        label = label.format(item.id)
        if not withdraw:
            return self._do(proposal.as_action(label, alternatives=True))
        label += " (revising your earlier proposal)"
        edit = Edit(withdraw=tuple(withdraw), proposals=(proposal,), label=label, alternatives=True)
        return self._do(edit)[0]

    def replace(self, start: int, end: int, text: str, note: str | None = None) -> str:
        """Propose ``text`` for original ``[start, end)`` (the CLI's ``replace --quote``).

        Planned by :func:`.span_edit.plan_replace`: the user's own proposals inside the span are
        superseded in the same action; cutting across one, or overlapping an approved
        correction, raises :class:`.span_edit.EditRefused`. Returns the new correction's id.
        """
        with self._naming_file():
            plan = plan_replace(self.state, start, end, text, self.user, note)
        return self.apply_plan(plan, alternatives=True)[0]

    def span_text(self, start: int, end: int) -> SpanText:
        """The passage ``[start, end)`` as it reads now, for editing (see :mod:`.span_edit`)."""
        return span_text(self.state, start, end, self.user)

    def edit_span(self, span: SpanText, new_text: str) -> list[str]:
        """Turn an edit of ``span.text`` into corrections, as one undoable action.

        Raises :class:`.span_edit.EditRefused` when the edit touches words that are not the
        user's to change, and :class:`InputError` when the passage changed since ``span`` was
        taken (someone else's save came in while the user was typing); nothing changes then.
        Returns the ids of the new proposals (none when nothing changed, or when the edit only
        takes back proposals: a gap's words deleted opens the gap again). :meth:`plan_edit` and
        :meth:`apply_plan` are the two halves, for a caller that shows :meth:`edit_message`.
        """
        plan = self.plan_edit(span, new_text)
        return self.apply_plan(plan) if not plan.empty else []

    def plan_edit(self, span: SpanText, new_text: str) -> EditPlan:
        """What :meth:`edit_span` would do, changing nothing (the same refusals)."""
        with self._naming_file():
            return self._plan_edit(span, new_text)

    def _plan_edit(self, span: SpanText, new_text: str) -> EditPlan:
        now = self.span_text(span.start, span.end)
        if (now.start, now.end, now.text) != (span.start, span.end, span.text) or [
            c.id for c in now.corrections
        ] != [c.id for c in span.corrections]:
            raise InputError(
                self.transcript.path,
                "the passage changed while you were editing it (a save by someone else came "
                "in); nothing was applied: open it again",
            )
        return plan_span_edit(self.state, span, new_text, self.user)

    def edit_message(self, plan: EditPlan) -> str:
        """What an applied edit did, for the user (see :meth:`.wording.EditWording.message`)."""
        return self.wording.message(plan)

    def apply_plan(self, plan: EditPlan, *, alternatives: bool = False) -> list[str]:
        """Apply a planned edit as ONE action, so undo takes all of it back.

        A plan that is a single ``replace`` is recorded as a plain ``replace`` action; one that
        supersedes proposals, or makes several, as an ``edit`` action: its proposals in text
        order (``replace``, or ``resolve-gap`` where it revises the user's decision on a gap),
        then the withdrawal of each proposal it supersedes or takes back (a gap open again).
        Returns the new correction ids in that order. ``alternatives``: see
        :attr:`.actions.Replace.alternatives` (a plan of :func:`.span_edit.plan_replace`).
        """
        text = self.transcript.text
        if (
            len(plan.replaces) == 1
            and not plan.withdraw
            and not plan.gaps
            and plan.replaces[0].evidence is None
        ):
            (one,) = plan.replaces
            quoted = short(text[one.start : one.end], 30)
            action = Replace(
                anchor=self.anchor(one.start, one.end),
                text=one.text,
                note=one.note,
                label=f"Correct “{quoted}”",
                alternatives=alternatives,
            )
            return [self._do(action)]
        planned = sorted(
            [
                (r.start, r.end, r.text, r.note, r.evidence, ProposalKind.REPLACE)
                for r in plan.replaces
            ]
            + [
                (g.start, g.end, g.text, g.note, g.evidence, ProposalKind.RESOLVE_GAP)
                for g in plan.gaps
            ],
            key=lambda p: (p[0], p[1]),
        )
        proposals = tuple(
            Proposal(self.anchor(start, end), words, note, evidence, kind)
            for start, end, words, note, evidence, kind in planned
        )
        edit = Edit(
            withdraw=tuple(plan.withdraw),
            proposals=proposals,
            reopened=tuple(g.correction for g in plan.reopened),
            label=self.wording.label(plan),
            alternatives=alternatives,
        )
        return list(self._do(edit))

    def flag(self, start: int, end: int, reason: str, note: str | None = None) -> str:
        anchor = self.anchor(start, end)
        quoted = short(self.transcript.text[start:end], 30)
        return self._do(Flag(anchor=anchor, reason=reason, note=note, label=f"Flag “{quoted}”"))

    def clear_flag(self, flag_id: str, note: str | None = None) -> str:
        return self._do(ClearFlag(flag_id=flag_id, note=note, label=f"Clear flag {flag_id}"))

    def pin(self, start: int, end: int, seconds: float) -> str:
        anchor = self.anchor(start, end)
        return self._do(Pin(anchor=anchor, seconds=seconds, label="Pin a paragraph's time"))

    def approve(self, correction_id: str, comment: str | None = None) -> None:
        cid = self.correction_id(correction_id)
        self._do(Approve(correction_id=cid, comment=comment, label=f"Approve {cid}"))

    def reject(self, correction_id: str, comment: str | None = None) -> None:
        cid = self.correction_id(correction_id)
        self._do(Reject(correction_id=cid, comment=comment, label=f"Reject {cid}"))

    def amend(self, correction_id: str, text: str, comment: str | None = None) -> None:
        cid = self.correction_id(correction_id)
        self._do(Amend(correction_id=cid, text=text, comment=comment, label=f"Amend {cid}"))

    def withdraw(self, correction_id: str, comment: str | None = None) -> None:
        cid = self.correction_id(correction_id)
        self._do(Withdraw(correction_id=cid, comment=comment, label=f"Withdraw {cid}"))

    def record(self, action: Action) -> Any:
        """Apply ``action`` as one undoable step: for actions the layers above define the
        rules of (the final check's dismissals, see :mod:`..qc.decisions`)."""
        return self._do(action)

    def _require_gap(self, item: Item) -> None:
        if item.kind != "gap":
            raise InputError(self.transcript.path, f"{item.id} is an uncertain passage, not a gap")

    @contextmanager
    def _naming_file(self) -> Iterator[None]:
        """Every refusal leaving the session names the file the user is working on."""
        try:
            yield
        except InputError as exc:
            if exc.path is None:
                exc.path = self.transcript.path
            raise

    def _do(self, action: Action, ids: list[str] | None = None) -> Any:
        """Apply an action to the draft; remember it for undo. Raises before changing anything
        (an ``edit`` refused half-way is taken back by rebuilding the draft). ``ids``: the ids
        its proposals had before (a redo gives them back)."""
        before = self._made_ids()
        events = len(self.draft.events)
        try:
            result = self._perform(action, ids or [])
        except InputError as exc:
            if len(self.draft.events) != events:
                self._replay()
            if exc.path is None:  # name the file the user is working on
                exc.path = self.transcript.path
            raise
        self.actions.append(action)
        self._ids.append([c for c in self._made_ids() if c not in before])
        self.undone.clear()
        self._undone_ids.clear()
        return result

    def _made_ids(self) -> dict[str, None]:
        """Every correction's and dismissal's id in the order made (what an action adds)."""
        made = dict.fromkeys(self.state.corrections)
        made.update(dict.fromkeys(self.state.dismissals))
        return made

    def _perform(self, action: Action, ids: list[str]) -> Any:
        """Apply one action to the draft, its proposals getting ``ids`` (those they had before,
        when replaying). An action planned earlier (a redo, a replay on a reload) is checked
        first against the rules of a fresh one: it is refused, not applied, where others'
        saves made it overlap a correction it must not."""
        action.check(self.state, self.user)
        with self.draft.reusing_ids(ids):
            return action.apply(self.draft)

    def set_role(self, role: Role) -> None:
        """Work as an editor or as a reviewer from now on (the editor's review mode).

        Unsaved actions are replayed under the new role; verdicts need the reviewer role, so
        leaving it with unsaved verdicts is refused (save or undo them first).
        """
        if role is self.role:
            return
        if role is Role.EDITOR and any(a.reviewer_only for a in self.actions):
            raise InputError(
                self.sidecar_path,
                "you have unsaved verdicts; save them (ctrl+s) or undo them before editing",
            )
        previous = self.role
        self.role = role
        try:
            with self._naming_file():
                self._replay()
        except InputError:
            self.role = previous
            self._replay()
            raise

    # -- undo and redo ------------------------------------------------------------------------

    def undo(self) -> Action | None:
        """Take back the last unsaved action (None when there is none)."""
        if not self.actions:
            return None
        action = self.actions.pop()
        self._undone_ids.append(self._ids.pop())
        self.undone.append(action)
        self._replay()
        return action

    def redo(self) -> Action | None:
        """Do again the last undone action (None when there is none)."""
        if not self.undone:
            return None
        action = self.undone.pop()
        ids = self._undone_ids.pop() if self._undone_ids else []
        undone, undone_ids = list(self.undone), list(self._undone_ids)
        try:
            self._do(action, ids)  # checked as a fresh action is: refused, it stays to redo
        except InputError:
            self.undone.append(action)
            self._undone_ids.append(ids)
            raise
        self.undone, self._undone_ids = undone, undone_ids
        return action

    def _replay(self, set_aside: list[SetAside] | None = None) -> None:
        """Rebuild the draft from the saved state and the remaining actions.

        An action that no longer applies raises :class:`InputError`; with ``set_aside`` it is
        dropped instead (with those depending on it), recorded there, and the rest replayed.
        """
        actions, old_ids = list(self.actions), list(self._ids)
        while True:
            self.draft = self._fresh_draft()
            self.actions, self._ids = [], []
            mapping: dict[str, str] = {}
            for i, (planned, ids) in enumerate(zip(actions, old_ids, strict=True)):
                action = planned.with_ids(mapping)  # ids it refers to, as the replay gave them
                before = self._made_ids()
                try:
                    self._perform(action, ids)
                except InputError as exc:
                    if set_aside is None:
                        raise
                    set_aside.append(SetAside(action, exc.reason))
                    del actions[i], old_ids[i]
                    break  # replay again without it (it may have added events)
                new = [c for c in self._made_ids() if c not in before]
                mapping.update(zip(ids, new, strict=False))
                self.actions.append(action)
                self._ids.append(new)
            else:
                return

    # -- saving -------------------------------------------------------------------------------

    def summary_message(self) -> str:
        """A revision message describing the unsaved actions, to prefill the save prompt."""
        return summary_message(self.actions)

    def save(self, message: str | None = None, *, break_lock: bool = False) -> SaveResult:
        """Append the unsaved actions as one revision, then reload so others' revisions show."""
        if not self.actions:
            raise InputError(self.sidecar_path, "nothing to save: no unsaved changes")
        others: tuple[Revision, ...] = ()
        if self._sidecar_changed():  # others saved: never write what no longer applies
            known = {r.id for r in self.sidecar.revisions}
            dropped = self.reload()
            others = tuple(r for r in self.sidecar.revisions if r.id not in known)
            if dropped:
                rest = "; save again to save the rest" if self.actions else ""
                raise InputError(
                    self.sidecar_path,
                    "nothing was saved, someone else saved first: "
                    + "; ".join(d.message for d in dropped)
                    + rest,
                )
        revision = self.draft.revision(message or self.summary_message(), self.transcript.sha256)
        header = self.sidecar.header or Header(
            transcript=self.transcript.name,
            webcast=self.header_defaults.get("webcast"),
            media=self.header_defaults.get("media"),
        )
        result = append_revision(
            self.sidecar_path, revision, self.sidecar.snapshot, header=header, break_lock=break_lock
        )
        self.actions, self._ids = [], []
        self.reload()
        if others:  # read just before saving: still news to the user, said like the store says it
            result = dataclasses.replace(result, others=others + result.others)
        return result

    def reload(self) -> list[SetAside]:
        """Re-read the sidecar (to see what others saved); unsaved actions are replayed on top.

        An unsaved action that no longer applies (another writer withdrew the proposal it
        approves, a reviewer approved the proposal it revises, or approved words it overlaps)
        is refused as a fresh action would be, and set aside: dropped from the unsaved actions,
        added to :attr:`set_aside` and returned (:attr:`SetAside.message` says why). A sidecar
        that cannot be read raises :class:`InputError` and changes nothing. Undone actions are
        kept for redo: a save (or picking up someone else's) is not an edit, and :meth:`redo`
        refuses, with a message, an action that no longer applies.
        """
        self.sidecar = load_sidecar(self.sidecar_path)
        dropped: list[SetAside] = []
        self._replay(dropped)
        self.set_aside.extend(dropped)
        return dropped

    def _sidecar_changed(self) -> bool:
        """Whether the sidecar is not as it was loaded (cheap: its size; saves only append)."""
        snapshot = self.sidecar.snapshot
        try:
            size = self.sidecar_path.stat().st_size
        except FileNotFoundError:
            return snapshot.exists
        return not snapshot.exists or size != snapshot.size
