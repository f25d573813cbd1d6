"""``transcript-review DIR --review``: the review screen over a folder's queue (pilot tests and
snapshots on a generated folder)."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from transcript_review.core.config import Config
from transcript_review.core.editing import session as session_module
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sidecar.records import Role
from transcript_review.core.sidecar.store import LockError, load_sidecar, sidecar_path_for
from transcript_review.core.text.anchors import anchor_for_quote
from transcript_review.tui.dialogs import ConfirmDialog, MessageDialog, PromptDialog
from transcript_review.tui.folder_review_app import FolderReviewApp
from transcript_review.tui.review_screen import ReviewScreen
from transcript_review.tui.virtual_table import VirtualTable

SIZE = (120, 35)
HOSTILE = "evil\x1b]0;pwned\x07.txt"


def propose(path: Path, quote: str, new: str, user: str) -> str:
    session = EditingSession.open(path, Config(), user=user)
    anchor = anchor_for_quote(session.transcript.text, quote, 1, path=path)
    cid = session.replace(anchor.start, anchor.end, new)
    session.save(f"proposed by {user}")
    return cid


def make_meeting(folder: Path) -> dict[str, str]:
    """a.txt (two proposals by ana), b.txt (one by cy), c-mine.txt (one by ben, the
    reviewer), quiet.txt (none), and a binary file with control characters in its name."""
    folder.mkdir(parents=True)
    for name in ("a.txt", "b.txt", "c-mine.txt"):
        shutil.copy(SEED, folder / name)
    shutil.copy(SAMPLES / "press-briefing-stamped-lines.txt", folder / "quiet.txt")
    (folder / HOSTILE).write_bytes(b"\x00\x01binary\x1b[2J" * 50)
    return {
        "a1": propose(folder / "a.txt", "Secretary General", "Secretary-General", "ana"),
        "a2": propose(folder / "a.txt", "regional organizations", "regional bodies", "ana"),
        "b1": propose(folder / "b.txt", "Secretary General", "the SG", "cy"),
        "c1": propose(folder / "c-mine.txt", "Secretary General", "SecGen", "ben"),
    }


@pytest.fixture
def meeting(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "meeting"
    return folder, make_meeting(folder)


def folder_app(folder: Path, user: str = "ben", **options) -> FolderReviewApp:
    # batches of one: the queue fills in over several steps, as on a big folder
    return FolderReviewApp(folder, Config(), user, first_batch=1, batch=1, **options)


async def filled(pilot) -> FolderReviewApp:
    """Wait until the worker has opened every transcript and the rows are shown."""
    app = pilot.app
    await app.workers.wait_for_complete()
    while app.source.loading:
        await pilot.pause(0.02)
    await pilot.pause()
    return app


def screen_of(app: FolderReviewApp) -> ReviewScreen:
    assert isinstance(app.review, ReviewScreen)
    return app.review


def listed(app: FolderReviewApp) -> list[tuple[str | None, str]]:
    return [(r.file, r.id) for r in screen_of(app).rows]


def status_text(app: FolderReviewApp) -> str:
    return str(app.review.query_one("#review-status").render())


def last_revision(path: Path):
    return load_sidecar(sidecar_path_for(path)).revisions[-1]


async def select(pilot, app: FolderReviewApp, file: str, cid: str) -> None:
    index = listed(app).index((file, cid))
    app.review.query_one("#queue", VirtualTable).move_cursor(row=index)
    await pilot.pause()


async def test_rows_of_every_file_with_the_file_column(meeting) -> None:
    folder, ids = meeting
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        assert listed(app) == [
            ("a.txt", ids["a1"]),
            ("a.txt", ids["a2"]),
            ("b.txt", ids["b1"]),
            ("c-mine.txt", ids["c1"]),
        ]
        table = app.review.query_one("#queue", VirtualTable)
        assert [c.key for c in table.ordered_columns if c.shown][:2] == ["file", "id"]
        status = status_text(app)
        assert "meeting/" in status and "3 files" in status and "ben (reviewer)" in status
        assert "4 proposed" in status
        detail = str(app.review.query_one("#detail").render())
        assert detail.startswith("a.txt\n") and "replace by ana" in detail


async def test_approve_in_one_file_reject_in_another_then_save_one_message(meeting) -> None:
    folder, ids = meeting
    before_a = len(load_sidecar(sidecar_path_for(folder / "a.txt")).revisions)
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("a")  # a.txt's first
        await select(pilot, app, "b.txt", ids["b1"])
        await pilot.press("r")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"not the usage", "enter")
        assert app.queue.dirty == ["a.txt", "b.txt"]
        assert "2 unsaved in 2 files" in status_text(app)
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")  # the summary message, as prefilled
        await pilot.pause()
        assert app.queue.dirty == []
        assert not isinstance(app.screen, MessageDialog)  # all saved: a toast, no dialog
    a, b = last_revision(folder / "a.txt"), last_revision(folder / "b.txt")
    assert a.message == b.message == "Approve 1 correction, reject 1 correction"
    assert {(a.author, a.role.value), (b.author, b.role.value)} == {("ben", "reviewer")}
    assert len(load_sidecar(sidecar_path_for(folder / "a.txt")).revisions) == before_a + 1
    # read back: a fresh queue sees the verdicts
    after_a = EditingSession.open(folder / "a.txt", Config(), user="x").state.corrections
    assert after_a[ids["a1"]].status.value == "approved"
    assert after_a[ids["a2"]].status.value == "proposed"
    after_b = EditingSession.open(folder / "b.txt", Config(), user="x").state.corrections
    assert after_b[ids["b1"]].status.value == "rejected"
    assert len(load_sidecar(sidecar_path_for(folder / "c-mine.txt")).revisions) == 1  # untouched


async def test_self_approval_is_refused_and_approve_all_leaves_own(meeting) -> None:
    folder, ids = meeting
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await select(pilot, app, "c-mine.txt", ids["c1"])
        await pilot.press("a")
        await pilot.pause()
        assert app.queue.dirty == []
        assert any("own" in n.message for n in app._notifications)
        await pilot.press("A")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "Approve all 3" in dialog.question and "1 of your own" in dialog.question
        await pilot.press("y")
        await pilot.pause()
        assert app.queue.dirty == ["a.txt", "b.txt"]
        mine = app.queue.session("c-mine.txt").state.corrections[ids["c1"]]
        assert mine.status.value == "proposed"


async def test_filter_by_file(meeting) -> None:
    folder, ids = meeting
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("slash")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("ctrl+u", *"file:b", "enter")
        await pilot.pause()
        assert listed(app) == [("b.txt", ids["b1"])]


async def test_undo_takes_back_the_last_verdict_whatever_its_file(meeting) -> None:
    folder, ids = meeting
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("a")
        await select(pilot, app, "b.txt", ids["b1"])
        await pilot.press("a")
        await pilot.press("u")
        assert app.queue.dirty == ["a.txt"]
        await pilot.press("U")
        assert app.queue.dirty == ["a.txt", "b.txt"]


async def test_a_save_failing_in_one_file_says_which_and_keeps_its_verdicts(
    meeting, monkeypatch
) -> None:
    folder, ids = meeting
    real = session_module.append_revision

    def locked_for_a(path, *args, **kwargs):
        if Path(path).name == "a.txt.review.yaml":
            raise LockError(path, "locked by mallory on other-host (pid 4242); try again later")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(session_module, "append_revision", locked_for_a)
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("a")
        await select(pilot, app, "b.txt", ids["b1"])
        await pilot.press("a", "ctrl+s", "enter")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MessageDialog)
        assert "1 file not saved" in dialog.title_text
        body = str(dialog.body)
        assert "a.txt: not saved: locked by mallory" in body and "1 unsaved verdict" in body
        assert "b.txt: saved revision" in body
        await pilot.press("escape")
        assert app.queue.dirty == ["a.txt"]
        assert "1 unsaved in 1 file" in status_text(app)
        monkeypatch.setattr(session_module, "append_revision", real)
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert app.queue.dirty == []
    assert last_revision(folder / "a.txt").message == last_revision(folder / "b.txt").message


async def test_the_hostile_file_is_one_escaped_problem_line(meeting) -> None:
    folder, _ = meeting
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        problems = app.review.query_one("#review-problems")
        assert problems.display
        shown = str(problems.render())
        assert shown.count("\n") == 0 and "\x1b" not in shown and "\x07" not in shown
        assert "evil\\x1b]0;pwned\\x07.txt" in shown


async def test_quit_with_unsaved_verdicts_asks(meeting) -> None:
    folder, _ = meeting
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("a", "q")
        assert isinstance(app.screen, ConfirmDialog)
        assert "1 unsaved verdict in 1 file" in app.screen.question
        await pilot.press("escape")
        assert app.is_running


async def test_a_folder_with_nothing_to_review_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "quiet"
    folder.mkdir()
    shutil.copy(SEED, folder / "a.txt")
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        detail = str(app.review.query_one("#detail").render())
        assert "Nothing to review: none of the 1 transcripts" in detail


async def test_a_missing_folder_ends_with_its_error(tmp_path: Path) -> None:
    app = folder_app(tmp_path / "nowhere")
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.load_error is not None and app.return_code == 2


# -- snapshots ----------------------------------------------------------------------------------


def _pinned(tmp_path: Path, monkeypatch) -> FolderReviewApp:
    """The meeting with ids and ages pinned (random and moving with the clock)."""
    import transcript_review.core.corrections.draft as corrections
    import transcript_review.tui.review_screen as review_screen

    counter = itertools.count(1)
    monkeypatch.setattr(corrections, "new_id", lambda prefix: f"{prefix}-{next(counter):08x}")
    monkeypatch.setattr(review_screen, "describe_age", lambda saved: "2h")
    folder = tmp_path / "meeting"
    make_meeting(folder)
    return folder_app(folder)


def test_folder_queue_at_120x35(snap_compare, tmp_path: Path, monkeypatch) -> None:
    assert snap_compare(_pinned(tmp_path, monkeypatch), terminal_size=(120, 35), run_before=filled)


def test_folder_queue_at_80x24(snap_compare, tmp_path: Path, monkeypatch) -> None:
    assert snap_compare(_pinned(tmp_path, monkeypatch), terminal_size=(80, 24), run_before=filled)


async def test_a_hostile_name_with_proposals_is_escaped_in_its_row(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    folder.mkdir()
    name = "red\x1b[31m\x07.txt"
    shutil.copy(SEED, folder / name)
    cid = propose(folder / name, "Secretary General", "Secretary-General", "ana")
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        assert listed(app) == [(name, cid)]  # the raw name names the row; it is shown escaped
        table = app.review.query_one("#queue", VirtualTable)
        cell = str(table.get_row_at(0)[0])
        assert cell == "red\\x1b[31m\\x07.txt"
        detail = str(app.review.query_one("#detail").render())
        assert detail.startswith("red\\x1b[31m\\x07.txt\n") and "\x1b" not in detail


async def test_the_file_column_narrows_then_gives_way(tmp_path: Path) -> None:
    folder = tmp_path / "meeting"
    folder.mkdir()
    long = "general-debate-day-two-closing-statement-norway.txt"
    shutil.copy(SEED, folder / long)
    propose(folder / long, "Secretary General", "Secretary-General", "ana")
    app = folder_app(folder)
    async with app.run_test(size=(120, 30)) as pilot:
        await filled(pilot)
        table = app.review.query_one("#queue", VirtualTable)

        def file_column():
            return next(c for c in table.ordered_columns if c.key == "file")

        assert file_column().shown and file_column().width == 24  # capped, not the whole name
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        await pilot.pause()
        assert file_column().shown and file_column().width < 24
        shown = [c.key for c in table.ordered_columns if c.shown]
        assert "time" not in shown and "author" not in shown  # they went first
        await pilot.resize_terminal(60, 24)
        await pilot.pause()
        await pilot.pause()
        assert not file_column().shown
        assert str(app.review.query_one("#detail").render()).startswith(long)


async def test_another_reviewers_save_shows_within_the_watch(meeting) -> None:
    folder, ids = meeting
    app = FolderReviewApp(folder, Config(), "ben", watch_seconds=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("a")  # ours, unsaved, on a.txt's first
        other = EditingSession.open(folder / "b.txt", Config(), user="dan", role=Role.REVIEWER)
        other.approve(ids["b1"])
        other.save("dan's verdict")
        for _ in range(50):
            await pilot.pause(0.05)
            if ("b.txt", ids["b1"]) not in listed(app):
                break
        assert ("b.txt", ids["b1"]) not in listed(app)  # approved by dan: not proposed now
        assert app.queue.dirty == ["a.txt"]  # ours kept
        assert any("others' saves in b.txt" in n.message for n in app._notifications)


async def test_help_lists_the_folder_queues_keys_only(meeting) -> None:
    folder, _ = meeting
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, MessageDialog)
        from rich.console import Console

        console = Console(width=100, record=True)
        console.print(app.screen.body)
        text = console.export_text()
        assert "approve the selected proposal" in text and "one revision in each file" in text
        assert "back to the editor" not in text and "open it in the text" not in text


async def test_amend_in_one_file_and_an_orphan_in_another_is_refused(meeting) -> None:
    folder, ids = meeting
    # b.txt's proposed words are no longer in its text: its proposal is orphaned
    text = (folder / "b.txt").read_text("utf-8")
    (folder / "b.txt").write_text(text.replace("Secretary General", "Deputy Chief"), "utf-8")
    app = folder_app(folder)
    async with app.run_test(size=SIZE) as pilot:
        await filled(pilot)
        await pilot.press("e")  # a.txt's first
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("ctrl+u", *"Secretary-General of the UN", "enter")
        amended = app.queue.session("a.txt").state.corrections[ids["a1"]]
        assert amended.status.value == "approved" and amended.text == "Secretary-General of the UN"
        await pilot.press("slash", "ctrl+u", *"status:orphaned", "enter")
        await pilot.pause()
        assert listed(app) == [("b.txt", ids["b1"])]
        assert "orphaned" in str(app.review.query_one("#detail").render())
        await pilot.press("a")
        await pilot.pause()
        assert app.queue.dirty == ["a.txt"]  # nothing given on the orphan
