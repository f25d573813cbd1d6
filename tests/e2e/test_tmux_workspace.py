"""End to end: ``transcript-review DIR`` in tmux. Open the folder, filter to one file, enter it,
resolve a gap, save, go back with q: the file's row shows the new figures. At 120×35 and at
80×24 (where the workspace's narrow columns give way and the editor's panel is hidden)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.e2e.test_tmux_editor import SCRIPT, Screen
from tests.tui.workspace_harness import make_meeting

pytestmark = pytest.mark.e2e

HRC = "human-rights-council-bracket-times.txt"


@pytest.mark.parametrize("size", [(120, 35), (80, 24)])
def test_open_a_folder_enter_a_file_resolve_save_and_back(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed at {SCRIPT}")
    folder = make_meeting(tmp_path / "meeting")
    screen = Screen(f"{SCRIPT} meeting --user e2e-tester", tmp_path, size=size)
    try:
        # The file column widens to the longest name once the rows are in (a refit after they
        # arrive): wait for the hostile name, escaped, rather than for the first row.
        first = screen.wait_for("\\x1b[31mred\\x07")
        assert "Workspace · 6 transcripts" in first and "1 unreadable" in first
        assert "security-council" in first
        assert "⏎ Open" in first and "q Quit" in first
        screen.keys("/")
        screen.wait_for("Filter the files")
        screen.type("human")
        screen.keys("Enter")
        row = screen.wait_for("filter: human" if size[0] > 80 else "1 of 6")
        assert "4/4" in row  # gaps open of all
        screen.keys("Enter")  # open it in the editor
        editor = screen.wait_for("e2e-tester (editor)")
        assert "q Workspace" in screen.wait_for("q Workspace")
        assert "Interactive Dialogue" in editor
        screen.keys("n", "Enter")
        dialog = screen.wait_for("Truly inaudible")
        assert "Gap g-" in dialog
        screen.type("the delegation of Chile")
        screen.keys("Enter")
        unsaved = screen.wait_for("1 unsaved")
        assert "q Workspace" in unsaved  # the way back stays in the footer, even at 80
        screen.keys("C-s")
        screen.wait_for("Save a revision")
        screen.keys("Enter")
        sidecar = folder / f"{HRC}.review.yaml"
        deadline = time.monotonic() + 30
        while not sidecar.exists() or "unsaved" in screen.text():
            assert time.monotonic() < deadline, screen.text()
            time.sleep(0.1)
        saved = screen.text()  # (at 80 columns "rev 1" gives way on the status line)
        assert "gaps 3 open" in saved and ("rev 1" in saved or size[0] <= 80)
        screen.keys("q")  # saved: straight back, no question
        back = screen.wait_for("3/4")
        assert "Workspace · 1 of 6 transcripts" in back and "e2e-test" in back
        assert "1 awaiting review" in back or "1 to review" in back
        screen.keys("q")
        time.sleep(1)
    finally:
        screen.close()
