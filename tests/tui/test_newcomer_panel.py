"""The editor as a newcomer read it (issue 15, items 12–13): what x, enter and the panel say
about gaps already decided, the gutter's marks, and n that leaves the view alone."""

from __future__ import annotations

from pathlib import Path

from tests.tui.conftest import SIZE, cursor_text, loaded, view
from tests.tui.test_small_terminals import footer
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sidecar.records import Role


def _decide(path: Path, approve: bool) -> None:
    """Bob proposes words for the seed's gap; with ``approve``, Carol approves them."""
    bob = EditingSession.open(path, Config(), user="bob")
    gap = next(i for i in bob.items if i.kind == "gap")
    proposal = bob.resolve_gap(gap, "in our collective efforts")
    bob.save("words for the gap")
    if approve:
        carol = EditingSession.open(path, Config(), user="carol", role=Role.REVIEWER)
        carol.approve(proposal)
        carol.save("approved")


def _gutter_mark(app, needle: str) -> str:
    """The mark in the gutter beside the row showing ``needle``."""
    shown = view(app)
    for y in range(shown.scrollable_content_region.height):
        row = "".join(segment.text for segment in shown.render_line(y))
        if needle in row:
            return row[10]
    raise AssertionError(f"{needle!r} is not on screen")


def _tags_at(app, offset: int) -> set[str]:
    return {s.tag for s in view(app).document.spans.overlapping(offset, offset + 1)}


async def test_x_without_a_flag_says_so(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("x")
        assert "no flag or finding under the cursor" in app.editor.note
        assert "Clear flag" not in footer(app)  # still not offered where it does nothing


async def test_enter_on_your_decided_gap_revises_it_and_the_panel_shows_its_words(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n")
        gap_at = view(app).cursor[0]
        assert footer(app).get("Resolve gap") and _gutter_mark(app, "(inaudible)") == "●"
        await pilot.press("enter", *"in our collective efforts", "enter")
        keys = footer(app)
        assert "Resolve gap" not in keys and keys.get("Revise gap") == ("⏎", True)
        entry = next(e for e in app.editor.worklist.entries if e.kind == "gap")
        assert entry.state == "unsaved"
        assert entry.quote.endswith("→ in our collective efforts")
        assert "(inaudible)" not in entry.quote
        # the gutter marks the proposal (✎), the gap is no longer red
        assert _gutter_mark(app, "(inaudible)") == "✎"
        assert "gap" not in _tags_at(app, gap_at) and "gap-decided" in _tags_at(app, gap_at)


async def test_a_gap_someone_else_decided_offers_an_alternative(make_app, transcript_copy) -> None:
    _decide(transcript_copy(), approve=False)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n")
        assert cursor_text(app) == "(inaudible)"
        keys = footer(app)
        assert "Resolve gap" not in keys and "Alternative" in keys


async def test_an_approved_gap_is_neither_offered_nor_red(make_app, transcript_copy) -> None:
    _decide(transcript_copy(), approve=True)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        text = app.session.transcript.text
        gap_at = text.index("(inaudible)")
        view(app).move_to(gap_at)
        await pilot.pause()
        await pilot.pause()  # the footer is composed again once the cursor's move is handled
        keys = footer(app)
        assert not {"Resolve gap", "Revise gap", "Alternative"} & set(keys)
        assert "Edit passage" in keys  # enter edits the uncertain passage around it
        assert "gap" not in _tags_at(app, gap_at)
        assert _gutter_mark(app, "(inaudible)") != "●"
        await pilot.press("enter")
        assert type(app.screen).__name__ == "EditDialog"


async def test_gaps_in_the_panel_are_told_apart_by_their_words(make_app) -> None:
    app = make_app("security-council-briefing-speakers.txt")
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        gaps = [e for e in app.editor.worklist.entries if e.kind == "gap"]
        assert len(gaps) == 5
        quotes = [e.quote for e in gaps]
        assert len(set(quotes)) == len(quotes)
        assert "access remains (inaudible) in the north" in quotes[0]


async def test_an_empty_panel_takes_a_narrow_column(make_app, transcript_copy) -> None:
    path = transcript_copy()
    path.write_text("A statement with nothing open.\n\nAnd a second paragraph.\n", "utf-8")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.pause()
        side = app.query_one("#side")
        assert side.display and side.size.width < SIZE[0] * 0.2
        assert "none" in str(app.query_one("#side-title").render())


async def test_n_leaves_the_view_alone_when_the_next_item_is_on_screen(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        top = view(app).scroll_offset.y
        await pilot.press("n")
        assert cursor_text(app).startswith("*The") or cursor_text(app).startswith("The")
        assert view(app).scroll_offset.y == top
        await pilot.press("n")
        assert view(app).scroll_offset.y == top
        await pilot.press("end", "n")  # off screen: round to the first, brought into view
        assert view(app).scroll_offset.y < 5
