"""What the editor's first paint waits for (issue 15, first paint): the modules it needs to
show the text, and nothing the parsed transcript needs. Speed itself is measured in
tests/bench (bench_editor); here, that the deferrals stay deferred."""

from __future__ import annotations

import subprocess
import sys

from tests.tui.conftest import SIZE, loaded

#: Loaded by the load worker after the text is on screen, never before it.
_AFTER_THE_FIRST_PAINT = (
    "yaml",
    "transcript_review.core.sidecar.store",
    "transcript_review.core.editing.session",
    "transcript_review.core.text.transcript",
    "transcript_review.core.sidecar.records",
    "transcript_review.tui.dialogs",
    "transcript_review.tui.virtual_table",
    "transcript_review.tui.work_table",
    # what the session shows (its document, panel and counts): made by the load worker
    "transcript_review.tui.prepared",
    # the login name, asked only when no --user, config or git name is given
    "getpass",
)


def test_starting_the_editor_imports_nothing_the_first_screen_does_not_need() -> None:
    code = (
        "import sys\n"
        "import transcript_review.cli, transcript_review.cli.open_command\n"
        "import transcript_review.tui.app\n"
        "from transcript_review.core.config import load_config\n"
        "load_config()\n"
        f"print(sorted(m for m in {_AFTER_THE_FIRST_PAINT!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


async def test_the_first_frame_shows_the_text_before_the_panel_and_the_sidecar(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        view = app.query_one("TranscriptView")
        # the first frame is painted with the text in it, from the view's first render
        row = "".join(s.text for y in range(6) for s in view.render_line(y))
        assert "General Assembly Debate Statement" in row
        await loaded(pilot)
        assert app.query_one("#worklist") is not None and app.user == "alice"


async def test_a_broken_sidecar_still_ends_the_editor_with_its_error(
    make_app, transcript_copy
) -> None:
    path = transcript_copy()
    path.with_name(path.name + ".review.yaml").write_text("schema: [unclosed\n", "utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert app.return_code == 2 and app.load_error is not None
    assert ".review.yaml" in str(app.load_error)


def test_the_editor_starts_with_the_garbage_collector_paused(monkeypatch, transcript_copy) -> None:
    """Start-up objects live as long as the program: collecting among them while they are made
    is wasted (issue 15). Paused while the editor starts, running again once it has ended."""
    import gc

    from transcript_review.cli import main
    from transcript_review.tui.app import TranscriptReviewApp

    seen: list[bool] = []
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setattr(TranscriptReviewApp, "run", lambda self: seen.append(gc.isenabled()))
    try:
        assert main([str(transcript_copy()), "--user", "alice"]) == 0
        assert seen == [False]
        assert gc.isenabled()
    finally:
        gc.enable()


async def test_the_first_frame_freezes_the_start_up_and_resumes_the_collector(make_app) -> None:
    """The pause ends with the first paint, before the session (1M words) is opened; what
    start-up made is frozen first, so no collection walks it while the frame is written."""
    import gc

    app = make_app()
    gc.collect()  # (what earlier tests left is not frozen with the app's start-up)
    gc.disable()
    try:
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_app_started_with_the_collector_running_freezes_nothing(make_app) -> None:
    """Only the command line's pause ends in a freeze: tests (and anything else starting the
    app) keep their garbage collectable."""
    import gc

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert gc.isenabled() and gc.get_freeze_count() == 0
