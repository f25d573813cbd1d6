"""``transcript-review DIR``: the workspace, or one line saying why there is nothing to open."""

from __future__ import annotations

import shutil
import types
from pathlib import Path

import pytest

from tests.conftest import SAMPLES
from transcript_review.cli import main, open_command
from transcript_review.core.quoting import has_control
from transcript_review.tui.workspace_app import WorkspaceApp


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_an_empty_folder_says_there_is_nothing_to_open(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "deeper").mkdir()
    (tmp_path / "speech.vtt").write_text("WEBVTT\n", encoding="utf-8")  # captions, no transcript
    (tmp_path / ".hidden.txt").write_text("Not listed\n\nHidden.\n", encoding="utf-8")
    shutil.copy(SAMPLES / "canada-r2p-2011.txt", tmp_path / "deeper")  # not without --recursive
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert f"error: {tmp_path}: has no transcripts" in err
    assert "--recursive looks in its subfolders too" in err


def test_a_folder_of_only_binary_files_says_none_can_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a-\x1b[31mred.txt").write_bytes(b"\x00\x01\x02binary" * 10)
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02" * 20)
    code, out, err = run(capsys, str(tmp_path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "none of its 2 files can be read as a transcript" in err
    assert "binary file" in err and "give a folder of transcript text files" in err
    assert not has_control(err.rstrip("\n")) and "\\x1b" in err


def test_options_for_one_file_are_refused_with_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SAMPLES / "canada-r2p-2011.txt", tmp_path)
    for option in (["--timing", "x.vtt"], ["--media", "x.mp3"]):
        code, _, err = run(capsys, str(tmp_path), *option)
        assert code == 2 and f"is a folder; {option[0]} applies to one transcript" in err
    code, _, err = run(capsys, str(tmp_path / "canada-r2p-2011.txt"), "--recursive")
    assert code == 2 and "--recursive applies to a folder" in err


def test_not_in_a_terminal_the_folder_summary_is_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SAMPLES / "canada-r2p-2011.txt", tmp_path)
    code, out, err = run(capsys, str(tmp_path))
    assert code == 0 and "canada-r2p-2011" in out and "total:" in out
    assert "not a terminal" in err


def test_in_a_terminal_the_workspace_opens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "day2").mkdir()
    shutil.copy(SAMPLES / "canada-r2p-2011.txt", tmp_path / "day2")
    started: list[WorkspaceApp] = []
    monkeypatch.setattr(WorkspaceApp, "run", lambda self: started.append(self))
    terminal = types.SimpleNamespace(isatty=lambda: True)
    monkeypatch.setattr(open_command, "sys", types.SimpleNamespace(stdin=terminal, stdout=terminal))
    code, _, err = run(capsys, str(tmp_path), "--recursive", "--user", "ana")
    assert code == 0, err
    (app,) = started
    assert app.workspace.folder == tmp_path and app.workspace.recursive and app.user == "ana"
