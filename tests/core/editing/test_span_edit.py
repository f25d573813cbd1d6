"""Editing a passage that already carries corrections: what the editor shows, and the
corrections an edit makes (never overlapping a live one, never touching another's words)."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcript_review.core.config import Config
from transcript_review.core.corrections import (
    State,
    Status,
    apply_corrections,
    spans_conflict,
)
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.editing.span_edit import EditRefused, span_text
from transcript_review.core.export.formats import ExportOptions, export
from transcript_review.core.sidecar.records import Evidence, ProposalKind, Role
from transcript_review.core.timing.transcript_times import time_transcript

FILL = "in our collective efforts"


def open_as(path: Path, user: str, role: Role = Role.EDITOR) -> EditingSession:
    return EditingSession.open(path, Config(allow_self_approval=False), user=user, role=role)


def gap_of(session: EditingSession):
    return next(i for i in session.items if i.kind == "gap")


def paragraph_of(session: EditingSession, offset: int):
    para = session.transcript.paragraph_at(offset)
    return session.span_text(para.start, para.end)


def live(state: State) -> list:
    return [
        c
        for c in state.corrections.values()
        if c.status in (Status.PROPOSED, Status.APPROVED) and c.changes_text and c.span
    ]


def assert_no_overlap(state: State) -> None:
    for a, b in itertools.combinations(live(state), 2):
        assert not spans_conflict(a.span, b.span), (a.id, a.span, b.id, b.span)


def proposed_text(session: EditingSession) -> str:
    corrected = apply_corrections(session.state, include_proposed=True)
    assert corrected.skipped == ()  # nothing dropped silently
    return corrected.text


def exported(session: EditingSession, include_proposed: bool = True) -> str:
    timing = time_transcript(session.transcript)
    options = ExportOptions(include_proposed=include_proposed)
    return export(session.transcript, session.state, session.items, timing, options)


def test_the_passage_shows_the_corrections_in_it(seed: Path) -> None:
    session = open_as(seed, "alice")
    gap = gap_of(session)
    before = paragraph_of(session, gap.start)
    assert "(inaudible)" in before.text
    session.resolve_gap(gap, FILL)
    after = paragraph_of(session, gap.start)
    assert f"the future {FILL}.*" in after.text and "(inaudible)" not in after.text
    (piece,) = [p for p in after.pieces if p.correction is not None]
    assert after.text[piece.shown_start : piece.shown_end] == FILL
    assert (piece.start, piece.end) == (gap.start, gap.end)


def test_a_correction_across_the_edge_widens_the_passage(seed: Path) -> None:
    session = open_as(seed, "alice")
    text = session.transcript.text
    start = text.index("has also flown to")
    session.replace(start, start + len("has also flown to"), "has also flowed to")
    cut = start + len("has al")  # a selection ending inside the correction
    span = span_text(session.state, start - 10, cut, "alice")
    assert (span.start, span.end) == (start - 10, start + len("has also flown to"))
    assert span.text.endswith("has also flowed to")


def test_an_edit_next_to_a_resolved_gap_keeps_both(seed: Path) -> None:
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL)
    span = paragraph_of(session, gap.start)
    session.edit_span(span, span.text.replace("in the future", "in the years ahead"))
    assert_no_overlap(session.state)
    assert session.state.corrections[fill].status is Status.PROPOSED
    (new,) = [c for c in live(session.state) if c.id != fill]
    assert session.transcript.text[slice(*new.span)] == "future"
    assert f"relevant in the years ahead {FILL}.*" in proposed_text(session)
    assert [a.method for a in session.actions] == ["resolve_gap", "replace"]


def test_editing_your_own_gap_fill_revises_the_resolution(seed: Path) -> None:
    """Rule 1: words changed inside the fill make a new resolve-gap on the same gap, with the
    evidence and note of the one it revises (not a replace of the marker)."""
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL, Evidence.CAPTIONS, note="webcast 00:03:10")
    session.save("fill the gap")  # saved, not approved: still alice's proposal
    span = paragraph_of(session, gap.start)
    ids = session.edit_span(span, span.text.replace("collective efforts", "common efforts"))
    state = session.state
    assert state.corrections[fill].status is Status.WITHDRAWN
    (new_id,) = ids
    new = state.corrections[new_id]
    assert (new.kind, new.text, new.evidence, new.note) == (
        ProposalKind.RESOLVE_GAP,
        "in our common efforts",
        Evidence.CAPTIONS,
        "webcast 00:03:10",
    )
    assert new.span == (gap.start, gap.end)
    assert_no_overlap(state)
    assert "in the future in our common efforts.*" in proposed_text(session)
    assert "in the future in our common efforts.*" in exported(session)
    assert len(session.actions) == 1  # one undoable action
    assert session.actions[0].label == f"Revise your words for gap {gap.id}"
    assert session.summary_message() == "Revise 1 earlier proposal"
    session.save("revise the fill")
    again = open_as(seed, "alice")
    assert "in the future in our common efforts.*" in exported(again)
    assert again.state.corrections[fill].status is Status.WITHDRAWN
    assert again.state.corrections[new_id].kind is ProposalKind.RESOLVE_GAP
    assert "(inaudible)" in exported(again, include_proposed=False)  # nothing approved yet
    (gap_state,) = [s for s in again.item_states() if s.item.id == gap.id]
    assert gap_state.state == "proposed" and [c.id for c in gap_state.corrections] == [new_id]


def test_deleting_the_fill_opens_the_gap_again(seed: Path) -> None:
    """Rule 2, as reported: "as well" for g-773522, then `e` deleting " as well". The marker
    must not go with it: the resolution is withdrawn and the gap is open again."""
    session = open_as(seed, "alice")
    gap = session.item("g-773522")
    fill = session.resolve_gap(gap, "as well")
    span = paragraph_of(session, gap.start)
    assert span.text.endswith("in the future as well.*")
    typed = span.text.replace(" as well", "")
    plan = session.plan_edit(span, typed)
    assert (plan.replaces, plan.gaps, plan.withdraw) == ((), (), (fill,))
    (change,) = plan.reopened
    assert (change.correction, change.start, change.end) == (fill, gap.start, gap.end)
    assert session.edit_message(plan) == f"Gap {gap.id} is open again (your words for it withdrawn)"
    before = {k: (c.status, c.text) for k, c in session.state.corrections.items()}
    events = list(session.draft.events)
    assert session.edit_span(span, typed) == []
    assert session.state.corrections[fill].status is Status.WITHDRAWN
    assert live(session.state) == []
    (gap_state,) = [s for s in session.item_states() if s.item.id == gap.id]
    assert gap_state.state == "open"
    assert "in the future (inaudible).*" in exported(session)
    assert session.summary_message() == "Resolve 1 gap, withdraw 1 proposal"
    assert session.actions[-1].label == f"Take back your words for gap {gap.id}"
    session.undo()  # the resolution is back, exactly
    assert {k: (c.status, c.text) for k, c in session.state.corrections.items()} == before
    assert list(session.draft.events) == events
    session.redo()
    session.save("reopen")
    sidecar = session.sidecar_path.read_text()
    assert "kind: replace" not in sidecar and "the gap is open again" in sidecar
    again = open_as(seed, "alice")
    assert "in the future (inaudible).*" in exported(again)
    assert "(inaudible)" in paragraph_of(again, gap.start).text


@pytest.mark.parametrize("typed", ["in the future .*", "in the future.*", "in the future  .*"])
def test_deleting_the_fill_with_or_without_its_spaces(seed: Path, typed: str) -> None:
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL)
    span = paragraph_of(session, gap.start)
    session.edit_span(span, span.text.replace(f"in the future {FILL}.*", typed))
    assert session.state.corrections[fill].status is Status.WITHDRAWN
    assert live(session.state) == []
    assert "in the future (inaudible).*" in proposed_text(session)


def test_words_beside_the_fill_are_corrected_apart_from_it(seed: Path) -> None:
    """Rule 3: a change of the words around the fill (even in what the diff takes for the
    same word, as "efforts.*") is a replace of the original words; the resolution stays."""
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL, Evidence.GUESS)
    span = paragraph_of(session, gap.start)
    ids = session.edit_span(span, span.text.replace(f"future {FILL}.*", f"years ahead {FILL}!*"))
    state = session.state
    assert state.corrections[fill].status is Status.PROPOSED
    assert state.corrections[fill].evidence is Evidence.GUESS
    text = session.transcript.text
    made = sorted((state.corrections[i].span, state.corrections[i].text) for i in ids)
    assert [(text[slice(*s)], t) for s, t in made] == [("future", "years ahead"), (".*", "!*")]
    assert all(state.corrections[i].kind is ProposalKind.REPLACE for i in ids)
    assert_no_overlap(state)
    assert f"in the years ahead {FILL}!*" in proposed_text(session)
    assert [a.method for a in session.actions] == ["resolve_gap", "edit"]


def test_words_typed_at_the_fills_edge_join_it(seed: Path) -> None:
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, "as well")
    span = paragraph_of(session, gap.start)
    (new_id,) = session.edit_span(span, span.text.replace("as well.*", "as well as ever.*"))
    new = session.state.corrections[new_id]
    assert session.state.corrections[fill].status is Status.WITHDRAWN
    assert (new.kind, new.text, new.span) == (
        ProposalKind.RESOLVE_GAP,
        "as well as ever",
        (gap.start, gap.end),
    )


def test_an_edit_across_the_fills_edge_becomes_one_proposal(seed: Path) -> None:
    """Rule 4: part fill, part neighbours: withdrawn, and one replace over both that keeps
    the gap's evidence and note; the message says the resolution became a correction."""
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL, Evidence.CAPTIONS, note="heard twice")
    span = paragraph_of(session, gap.start)
    typed = span.text.replace(f"{FILL}.*", "in our common work!")
    plan = session.plan_edit(span, typed)
    assert session.edit_message(plan) == (
        f"Your words for gap {gap.id} became a correction of the passage (a replace, evidence "
        "kept); correct “(inaudible).*”"
    )
    session.edit_span(span, typed)
    state = session.state
    assert state.corrections[fill].status is Status.WITHDRAWN
    (new,) = live(state)
    # "collective" → "common" is inside the fill, but goes with the change across its edge
    assert session.transcript.text[slice(*new.span)] == "(inaudible).*"
    assert (new.kind, new.text) == (ProposalKind.REPLACE, "in our common work!")
    assert (new.evidence, new.note) == (Evidence.CAPTIONS, "heard twice")
    assert "relevant in the future in our common work!" in proposed_text(session)
    assert len(session.actions) == 2


