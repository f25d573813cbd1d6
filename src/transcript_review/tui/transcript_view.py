"""The virtualised transcript view: time gutter and wrapped text in one ScrollView.

Only the rows on screen are rendered (Textual's Line API), from an LRU cache of strips keyed by
row; gutter and text are joined per row, so they can never scroll apart. Text is painted as
plain segments — never parsed as markup — so ``[crosstalk]`` shows exactly as typed.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ..core.quoting import visible
from .layout import SAFE_CELLS, DocumentLayout, Piece
from .view_document import ViewDocument

GUTTER_WIDTH = 12
#: Documents longer than this (in code points) are first wrapped only as far as a screen needs.
_WRAP_AT_ONCE = 200_000
#: Row marks, by priority: what the gutter shows beside a row holding such a span.
_MARKS = (
    ("gap", "●", "transcript-view--mark-gap"),
    ("proposed-old", "✎", "transcript-view--mark-proposal"),
    ("pending-old", "✎", "transcript-view--mark-proposal"),
    ("proposed-confirm", "✎", "transcript-view--mark-proposal"),
    ("pending-confirm", "✎", "transcript-view--mark-proposal"),
    ("flag", "⚑", "transcript-view--mark-flag"),
    ("pending-flag", "⚑", "transcript-view--mark-flag"),
    ("uncertain", "?", "transcript-view--mark-uncertain"),
    ("qc", "◆", "transcript-view--mark-qc"),
)
#: Order in which span styles are layered (later ones win where they set the same attribute).
_LAYERS = (
    "heading",
    "speaker",
    "stamp",
    "uncertain",
    "flag",
    "pending-flag",
    "qc",
    "gap",
    "gap-decided",
    "confirmed",
    "approved-old",
    "proposed-old",
    "pending-old",
)


class TranscriptView(ScrollView, can_focus=True):
    """Shows a :class:`ViewDocument` with a word cursor and a selection."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "transcript-view--gutter",
        "transcript-view--gutter-estimated",
        "transcript-view--mark-gap",
        "transcript-view--mark-proposal",
        "transcript-view--mark-flag",
        "transcript-view--mark-uncertain",
        "transcript-view--mark-qc",
        "transcript-view--cursor",
        "transcript-view--selection",
        "transcript-view--inserted-proposed",
        "transcript-view--inserted-pending",
        "transcript-view--inserted-approved",
        *(f"transcript-view--{tag}" for tag in _LAYERS),
    }

    DEFAULT_CSS = """
    TranscriptView { background: $surface; }
    TranscriptView > .transcript-view--gutter { color: $text-muted; }
    TranscriptView > .transcript-view--gutter-estimated {
        color: $text-disabled; text-style: italic;
    }
    TranscriptView > .transcript-view--mark-gap { color: $error; text-style: bold; }
    TranscriptView > .transcript-view--mark-proposal { color: $accent; text-style: bold; }
    TranscriptView > .transcript-view--mark-flag { color: $warning; }
    TranscriptView > .transcript-view--mark-uncertain { color: $warning; }
    TranscriptView > .transcript-view--mark-qc { color: #c837c8; text-style: bold; }
    TranscriptView > .transcript-view--heading { text-style: bold; }
    TranscriptView > .transcript-view--speaker { color: $accent; text-style: bold; }
    TranscriptView > .transcript-view--stamp { color: $text-muted; }
    TranscriptView > .transcript-view--uncertain { color: $warning; text-style: underline; }
    TranscriptView > .transcript-view--flag { background: $warning 25%; }
    TranscriptView > .transcript-view--pending-flag { background: $warning 40%; }
    /* A finding: magenta (no theme colour is free; readable on the dark and light themes'
       backgrounds), underlined so a finding of spaces ("  ", " ,") shows too. */
    TranscriptView > .transcript-view--qc { color: #c837c8; text-style: bold underline; }
    TranscriptView > .transcript-view--gap {
        color: $text; background: $error 60%; text-style: bold;
    }
    TranscriptView > .transcript-view--gap-decided { text-style: bold; }
    TranscriptView > .transcript-view--confirmed { background: $error 20%; text-style: italic; }
    TranscriptView > .transcript-view--approved-old { color: $text-disabled; text-style: strike; }
    TranscriptView > .transcript-view--proposed-old { color: $text-muted; text-style: strike; }
    TranscriptView > .transcript-view--pending-old { color: $text-muted; text-style: strike; }
    TranscriptView > .transcript-view--inserted-proposed { color: $accent; text-style: bold; }
    TranscriptView > .transcript-view--inserted-pending { color: $accent; text-style: bold italic; }
    TranscriptView > .transcript-view--inserted-approved { color: $success; text-style: bold; }
    TranscriptView > .transcript-view--cursor { text-style: reverse; }
    TranscriptView > .transcript-view--selection { background: $primary 50%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "cursor_left", "Word left", show=False),
        Binding("right", "cursor_right", "Word right", show=False),
        Binding("up", "cursor_up", "Row up", show=False),
        Binding("down", "cursor_down", "Row down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "cursor_home", "Start", show=False),
        Binding("end", "cursor_end", "End", show=False),
        Binding("shift+left", "select_left", "Select word left", show=False),
        Binding("shift+right", "select_right", "Select word right", show=False),
        Binding("shift+up", "select_up", "Select row up", show=False),
        Binding("shift+down", "select_down", "Select row down", show=False),
        Binding("escape", "clear_selection", "Clear selection", show=False),
        Binding("tab", "screen.toggle_focus", "Panel", show=False),
    ]

    class CursorMoved(Message):
        """The cursor went to another token (the editor updates the side panel and status)."""

        def __init__(self, offset: int) -> None:
            super().__init__()
            self.offset = offset

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, TranscriptView.CursorMoved)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.document: ViewDocument | None = None
        self.layout_: DocumentLayout | None = None
        self.cursor: tuple[int, int] | None = None
        self.anchor: tuple[int, int] | None = None
        """Where a shift-selection started (the token under the cursor then)."""
        self._cache: LRUCache[tuple[int, int], tuple[Strip, list[tuple[int, int]]]] = LRUCache(1024)
        self._styles: dict[str, Style] = {}

    # -- content ---------------------------------------------------------------------------

    def show(
        self,
        document: ViewDocument,
        keep_cursor: bool = True,
        layout: DocumentLayout | None = None,
    ) -> None:
        """Show ``document`` (e.g. after a correction), keeping the cursor where it was.

        ``layout`` is the document already wrapped (by the load worker); it is used when it
        was made for the width the view has now.
        """
        self.document = document
        if not (keep_cursor and self.cursor):
            self.cursor = document.token_at(0)
            self.anchor = None
        if layout is not None and layout.width == self.text_width():
            self._adopt(layout)
        else:
            self._relayout()

    def text_width(self) -> int | None:
        """Cells available for text beside the gutter (None before the view has a size)."""
        width = self.scrollable_content_region.width
        return max(10, width - GUTTER_WIDTH) if width else None

    def _relayout(self) -> None:
        width = self.text_width()
        if self.document is None or width is None:
            return  # not sized yet: on_resize lays it out once the width is known
        # A big document is first wrapped only as far as a screen needs, so the text shows at
        # once; the load worker then hands over the whole layout.
        partial = self.layout_ is None and len(self.document.text) > _WRAP_AT_ONCE
        self._adopt(
            DocumentLayout(
                self.document.text,
                width,
                self.document.insertions,
                reuse=self.layout_,
                line_limit=self.scrollable_content_region.height * 4 if partial else None,
            )
        )

    def _adopt(self, layout: DocumentLayout) -> None:
        self.layout_ = layout
        self._cache.clear()
        self.virtual_size = Size(layout.width + GUTTER_WIDTH, layout.row_count)
        self.refresh()

    def on_resize(self) -> None:
        width = self.text_width()
        if self.document is not None and (self.layout_ is None or self.layout_.width != width):
            self._relayout()
            self.scroll_to_cursor(center=True)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    # -- the selection ---------------------------------------------------------------------

    @property
    def selection(self) -> tuple[int, int] | None:
        """Source span from the anchor to the cursor, or None when nothing is selected."""
        if self.anchor is None or self.cursor is None:
            return None
        return min(self.anchor[0], self.cursor[0]), max(self.anchor[1], self.cursor[1])

    # -- rendering -------------------------------------------------------------------------

    def _style(self, name: str) -> Style:
        """The widget's style combined with a component style, computed once per theme:
        resolving CSS per row would cost more than painting it."""
        style = self._styles.get(name)
        if style is None:
            if name == "base":
                style = self.rich_style
            else:
                part = self.get_component_rich_style(f"transcript-view--{name}", partial=True)
                style = self._style("base") + part
            self._styles[name] = style
        return style

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        row = scroll_y + y
        width = self.scrollable_content_region.width
        if self.layout_ is None and self.document is not None and width:
            # The first frame: the view has its size only now (its Resize comes after this
            # paint); wrapping here shows the text in this frame rather than the next one.
            self._relayout()
        if self.layout_ is None or row >= self.layout_.row_count:
            return Strip.blank(width, self._style("base"))
        strip, source_range = self._base_row(row)
        highlight = self._highlight_for(source_range)
        if highlight:
            strip = self._paint_row(row, highlight)
        return strip.crop(scroll_x, scroll_x + width).extend_cell_length(width, self._style("base"))

    def _highlight_for(self, source_range: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
        """Cursor and selection spans that fall on a row (drawn over the cached strip)."""
        marks = []
        if self.cursor and any(s < self.cursor[1] and self.cursor[0] < e for s, e in source_range):
            marks.append((self.cursor[0], self.cursor[1], "cursor"))
        selection = self.selection
        if selection and any(s < selection[1] and selection[0] < e for s, e in source_range):
            marks.append((selection[0], selection[1], "selection"))
        return marks

    def _base_row(self, row: int) -> tuple[Strip, list[tuple[int, int]]]:
        key = (row, self.layout_.width if self.layout_ else 0)
        cached = self._cache.get(key)
        if cached is None:
            strip = self._paint_row(row, [])
            cached = (strip, self._source_range(row))
            self._cache[key] = cached
        return cached

    def _source_range(self, row: int) -> list[tuple[int, int]]:
        assert self.layout_ is not None
        span = self.layout_.row(row)
        _, pieces = self.layout_.display(span.line)
        ranges = []
        for piece in pieces:
            a = max(span.display_start, piece.display_start)
            b = min(span.display_end, piece.display_start + piece.length)
            if a < b and piece.insertion is None:
                src = piece.source_start + a - piece.display_start
                ranges.append((src, src + b - a))
        return ranges

    def _paint_row(self, row: int, highlight: list[tuple[int, int, str]]) -> Strip:
        assert self.layout_ is not None and self.document is not None
        span = self.layout_.row(row)
        display, pieces = self.layout_.display(span.line)
        segments: list[Segment] = []
        tags_on_row: set[str] = set()
        for piece in pieces:
            a = max(span.display_start, piece.display_start)
            b = min(span.display_end, piece.display_start + piece.length)
            if a >= b:
                continue
            if piece.insertion is not None:
                style = self._style(f"inserted-{piece.insertion.tag}")
                segments.append(Segment(_paintable(display[a:b]), style))
                continue
            segments.extend(self._source_segments(piece, a, b, highlight, tags_on_row))
        gutter = self._gutter(span.line, span.first_of_line, tags_on_row)
        return Strip([*gutter, *segments])

    def _source_segments(
        self,
        piece: Piece,
        a: int,
        b: int,
        highlight: list[tuple[int, int, str]],
        tags_on_row: set[str],
    ) -> list[Segment]:
        assert self.document is not None
        text = self.document.text
        src_a = piece.source_start + a - piece.display_start
        src_b = src_a + (b - a)
        spans = [(s.start, s.end, s.tag) for s in self.document.spans.overlapping(src_a, src_b)]
        tags_on_row.update(tag for _, _, tag in spans)
        spans += highlight
        cuts = {src_a, src_b}
        for s, e, _ in spans:
            if src_a < s < src_b:
                cuts.add(s)
            if src_a < e < src_b:
                cuts.add(e)
        points = sorted(cuts)
        segments = []
        for start, end in zip(points, points[1:], strict=False):
            active = frozenset(tag for s, e, tag in spans if s <= start and e >= end)
            segments.append(Segment(_paintable(text[start:end]), self._layered(active)))
        return segments

    def _layered(self, tags: frozenset[str]) -> Style:
        """The style for text under ``tags``, layered in a fixed order (cached per set)."""
        key = "+".join(sorted(tags))
        style = self._styles.get(key)
        if style is None:
            style = self._style("base")
            for tag in (*_LAYERS, "selection", "cursor"):
                if tag in tags:
                    style += self.get_component_rich_style(f"transcript-view--{tag}", partial=True)
            self._styles[key] = style
        return style

    def _gutter(self, line: int, first_row: bool, tags: set[str]) -> list[Segment]:
        assert self.document is not None
        base = self._style("gutter")
        label = " " * 9
        label_style = base
        if first_row and (time := self.document.gutter.get(line)) is not None:
            label = time.label().rjust(9)
            if time.estimated:
                label_style = base + self._style("gutter-estimated")
        mark, mark_style = " ", base
        for tag, glyph, style_name in _MARKS:
            if tag in tags:
                mark = glyph
                mark_style = base + self._style(style_name.removeprefix("transcript-view--"))
                break
        return [
            Segment(label, label_style),
            Segment(" ", base),
            Segment(mark, mark_style),
            Segment(" ", base),
        ]

    # -- moving ----------------------------------------------------------------------------

    def landing(self, offset: int) -> int:
        """Where the cursor would land for ``offset``: the start of the token there."""
        token = self.document.token_at(offset) if self.document else None
        return token[0] if token else offset

    def move_to(
        self, offset: int, *, select: bool = False, center: bool | str = False
    ) -> None:
        """Put the cursor on the token at ``offset`` and scroll it into view: with ``center``
        a third down the window; with ``center="off-screen"`` so only when it is not on screen
        (a jump to what is in view must not move the text under the reader's eyes)."""
        if self.document is None:
            return
        token = self.document.token_at(offset)
        if token is None:
            return
        if center == "off-screen":
            center = not self._on_screen(token[0])
        self._set_cursor(token, select)
        self.scroll_to_cursor(center=bool(center))

    def _on_screen(self, offset: int) -> bool:
        """Whether the row showing ``offset`` is in the window now."""
        if self.layout_ is None:
            return False
        row = self.layout_.row_of_offset(offset)
        top = self.scroll_offset.y
        return top <= row < top + self.scrollable_content_region.height

    def _set_cursor(self, token: tuple[int, int], select: bool) -> None:
        if select and self.anchor is None:
            self.anchor = self.cursor
        elif not select:
            self.anchor = None
        self.cursor = token
        self.refresh()
        self.post_message(self.CursorMoved(token[0]))

    def scroll_to_cursor(self, center: bool = False) -> None:
        if self.cursor is None or self.layout_ is None:
            return
        row = self.layout_.row_of_offset(self.cursor[0])
        height = self.scrollable_content_region.height
        top = self.scroll_offset.y
        if center:
            self.scroll_to(y=max(0, row - height // 3), animate=False, immediate=True)
        elif row < top:
            self.scroll_to(y=row, animate=False, immediate=True)
        elif row >= top + height:
            self.scroll_to(y=row - height + 1, animate=False, immediate=True)

    def _step(self, forward: bool, select: bool) -> None:
        if self.document is None or self.cursor is None:
            return
        token = (
            self.document.next_token(self.cursor[0])
            if forward
            else self.document.previous_token(self.cursor[0])
        )
        if token is not None:
            self._set_cursor(token, select)
            self.scroll_to_cursor()

    def _rows(self, delta: int, select: bool) -> None:
        """Move ``delta`` rows up or down, to the token nearest the same column."""
        if self.document is None or self.cursor is None or self.layout_ is None:
            return
        layout = self.layout_
        row = layout.row_of_offset(self.cursor[0])
        here = layout.row(row)
        column = layout.source_to_display(here.line, self.cursor[0]) - here.display_start
        target = min(max(0, row + delta), layout.row_count - 1)
        step = 1 if delta > 0 else -1
        while 0 <= target < layout.row_count:
            span = layout.row(target)
            if span.display_end > span.display_start:
                display_offset = min(span.display_start + column, span.display_end - 1)
                source = layout.display_to_source(span.line, display_offset)
                token = self.document.token_at(source)
                if token is not None and token != self.cursor:
                    self._set_cursor(token, select)
                    self.scroll_to_cursor()
                    return
            target += step

    def action_cursor_left(self) -> None:
        self._step(False, select=False)

    def action_cursor_right(self) -> None:
        self._step(True, select=False)

    def action_cursor_up(self) -> None:
        self._rows(-1, select=False)

    def action_cursor_down(self) -> None:
        self._rows(1, select=False)

    def action_select_left(self) -> None:
        self._step(False, select=True)

    def action_select_right(self) -> None:
        self._step(True, select=True)

    def action_select_up(self) -> None:
        self._rows(-1, select=True)

    def action_select_down(self) -> None:
        self._rows(1, select=True)

    def action_page_up(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=max(0, self.scroll_offset.y - height), animate=False, immediate=True)
        self._rows(-height, select=False)

    def action_page_down(self) -> None:
        height = max(1, self.scrollable_content_region.height - 1)
        self.scroll_to(y=self.scroll_offset.y + height, animate=False, immediate=True)
        self._rows(height, select=False)

    def action_cursor_home(self) -> None:
        self.move_to(0)
        self.scroll_to(y=0, animate=False, immediate=True)

    def action_cursor_end(self) -> None:
        if self.document is not None:
            self.move_to(len(self.document.text))

    def action_clear_selection(self) -> None:
        if self.anchor is not None:
            self.anchor = None
            self.refresh()


def _paintable(words: str) -> str:
    """Text as the view paints it, one cell per character: a control character from the file
    (an escape sequence) is ``�``, a tab or a line break inside a correction's words a space,
    so nothing can move the terminal's cursor out of the column (offsets stay as they are)."""
    if words.isprintable():
        return words
    return visible(words).translate(SAFE_CELLS)
