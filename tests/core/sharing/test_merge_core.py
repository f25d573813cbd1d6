"""The merge rules: union by id, order, renumbering, questions, headers, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcript_review.core.corrections import Status
from transcript_review.core.errors import InputError
from transcript_review.core.sharing.merge import (
    MERGE_AUTHOR,
    added_since,
    merge_files,
    merge_sidecars,
)
from transcript_review.core.sidecar.records import (
    Amend,
    Approve,
    Evidence,
    Flag,
    Header,
    ProposalKind,
    Propose,
    Question,
    Reject,
    Role,
)
from transcript_review.core.sidecar.store import encode_sidecar, load_sidecar

from .helpers import SPEECH, folded, in_memory, load, numbered, rev, span_of, write

GAP = span_of(SPEECH, "(inaudible)")
FLOWN = span_of(SPEECH, "flown")
REVIEWER = Role.REVIEWER


def _base() -> list:
    return [
        rev(
            "b1",
            [Propose("c-gap", ProposalKind.RESOLVE_GAP, GAP, "words", Evidence.LISTENED)],
            minute=1,
        ),
        rev(
            "b2",
            [Propose("c-flown", ProposalKind.REPLACE, FLOWN, "gone")],
            parent="b1",
            author="bob",
            minute=2,
        ),
    ]


def test_union_keeps_every_revision_once_in_parent_then_time_order() -> None:
    base = _base()
    ours = base + [
        rev("o1", [Approve("c-flown")], parent="b2", author="carol", role=REVIEWER, minute=5),
        rev("o2", [Flag("f-1", FLOWN, "name")], parent="o1", minute=3),
    ]
    theirs = base + [
        rev("t1", [Approve("c-gap")], parent="b2", author="dan", role=REVIEWER, minute=4)
    ]
    result = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    # t1 (minute 4) is ready before o1 (minute 5); o2 follows its parent o1 though saved earlier.
    assert [r.id for r in result.revisions] == ["b1", "b2", "t1", "o1", "o2"]
    assert [r.number for r in result.revisions] == [1, 2, 3, 4, 5]
    assert [r.parent for r in result.revisions] == [None, "b1", "b2", "b2", "o1"]
    assert not result.questions and (result.only_ours, result.only_theirs) == (2, 1)
    state = folded(result.revisions)
    assert state.get("c-gap").status is Status.APPROVED
    assert state.get("c-flown").status is Status.APPROVED
    assert not state.problems


def test_conflicting_verdicts_become_an_open_question_until_a_later_verdict() -> None:
    base = _base()
    ours = base + [
        rev("o1", [Approve("c-gap")], parent="b2", author="carol", role=REVIEWER, minute=5)
    ]
    theirs = base + [
        rev("t1", [Reject("c-gap", "wrong")], parent="b2", author="dan", role=REVIEWER, minute=6)
    ]
    result = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    (question,) = result.questions
    assert question.about == "c-gap" and question.id.startswith("q-")
    assert "approved by carol (revision 3" in question.text
    assert "rejected by dan (revision 4" in question.text
    last = result.revisions[-1]
    assert (last.author, last.role, last.parent, last.number) == (MERGE_AUTHOR, REVIEWER, "t1", 5)
    assert last.events == (question,)
    state = folded(result.revisions)
    assert state.get("c-gap").status is Status.REJECTED  # the later verdict applies for now
    assert [q.about for q in state.open_questions] == ["c-gap"]
    # A reviewer settles it: the question closes.
    settled = list(result.revisions) + [
        rev(
            "s1",
            [Approve("c-gap")],
            parent=last.id,
            author="erin",
            role=REVIEWER,
            minute=9,
            number=6,
        )
    ]
    state = folded(settled)
    assert state.get("c-gap").status is Status.APPROVED
    assert state.open_questions == [] and state.questions[0].answered_by == 6
    # The same merge the other way round writes the same bytes (same question, same revision).
    other = merge_sidecars(in_memory("b", base), in_memory("t", theirs), in_memory("o", ours))
    assert other.encode() == result.encode()
    # Merging the merge again asks nothing new.
    again = merge_sidecars(
        in_memory("b", base), in_memory("m", list(result.revisions)), in_memory("t", theirs)
    )
    assert not again.questions and again.encode() == result.encode()


def test_amend_with_other_words_conflicts_equal_verdicts_do_not() -> None:
    base = _base()
    ours = base + [
        rev(
            "o1",
            [Amend("c-gap", "our words"), Approve("c-flown", "ok")],
            parent="b2",
            author="carol",
            role=REVIEWER,
            minute=5,
        ),
    ]
    theirs = base + [
        rev(
            "t1",
            [Amend("c-gap", "their words"), Approve("c-flown")],
            parent="b2",
            author="dan",
            role=REVIEWER,
            minute=6,
        ),
    ]
    result = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    assert [q.about for q in result.questions] == ["c-gap"]
    assert "amended to “our words” by carol" in result.questions[0].text


def test_question_event_round_trips_through_the_file(tmp_path: Path) -> None:
    base = _base()
    ours = base + [rev("o1", [Approve("c-gap")], parent="b2", author="c", role=REVIEWER, minute=5)]
    theirs = base + [rev("t1", [Reject("c-gap")], parent="b2", author="d", role=REVIEWER, minute=6)]
    result = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    path = tmp_path / "speech.txt.review.yaml"
    path.write_bytes(result.encode())
    text = path.read_text()
    assert "- question:\n" in text and "about: c-gap" in text
    loaded = load_sidecar(path)
    assert loaded.warnings == ()
    assert loaded.revisions == result.revisions
    assert isinstance(loaded.revisions[-1].events[0], Question)


def test_bad_question_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path / "speech.txt.review.yaml", _base())
    with open(path, "a") as fh:
        fh.write(
            "---\nrevision: 3\nid: q1\nparent: b2\nauthor: x\nrole: reviewer\n"
            "saved: 2026-11-26T20:00:00Z\ntranscript_sha256: " + "0" * 64 + "\nmessage: m\n"
            "events:\n- question: {id: q-1, about: c-gap}\n...\n"
        )
    with pytest.raises(InputError) as err:
        load_sidecar(path)
    assert "lacks the field `text`" in str(err.value) and err.value.line is not None


def test_question_about_unknown_correction_is_a_problem_not_a_crash() -> None:
    revs = numbered(_base() + [rev("q", [Question("q-1", "c-none", "?")], parent="b2")])
    state = folded(revs)
    assert state.questions == [] and state.problems[0].rule == "unknown-id"


def test_merge_with_base_on_one_side_returns_the_other_unchanged() -> None:
    base = _base()
    ours = base + [
        rev("o1", [Approve("c-gap")], parent="b2", author="c", role=REVIEWER, minute=9),
        rev("o2", [Reject("c-flown")], parent="o1", author="c", role=REVIEWER, minute=1),
    ]
    a = in_memory("o", ours)
    assert merge_sidecars(in_memory("b", base), a, in_memory("b", base)).revisions == a.revisions
    assert merge_sidecars(in_memory("b", base), in_memory("b", base), a).revisions == a.revisions


def test_shared_folder_copies_keep_each_sides_order() -> None:
    """Two copies that both hold r3, r4 appended concurrently (r4's parent is r2, saved before
    r3): the merge keeps the file order, it does not re-sort by time."""
    base = _base()
    r3 = rev("r3", [Approve("c-gap")], parent="b2", author="c", role=REVIEWER, minute=9)
    r4 = rev("r4", [Reject("c-gap")], parent="b2", author="d", role=REVIEWER, minute=8)
    ours = base + [r3, r4, rev("o", [], parent="r4", minute=10)]
    theirs = base + [r3, r4, rev("t", [], parent="r4", minute=11)]
    result = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    assert [r.id for r in result.revisions] == ["b1", "b2", "r3", "r4", "o", "t"]


def test_both_created_the_sidecar_without_a_base(tmp_path: Path) -> None:
    empty = tmp_path / "base"
    empty.write_bytes(b"")
    ours = write(tmp_path / "ours", [rev("x1", [Flag("f-a", FLOWN, "x")], minute=2)])
    theirs = write(tmp_path / "theirs", [rev("y1", [Flag("f-b", GAP, "y")], minute=1)])
    result, _ = merge_files(empty, ours, theirs)
    assert [r.id for r in result.revisions] == ["y1", "x1"]
    result2, _ = merge_files(tmp_path / "missing", ours, theirs)
    assert result2.encode() == result.encode()


def test_mismatched_transcripts_are_refused(tmp_path: Path) -> None:
    base = write(tmp_path / "base", _base())
    ours = write(tmp_path / "ours", _base())
    theirs = write(tmp_path / "theirs", _base(), Header("other.txt"))
    with pytest.raises(InputError, match="only versions of one transcript's sidecar"):
        merge_files(base, ours, theirs)


def test_header_fields_merge_three_ways(tmp_path: Path) -> None:
    base = write(tmp_path / "base", _base())
    ours = write(tmp_path / "ours", _base(), Header("speech.txt", webcast="https://a"))
    theirs = write(tmp_path / "theirs", _base(), Header("speech.txt", media="m.mp4"))
    result, _ = merge_files(base, ours, theirs)
    assert result.header == Header("speech.txt", webcast="https://a", media="m.mp4")
    clash = write(tmp_path / "clash", _base(), Header("speech.txt", webcast="https://b"))
    with pytest.raises(InputError, match="changed on both sides"):
        merge_files(base, ours, clash)


def test_same_id_with_other_content_is_refused(tmp_path: Path) -> None:
    base = write(tmp_path / "base", _base())
    ours = write(tmp_path / "ours", _base() + [rev("x", [], parent="b2", minute=3)])
    theirs = write(tmp_path / "theirs", _base() + [rev("x", [], parent="b2", minute=4)])
    with pytest.raises(InputError, match="revision x differs"):
        merge_files(base, ours, theirs)


def test_torn_or_invalid_inputs_are_refused(tmp_path: Path) -> None:
    base = write(tmp_path / "base", _base())
    ours = write(tmp_path / "ours", _base())
    torn = write(tmp_path / "torn", _base())
    with open(torn, "a") as fh:
        fh.write("---\nrevision: 3\nid: half\n")
    with pytest.raises(InputError, match="unfinished revision"):
        merge_files(base, ours, torn)
    broken = tmp_path / "broken"
    broken.write_text("schema: transcript-review/1\ntranscript: speech.txt\n...\n---\n- [\n")
    with pytest.raises(InputError):
        merge_files(base, ours, broken)
    with pytest.raises(InputError, match="no such file"):
        merge_files(base, ours, tmp_path / "nothing")


def test_base_revisions_dropped_by_a_side_are_kept_with_a_warning() -> None:
    base = _base()
    result = merge_sidecars(in_memory("b", base), in_memory("o", base[:1]), in_memory("t", base))
    assert [r.id for r in result.revisions] == ["b1", "b2"]
    assert "missing from ours" in result.warnings[0]


def test_added_since_lists_what_others_saved(tmp_path: Path) -> None:
    path = write(tmp_path / "speech.txt.review.yaml", _base())
    loaded = load(path)
    assert not added_since(loaded)
    more = _base() + [
        rev("n1", [Approve("c-gap"), Approve("c-flown")], parent="b2", author="bob", role=REVIEWER),
        rev("n2", [Flag("f-9", FLOWN, "odd")], parent="n1", author="bob"),
        rev("n3", [Reject("c-gap")], parent="n2", author="carol", role=REVIEWER),
    ]
    path.write_bytes(encode_sidecar(Header("speech.txt"), numbered(more)))
    news = added_since(loaded)
    assert [r.id for r in news.revisions] == ["n1", "n2", "n3"] and not news.rewritten
    assert list(news.by_author()) == ["bob", "carol"]
    line = news.summary()
    assert line.startswith("bob added 2 revisions since you opened this: “revision n1” (2 approve)")
    assert "carol added 1 revision since you opened this: “revision n3” (1 reject)" in line
    # A merge that put others' revisions between ours is reported as a rewrite.
    reordered = [more[0], more[2], more[1]]
    path.write_bytes(encode_sidecar(Header("speech.txt"), numbered(reordered)))
    assert added_since(loaded).rewritten


def test_sides_that_disagree_on_order_still_merge_symmetrically() -> None:
    """Only a hand-reordered copy makes the sides' orders contradict: still deterministic."""
    base = _base()
    x = rev("x", [Approve("c-gap")], parent="b2", author="c", role=REVIEWER, minute=7)
    y = rev("y", [Reject("c-gap")], parent="b2", author="d", role=REVIEWER, minute=6)
    ab = merge_sidecars(
        in_memory("b", base), in_memory("o", base + [x, y]), in_memory("t", base + [y, x])
    )
    ba = merge_sidecars(
        in_memory("b", base), in_memory("t", base + [y, x]), in_memory("o", base + [x, y])
    )
    assert ab.encode() == ba.encode()
    assert [r.id for r in ab.revisions] == ["b1", "b2", "y", "x"]
    assert not ab.questions  # both sides hold both verdicts: nothing new to reconcile