def test_typing_words_into_a_gap_you_confirmed_resolves_it(tmp_path: Path) -> None:
    """Rule 5: the marker of one's own confirm-gap is its words; typing others in its place
    makes it a resolve-gap (evidence "listened", note kept); deleting it only withdraws the
    confirmation (open again: dismissing is a decision of its own, ctrl+d)."""
    path = tmp_path / "meeting.txt"
    path.write_text("Good morning.\n\nWe met (inaudible) on Tuesday and agreed on the text.\n")
    session = open_as(path, "alice")
    gap = gap_of(session)
    confirmed = session.confirm_gap(gap, note="music over it")
    span = paragraph_of(session, gap.start)
    assert span.text == "We met (inaudible) on Tuesday and agreed on the text."
    (new_id,) = session.edit_span(span, "We met in Geneva on Tuesday and agreed on the text.")
    new = session.state.corrections[new_id]
    assert session.state.corrections[confirmed].status is Status.WITHDRAWN
    assert (new.kind, new.text, new.evidence, new.note, new.span) == (
        ProposalKind.RESOLVE_GAP,
        "in Geneva",
        Evidence.LISTENED,
        "music over it",
        (gap.start, gap.end),
    )
    assert session.actions[-1].label == f"Resolve gap {gap.id} (was confirmed inaudible)"
    session.undo()
    assert session.state.corrections[confirmed].status is Status.PROPOSED
    span = paragraph_of(session, gap.start)
    plan = session.plan_edit(span, "We met on Tuesday and agreed on the text.")
    assert (plan.replaces, plan.gaps, plan.withdraw) == ((), (), (confirmed,))
    assert f"Gap {gap.id} is open again (your confirmation of it withdrawn)" in (
        session.edit_message(plan)
    )
    session.apply_plan(plan)
    assert live(session.state) == []
    assert "We met (inaudible) on Tuesday" in proposed_text(session)


