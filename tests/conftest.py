"""Shared fixtures: where the samples and the shared corpus are, and a clean per-user config."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.hearing import Hearing, make_hearing

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_transcripts"
SEED = SAMPLES / "canada-r2p-2011.txt"
#: Real files written by others (read-only, beside the repository when present).
CORPUS = REPO.parent / "shared" / "corpus"


@pytest.fixture(autouse=True)
def _isolated_user_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never read the developer's own ~/.config/transcript-review while testing, nor write
    folder summaries into their ~/.cache."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("xdg-config")))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))


def corpus_path(*parts: str) -> Path:
    """A file of the shared corpus, or skip the test saying why it cannot run."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared corpus not found at {path} (it lives in ../shared beside the repo)")
    return path


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    """A copy of the seed transcript in a temporary folder (its sidecar goes beside it)."""
    target = tmp_path / SEED.name
    shutil.copy(SEED, target)
    return target


@pytest.fixture(scope="session")
def hearing_source(tmp_path_factory: pytest.TempPathFactory) -> Hearing:
    """Made once per run (a few seconds); tests copy it before changing anything."""
    return make_hearing(tmp_path_factory.mktemp("hearing"))


@pytest.fixture
def hearing(hearing_source: Hearing, tmp_path: Path) -> Hearing:
    """A private copy of the hearing: its transcript and recording in ``tmp_path``."""
    transcript = tmp_path / hearing_source.transcript.name
    media = tmp_path / hearing_source.media.name
    shutil.copy(hearing_source.transcript, transcript)
    shutil.copy(hearing_source.media, media)
    return Hearing(transcript, media, hearing_source.spans)
