"""Every bad input gets one line and exit status 2, fast (issue 13): special files in every
role, impossible dates in every command, oversized scalars, control characters in file names,
non-finite option values, and a hostile mpv socket."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hardening.helpers import Cli, seed_copy, sidecar_of
from transcript_review.media.errors import PlayerGone
from transcript_review.media.mpv_ipc import MpvIpc


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def _dev_zero(folder: Path) -> Path:
    path = folder / "zero.txt"
    path.symlink_to("/dev/zero")
    return path


def _char_device(folder: Path) -> Path:
    path = folder / "null.txt"
    path.symlink_to("/dev/null")
    return path


def _socket(folder: Path) -> Path:
    path = folder / "sock.txt"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.close()  # the socket file stays
    return path


def _loop(folder: Path) -> Path:
    a, b = folder / "loop-a.txt", folder / "loop-b.txt"
    a.symlink_to(b.name)
    b.symlink_to(a.name)
    return a


SPECIAL: dict[str, tuple[Callable[[Path], Path], str]] = {
    "fifo": (_fifo, "named pipe (FIFO)"),
    "dev-zero": (_dev_zero, "character device"),
    "char-device": (_char_device, "character device"),
    "socket": (_socket, "socket"),
    "symlink-loop": (_loop, "loops"),
}


def _roles(transcript: Path, bad: Path) -> dict[str, list[object]]:
    sidecar = sidecar_of(transcript)
    return {
        "FILE": ["status", bad],
        "FILE of items": ["items", bad],
        "--timing": ["items", transcript, "--timing", bad],
        "--reference": ["items", transcript, "--reference", bad],
        "--config": ["--config", bad, "status", transcript],
        "merge base": ["merge", bad, sidecar, sidecar, "-o", "-"],
        "merge ours": ["merge", sidecar, bad, sidecar, "-o", "-"],
        "merge theirs": ["merge", sidecar, sidecar, bad, "-o", "-"],
    }


ROLES = list(_roles(Path("t"), Path("b")))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", list(SPECIAL))
def test_special_files_are_refused_before_opening(
    cli: Cli, tmp_path: Path, kind: str, role: str
) -> None:
    transcript = seed_copy(tmp_path)
    cli.ok("flag", transcript, "--quote", "has also flown", "--reason", "x", "--user", "ana")
    make, said = SPECIAL[kind]
    bad = make(tmp_path)
    before = sidecar_of(transcript).read_bytes()
    err = cli.fails(*_roles(transcript, bad)[role])  # a hang would fail by alarm
    assert said in err and bad.name in err
    assert sidecar_of(transcript).read_bytes() == before


def test_a_timing_fifo_says_what_it_is_not_that_it_is_missing(cli: Cli, tmp_path: Path) -> None:
    transcript = seed_copy(tmp_path)
    err = cli.fails("timing", transcript, "--timing", _fifo(tmp_path))
    assert "named pipe (FIFO)" in err and "no such" not in err
    assert "no such timing file" in cli.fails("timing", transcript, "--timing", tmp_path / "x")


def test_a_sidecar_that_is_a_fifo_or_dev_zero_is_one_line(cli: Cli, tmp_path: Path) -> None:
    transcript = seed_copy(tmp_path)
    os.mkfifo(sidecar_of(transcript))
    assert "named pipe" in cli.fails("log", transcript)
    sidecar_of(transcript).unlink()
    sidecar_of(transcript).symlink_to("/dev/zero")
    assert "character device" in cli.fails("check", transcript)


IMPOSSIBLE = [
    "2026-13-01T00:00:00Z",  # month 13
    "2026-02-45T00:00:00Z",  # day 45
    "2026-01-01T99:00:00Z",  # hour 99
    "2026-01-01T00:61:00Z",  # minute 61
    "0000-01-01T00:00:00Z",  # year 0
    "0001-01-01T00:00:00+01:00",  # before year 1 in UTC
    "9999-12-31T23:59:59-01:00",  # after year 9999 in UTC
    "2026-01-01T00:00:00+99:00",  # an offset of 99 hours
]
READERS: list[list[str]] = [
    ["status"],
    ["items"],
    ["log"],
    ["show"],
    ["diff"],
    ["check"],
    ["export"],
    ["flag", "--quote", "has also flown", "--reason", "y"],
]


def _with_saved(sidecar: Path, value: str) -> None:
    text = sidecar.read_text()
    start = text.index("\nsaved: ") + len("\nsaved: ")
    end = text.index("\n", start)
    sidecar.write_text(text[:start] + f"'{value}'" + text[end:])


@pytest.mark.parametrize("value", IMPOSSIBLE)
def test_impossible_dates_are_a_validation_error_in_every_command(
    cli: Cli, tmp_path: Path, value: str
) -> None:
    transcript = seed_copy(tmp_path)
    cli.ok("flag", transcript, "--quote", "Canada welcomes", "--reason", "x", "--user", "ana")
    sidecar = sidecar_of(transcript)
    _with_saved(sidecar, value)
    before = sidecar.read_bytes()
    line = sidecar.read_text().split("\n").index(f"saved: '{value}'") + 1
    for command in READERS:
        err = cli.fails(command[0], transcript, *command[1:])
        assert f"{sidecar.name}:{line}:" in err and "revision 1" in err and value in err
    copy = tmp_path / "copy.yaml"
    copy.write_bytes(before)
    for args in (
        ["merge", copy, copy, sidecar, "-o", "-"],
        ["merge", "--git", copy, sidecar, copy],
    ):
        err = cli.fails(*args)
        assert "revision 1" in err and "not a real time" in err
    assert sidecar.read_bytes() == before


def test_an_oversized_scalar_is_not_echoed_whole(cli: Cli, tmp_path: Path) -> None:
    transcript = seed_copy(tmp_path)
    cli.ok("flag", transcript, "--quote", "Canada welcomes", "--reason", "x", "--user", "ana")
    sidecar = sidecar_of(transcript)
    sidecar.write_text(sidecar.read_text().replace("role: editor", "role: " + "x" * 5_000_000))
    err = cli.fails("log", transcript)
    assert len(err) < 1000 and "more characters" in err


def test_a_symlink_to_a_large_file_is_refused_by_size(cli: Cli, tmp_path: Path) -> None:
    transcript = seed_copy(tmp_path)
    big = tmp_path / "big.bin"
    with open(big, "wb") as fh:
        fh.truncate(40 * 1024 * 1024)  # sparse: 40 MB of NULs, over the sidecar limit
    sidecar_of(transcript).symlink_to(big)
    err = cli.fails("log", transcript)
    assert "limit" in err and len(err) < 400


@pytest.mark.parametrize("name", ["esc\x1b]0;pwned\x07.txt", "two\nlines.txt", "cr\rhidden.txt"])
def test_file_names_with_control_characters_are_escaped_on_one_line(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    err = cli.fails("status", tmp_path / name)
    assert "\x1b" not in err and "\r" not in err and "\x07" not in err
    assert ("\\x1b" in err) or ("\\n" in err) or ("\\r" in err)


@pytest.mark.parametrize(
    "option",
    [
        ["--speed", "nan"],
        ["--speed", "inf"],
        ["--before", "nan"],
        ["--before", "inf"],
        ["--after", "-inf"],
        ["--after", "1e400"],
        ["--loop", "99999999999"],
    ],
)
def test_non_finite_option_values_are_refused(cli: Cli, tmp_path: Path, option: list[str]) -> None:
    transcript = seed_copy(tmp_path)
    err = cli.fails("play", transcript, "g-x", *option)
    assert "Invalid value for" in err


def _serve_once(path: Path, reply: bytes) -> threading.Thread:
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    server.listen(1)

    def answer() -> None:
        conn, _ = server.accept()
        conn.recv(65536)
        conn.sendall(reply)
        conn.close()
        server.close()

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    return thread


def test_deeply_nested_json_from_the_player_socket_is_a_clean_error(tmp_path: Path) -> None:
    path = tmp_path / "mpv.sock"
    thread = _serve_once(path, b"[" * 200_000 + b"\n")
    with MpvIpc.connect(path, timeout=5) as mpv, pytest.raises(PlayerGone, match="nested"):
        mpv.get_property("time-pos")
    thread.join(5)


def test_an_endless_line_from_the_player_socket_is_a_clean_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transcript_review.media import mpv_ipc

    monkeypatch.setattr(mpv_ipc, "MAX_LINE", 1024)
    path = tmp_path / "mpv.sock"
    thread = _serve_once(path, json.dumps({"data": "x" * 5000}).encode())
    with MpvIpc.connect(path, timeout=5) as mpv, pytest.raises(PlayerGone, match="line"):
        mpv.get_property("time-pos")
    thread.join(5)
