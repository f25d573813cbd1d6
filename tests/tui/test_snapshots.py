"""What the screen shows: the editor on the seed (at 120×36 and 80×24), the resolve dialog,
the help screen, the review queue.

Regenerate after a deliberate change of look with ``pytest tests/tui --snapshot-update`` and
look at the SVGs in ``__snapshots__`` before committing them.
"""

from __future__ import annotations

from tests.tui.conftest import SIZE, loaded


async def _wait_loaded(pilot) -> None:
    await loaded(pilot)


def test_main_screen_on_the_seed(snap_compare, make_app) -> None:
    assert snap_compare(make_app(), terminal_size=SIZE, run_before=_wait_loaded)


def test_main_screen_at_80x24(snap_compare, make_app) -> None:
    """A tmux pane or a laptop: the panel gives way, the text keeps 67 columns, the cursor on
    the gap (enter: Resolve), the status line and the footer fitted to the width."""

    async def on_the_gap(pilot) -> None:
        await loaded(pilot)
        await pilot.press("n", "n")

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=on_the_gap)


def test_main_screen_with_a_proposal_shown(snap_compare, make_app) -> None:
    async def resolve(pilot) -> None:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"in our collective efforts", "enter")
        await pilot.pause()  # the confirmation is on the status line (not a toast over the text)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=resolve)


def test_resolve_dialog(snap_compare, make_app) -> None:
    assert snap_compare(
        make_app(), press=["n", "n", "enter"], terminal_size=SIZE, run_before=_wait_loaded
    )


def test_help_screen(snap_compare, make_app) -> None:
    assert snap_compare(
        make_app(), press=["question_mark"], terminal_size=SIZE, run_before=_wait_loaded
    )


def test_speaker_turns_and_stamps(snap_compare, make_app) -> None:
    assert snap_compare(
        make_app("security-council-briefing-speakers.txt"),
        terminal_size=SIZE,
        run_before=_wait_loaded,
    )


def test_review_queue_with_a_diff(snap_compare, transcript_copy, monkeypatch) -> None:
    import itertools

    import transcript_review.core.corrections.draft as corrections
    import transcript_review.tui.review_screen as review_screen
    from tests.tui.test_review_keys import propose, review_app

    # Ids are random and ages move with the clock: pin both so the picture is the same.
    counter = itertools.count(1)
    monkeypatch.setattr(corrections, "new_id", lambda prefix: f"{prefix}-{next(counter):08x}")
    monkeypatch.setattr(review_screen, "describe_age", lambda saved: "2h")
    path = transcript_copy()
    propose(path)
    assert snap_compare(review_app(path), terminal_size=SIZE, run_before=_wait_loaded)


def test_findings_of_the_final_check_shown(snap_compare, tmp_path) -> None:
    """The seed with three slips: the findings underlined with ◆ in the gutter, listed in the
    panel among the gap and the passage (an error in bold), counted on the status line. The
    check runs in the background: the picture is taken once it has landed."""
    from tests.tui.test_qc_in_editor import with_slips
    from transcript_review.core.config import Config
    from transcript_review.tui.app import TranscriptReviewApp

    app = TranscriptReviewApp.for_file(with_slips(tmp_path), Config(), "alice")
    assert snap_compare(app, terminal_size=(120, 35), run_before=_wait_loaded)


def test_a_finding_under_the_cursor_at_80x24(snap_compare, tmp_path) -> None:
    """n on the doubled word: the footer offers Propose fix and Dismiss, the status line says
    what the finding is."""
    from tests.tui.test_qc_in_editor import with_slips
    from transcript_review.core.config import Config
    from transcript_review.tui.app import TranscriptReviewApp

    async def on_the_finding(pilot) -> None:
        await loaded(pilot)
        await pilot.press("n")

    app = TranscriptReviewApp.for_file(with_slips(tmp_path), Config(), "alice")
    assert snap_compare(app, terminal_size=(80, 24), run_before=on_the_finding)
