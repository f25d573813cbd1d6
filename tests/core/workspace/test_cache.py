"""The summary cache: an unchanged file is not read again, a changed one is; a broken cache is
harmless; nothing is written in the user's folder."""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from transcript_review.core.config import Config
from transcript_review.core.text import transcript as transcript_module
from transcript_review.core.text.markers import MarkerPatterns
from transcript_review.core.workspace import (
    SummaryCache,
    cache_folder,
    scan_folder,
    summarise_folder,
)


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """Counts every transcript read, by file name."""
    counted: Counter[str] = Counter()
    real = transcript_module.read_text_file

    def counting(path: str | Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        counted[Path(path).name] += 1
        return real(path, *args, **kwargs)

    monkeypatch.setattr(transcript_module, "read_text_file", counting)
    return counted


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "meeting"
    target.mkdir()
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, target / path.name)
    return target


def _rows(folder: Path, config: Config | None = None) -> list[dict]:
    config = config or Config()
    cache = SummaryCache(folder, recursive=False, markers=config.markers)
    return summarise_folder(scan_folder(folder), config, cache)


def test_unchanged_files_are_not_read_again_and_changed_ones_are(
    folder: Path, reads: Counter[str]
) -> None:
    first = _rows(folder)
    assert sum(reads.values()) == 4 and set(reads.values()) == {1}
    reads.clear()
    assert _rows(folder) == first
    assert sum(reads.values()) == 0

    changed = folder / "press-briefing-stamped-lines.txt"
    changed.write_text(changed.read_text() + "\nOne more (inaudible) line.\n")
    rows = {r["file"]: r for r in _rows(folder)}
    assert dict(reads) == {"press-briefing-stamped-lines.txt": 1}
    assert rows["press-briefing-stamped-lines.txt"]["gaps"]["total"] == 5

    # A save to a sidecar (its size changes) makes that one file read again.
    reads.clear()
    sidecar = folder / "canada-r2p-2011.txt.review.yaml"
    sidecar.write_text("not a sidecar: [\n")
    rows = {r["file"]: r for r in _rows(folder)}
    assert dict(reads) == {"canada-r2p-2011.txt": 1}
    assert "review.yaml" in rows["canada-r2p-2011.txt"]["error"]


def test_a_corrupt_cache_is_ignored_and_rebuilt(folder: Path, reads: Counter[str]) -> None:
    first = _rows(folder)
    files = list(cache_folder().glob("*.json"))
    assert len(files) == 1
    for garbage in ("{not json", '{"identity": 1}', '{"identity": null, "files": []}', ""):
        files[0].write_text(garbage)
        reads.clear()
        assert _rows(folder) == first
        assert sum(reads.values()) == 4
    # Well-formed JSON with a wrong shape inside one record: only that record is rebuilt.
    reads.clear()
    data = json.loads(files[0].read_text())
    data["files"]["canada-r2p-2011.txt"]["summary"] = ["not", "a", "summary"]
    files[0].write_text(json.dumps(data))
    assert _rows(folder) == first
    assert dict(reads) == {"canada-r2p-2011.txt": 1}
    assert not list(cache_folder().glob(".summaries-*"))  # no temporaries left


def test_other_markers_in_the_config_rebuild_the_cache(folder: Path, reads: Counter[str]) -> None:
    _rows(folder)
    reads.clear()
    import re

    house = Config(markers=MarkerPatterns(gaps=(re.compile(r"\[no sound\]", re.I),)))
    _rows(folder, house)
    assert sum(reads.values()) == 4


def test_the_cache_is_never_written_inside_the_users_folder(
    folder: Path, reads: Counter[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "cache"))
    before = sorted(os.listdir(folder))
    _rows(folder)
    _rows(folder)
    assert sorted(os.listdir(folder)) == before
    assert sum(reads.values()) == 8  # no cache: read every time, still right


def test_a_caption_file_added_beside_a_transcript_makes_it_read_again(
    folder: Path, reads: Counter[str]
) -> None:
    _rows(folder)
    reads.clear()
    captions = folder / "canada-r2p-2011.vtt"
    captions.write_text(
        "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nMr. President, Canada welcomes this dialogue\n"
    )
    rows = {r["file"]: r for r in _rows(folder)}
    assert dict(reads) == {"canada-r2p-2011.txt": 1}
    assert rows["canada-r2p-2011.txt"]["timing_source"].startswith("canada-r2p-2011.vtt")
