"""``transcript-review play FILE ITEM_ID``: plays an item's window with a real mpv, then exits."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from transcript_review import cli as cli_package
from transcript_review.cli import main
from transcript_review.media import MpvIpc, Player, install_hint

TEXT = (
    "[00:00:01] Thank you, Mr. President. We are here (inaudible) to talk today.\n\n"
    "[00:00:05] The second paragraph of the speech ends here.\n"
)


@pytest.fixture(autouse=True)
def _registered(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run `play` through the real entry point, whether or not it is registered yet."""
    monkeypatch.setitem(cli_package.COMMANDS, "play", "play_command:play_command")
    # the mpv that `play` starts must be silent here (no sound device) and ignore mpv.conf
    monkeypatch.setenv("TRANSCRIPT_REVIEW_MPV_OPTIONS", "--ao=null --no-config")


@pytest.fixture
def speech(tmp_path: Path, tone: Path) -> Path:
    (tmp_path / "audio").mkdir()
    (tmp_path / "audio" / "speech.wav").write_bytes(tone.read_bytes())
    path = tmp_path / "speech.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def gap_id(path: Path) -> str:
    from transcript_review.core.config import load_config
    from transcript_review.core.editing.session import EditingSession

    session = EditingSession.open(path, load_config(None), user="t")
    return next(item.id for item in session.items if item.kind == "gap")


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str, float]:
    started = time.monotonic()
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err, time.monotonic() - started


def one_line_error(code: int, err: str) -> str:
    assert code == 2, err
    assert err.startswith("transcript-review: error: ") and err.count("\n") == 1, err
    return err


@pytest.fixture
def user_mpv(mpv: str, tone: Path, short_dir: Path) -> Iterator[Path]:
    """An mpv the user started, paused on the tone, listening on a socket."""
    socket_path = short_dir / "mpv.sock"
    process = subprocess.Popen(
        [
            mpv,
            "--idle",
            "--no-terminal",
            "--no-config",
            "--no-video",
            "--ao=null",
            "--keep-open=yes",
            f"--input-ipc-server={socket_path}",
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        MpvIpc.connect(socket_path, retry_for=5.0).close()
        yield socket_path
    finally:
        process.kill()
        process.wait(timeout=5)


def test_play_with_media_plays_the_window_once_and_exits(capsys, mpv: str, speech: Path) -> None:
    item = gap_id(speech)
    media = speech.parent / "audio" / "speech.wav"
    code, out, err, took = run(
        capsys, "play", speech, item, "--media", media, "--before", "0.2", "--after", "0.2"
    )
    assert code == 0, err
    assert out.startswith(f"{item}: 00:00:0") and "(estimated)" in out and str(media) in out
    assert out.count("\n") == 1
    assert 0.5 < took < 6.0


def test_play_uses_the_sidecar_media_relative_to_the_transcript(
    capsys, mpv: str, speech: Path, user_mpv: Path
) -> None:
    sidecar = speech.with_name(speech.name + ".review.yaml")
    sidecar.write_text(
        "schema: transcript-review/1\ntranscript: speech.txt\nmedia: audio/speech.wav\n",
        encoding="utf-8",
    )
    item = gap_id(speech)
    code, out, err, took = run(
        capsys, "play", speech, item, "--mpv-socket", user_mpv, "--after", "0", "--before", "0"
    )
    assert code == 0, err
    assert str(speech.parent / "audio" / "speech.wav") in out
    # the user's mpv was left running, paused at the end of the window
    player = Player.attach(user_mpv)
    try:
        assert player.media == str((speech.parent / "audio" / "speech.wav").resolve())
        assert player.paused()
        position = player.position()
        assert position is not None and 1.0 < position < 5.0
    finally:
        player.close()


def test_play_loop_n_times_at_a_speed(capsys, mpv: str, speech: Path) -> None:
    media = speech.parent / "audio" / "speech.wav"
    args = ["play", speech, gap_id(speech), "--media", media, "--before", "0", "--after", "0"]
    code, out, err, once = run(capsys, *args, "--speed", "2")
    assert code == 0, err
    code, out, err, thrice = run(capsys, *args, "--speed", "2", "--loop", "3")
    assert code == 0, err
    assert "×3 at 2×" in out
    assert thrice > once + 0.3


def test_play_without_media_says_how_to_give_it(capsys, speech: Path) -> None:
    code, out, err, _ = run(capsys, "play", speech, gap_id(speech))
    assert "no media to play" in one_line_error(code, err) and "--media" in err


@pytest.mark.parametrize("media", ["file:///etc/passwd", "lavfi://sine", "missing.wav", "ytdl://x"])
def test_play_refuses_media_that_is_neither_a_file_nor_http(
    capsys, speech: Path, media: str
) -> None:
    code, out, err, _ = run(capsys, "play", speech, gap_id(speech), "--media", media)
    err = one_line_error(code, err)
    assert "will not play" in err or "not found" in err


def test_play_without_mpv_gives_the_install_hint(
    capsys, speech: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRANSCRIPT_REVIEW_MPV", "no-such-mpv-for-transcript-review")
    media = speech.parent / "audio" / "speech.wav"
    code, out, err, took = run(capsys, "play", speech, gap_id(speech), "--media", media)
    assert install_hint() in one_line_error(code, err)
    assert took < 3.0


def test_play_an_unknown_item_or_a_dead_socket(capsys, speech: Path, short_dir: Path) -> None:
    media = speech.parent / "audio" / "speech.wav"
    code, out, err, _ = run(capsys, "play", speech, "g-000000", "--media", media)
    assert "no gap or uncertain passage" in one_line_error(code, err)
    code, out, err, took = run(
        capsys, "play", speech, gap_id(speech), "--mpv-socket", short_dir / "gone.sock"
    )
    assert "cannot connect to mpv" in one_line_error(code, err) and took < 3.0
