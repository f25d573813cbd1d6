"""The session's unsaved actions as records (core/actions.py): each applies itself to a draft,
is checked again when replayed, refers to ids a replay can re-map, says what it counts for in
the save message, and comes back whole on redo, after a save too. And the draft's public way
of being given the ids its next proposals take (a replay keeps every id)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tests.core.sidecar.helpers import SPEECH, Workspace, span_of
from transcript_review.core.config import Config
from transcript_review.core.corrections import Status
from transcript_review.core.editing.actions import (
    Amend,
    Approve,
    ClearFlag,
    ConfirmGap,
    DismissGap,
    Edit,
    Flag,
    Pin,
    Proposal,
    Reject,
    Replace,
    ResolveGap,
    Withdraw,
)
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.editing.span_edit import EditRefused
from transcript_review.core.errors import InputError
from transcript_review.core.sidecar.records import Evidence, ProposalKind, Role


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def _open(ws: Workspace, user: str, role: Role = Role.EDITOR) -> EditingSession:
    return EditingSession.open(ws.transcript, Config(), user=user, role=role)


def _gaps(session: EditingSession) -> list:
    return [i for i in session.items if i.kind == "gap"]


# -- apply ------------------------------------------------------------------------------------


def test_proposals_flags_and_pins_apply_themselves_to_a_draft(ws: Workspace) -> None:
    _, draft = ws.draft("ana")
    state = draft.state
    first, second = span_of(SPEECH, "(inaudible)"), span_of(SPEECH, "(inaudible)", 2)

    gap = ResolveGap(anchor=first, text="as ever", evidence=Evidence.GUESS, label="g").apply(draft)
    assert (state.get(gap).kind, state.get(gap).text) == (ProposalKind.RESOLVE_GAP, "as ever")
    assert state.get(gap).evidence is Evidence.GUESS
    confirmed = ConfirmGap(anchor=second, note="hum", label="c").apply(draft)
    assert state.get(confirmed).kind is ProposalKind.CONFIRM_GAP
    words = Replace(anchor=span_of(SPEECH, "welcomes"), text="greets", label="r").apply(draft)
    assert state.get(words).text == "greets"
    flag = Flag(anchor=span_of(SPEECH, "Canada"), reason="the name?", label="f").apply(draft)
    assert flag.startswith("f-") and state.get(flag).kind is ProposalKind.FLAG
    cleared = ClearFlag(flag_id=flag, note="checked", label="x").apply(draft)
    assert state.get(cleared).kind is ProposalKind.CLEAR_FLAG
    pin = Pin(anchor=span_of(SPEECH, "Mr. President,"), seconds=12.5, label="p").apply(draft)
    assert pin.startswith("p-") and len(draft.events) == 6
    Withdraw(correction_id=words, comment="no", label="w").apply(draft)
    assert state.get(words).status is Status.WITHDRAWN


def test_a_dismissal_applies_itself(ws: Workspace) -> None:
    _, draft = ws.draft("ana")
    gap = DismissGap(anchor=span_of(SPEECH, "(inaudible)"), label="d").apply(draft)
    assert draft.state.get(gap).kind is ProposalKind.DISMISS_GAP


def test_an_edit_applies_its_proposals_then_withdraws_what_it_revises(ws: Workspace) -> None:
    _, draft = ws.draft("ana")
    old = Replace(anchor=span_of(SPEECH, "welcomes"), text="greets", label="r").apply(draft)
    gap = ResolveGap(anchor=span_of(SPEECH, "(inaudible)"), text="now", label="g").apply(draft)
    edit = Edit(
        withdraw=(old, gap),
        proposals=(Proposal(span_of(SPEECH, "welcomes this"), "greets that"),),
        reopened=(gap,),
        label="Correct “welcomes this” (revising your earlier proposal)",
    )
    (new,) = edit.apply(draft)
    state = draft.state
    assert state.get(new).text == "greets that"
    assert state.get(old).status is Status.WITHDRAWN
    assert state.get(old).history[-1].comment == f"replaced by {new}"
    assert state.get(gap).history[-1].comment == "taken back in an edit: the gap is open again"


def test_verdicts_apply_themselves_to_a_reviewers_draft(ws: Workspace) -> None:
    loaded, draft = ws.draft("ana")
    one, two, three = (
        Replace(anchor=span_of(SPEECH, word), text=word.upper(), label="r").apply(draft)
        for word in ("Canada", "dialogue", "region")
    )
    ws.save(loaded, draft)
    _, review = ws.draft("cy", Role.REVIEWER)
    Approve(correction_id=one, comment="yes", label="a").apply(review)
    Reject(correction_id=two, label="r").apply(review)
    Amend(correction_id=three, text="Region", label="m").apply(review)
    state = review.state
    assert [state.get(c).status for c in (one, two, three)] == [
        Status.APPROVED,
        Status.REJECTED,
        Status.APPROVED,
    ]
    assert (state.get(three).text, state.get(three).proposed_text) == ("Region", "REGION")
    assert Approve.reviewer_only and Amend.reviewer_only and not Withdraw.reviewer_only


def test_a_proposal_becomes_the_record_of_its_kind() -> None:
    anchor = span_of(SPEECH, "(inaudible)")
    made = [
        Proposal(anchor, "so", kind=kind).as_action("l", alternatives=True)
        for kind in (
            ProposalKind.RESOLVE_GAP,
            ProposalKind.CONFIRM_GAP,
            ProposalKind.DISMISS_GAP,
            ProposalKind.REPLACE,
        )
    ]
    assert [type(a) for a in made] == [ResolveGap, ConfirmGap, DismissGap, Replace]
    assert all(a.alternatives and a.anchor == anchor and a.label == "l" for a in made)
    assert made[0].evidence is Evidence.LISTENED  # a gap's words are listened to unless said


# -- check, ids, describe --------------------------------------------------------------------


def test_a_proposal_is_checked_again_against_an_approval_made_meanwhile(ws: Workspace) -> None:
    ana = _open(ws, "ana")
    gap = _gaps(ana)[0]
    ana.resolve_gap(gap, "as ever")
    ana.save()
    cy = _open(ws, "cy", Role.REVIEWER)
    cy.approve(next(iter(cy.state.corrections)))
    cy.save()
    ana.reload()
    later = Replace(anchor=ana.anchor(gap.start, gap.end), text="x", label="r", alternatives=True)
    with pytest.raises(EditRefused, match="approved"):
        later.check(ana.state, "ana")
    Approve(correction_id="c-anything", label="a").check(ana.state, "ana")  # nothing to check


def test_with_ids_maps_the_ids_an_action_refers_to_and_nothing_else() -> None:
    mapping = {"c-old": "c-new", "f-old": "f-new"}
    amend = Amend(correction_id="c-old", text="c-old", label="Amend c-old")
    assert amend.with_ids(mapping) == Amend(
        correction_id="c-new", text="c-old", label="Amend c-old"
    )
    assert ClearFlag(flag_id="f-old", label="x").with_ids(mapping).flag_id == "f-new"
    assert Reject(correction_id="c-kept", label="r").with_ids(mapping).correction_id == "c-kept"
    proposal = Proposal(span_of(SPEECH, "Canada"), "c-old")
    edit = Edit(withdraw=("c-old", "c-kept"), proposals=(proposal,), reopened=("c-old",), label="e")
    mapped = edit.with_ids(mapping)
    assert (mapped.withdraw, mapped.reopened, mapped.proposals) == (
        ("c-new", "c-kept"),
        ("c-new",),
        (proposal,),
    )
    replace = Replace(anchor=span_of(SPEECH, "Canada"), text="c-old", label="r")
    assert replace.with_ids(mapping) is replace  # words are never ids


def test_each_action_says_what_it_counts_for_in_the_save_message() -> None:
    anchor = span_of(SPEECH, "Canada")
    edit = Edit(
        withdraw=("c-1", "c-2"),
        proposals=(Proposal(anchor, "x"), Proposal(anchor, "y", kind=ProposalKind.RESOLVE_GAP)),
        reopened=("c-2",),
        label="e",
    )
    assert edit.tally() == Counter(replace=1, supersede=1, withdraw=1)
    assert Approve(correction_id="c-1", label="a").tally() == Counter(approve=1)
    assert Pin(anchor=anchor, seconds=1.0, label="p").tally() == Counter(pin=1)


def test_the_session_keeps_records_and_describes_them(ws: Workspace) -> None:
    ana = _open(ws, "ana")
    first, second = _gaps(ana)
    ana.resolve_gap(first, "as ever")
    ana.resolve_gap(first, "as always")  # revising one's own decision: one edit
    ana.confirm_gap(second)
    ana.flag(0, 3, "the name?")
    assert [type(a) for a in ana.actions] == [ResolveGap, Edit, ConfirmGap, Flag]
    assert [a.method for a in ana.actions] == ["resolve_gap", "edit", "confirm_gap", "flag"]
    assert ana.actions[1].label == f"Resolve gap {first.id} (revising your earlier proposal)"
    assert all(a.alternatives for a in ana.actions[:3])  # gap decisions keep others' words
    assert ana.summary_message() == (
        "Resolve 1 gap, revise 1 earlier proposal, confirm 1 gap inaudible, flag 1 passage"
    )
    undone = ana.undo()
    assert isinstance(undone, Flag) and undone.label == "Flag “Mr.”"


# -- redo ---------------------------------------------------------------------------------------


def test_redo_after_a_save_gives_an_edit_back_its_record_and_ids(ws: Workspace) -> None:
    ana = _open(ws, "ana")
    first = _gaps(ana)[0]
    earlier = ana.resolve_gap(first, "as ever")
    ana.save()
    ana.flag(0, 3, "the name?")
    revised = ana.resolve_gap(first, "as always")
    edit = ana.undo()
    assert isinstance(edit, Edit) and edit.withdraw == (earlier,)
    ana.save()  # the flag
    assert ana.redo() == edit  # the same record, planned before the save
    assert ana.actions == [edit]
    state = ana.state
    assert state.get(revised).text == "as always", "the proposal has the id it had"
    assert state.get(earlier).status is Status.WITHDRAWN
    ana.save()
    assert _open(ws, "ana").state.get(revised).text == "as always"


def test_a_draft_gives_out_the_ids_it_is_told_where_free(ws: Workspace) -> None:
    _, draft = ws.draft("ana")
    anchor = span_of(SPEECH, "Canada")
    with draft.reusing_ids(["c-0000beef", "f-0000cafe"]):
        assert draft.replace(anchor, "A") == "c-0000beef"
        assert draft.flag(span_of(SPEECH, "dialogue"), "why") == "f-0000cafe"
    assert draft.replace(span_of(SPEECH, "region"), "B") != "c-0000beef"  # told nothing now
    with draft.reusing_ids(["c-0000beef"]):  # taken: a new one
        taken = draft.replace(span_of(SPEECH, "diplomacy"), "C")
    assert taken.startswith("c-") and taken != "c-0000beef"
    with draft.reusing_ids(["f-00000001", "c-00000002"]):  # the next wanted is a flag's id
        made = draft.replace(span_of(SPEECH, "relevant"), "D")
        assert made not in ("f-00000001", "c-00000002")
        assert draft.flag(span_of(SPEECH, "future"), "why") == "f-00000001"


def test_leaving_the_reviewer_role_with_an_unsaved_verdict_is_refused(ws: Workspace) -> None:
    ana = _open(ws, "ana")
    ana.resolve_gap(_gaps(ana)[0], "as ever")
    ana.save()
    cy = _open(ws, "cy", Role.REVIEWER)
    cy.approve(next(iter(cy.state.corrections)))
    with pytest.raises(InputError, match="unsaved verdicts"):
        cy.set_role(Role.EDITOR)