def test_a_change_beside_a_confirmed_gap_leaves_the_confirmation(tmp_path: Path) -> None:
    path = tmp_path / "meeting.txt"
    path.write_text("Good morning.\n\nWe met (inaudible) on Tuesday and agreed on the text.\n")
    session = open_as(path, "alice")
    confirmed = session.confirm_gap(gap_of(session))
    span = paragraph_of(session, gap_of(session).start)
    session.edit_span(span, "We gathered (inaudible) on Wednesday and agreed on the text.")
    assert session.state.corrections[confirmed].status is Status.PROPOSED
    assert_no_overlap(session.state)
    assert "We gathered (inaudible) on Wednesday" in proposed_text(session)


def test_typing_the_original_back_only_withdraws(seed: Path) -> None:
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL)
    span = paragraph_of(session, gap.start)
    plan = session.plan_edit(span, span.text.replace(FILL, "(inaudible)"))
    assert [g.correction for g in plan.reopened] == [fill]
    assert session.edit_span(span, span.text.replace(FILL, "(inaudible)")) == []
    assert session.state.corrections[fill].status is Status.WITHDRAWN
    assert live(session.state) == []


def test_undo_brings_back_exactly_the_state_before(seed: Path) -> None:
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL)
    before = {k: (c.status, c.text, c.span) for k, c in session.state.corrections.items()}
    events = list(session.draft.events)
    span = paragraph_of(session, gap.start)
    changed = span.text.replace("collective", "common").replace("Canada is", "Canada was")
    ids = session.edit_span(span, changed)
    assert len(ids) == 2 and session.summary_message().startswith("Resolve 1 gap")
    session.undo()
    assert {k: (c.status, c.text, c.span) for k, c in session.state.corrections.items()} == before
    assert list(session.draft.events) == events
    assert paragraph_of(session, gap.start).text == span.text
    session.redo()  # the same ids again, so what refers to them still holds
    assert session.state.corrections[fill].status is Status.WITHDRAWN
    assert [c.id for c in live(session.state)] == ids
    session.undo()
    session.undo()
    assert session.state.corrections == {}
    session.redo()
    session.redo()
    assert [c.id for c in live(session.state)] == ids


