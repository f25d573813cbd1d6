"""``transcript-review DIR`` end to end in the app: the workspace opens a file in the editor,
the editor goes back to it with the row brought up to date, asks before losing unsaved work,
offers the next file past the last item, and a file that cannot be opened is a toast."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.tui.workspace_harness import HOSTILE, clock_after_last_save, filled, make_meeting
from transcript_review.core.config import Config
from transcript_review.tui.dialogs import ConfirmDialog, PromptDialog
from transcript_review.tui.resolve_dialog import ResolveDialog
from transcript_review.tui.workspace_app import WorkspaceApp
from transcript_review.tui.workspace_editor import WorkspaceEditor
from transcript_review.tui.workspace_screen import WorkspaceScreen

SIZE = (120, 35)
HRC = "human-rights-council-bracket-times.txt"


@pytest.fixture
def meeting(tmp_path: Path) -> Path:
    return make_meeting(tmp_path / "meeting")


def workspace_app(folder: Path, user: str = "carla") -> WorkspaceApp:
    moment = clock_after_last_save(folder)
    return WorkspaceApp(folder, Config(), user, watch_seconds=0, clock=lambda: moment)


async def until(pilot, condition, what: str) -> None:
    for _ in range(400):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never: {what}")


async def open_file(pilot, name: str) -> WorkspaceEditor:
    """From the workspace, select ``name`` and press enter; wait for its session."""
    app = pilot.app
    workspace = app.screen
    assert isinstance(workspace, WorkspaceScreen)
    assert workspace.select(workspace.folder / name)
    await pilot.press("enter")
    await until(
        pilot,
        lambda: isinstance(app.screen, WorkspaceEditor) and app.screen.session is not None,
        f"{name} loaded",
    )
    await pilot.pause()
    return app.screen


async def back(pilot, workspace: WorkspaceScreen, name: str, **figures: int) -> None:
    """Wait until the workspace shows again with ``name``'s row having ``figures``."""
    app = pilot.app
    await until(pilot, lambda: app.screen is workspace, "back on the workspace")
    await until(
        pilot,
        lambda: all(getattr(workspace.rows[name], k) == v for k, v in figures.items()),
        f"{name}'s row shows {figures}",
    )


async def test_open_resolve_save_and_back_updates_the_row(meeting: Path) -> None:
    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        assert (workspace.rows[HRC].gaps_open, workspace.rows[HRC].proposed) == (4, 0)
        editor = await open_file(pilot, HRC)
        assert editor.path == meeting / HRC and app.session is editor.session
        await pilot.press("n")
        while editor._act_here() != "gap":
            await pilot.press("n")
        await pilot.press("enter")
        assert isinstance(app.screen, ResolveDialog)
        await pilot.press(*"the delegation of Chile", "enter")
        assert editor.session.dirty
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, PromptDialog)
        await pilot.press("enter")
        await until(pilot, lambda: not editor.session.dirty, "saved")
        assert (meeting / f"{HRC}.review.yaml").exists()
        await pilot.press("q")
        await back(pilot, workspace, HRC, gaps_open=3, proposed=1, revision=1)
        assert workspace.rows[HRC].last_author == "carla"
        assert app.editor is None and app.session is None
        # On the workspace the session's keys are off: ctrl+s has nothing to save.
        assert app.check_action("save", ()) is False


async def test_leaving_with_unsaved_changes_asks_first(meeting: Path) -> None:
    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        editor = await open_file(pilot, HRC)
        while editor._act_here() != "gap":
            await pilot.press("n")
        await pilot.press("enter", "ctrl+t")  # truly inaudible: one unsaved action
        assert editor.session.dirty
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmDialog)
        assert "1 unsaved change. Leave this file and lose it?" in app.screen.question
        await pilot.press("n")  # keep editing
        assert app.screen is editor and editor.session.dirty
        await pilot.press("q", "y")  # leave without saving
        await back(pilot, workspace, HRC, gaps_open=4, proposed=0)
        assert not (meeting / f"{HRC}.review.yaml").exists()


