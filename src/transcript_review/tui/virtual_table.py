"""A table for long lists: rows are stored as given and only the rows on screen are rendered.

Why it exists: Textual's ``DataTable`` does real work per row when a row is added (50–160 µs
measured: keys, a dict of cells, a ``Row``, bookkeeping for later measuring), so the queue with
10,000 proposals spent seconds in ``add_row`` before it could show anything. ``VirtualTable`` is
a :class:`~textual.scroll_view.ScrollView` on Textual's Line API: :meth:`set_rows` keeps the
rows as one list (constant work per row), ``virtual_size`` is set from the row count, and
:meth:`render_line` renders a row only when it is on screen, from an LRU cache of strips keyed
by row index and cursor/hover/focus state (new rows drop them all). The cost of a
frame depends on the height of the widget, not on the number of rows.

It takes the shape of ``DataTable``'s API the app used (``cursor_type="row"``,
``zebra_stripes``, ``show_header``, ``add_column(label, width=, key=)``, ``clear``,
``move_cursor``, ``cursor_row``, ``row_count``, ``get_row_at``, the ``RowHighlighted`` /
``RowSelected`` messages with ``cursor_row`` and ``row_key``), but rows only come in whole,
through :meth:`set_rows`. What differs from ``DataTable``:

- Every column has a fixed width (``add_column`` without ``width`` is an error; :meth:`set_column`
  resizes or hides one) and every row has the same height (``row_height``, or ``set_rows(...,
  height=)``). Only ``cursor_type="row"`` exists; there are no row labels, no fixed rows or
  columns, no sorting, no auto-width or auto-height.
- A ``str`` cell is plain text, never markup (``DataTable`` parses ``[b]…[/b]``); ``Text`` and
  ``Content`` keep their styles. Control characters show as ``�``; tabs are expanded.
- A cell too wide for its column ends in ``…`` (``DataTable`` crops it silently). In a row of
  several lines, a cell's lines are its own (``"label\\nquote"``, one per row line as before)
  and the last line's overflow wraps into the lines left, for ``Content`` and ``Text`` too
  (``DataTable`` wraps only ``str``); whatever still does not fit ends in ``…``.
- :meth:`set_rows` keeps the cursor's index and the scroll offset (both clamped), so a rebuilt
  list does not jump.
- ``home``/``end`` (and ``ctrl+home``/``ctrl+end``) go to the first/last row (in ``DataTable``
  ``home``/``end`` scroll sideways); ``left``/``right`` scroll sideways.
- ``RowHighlighted`` is also posted by every ``set_rows`` that leaves rows; a newer one replaces
  one not yet handled (holding a key does not queue a message per row). ``row_key`` is the
  ``str`` key given (or ``None``), not a ``RowKey``.
- A moved cursor is always kept in view; ``move_cursor(scroll=False)`` only means no animation
  (``DataTable`` scrolls to the cursor either way too).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.content import Content
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .table_painting import RowPainter

#: Rendered rows kept; a screen shows a few dozen, so this covers scrolling back and forth.
_CACHE_ROWS = 1024


class RowDoesNotExist(KeyError):
    """No row has that key (or index)."""


class ColumnDoesNotExist(KeyError):
    """No column has that key."""


class DuplicateKey(ValueError):
    """A row or column key that is already in the table."""


@dataclass(frozen=True, slots=True)
class VirtualColumn:
    """One column: its key, header label and width in cells (padding not included)."""

    key: str
    label: Content
    width: int
    shown: bool = True


class VirtualTable(ScrollView, can_focus=True):
    """A row-cursor table that stores rows as given and renders only those on screen."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "virtual-table--header",
        "virtual-table--cursor",
        "virtual-table--hover",
        "virtual-table--even-row",
        "virtual-table--odd-row",
    }
    """
    | Class | Description |
    | :- | :- |
    | `virtual-table--header` | The header row. |
    | `virtual-table--cursor` | The row under the cursor. |
    | `virtual-table--hover` | The row under the mouse. |
    | `virtual-table--even-row` | Even rows (from 0) when `zebra_stripes`. |
    | `virtual-table--odd-row` | Odd rows when `zebra_stripes`. |
    """

    # The look of Textual's DataTable (textual/widgets/_data_table.py), class for class.
    DEFAULT_CSS = """
    VirtualTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .virtual-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .virtual-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .virtual-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .virtual-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .virtual-table--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .virtual-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .virtual-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .virtual-table--hover {
            background: $block-hover-background;
        }
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select_cursor", "Select", show=False),
        Binding("up", "cursor_up", "Cursor up", show=False),
        Binding("down", "cursor_down", "Cursor down", show=False),
        Binding("left", "scroll_left", "Scroll left", show=False),
        Binding("right", "scroll_right", "Scroll right", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home,ctrl+home", "first_row", "First row", show=False),
        Binding("end,ctrl+end", "last_row", "Last row", show=False),
    ]

    class _RowMessage(Message):
        """About one row: ``cursor_row`` its index, ``row_key`` its key (None without one)."""

        def __init__(
            self, virtual_table: VirtualTable, cursor_row: int, row_key: str | None
        ) -> None:
            super().__init__()
            self.virtual_table = virtual_table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> VirtualTable:
            return self.virtual_table

    class RowHighlighted(_RowMessage):
        """The cursor is on another row (or the row under it changed)."""

        def can_replace(self, message: Message) -> bool:
            return (
                isinstance(message, VirtualTable.RowHighlighted)
                and message.virtual_table is self.virtual_table
            )

    class RowSelected(_RowMessage):
        """Enter on a row, or a click on the row under the cursor."""

    def __init__(
        self,
        *,
        show_header: bool = True,
        zebra_stripes: bool = False,
        cursor_type: str = "row",
        row_height: int = 1,
        cell_padding: int = 1,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
        disabled: bool = False,
    ) -> None:
        if cursor_type != "row":
            raise ValueError(f"VirtualTable has only a row cursor, not {cursor_type!r}")
        if row_height < 1:
            raise ValueError(f"row_height must be at least 1, not {row_height}")
        super().__init__(name=name, id=id, classes=classes, disabled=disabled)
        self.cursor_type = cursor_type
        self._show_header = show_header
        self._zebra_stripes = zebra_stripes
        self._row_height = row_height
        self.cell_padding = max(cell_padding, 0)
        self._columns: list[VirtualColumn] = []
        self._column_index: dict[str, int] = {}
        self._rows: list[Sequence[object]] = []
        self._keys: list[str | None] = []
        self._cursor = 0
        self._hover = -1
        self._show_hover = False
        self._scroll_pending = False
        self._cache: LRUCache[tuple[int, bool, bool, bool], tuple[list[Strip], RichStyle]] = (
            LRUCache(_CACHE_ROWS)
        )
        self._header: dict[bool, tuple[Strip, RichStyle]] = {}
        self._painter = RowPainter(self)

    # -- shape -------------------------------------------------------------------------------

    @property
    def ordered_columns(self) -> list[VirtualColumn]:
        return list(self._columns)

    @property
    def row_count(self) -> int:
        return len(self._rows)

    @property
    def row_height(self) -> int:
        """Lines per row (the same for every row)."""
        return self._row_height

    @row_height.setter
    def row_height(self, height: int) -> None:
        if height < 1:
            raise ValueError(f"row_height must be at least 1, not {height}")
        if height != self._row_height:
            self._row_height = height
            self._changed_everything()

    @property
    def show_header(self) -> bool:
        return self._show_header

    @show_header.setter
    def show_header(self, show: bool) -> None:
        if show != self._show_header:
            self._show_header = show
            self._changed_everything()

    @property
    def zebra_stripes(self) -> bool:
        return self._zebra_stripes

    @zebra_stripes.setter
    def zebra_stripes(self, stripes: bool) -> None:
        if stripes != self._zebra_stripes:
            self._zebra_stripes = stripes
            self._cache.clear()
            self.refresh()

    @property
    def header_height(self) -> int:
        return 1 if self._show_header else 0

    @property
    def cursor_row(self) -> int:
        """Index of the row under the cursor (0 in an empty table)."""
        return self._cursor

    @cursor_row.setter
    def cursor_row(self, row: int) -> None:
        self.move_cursor(row=row)

    def add_column(
        self, label: str | Text | Content, *, width: int | None = None, key: str | None = None
    ) -> str:
        """Add a column of ``width`` cells (plus padding); returns its key (default: the label)."""
        if width is None or width < 1:
            raise ValueError(f"VirtualTable columns need a width of at least 1 (got {width!r})")
        label_content = self._painter.as_content(label)
        key = key if key is not None else label_content.plain
        if key in self._column_index:
            raise DuplicateKey(f"The column key {key!r} already exists.")
        self._column_index[key] = len(self._columns)
        self._columns.append(VirtualColumn(key, label_content, width))
        self._changed_everything()
        return key

    def set_column(self, key: str, *, width: int | None = None, shown: bool | None = None) -> None:
        """Change a column's width or hide/show it (its cells stay in the rows), so a table
        can fit a narrow window by giving way on its least important columns."""
        number = self._column_number(key)
        column = self._columns[number]
        changed = replace(
            column,
            width=column.width if width is None else max(1, width),
            shown=column.shown if shown is None else shown,
        )
        if changed != column:
            self._columns[number] = changed
            self._changed_everything()

    # -- rows --------------------------------------------------------------------------------

    def room_for_columns(self) -> int:
        """The width the shown columns may share: the content width, less the vertical
        scrollbar these rows will bring when it is not there yet (0 before the first layout).
        Screens that fit their columns to the window (queue, workspace) start from it."""
        region = self.scrollable_content_region
        room = region.width
        rows_height = self.header_height + self.row_count * self.row_height
        if room > 0 and not self.show_vertical_scrollbar and rows_height > region.height:
            room -= self.styles.scrollbar_size_vertical
        return room

    def set_rows(
        self,
        rows: Iterable[Sequence[object]],
        keys: Iterable[str | None] | None = None,
        *,
        height: int | None = None,
    ) -> None:
        """Replace every row: one sequence of cells per row (in column order), ``keys`` beside
        them. Constant work per row: the sequences are kept as given (not copied) and turned into
        text only when shown. Keeps the
        cursor's index and the scroll offset (clamped) and posts ``RowHighlighted``."""
        new_rows = list(rows)
        new_keys: list[str | None] = [None] * len(new_rows) if keys is None else list(keys)
        if len(new_keys) != len(new_rows):
            raise ValueError(f"{len(new_rows)} rows but {len(new_keys)} keys")
        if height is not None:
            self.row_height = height
        self._rows = new_rows
        self._keys = new_keys
        self._cursor = min(self._cursor, max(len(new_rows) - 1, 0))
        self._changed_everything()
        if new_rows:
            self._post_highlighted()

    def clear(self, columns: bool = False) -> VirtualTable:
        """Remove every row (and the columns too when ``columns``); the cursor goes to 0."""
        self._rows = []
        self._keys = []
        if columns:
            self._columns = []
            self._column_index = {}
        self._cursor = 0
        self._hover = -1
        self._changed_everything()
        self.scroll_to(0, 0, animate=False, force=True)
        return self

    def get_row_at(self, row_index: int) -> list[object]:
        """The cells of a row as given (``None`` for cells never given)."""
        if not 0 <= row_index < len(self._rows):
            raise RowDoesNotExist(f"Row index {row_index!r} is not valid.")
        cells = list(self._rows[row_index])
        return cells + [None] * (len(self._columns) - len(cells))

    def _column_number(self, column_key: str) -> int:
        try:
            return self._column_index[column_key]
        except KeyError:
            raise ColumnDoesNotExist(f"Column key {column_key!r} is not valid.") from None

    # -- the cursor --------------------------------------------------------------------------

    def move_cursor(
        self,
        *,
        row: int | None = None,
        column: int | None = None,
        animate: bool = False,
        scroll: bool = True,
    ) -> None:
        """Put the cursor on ``row`` (clamped) and keep it in view; posts ``RowHighlighted`` when
        the row changes. ``column`` is accepted for ``DataTable``'s signature and ignored."""
        before = self._cursor
        if row is not None:
            self._cursor = min(max(row, 0), max(len(self._rows) - 1, 0))
        if self._cursor != before:
            self._refresh_row(before)
            self._refresh_row(self._cursor)
            if self._rows:
                self._post_highlighted()
        if scroll or self._cursor != before:
            self._scroll_cursor_into_view(animate=animate and scroll)

    def _post_highlighted(self) -> None:
        row = self._cursor
        self.post_message(VirtualTable.RowHighlighted(self, row, self._keys[row]))

    def _scroll_cursor_into_view(self, animate: bool = False) -> None:
        if not self._rows:
            return
        if not self.scrollable_content_region.height:
            # Not laid out yet (or hidden): scroll once the size is known (see on_resize).
            self._scroll_pending = True
            return
        self._scroll_pending = False
        h = self._row_height
        region = Region(int(self.scroll_x), self.header_height + self._cursor * h, 1, h)
        self.scroll_to_region(
            region,
            spacing=Spacing(top=self.header_height),
            animate=animate,
            force=True,
            x_axis=False,
            immediate=True,
        )

    def on_resize(self) -> None:
        if self._scroll_pending:
            self._scroll_cursor_into_view()

    def _page_rows(self) -> int:
        lines = self.scrollable_content_region.height - self.header_height
        return max(lines // self._row_height, 1)

    def action_cursor_up(self) -> None:
        self._keyboard()
        self.move_cursor(row=self._cursor - 1)

    def action_cursor_down(self) -> None:
        self._keyboard()
        self.move_cursor(row=self._cursor + 1)

    def action_page_up(self) -> None:
        self._keyboard()
        page = self._page_rows()
        self.scroll_relative(y=-page * self._row_height, animate=False, force=True)
        self.move_cursor(row=self._cursor - page)

    def action_page_down(self) -> None:
        self._keyboard()
        page = self._page_rows()
        self.scroll_relative(y=page * self._row_height, animate=False, force=True)
        self.move_cursor(row=self._cursor + page)

    def action_first_row(self) -> None:
        self._keyboard()
        self.move_cursor(row=0)

    def action_last_row(self) -> None:
        self._keyboard()
        self.move_cursor(row=len(self._rows) - 1)

    def action_select_cursor(self) -> None:
        self._keyboard()
        self._post_selected()

    def _post_selected(self) -> None:
        if self._rows:
            row = self._cursor
            self.post_message(VirtualTable.RowSelected(self, row, self._keys[row]))

    def _keyboard(self) -> None:
        """The keyboard took over: hide the mouse's hover highlight."""
        if self._show_hover:
            self._show_hover = False
            self._refresh_row(self._hover)

    # -- the mouse ---------------------------------------------------------------------------

    def _row_at(self, event: events.MouseEvent) -> int | None:
        """The row under the mouse, or None (the header, below the last row, a scrollbar)."""
        offset = event.get_content_offset(self)
        if offset is None or offset.y < self.header_height:
            return None
        row = (offset.y - self.header_height + int(self.scroll_y)) // self._row_height
        return row if row < len(self._rows) else None

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        row = self._row_at(event)
        hover = -1 if row is None else row
        if hover != self._hover or not self._show_hover:
            self._refresh_row(self._hover)
            self._hover = hover
            self._show_hover = True
            self._refresh_row(hover)

    def _on_leave(self, _: events.Leave) -> None:
        self._show_hover = False
        self._refresh_row(self._hover)
        self._hover = -1

    def _on_click(self, event: events.Click) -> None:
        row = self._row_at(event)
        if row is None:
            return
        event.stop()
        if row == self._cursor:
            self._post_selected()
        else:
            self.move_cursor(row=row, animate=True)

    # -- rendering ---------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width
        if y < self.header_height:
            strip, fill = self._header_strip()
        else:
            index, line = divmod(scroll_y + y - self.header_height, self._row_height)
            if index >= len(self._rows):
                return Strip.blank(width, self._painter.look((), False)[0].rich_style)
            strips, fill = self._row_strips(index)
            strip = strips[line]
        return strip.crop_extend(scroll_x, scroll_x + width, fill)

    def _row_strips(self, index: int) -> tuple[list[Strip], RichStyle]:
        cursor = index == self._cursor
        hover = self._show_hover and index == self._hover
        key = (index, cursor, hover, self.has_focus)
        cached = self._cache.get(key)
        if cached is None:
            cached = self._render_row(index, cursor, hover)
            self._cache[key] = cached
        return cached

    def _render_row(self, index: int, cursor: bool, hover: bool) -> tuple[list[Strip], RichStyle]:
        """Render one row: a strip per line, and the style that fills the line beyond it."""
        return self._painter.row(self._rows[index], index, cursor, hover)

    def _header_strip(self) -> tuple[Strip, RichStyle]:
        focus = self.has_focus
        cached = self._header.get(focus)
        if cached is None:
            cached = self._header[focus] = self._painter.header()
        return cached

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._forget_looks()

    # -- bookkeeping -------------------------------------------------------------------------

    def _content_width(self) -> int:
        return sum(column.width + 2 * self.cell_padding for column in self._columns if column.shown)

    def _update_virtual_size(self) -> None:
        height = self.header_height + len(self._rows) * self._row_height
        self.virtual_size = Size(self._content_width(), height)

    def _changed_everything(self) -> None:
        self._cache.clear()
        self._header.clear()
        self._update_virtual_size()
        self.refresh()

    def _forget_looks(self) -> None:
        self._painter.forget()
        self._cache.clear()
        self._header.clear()

    def _refresh_row(self, index: int) -> None:
        if 0 <= index < len(self._rows):
            h = self._row_height
            self.refresh_lines(self.header_height + index * h, h)
