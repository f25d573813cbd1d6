"""The open-work panel beside the text: filling it, fitting it to its width, showing or hiding
it with the window's width (``W``), visiting it (``tab``) and jumping from it (``enter``).

A part of :class:`~.editor_screen.EditorScreen`, in its own module because it is a piece of the
editor one can read alone: the screen keeps the session and the worklist, this the panel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, overload

from textual import events
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Label

from ..core.quoting import printable
from ..core.text.timecodes import format_timecode
from .messages import PanelResized
from .transcript_view import TranscriptView

if TYPE_CHECKING:
    from .virtual_table import VirtualTable
    from .worklist import WorkEntry, Worklist

#: Below this many columns the open-work panel is hidden (``W`` shows it, ``tab`` peeks at it):
#: beside it the text would be narrower than a readable 50 columns.
PANEL_FROM = 100


class OpenWorkPanel(Screen[None]):
    """The editor's panel of open work (a base of :class:`~.editor_screen.EditorScreen`)."""

    worklist: Worklist | None
    panel_choice: bool | None
    _peeking: bool
    _entry_width: int

    def _init_panel(self) -> None:
        self.worklist = None
        self.panel_choice = None
        """Shown or hidden by ``W``; None: by the window's width (see :data:`PANEL_FROM`)."""
        self._peeking = False
        """The panel is shown only while it has the focus (``tab`` in a narrow window)."""
        self._entry_width = 30
        """Cells of the panel's column (30: the panel at its narrowest, 34 columns)."""

    def _table(self) -> VirtualTable | None:
        """The open-work panel's table (None until the transcript is parsed)."""
        try:
            return self.query_one("#worklist", Widget)  # type: ignore[return-value]
        except NoMatches:
            return None

    def _fill_panel(self) -> None:
        """One row per open entry (the table renders only the rows on screen): its time and
        what it is on the first line (a finding: its rule), its words on the second (a
        finding: with the suggested fix), cut to the panel's width."""
        table = self._table()
        if table is None:
            return
        row = table.cursor_row
        width = self._panel_width()
        if width != self._entry_width:
            self._entry_width = width
            table.clear(columns=True)
            table.add_column("entry", width=width, key="entry")
        rows = [_EntryRow(entry, width) for entry in self.worklist.entries]
        table.set_rows(rows, height=2)
        if self.worklist.entries:
            table.move_cursor(row=min(row, len(self.worklist.entries) - 1), scroll=False)
        title = self.query_one("#side-title", Label)
        # Nothing open: the panel keeps a narrow column saying so, and the text the width.
        self.query_one("#side").set_class(not self.worklist.entries, "-empty")
        if self.worklist.entries:
            title.update(Content.styled(f"Open work ({len(self.worklist)}) · enter: jump", "bold"))
        else:
            title.update(Content.styled("Open work: none", "bold"))

    # -- the panel: beside the text when there is room, else on demand -------------------------

    def _panel_wanted(self, width: int | None = None) -> bool:
        if self.panel_choice is not None:
            return self.panel_choice
        return (self.app.size.width if width is None else width) >= PANEL_FROM

    def _apply_panel(self, width: int | None = None) -> None:
        side = self.query_one("#side")
        shown = self._panel_wanted(width) or self._peeking
        if side.display != shown:
            table = self._table()
            if not shown and table is not None and table.has_focus:
                self.query_one(TranscriptView).focus()  # keys must still go somewhere
            side.display = shown

    def on_resize(self, event: events.Resize) -> None:
        self._apply_panel(event.size.width)

    def on_panel_resized(self, message: PanelResized) -> None:
        message.stop()
        self.call_after_refresh(self.fit_panel)

    def _panel_width(self) -> int:
        """Cells for an entry: the panel's width inside its border, less the cell's padding and
        the scrollbar (while the panel is hidden, the width it had)."""
        width = self.query_one("#side").size.width  # (the table has none while loading)
        return max(20, width - 3) if width else self._entry_width

    def fit_panel(self) -> None:
        """After a resize: the panel's column as wide as the panel, its rows cut to it."""
        width = self._panel_width()
        if width == self._entry_width:
            return
        if self.worklist is not None:
            self._fill_panel()
            self._follow_cursor()
        else:
            self._entry_width = width
            table = self._table()
            if table is not None:
                table.clear(columns=True)
                table.add_column("entry", width=width, key="entry")

    def action_toggle_panel(self) -> None:
        """W: show or hide the open-work panel; it stays so, whatever the window's width."""
        self._peeking = False
        self.panel_choice = not self.query_one("#side").display
        self._apply_panel()
        table = self._table()
        if not self.panel_choice and table is not None and table.has_focus:
            self.query_one(TranscriptView).focus()

    def _leave_panel(self) -> None:
        """Back to the text; a panel shown only for a look (tab, narrow window) goes away."""
        self.query_one(TranscriptView).focus()
        if self._peeking:
            self._peeking = False
            self._apply_panel()

    def _follow_cursor(self) -> None:
        view = self.query_one(TranscriptView)
        if view.cursor is None or not self.worklist:
            return
        index = self.worklist.index_at(view.cursor[0])
        table = self._table()
        if index is not None and table is not None and table.cursor_row != index:
            table.move_cursor(row=index, animate=False)

    def on_virtual_table_row_selected(self, event: VirtualTable.RowSelected) -> None:
        """Enter on a row of the panel: the cursor goes there (the review queue's tables
        handle their own)."""
        if event.control.id != "worklist" or self.worklist is None:
            return
        entry = self.worklist.entries[event.cursor_row]
        view = self.query_one(TranscriptView)
        view.move_to(entry.start, center=True)
        self._leave_panel()


    def action_toggle_focus(self) -> None:
        """tab: between the text and the panel (shown for the visit when it is hidden)."""
        panel = self._table()
        if panel is None:
            return  # (the panel comes with the parsed transcript)
        if panel.has_focus:
            self._leave_panel()
            return
        if not self.query_one("#side").display:
            self._peeking = True
            self._apply_panel()
        panel.focus()


