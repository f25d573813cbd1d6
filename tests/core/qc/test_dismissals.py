"""Dismissing a finding: stable ids, the session's undoable actions, the fold, work items,
proposing a finding's fix."""

from __future__ import annotations

import dataclasses

import pytest

from transcript_review.core.errors import InputError
from transcript_review.core.qc.decisions import (
    dismiss_finding,
    propose_suggestion,
    restore_finding,
)
from transcript_review.core.qc.work_items import qc_item_json, qc_item_states
from transcript_review.core.sidecar.records import QcDismiss, QcRestore, Role
from transcript_review.core.sidecar.store import load_sidecar

from .helpers import check, open_as, write

TEXT = (
    "We thank the the delegation of the Republic of the Phillipines.\n\n"
    "The meeting ,, was long and the report was adopted.\n"
)


def by_rule(result, rule: str):
    return next(f for f in result.findings if f.rule == rule)


def test_a_finding_keeps_its_id_when_other_paragraphs_or_far_words_change(tmp_path) -> None:
    first = by_rule(check(open_as(write(tmp_path, TEXT, "a.txt"))), "doubled-word")
    elsewhere = TEXT.replace("The meeting", "Another long meeting")  # the next paragraph
    far = TEXT.replace("Phillipines.", "Phillipines, as ever.")  # same paragraph, > 32 away
    near = TEXT.replace("We thank", "We thanked")  # within 32 characters
    ids = [
        by_rule(check(open_as(write(tmp_path, t, f"{n}.txt"))), "doubled-word").id
        for n, t in (("b", elsewhere), ("c", far), ("d", near))
    ]
    assert ids[:2] == [first.id, first.id]
    assert ids[2] != first.id


def test_an_edit_at_the_end_of_the_paragraph_before_leaves_the_id(tmp_path) -> None:
    text = "Short one.\n\nthe the end.\n"
    first = by_rule(check(open_as(write(tmp_path, text, "a.txt"))), "doubled-word").id
    other = text.replace("Short one.", "Short one, changed.")
    assert by_rule(check(open_as(write(tmp_path, other, "b.txt"))), "doubled-word").id == first


def test_dismissing_hides_the_finding_and_undo_brings_it_back(tmp_path) -> None:
    session = open_as(write(tmp_path, TEXT))
    finding = by_rule(check(session), "doubled-word")
    dismissal = dismiss_finding(session, finding, "a quotation")
    assert dismissal.startswith("d-") and session.dirty
    result = check(session)
    assert finding.id not in {f.id for f in result.findings}
    assert [f.id for f in result.dismissed] == [finding.id]
    assert session.actions[-1].label == f"Dismiss {finding.id} (doubled-word)"
    assert session.summary_message() == "Dismiss 1 qc finding"
    session.undo()
    assert finding.id in {f.id for f in check(session).findings} and not session.dirty
    session.redo()  # the same dismissal id comes back
    assert session.state.dismissed()[finding.id][0].id == dismissal


def test_a_saved_dismissal_is_seen_after_a_reload_and_by_a_colleague(tmp_path) -> None:
    path = write(tmp_path, TEXT)
    session = open_as(path)
    finding = by_rule(check(session), "glossary-near-miss")
    dismiss_finding(session, finding, "the speaker's spelling")
    session.save()
    event = load_sidecar(session.sidecar_path).revisions[0].events[0]
    assert event == QcDismiss(
        event.id, finding.id, "glossary-near-miss", "Phillipines", "the speaker's spelling"
    )
    colleague = open_as(path, user="ben", role=Role.REVIEWER)
    result = check(colleague)
    assert [f.id for f in result.dismissed] == [finding.id]
    assert result.dismissals[finding.id][0].author == "ana"


def test_restoring_a_saved_dismissal_is_one_undoable_action(tmp_path) -> None:
    path = write(tmp_path, TEXT)
    session = open_as(path)
    finding = by_rule(check(session), "doubled-word")
    dismissal = dismiss_finding(session, finding)
    session.save()
    colleague = open_as(path, user="ben")
    assert restore_finding(colleague, finding.id[:5]) == [dismissal]
    assert finding.id in {f.id for f in check(colleague).findings}
    colleague.undo()
    assert finding.id not in {f.id for f in check(colleague).findings}
    colleague.redo()
    colleague.save()
    events = load_sidecar(colleague.sidecar_path).revisions[-1].events
    assert events == (QcRestore(dismissal),)
    with pytest.raises(InputError, match="no dismissed finding"):
        restore_finding(open_as(path), finding.id)


def test_dismissing_twice_or_dismissing_open_work_is_refused(tmp_path) -> None:
    session = open_as(write(tmp_path, "We met (inaudible) the the day.\n"))
    result = check(session)
    with pytest.raises(InputError, match="open work, not a slip"):
        dismiss_finding(session, by_rule(result, "gap-open"))
    finding = by_rule(result, "doubled-word")
    dismiss_finding(session, finding)
    with pytest.raises(InputError, match="already dismissed"):
        dismiss_finding(session, finding)
    assert len(session.actions) == 1


