"""The workspace screen in a harness app: it fills in, sorts, filters, jumps to open work,
asks the app to open a file, shows a hostile file as a row, and follows saves in the folder."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from tests.tui.workspace_harness import (
    HOSTILE,
    WorkspaceHarness,
    clock_after_last_save,
    filled,
    make_meeting,
)
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.quoting import has_control
from transcript_review.core.workspace import scan_folder, summarise
from transcript_review.tui.dialogs import PromptDialog
from transcript_review.tui.workspace_rows import FileRow, WorkspaceFilter, cells
from transcript_review.tui.workspace_screen import WorkspaceScreen

SIZE = (120, 35)


@pytest.fixture
def meeting(tmp_path: Path) -> Path:
    return make_meeting(tmp_path / "meeting")


def harness(folder: Path, **options) -> WorkspaceHarness:
    options.setdefault("watch_seconds", 0)
    options.setdefault("clock", lambda: clock_after_last_save(folder))
    return WorkspaceHarness(folder, **options)


def names(screen: WorkspaceScreen) -> list[str]:
    return [row.key for row in screen.shown]


async def test_a_row_per_transcript_with_its_figures_and_totals(meeting: Path) -> None:
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        rows = screen.rows
        assert sorted(rows) == sorted(
            [
                "canada-r2p-2011.txt",
                "clean-statement.txt",
                "human-rights-council-bracket-times.txt",
                "press-briefing-stamped-lines.txt",
                "security-council-briefing-speakers.txt",
                HOSTILE,
            ]
        )
        canada = rows["canada-r2p-2011.txt"]
        assert canada.title == "General Assembly Debate Statement: Canada"
        assert (canada.gaps_open, canada.gaps_total, canada.proposed) == (0, 1, 1)
        assert (canada.last_author, canada.timing) == ("ana", "recording")
        assert canada.duration is not None
        press = rows["press-briefing-stamped-lines.txt"]
        assert (press.proposed, press.last_author, press.timing) == (4, "ben", "stamps")
        status = screen.query_one("#workspace-status").plain
        assert "6 transcripts" in status and "5 awaiting review" in status
        assert "1 unreadable" in status
        # Open work first (the default order), the unreadable file last.
        assert names(screen)[-1] == HOSTILE
        assert names(screen)[-2] == "clean-statement.txt"


async def test_a_hostile_file_is_a_row_with_its_error_escaped(meeting: Path) -> None:
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        row = screen.rows[HOSTILE]
        assert row.error is not None and "binary" in row.error
        assert not has_control(row.relative) and not has_control(row.error)
        assert "\\x1b" in row.relative  # shown as an escape, not sent to the terminal
        await pilot.press("end")
        await pilot.pause()
        assert screen.selected is row
        detail = str(screen.query_one("#file-detail").render())
        assert "binary" in detail and "\x1b" not in detail
        # enter on it says why, and asks the app for nothing
        await pilot.press("enter")
        await pilot.pause()
        assert app.opened == []
        assert any("binary" in n.message for n in app._notifications)


async def test_s_cycles_the_order_and_S_reverses_it(meeting: Path) -> None:
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        screen.sort_by("file")
        await pilot.pause()
        assert names(screen)[0] == "canada-r2p-2011.txt"
        await pilot.press("s", "s")  # file -> open work -> awaiting review
        await pilot.pause()
        assert names(screen)[0] == "press-briefing-stamped-lines.txt"  # 4 proposals
        assert names(screen)[1] == "canada-r2p-2011.txt"  # 1
        assert "awaiting review" in screen.query_one("#workspace-status").plain
        await pilot.press("S")
        await pilot.pause()
        assert (
            names(screen)[0] == HOSTILE and names(screen)[-1] == "press-briefing-stamped-lines.txt"
        )


async def test_the_filter_uses_the_queues_syntax(meeting: Path) -> None:
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, PromptDialog)
        await pilot.press(*"status:proposed", "enter")
        await pilot.pause()
        assert sorted(names(screen)) == ["canada-r2p-2011.txt", "press-briefing-stamped-lines.txt"]
        assert "2 of 6 transcripts" in screen.query_one("#workspace-status").plain
        screen.set_filter("author:ben")
        assert names(screen) == ["press-briefing-stamped-lines.txt"]
        screen.set_filter("-is:open")
        assert sorted(names(screen)) == ["clean-statement.txt", HOSTILE]
        screen.set_filter("is:unr")
        assert names(screen) == [HOSTILE]
        screen.set_filter("timing:rec")
        assert names(screen) == ["canada-r2p-2011.txt"]
        screen.set_filter("security")
        assert names(screen) == ["security-council-briefing-speakers.txt"]
        screen.set_filter("")
        assert len(names(screen)) == 6


async def test_n_goes_to_the_next_file_with_open_work(meeting: Path) -> None:
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        screen.sort_by("file")
        await pilot.press("home")  # a new order keeps the cursor on its file
        assert screen.selected.key == "canada-r2p-2011.txt"
        await pilot.press("n")  # skips clean-statement.txt: nothing open in it
        assert screen.selected.key == "human-rights-council-bracket-times.txt"
        await pilot.press("n", "n")
        assert screen.selected.key == "security-council-briefing-speakers.txt"
        await pilot.press("n")  # past the unreadable file, round to the first
        assert screen.selected.key == "canada-r2p-2011.txt"
        await pilot.press("p")
        assert screen.selected.key == "security-council-briefing-speakers.txt"


async def test_enter_asks_the_app_to_open_the_transcript(meeting: Path) -> None:
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        screen.sort_by("file")
        await pilot.pause()
        await pilot.press("home", "down", "down", "enter")
        await pilot.pause()
        path = meeting / "human-rights-council-bracket-times.txt"
        assert app.opened == [(path, "human-rights-council-bracket-times.txt")]


async def test_another_persons_save_updates_its_row_within_the_watch_interval(
    meeting: Path,
) -> None:
    app = harness(meeting, watch_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        reads = screen.source.reads
        path = meeting / "security-council-briefing-speakers.txt"
        assert screen.rows[path.name].proposed == 0
        # someone else resolves two gaps and saves (a new sidecar appears)
        session = EditingSession.open(path, Config(), user="carla")
        for gap in [i for i in session.items if i.kind == "gap"][:2]:
            session.resolve_gap(gap, "words")
        session.save("carla's words")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.rows[path.name].proposed == 2:
                break
        row = screen.rows[path.name]
        assert (row.proposed, row.gaps_open, row.last_author) == (2, 3, "carla")
        assert screen.source.reads == reads + 1  # only that file was read again
        # …and a second save to the same sidecar (it grows): the row follows again
        session = EditingSession.open(path, Config(), user="dan")
        still_open = [
            s.item for s in session.item_states() if s.item.kind == "gap" and s.state == "open"
        ]
        session.resolve_gap(still_open[0], "more words")
        session.save("dan's words")
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.rows[path.name].proposed == 3:
                break
        assert screen.rows[path.name].last_author == "dan"


async def test_refresh_row_reads_the_file_again(meeting: Path) -> None:
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        path = meeting / "clean-statement.txt"
        path.write_text(path.read_text() + "\nOne more (inaudible) line.\n", encoding="utf-8")
        screen.refresh_row(path)
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.rows[path.name].gaps_total == 1:
                break
        assert screen.rows[path.name].gaps_open == 1


async def test_a_second_opening_reads_nothing_unchanged(meeting: Path) -> None:
    counted: list[str] = []

    def counting(entry, config):
        counted.append(entry.relative)
        return summarise(entry, config)

    async with harness(meeting, summarise=counting).run_test(size=SIZE) as pilot:
        await filled(pilot)
    assert len(counted) == 6
    counted.clear()
    async with harness(meeting, summarise=counting).run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        assert len(screen.rows) == 6 and not any(r.pending for r in screen.rows.values())
    assert counted == []


async def test_it_shows_at_once_before_any_file_is_read(meeting: Path) -> None:
    """The first frame comes before the worker reads: the rows are not there yet."""
    app = harness(meeting)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, WorkspaceScreen)
        assert "Workspace" in screen.query_one("#workspace-status").plain
        await filled(pilot)
        assert screen.first_paint_at is not None and screen.filled_at is not None
        assert screen.first_paint_at <= screen.filled_at


# -- the rules, without the app ---------------------------------------------------------------


def _row(**figures) -> FileRow:
    return FileRow("x.txt", Path("x.txt"), "x.txt", **figures)


def test_what_status_and_is_mean_for_a_file() -> None:
    saved = datetime(2026, 1, 1, tzinfo=timezone.utc)
    done = _row(sidecar=True, last_author="ana", last_saved=saved, timing="captions", duration=10.0)
    gaps = _row(gaps_open=2, gaps_total=3)
    review = _row(proposed=1, sidecar=True)
    both = _row(flags=1, proposed=2)
    bad = FileRow("b.txt", Path("b.txt"), "b.txt", error="b.txt: binary")
    assert done.statuses() == ("done",) and done.marks() == ("timed",)
    assert gaps.statuses() == ("open",) and gaps.marks() == ("open", "new")
    assert review.statuses() == ("proposed",) and review.marks() == ("open",)
    assert both.statuses() == ("open", "proposed")
    assert bad.statuses() == ("unreadable",) and bad.marks() == ("unreadable",)
    assert bad.error_reason == "binary"

    def shown(query: str) -> list[FileRow]:
        wanted = WorkspaceFilter(query)
        return [r for r in (done, gaps, review, both, bad) if wanted.matches(r)]

    assert shown("status:prop") == [review, both]
    assert shown("status:open -status:proposed") == [gaps]
    assert shown("is:open") == [gaps, review, both]
    assert shown("author:an timing:cap") == [done]
    assert shown("") == [done, gaps, review, both, bad]


def test_a_heading_or_author_with_control_characters_is_shown_escaped(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text("Statement \x1b[2Jby \x07Canada\n\nWe spoke (inaudible) at length.\n")
    entry = scan_folder(tmp_path).entries[0]
    row = FileRow.from_summary(entry, summarise(entry, Config()))
    assert row.title == "Statement \\x1b[2Jby \\x07Canada"
    assert not has_control(" ".join(cells(row, datetime.now(timezone.utc))))


async def test_a_folder_that_goes_away_and_comes_back(meeting: Path) -> None:
    app = harness(meeting, watch_seconds=0.2)
    async with app.run_test(size=SIZE) as pilot:
        screen = await filled(pilot)
        away = meeting.with_name("elsewhere")
        meeting.rename(away)
        for _ in range(200):
            await pilot.pause(0.05)
            if screen.error:
                break
        assert "no such folder" in screen.error and screen.rows == {}
        assert "no such folder" in screen.query_one("#workspace-status").plain
        away.rename(meeting)
        for _ in range(200):
            await pilot.pause(0.05)
            if len(screen.rows) == 6:
                break
        assert len(screen.rows) == 6 and screen.error is None
