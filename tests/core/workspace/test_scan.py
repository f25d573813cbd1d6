"""What a folder holds: transcripts, the files that belong to them, files that cannot be read."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from transcript_review.core.config import Config
from transcript_review.core.errors import InputError
from transcript_review.core.export.formats import EXPORT_MARK
from transcript_review.core.text.decoding import MAX_BYTES
from transcript_review.core.workspace import folder_totals, scan_folder, summarise_folder


def _companions(folder: Path, recursive: bool = False) -> dict[str, list[tuple[str, str]]]:
    found = scan_folder(folder, recursive=recursive)
    return {e.relative: [(c.kind, c.path.name) for c in e.companions] for e in found.entries}


def test_each_kind_of_file_is_recognised_and_attached_to_its_transcript(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "speech.txt")
    shutil.copy(SEED, tmp_path / "other.txt")
    for name in (
        "speech.txt.review.yaml",
        "speech.txt.review.yaml.lock",
        "speech.txt.review.yaml.torn",
        "speech.txt.alignment.json",
        "speech.txt.glossary.yaml",
        "speech.vtt",
        "speech.json",
        "speech.mp3",
        "speech.MP4",
        "glossary.yaml",
        "settings.yml",
        ".speech.txt.swp",
        "lonely.txt.review.yaml",
        "lonely.srt",
    ):
        (tmp_path / name).write_text("x\n")
    (tmp_path / "other.vtt").write_text(f"WEBVTT\n\nNOTE {EXPORT_MARK}\n")
    (tmp_path / "sub").mkdir()
    shutil.copy(SEED, tmp_path / "sub" / "inner.txt")
    (tmp_path / ".hidden").mkdir()
    shutil.copy(SEED, tmp_path / ".hidden" / "secret.txt")

    found = scan_folder(tmp_path)
    assert _companions(tmp_path) == {
        "other.txt": [("export", "other.vtt")],
        "speech.txt": [
            ("sidecar", "speech.txt.review.yaml"),
            ("lock", "speech.txt.review.yaml.lock"),
            ("torn", "speech.txt.review.yaml.torn"),
            ("alignment", "speech.txt.alignment.json"),
            ("captions", "speech.json"),
            ("captions", "speech.vtt"),
            ("media", "speech.MP4"),
            ("media", "speech.mp3"),
            ("glossary", "speech.txt.glossary.yaml"),
        ],
    }
    assert [(c.kind, c.path.name) for c in found.unattached] == [
        ("captions", "lonely.srt"),
        ("sidecar", "lonely.txt.review.yaml"),
    ]
    assert [c.path.name for c in found.shared] == ["glossary.yaml"]
    # Subfolders only on request; hidden folders never.
    assert set(_companions(tmp_path, recursive=True)) == {
        "other.txt",
        "speech.txt",
        "sub/inner.txt",
    }


def test_a_missing_folder_or_a_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        scan_folder(tmp_path / "nope")
    with pytest.raises(InputError, match="not a folder"):
        scan_folder(SEED)


def test_hostile_files_are_entries_with_their_error_and_the_rest_is_summarised(
    tmp_path: Path,
) -> None:
    shutil.copy(SEED, tmp_path / "good.txt")
    (tmp_path / "binary.doc").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 10)
    (tmp_path / "empty.txt").write_bytes(b"")
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("device.txt", tmp_path / "device.txt")  # a loop: the link points at itself
    os.symlink("/nonexistent/target.txt", tmp_path / "dangling.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")
    with open(tmp_path / "huge.txt", "wb") as fh:  # sparse: takes no room on disk
        fh.truncate(MAX_BYTES + 1)
    (tmp_path / os.fsdecode(b"caf\xe9.txt")).write_text("Words (inaudible) here.\n")
    (tmp_path / "bad.txt").write_text("Words here.\n")
    (tmp_path / "bad.txt.review.yaml").write_text("- [unclosed\n")

    rows = summarise_folder(scan_folder(tmp_path), Config())
    errors = {r["file"]: r["error"] for r in rows}
    assert errors["good.txt"] is None
    assert errors["caf\ufffd.txt"] is None  # a name that is not UTF-8 is shown, not a crash
    expected = {
        "binary.doc": "binary file",
        "empty.txt": "empty",
        "pipe.txt": "not a regular file",
        "device.txt": "looping symbolic link",
        "dangling.txt": "broken or looping symbolic link",
        "zero.txt": "not a regular file",
        "huge.txt": "limit",
        "bad.txt": "bad.txt.review.yaml",
    }
    for name, reason in expected.items():
        assert reason in errors[name], (name, errors[name])
        assert "\n" not in errors[name]
    totals = folder_totals(rows)
    assert totals["transcripts"] == 10 and totals["errors"] == len(expected)


def test_a_row_has_the_status_keys_the_timing_source_and_the_last_revision(
    tmp_path: Path,
) -> None:
    for path in SAMPLES.glob("*.txt"):
        shutil.copy(path, tmp_path / path.name)
    shutil.copy(SAMPLES / "canada-r2p-2011.txt.alignment.json", tmp_path)
    shutil.copy(SAMPLES / "canada-r2p-2011.ogg", tmp_path)
    rows = {r["file"]: r for r in summarise_folder(scan_folder(tmp_path), Config())}
    seed = rows["canada-r2p-2011.txt"]
    assert seed["timing_source"].startswith("the recording (canada-r2p-2011.ogg")
    assert seed["duration"] > 60 and seed["last_revision"] is None
    stamped = rows["press-briefing-stamped-lines.txt"]
    assert stamped["timing_source"] == "inline stamps"


def test_a_bug_met_on_one_file_is_that_files_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transcript_review.core.workspace import summary

    shutil.copy(SEED, tmp_path / "good.txt")
    shutil.copy(SEED, tmp_path / "odd.txt")
    real = summary.status_summary

    def failing(session):  # type: ignore[no-untyped-def]
        if session.transcript.name == "odd.txt":
            raise RuntimeError("unexpected\nshape")
        return real(session)

    monkeypatch.setattr(summary, "status_summary", failing)
    rows = {r["file"]: r for r in summarise_folder(scan_folder(tmp_path), Config())}
    assert rows["good.txt"]["error"] is None
    assert "internal error: RuntimeError: unexpected shape" in rows["odd.txt"]["error"]
