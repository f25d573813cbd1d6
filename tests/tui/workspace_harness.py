"""A tiny app that shows the workspace screen alone (the real app wires it in elsewhere), and a
generated folder of transcripts to show it on."""

from __future__ import annotations

import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding

from tests.conftest import SAMPLES
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for
from transcript_review.tui.workspace_screen import WorkspaceScreen

#: A file name with an escape sequence and a bell in it: shown escaped, never sent.
HOSTILE = "zz-\x1b[31mred\x07.txt"


class WorkspaceHarness(App[None]):
    """Pushes a :class:`WorkspaceScreen` and records the transcripts it asks to open."""

    #: The app's key the workspace shares (see WORKSPACE_KEYS: ``q`` is the app's binding).
    BINDINGS = [Binding("q", "quit", "Quit", id="quit")]

    def __init__(self, folder: Path, **options: Any) -> None:
        super().__init__()
        self.folder = folder
        self.options = options
        self.opened: list[tuple[Path, str]] = []

    def on_mount(self) -> None:
        self.push_screen(WorkspaceScreen(self.folder, **self.options))

    def on_workspace_screen_open_transcript(self, message: WorkspaceScreen.OpenTranscript) -> None:
        self.opened.append((message.path, message.relative))

    @property
    def workspace(self) -> WorkspaceScreen:
        screen = self.screen
        assert isinstance(screen, WorkspaceScreen)
        return screen


def make_meeting(folder: Path) -> Path:
    """The samples, one with proposals by ana (saved), one with a flag by ben, and a binary
    file whose name holds control characters."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in sorted(SAMPLES.glob("*.txt")):
        shutil.copy(path, folder / path.name)
    shutil.copy(
        SAMPLES / "canada-r2p-2011.txt.alignment.json",
        folder / "canada-r2p-2011.txt.alignment.json",
    )
    session = EditingSession.open(folder / "canada-r2p-2011.txt", Config(), user="ana")
    gap = next(i for i in session.items if i.kind == "gap")
    session.resolve_gap(gap, "in our collective efforts")
    session.save("ana's words")
    session = EditingSession.open(folder / "press-briefing-stamped-lines.txt", Config(), user="ben")
    for gap in [i for i in session.items if i.kind == "gap"]:
        session.confirm_gap(gap)
    session.save("ben confirms")
    (folder / "clean-statement.txt").write_text(
        "Closing Statement\n\nThe meeting rose at noon. Everyone was heard clearly.\n",
        encoding="utf-8",
    )
    (folder / HOSTILE).write_bytes(b"\x00\x01\x02binary\xff\xfe" * 40)
    return folder


def clock_after_last_save(folder: Path, hours: int = 2) -> datetime:
    """A moment ``hours`` after the newest save in the folder: ages read the same every run."""
    newest = datetime(2000, 1, 1, tzinfo=timezone.utc)
    for path in folder.glob("*.txt"):
        sidecar = sidecar_path_for(path)
        if sidecar.exists():
            for revision in load_sidecar(sidecar).revisions:
                newest = max(newest, revision.saved)
    return newest + timedelta(hours=hours, minutes=1)


async def filled(pilot) -> WorkspaceScreen:
    """Wait until every row of the workspace has its figures."""
    app = pilot.app
    while not isinstance(app.screen, WorkspaceScreen) or not app.screen.filled:
        await pilot.pause(0.02)
    await pilot.pause()
    return app.screen
