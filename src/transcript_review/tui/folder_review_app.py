"""``transcript-review DIR --review``: one review queue over every transcript of a folder.

An app of its own rather than a mode of :class:`~.app.TranscriptReviewApp`: that one keeps an
editor (a file's session) under the queue and hands it the shared keys; here there is no
editor, so saving, undo, redo and quitting act on the :class:`.FolderQueue` instead. The
screen is the same :class:`~.review_screen.ReviewScreen`, given a
:class:`~.folder_review.FolderSource`.

The screen shows at once; a thread worker scans the folder (summaries cached, as
``status DIR``), then opens the transcripts with corrections a batch at a time, each batch
added on the app's thread (the rows are read there), so the queue fills in while the
reviewer already works on its first rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import BindingType
from textual.content import Content
from textual.message import Message
from textual.screen import Screen

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.review.folder_queue import FolderQueue, FolderSaveResult
from .dialogs import ConfirmDialog, MessageDialog, PromptDialog
from .editor_saving import file_stamp
from .folder_review import FolderSource
from .key_footer import bindings
from .keys import REVIEW, REVIEW_KEYS, Key, Note, Section, help_rows, palette
from .messages import Say
from .review_screen import ReviewScreen

if TYPE_CHECKING:
    from rich.table import Table

#: The queue's keys the app binds (save, undo, redo, help, quit): in the one-file app they are
#: the editor's; here they act on the folder's queue.
_APP_KEYS = tuple(replace(k, binds=True) for k in REVIEW_KEYS if not k.binds)
#: Transcripts opened first, then per batch: the first rows show soon, later batches cost
#: fewer refreshes of the table.
FIRST_BATCH = 5
BATCH = 20
#: Seconds between checks of the sidecars for others' saves (as the editor's watch).
WATCH_SECONDS = 2.0
#: Saved files named in the confirmation toast (a dialog lists all when one failed).
_TOAST_FILES = 6


@dataclass
class FolderFailed(Message):
    """The worker could not read the folder itself (missing, not a folder, unlisted)."""

    error: InputError


class FolderReviewApp(App[int]):
    """``transcript-review DIR --review``: approve, reject, amend across a folder; save one
    revision per touched sidecar, all with one message."""

    TITLE = "transcript-review"
    CSS_PATH = "app.tcss"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS: ClassVar[list[BindingType]] = bindings(_APP_KEYS)

    def __init__(
        self,
        folder: Path,
        config: Config,
        user: str | None = None,
        *,
        recursive: bool = False,
        first_batch: int = FIRST_BATCH,
        batch: int = BATCH,
        watch_seconds: float = WATCH_SECONDS,
    ) -> None:
        super().__init__()
        self.folder = folder
        self.config = config
        self.user = user
        self.recursive = recursive
        self.batches = (first_batch, batch)
        self.watch_seconds = watch_seconds
        """How often the opened files' sidecars are checked for others' saves (0: never)."""
        self._seen: dict[str, tuple[int, int] | None] = {}
        """Each opened file's sidecar size and time when last read or saved by us."""
        self.source = FolderSource(folder, user)
        self.review = ReviewScreen(self.source)
        self.load_error: InputError | None = None
        """Why the folder could not be read (the CLI prints it after the app exits)."""
        self._named = False
        """The first save said where the reviewer's name came from (once)."""
        self._retry_message: str | None = None
        """The message of a save that failed in some files: offered again for those, so every
        revision of that save carries the same message."""

    def notify(self, message: str, *args: Any, **kwargs: Any) -> None:  # type: ignore[override]
        """Toasts quote file names and reasons: control characters escaped, never markup
        (as :meth:`.TranscriptReviewApp.notify`)."""
        kwargs["markup"] = False
        super().notify(printable(message), *args, **kwargs)

    @property
    def queue(self) -> FolderQueue | None:
        return self.source.queue

    def get_default_screen(self) -> Screen:
        return self.review

    def on_mount(self) -> None:
        self.call_after_refresh(self._load)  # the screen first, then the folder

    @work(thread=True, exclusive=True, group="load")
    def _load(self) -> None:
        """Scan the folder, then open its transcripts with corrections batch by batch."""
        try:
            queue = FolderQueue.prepare(
                self.folder, self.config, user=self.user, recursive=self.recursive
            )
        except InputError as exc:
            self.post_message(FolderFailed(exc))
            return
        self.call_from_thread(self._scanned, queue)
        size = self.batches[0]
        while queue.pending:
            opened = queue.open_next(size)
            self.call_from_thread(self._opened, opened)
            size = self.batches[1]
        self.call_from_thread(self._opened, [], True)

    def _scanned(self, queue: FolderQueue) -> None:
        self.source.set_queue(queue)
        self.review.refresh_queue()

    def _opened(self, batch: list[Any], last: bool = False) -> None:
        """A batch is open: add it (on this thread: the screen reads the rows here)."""
        assert self.queue is not None
        for file in self.queue.add(batch):
            self._seen[file] = file_stamp(self.queue.session(file).sidecar_path)
        if last:
            self.source.loading = False
            if self.watch_seconds > 0:
                self.set_interval(self.watch_seconds, self._check_sidecars)
            warnings = self.queue.warnings()
            if warnings:  # a toast, not one per file: a folder may hold many re-encoded files
                more = len(warnings) - _TOAST_FILES
                shown = warnings[:_TOAST_FILES] + ([f"… and {more} more"] if more > 0 else [])
                self.notify(
                    "\n".join(shown), title="Read with warnings", severity="warning", timeout=10
                )
        self.review.refresh_queue()

    def _check_sidecars(self) -> None:
        """Did someone else save to a sidecar of the folder? Read those again (our unsaved
        verdicts replayed on top, as the editor does for its file) and say so."""
        queue = self.queue
        if queue is None:
            return
        changed = []
        for file in queue.files:
            stamp = file_stamp(queue.session(file).sidecar_path)
            if stamp != self._seen.get(file):
                self._seen[file] = stamp
                changed.append(file)
        if not changed:
            return
        lines = queue.reload(changed)
        self._changed()
        names = ", ".join(changed[:_TOAST_FILES]) + (" …" if len(changed) > _TOAST_FILES else "")
        self.notify(
            "\n".join([f"Read others' saves in {names}.", *lines]),
            severity="warning",
            timeout=10,
        )

    def on_folder_failed(self, message: FolderFailed) -> None:
        self.load_error = message.error
        self.exit(return_code=2)

    def on_say(self, message: Say) -> None:
        self.notify(message.text, timeout=4)

    # -- the app's keys: the folder's queue ----------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Save, undo and redo once there is something to save, undo or redo, and no dialog
        has the keyboard (as in the one-file queue)."""
        if action not in ("save", "undo", "redo"):
            return True
        queue = self.queue
        if self.screen.is_modal or queue is None:
            return False
        if action == "save":
            return bool(queue.dirty)
        this, other = (
            (queue.can_undo, queue.can_redo)
            if action == "undo"
            else (queue.can_redo, queue.can_undo)
        )
        return True if this else (None if other else False)

    def _changed(self) -> None:
        self.review.refresh_bindings()
        self.review.refresh_queue()

    def action_undo(self) -> None:
        if self.queue is None:
            return
        done = self.queue.undo()
        if done is not None:
            file, label = done
            self.notify(f"Undone: {label} ({file})", timeout=4)
        self._changed()

    def action_redo(self) -> None:
        if self.queue is None:
            return
        try:
            done = self.queue.redo()
        except InputError as exc:
            self.notify(exc.reason, severity="warning", timeout=6)
            return
        if done is not None:
            file, label = done
            self.notify(f"Redone: {label} ({file})", timeout=4)
        self._changed()

    def action_save(self) -> None:
        queue = self.queue
        if queue is None or not queue.dirty:
            self.notify("Nothing to save.", timeout=3)
            return
        dirty = queue.dirty
        where = (
            f"one revision in each of {len(dirty)} files"
            if len(dirty) > 1
            else f"one revision in {printable(dirty[0], one_line=True)}"
        )

        def done(message: str | None) -> None:
            if message is not None:
                self._show_saved(queue.save(message.strip() or None))

        self.push_screen(
            PromptDialog(
                f"Save the verdicts as {queue.user} (reviewer): {where} — message:",
                value=self._retry_message or queue.summary_message(),
                hint="enter: save · escape: cancel",
            ),
            done,
        )

    def _show_saved(self, result: FolderSaveResult) -> None:
        """File by file: a toast when all were saved; a dialog saying which failed and why
        (their verdicts stay unsaved, to save again) when one was not."""
        self._changed()
        queue = self.queue
        for done in result.saved:  # our own saves are not others' news
            if queue is not None:
                self._seen[done.file] = file_stamp(queue.session(done.file).sidecar_path)
        if queue is not None and queue.user_source is not None and not self._named:
            from ..core.config import how_to_name_yourself

            self._named = True
            self.notify(
                f"Saved as “{queue.user}” ({queue.user_source}). To save under another "
                f"name: {how_to_name_yourself(self.config)}.",
                title="Who you are",
                timeout=15,
            )
        saved = len(result.saved)
        self._retry_message = None if result.ok else result.message
        if result.ok:
            lines = [s.line() for s in result.saved[:_TOAST_FILES]]
            if saved > _TOAST_FILES:
                lines.append(f"… and {saved - _TOAST_FILES} more")
            self.notify(
                "\n".join(lines),
                title=f"✓ Saved {saved} file{'s' if saved != 1 else ''}: {result.message}",
                timeout=8,
            )
            return
        failed = len(result.failed)
        body = [f.line() for f in result.failed] + [s.line() for s in result.saved]
        body.append(
            "The verdicts of the files not saved are kept, unsaved: ctrl+s tries those again "
            "(with the same message)."
        )
        self.push_screen(
            MessageDialog(
                f"{failed} file{'s' if failed != 1 else ''} not saved · {saved} saved",
                Content("\n\n".join(printable(line, one_line=True) for line in body)),
            )
        )

    async def action_quit(self) -> None:
        queue = self.queue
        if queue is None or not queue.dirty:
            self.exit(0)
            return
        n = sum(len(queue.session(f).actions) for f in queue.dirty)
        files = len(queue.dirty)

        def answer(quit_anyway: bool | None) -> None:
            if quit_anyway:
                self.exit(0)

        self.push_screen(
            ConfirmDialog(
                f"You have {n} unsaved verdict{'s' if n != 1 else ''} in {files} "
                f"file{'s' if files != 1 else ''}. Quit and lose them? (To keep them: "
                "Keep reviewing, then ctrl+s.)",
                yes="Quit without saving",
                no="Keep reviewing",
            ),
            answer,
        )

    def action_help(self) -> None:
        self.push_screen(MessageDialog("Keys", folder_help()))

    def get_system_commands(self, screen: Screen):
        """The queue's actions in the command palette (ctrl+p), with their keys."""
        yield from super().get_system_commands(screen)
        for title, action, help_ in palette(REVIEW_KEYS, on_screen=True):
            if action not in ("screen.open_in_text", "screen.leave"):
                yield SystemCommand(title, help_, lambda a=action: self.run_action(a))


#: The queue's keys that need an editor under it (not offered over a folder), and save (whose
#: help row says one revision: here one per file).
_EDITOR_ONLY = ("review.open", "review.leave", "save")


def folder_help() -> Table:
    """The review queue's keys as the folder's queue has them: the one-file queue's section of
    the help (tui/keys.py) without the editor's keys, with undo, redo, help and quit (which
    the one-file help lists with the editor's)."""
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold #ffa62b", no_wrap=True, min_width=14)
    table.add_column(ratio=1)
    rows = tuple(
        row for row in REVIEW.rows if not (isinstance(row, Key) and row.id in _EDITOR_ONLY)
    )
    extra = (
        Note("ctrl+s", ("save: one revision in each file with verdicts, all with one message",)),
        Note("u, ctrl+z · U, ctrl+y", ("undo / redo the last verdict, whatever its file",)),
        Note("q", ("quit (asks first when verdicts are unsaved)",)),
        Note("?, ctrl+p", ("these keys; the command palette",)),
    )
    section = Section("Review queue over a folder", rows + extra)
    for keys, what in help_rows(section):
        table.add_row(keys, what)
    return table