def test_someone_elses_proposal_is_refused(seed: Path) -> None:
    ana = open_as(seed, "ana")
    fill = ana.resolve_gap(gap_of(ana), FILL)
    ana.save("ana's fill")
    alice = open_as(seed, "alice")
    span = paragraph_of(alice, gap_of(alice).start)
    with pytest.raises(EditRefused) as refused:
        alice.edit_span(span, span.text.replace("collective", "common"))
    message = refused.value.explain(" (R, e)")
    assert fill in message and "ana" in message and "amend it (R, e)" in message
    assert "\n" not in message and FILL in message
    assert alice.actions == [] and alice.draft.events == []
    # around their words is fine, and their proposal stays as it was
    alice.edit_span(span, span.text.replace("relevant in the", "relevant in all the"))
    assert ana.state.corrections[fill].status is Status.PROPOSED
    assert_no_overlap(alice.state)
    assert f"relevant in all the future {FILL}.*" in proposed_text(alice)


def test_words_typed_right_after_someone_elses_words_are_not_an_edit_of_theirs(
    tmp_path: Path,
) -> None:
    path = tmp_path / "meeting.txt"
    path.write_text("Good morning.\n\nWe met (inaudible) on Tuesday and agreed on the text.\n")
    bob = open_as(path, "bob")
    fill = bob.resolve_gap(gap_of(bob), "in Geneva")
    bob.save("bob's fill")
    alice = open_as(path, "alice")
    span = paragraph_of(alice, gap_of(alice).start)
    assert span.text == "We met in Geneva on Tuesday and agreed on the text."
    alice.edit_span(span, "We met in Geneva last on Tuesday and agreed on the text.")
    assert alice.state.corrections[fill].status is Status.PROPOSED
    assert_no_overlap(alice.state)
    assert "We met in Geneva last on Tuesday" in proposed_text(alice)


