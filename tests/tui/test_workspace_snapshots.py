"""What the workspace shows on a generated folder, at 80×24 (a tmux pane) and 120×35.

The folder is the samples, two with sidecars, a file with nothing open and a binary file whose
name holds control characters; ages are counted to a clock pinned two hours after the last
save, so the picture is the same every run. Regenerate after a deliberate change of look with
``pytest tests/tui/test_workspace_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

from pathlib import Path

from tests.tui.workspace_harness import (
    WorkspaceHarness,
    clock_after_last_save,
    filled,
    make_meeting,
)


def _app(tmp_path: Path) -> WorkspaceHarness:
    folder = make_meeting(tmp_path / "meeting")
    now = clock_after_last_save(folder)
    return WorkspaceHarness(folder, watch_seconds=0, clock=lambda: now)


def test_workspace_at_120x35(snap_compare, tmp_path: Path) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=(120, 35), run_before=filled)


def test_workspace_at_80x24(snap_compare, tmp_path: Path) -> None:
    """The columns that give way (timing, time, title, words) are in the line under the
    table for the selected file; here the cursor is on the unreadable one."""

    async def on_the_hostile_file(pilot) -> None:
        await filled(pilot)
        await pilot.press("end")

    assert snap_compare(_app(tmp_path), terminal_size=(80, 24), run_before=on_the_hostile_file)
