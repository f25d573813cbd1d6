"""``qc-dismiss`` / ``qc-restore`` in the sidecar: strict reading, round trip, merging."""

from __future__ import annotations

from pathlib import Path

import pytest

from transcript_review.core.errors import InputError
from transcript_review.core.sharing.merge import merge_sidecars
from transcript_review.core.sidecar.records import QcDismiss, QcRestore
from transcript_review.core.sidecar.store import load_sidecar

from ..sharing.helpers import folded, in_memory, numbered, rev, summary, write

HEADER = "schema: transcript-review/1\ntranscript: speech.txt\n...\n"
REVISION = """---
revision: 1
id: 7f3a9c2e
parent: null
author: ana
role: editor
saved: 2026-11-26T21:41:07Z
transcript_sha256: {sha}
message: Dismiss 1 qc finding
events:
- qc-dismiss:
    id: d-0c1d2e3f
    finding: q-3fa41c
    rule: doubled-word
    words: the the
    note: quoted as said
- qc-restore: {id: d-0c1d2e3f}
...
""".replace("{sha}", "0" * 64)


def refused(tmp_path: Path, body: str) -> InputError:
    path = tmp_path / "speech.txt.review.yaml"
    path.write_text(HEADER + body, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_sidecar(path)
    return caught.value


def test_dismiss_and_restore_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt.review.yaml"
    path.write_text(HEADER + REVISION, encoding="utf-8")
    (loaded,) = load_sidecar(path).revisions
    assert loaded.events == (
        QcDismiss("d-0c1d2e3f", "q-3fa41c", "doubled-word", "the the", "quoted as said"),
        QcRestore("d-0c1d2e3f"),
    )
    again = tmp_path / "again.review.yaml"
    write(again, [loaded])
    assert load_sidecar(again).revisions[0].events == loaded.events


HOSTILE = [
    ("finding: q-3fa41c", "finding: ../../etc", "`finding` must be a finding id", 16),
    ("finding: q-3fa41c", "finding: q-3FA41C", "`finding` must be a finding id", 16),
    ("finding: q-3fa41c", "finding: [q-3fa41c]", "`finding` must be text", 16),
    ("rule: doubled-word", 'rule: "doubled\\x1b[2Jword"', "`rule` must be a rule id", 17),
    ("rule: doubled-word", "rule: " + "a" * 300, "`rule` must be a rule id", 17),
    ("rule: doubled-word", "rule: doubled word", "`rule` must be a rule id", 17),
    ("words: the the", "words: null", "`words` must be text", 18),
    ("words: the the", "words: {a: 1}", "`words` must be text", 18),
    ("words: the the", "wrds: the the", "lacks the field `words`", 15),
    ("note: quoted as said", "note: [x]", "`note` must be text", 19),
    ("note: quoted as said", "note: ok\n    by: mallory", "unknown field `by`", 20),
    ("    id: d-0c1d2e3f\n", "    id: 'd 0c'\n", "`id` must be an id", 15),
    ("- qc-restore: {id: d-0c1d2e3f}", "- qc-restore: {id: d-1, who: x}", "unknown field", 20),
    ("- qc-restore: {id: d-0c1d2e3f}", "- qc-restore: {id: [d-1]}", "`id` must be text", 20),
]


@pytest.mark.parametrize(("old", "new", "reason", "line"), HOSTILE)
def test_hostile_dismissals_are_refused_naming_revision_and_line(
    tmp_path: Path, old: str, new: str, reason: str, line: int
) -> None:
    assert old in REVISION
    error = refused(tmp_path, REVISION.replace(old, new, 1))
    assert reason in error.reason
    assert error.reason.startswith("revision 1: ")
    assert error.line == line


def test_a_dismissal_of_another_kind_of_event_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, REVISION.replace("- qc-dismiss:\n", "- qc-dismiss: 12\n  x:\n"))
    assert error.line is not None


# -- merging ------------------------------------------------------------------------------------


def _dismiss(did: str, finding: str = "q-3fa41c") -> QcDismiss:
    return QcDismiss(did, finding, "doubled-word", "the the")


def test_two_people_dismissing_one_finding_merge_to_one_dismissed_finding() -> None:
    base = [rev("b1", [], minute=1)]
    ours = base + [rev("o1", [_dismiss("d-a")], parent="b1", author="ana", minute=2)]
    theirs = base + [rev("t1", [_dismiss("d-b")], parent="b1", author="ben", minute=3)]
    merged = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    swapped = merge_sidecars(in_memory("b", base), in_memory("t", theirs), in_memory("o", ours))
    assert merged.encode() == swapped.encode() and not merged.questions
    state = folded(merged.revisions)
    dismissed = state.dismissed()
    assert list(dismissed) == ["q-3fa41c"]
    assert [d.author for d in dismissed["q-3fa41c"]] == ["ana", "ben"]
    assert not state.problems


def test_a_restore_on_one_branch_never_loses_a_dismissal_made_on_the_other() -> None:
    base = [rev("b1", [_dismiss("d-a")], author="ana", minute=1)]
    # ours takes back the dismissal it saw; theirs dismisses the same finding again meanwhile.
    ours = base + [rev("o1", [QcRestore("d-a")], parent="b1", author="ben", minute=5)]
    theirs = base + [rev("t1", [_dismiss("d-c")], parent="b1", author="cy", minute=3)]
    for a, b in ((ours, theirs), (theirs, ours)):
        merged = merge_sidecars(in_memory("b", base), in_memory("a", a), in_memory("b2", b))
        state = folded(merged.revisions)
        assert [d.id for d in state.dismissed()["q-3fa41c"]] == ["d-c"]
        assert state.dismissals["d-a"].restored_by == "ben"


def test_two_restores_of_one_dismissal_are_one_restore_not_a_problem() -> None:
    base = [rev("b1", [_dismiss("d-a")], minute=1)]
    ours = base + [rev("o1", [QcRestore("d-a")], parent="b1", minute=2)]
    theirs = base + [rev("t1", [QcRestore("d-a")], parent="b1", minute=3)]
    merged = merge_sidecars(in_memory("b", base), in_memory("o", ours), in_memory("t", theirs))
    state = folded(merged.revisions)
    assert state.dismissed() == {} and not state.problems
    assert summary(state)["corrections"] == {}


def test_a_sidecar_without_dismissals_folds_as_before() -> None:
    state = folded(numbered([rev("b1", [], minute=1)]))
    assert state.dismissals == {} and state.dismissed() == {}
