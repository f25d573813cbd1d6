"""VirtualTable: filled with set_rows, driven by keys and the mouse, rendering only what shows."""

from __future__ import annotations

from typing import ClassVar

import pytest
from rich.text import Text
from textual import events, on
from textual.app import App, ComposeResult
from textual.content import Content
from textual.strip import Strip

from transcript_review.tui.virtual_table import (
    RowDoesNotExist,
    VirtualTable,
)

SIZE = (60, 20)
"""A header line and 19 one-line rows on screen."""
ON_SCREEN = 19
MANY = 10_000


class CountingTable(VirtualTable):
    """Counts the rows it renders (index by index)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.rendered: list[int] = []

    def _render_row(self, index: int, cursor: bool, hover: bool):  # type: ignore[no-untyped-def]
        self.rendered.append(index)
        return super()._render_row(index, cursor, hover)


class TableApp(App[None]):
    """One table filling the screen, recording the messages it posts."""

    CSS = "VirtualTable { height: 1fr; }"
    COLUMNS: ClassVar[list[tuple[str, int]]] = [("id", 8), ("name", 20)]

    def __init__(
        self,
        count: int = MANY,
        row_height: int = 1,
        show_header: bool = True,
        cursor_at: int | None = None,
    ) -> None:
        super().__init__()
        self.cursor_at = cursor_at
        self.count = count
        self.row_height = row_height
        self.show_header = show_header
        self.highlighted: list[tuple[int, str | None]] = []
        self.selected: list[tuple[int, str | None]] = []

    def compose(self) -> ComposeResult:
        yield CountingTable(id="table", zebra_stripes=True, show_header=self.show_header)

    def on_mount(self) -> None:
        table = self.table
        for label, width in self.COLUMNS:
            table.add_column(label, width=width, key=label)
        table.set_rows(
            ((f"r{i}", f"row number {i}") for i in range(self.count)),
            [f"r{i}" for i in range(self.count)],
            height=self.row_height,
        )
        if self.cursor_at is not None:
            table.move_cursor(row=self.cursor_at)
        table.focus()

    @property
    def table(self) -> CountingTable:
        return self.query_one(CountingTable)

    # Selectors match the table as the message's control, as callers' @on(..., "#queue") do.
    @on(VirtualTable.RowHighlighted, "#table")
    def _highlighted(self, event: VirtualTable.RowHighlighted) -> None:
        self.highlighted.append((event.cursor_row, event.row_key))

    @on(VirtualTable.RowSelected, "#table")
    def _selected(self, event: VirtualTable.RowSelected) -> None:
        self.selected.append((event.cursor_row, event.row_key))


def screen_lines(table: VirtualTable) -> list[str]:
    return [table.render_line(y).text.rstrip() for y in range(table.size.height)]


def first_row_on_screen(table: VirtualTable) -> int:
    return int(table.scroll_y) // table.row_height


async def test_ten_thousand_rows_render_only_the_rows_on_screen() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        assert table.row_count == MANY
        assert table.virtual_size.height == MANY + 1  # the header and one line a row
        assert set(table.rendered) <= set(range(ON_SCREEN))
        lines = screen_lines(table)
        assert lines[0].split() == ["id", "name"]
        assert lines[1].split() == ["r0", "row", "number", "0"]
        assert lines[ON_SCREEN].split()[0] == "r18"
        table.rendered.clear()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == MANY - 1
        assert set(table.rendered) <= set(range(MANY - ON_SCREEN, MANY))
        assert screen_lines(table)[-1].split()[0] == f"r{MANY - 1}"


async def test_painting_again_renders_nothing_new() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        table.rendered.clear()
        table.refresh()
        await pilot.pause()
        screen_lines(table)
        assert table.rendered == []  # every row on screen came from the cache


async def test_up_and_down_move_the_cursor_and_post_row_highlighted() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        assert app.highlighted[-1] == (0, "r0")  # filling the table highlights its first row
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1 and app.highlighted[-1] == (1, "r1")
        await pilot.press("down", "down", "up")
        await pilot.pause()
        assert table.cursor_row == 2 and app.highlighted[-1] == (2, "r2")
        await pilot.press("home", "up")  # nowhere to go: no message
        await pilot.pause()
        count = len(app.highlighted)
        await pilot.press("up")
        await pilot.pause()
        assert table.cursor_row == 0 and len(app.highlighted) == count


async def test_page_keys_home_and_end_keep_the_cursor_on_screen() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table

        def cursor_on_screen() -> bool:
            top = first_row_on_screen(table)
            return top <= table.cursor_row < top + ON_SCREEN

        await pilot.press("pagedown")
        await pilot.pause()
        assert table.cursor_row == ON_SCREEN and cursor_on_screen()
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        assert table.cursor_row == 3 * ON_SCREEN and cursor_on_screen()
        await pilot.press("pageup")
        await pilot.pause()
        assert table.cursor_row == 2 * ON_SCREEN and cursor_on_screen()
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == MANY - 1 and cursor_on_screen()
        assert app.highlighted[-1] == (MANY - 1, f"r{MANY - 1}")
        await pilot.press("pagedown")  # already at the end
        await pilot.pause()
        assert table.cursor_row == MANY - 1
        await pilot.press("home")
        await pilot.pause()
        assert table.cursor_row == 0 and table.scroll_y == 0
        assert app.highlighted[-1] == (0, "r0")


async def test_enter_posts_row_selected() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "down", "enter")
        await pilot.pause()
        assert app.selected == [(2, "r2")]


async def test_a_click_highlights_a_row_and_a_second_click_selects_it() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        await pilot.click(table, offset=(3, 1 + 5))  # the header is line 0
        await pilot.pause()
        assert table.cursor_row == 5 and app.highlighted[-1] == (5, "r5")
        assert app.selected == []
        await pilot.click(table, offset=(3, 1 + 5))
        await pilot.pause()
        assert app.selected == [(5, "r5")]
        await pilot.click(table, offset=(3, 0))  # the header: nothing
        await pilot.pause()
        assert table.cursor_row == 5 and len(app.selected) == 1


async def test_the_mouse_wheel_scrolls_without_moving_the_cursor() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        table.rendered.clear()
        for _ in range(4):
            table.post_message(events.MouseScrollDown(table, 3, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        top = first_row_on_screen(table)
        assert top > 0 and table.cursor_row == 0
        assert screen_lines(table)[1].split()[0] == f"r{top}"
        assert set(table.rendered) <= set(range(ON_SCREEN, top + ON_SCREEN))


async def test_new_rows_show_at_once_and_only_those_on_screen_are_rendered() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        rows = [(f"r{i}", "changed" if i == 3 else f"row number {i}") for i in range(MANY)]
        table.rendered.clear()
        table.set_rows(rows, [f"r{i}" for i in range(MANY)])
        await pilot.pause()
        assert screen_lines(table)[1 + 3].split() == ["r3", "changed"]
        assert sorted(set(table.rendered)) == list(range(ON_SCREEN))
        assert table.get_row_at(3) == ["r3", "changed"]
        with pytest.raises(RowDoesNotExist):
            table.get_row_at(MANY)


async def test_clear_empties_the_table() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        table.clear()
        await pilot.pause()
        assert table.row_count == 0 and table.cursor_row == 0 and table.scroll_y == 0
        assert table.virtual_size.height == 1
        lines = screen_lines(table)
        assert lines[0].split() == ["id", "name"] and not any(lines[1:])
        selected = len(app.selected)
        await pilot.press("down", "enter")  # nothing to move to or select
        await pilot.pause()
        assert len(app.selected) == selected
        table.set_rows([("new", "row")], ["new"])
        await pilot.pause()
        assert app.highlighted[-1] == (0, "new")
        assert screen_lines(table)[1].split() == ["new", "row"]


async def test_set_rows_keeps_the_cursor_where_it_was() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        await pilot.press("down", "down", "down")
        await pilot.pause()
        table.set_rows([(f"s{i}", "again") for i in range(10)], [f"s{i}" for i in range(10)])
        await pilot.pause()
        assert table.cursor_row == 3 and app.highlighted[-1] == (3, "s3")
        table.set_rows([(f"t{i}", "many") for i in range(MANY)])
        await pilot.press("pagedown", "pagedown")
        await pilot.pause()
        scrolled, cursor = table.scroll_y, table.cursor_row
        assert scrolled > 0
        table.set_rows([(f"u{i}", "and again") for i in range(MANY)])
        await pilot.pause()
        assert table.scroll_y == scrolled and table.cursor_row == cursor
        assert app.highlighted[-1] == (cursor, None)
        table.set_rows([("only", "one")], ["only"])
        await pilot.pause()
        assert table.cursor_row == 0 and app.highlighted[-1] == (0, "only")


async def test_cells_are_clipped_with_an_ellipsis_and_str_is_not_markup() -> None:
    app = TableApp(count=0)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        table.set_rows(
            [
                ("abcdefghijkl", "[b]not markup[/b]"),
                (Content.styled("styled", "bold"), Text("rich text", style="italic")),
                ("esc\x1b[2Jhere", "tab\there"),
            ]
        )
        await pilot.pause()
        lines = screen_lines(table)
        assert lines[1] == " abcdefg…  [b]not markup[/b]"
        assert lines[2] == " styled    rich text"
        assert lines[3] == " esc�[2J…  tab     here"
        bold = [s for s in table.render_line(2) if s.text == "styled"]
        assert bold and bold[0].style is not None and bold[0].style.bold


async def test_two_line_rows_show_each_line_and_wrap_the_rest() -> None:
    app = TableApp(count=0, show_header=False)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        cells = [
            ("1:02", Content.assemble(("● gap", "bold red"), " · open", "\n", "a quote " * 5)),
            ("", "a single line long enough to wrap onto the second one and then some"),
            ("", "short"),
        ]
        table.set_rows(cells * 20, height=2)
        await pilot.pause()
        assert table.row_height == 2 and table.virtual_size.height == 120
        lines = screen_lines(table)
        assert lines[0] == " 1:02      ● gap · open"
        assert lines[1] == "           a quote a quote a q…"
        assert lines[2] == "           a single line long"
        assert lines[3] == "           enough to wrap onto…"
        assert lines[4] == "           short"
        assert lines[5] == ""
        await pilot.click(table, offset=(3, 3))  # the second line of the second row
        await pilot.pause()
        assert table.cursor_row == 1
        await pilot.press("end")
        await pilot.pause()
        assert table.cursor_row == 59
        assert int(table.scroll_y) == 120 - table.size.height


async def test_focus_changes_the_cursor_colour() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table

        def cursor_background() -> object:
            strip: Strip = table.render_line(1)
            return next(iter(strip)).style.bgcolor  # type: ignore[union-attr]

        focused = cursor_background()
        table.blur()
        await pilot.pause()
        assert cursor_background() != focused


async def test_the_row_under_the_mouse_is_highlighted_until_a_key_is_pressed() -> None:
    app = TableApp()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table

        def background(row: int) -> object:
            return next(iter(table.render_line(1 + row))).style.bgcolor  # type: ignore[union-attr]

        plain = background(4)
        await pilot.hover(table, offset=(3, 1 + 4))
        await pilot.pause()
        assert background(4) != plain
        await pilot.press("down")
        await pilot.pause()
        assert background(4) == plain


async def test_a_cursor_moved_before_layout_is_scrolled_into_view() -> None:
    app = TableApp(cursor_at=5_000)  # moved in on_mount, before the table has a size
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.table
        top = first_row_on_screen(table)
        assert top <= 5_000 < top + ON_SCREEN
        # The first frame may paint the top before the scroll: two screens at most.
        assert set(table.rendered) <= set(range(ON_SCREEN)) | set(range(top, top + ON_SCREEN))


async def test_a_column_can_be_hidden_and_resized_without_touching_the_rows() -> None:
    app = TableApp(count=3)
    async with app.run_test(size=SIZE) as pilot:
        table = app.table
        table.set_column("id", shown=False)
        table.set_column("name", width=12)
        await pilot.pause()
        assert table.render_line(0).text.strip() == "name"
        assert table.render_line(1).text.strip() == "row number 0"
        assert table.virtual_size.width == 12 + 2 * table.cell_padding
        table.set_column("id", shown=True)
        await pilot.pause()
        assert table.render_line(1).text.split()[:2] == ["r0", "row"]
        assert table.get_row_at(2) == ["r2", "row number 2"]
