"""End to end: ``transcript-review DIR --review`` in tmux, driven by keys, read from the screen.

A folder of three statements, two with proposals by others; the reviewer approves one in each
file, saves with the offered message, and quits. Both sidecars then hold one reviewer
revision with that message; the third transcript is untouched.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.e2e.test_tmux_editor import SCRIPT, Screen
from tests.tui.test_folder_review import propose
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for

pytestmark = pytest.mark.e2e


def test_review_a_folder_approve_save_quit(tmp_path: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed at {SCRIPT}")
    folder = tmp_path / "meeting"
    folder.mkdir()
    for name in ("canada.txt", "norway.txt", "quiet.txt"):
        shutil.copy(SEED, folder / name)
    propose(folder / "canada.txt", "Secretary General", "Secretary-General", "ana")
    propose(folder / "norway.txt", "regional organizations", "regional bodies", "cy")
    env = " ".join(
        f"{name}={os.environ[name]}" for name in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME")
    )
    screen = Screen(f"env {env} {SCRIPT} meeting --review --user e2e-reviewer", tmp_path)
    try:
        first = screen.wait_for("· 2 files ·")  # every file open (it fills in as they open)
        assert "Review · meeting/ · 2 files · e2e-reviewer (reviewer)" in first
        assert "canada.txt" in first and "Secretary General → Secretary-General" in first
        assert "2 proposed" in first
        screen.keys("a")  # canada's; the cursor moves on to norway's
        screen.wait_for("1 unsaved in 1 file")
        screen.keys("a")
        shown = screen.wait_for("2 unsaved in 2 files")
        assert "approved •" in shown or "• approved" in shown
        screen.keys("C-s")
        dialog = screen.wait_for("one revision in each of 2 files")
        assert "Approve 2 corrections" in dialog
        screen.keys("Enter")
        saved = screen.wait_for("Saved 2 files")
        assert "canada.txt: saved revision 2" in saved and "unsaved" not in saved.split("\n")[0]
        screen.keys("q")
        time.sleep(1)
        assert "Review ·" not in screen.text()  # it quit without asking: nothing unsaved
    finally:
        screen.close()
    for name in ("canada.txt", "norway.txt"):
        last = load_sidecar(sidecar_path_for(folder / name)).revisions[-1]
        assert (last.author, last.role.value) == ("e2e-reviewer", "reviewer")
        assert last.message == "Approve 2 corrections"
    assert not sidecar_path_for(folder / "quiet.txt").exists()
