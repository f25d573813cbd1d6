"""Fixtures for the media tests: a real mpv (skipped when absent), a tone, a loaded player."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from transcript_review.media import Player, find_mpv

from .helpers import write_tone


@pytest.fixture(scope="session")
def mpv() -> str:
    path = find_mpv()
    if path is None:
        pytest.skip("mpv is not installed (apt-get install mpv); real-player tests skipped")
    return path


@pytest.fixture(scope="session")
def tone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tone(tmp_path_factory.mktemp("media") / "tone.wav")


@pytest.fixture
def player(mpv: str, tone: Path) -> Iterator[Player]:
    """A silent mpv of our own, with the 8-second tone loaded and paused at 0."""
    started = Player.start(mpv=mpv, audio_output="null", use_config=False, extra_args=[])
    try:
        started.load(str(tone))
        yield started
    finally:
        started.close()


@pytest.fixture
def short_dir() -> Iterator[Path]:
    """A directory with a short path (UNIX socket paths are limited to ~100 bytes)."""
    import shutil

    directory = Path(tempfile.mkdtemp(prefix="tr-test-"))
    try:
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)
