"""The Player against a real, silent mpv: seek, pause, speed, loops, stamps, a dying player.

Positions are read over IPC (``time-pos``, the audible position). Where what is *heard* matters
(the loop really repeats the window, at the asked speed), mpv writes its audio to a raw file
(``--ao=pcm``) and the pitch of the tone tells which second of it was played.
"""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from transcript_review.core.config import load_config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for
from transcript_review.core.timing.transcript_times import time_transcript
from transcript_review.media import (
    SPEEDS,
    MediaError,
    MediaRefused,
    MpvIpc,
    MpvNotFound,
    NothingLoaded,
    Player,
    PlayerGone,
    find_mpv,
    install_hint,
)
from transcript_review.media.passage import stamp

from .helpers import RATE, seconds_heard


def eventually(check: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.02)
    return check()


def rate(player: Player, seconds: float) -> float:
    """Seconds of media played per second of wall time, measured over about ``seconds``."""
    started, before = time.monotonic(), player.position()
    time.sleep(seconds)
    after, ended = player.position(), time.monotonic()
    assert before is not None and after is not None
    return (after - before) / (ended - started)


# -- starting, loading, closing --------------------------------------------------------------


def test_start_uses_a_private_socket_and_close_cleans_up(mpv: str, tone: Path) -> None:
    player = Player.start(mpv=mpv, audio_output="null", use_config=False, extra_args=[])
    directory = Path(player.socket_dir or "")
    assert player.owned and player.alive()
    assert stat.S_IMODE(directory.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(Path(player.ipc.path).stat().st_mode)
    assert Path(player.ipc.path).parent == directory
    assert player.load(str(tone)) == str(tone.resolve())
    assert player.paused() and player.duration() == pytest.approx(8.0, abs=0.05)
    started = time.monotonic()
    player.close()
    assert time.monotonic() - started < 3.0
    assert player.process is not None and player.process.poll() is not None
    assert not directory.exists() and not player.alive()
    player.close()  # idempotent
    with pytest.raises(PlayerGone):
        player.position()


def test_missing_mpv_raises_with_the_install_hint(tmp_path: Path) -> None:
    assert find_mpv("no-such-mpv-for-transcript-review") is None
    with pytest.raises(MpvNotFound) as info:
        Player.start(mpv="no-such-mpv-for-transcript-review")
    assert str(info.value) == install_hint()
    assert "install mpv" in install_hint() or "install" in install_hint()
    assert "\n" not in install_hint()


def test_only_files_and_http_urls_are_loaded(player: Player, tmp_path: Path) -> None:
    for refused in ("lavfi://sine", "av://lavfi:sine", "edl://x", "file:///etc/passwd", ""):
        with pytest.raises(MediaRefused):
            player.load(refused)
    with pytest.raises(MediaRefused, match="not found"):
        player.load(str(tmp_path / "absent.wav"))
    broken = tmp_path / "broken.wav"
    broken.write_bytes(b"RIFF nonsense")
    with pytest.raises(MediaError, match="could not open"):
        player.load(str(broken))
    assert player.media is None


def test_nothing_loaded_before_load(mpv: str) -> None:
    with Player.start(mpv=mpv, audio_output="null", use_config=False, extra_args=[]) as player:
        assert player.position() is None and player.duration() is None
        with pytest.raises(NothingLoaded):
            player.seek(2.0)
        with pytest.raises(NothingLoaded):
            player.play_pause()


# -- seek, pause, speed ----------------------------------------------------------------------


def test_seek_then_position_reads_the_new_position(player: Player) -> None:
    assert player.seek(4.0) == pytest.approx(4.0, abs=0.02)
    assert player.position() == pytest.approx(4.0, abs=0.02)  # what a stamp would record
    assert player.seek(-1.5, relative=True) == pytest.approx(2.5, abs=0.02)
    assert player.seek(2.0, relative=True) == pytest.approx(4.5, abs=0.02)
    assert player.seek(-60, relative=True) == pytest.approx(0.0, abs=0.02)
    assert player.seek(-3) == pytest.approx(0.0, abs=0.02)
    assert player.seek(100) <= 8.05
    assert player.paused()  # seeking does not start playback


def test_play_pause_plays_and_pauses(player: Player) -> None:
    player.seek(1.0)
    assert player.play_pause() is True and not player.paused()
    assert 0.5 <= rate(player, 0.6) <= 1.5
    assert player.play_pause() is False and player.paused()
    time.sleep(0.1)
    assert rate(player, 0.3) == pytest.approx(0.0, abs=0.03)


def test_speed_changes_how_fast_playback_goes(player: Player) -> None:
    player.seek(0.5)
    player.speed(2.0)
    player.resume()
    time.sleep(0.2)
    assert 1.4 <= rate(player, 1.0) <= 2.6
    player.seek(1.0)
    player.speed(0.5)
    time.sleep(0.2)
    assert 0.25 <= rate(player, 1.0) <= 0.8
    player.pause()


def test_speed_is_clamped_and_stepped(player: Player) -> None:
    assert player.speed(5.0) == 2.0 and player.current_speed() == 2.0
    assert player.speed(0.1) == 0.5 and player.current_speed() == 0.5
    assert player.speed(1.0) == 1.0
    ups = [player.faster() for _ in range(4)]
    assert ups == [1.25, 1.5, 2.0, 2.0]
    downs = [player.slower() for _ in range(6)]
    assert downs == [1.5, 1.25, 1.0, 0.75, 0.5, 0.5]
    player.speed(1.1)  # between steps: the next step either way
    assert player.faster() == 1.25
    player.speed(1.1)
    assert player.slower() == 1.0
    assert SPEEDS == (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
    with pytest.raises(ValueError):
        player.speed(float("nan"))


# -- windows and loops -----------------------------------------------------------------------


def test_play_window_without_loop_plays_on_from_start(player: Player) -> None:
    assert player.play_window(2.0, 3.0, speed=0.75) == (2.0, 3.0)
    assert player.loop() is None and player.current_speed() == 0.75
    assert not player.paused()
    position = player.position()
    assert position is not None and 1.9 <= position <= 2.4
    player.pause()


def test_loop_keeps_playback_inside_the_window(player: Player) -> None:
    player.play_window(2.0, 3.0, loop=True)
    assert player.loop() == (2.0, 3.0)
    seen: list[float] = []
    deadline = time.monotonic() + 2.2
    while time.monotonic() < deadline:
        position = player.position()
        assert position is not None
        seen.append(position)
        time.sleep(0.05)
    # time-pos lags the audio by the output buffer around the jump back (see player.py)
    assert all(1.3 <= p <= 3.2 for p in seen), seen
    assert any(b < a - 0.3 for a, b in zip(seen, seen[1:], strict=False)), (
        f"never jumped back: {seen}"
    )
    player.set_loop(1.0, 4.0)  # widen without jumping
    assert player.loop() == (1.0, 4.0)
    player.stop_loop()
    assert player.loop() is None
    player.speed(2.0)
    assert eventually(lambda: (player.position() or 0) > 4.3, timeout=4.0)
    player.pause()


def test_play_until_stops_at_the_end_of_the_window(player: Player) -> None:
    started = time.monotonic()
    start, end = player.play_window(5.0, 5.8)
    stopped = player.play_until(end, timeout=3.0)
    assert 0.6 <= time.monotonic() - started <= 2.0
    assert stopped is not None and 5.75 <= stopped <= 6.2 and player.paused()
    # a window past the end is clipped; at the end it stops on eof
    assert player.play_window(7.5, 20.0) == (7.5, 8.0)
    assert player.play_until(20.0, timeout=3.0) == pytest.approx(8.0, abs=0.1)
    with pytest.raises(MediaError, match="past the end"):
        player.play_window(9.0, 10.0)


def _recording_player(mpv: str, out: Path, loops: int) -> Player:
    """A player that writes what it plays to ``out`` as raw audio, as fast as it can."""
    return Player.start(
        mpv=mpv,
        audio_output="pcm",
        use_config=False,
        extra_args=[
            f"--ao-pcm-file={out}",
            "--ao-pcm-waveheader=no",
            f"--audio-samplerate={RATE}",
            "--audio-channels=mono",
            "--audio-format=s16",
            f"--ab-loop-count={loops}",  # bounds the loop: the pcm output runs unthrottled
        ],
    )


@pytest.mark.parametrize("speed", [1.0, 0.5])
def test_what_is_heard_is_the_window_looped(mpv: str, tone: Path, short_dir: Path, speed) -> None:
    out = short_dir / f"heard-{speed}.raw"
    with _recording_player(mpv, out, loops=2) as player:
        player.load(str(tone))  # paused: nothing is written before the window plays
        player.play_window(3.0, 4.0, loop=True, speed=speed)
        assert eventually(lambda: player.ipc.get_property_or("eof-reached", False), 10.0)
    heard = seconds_heard(out.read_bytes())
    # second 3 of the tone (three passes of the window, slowed by `speed`), then 4..7 once
    passes = round(3 * 10 / speed)
    assert heard[: passes - 1] == [3] * (passes - 1), heard
    assert sum(1 for s in heard if s == 3) == pytest.approx(passes, abs=2)
    rest = [s for s in heard[passes + 1 :] if s != 3]
    assert rest[:5] == [4] * 5 and max(heard) == 7


# -- stamping --------------------------------------------------------------------------------


def test_stamp_pins_the_paragraph_to_the_playback_position(player: Player, tmp_path: Path) -> None:
    transcript = tmp_path / "speech.txt"
    transcript.write_text(
        "[00:00:01] Thank you, Mr. President.\n\n"
        "The second paragraph has no stamp of its own.\n\n"
        "[00:00:07] The third one does.\n",
        encoding="utf-8",
    )
    config = load_config(None)
    session = EditingSession.open(transcript, config, user="tester")
    second = session.transcript.paragraphs[1]
    player.seek(4.0)
    assert stamp(session, player, second.start, second.end) == pytest.approx(4.0, abs=0.02)
    session.save("Stamp paragraph 2")
    pins = load_sidecar(sidecar_path_for(transcript)).revisions[-1]
    assert "pin" in repr(pins.events).lower()
    reopened = EditingSession.open(transcript, config, user="tester")
    (pin,) = reopened.state.active_pins()
    assert pin.seconds == pytest.approx(4.0, abs=0.02)
    timing = time_transcript(reopened.transcript, pins=[(pin.placement.start, pin.seconds)])
    moment = timing.paragraph_moments()[second.index]
    assert moment.seconds == pytest.approx(4.0, abs=0.02) and not moment.estimated


def test_stamp_without_a_position_says_so(mpv: str, tmp_path: Path) -> None:
    transcript = tmp_path / "speech.txt"
    transcript.write_text("One paragraph.\n", encoding="utf-8")
    session = EditingSession.open(transcript, load_config(None), user="tester")
    player = Player.start(mpv=mpv, audio_output="null", use_config=False, extra_args=[])
    with player, pytest.raises(NothingLoaded):
        stamp(session, player, 0, 5)
    assert not session.dirty


# -- a player that goes away, an mpv of the user's -------------------------------------------


def test_mpv_killed_mid_session_raises_player_gone(player: Player) -> None:
    player.play_window(1.0, 2.0, loop=True)
    assert player.process is not None
    os.kill(player.process.pid, signal.SIGKILL)
    started = time.monotonic()
    with pytest.raises(PlayerGone, match="mpv exited|mpv closed|went away") as info:
        for _ in range(50):  # the first call after the kill already fails
            player.position()
            time.sleep(0.02)
    assert time.monotonic() - started < 3.0
    assert "\n" not in str(info.value)
    assert not player.alive()
    player.close()


def test_attach_to_a_running_mpv_and_leave_it_running(mpv: str, tone: Path, short_dir: Path):
    socket_path = short_dir / "user-mpv.sock"
    user_mpv = subprocess.Popen(
        [
            mpv,
            "--idle",
            "--no-terminal",
            "--no-config",
            "--no-video",
            "--ao=null",
            "--keep-open=yes",
            "--pause",
            f"--input-ipc-server={socket_path}",
            str(tone),
        ],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        MpvIpc.connect(socket_path, retry_for=5.0).close()  # wait until it listens
        assert eventually(lambda: Player.attach(socket_path).media is not None, 5.0)
        player = Player.attach(socket_path)
        assert player.media == str(tone) and not player.owned
        assert player.seek(3.0) == pytest.approx(3.0, abs=0.02)
        player.close()
        assert user_mpv.poll() is None  # still running: it is the user's
        again = Player.attach(socket_path)
        assert again.position() == pytest.approx(3.0, abs=0.02)
        again.close()
    finally:
        user_mpv.kill()
        user_mpv.wait(timeout=5)
