"""Redo survives a save and picking up someone else's save (neither is an edit)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.sidecar.helpers import SPEECH
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.errors import InputError


def _open(path: Path, user: str) -> EditingSession:
    return EditingSession.open(path, Config(), user=user)


@pytest.fixture
def speech(tmp_path: Path) -> Path:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    return path


def _gaps(session: EditingSession) -> list:
    return [i for i in session.items if i.kind == "gap"]


def test_redo_after_saving_other_work(speech: Path) -> None:
    session = _open(speech, "ana")
    first, second = _gaps(session)
    session.resolve_gap(first, "very much")
    session.resolve_gap(second, "strong")
    session.undo()  # take back "strong"
    session.save("first gap")
    assert session.undone, "the undone action is still there to redo"
    assert session.redo() is not None
    assert [c.text for c in session.state.corrections.values() if c.text] == [
        "very much",
        "strong",
    ]
    session.save("second gap")
    assert len(_open(speech, "ana").state.corrections) == 2


def test_redo_after_someone_elses_save_and_refused_when_it_no_longer_applies(
    speech: Path,
) -> None:
    ana = _open(speech, "ana")
    ben = _open(speech, "ben")
    first, second = _gaps(ana)
    ana.resolve_gap(first, "very much")
    ana.save()
    ana.flag(0, 3, "check the name")
    ana.undo()
    ben.resolve_gap(_gaps(ben)[1], "strong")
    ben.save()
    ana.reload()  # what the editor's watch does
    assert ana.redo() is not None
    assert len(ana.state.corrections) == 3

    # An undone approval of a proposal that is withdrawn meanwhile cannot be redone.
    reviewer = EditingSession.open(speech, Config(), user="cy", role=ana.role.REVIEWER)
    proposal = next(c for c in reviewer.state.corrections.values() if c.author == "ben")
    reviewer.approve(proposal.id)
    reviewer.undo()
    ben.reload()
    ben.withdraw(proposal.id)
    ben.save()
    reviewer.reload()
    with pytest.raises(InputError):
        reviewer.redo()
    assert reviewer.undone, "a refused redo stays on the redo list"
