"""``transcript-review DIR --review``: the command line around the folder's review screen."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import SEED
from tests.tui.test_folder_review import make_meeting
from transcript_review.cli import main


def run(capsys, *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def test_dir_review_opens_the_folder_app(tmp_path: Path, capsys, monkeypatch) -> None:
    from transcript_review.tui import folder_review_app

    folder = tmp_path / "meeting"
    make_meeting(folder)
    seen = {}

    def fake_run(app) -> None:
        seen.update(folder=app.folder, user=app.user, recursive=app.recursive)

    monkeypatch.setattr(folder_review_app.FolderReviewApp, "run", fake_run)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, _, err = run(capsys, folder, "--review", "--recursive", "--user", "ben")
    assert code == 0, err
    assert seen == {"folder": folder, "user": "ben", "recursive": True}


def test_dir_review_without_a_terminal_prints_the_queue(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "meeting"
    ids = make_meeting(folder)
    code, out, err = run(capsys, folder, "--review")
    assert code == 0
    assert ids["a1"] in out and ids["b1"] in out and "\x1b" not in out + err
    assert "not a terminal" in err


def test_recursive_on_a_file_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    shutil.copy(SEED, tmp_path / "a.txt")
    code, out, err = run(capsys, tmp_path / "a.txt", "--recursive")
    assert code == 2 and out == ""
    (line,) = err.splitlines()
    assert line.startswith("transcript-review: error: ") and "--recursive" in line


@pytest.mark.parametrize("name", ["nowhere", "nowhere/"])
def test_a_missing_folder_is_one_line(tmp_path: Path, capsys, name: str) -> None:
    code, out, err = run(capsys, f"{tmp_path}/{name}", "--review")
    assert code == 2
    (line,) = err.splitlines()
    assert line.startswith("transcript-review: error: ")