def test_writing_in_place_refuses_when_ours_changed_meanwhile(tmp_path: Path) -> None:
    from transcript_review.core.sidecar.store import replace_sidecar

    base = write(tmp_path / "base", _base())
    ours = write(tmp_path / "speech.txt.review.yaml", _base())
    theirs = write(tmp_path / "theirs", _base() + [rev("t", [], parent="b2", minute=5)])
    result, ours_loaded = merge_files(base, ours, theirs)
    with open(ours, "a") as fh:  # someone saves while we merge
        fh.write(
            encode_sidecar(Header("x"), [rev("late", [], parent="b2", number=3)])
            .decode()
            .split("...\n", 1)[1]
        )
    before = ours.read_bytes()
    with pytest.raises(InputError, match="changed while merging"):
        replace_sidecar(ours, result.encode(), expected=ours_loaded.snapshot)
    assert ours.read_bytes() == before


def test_a_session_loaded_before_an_appending_merge_can_still_save(tmp_path: Path) -> None:
    from transcript_review.core.sidecar.store import append_revision, replace_sidecar

    base = write(tmp_path / "base", _base())
    ours = write(tmp_path / "speech.txt.review.yaml", _base())
    theirs = write(tmp_path / "theirs", _base() + [rev("t", [], parent="b2", minute=5)])
    editor_view = load_sidecar(ours)
    result, ours_loaded = merge_files(base, ours, theirs)
    replace_sidecar(ours, result.encode(), expected=ours_loaded.snapshot)
    news = added_since(editor_view)
    assert [r.id for r in news.revisions] == ["t"] and not news.rewritten
    saved = append_revision(ours, rev("mine", [], parent="b2"), editor_view.snapshot)
    assert [r.id for r in saved.others] == ["t"] and saved.revision.number == 4


