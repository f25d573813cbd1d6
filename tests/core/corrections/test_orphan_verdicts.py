"""An orphaned correction (its words are gone from the transcript) cannot be approved or
amended: nothing could apply it. Rejecting it stays possible; verdicts in the file stand."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.core.sidecar.helpers import SPEECH, revision, span_of
from transcript_review.cli import main
from transcript_review.core.config import Config
from transcript_review.core.corrections import (
    Draft,
    OrphanedCorrectionError,
    ReviewRuleError,
    Status,
    fold,
)
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.errors import InputError
from transcript_review.core.sidecar.records import (
    Approve,
    Evidence,
    Header,
    ProposalKind,
    Propose,
    Role,
)
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for

HEADER = Header("speech.txt")
REWRITTEN = SPEECH.replace("the African Union has also flown to the region", "others came")


def orphaned_draft(*, approved: bool = False) -> Draft:
    """A reviewer's draft on a transcript where c-1 ("flown" -> "flowed") lost its words."""
    revs = [
        revision(
            1,
            [
                Propose("c-1", ProposalKind.REPLACE, span_of(SPEECH, "flown"), "flowed"),
                Propose(
                    "c-2",
                    ProposalKind.RESOLVE_GAP,
                    span_of(SPEECH, "(inaudible)"),
                    "today",
                    Evidence.LISTENED,
                ),
            ],
        )
    ]
    if approved:
        revs.append(revision(2, [Approve("c-1")], author="bob", role=Role.REVIEWER))
    state = fold(HEADER, revs, REWRITTEN)
    assert state.get("c-1").status is Status.ORPHANED
    return Draft(state, "bob", Role.REVIEWER)


@pytest.mark.parametrize("approved", [False, True])
def test_approving_or_amending_an_orphan_is_refused(approved: bool) -> None:
    draft = orphaned_draft(approved=approved)
    for verdict in (lambda: draft.approve("c-1"), lambda: draft.amend("c-1", "flew")):
        with pytest.raises(OrphanedCorrectionError) as caught:
            verdict()
        message = caught.value.reason
        assert "\n" not in message and message.startswith("c-1 is orphaned")
        assert "“flown”" in message and "reject it" in message and "propose it again" in message
        assert isinstance(caught.value, ReviewRuleError)
    assert draft.events == []  # nothing was added
    assert draft.state.get("c-1").history[-1].action == ("approve" if approved else "propose")


def test_an_orphan_can_still_be_rejected_and_others_approved() -> None:
    draft = orphaned_draft()
    draft.reject("c-1", "its words are gone")
    draft.approve("c-2")
    assert draft.state.get("c-1").review_status is Status.REJECTED
    assert draft.state.get("c-2").status is Status.APPROVED


def test_an_approval_saved_in_the_file_still_folds() -> None:
    # Approved while its words were there; the transcript changed afterwards: kept as written.
    state = orphaned_draft(approved=True).state
    assert state.get("c-1").review_status is Status.APPROVED and not state.problems


def test_the_session_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "canada.txt"
    shutil.copy(SEED, path)
    ana = EditingSession.open(path, Config(), user="ana")
    start = ana.transcript.text.index("has also flown to")
    cid = ana.replace(start, start + len("has also flown to"), "has also flowed to")
    ana.save("Ana's proposal")
    path.write_text(
        path.read_text(encoding="utf-8").replace("support has also flown to the", "support for"),
        encoding="utf-8",
    )
    ben = EditingSession.open(path, Config(), user="ben", role=Role.REVIEWER)
    for act in (lambda: ben.approve(cid[:6]), lambda: ben.amend(cid, "went to")):
        with pytest.raises(InputError) as caught:
            act()
        assert str(caught.value).startswith(f"{path}: {cid} is orphaned")
    assert not ben.dirty
    ben.reject(cid)
    assert ben.dirty


def test_cli_approve_of_an_orphan_exits_2_and_saves_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "canada.txt"
    shutil.copy(SEED, path)
    assert main(["replace", str(path), "--quote", "has also flown to", "--with", "flowed"]) == 0
    sidecar = sidecar_path_for(path)
    cid = load_sidecar(sidecar).revisions[0].events[0].id
    path.write_text(
        path.read_text(encoding="utf-8").replace("support has also flown to the", "support for"),
        encoding="utf-8",
    )
    capsys.readouterr()
    before = sidecar.read_bytes()
    assert main(["approve", str(path), cid, "--user", "ben"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert err.startswith(f"transcript-review: error: {path}: {cid} is orphaned: ")
    assert "reject it, or propose it again against the current text" in err
    assert sidecar.read_bytes() == before
    assert main(["reject", str(path), cid, "--user", "ben"]) == 0