async def test_n_past_the_last_item_offers_the_next_file_with_open_work(meeting: Path) -> None:
    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        workspace.sort_by("file")
        editor = await open_file(pilot, "canada-r2p-2011.txt")
        count = len(editor.worklist)
        await pilot.press(*["n"] * count)  # to the last open item
        assert not isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")  # past it: the offer, not a jump
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        # (clean-statement.txt, next in file order, has nothing open: skipped)
        assert f"Open the next file with open work, {HRC}" in dialog.question
        await pilot.press("n")  # stay: round to the first item, said on the status line
        assert app.screen is editor and "back to the first" in editor.note
        await pilot.press(*["n"] * count)
        await pilot.press("y")  # past the last again, and yes
        await until(
            pilot,
            lambda: isinstance(app.screen, WorkspaceEditor)
            and app.screen is not editor
            and app.screen.session is not None,
            "the next file open",
        )
        assert app.screen.path == meeting / HRC and app.editor is app.screen
        assert workspace.selected is not None and workspace.selected.key == HRC


async def test_n_past_the_last_with_unsaved_changes_says_to_save_first(meeting: Path) -> None:
    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        workspace.sort_by("file")
        editor = await open_file(pilot, HRC)
        while editor._act_here() != "gap":
            await pilot.press("n")
        await pilot.press("enter", "ctrl+t")
        await pilot.press(*["n"] * len(editor.worklist))
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.screen is editor
        assert "back to the first" in editor.note
        said = list(app._notifications)[-1].message
        assert "save first (ctrl+s), then n" in said
        assert "press-briefing-stamped-lines.txt" in said  # (proposals are open work)


async def test_a_hostile_files_row_cannot_be_opened(meeting: Path) -> None:
    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        assert workspace.select(meeting / HOSTILE)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is workspace and app.editor is None
        (toast,) = app._notifications
        assert "Cannot open it" in toast.message and "binary" in toast.message
        assert "\x1b" not in toast.message and "\\x1b" in toast.message


async def test_a_file_spoiled_after_the_scan_is_a_toast_not_a_crash(meeting: Path) -> None:
    """The row was readable; by enter the file is binary (or its sidecar broken): refused
    on the workspace as ``transcript-review FILE`` refuses it, and the app stays."""
    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        (meeting / "clean-statement.txt").write_bytes(b"\x00\x01binary")
        (meeting / f"{HRC}.review.yaml").write_text("revisions: [unclosed\n", encoding="utf-8")
        assert workspace.select(meeting / "clean-statement.txt")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is workspace and "binary" in list(app._notifications)[-1].message
        assert workspace.select(meeting / HRC)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is workspace and app.editor is None, "back")
        assert f"{HRC}.review.yaml" in list(app._notifications)[-1].message
        assert app.return_code is None  # still running


async def test_one_file_opened_directly_still_quits_with_q(make_app) -> None:
    """``transcript-review FILE``: no workspace, q quits as before."""
    from tests.tui.conftest import loaded

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert not isinstance(app.screen, WorkspaceEditor)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0


async def test_palette_and_help_name_the_way_back(meeting: Path) -> None:
    """The workspace's palette is its own; a file's editor lists "Back to the workspace" (run
    on the screen, where q is bound) and its help opens with how to leave it."""
    from transcript_review.tui.dialogs import MessageDialog

    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        titles = [c.title for c in app.get_system_commands(workspace)]
        assert "Open the transcript" in titles and "Resolve the gap under the cursor" not in titles
        editor = await open_file(pilot, HRC)
        commands = {c.title: c for c in app.get_system_commands(editor)}
        assert "Back to the workspace" in commands
        assert "Resolve the gap under the cursor" in commands
        await commands["Back to the workspace"].callback()
        await until(pilot, lambda: app.screen is workspace, "back by the palette")
        editor = await open_file(pilot, HRC)
        await pilot.press("question_mark")
        assert isinstance(app.screen, MessageDialog)
        first_section = app.screen.body.renderables[0]  # (a title, then its keys)
        assert first_section.plain == "\nA file opened from the workspace"


async def test_leaving_before_the_file_is_loaded_is_safe(
    meeting: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """q at once: back on the workspace; the load finishing later touches no screen."""
    import time

    from transcript_review.core.editing import session_timing

    slow = session_timing.time_session

    def slowly(*args, **kwargs):  # the load worker, slowed: q comes before it ends
        time.sleep(0.5)
        return slow(*args, **kwargs)

    monkeypatch.setattr(session_timing, "time_session", slowly)
    app = workspace_app(meeting)
    async with app.run_test(size=SIZE) as pilot:
        workspace = await filled(pilot)
        assert workspace.select(meeting / HRC)
        await pilot.press("enter", "q")
        await until(pilot, lambda: app.screen is workspace, "back")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is workspace and app.editor is None and app.return_code is None
        editor = await open_file(pilot, "canada-r2p-2011.txt")  # and the next opens as ever
        assert editor.path == meeting / "canada-r2p-2011.txt" and editor.worklist is not None
