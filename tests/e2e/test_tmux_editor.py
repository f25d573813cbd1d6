"""End to end: the real console script in tmux, driven by keys, read from the screen.

Open a copy of the seed, go to its gap, resolve it with words, save; then the `items` and
`status` commands must see the proposal in the sidecar.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import SEED

pytestmark = pytest.mark.e2e

SCRIPT = Path(sys.executable).parent / "transcript-review"


def _tmux(*args: str) -> str:
    out = subprocess.run(["tmux", *args], capture_output=True, text=True, check=True, timeout=20)
    return out.stdout


class Screen:
    """A tmux session running one command at a fixed size."""

    def __init__(self, command: str, cwd: Path, size: tuple[int, int] = (120, 36)) -> None:
        if shutil.which("tmux") is None:
            pytest.skip("tmux is not installed (.ci/run installs it)")
        self.name = f"tr-{uuid.uuid4().hex[:8]}"
        # COLUMNS/LINES inherited from the test runner would override the pane's real size.
        _tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(size[0]),
            "-y",
            str(size[1]),
            "-c",
            str(cwd),
            f"env -u COLUMNS -u LINES {command}; sleep 60",
        )

    def text(self) -> str:
        return _tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, needle: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.text()
            if needle in screen:
                return screen
            time.sleep(0.1)
        raise AssertionError(f"{needle!r} never showed; the screen was:\n{self.text()}")

    def keys(self, *keys: str) -> None:
        for key in keys:
            _tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def type(self, text: str) -> None:
        _tmux("send-keys", "-t", self.name, "-l", text)
        time.sleep(0.2)

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True, check=False)


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    target = tmp_path / "canada-r2p-2011.txt"
    shutil.copy(SEED, target)
    return target


def test_resolve_the_seed_gap_and_save_it(seed_copy: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed at {SCRIPT}")
    screen = Screen(f"{SCRIPT} {seed_copy.name} --user e2e-tester", seed_copy.parent)
    try:
        first = screen.wait_for("Open work (2)")
        assert "canada-r2p-2011.txt" in first and "gaps 1 open" in first
        assert "Thank you very much Mr. President" in first
        screen.keys("n", "n")
        screen.keys("Enter")
        dialog = screen.wait_for("Propose words")
        assert "(inaudible)" in dialog and "Truly inaudible" in dialog
        screen.type("in our collective efforts")
        screen.keys("Enter")
        shown = screen.wait_for("1 unsaved")
        assert "in our collective efforts" in shown  # the new words beside the struck gap
        screen.keys("C-s")
        screen.wait_for("Save a revision")
        screen.keys("Enter")
        saved = screen.wait_for("saved revision 1")
        # the confirmation takes the room of the gap counts' detail for a moment
        assert "rev 1" in saved and "gaps 0 open" in saved and "unsaved" not in saved
        sidecar = seed_copy.with_name(seed_copy.name + ".review.yaml").read_text("utf-8")
        assert "in our collective efforts" in sidecar and "resolve-gap" in sidecar
        screen.keys("q")
        time.sleep(1)
    finally:
        screen.close()

    run = [str(SCRIPT), "items", "--json", str(seed_copy)]
    items = json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)
    gap = next(i for i in items["items"] if i["kind"] == "gap")
    assert gap["status"] == "proposed" and len(gap["corrections"]) == 1
    run = [str(SCRIPT), "status", "--json", str(seed_copy)]
    status = json.loads(subprocess.run(run, capture_output=True, text=True, check=True).stdout)
    assert status["gaps"]["proposed"] == 1 and status["revision"] == 1


def test_review_approves_a_proposal_made_on_the_command_line(seed_copy: Path) -> None:
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed at {SCRIPT}")
    items = json.loads(
        subprocess.run(
            [str(SCRIPT), "items", "--json", str(seed_copy)],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    gap = next(i["id"] for i in items["items"] if i["kind"] == "gap")
    subprocess.run(
        [str(SCRIPT), "resolve", str(seed_copy), gap, "in our collective efforts", "--user", "ana"],
        check=True,
        capture_output=True,
    )
    screen = Screen(f"{SCRIPT} {seed_copy.name} --review --user ben", seed_copy.parent)
    try:
        queue = screen.wait_for("(inaudible) → in our collective efforts")
        assert "Review" in queue and "ben (reviewer)" in queue and "resolve-gap" in queue
        screen.keys("a")
        screen.wait_for("1 unsaved")
        screen.keys("C-s")
        screen.wait_for("Approve 1 correction")
        screen.keys("Enter")
        screen.wait_for("saved revision 2")
        screen.keys("q")
        time.sleep(1)
    finally:
        screen.close()
    exported = subprocess.run(
        [str(SCRIPT), "export", str(seed_copy), "--format", "txt"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "relevant in the future in our collective efforts.*" in exported
    assert "(inaudible)" not in exported


def _cli(*args: str) -> str:
    return subprocess.run([str(SCRIPT), *args], capture_output=True, text=True, check=True).stdout


def test_open_in_text_then_back_keeps_the_selected_proposal(seed_copy: Path) -> None:
    """Issue 15 item 1: `o` then `R` comes back on the proposal that was selected, and `a`
    approves that one, not the first row."""
    if not SCRIPT.exists():
        pytest.skip(f"console script not installed at {SCRIPT}")
    name = str(seed_copy)
    gap = next(
        i["id"] for i in json.loads(_cli("items", "--json", name))["items"] if i["kind"] == "gap"
    )
    _cli("resolve", name, gap, "in our collective efforts", "--user", "ana")
    _cli(
        "replace",
        name,
        "--quote",
        "has also flown to",
        "--with",
        "has also flowed to",
        "--user",
        "ana",
    )
    corrections = json.loads(_cli("export", name, "--format", "json", "--include-proposed"))
    first, second = (c["id"] for c in corrections["corrections"])
    screen = Screen(f"{SCRIPT} {seed_copy.name} --review --user ben", seed_copy.parent)
    try:
        screen.wait_for("has also flown to → has also flowed to")
        screen.keys("s")
        screen.wait_for(f"{second} · replace by ana")
        screen.keys("o")
        editor = screen.wait_for("¶ ")
        assert "Review ·" not in editor
        screen.keys("R")
        back = screen.wait_for("Review ·")
        assert f"{second} · replace by ana" in back, back  # the details show the same one
        screen.keys("a")
        screen.wait_for("1 unsaved")
        screen.keys("C-s")
        screen.wait_for("Approve 1 correction")
        screen.keys("Enter")
        screen.wait_for("saved revision 3")
        screen.keys("q")
        time.sleep(1)
    finally:
        screen.close()
    data = json.loads(_cli("export", name, "--format", "json", "--include-proposed"))
    status = {c["id"]: c["status"] for c in data["corrections"]}
    assert status == {first: "proposed", second: "approved"}
