"""The editor and the review queue at the sizes transcribers work at: 80×24, 100×30, 120×40.

What must hold at each: the text keeps a readable width, the footer keeps the keys that
matter (help always), the status line keeps what is unsaved, what is left and where the
cursor is, and routine confirmations never cover the text.
"""

from __future__ import annotations

from textual.widgets._footer import FooterKey
from textual.widgets._toast import Toast

from tests.tui.conftest import cursor_text, loaded, view
from tests.tui.test_review_keys import propose, review_app
from transcript_review.tui.key_footer import choose
from transcript_review.tui.status_line import Part, fit

SMALL = (80, 24)
MEDIUM = (120, 40)
LARGE = (160, 45)


def footer(app) -> dict[str, tuple[str, bool]]:
    """The footer's keys as shown: description -> (key, enabled)."""
    keys = app.screen.query(FooterKey)
    return {k.description.strip(): (k.key_display, not k._disabled) for k in keys}


def status(app) -> str:
    """The editor's status line as drawn at the window's width."""
    return str(app.query_one("#status-line").render())


# -- the panel and the text's width ----------------------------------------------------------


async def test_at_80_columns_the_panel_gives_way_to_the_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        assert not app.query_one("#side").display
        assert view(app).text_width() >= 60  # 80 less the time gutter and the scrollbar
        assert view(app).layout_.width == view(app).text_width()


async def test_at_120_and_160_columns_the_panel_is_a_share_of_the_width(make_app) -> None:
    for size, panel in ((MEDIUM, 36), (LARGE, 48)):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            side = app.query_one("#side")
            assert side.display and panel - 1 <= side.size.width <= panel
            assert view(app).text_width() >= 70
            # its rows are cut to its width, not past it
            assert app.query_one("#worklist").virtual_size.width <= side.size.width


