"""The messages between the app, the editor and the review queue (tui/messages.py), watched
with Textual's ``message_hook`` (as harlequin's tests do): each is posted when it should be, to
the screen it is for, and that screen does what it says."""

from __future__ import annotations

from textual.message import Message

from tests.tui.conftest import SIZE, loaded
from tests.tui.test_review_keys import propose, review_app
from transcript_review.tui.editor_screen import EditorScreen
from transcript_review.tui.messages import (
    NoteChanged,
    PanelResized,
    Say,
    SessionChanged,
    SessionEdited,
    TimingChanged,
)
from transcript_review.tui.review_screen import ReviewScreen


class Seen:
    """Every message posted, for the hook (a bubbling message is posted again to each node it
    bubbles to: :meth:`of` gives each message once)."""

    def __init__(self) -> None:
        self.messages: list[Message] = []

    def __call__(self, message: Message) -> None:
        self.messages.append(message)

    def of(self, kind: type[Message]) -> list[Message]:
        unique = {id(m): m for m in self.messages if type(m) is kind}
        return list(unique.values())

    def clear(self) -> None:
        self.messages.clear()


async def test_a_verdict_is_said_to_the_app_which_tells_the_editor(transcript_copy) -> None:
    path = transcript_copy()
    gap_fix, _ = propose(path)
    app = review_app(path)
    seen = Seen()
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        await loaded(pilot)
        queue = app.screen
        assert isinstance(queue, ReviewScreen) and queue.session is app.editor.session
        seen.clear()
        await pilot.press("a")
        await pilot.pause()
        assert len(seen.of(SessionEdited)) == 1  # the queue said what it did
        (told,) = seen.of(SessionChanged)  # the app told the editor, and only the editor
        assert told._sender is app
        assert app.editor._editor_stale  # it catches up when shown again, not now
        await pilot.press("R")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and not app.editor._editor_stale
        assert app.editor.worklist is not None
        assert all(e.key != gap_fix or e.state != "proposed" for e in app.editor.worklist.entries)


async def test_the_editor_tells_the_queue_over_it_of_an_undo_and_its_note(transcript_copy) -> None:
    path = transcript_copy()
    propose(path)
    app = review_app(path)
    seen = Seen()
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        queue = app.screen
        assert isinstance(queue, ReviewScreen)
        assert "1 unsaved" in queue.query_one("#review-status").plain
        seen.clear()
        await pilot.press("u")  # the app's key: the editor undoes, the queue is told
        await pilot.pause()
        assert not app.session.actions
        assert seen.of(SessionChanged) and seen.of(NoteChanged)
        assert queue.note == app.editor.note and queue.note.startswith("✓ Undone")
        status = queue.query_one("#review-status").plain
        assert "unsaved" not in status and "Undone" in status
        assert queue.rows[0].correction.status.value == "proposed"


async def test_a_note_from_the_queue_goes_to_the_editor_by_way_of_the_app(
    transcript_copy,
) -> None:
    path = transcript_copy()
    gap_fix, _ = propose(path)
    app = review_app(path)
    seen = Seen()
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        await loaded(pilot)
        await pilot.press("slash")
        app.screen.query_one("Input").value = ""
        await pilot.press("enter", "a", "up")
        seen.clear()
        await pilot.press("a")  # already approved: a note, no warning
        await pilot.pause()
        says = seen.of(Say)
        assert len(says) == 2  # posted by the queue, then by the app to the editor
        assert says[1]._sender is app
        assert f"{gap_fix} is already approved" in app.editor.note
        (note,) = seen.of(NoteChanged)
        assert note.note == app.editor.note


async def test_new_times_reach_the_queue(transcript_copy) -> None:
    path = transcript_copy()
    propose(path)
    app = review_app(path)
    seen = Seen()
    async with app.run_test(size=SIZE, message_hook=seen) as pilot:
        await loaded(pilot)
        queue = app.screen
        assert isinstance(queue, ReviewScreen)
        timing = app.editor._time(app.session)  # as a stamp or an alignment would
        assert timing is not queue.timing
        seen.clear()
        app.editor._retimed(timing)
        await pilot.pause()
        assert len(seen.of(TimingChanged)) == 1
        assert queue.timing is timing and app.timing is timing


async def test_the_panel_says_it_was_resized_and_the_editor_fits_its_rows(make_app) -> None:
    app = make_app()
    seen = Seen()
    async with app.run_test(size=(120, 36), message_hook=seen) as pilot:
        await loaded(pilot)
        before = app.editor._entry_width
        seen.clear()
        await pilot.resize_terminal(160, 36)
        await pilot.pause()
        await pilot.pause()
        assert seen.of(PanelResized)
        assert app.editor._entry_width > before  # the panel is 30% of a wider window


async def test_the_queue_dismissed_returns_where_it_was_left(transcript_copy) -> None:
    """``escape`` dismisses the queue with a ReviewExit: the editor keeps the place for the
    next visit and is an editor again."""
    path = transcript_copy()
    propose(path)
    app = review_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("down")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and app.editor.review is None
        place = app.editor.review_place
        assert place is not None and place.row == 1
        assert app.session.role.value == "editor"


async def test_an_editor_made_for_an_open_session_shows_it_and_is_dismissed(make_app) -> None:
    """The shape a workspace of transcripts needs: an EditorScreen made for a session already
    open shows it at once, and dismissing it returns to the screen below."""
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        again = EditorScreen(
            app.path, app.decoded, app.config, session=app.session, timing=app.timing
        )
        await app.push_screen(again)
        await pilot.pause()
        assert app.screen is again and again.session is app.session
        assert again.worklist is not None and len(again.worklist) == len(app.editor.worklist)
        assert "rev 0" in again.query_one("#status-line").plain
        again.dismiss()
        await pilot.pause()
        assert app.screen is app.editor
