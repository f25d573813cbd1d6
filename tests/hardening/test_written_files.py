"""Nothing is written outside the sidecar's own files (issue 13): planted symlinks at the
``.torn`` file, the sidecar and ``.gitattributes``, ``export -o`` onto history files, and the
lock on a full disk."""

from __future__ import annotations

import errno
import os
import subprocess
from pathlib import Path

import pytest

from tests.hardening.helpers import Cli, alarm, seed_copy, sidecar_of
from transcript_review.core.errors import InputError
from transcript_review.core.sharing.git_setup import add_attribute_line
from transcript_review.core.sidecar import store as sidecar_store


def _saved_once(cli: Cli, folder: Path) -> Path:
    transcript = seed_copy(folder)
    cli.ok("flag", transcript, "--quote", "Canada welcomes", "--reason", "x", "--user", "ana")
    return transcript


def _torn(transcript: Path) -> None:
    """Leave an unfinished revision at the end of the sidecar, as a crash would."""
    with open(sidecar_of(transcript), "ab") as fh:
        fh.write(b"---\nrevision: 2\nid: deadbeef\n")


def test_a_torn_symlink_is_never_written_through(cli: Cli, tmp_path: Path) -> None:
    transcript = _saved_once(cli, tmp_path / "work")
    _torn(transcript)
    victim = tmp_path / "bashrc"
    victim.write_text("# my shell settings\n")
    torn = sidecar_of(transcript).with_name(sidecar_of(transcript).name + ".torn")
    torn.symlink_to(victim)
    before = sidecar_of(transcript).read_bytes()
    err = cli.fails(
        "flag",
        transcript,
        "--quote",
        "has also flown",
        "--reason",
        "y",
        "--user",
        "ana",
        warnings=True,
    )
    assert "symbolic link" in err and ".torn" in err and "nothing was saved" in err
    assert victim.read_text() == "# my shell settings\n"
    assert sidecar_of(transcript).read_bytes() == before  # the torn tail is kept, too


def test_a_dangling_torn_symlink_creates_nothing(cli: Cli, tmp_path: Path) -> None:
    transcript = _saved_once(cli, tmp_path / "work")
    _torn(transcript)
    target = tmp_path / "created-by-us"
    torn = sidecar_of(transcript).with_name(sidecar_of(transcript).name + ".torn")
    torn.symlink_to(target)
    cli.fails(
        "flag",
        transcript,
        "--quote",
        "has also flown",
        "--reason",
        "y",
        "--user",
        "ana",
        warnings=True,
    )
    assert not target.exists()


def test_a_sidecar_linked_outside_the_folder_is_not_appended_to(cli: Cli, tmp_path: Path) -> None:
    transcript = seed_copy(tmp_path / "work")
    victim = sidecar_of(_saved_once(cli, tmp_path / "elsewhere"))  # a valid sidecar
    before = victim.read_bytes()
    sidecar_of(transcript).symlink_to(victim)
    err = cli.fails(
        "flag", transcript, "--quote", "has also flown", "--reason", "y", "--user", "ana"
    )
    assert "symbolic link outside the transcript's folder" in err
    assert victim.read_bytes() == before


def test_a_sidecar_linked_to_another_name_in_the_folder_is_refused(
    cli: Cli, tmp_path: Path
) -> None:
    transcript = _saved_once(cli, tmp_path / "work")
    other = seed_copy(tmp_path / "work", "other.txt")
    cli.ok("flag", other, "--quote", "Canada welcomes", "--reason", "x", "--user", "ana")
    sidecar_of(transcript).unlink()
    sidecar_of(transcript).symlink_to(sidecar_of(other).name)
    before = sidecar_of(other).read_bytes()
    err = cli.fails(
        "flag",
        transcript,
        "--quote",
        "has also flown",
        "--reason",
        "y",
        "--user",
        "ana",
        warnings=True,  # the header names other.txt
    )
    assert "not named speech.txt.review.yaml" in err
    assert sidecar_of(other).read_bytes() == before


