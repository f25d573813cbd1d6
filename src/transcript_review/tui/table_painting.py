"""How :class:`~.virtual_table.VirtualTable` paints a row: each cell made ``Content`` (a ``str``
is plain text, control characters shown, tabs expanded), fitted to its column's width and the
row's height (``…`` where it does not fit), and laid out in the table's component styles.

Apart from the table so the table is about its rows, cursor and scrolling, and this about the
look of one row; the table keeps the rendered rows in its cache."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

from rich.segment import Segment
from rich.style import Style as RichStyle
from rich.text import Text
from textual.content import Content
from textual.strip import Strip
from textual.style import Style

from ..core.quoting import has_control, visible

if TYPE_CHECKING:
    from textual.app import App


class PaintedTable(Protocol):
    """What the painter reads of its table (:class:`~.virtual_table.VirtualTable`; a protocol,
    so this module does not import the table's, which imports this one)."""

    _columns: Sequence[Column]
    cell_padding: int
    zebra_stripes: bool
    row_height: int
    has_focus: bool
    app: App[object]

    def get_visual_style(self, *classes: str) -> Style: ...
    def _content_width(self) -> int: ...


class Column(Protocol):
    """A column as the painter reads it."""

    label: Content
    width: int
    shown: bool

_EMPTY = Content("")


class RowPainter:
    """Renders a table's rows and header in its styles (parsed and looked up once per theme)."""

    def __init__(self, table: PaintedTable) -> None:
        self._table = table
        """The table painted (its columns, row height, padding and styles are read as they
        are now: a painter is the table's, made with it)."""
        self._looks: dict[tuple[tuple[str, ...], bool], tuple[Style, RichStyle | None]] = {}
        self._parsed: dict[str, Style] = {}

    def forget(self) -> None:
        """The theme or the styles changed: look everything up again."""
        self._looks.clear()
        self._parsed.clear()

    def row(
        self, cells: Sequence[object], index: int, cursor: bool, hover: bool
    ) -> tuple[list[Strip], RichStyle]:
        """Render one row: a strip per line, and the style that fills the line beyond it."""
        table = self._table
        classes: list[str] = []
        if table.zebra_stripes and not (cursor or hover):
            # As in DataTable, the cursor's colours are laid over the table's, not the stripe's.
            classes.append("virtual-table--odd-row" if index % 2 else "virtual-table--even-row")
        if hover:
            classes.append("virtual-table--hover")
        if cursor:
            classes.append("virtual-table--cursor")
        base, post = self.look(tuple(classes), cursor or hover)
        fill = base.rich_style + post if post is not None else base.rich_style
        height = table.row_height
        lines: list[list[Segment]] = [[] for _ in range(height)]
        for number, column in enumerate(table._columns):
            if not column.shown:
                continue
            cell = cells[number] if number < len(cells) else None
            cell_lines = fit(self.as_content(cell), column.width, height)
            for y, segments in enumerate(lines):
                line = cell_lines[y] if y < len(cell_lines) else _EMPTY
                segments.extend(self._cell_segments(line, column.width, base, post, fill))
        width = table._content_width()
        return [Strip(segments, width) for segments in lines], fill

    def header(self) -> tuple[Strip, RichStyle]:
        """The header line, and the style that fills the line beyond it."""
        table = self._table
        base, _ = self.look(("virtual-table--header",), False)
        fill = base.rich_style
        segments: list[Segment] = []
        for column in table._columns:
            if not column.shown:
                continue
            label = fit(column.label, column.width, 1)[0]
            segments.extend(self._cell_segments(label, column.width, base, None, fill))
        return Strip(segments, table._content_width()), fill

    def _cell_segments(
        self, line: Content, width: int, base: Style, post: RichStyle | None, fill: RichStyle
    ) -> list[Segment]:
        pad = self._table.cell_padding
        segments = [Segment(" " * pad, fill)] if pad else []
        for text, style in line.render(base, end="", parse_style=self.parse_style):
            rich = style.rich_style
            segments.append(Segment(text, rich + post if post is not None else rich))
        rest = width - line.cell_length + pad
        if rest > 0:
            segments.append(Segment(" " * rest, fill))
        return segments

    def look(self, classes: tuple[str, ...], override: bool) -> tuple[Style, RichStyle | None]:
        """The style of a row with these component classes, and (under the cursor or the mouse)
        the colours that win over the cells' own, as in ``DataTable``."""
        key = (classes, self._table.has_focus)
        look = self._looks.get(key)
        if look is None:
            base = self._table.get_visual_style(*classes)
            post = None
            if override:
                rich = base.rich_style
                post = RichStyle(color=rich.color if "virtual-table--cursor" in classes else None)
                post += RichStyle(bgcolor=rich.bgcolor)
            look = self._looks[key] = (base, post)
        return look

    def parse_style(self, style: str | Style) -> Style:
        """A cell's style by name (``"bold $warning"``), parsed once per theme."""
        if isinstance(style, Style):
            return style
        parsed = self._parsed.get(style)
        if parsed is None:
            try:
                parsed = Style.parse(style)
            except Exception:
                parsed = Style()
            self._parsed[style] = parsed
        return parsed

    def as_content(self, cell: object) -> Content:
        if isinstance(cell, Content):
            content = cell
        elif isinstance(cell, str):
            content = Content(visible(cell))
        elif isinstance(cell, Text):
            content = Content.from_rich_text(cell, console=self._table.app.console)
        elif cell is None:
            return _EMPTY
        else:
            content = Content(str(cell))
        plain = content.plain
        if has_control(plain):
            # One character for one: the spans still fit.
            content = Content(visible(plain), content.spans)
        if "\t" in plain:
            content = content.expand_tabs()
        return content


def fit(content: Content, width: int, height: int) -> list[Content]:
    """A cell's lines in a ``width`` × ``height`` box: its own lines, the last one's overflow
    wrapped into the lines left, anything cut marked with an ellipsis."""
    lines = content.split("\n", allow_blank=True) if "\n" in content.plain else [content]
    cut = len(lines) > height
    lines = lines[:height]
    room = height - len(lines) + 1
    if room > 1 and lines[-1].cell_length > width:
        wrapped = lines[-1].wrap(width)
        cut = cut or len(wrapped) > room
        lines[-1:] = wrapped[:room]
    fitted = [line.truncate(width, ellipsis=True) for line in lines]
    if cut:
        last = lines[-1].rstrip()
        fitted[-1] = (last + "…").truncate(width, ellipsis=True)
    return fitted