def _look(entry: WorkEntry) -> str:
    """The style's name of an entry's kind (an error of the final check stands out)."""
    return "qc-error" if entry.kind == "qc" and entry.severity == "error" else entry.kind


#: The panel's style per kind of entry (see :func:`_look`). A finding: magenta, as in the
#: text, bold when it is an error (what keeps a transcript from going out).
_STYLES = {
    "gap": "bold red",
    "uncertain": "yellow",
    "flag": "yellow",
    "proposal": "cyan",
    "qc": "#c837c8",
    "qc-error": "bold #c837c8",
}


class _EntryRow(Sequence[Content]):
    """One row of the panel (one cell), made into text only when the table shows it.

    The table keeps rows as given and renders those on screen; building every row's text up
    front cost 0.4 s of the event loop per change on a 1M-word transcript with its findings
    (eleven thousand entries), for the forty rows a screen shows."""

    __slots__ = ("entry", "width")

    def __init__(self, entry: WorkEntry, width: int) -> None:
        self.entry = entry
        self.width = width

    def __len__(self) -> int:
        return 1

    @overload
    def __getitem__(self, index: int) -> Content: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Content]: ...
    def __getitem__(self, index: int | slice) -> Content | Sequence[Content]:
        if isinstance(index, slice):
            return [self[0]][index]
        if index not in (0, -1):
            raise IndexError(index)
        entry, width = self.entry, self.width
        time = "" if entry.time is None else format_timecode(entry.time, estimated=entry.estimated)
        quote = printable(entry.quote, one_line=True)
        if len(quote) > width:
            quote = quote[: width - 1] + "…"
        return Content.assemble(
            (f"{time:<9}  ", "dim"),
            (f"{entry.glyph} {entry.label}", _STYLES[_look(entry)]),
            (f" · {entry.state}", "bold" if entry.state == "unsaved" else "dim"),
            "\n",
            quote,
        )
