"""The workspace: every transcript of a folder, a row each, with what is left to do in it.

A self-contained ``Screen``: it is given the folder (and whether to look in subfolders, and
the config whose markers the summaries count with) and never imports the app. ``enter`` posts
:class:`WorkspaceScreen.OpenTranscript` for the app to open the editor on; when the editor
returns, the app calls :meth:`WorkspaceScreen.refresh_row`. Its keys come from the key table
(``tui/keys.py``, :data:`.keys.WORKSPACE_KEYS`).

It appears at once and fills in: the folder is scanned, and each file summarised, by a thread
worker after the first paint; cached summaries (:class:`.SummaryCache`, in the platform's
cache folder) come first, in one batch, then the others as each is read. A watch polls the
folder every few seconds with ``stat`` alone (:func:`.workspace_rows.snapshot`): when a
transcript, sidecar, caption or alignment file was written, added or removed, only those files
are read again, so another person's save shows in its row within the interval.

The rows are a :class:`.VirtualTable` rather than Textual's ``DataTable``: a folder of 500
transcripts is re-sorted and re-filtered as a whole on every key and every row that arrives,
and ``VirtualTable.set_rows`` takes the rows as given (constant work per row, only the rows on
screen rendered), where ``DataTable`` would be cleared and ``add_row`` called 500 times
(50-160 µs each, measured for the review queue) on every arrival; it is also the widget the
review queue uses, so both lists look and move alike.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.text.timecodes import format_timecode
from ..core.workspace import Entry
from .dialogs import MessageDialog, PromptDialog
from .key_footer import KeyFooter, bindings
from .keys import WORKSPACE, WORKSPACE_KEYS, footer_order, help_rows
from .status_line import Part, StatusLine
from .virtual_table import VirtualTable
from .workspace_rows import (
    COLUMNS,
    FILTER_HINT,
    GIVE_WAY,
    SORTS,
    FileRow,
    RowSource,
    Snapshot,
    WorkspaceFilter,
    age_text,
    cells,
    ordered,
    snapshot,
    totals,
)

#: Seconds between two looks at the folder (``stat`` only; a round with no change reads nothing).
WATCH_SECONDS = 3.0
#: Rows read in the background reach the table at most this often (seconds).
_BATCH_SECONDS = 0.1
#: The title column is never narrower than this while another column can give way.
_MIN_TITLE = 16
#: The file column: at least this wide, at most this wide while the title is shown.
_FILE_MIN, _FILE_MAX = 12, 24


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


class WorkspaceScreen(Screen[None]):
    """A folder of transcripts: a row per transcript, sortable, filterable, watched."""

    DEFAULT_CSS = """
    WorkspaceScreen #files { height: 1fr; }
    WorkspaceScreen #file-detail {
        height: 3; padding: 0 1; border-top: solid $primary-darken-2;
        text-wrap: nowrap; text-overflow: ellipsis;
    }
    """

    is_workspace: ClassVar[bool] = True
    """Lets the app recognise this screen without importing the module at start-up."""

    #: Made from the key table (tui/keys.py).
    BINDINGS: ClassVar[list[BindingType]] = bindings(WORKSPACE_KEYS)
    FOOTER_ORDER: ClassVar[tuple[str, ...]] = footer_order(WORKSPACE_KEYS)

    class OpenTranscript(Message):
        """``enter`` on a transcript's row: the app opens the editor on ``path``."""

        def __init__(self, path: Path, relative: str) -> None:
            super().__init__()
            self.path = path
            """The transcript (as found in the folder: the folder given, joined with
            :attr:`relative`)."""
            self.relative = relative
            """Its path inside the folder, with ``/``, as found (:attr:`.Entry.relative`; may
            hold control characters: escape it before showing it)."""

    class Filled(Message):
        """Every row of the folder has its figures: posted once, when the first fill is done
        (later changes arrive row by row); ``reads`` files were read, the rest came from the
        cache."""

        def __init__(self, rows: int, reads: int) -> None:
            super().__init__()
            self.rows = rows
            self.reads = reads

    class _Rows(Message):
        """From the worker: rows read or taken from the cache, files gone, and whether the
        folder is now filled."""

        def __init__(
            self,
            rows: list[FileRow],
            *,
            gone: tuple[str, ...] = (),
            replace: bool = False,
            filled: bool = False,
            error: str | None = None,
        ) -> None:
            super().__init__()
            self.rows = rows
            self.gone = gone
            self.replace = replace
            self.filled = filled
            self.error = error

    class _JobDone(Message):
        """From the worker: a job ended (a watch round may start again)."""

    def __init__(
        self,
        folder: str | Path,
        *,
        recursive: bool = False,
        config: Config | None = None,
        watch_seconds: float = WATCH_SECONDS,
        clock: Callable[[], datetime] = _utc_now,
        summarise: Callable[[Entry, Config], dict[str, Any]] | None = None,
        name: str | None = None,
        id: str | None = None,
    ) -> None:
        """``folder``: the folder of transcripts; ``recursive``: its subfolders too;
        ``config``: the settings the summaries count with (markers), default ``Config()``;
        ``watch_seconds``: how often the folder is looked at (0: never); ``clock``: the time
        ages are counted to (tests pin it); ``summarise``: reads one file (tests count reads)."""
        super().__init__(name=name, id=id)
        self.folder = Path(folder)
        self.recursive = recursive
        self.config = config or Config()
        self.watch_seconds = watch_seconds
        self.clock = clock
        self.source = RowSource(self.folder, recursive, self.config)
        if summarise is not None:
            self.source.summarise = summarise
        self.rows: dict[str, FileRow] = {}
        """Every file of the folder by its path inside it (also those the filter hides)."""
        self.shown: list[FileRow] = []
        """The rows in the table, in its order."""
        self.filter_text = ""
        self.sort_index = 1  # open work first: what a person opening a meeting wants to see
        self.sort_reversed = False
        self.filled = False
        """Every row has its figures (the first fill is done)."""
        self.error: str | None = None
        """Why the folder itself cannot be read (it was removed), else None."""
        self.first_paint_at: float | None = None
        """``time.perf_counter()`` at the first paint (for the bench)."""
        self.filled_at: float | None = None
        """``time.perf_counter()`` when every row first had its figures (for the bench)."""
        self._busy = 0
        """Worker jobs running (a watch round waits while any is)."""
        self._snapshot: Snapshot | None = None
        self._minute = -1

    # -- layout -----------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield StatusLine(
            f"Workspace · {printable(str(self.folder), one_line=True)} · reading…",
            id="workspace-status",
        )
        with Vertical():
            yield VirtualTable(id="files", cursor_type="row", zebra_stripes=True)
            yield Static(id="file-detail")
        yield KeyFooter(self.FOOTER_ORDER)

    def on_mount(self) -> None:
        table = self.query_one("#files", VirtualTable)
        for key, label, width in COLUMNS:
            table.add_column(label, width=width, key=key)
        table.focus()
        self._update_status()
        self._show_detail()
        # The folder is read only once the screen is on it: it appears at once.
        self.call_after_refresh(self._first_painted)
        if self.watch_seconds > 0:
            self.set_interval(self.watch_seconds, self._tick)

    def _first_painted(self) -> None:
        self.first_paint_at = time.perf_counter()
        self._start(self._fill)

    def on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._fit_columns)

    def _fit_columns(self) -> None:
        """The title takes the room left; in a narrow window timing, time, title and words give
        way (in that order), so the counts of open work stay; the line under the table shows
        everything about the selected file."""
        table = self.query_one("#files", VirtualTable)
        room = table.room_for_columns()
        if room <= 0:
            return
        pad = 2 * table.cell_padding
        widths = {key: width for key, _, width in COLUMNS}
        longest = max((len(r.relative) for r in self.rows.values()), default=4)
        widths["file"] = max(_FILE_MIN, min(longest, _FILE_MAX))
        shown = {key for key, _, _ in COLUMNS}

        def used() -> int:
            return sum(widths[k] + pad for k in shown if k != "title")

        for key in GIVE_WAY:
            title = pad + _MIN_TITLE if "title" in shown else 0
            if room - used() - title >= 0:
                break
            shown.discard(key)
        if "title" in shown:
            widths["title"] = max(_MIN_TITLE, room - used() - pad)
        else:  # the file's name takes what is left, up to its length; down to its minimum
            spare = room - used()
            widths["file"] = max(_FILE_MIN, min(longest, widths["file"] + spare))
        for key, _, _ in COLUMNS:
            table.set_column(key, width=widths[key], shown=key in shown)

    # -- public -----------------------------------------------------------------------------

    def refresh_row(self, path: str | Path) -> None:
        """Read ``path`` again (the editor saved it, or may have) and update its row; any
        other file found changed meanwhile is updated too. Returns at once (a worker reads)."""
        self._start(self._watch_round, force=Path(path))

    def rescan(self) -> None:
        """Look at the folder now rather than at the next watch round."""
        self._start(self._watch_round, force=None)

    @property
    def selected(self) -> FileRow | None:
        """The row under the cursor."""
        table = self.query_one("#files", VirtualTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def next_open_after(self, path: str | Path) -> FileRow | None:
        """The first row with open work after ``path``'s in the table's order, round the end
        (``path``'s own row never: the editor's ``n`` past a file's last item offers it)."""
        count = len(self.shown)
        here = self._index_of(path)
        start = -1 if here is None else here
        for k in range(1, count + 1):
            index = (start + k) % count
            row = self.shown[index]
            if index != here and row.open_work and row.error is None:
                return row
        return None

    def select(self, path: str | Path) -> bool:
        """Put the cursor on ``path``'s row; False when it is not shown (filtered out, gone)."""
        index = self._index_of(path)
        if index is None:
            return False
        self.query_one("#files", VirtualTable).move_cursor(row=index)
        self._show_detail()
        return True

    def _index_of(self, path: str | Path) -> int | None:
        wanted = Path(path).resolve()
        return next((i for i, r in enumerate(self.shown) if r.path.resolve() == wanted), None)

    def set_filter(self, text: str) -> None:
        """Show only the files ``text`` matches (the filter syntax of the review queue)."""
        self.filter_text = text.strip()
        self._show()

    def sort_by(self, name: str, reverse: bool = False) -> None:
        """Order the rows by the sort called ``name`` (see :data:`.workspace_rows.SORTS`)."""
        self.sort_index = next(i for i, s in enumerate(SORTS) if s.name == name)
        self.sort_reversed = reverse
        self._show()

    # -- workers ----------------------------------------------------------------------------

    def _start(self, job: Callable[..., None], **kwargs: object) -> None:
        self._busy += 1
        self._run(job, kwargs)

    @work(thread=True, group="workspace")
    def _run(self, job: Callable[..., None], kwargs: dict[str, object]) -> None:
        try:
            with self.source.lock:  # one job at a time: they share the cache
                job(**kwargs)
        finally:
            self.post_message(self._JobDone())

    @on(_JobDone)
    def _job_done(self, message: _JobDone) -> None:
        message.stop()
        self._busy -= 1

    def _fill(self) -> None:
        """(Worker thread) The first look at the folder: cached rows in one batch, then each
        other file as it is read."""
        source = self.source
        self._snapshot = snapshot(self.folder, self.recursive)
        try:
            folder = source.scan()
        except InputError as exc:
            self.post_message(self._Rows([], replace=True, filled=True, error=str(exc)))
            return
        first: list[FileRow] = []
        todo: list[Entry] = []
        for entry in folder.entries:
            row = source.cached(entry)
            if row is None:
                todo.append(entry)
                row = FileRow.waiting(entry)
            first.append(row)
        self.post_message(self._Rows(first, replace=True, filled=not todo))
        # Rows read are sent in batches (at most every _BATCH_SECONDS): each arrival re-sorts
        # and re-filters the whole list on the UI thread, which would double the cold cost of
        # a folder of 500 if done per file (measured: tests/bench/bench_folder.py).
        batch: list[FileRow] = []
        sent = time.perf_counter()
        for n, entry in enumerate(todo, 1):
            batch.append(source.read(entry))
            if n == len(todo) or time.perf_counter() - sent >= _BATCH_SECONDS:
                self.post_message(self._Rows(batch, filled=n == len(todo)))
                batch, sent = [], time.perf_counter()
        source.save(folder)

    def _watch_round(self, force: Path | None) -> None:
        """(Worker thread) What changed since the last look: files written (their fingerprint
        differs), added or removed; ``force`` is read again whatever its fingerprint says."""
        source = self.source
        now = snapshot(self.folder, self.recursive)
        if force is None and now == self._snapshot:
            return
        self._snapshot = now
        try:
            folder = source.scan()
        except InputError as exc:  # the folder went away: no rows, the reason on the header
            source.known.clear()  # (if it comes back, every file is shown again)
            self.post_message(self._Rows([], replace=True, error=str(exc)))
            return
        wanted = None if force is None else force.resolve()
        found = {e.relative for e in folder.entries}
        gone = tuple(r for r in list(source.known) if r not in found)
        for entry in folder.entries:
            if source.changed(entry) or (wanted is not None and entry.path.resolve() == wanted):
                self.post_message(self._Rows([source.read(entry)]))
        if gone:
            self.post_message(self._Rows([], gone=gone))
        source.save(folder)

    def _tick(self) -> None:
        """Every :attr:`watch_seconds`: a watch round unless one (or the fill) is running; the
        ages move on once a minute."""
        minute = int(self.clock().timestamp() // 60)
        if minute != self._minute and self.rows:
            self._show()
        if self._busy == 0:
            self._start(self._watch_round, force=None)

    @on(_Rows)
    def _rows_arrived(self, message: _Rows) -> None:
        message.stop()
        if message.replace:
            self.rows = {}
        self.error = message.error
        for row in message.rows:
            self.rows[row.key] = row
        for relative in message.gone:
            self.rows.pop(relative, None)
        self._show()
        if message.filled and not self.filled:
            self.filled = True
            self.filled_at = time.perf_counter()
            self._update_status()
            self.post_message(self.Filled(len(self.rows), self.source.reads))

    # -- showing ----------------------------------------------------------------------------

    def _show(self) -> None:
        """The rows as they are now, filtered and sorted, the cursor kept on its file."""
        table = self.query_one("#files", VirtualTable)
        before = self.selected
        keep = before.key if before is not None else None
        wanted = WorkspaceFilter(self.filter_text)
        rows = [r for r in self.rows.values() if wanted.matches(r)]
        shown = ordered(rows, SORTS[self.sort_index], self.sort_reversed)
        now = self.clock()
        self._minute = int(now.timestamp() // 60)
        table.set_rows([self._renderables(r, now) for r in shown], [r.key for r in shown])
        self.shown = shown
        # While the folder fills in, a cursor at the top stays there (rows arrive and sort
        # under it); once moved, or once filled, it stays on its file.
        if shown and keep is not None and (self.filled or table.cursor_row != 0):
            index = next((i for i, r in enumerate(shown) if r.key == keep), None)
            if index is not None and index != table.cursor_row:
                table.move_cursor(row=index)
        self._update_status()
        self._show_detail()
        self.call_after_refresh(self._fit_columns)

    @staticmethod
    def _renderables(row: FileRow, now: datetime) -> tuple[object, ...]:
        shown = cells(row, now)
        if row.error is not None:
            return (Text(shown[0], style="red"), Text(shown[1], style="red"), *shown[2:])
        if row.pending:
            return (shown[0], Text(shown[1], style="dim italic"), *shown[2:])
        if row.open_work == 0:  # nothing left: dimmed, so the files with work stand out
            return tuple(Text(c, style="dim") for c in shown)
        return shown

    def _update_status(self) -> None:
        """The header line: the folder's totals (of the files shown), the order and filter."""
        all_rows = list(self.rows.values())
        t = totals(self.shown)
        pending = sum(1 for r in all_rows if r.pending)
        sort = SORTS[self.sort_index].name + (" ↑" if self.sort_reversed else "")
        count = (
            f"{t.files} of {len(all_rows)} transcripts"
            if self.filter_text
            else f"{t.files} transcript{'s' if t.files != 1 else ''}"
        )
        parts = [
            Part("Workspace", 0, style="bold"),
            Part(printable(self.folder.name or str(self.folder), one_line=True), 6),
            Part(count, 0),
            Part(
                f"reading {len(all_rows) - pending}/{len(all_rows)}" if pending else "",
                0,
                style="italic",
            ),
            Part(f"{t.words:,} words", 5),
            Part(
                f"gaps {t.gaps_open} open of {t.gaps_total:,}",
                1,
                short=f"{t.gaps_open} gaps open",
                short_from=2,
            ),
            Part(f"{t.uncertain_open} uncertain", 2, short=f"{t.uncertain_open} unc."),
            Part(f"{t.flags} flag{'s' if t.flags != 1 else ''}", 4),
            Part(f"{t.proposed} awaiting review", 1, short=f"{t.proposed} to review", short_from=2),
            Part(f"{t.unreadable} unreadable" if t.unreadable else "", 1, style="bold $error"),
            Part(f"sorted by {sort}", 3, short=f"by {sort}", short_from=4),
            Part(f"filter: {self.filter_text}" if self.filter_text else "", 2),
            Part(self.error or "", 0, style="bold $error", note=True),
        ]
        self.query_one("#workspace-status", StatusLine).show(parts)

    @on(VirtualTable.RowHighlighted, "#files")
    def _highlighted(self) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Two lines about the file under the cursor: everything a narrow row leaves out."""
        detail = self.query_one("#file-detail", Static)
        row = self.selected
        if row is None:
            if not self.filled:
                detail.update(Content("Reading the folder…"))
            elif self.rows:
                detail.update(Content("No file matches the filter. / changes it (empty: all)."))
            else:
                detail.update(Content("No transcripts in this folder."))
            return
        detail.update(file_detail(row, self.clock()))

    # -- keys -------------------------------------------------------------------------------

    def action_open_transcript(self) -> None:
        row = self.selected
        if row is None:
            return
        if row.error is not None:
            self.notify(f"Cannot open it: {row.error}", severity="warning", timeout=6, markup=False)
            return
        self.post_message(self.OpenTranscript(row.path, row.key))

    @on(VirtualTable.RowSelected, "#files")
    def _clicked(self, event: VirtualTable.RowSelected) -> None:
        """A click on the selected row opens it too (``enter`` is the screen's own key)."""
        event.stop()
        self.action_open_transcript()

    def _step_open(self, step: int) -> None:
        """To the next (``step`` 1) or previous (-1) file with open work, round the end."""
        table = self.query_one("#files", VirtualTable)
        count = len(self.shown)
        if not count:
            return
        here = table.cursor_row
        for k in range(1, count + 1):
            index = (here + step * k) % count
            if self.shown[index].open_work:
                table.move_cursor(row=index)
                self._show_detail()
                if (step > 0 and index <= here) or (step < 0 and index >= here):
                    self.notify(
                        "Round to the "
                        + ("first" if step > 0 else "last")
                        + " file with open work.",
                        timeout=3,
                        markup=False,
                    )
                return
        self.notify("No file shown has open work.", timeout=3, markup=False)

    def action_next_open(self) -> None:
        self._step_open(1)

    def action_previous_open(self) -> None:
        self._step_open(-1)

    def action_next_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(SORTS)
        self.sort_reversed = False
        self._show()

    def action_reverse_sort(self) -> None:
        self.sort_reversed = not self.sort_reversed
        self._show()

    def action_filter(self) -> None:
        def done(query: str | None) -> None:
            if query is not None:
                self.set_filter(query)

        self.app.push_screen(
            PromptDialog(
                "Filter the files",
                value=self.filter_text,
                placeholder="status:open is:timed author:ana words… (empty: all)",
                hint=f"terms: {FILTER_HINT} · enter: apply",
            ),
            done,
        )

    def action_help(self) -> None:
        self.app.push_screen(MessageDialog("Workspace keys", workspace_help()))


def file_detail(row: FileRow, now: datetime) -> Content:
    """Two lines about one file: everything a narrow row leaves out."""
    title = f" — {row.title}" if row.title else ""
    head = Content.styled(f"{row.relative}{title}", "bold")
    if row.error is not None:
        # (the path inside the folder is on the line above; the error's is the full one)
        reason = Content.styled(f"unreadable: {row.error_reason}", "$error")
        return Content("\n").join([head, reason])
    if row.pending:
        return Content("\n").join([head, Content("reading…")])
    if row.last_saved is not None:
        age = age_text(row.last_saved, now)
        last = (
            f"rev {row.revision} by {row.last_author} ({row.last_role}), "
            + ("just now" if age == "now" else f"{age} ago")  # (not "now ago")
        )
    else:
        last = "no revision yet"
    timing = f"timing: {row.timing_source}"
    if row.duration is not None:
        timing += f", {format_timecode(row.duration)}"
    facts = [
        last,
        timing,
        f"{row.words:,} words",
        f"gaps {row.gaps_open} open of {row.gaps_total}",
        f"uncertain {row.uncertain_open} open of {row.uncertain_total}",
        f"{row.flags} flag{'s' if row.flags != 1 else ''}",
        f"{row.proposed} awaiting review",
    ]
    return Content("\n").join([head, Content(" · ".join(facts))])


def workspace_help() -> Group:
    """The workspace's keys, as the editor's help shows its own."""
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold #ffa62b", no_wrap=True, min_width=14)
    table.add_column(ratio=1)
    for keys, what in help_rows(WORKSPACE):
        table.add_row(keys, what)
    table.add_row("q", "quit")
    return Group(Text(f"\n{WORKSPACE.title}", style="bold underline"), table)
