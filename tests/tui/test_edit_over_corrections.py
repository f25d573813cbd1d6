"""`e` on a paragraph that already carries a correction: the editor shows the passage as it
reads now, and the edit never makes a correction overlapping a live one."""

from __future__ import annotations

import itertools

from tests.tui.conftest import SIZE, loaded
from transcript_review.core.config import Config
from transcript_review.core.corrections import Status, apply_corrections, spans_conflict
from transcript_review.core.editing.session import EditingSession
from transcript_review.tui.edit_dialog import EditDialog

FILL = "in our collective efforts"


def _live_spans(app) -> list[tuple[str, tuple[int, int]]]:
    return [
        (c.id, c.span)
        for c in app.session.state.corrections.values()
        if c.status in (Status.PROPOSED, Status.APPROVED) and c.changes_text and c.span
    ]


async def test_e_shows_the_gap_fill_and_an_edit_of_it_revises_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *FILL, "enter")  # resolve the gap
        (fill,) = app.session.state.corrections
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, EditDialog)
        area = dialog.query_one("TextArea")
        assert f"in the future {FILL}.*" in area.text and "(inaudible)" not in area.text
        area.text = area.text.replace("collective", "common").replace("whole power", "full power")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditDialog)
        state = app.session.state
        assert state.corrections[fill].status is Status.WITHDRAWN
        live = _live_spans(app)
        assert len(live) == 2
        for (a, span_a), (b, span_b) in itertools.combinations(live, 2):
            assert not spans_conflict(span_a, span_b), (a, b)
        corrected = apply_corrections(state, include_proposed=True)
        assert corrected.skipped == ()
        assert "The full power of diplomacy will be relevant in the future in our common" in (
            corrected.text
        )
        assert [a.method for a in app.session.actions] == ["resolve_gap", "edit"]
        await pilot.press("u")  # one undo takes the whole edit back
        assert [c for c, _ in _live_spans(app)] == [fill]


async def test_someone_elses_fill_is_refused_and_the_dialog_stays_open(
    make_app, transcript_copy
) -> None:
    path = transcript_copy()
    ana = EditingSession.open(path, Config(), user="ana")
    gap = next(i for i in ana.items if i.kind == "gap")
    fill = ana.resolve_gap(gap, FILL)
    ana.save("ana's fill")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "e")
        area = app.screen.query_one("TextArea")
        assert FILL in area.text
        area.text = area.text.replace("collective", "common")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditDialog)  # the words typed are still there
        assert app.session.actions == []
        messages = [n.message for n in app._notifications]
        assert any(fill in m and "ana" in m and "(R, e)" in m for m in messages)
        await pilot.press("escape")


def _status(app) -> str:
    return str(app.query_one("#status-line").render())


async def test_deleting_a_gaps_words_opens_it_again_and_saves_no_replace(make_app) -> None:
    """The reported case: "as well" for g-773522, then `e` deleting " as well" and ctrl+s. The
    gap is open again (the status line counts it and says so), and the saved revision takes
    the resolution back: no replace deleting the marker."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"as well", "enter")  # resolve the gap
        (fill,) = app.session.state.corrections
        assert "gaps 0 open" in _status(app)
        await pilot.press("e")
        area = app.screen.query_one("TextArea")
        assert area.text.endswith("in the future as well.*")
        area.text = area.text.replace(" as well", "")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, EditDialog)
        assert app.session.state.corrections[fill].status is Status.WITHDRAWN
        assert _live_spans(app) == []
        status = _status(app)
        assert "gaps 1 open" in status and "✓ Gap g-773522 is open again" in status
        corrected = apply_corrections(app.session.state, include_proposed=True)
        assert "in the future (inaudible).*" in corrected.text
        await pilot.press("ctrl+s", "enter")  # save, with the message offered
        await pilot.pause()
        assert app.session.actions == []
        sidecar = app.session.sidecar_path.read_text()
        assert "kind: replace" not in sidecar
        assert "withdraw" in sidecar and "resolve-gap" in sidecar
        assert "gaps 1 open" in _status(app)
