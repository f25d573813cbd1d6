"""Listening from the editor and the review queue, against a real (silent) mpv."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.media.helpers import write_tone
from tests.tui.conftest import SIZE, loaded
from transcript_review.core.config import Config
from transcript_review.media import find_mpv
from transcript_review.tui.app import TranscriptReviewApp

pytestmark = pytest.mark.skipif(
    find_mpv() is None, reason="mpv is not installed (apt-get install mpv)"
)

#: A transcript whose words each take 0.4 s (no timing file): the gap sits near second 4.
SPEECH = (
    "Thank you Madam President. We welcome the report and the work of the envoy (inaudible) "
    "today and we call on all parties to protect civilians.\n"
)


@pytest.fixture
def silent_mpv(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRANSCRIPT_REVIEW_MPV_OPTIONS", "--ao=null --no-config")


@pytest.fixture
def speech(tmp_path: Path) -> Path:
    path = tmp_path / "speech.txt"
    path.write_text(SPEECH, encoding="utf-8")
    write_tone(tmp_path / "speech.wav", seconds=12)
    return path


def make(speech: Path, **options: str) -> TranscriptReviewApp:
    return TranscriptReviewApp.for_file(speech, Config(), "ana", media="speech.wav", **options)


async def settle(pilot, seconds: float = 0.3) -> None:
    await pilot.pause()
    await asyncio.sleep(seconds)


async def test_play_pause_jump_and_speed(silent_mpv, speech: Path) -> None:
    app = make(speech)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("space")
        await settle(pilot)
        player = app.editor.listening.player
        assert player is not None and not player.paused()
        await pilot.press("space")
        assert player.paused()
        before = player.position()
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert player.position() == pytest.approx(before + 3, abs=0.5)
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert player.position() == pytest.approx(before, abs=0.5)
        await pilot.press("minus")
        assert player.current_speed() == pytest.approx(0.75)
        await pilot.press("plus", "plus")
        assert player.current_speed() == pytest.approx(1.25)


async def test_play_and_loop_the_gap_window(silent_mpv, speech: Path) -> None:
    app = make(speech)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n")  # the gap
        window = app.timing.window_between(*app.editor._passage())
        await pilot.press("l")
        await settle(pilot)
        player = app.editor.listening.player
        assert player.position() == pytest.approx(max(0, window[0] - 2), abs=0.6)
        await pilot.press("L")
        assert player.loop() == pytest.approx((max(0, window[0] - 3), window[1] + 3), abs=0.01)
        await pilot.press("full_stop")
        assert player.loop() == pytest.approx((max(0, window[0] - 4), window[1] + 4), abs=0.01)
        await pilot.press("comma", "comma")
        assert player.loop() == pytest.approx((max(0, window[0] - 2), window[1] + 2), abs=0.01)
        await pilot.press("L")
        assert player.loop() is None


async def test_stamp_pins_the_paragraph_to_the_playback_position(silent_mpv, speech: Path) -> None:
    app = make(speech)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space")  # start the player, pause it
        app.editor.listening.player.seek(7.5)
        await pilot.press("t")
        await app.workers.wait_for_complete()
        await pilot.pause()
        (pin,) = app.session.state.active_pins()
        assert pin.seconds == pytest.approx(7.5, abs=0.2)
        assert app.timing.moment_at(0).source == "manual"
        await pilot.press("ctrl+s", "enter")
        await pilot.pause()
        assert app.session.sidecar.header.media == "speech.wav"


async def test_follow_mode_moves_the_cursor_with_playback(silent_mpv, speech: Path) -> None:
    app = make(speech)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space")
        app.editor.listening.player.seek(6.0)
        await pilot.press("F")
        await settle(pilot, 0.6)
        view = app.query_one("TranscriptView")
        expected = app.timing.offset_at(app.editor.listening.position())
        assert view.cursor[0] == pytest.approx(expected, abs=12)
        await pilot.press("F")
        assert not app.editor.listening.follow


async def test_webcast_link_opens_at_the_passage_time(
    silent_mpv, speech: Path, monkeypatch
) -> None:
    opened: list[str] = []
    import transcript_review.media.browser as browser

    monkeypatch.setattr(
        browser, "_open_in_graphical_browser", lambda link: opened.append(link) or True
    )
    app = make(speech, webcast="https://webtv.un.org/en/asset/k1x/k1xyz?kalturaStartTime=5")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "w")
        (link,) = opened
        assert link.startswith("https://webtv.un.org/en/asset/k1x/k1xyz?kalturaStartTime=")
        assert link.count("kalturaStartTime") == 1


async def test_without_media_the_keys_say_what_to_do(speech: Path) -> None:
    speech.with_suffix(".wav").unlink()  # a recording beside the transcript would be played
    app = TranscriptReviewApp.for_file(speech, Config(), "ana")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("space")
        assert "--media" in app.editor.note  # said on the status line, not over the text


async def test_without_mpv_the_status_line_says_how_to_install_it(
    speech: Path, monkeypatch
) -> None:
    import transcript_review.tui.listening as listening

    monkeypatch.setattr(listening, "find_mpv", lambda: None)
    app = make(speech)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "needs mpv" in str(app.query_one("#status-line").render())
        await pilot.press("n", "enter", *"words", "enter")  # the editor still works
        assert app.session.dirty


async def test_a_player_that_dies_is_reported_and_restarted(silent_mpv, speech: Path) -> None:
    app = make(speech)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("space", "space")
        app.editor.listening.player.process.kill()  # mpv dies behind our back
        await asyncio.sleep(0.3)
        await pilot.press("space")
        assert "stopped" in app.editor.note or "playing" in app.editor.note
        await pilot.press("space")
        assert app.editor.listening.player is not None and app.editor.listening.player.alive()