def test_findings_as_work_items_of_kind_qc(tmp_path) -> None:
    session = open_as(write(tmp_path, "We met (inaudible) here.\n\n" + TEXT))
    result = check(session)
    states = qc_item_states(session, result)
    assert [s.item.style for s in states] == [
        "doubled-word",
        "glossary-near-miss",
        "doubled-punctuation",
    ]  # gap-open is the gap's own item: left out
    assert {s.item.style for s in qc_item_states(session, result, open_work=True)} >= {"gap-open"}
    first = states[0]
    item, finding = first.item, first.item.finding
    assert item.kind == "qc" and item.id == finding.id and first.state == "open"
    text = session.transcript.text
    assert text[item.start : item.end] == "the the" == item.marker
    assert (item.line, item.column, item.paragraph) == (3, 10, 1)
    assert item.context == "We thank the the delegation of the Republic of the Phillipines."
    data = qc_item_json(first)
    assert (data["kind"], data["rule"], data["severity"], data["suggestion"]) == (
        "qc",
        "doubled-word",
        "warning",
        "the",
    )
    dismiss_finding(session, finding)
    assert finding.id not in {s.item.id for s in qc_item_states(session, check(session))}
    # The same result serves after a dismissal and its undo: dismissals are read afresh.
    assert finding.id not in {s.item.id for s in qc_item_states(session, result)}
    session.undo()
    after_undo = check(session)
    dismiss_finding(session, finding)
    assert finding.id not in {s.item.id for s in qc_item_states(session, after_undo)}
    session.undo()
    stale = check(session)
    dismiss_finding(session, finding)
    dismissed_result = check(session)
    session.undo()
    assert [s.item.id for s in qc_item_states(session, dismissed_result)] == [
        s.item.id for s in qc_item_states(session, stale)
    ]


def test_proposing_a_suggestion_is_one_correction_and_one_undo(tmp_path) -> None:
    session = open_as(write(tmp_path, TEXT))
    finding = by_rule(check(session), "doubled-word")
    cid = propose_suggestion(session, finding)
    correction = session.state.get(cid)
    assert (correction.kind.value, correction.text, correction.anchor.exact) == (
        "replace",
        "the",
        "the the",
    )
    assert correction.note == "qc doubled-word: “the” twice in a row"
    assert len(session.actions) == 1
    result = check(session)
    state = next(s for s in qc_item_states(session, result) if s.item.id == finding.id)
    assert state.state == "proposed" and [c.id for c in state.corrections] == [cid]
    assert finding.id not in {f.id for f in check(session, include_proposed=True).findings}
    session.undo()
    assert not session.state.corrections


def test_a_suggestion_is_refused_when_there_is_none_or_the_words_moved(tmp_path) -> None:
    session = open_as(write(tmp_path, "We thank *the the delegates.\n"))
    result = check(session)
    with pytest.raises(InputError, match="no suggested fix"):
        propose_suggestion(session, by_rule(result, "unbalanced"))
    finding = by_rule(result, "doubled-word")
    stale = dataclasses.replace(finding, words="xx")
    with pytest.raises(InputError, match="does not have"):
        propose_suggestion(session, stale)
    assert not session.actions


def test_a_finding_inside_corrected_words_is_placed_on_the_correction(tmp_path) -> None:
    path = write(tmp_path, "We met (inaudible) in Geneva.\n")
    session = open_as(path)
    gap = session.items[0]
    cid = session.resolve_gap(gap, "the the delegates")
    result = check(session, include_proposed=True)
    finding = by_rule(result, "doubled-word")
    assert finding.source_start is None
    (state,) = qc_item_states(session, result)
    assert (state.item.start, state.item.end) == (gap.start, gap.end)
    assert state.state == "proposed" and [c.id for c in state.corrections] == [cid]
    with pytest.raises(InputError, match="correction put there"):
        propose_suggestion(session, finding)


def test_the_fold_lists_a_restore_of_nothing_and_a_reused_dismissal_id(tmp_path) -> None:
    path = write(tmp_path, TEXT)
    session = open_as(path)
    finding = by_rule(check(session), "doubled-word")
    dismissal = dismiss_finding(session, finding)
    session.save()
    sidecar = session.sidecar_path
    with open(sidecar, "a", encoding="utf-8") as fh:
        fh.write(
            "---\nrevision: 2\nid: 0badc0de\nparent: null\nauthor: x\nrole: editor\n"
            "saved: 2026-11-26T20:00:00Z\ntranscript_sha256: " + "0" * 64 + "\nmessage: m\n"
            "events:\n- qc-restore: {id: d-00000000}\n"
            f"- qc-dismiss: {{id: {dismissal}, finding: q-000000, rule: doubled-word, "
            "words: x}\n...\n"
        )
    state = open_as(path).state
    assert [p.rule for p in state.problems] == ["unknown-id", "duplicate-id"]
    assert list(state.dismissed()) == [finding.id]
