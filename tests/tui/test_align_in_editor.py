"""Aligning to the recording from the editor: offered on the status line, run in the background
with progress, estimated times turning real as words are placed, and cancellable."""

from __future__ import annotations

import pytest

from tests.hearing import Hearing
from tests.tui.conftest import SIZE, loaded
from transcript_review.core.config import Config
from transcript_review.core.timing.audio import pipeline
from transcript_review.tui.app import TranscriptReviewApp
from transcript_review.tui.status_line import StatusLine


def status(app: TranscriptReviewApp) -> str:
    """Every part of the status line in full (a narrow window shortens some)."""
    return app.query_one("#status-line", StatusLine).plain


def shown(app: TranscriptReviewApp) -> str:
    """The status line as the window shows it."""
    return str(app.query_one("#status-line", StatusLine).render())


async def until_done(app: TranscriptReviewApp, pilot, seen: list[str]) -> None:
    for _ in range(1200):  # up to a minute
        if app.editor.aligner.progress:
            seen.append(app.editor.aligner.progress)
        if not app.editor.aligner.running:
            break
        await pilot.pause(0.05)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_T_aligns_in_the_background_and_times_turn_real(
    hearing: Hearing, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "_PARTIAL_EVERY", 0.0)  # report after every chunk
    app = TranscriptReviewApp.for_file(hearing.transcript, Config(), "alice")
    retimed: list[int] = []
    original = app.editor._retimed

    def counting(timing):
        retimed.append(timing.source_counts().get("recording", 0))
        original(timing)

    monkeypatch.setattr(app.editor, "_retimed", counting)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "hearing.ogg: T aligns times to it" in status(app)
        assert "T aligns times to it" in shown(app)  # zero counts give way to the offer
        assert all(g.estimated for g in app.editor.time_gutter.values())
        await pilot.press("T")
        await pilot.pause()
        assert app.editor.aligner.running
        await pilot.press("down", "down")  # the editor stays usable meanwhile
        seen: list[str] = []
        await until_done(app, pilot, seen)
        assert any("hearing" in s and "%" in s for s in seen)  # progress on the status line
        assert len(retimed) >= 2 and retimed[-1] >= max(retimed[:-1])
        assert app.timing.recording is not None
        assert hearing.transcript.with_name("hearing.txt.alignment.json").exists()
        real = [g for g in app.editor.time_gutter.values() if not g.estimated]
        assert len(real) == 3  # the unspoken paragraph stays estimated
        assert "words timed from hearing.ogg" in status(app)
        assert "T aligns" not in status(app)


async def test_T_again_cancels_and_nothing_is_written(hearing: Hearing) -> None:
    app = TranscriptReviewApp.for_file(hearing.transcript, Config(), "alice")
    notes: list[str] = []
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await loaded(pilot)
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))
        await pilot.press("T")
        await pilot.pause(0.3)
        await pilot.press("T")
        await until_done(app, pilot, [])
        assert not app.editor.aligner.running
        assert any("alignment cancelled" in n for n in notes)
        assert not hearing.transcript.with_name("hearing.txt.alignment.json").exists()
        assert all(g.estimated for g in app.editor.time_gutter.values())
        assert "T aligns times to it" in status(app)


async def test_without_a_recording_T_says_what_to_do(make_app) -> None:
    app = make_app("press-briefing-stamped-lines.txt")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "T aligns" not in status(app)
        await pilot.press("T")
        await pilot.pause()
        assert app.editor.note.startswith("no local recording to align to: give --media FILE")


async def test_on_a_located_gap_space_plays_its_moment_and_l_loops_its_window(
    hearing: Hearing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transcript_review.core.text.transcript import load_transcript
    from transcript_review.core.timing.audio import alignment_path, write_alignment
    from transcript_review.media import find_mpv

    if find_mpv() is None:
        pytest.skip("mpv is not installed (apt-get install mpv)")
    monkeypatch.setenv("TRANSCRIPT_REVIEW_MPV_OPTIONS", "--ao=null --no-config")
    result = pipeline.align_recording(load_transcript(hearing.transcript), hearing.media)
    write_alignment(result, alignment_path(hearing.transcript))
    (gap,) = result.gaps
    app = TranscriptReviewApp.for_file(hearing.transcript, Config(), "alice")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        assert "T aligns" not in status(app)  # already aligned: nothing to offer
        await pilot.press("n")  # the gap is the hearing's only item
        assert app.editor._item_under_cursor("gap") is not None
        await pilot.press("space")
        await pilot.pause(0.5)
        player = app.editor.listening.player
        assert player is not None
        assert player.position() == pytest.approx(max(0.0, gap.window[0] - 2.0), abs=0.6)
        await pilot.press("l")
        await pilot.pause(0.3)
        assert app.editor.listening.loop_window == pytest.approx(gap.window, abs=0.01)
        assert app.editor.note.startswith("looping the gap's window")
        await pilot.press("l")
        assert app.editor.listening.passage is None


async def test_a_recogniser_that_dies_is_a_warning_not_a_crash(
    hearing: Hearing, monkeypatch: pytest.MonkeyPatch
) -> None:
    from transcript_review.core.timing.audio.recognise import RecogniserFailed

    def dies(*args, **kwargs):
        raise RecogniserFailed(-9)

    monkeypatch.setattr(pipeline, "align_recording", dies)
    app = TranscriptReviewApp.for_file(hearing.transcript, Config(), "alice")
    notes: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        original = app.notify
        app.notify = lambda message, **kw: (notes.append(message), original(message, **kw))
        await pilot.press("T")
        await until_done(app, pilot, [])
        assert app.is_running and not app.editor.aligner.running
        assert any("recognition worker stopped" in n for n in notes)
        assert "T aligns times to it" in status(app)  # it can be tried again