def test_an_approved_correction_is_refused_even_to_its_author(seed: Path) -> None:
    ana = open_as(seed, "ana")
    fill = ana.resolve_gap(gap_of(ana), FILL)
    ana.save("ana's fill")
    ben = open_as(seed, "ben", Role.REVIEWER)
    ben.approve(fill)
    ben.save("approved")
    ana = open_as(seed, "ana")
    span = paragraph_of(ana, gap_of(ana).start)
    assert FILL in span.text
    with pytest.raises(EditRefused) as refused:
        ana.edit_span(span, span.text.replace("collective", "common"))
    assert "approved" in str(refused.value) and fill in str(refused.value)
    assert ana.actions == []


def test_a_passage_changed_by_someone_elses_save_is_not_applied(seed: Path) -> None:
    alice = open_as(seed, "alice")
    span = paragraph_of(alice, gap_of(alice).start)
    ana = open_as(seed, "ana")
    ana.resolve_gap(gap_of(ana), FILL)
    ana.save("meanwhile")
    alice.reload()
    with pytest.raises(Exception, match="changed while you were editing"):
        alice.edit_span(span, span.text.replace("future", "past"))
    assert alice.actions == []


def test_a_dismissed_marker_stays_out_of_the_words_around_it(tmp_path: Path) -> None:
    path = tmp_path / "meeting.txt"
    path.write_text("Good morning.\n\nWe met (inaudible) on Tuesday and agreed on the text.\n")
    session = open_as(path, "alice")
    dismissed = session.dismiss_gap(gap_of(session))
    span = paragraph_of(session, gap_of(session).start)
    assert span.text == "We met on Tuesday and agreed on the text."
    session.edit_span(span, "We met on Wednesday and agreed on the text.")
    assert session.state.corrections[dismissed].status is Status.PROPOSED
    assert_no_overlap(session.state)
    assert "We met on Wednesday and agreed" in proposed_text(session)
    span = paragraph_of(session, 20)
    plan = session.plan_edit(span, span.text.replace("met on", "gathered"))  # across the marker
    assert f"Your dismissal of gap {gap_of(session).id} became a correction" in (
        session.edit_message(plan)
    )
    session.apply_plan(plan)
    assert session.state.corrections[dismissed].status is Status.WITHDRAWN
    (new, _) = sorted(live(session.state), key=lambda c: c.span)
    assert (session.transcript.text[slice(*new.span)], new.text) == (
        "met (inaudible) on",
        "gathered",
    )
    assert_no_overlap(session.state)
    assert "We gathered Wednesday and agreed" in proposed_text(session)


# -- the CLI's replace (original coordinates) ----------------------------------------------------


def test_replace_over_your_own_fill_supersedes_it(seed: Path) -> None:
    session = open_as(seed, "alice")
    gap = gap_of(session)
    fill = session.resolve_gap(gap, FILL)
    text = session.transcript.text
    start = text.index("the future (inaudible)")
    new = session.replace(start, gap.end, "the future in our joint efforts")
    assert session.state.corrections[fill].status is Status.WITHDRAWN
    assert session.state.corrections[new].status is Status.PROPOSED
    assert_no_overlap(session.state)
    assert "the future in our joint efforts.*" in proposed_text(session)


def test_replace_cutting_across_your_own_proposal_or_an_approved_one_is_refused(
    seed: Path,
) -> None:
    session = open_as(seed, "alice")
    text = session.transcript.text
    start = text.index("has also flown to")
    session.replace(start, start + len("has also flown to"), "has also flowed to")
    with pytest.raises(EditRefused, match="cuts across your proposal"):
        session.replace(start - 8, start + 8, "x")
    assert len(session.actions) == 1
    session.save("mine")
    ana = open_as(seed, "ana")
    fill = ana.resolve_gap(gap_of(ana), FILL)
    ana.save("ana's")
    ben = open_as(seed, "ben", Role.REVIEWER)
    ben.approve(fill)
    ben.save("ok")
    alice = open_as(seed, "alice")
    gap = gap_of(alice)
    with pytest.raises(EditRefused, match=fill):
        alice.replace(gap.start - 7, gap.end, "future, together")
    # someone else's proposal: an alternative, as before, for a reviewer to choose
    bob = open_as(seed, "bob")
    bob.replace(start, start + len("has also flown"), "has also gone")
    assert len(bob.actions) == 1