def test_a_sidecar_linked_inside_the_folder_to_its_own_name_is_followed(
    cli: Cli, tmp_path: Path
) -> None:
    work = tmp_path / "work"
    transcript = _saved_once(cli, work)
    (work / "reviews").mkdir()
    real = work / "reviews" / sidecar_of(transcript).name
    sidecar_of(transcript).rename(real)
    sidecar_of(transcript).symlink_to(Path("reviews") / real.name)
    cli.ok("flag", transcript, "--quote", "has also flown", "--reason", "y", "--user", "ana")
    assert real.read_text().count("\nrevision: ") == 2


def test_a_sidecar_symlink_loop_is_one_line(cli: Cli, tmp_path: Path) -> None:
    transcript = seed_copy(tmp_path)
    sidecar_of(transcript).symlink_to(sidecar_of(transcript).name)
    err = cli.fails(
        "flag", transcript, "--quote", "has also flown", "--reason", "y", "--user", "ana"
    )
    assert "loop" in err


@pytest.mark.parametrize(
    "name",
    ["other.txt.review.yaml", "other.txt.review.yaml.lock", "other.txt.review.yaml.torn"],
)
def test_export_never_overwrites_a_history_file(cli: Cli, tmp_path: Path, name: str) -> None:
    transcript = _saved_once(cli, tmp_path)
    target = tmp_path / name
    target.write_text("schema: transcript-review/1\ntranscript: other.txt\n")
    err = cli.fails("export", transcript, "-o", target)
    assert "choose another -o" in err
    assert target.read_text() == "schema: transcript-review/1\ntranscript: other.txt\n"
    cli.fails("export", transcript, "-o", tmp_path / ("new-" + name))  # by name, too


def test_export_through_a_link_to_a_sidecar_is_refused(cli: Cli, tmp_path: Path) -> None:
    transcript = _saved_once(cli, tmp_path)
    link = tmp_path / "out.txt"
    link.symlink_to(sidecar_of(transcript))
    before = sidecar_of(transcript).read_bytes()
    cli.fails("export", transcript, "-o", link)
    assert sidecar_of(transcript).read_bytes() == before


def test_git_setup_does_not_append_through_a_gitattributes_link(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    victim = tmp_path / "bashrc"
    victim.write_text("alias ls='ls -F'\n")
    (repo / ".gitattributes").symlink_to(victim)
    with pytest.raises(InputError, match="symbolic link; refusing to append"):
        add_attribute_line(repo / ".gitattributes")
    assert victim.read_text() == "alias ls='ls -F'\n"


def test_git_setup_refuses_a_gitattributes_fifo(tmp_path: Path) -> None:
    fifo = tmp_path / ".gitattributes"
    os.mkfifo(fifo)
    with alarm(), pytest.raises(InputError, match="named pipe"):
        add_attribute_line(fifo)


def test_the_lock_on_a_full_disk_is_a_clean_error_leaving_no_temp_file(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = _saved_once(cli, tmp_path)
    before = sidecar_of(transcript).read_bytes()
    real_write = os.write

    def full(fd: int, data: bytes) -> int:
        if b"pid:" in bytes(data):  # the lock's content
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(sidecar_store.os, "write", full)
    err = cli.fails(
        "flag", transcript, "--quote", "has also flown", "--reason", "y", "--user", "ana"
    )
    assert "the disk is full" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        transcript.name,
        sidecar_of(transcript).name,
    ]
    assert sidecar_of(transcript).read_bytes() == before


def test_a_failed_folder_fsync_is_reported(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    transcript = _saved_once(cli, tmp_path)
    real_fsync = os.fsync

    def failing(fd: int) -> None:
        if os.path.isdir(f"/proc/self/fd/{fd}"):
            raise OSError(errno.EIO, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(sidecar_store.os, "fsync", failing)
    out = cli.ok("flag", transcript, "--quote", "has also flown", "--reason", "y", "--user", "ana")
    assert "saved revision 2" in out
    assert "folder could not be synced to disk (Input/output error)" in out
