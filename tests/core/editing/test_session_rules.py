"""The rules of a fresh action hold for redo and for unsaved actions replayed on a reload;
a gap decided twice never leaves two overlapping proposals; refusals name the file."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from tests.core.editing.test_span_edit import gap_of, open_as
from transcript_review.cli import main
from transcript_review.core.corrections import (
    Draft,
    ReviewRuleError,
    State,
    Status,
    apply_corrections,
    own_overlaps,
    spans_conflict,
)
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.editing.span_edit import EditRefused
from transcript_review.core.errors import InputError
from transcript_review.core.sidecar.records import Evidence, Role

QUOTE = "Canada is resolute"


def quote(session: EditingSession) -> tuple[int, int]:
    start = session.transcript.text.index(QUOTE)
    return start, start + len(QUOTE)


def overlaps(state: State) -> list[tuple[str, str]]:
    live = [
        c
        for c in state.corrections.values()
        if c.status in (Status.PROPOSED, Status.APPROVED) and c.changes_text and c.span
    ]
    return [
        (a.id, b.id) for a, b in itertools.combinations(live, 2) if spans_conflict(a.span, b.span)
    ]


def approve_only_proposal(path: Path, author: str) -> str:
    carol = open_as(path, "carol", Role.REVIEWER)
    (cid,) = [c.id for c in carol.state.corrections.values() if c.author == author]
    carol.approve(cid)
    carol.save("ok")
    return cid


# -- 1. redo and replay apply the rules of a fresh action -------------------------------------


def test_redo_of_an_edit_over_words_approved_meanwhile_is_refused(seed: Path) -> None:
    alice = open_as(seed, "alice")
    w0, w1 = quote(alice)
    alice.edit_span(alice.span_text(w0, w1), "Canada is resolved")
    alice.undo()
    bob = open_as(seed, "bob")
    bob.replace(w0, w1, "Canada stays resolute")
    bob.save("bob")
    approved = approve_only_proposal(seed, "bob")
    alice.reload()
    with pytest.raises(EditRefused) as redo:
        alice.redo()
    with pytest.raises(EditRefused) as fresh:
        alice.edit_span(alice.span_text(w0, w1), "Canada is resolved")
    assert redo.value.reason == fresh.value.reason
    assert approved in redo.value.reason and "approved" in redo.value.reason
    assert str(redo.value).startswith(str(seed))
    assert alice.undone, "a refused redo stays on the redo list"
    assert not alice.actions and overlaps(alice.state) == []


def test_an_unsaved_edit_over_words_approved_meanwhile_is_set_aside_on_reload(seed: Path) -> None:
    alice = open_as(seed, "alice")
    w0, w1 = quote(alice)
    alice.edit_span(alice.span_text(w0, w1), "Canada is resolved")
    alice.flag(0, 5, "name")
    bob = open_as(seed, "bob")
    bob.replace(w0, w1, "Canada stays resolute")
    bob.save("bob")
    approve_only_proposal(seed, "bob")
    set_aside = alice.reload()
    assert [a.action.label for a in set_aside] == ["Correct “resolute”"]
    assert [a.method for a in alice.actions] == ["flag"], "the rest still applies"
    assert overlaps(alice.state) == []


# -- 2. an unsaved revision of a proposal approved meanwhile ----------------------------------


def test_unsaved_revision_of_a_proposal_approved_meanwhile(seed: Path) -> None:
    alice = open_as(seed, "alice")
    w0, w1 = quote(alice)
    first = alice.replace(w0, w1, "Canada is resolved")
    alice.save("first")
    span = alice.span_text(w0, w1 + 10)
    alice.edit_span(span, span.text.replace("resolved", "determined"))
    approve_only_proposal(seed, "alice")
    set_aside = alice.reload()  # reads fine: it does not raise
    assert len(set_aside) == 1 and alice.set_aside == set_aside
    message = set_aside[0].message
    assert "no longer applies" in message and first in message and "approved" in message
    assert "set aside" in message
    assert alice.actions == [] and not alice.dirty
    assert alice.state.corrections[first].status is Status.APPROVED
    assert overlaps(alice.state) == []


def test_save_rereads_first_and_never_writes_a_withdraw_of_an_approved_correction(
    seed: Path,
) -> None:
    alice = open_as(seed, "alice")
    w0, w1 = quote(alice)
    alice.replace(w0, w1, "Canada is resolved")
    alice.save("first")
    span = alice.span_text(w0, w1 + 10)
    alice.edit_span(span, span.text.replace("resolved", "determined"))
    alice.flag(0, 5, "name")
    approve_only_proposal(seed, "alice")
    with pytest.raises(InputError, match="set aside"):
        alice.save("second")  # no reload seen yet: the save finds out, writes nothing
    assert [a.method for a in alice.actions] == ["flag"]
    alice.save("second")
    state = open_as(seed, "dora").state
    assert state.problems == [] and overlaps(state) == []


def test_the_draft_refuses_to_withdraw_an_approved_correction(seed: Path) -> None:
    alice = open_as(seed, "alice")
    w0, w1 = quote(alice)
    cid = alice.replace(w0, w1, "Canada is resolved")
    alice.save("first")
    approve_only_proposal(seed, "alice")
    draft = Draft(open_as(seed, "alice").state, "alice", Role.EDITOR)
    with pytest.raises(ReviewRuleError, match="approved"):
        draft.withdraw(cid)
    assert draft.events == []


# -- 3. gap decisions never overlap ----------------------------------------------------------


def test_resolving_a_gap_twice_revises_the_first_words(seed: Path) -> None:
    ana = open_as(seed, "ana")
    first = ana.resolve_gap(gap_of(ana), "first words")
    second = ana.resolve_gap(gap_of(ana), "second words")
    assert ana.state.corrections[first].status is Status.WITHDRAWN
    assert ana.state.corrections[second].text == "second words"
    assert overlaps(ana.state) == []
    assert "second words" in apply_corrections(ana.state, include_proposed=True).text
    assert len(ana.actions) == 2
    ana.undo()  # one undo takes the revision back whole
    assert ana.state.corrections[first].status is Status.PROPOSED
    assert second not in ana.state.corrections


def test_revising_a_saved_gap_decision_and_confirming_after_resolving(seed: Path) -> None:
    ana = open_as(seed, "ana")
    first = ana.resolve_gap(gap_of(ana), "first words")
    ana.save("first")
    confirmed = ana.confirm_gap(gap_of(ana))
    assert ana.state.corrections[first].status is Status.WITHDRAWN
    assert ana.state.corrections[confirmed].status is Status.PROPOSED
    assert overlaps(ana.state) == []
    ana.save("second")
    assert overlaps(open_as(seed, "dora").state) == []


def test_resolving_a_gap_inside_ones_own_edit_is_refused(seed: Path) -> None:
    ana = open_as(seed, "ana")
    gap = gap_of(ana)
    span = ana.span_text(gap.start - 10, gap.end + 10)
    ana.edit_span(span, span.text.replace("(inaudible)", "in our efforts"))
    with pytest.raises(EditRefused) as refused:
        ana.resolve_gap(gap, "something else")
    assert str(refused.value).startswith(str(seed))
    assert len(ana.actions) == 1 and overlaps(ana.state) == []


def test_a_gap_under_an_approved_correction_is_refused_and_anothers_stays_an_alternative(
    seed: Path,
) -> None:
    bob = open_as(seed, "bob")
    bob.resolve_gap(gap_of(bob), "bob's words")
    bob.save("bob")
    ana = open_as(seed, "ana")
    ana.resolve_gap(gap_of(ana), "ana's words")  # an alternative, for a reviewer to choose
    approved = approve_only_proposal(seed, "bob")
    ana = open_as(seed, "ana")
    for act in (
        lambda: ana.resolve_gap(gap_of(ana), "ana's words"),
        lambda: ana.confirm_gap(gap_of(ana)),
        lambda: ana.dismiss_gap(gap_of(ana)),
    ):
        with pytest.raises(EditRefused) as refused:
            act()
        assert approved in str(refused.value) and "\n" not in str(refused.value)
    assert ana.actions == []


def test_own_overlaps_are_found_for_check(seed: Path) -> None:
    ana = open_as(seed, "ana")
    gap = gap_of(ana)
    ana.resolve_gap(gap, "first words")
    # an old sidecar may hold two: made here with the draft directly
    ana.draft.resolve_gap(ana.anchor(gap.start, gap.end), "second words", Evidence.LISTENED)
    found = own_overlaps(ana.state)
    assert len(found) == 1 and "ana" in found[0].message


def test_check_reports_overlapping_corrections_by_one_author(
    seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ana = open_as(seed, "ana")
    gap = gap_of(ana)
    ana.resolve_gap(gap, "first words")
    ana.draft.resolve_gap(ana.anchor(gap.start, gap.end), "second words", Evidence.LISTENED)
    ana.save("two proposals on one gap, as an older version could save")
    assert main(["check", str(seed)]) == 1
    assert "overlap-own" in capsys.readouterr().out


# -- 4. refusals name the file -------------------------------------------------------------------


def test_a_refused_replace_names_the_file(seed: Path) -> None:
    alice = open_as(seed, "alice")
    w0, w1 = quote(alice)
    alice.replace(w0, w1, "Canada is resolved")
    alice.save("first")
    approve_only_proposal(seed, "alice")
    alice = open_as(seed, "alice")
    start = alice.transcript.text.index("is resolute to")
    with pytest.raises(EditRefused) as refused:
        alice.replace(start, start + len("is resolute to"), "x")
    assert str(refused.value).startswith(f"{seed}: “")