# -- the property ------------------------------------------------------------------------------

MEETING = (
    "Chair: Good morning. We met (inaudible) on Tuesday and agreed on the text.\n\n"
    "The delegate of [crosstalk] said the draft was ready (inaudible) for adoption today.\n"
)
WORDS = st.sampled_from(["alpha", "beta", "gamma", "the", "", "two words", "Tuesday"])


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_random_edits_over_own_proposals_never_overlap(tmp_path: Path, data) -> None:
    """Own proposals (fills, dismissals, confirmations, replacements, saved or not), then an
    edit of a random passage: no two live corrections overlap, nothing is skipped, the text
    reads as typed in the passage (but where a gap's words were deleted: the gap is open again,
    its marker back) and as before elsewhere, and undo takes it all back."""
    path = tmp_path / "meeting.txt"
    if not path.exists():
        path.write_text(MEETING)
    sidecar = tmp_path / "meeting.txt.review.yaml"
    sidecar.unlink(missing_ok=True)
    session = open_as(path, "alice")
    text = session.transcript.text
    taken: list[tuple[int, int]] = []
    for gap in (i for i in session.items if i.kind == "gap"):
        what = data.draw(st.sampled_from(["none", "resolve", "dismiss", "confirm"]))
        if what == "resolve":
            session.resolve_gap(gap, data.draw(WORDS.filter(bool)))
        elif what == "dismiss":
            session.dismiss_gap(gap)
        elif what == "confirm":
            session.confirm_gap(gap)
        if what != "none":
            taken.append((gap.start, gap.end))
    words = [m.span() for m in re.finditer(r"\S+", text)]
    for s, e in data.draw(st.lists(st.sampled_from(words), max_size=4, unique=True)):
        if not any(spans_conflict((s, e), t) for t in taken):
            session.replace(s, e, data.draw(WORDS))
            taken.append((s, e))
    if session.actions and data.draw(st.booleans()):
        session.save("some proposals")
    assert_no_overlap(session.state)
    if taken and data.draw(st.booleans()):  # around one of the proposals
        s, e = data.draw(st.sampled_from(taken))
        a, b = max(0, s - data.draw(st.integers(0, 12))), e + data.draw(st.integers(0, 12))
    else:
        a = data.draw(st.integers(0, len(text) - 1))
        b = data.draw(st.integers(a, len(text)))
    span = session.span_text(a, min(b, len(text)))
    if not span.text.strip():
        with pytest.raises(EditRefused, match="no words"):
            session.edit_span(span, span.text + "alpha")
        return
    tokens = re.findall(r"\s+|\S+", span.text)
    for _ in range(data.draw(st.integers(1, 3))):
        k = data.draw(st.integers(0, max(0, len(tokens) - 1)))
        op = data.draw(st.sampled_from(["replace", "insert", "delete"]))
        if op == "replace" and tokens:
            tokens[k] = data.draw(WORDS) or "x"
        elif op == "insert":
            tokens.insert(k, data.draw(WORDS) + " ")
        elif tokens:
            del tokens[k]
    new = "".join(tokens)
    before = apply_corrections(session.state, include_proposed=True)
    at = span.start + sum(
        (e.new_end - e.new_start) - (e.end - e.start) for e in before.edits if e.end <= span.start
    )
    assert before.text[at : at + len(span.text)] == span.text
    actions = len(session.actions)
    plan = session.plan_edit(span, new)  # own proposals only: never refused
    if not plan.empty:
        session.apply_plan(plan)
    assert_no_overlap(session.state)
    after = apply_corrections(session.state, include_proposed=True)
    assert after.skipped == ()
    if not plan.reopened:
        assert after.text == before.text[:at] + new + before.text[at + len(span.text) :]
    else:
        assert after.text.startswith(before.text[:at])
        assert after.text.endswith(before.text[at + len(span.text) :])
        states = {(s.item.start, s.item.end): s.state for s in session.item_states()}
        for gap in plan.reopened:
            assert states[(gap.start, gap.end)] == "open"
            assert text[gap.start : gap.end] in after.text[at:]
    if len(session.actions) > actions:
        session.undo()
        assert apply_corrections(session.state, include_proposed=True).text == before.text
