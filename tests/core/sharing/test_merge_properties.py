"""Hypothesis: the merge is symmetric and does nothing when one side added nothing."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transcript_review.core.sharing.merge import merge_sidecars
from transcript_review.core.sidecar.records import (
    Amend,
    Approve,
    Evidence,
    Flag,
    ProposalKind,
    Propose,
    Reject,
    Revision,
    Role,
    Withdraw,
)

from .helpers import SPEECH, folded, in_memory, rev, span_of, summary

#: Spans that overlap in pairs, so approvals supersede alternatives.
SPANS = [
    span_of(SPEECH, "(inaudible)"),
    span_of(SPEECH, "future (inaudible)"),
    span_of(SPEECH, "flown"),
    span_of(SPEECH, "has also flown"),
    span_of(SPEECH, "(inaudible)", 2),
]
AUTHORS = ["alice", "bob", "carol"]
BASE_IDS = ["c-base0", "c-base1"]


def _base() -> list[Revision]:
    return [
        rev(
            "base0001",
            [
                Propose("c-base0", ProposalKind.RESOLVE_GAP, SPANS[0], "w0", Evidence.LISTENED),
                Propose("c-base1", ProposalKind.REPLACE, SPANS[2], "gone"),
            ],
            minute=0,
        )
    ]


@st.composite
def side(draw: st.DrawFn, name: str) -> list[Revision]:
    """Revisions one branch adds on top of the base: proposals, flags and verdicts."""
    out: list[Revision] = []
    known = list(BASE_IDS)
    parent = "base0001"
    for i in range(draw(st.integers(0, 5))):
        events = []
        role = Role.EDITOR
        for j in range(draw(st.integers(1, 3))):
            what = draw(
                st.sampled_from(["propose", "flag", "approve", "reject", "amend", "withdraw"])
            )
            if what == "propose":
                cid = f"c-{name}{i}{j}"
                span = draw(st.sampled_from(SPANS))
                events.append(
                    Propose(cid, ProposalKind.REPLACE, span, draw(st.sampled_from("xyz")))
                )
                known.append(cid)
            elif what == "flag":
                events.append(Flag(f"f-{name}{i}{j}", draw(st.sampled_from(SPANS)), "doubt"))
            else:
                target = draw(st.sampled_from(known))
                role = Role.REVIEWER
                if what == "approve":
                    events.append(Approve(target))
                elif what == "reject":
                    events.append(Reject(target))
                elif what == "amend":
                    events.append(Amend(target, draw(st.sampled_from("uvw"))))
                else:
                    events.append(Withdraw(target))
        rev_id = f"{name}{i:07d}"
        out.append(
            rev(
                rev_id,
                events,
                parent=parent,
                author=draw(st.sampled_from(AUTHORS)),
                role=role,
                minute=draw(st.integers(1, 4)),  # few distinct times: ties are common
            )
        )
        parent = rev_id
    return out


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(side("a"), side("b"))
def test_merge_is_symmetric(a: list[Revision], b: list[Revision]) -> None:
    base = _base()
    ab = merge_sidecars(in_memory("base", base), in_memory("a", base + a), in_memory("b", base + b))
    ba = merge_sidecars(in_memory("base", base), in_memory("b", base + b), in_memory("a", base + a))
    assert summary(folded(ab.revisions)) == summary(folded(ba.revisions))
    assert ab.encode() == ba.encode()
    # Every revision of both sides exactly once, numbered by position.
    merged_ids = [r.id for r in ab.revisions]
    assert len(merged_ids) == len(set(merged_ids))
    assert {r.id for r in base + a + b} <= set(merged_ids)
    assert len(ab.revisions) == len(base + a + b) + (1 if ab.questions else 0)
    assert [r.number for r in ab.revisions] == list(range(1, len(ab.revisions) + 1))
    # Each side's own order survives.
    for seq in (a, b):
        positions = [merged_ids.index(r.id) for r in seq]
        assert positions == sorted(positions)
    # Every conflict is an open question right after the merge.
    state = folded(ab.revisions)
    assert {q.about for q in state.open_questions} == {c.correction for c in ab.conflicts}


@settings(max_examples=100, deadline=None)
@given(side("a"))
def test_merge_with_an_unchanged_side_is_the_other_side(a: list[Revision]) -> None:
    base = _base()
    ours = in_memory("a", base + a)
    for result in (
        merge_sidecars(in_memory("base", base), ours, in_memory("base", base)),
        merge_sidecars(in_memory("base", base), in_memory("base", base), ours),
    ):
        assert result.revisions == ours.revisions
        assert not result.questions
        assert summary(folded(result.revisions)) == summary(folded(ours.revisions))
