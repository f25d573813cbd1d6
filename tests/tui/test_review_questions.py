"""Open questions in the review queue: a merge of conflicting verdicts, seen and answered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.tui.conftest import SIZE, loaded
from tests.tui.test_review_keys import propose, review_app
from transcript_review.core.config import Config
from transcript_review.core.corrections import fold
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.review.queue import QueueFilter, build_queue
from transcript_review.core.sharing.merge import merge_files
from transcript_review.core.sidecar.records import Role
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for
from transcript_review.tui.review_screen import _COLUMNS, ReviewScreen


def _verdict(path: Path, user: str, verb: str, correction: str) -> None:
    session = EditingSession.open(path, Config(), user=user, role=Role.REVIEWER)
    getattr(session, verb)(correction)
    session.save(f"{user} {verb}s")


@pytest.fixture
def questioned(transcript_copy) -> tuple[Path, list[str]]:
    """ana's two proposals; carol approved the first on one branch and dan rejected it on
    another; the merge leaves an open question about it (which verdict applies for now
    depends on the order the merge chose: see :func:`_standing`)."""
    path = transcript_copy()
    ids = propose(path)
    sidecar = sidecar_path_for(path)
    folder = path.parent
    base = shutil.copy(sidecar, folder / "base.review.yaml")
    _verdict(path, "carol", "approve", ids[0])
    ours = shutil.copy(sidecar, folder / "ours.review.yaml")
    shutil.copy(base, sidecar)
    _verdict(path, "dan", "reject", ids[0])
    theirs = shutil.copy(sidecar, folder / "theirs.review.yaml")
    result, _ = merge_files(base, ours, theirs)
    assert [q.about for q in result.questions] == [ids[0]]
    sidecar.write_bytes(result.encode())
    return path, ids


def _standing(path: Path, correction: str) -> str:
    """The status the merged verdicts left (the later one applies)."""
    loaded_sidecar = load_sidecar(sidecar_path_for(path))
    state = fold(loaded_sidecar.header, loaded_sidecar.revisions, path.read_text())
    return state.corrections[correction].status.value


def _status_cell(screen: ReviewScreen, correction: str) -> str:
    """The status cell of the correction's row, as the table holds it."""
    index = next(i for i, row in enumerate(screen.rows) if row.id == correction)
    status = [label for label, _ in _COLUMNS].index("status")
    return str(screen.query_one("#queue").get_row_at(index)[status])


def _status_line(screen: ReviewScreen) -> str:
    return str(screen.query_one("#review-status").render())


async def test_a_questioned_correction_is_marked_explained_and_counted(questioned) -> None:
    path, (asked, other) = questioned
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        # Approved or rejected for now, yet shown under the default filter, marked.
        standing = _standing(path, asked)
        assert standing in ("approved", "rejected")
        assert screen.query_text == "status:proposed"
        assert [r.id for r in screen.rows] == [asked, other]
        assert _status_cell(screen, asked) == f"? {standing}"
        assert _status_cell(screen, other) == "proposed"
        detail = str(screen.query_one("#detail").render())
        assert "OPEN QUESTION q-" in detail
        assert "Conflicting verdicts merged:" in detail
        assert "approved by carol" in detail and "rejected by dan" in detail
        assert "1 open question" in _status_line(screen)


async def test_filter_is_question_and_its_exclusion(questioned) -> None:
    path, (asked, other) = questioned
    standing = _standing(path, asked)
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        for query, wanted in (
            ("is:question", [asked]),
            ("is:q", [asked]),
            ("-is:question", [other]),
            ("status:proposed -is:question", [other]),
            (f"status:{standing}", [asked]),
            ("status:withdrawn", []),
            ("", [asked, other]),
        ):
            await pilot.press("slash")
            dialog = app.screen
            assert "is:question" in dialog.hint
            dialog.query_one("Input").value = query
            await pilot.press("enter")
            assert [r.id for r in screen.rows] == wanted, query


async def test_a_verdict_answers_the_question_and_the_mark_goes(questioned) -> None:
    path, (asked, other) = questioned
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("a")
        assert app.session.state.corrections[asked].status.value == "approved"
        assert app.session.state.open_questions == []
        # Approved and answered: it leaves the status:proposed queue; the rest is untouched.
        assert [r.id for r in screen.rows] == [other]
        assert "open question" not in _status_line(screen)
        await pilot.press("slash")
        app.screen.query_one("Input").value = ""
        await pilot.press("enter")
        assert _status_cell(screen, asked) == "approved •"
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert not app.session.dirty
        assert _status_cell(screen, asked) == "approved"
        assert "OPEN QUESTION" not in str(screen.query_one("#detail").render())
    loaded_sidecar = load_sidecar(sidecar_path_for(path))
    state = fold(loaded_sidecar.header, loaded_sidecar.revisions, path.read_text())
    (question,) = state.questions
    assert question.about == asked and question.answered_by == len(loaded_sidecar.revisions)
    assert state.open_questions == []


async def test_reject_and_amend_answer_it_too(questioned) -> None:
    path, (asked, _) = questioned
    standing = _standing(path, asked)
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("r", "enter")
        assert app.session.state.open_questions == []
        assert app.session.state.corrections[asked].status.value == "rejected"
        await pilot.press("u")
        await pilot.pause()
        assert [q.about for q in app.session.state.open_questions] == [asked]
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert _status_cell(screen, asked) == f"? {standing}"
        assert screen.rows[0].id == asked
        await pilot.press("up")  # the cursor stayed on the row it was on (the other one)
        assert screen.rows[screen.query_one("#queue").cursor_row].id == asked
        await pilot.press("e")
        app.screen.query_one("Input").value = "in all our efforts"
        await pilot.press("enter")
        assert app.session.state.open_questions == []
        assert app.session.state.corrections[asked].text == "in all our efforts"


def test_filter_rules_without_the_app(questioned) -> None:
    path, (asked, other) = questioned
    session = EditingSession.open(path, Config(), user="ben", role=Role.REVIEWER)
    assert [r.id for r in build_queue(session, None)] == [asked, other]
    assert [r.id for r in build_queue(session, None, "author:ana is:question")] == [asked]
    assert [r.id for r in build_queue(session, None, "-author:ana")] == []
    assert [r.id for r in build_queue(session, None, "status:withdrawn")] == []
    parsed = QueueFilter.parse("status:proposed -is:question words")
    assert parsed.status == ("proposed",) and parsed.without == (("is", "question"),)
    assert parsed.words == ("words",)


async def test_a_verdict_updates_the_row_in_place_when_it_stays_shown(questioned) -> None:
    path, (asked, other) = questioned
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = app.screen
        await pilot.press("slash")
        app.screen.query_one("Input").value = ""
        await pilot.press("enter")
        table = screen.query_one("#queue")
        await pilot.press("s")
        assert table.cursor_row == 1
        await pilot.press("a")
        assert [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [asked, other]
        assert _status_cell(screen, other) == "approved •"
        assert _status_cell(screen, asked).startswith("? ")
        assert [r.id for r in screen.rows] == [asked, other]
