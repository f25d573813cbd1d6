"""An app factory for the editor tests: a copy of a sample in a temporary folder."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from transcript_review.core.config import Config
from transcript_review.tui.app import TranscriptReviewApp
from transcript_review.tui.transcript_view import TranscriptView

SIZE = (120, 36)

AppFactory = Callable[..., TranscriptReviewApp]


@pytest.fixture
def transcript_copy(tmp_path: Path) -> Callable[[str], Path]:
    """Copy a sample transcript into tmp_path (so its sidecar is written there)."""

    def copy(name: str = "canada-r2p-2011.txt") -> Path:
        target = tmp_path / name
        if not target.exists():
            shutil.copy(SAMPLES / name, target)
        return target

    return copy


@pytest.fixture
def make_app(transcript_copy: Callable[[str], Path]) -> AppFactory:
    def make(
        name: str = "canada-r2p-2011.txt", user: str = "alice", config: Config | None = None
    ) -> TranscriptReviewApp:
        return TranscriptReviewApp.for_file(transcript_copy(name), config or Config(), user)

    return make


async def loaded(pilot) -> TranscriptReviewApp:
    """Wait until the worker has parsed the transcript and the panel is filled."""
    app = pilot.app
    await app.workers.wait_for_complete()
    await pilot.pause()
    while app.session is None:
        await pilot.pause(0.02)
    await pilot.pause()
    await checked(pilot)
    return app


async def checked(pilot) -> None:
    """Wait until the editor's final check (run in the background once the text is shown)
    has landed, so what a test sees does not depend on how fast the machine is."""
    editor = pilot.app.editor
    for _ in range(1500):  # 30 s: a check of the samples takes a fraction of a second
        if editor.qc_state not in ("waiting", "running") and editor._qc_timer is None:
            break
        await pilot.pause(0.02)
    else:
        raise AssertionError(f"the final check did not land ({editor.qc_state})")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def view(app: TranscriptReviewApp) -> TranscriptView:
    return app.query_one(TranscriptView)


def cursor_text(app: TranscriptReviewApp) -> str:
    start, end = view(app).cursor
    return app.session.transcript.text[start:end]