async def test_tab_visits_a_hidden_panel_and_w_keeps_it(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        side, table = app.query_one("#side"), app.query_one("#worklist")
        await pilot.press("tab")
        assert side.display and table.has_focus
        assert "Text" in footer(app)  # tab goes back
        await pilot.press("tab")
        assert not side.display and view(app).has_focus
        await pilot.press("tab", "enter")  # enter on an entry jumps there, and the panel goes
        assert not side.display and view(app).has_focus
        assert cursor_text(app) == "The"  # the first entry: the *…* passage
        await pilot.press("W")
        assert side.display and view(app).has_focus
        await pilot.resize_terminal(90, 24)
        await pilot.pause()
        assert side.display  # chosen with W: it stays whatever the width
        await pilot.press("W")
        assert not side.display


async def test_a_narrow_window_hides_the_panel_and_a_wide_one_brings_it_back(make_app) -> None:
    app = make_app()
    async with app.run_test(size=MEDIUM) as pilot:
        await loaded(pilot)
        assert app.query_one("#side").display
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not app.query_one("#side").display
        assert view(app).layout_.width == view(app).text_width() >= 60
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert app.query_one("#side").display


# -- the footer ------------------------------------------------------------------------------


async def test_enter_is_named_for_what_it_does_here(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("n")  # the *…* passage
        keys = footer(app)
        assert keys.get("Edit passage") == ("⏎", True) and "Resolve gap" not in keys
        await pilot.press("n")  # the gap inside it
        keys = footer(app)
        assert keys.get("Resolve gap") == ("⏎", True) and "Edit passage" not in keys
        await pilot.press("p", "left")  # off both: no enter in the footer
        assert not {"Resolve gap", "Edit passage"} & set(footer(app))


async def test_the_footer_keeps_the_important_keys_at_every_size(make_app) -> None:
    for size in (SMALL, MEDIUM, LARGE):
        app = make_app()
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            await pilot.press("n", "n", "enter", *"in our collective efforts", "enter")
            keys = footer(app)
            # the gap is decided (by you): enter revises it, it does not "resolve" it again
            assert "Resolve gap" not in keys
            for wanted in ("Revise gap", "Next", "Previous", "Edit", "Save", "Undo", "Help"):
                assert wanted in keys, (size, wanted, keys)
            # Redo sits beside Undo, dimmed while there is nothing to redo
            assert keys["Redo"] == ("U", False)
            shown = list(keys)
            assert shown.index("Redo") == shown.index("Undo") + 1
            assert list(keys)[-1] == "Help" or size != SMALL
            right = max(k.region.right for k in app.screen.query(FooterKey))
            assert right <= size[0]  # nothing lost off the right edge
            if size != SMALL:
                assert {"Go to", "Review", "Quit"} <= set(keys)
            await pilot.press("u")
            assert footer(app)["Redo"] == ("U", True)


def test_keys_are_kept_in_order_of_importance_with_help_last() -> None:
    keys = [
        ("help", "?", "Help"),
        ("quit", "q", "Quit"),
        ("next_item", "n", "Next"),
        ("act('gap')", "⏎", "Resolve"),
    ]
    order = ("act", "next_item", "quit", "help")
    assert [k[2] for k in choose(keys, order, 80, True)] == ["Resolve", "Next", "Quit", "Help"]
    # room for one more than help: the most important, and never a less important one instead
    assert [k[2] for k in choose(keys, order, 18, True)] == ["Resolve", "Help"]
    assert [k[2] for k in choose(keys, order, 12, True)] == ["Help"]


# -- the status line -------------------------------------------------------------------------


async def test_the_status_line_fits_and_keeps_what_matters(make_app) -> None:
    for size in (SMALL, MEDIUM, LARGE):
        app = make_app(user="Ana Fernández-Castillo")
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            line = status(app)
            assert len(line) <= size[0] and "gaps 1 open" in line and "¶ –/6" in line
            if size == LARGE:
                assert "Ana Fernández-Castillo (editor)" in line
            await pilot.press("n", "n", "enter", *"in our collective efforts", "enter")
            line = status(app)
            assert len(line) <= size[0]
            for fact in ("1 unsaved (ctrl+s)", "¶ 1/6", "gaps 0 open", "✓ Resolve gap"):
                assert fact in line, (size, fact, line)
            # who saves is never left out (shortened in a narrow window)
            assert "Ana" in line and "(editor)" in line, (size, line)
            if size == LARGE:
                assert "Ana Fernández-Castillo (editor)" in line
            if size != SMALL:
                assert "canada-r2p-2011.txt" in line and "uncertain 1" in line


async def test_the_paragraph_number_follows_the_cursor_and_g_goes_there(make_app) -> None:
    app = make_app("security-council-briefing-speakers.txt")
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        body = [p for p in app.session.transcript.paragraphs if p.kind == "body"]
        await pilot.press("g", *"3", "enter")
        assert f"¶ 3/{len(body)}" in status(app)
        await pilot.press("end")
        assert f"¶ {len(body)}/{len(body)}" in status(app)


async def test_routine_confirmations_go_to_the_status_line_not_over_the_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("n", "n", "enter", *"in our collective efforts", "enter")
        await pilot.press("u", "U")
        assert app.editor.note.startswith("✓ Redone")
        assert "✓ Redone" in status(app)
        await pilot.press("n", "n")  # round past the last item
        assert "past the last open item" in app.editor.note
        assert not app._notifications


async def test_notifications_beside_the_panel_cover_the_panel_not_the_text(make_app) -> None:
    app = make_app()
    async with app.run_test(size=MEDIUM, notifications=True) as pilot:
        await loaded(pilot)
        app.notify("The sidecar changed and cannot be read now: a long reason", severity="error")
        await pilot.pause(0.2)
        toast = app.screen.query_one(Toast)
        assert toast.region.x >= view(app).region.right - 1  # at most its scrollbar
        assert toast.region.height <= 3


def test_parts_give_way_least_important_first_and_keep_their_order() -> None:
    parts = [
        Part("file.txt", 4),
        Part("ana (editor)", 6),
        Part("2 unsaved (ctrl+s)", 0),
        Part("gaps 3 open · 1 proposed · 4 total", 1, "gaps 3 open", short_from=5),
        Part("✓ Resolve gap g-1234", 1, short_from=5, note=True),
    ]
    assert fit(parts, 200).plain == (
        " file.txt · ana (editor) · 2 unsaved (ctrl+s) · gaps 3 open · 1 proposed · 4 total"
        " · ✓ Resolve gap g-1234"
    )
    # the least important parts give way, long forms take their short ones; order stays
    assert fit(parts, 100).plain == (
        " file.txt · 2 unsaved (ctrl+s) · gaps 3 open · 1 proposed · 4 total · ✓ Resolve gap g-1234"
    )
    narrow = " file.txt · 2 unsaved (ctrl+s) · gaps 3 open · ✓ Resolve gap g-1234"
    assert fit(parts, 80).plain == narrow
    assert fit(parts, 60).plain == " 2 unsaved (ctrl+s) · gaps 3 open · ✓ Resolve gap g-1234"
    assert fit(parts, 54).plain == " 2 unsaved (ctrl+s) · gaps 3 open · ✓ Resolve gap g-1…"
    assert fit(parts, 30).plain == " 2 unsaved (ctrl+s)"


# -- the review queue ------------------------------------------------------------------------


async def test_the_review_queue_at_80_columns(transcript_copy) -> None:
    path = transcript_copy()
    propose(path)
    app = review_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        keys = footer(app)
        for wanted in ("Approve", "Reject", "Amend", "Skip", "Filter", "Editor", "Help"):
            assert wanted in keys, (wanted, keys)
        assert max(k.region.right for k in app.screen.query(FooterKey)) <= 80
        line = str(app.screen.query_one("#review-status").render())
        assert line.startswith(" Review") and "showing 2, filter: status:proposed" in line
        assert app.screen.query_one("#queue").size.height >= 8  # the details leave it room


async def test_the_queue_keeps_the_change_readable_and_drops_minor_columns_first(
    transcript_copy,
) -> None:
    path = transcript_copy()
    propose(path)
    for size, hidden in ((SMALL, {"age", "status", "author"}), (LARGE, set())):
        app = review_app(path)
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            await pilot.pause()
            table = app.screen.query_one("#queue")
            columns = {c.key: c for c in table.ordered_columns}
            assert {k for k, c in columns.items() if not c.shown} == hidden
            # the row fits the window, and the change column takes the room left
            assert table.virtual_size.width <= table.scrollable_content_region.width
            assert columns["change"].width >= 36
            header = table.render_line(0).text
            assert "change" in header and ("author" in header) == (not hidden)


async def test_narrowing_the_window_while_in_the_panel_gives_the_keys_to_the_text(
    make_app,
) -> None:
    app = make_app()
    async with app.run_test(size=MEDIUM) as pilot:
        await loaded(pilot)
        await pilot.press("tab")
        assert app.query_one("#worklist").has_focus
        await pilot.resize_terminal(*SMALL)
        await pilot.pause()
        assert not app.query_one("#side").display
        assert view(app).has_focus
        before = view(app).cursor
        await pilot.press("right")
        assert view(app).cursor != before


async def test_queue_columns_are_refitted_when_a_scrollbar_comes(transcript_copy) -> None:
    import re

    from transcript_review.core.config import Config
    from transcript_review.core.editing.session import EditingSession
    from transcript_review.core.sidecar.records import Role

    path = transcript_copy()
    ana = EditingSession.open(path, Config(), user="ana")
    text = ana.transcript.text
    for start, end in [m.span() for m in re.finditer(r"[A-Za-z]{4,}", text)][:60]:
        ana.replace(start, end, text[start:end].upper())
    ana.save("many")
    reviewer = EditingSession.open(path, Config(), user="rev", role=Role.REVIEWER)
    for cid in list(reviewer.state.corrections)[:55]:
        reviewer.reject(cid)
    reviewer.save("most rejected")
    app = review_app(path)
    async with app.run_test(size=(100, 30)) as pilot:
        await loaded(pilot)
        await pilot.pause()
        table = app.screen.query_one("#queue")
        assert table.row_count == 5
        await pilot.press("slash")
        app.screen.query_one("Input").value = ""  # show all 60: a scrollbar appears
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        assert table.row_count == 60
        assert table.virtual_size.width <= table.scrollable_content_region.width


async def test_the_queue_header_keeps_the_verdict_counts_while_they_are_unsaved(
    transcript_copy,
) -> None:
    path = transcript_copy()
    propose(path)
    for size in (SMALL, MEDIUM):
        app = review_app(path)
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            await pilot.press("a")
            line = str(app.screen.query_one("#review-status").render())
            assert len(line) <= size[0]
            assert "1 unsaved (ctrl+s)" in line and "1 appr" in line, (size, line)


async def test_a_flags_reason_is_in_the_first_lines_of_the_details_at_80x24(
    transcript_copy,
) -> None:
    from transcript_review.core.config import Config
    from transcript_review.core.editing.session import EditingSession

    path = transcript_copy()
    ana = EditingSession.open(path, Config(), user="ana")
    start = ana.transcript.text.index("apply the increasing proactive role")
    ana.flag(start, start + 35, "sounds wrong; check the webcast at this point")
    ana.save("a flag")
    app = review_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        box = app.screen.query_one("#detail-box")
        width = box.scrollable_content_region.width
        rows = 0  # the rows of the pane above the reason's line, long lines wrapped
        for line in str(app.screen.query_one("#detail").render()).splitlines():
            if "sounds wrong; check the webcast at this point" in line:
                break
            rows += max(1, -(-len(line) // width))
        else:
            raise AssertionError("the reason is not in the details")
        assert rows <= 2, rows  # the reason's line is among the first three


async def test_who_saves_is_always_on_the_review_queues_header(transcript_copy) -> None:
    path = transcript_copy()
    propose(path)
    for size in (SMALL, MEDIUM):
        app = review_app(path, user="Benedikt Oyelaran-Smith")
        async with app.run_test(size=size) as pilot:
            await loaded(pilot)
            await pilot.press("a")
            line = str(app.screen.query_one("#review-status").render())
            assert len(line) <= size[0] and "1 unsaved" in line
            assert "Benedikt" in line and "(reviewer)" in line, (size, line)


async def test_at_80_columns_an_unsaved_verdict_is_marked_in_the_change_column(
    transcript_copy,
) -> None:
    path = transcript_copy()
    ids = propose(path)
    app = review_app(path)
    async with app.run_test(size=SMALL) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        await pilot.pause()
        table = app.screen.query_one("#queue")
        assert not next(c for c in table.ordered_columns if c.key == "status").shown
        change = table.get_row_at(0)[6].plain
        assert change.startswith("• approved · (inaudible) → "), change
        assert not table.get_row_at(1)[6].plain.startswith("•")
        await pilot.resize_terminal(*LARGE)  # the status column is back: the mark goes there
        await pilot.pause()
        await pilot.pause()
        assert table.get_row_at(0)[5] == "approved •"
        assert table.get_row_at(0)[6].plain.startswith("(inaudible)")
        assert [r.id for r in app.screen.rows] == ids