def test_alternatives_approved_on_both_sides_raise_a_question() -> None:
    base = _base() + [
        rev(
            "b3",
            [Propose("c-alt", ProposalKind.RESOLVE_GAP, GAP, "other words", Evidence.GUESS)],
            parent="b2",
            author="bob",
            minute=3,
        )
    ]
    ours = base + [rev("o1", [Approve("c-gap")], parent="b3", author="c", role=REVIEWER, minute=5)]
    theirs = base + [
        rev("t1", [Approve("c-alt")], parent="b3", author="d", role=REVIEWER, minute=6)
    ]
    result = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    (conflict,) = result.conflicts
    assert (conflict.correction, conflict.alternative) == ("c-gap", "c-alt")
    (question,) = result.questions
    assert question.about == "c-gap"
    assert question.text.startswith("Alternatives approved in parallel: c-gap was approved by c")
    state = folded(result.revisions)
    assert state.get("c-gap").status is Status.REJECTED
    assert state.get("c-gap").superseded_by == "c-alt"
    assert [q.about for q in state.open_questions] == ["c-gap"]
    swapped = merge_sidecars(in_memory("b", base), in_memory("t", theirs), in_memory("o", ours))
    assert swapped.encode() == result.encode()
    # Disjoint approvals on both sides are no question.
    theirs2 = base + [rev("t1", [Approve("c-flown")], parent="b3", author="d", role=REVIEWER)]
    assert not merge_sidecars(
        in_memory("b", base), in_memory("o", ours), in_memory("t", theirs2)
    ).questions
