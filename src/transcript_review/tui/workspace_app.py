"""The app for a folder: ``transcript-review DIR`` opens the workspace, ``enter`` a file's editor.

:class:`WorkspaceApp` is the app of one file (:class:`~.app.TranscriptReviewApp`) with the
workspace (:class:`~.workspace_screen.WorkspaceScreen`) as its first screen instead of an editor.
``enter`` on a row reads and checks the file as ``transcript-review FILE`` does (a refusal is a
toast on the workspace, never an exit), pushes a :class:`~.workspace_editor.WorkspaceEditor` for
it and loads its session with the app's own load worker; leaving the editor (``q``) brings the
row up to date. Everything else — saving, undo, listening, the review queue over the editor, the
quit question — is the one-file app's, acting on the editor open at the time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from textual.app import SystemCommand
from textual.screen import Screen

from ..core.config import Config
from ..core.errors import InputError
from .app import (
    _ON_EVERY_SCREEN,
    PALETTE,
    LoadFailed,
    TranscriptReviewApp,
    help_text,
    read_transcript,
)
from .editor_screen import EditorOptions
from .keys import WORKSPACE_FILE, WORKSPACE_FILE_KEYS, WORKSPACE_KEYS, palette
from .workspace_editor import WorkspaceEditor
from .workspace_screen import WorkspaceScreen

#: The palette of an editor opened from the workspace: the editor's, with "back" for quit.
FILE_PALETTE = palette(WORKSPACE_FILE_KEYS, on_screen=True) + PALETTE
WORKSPACE_PALETTE = palette(WORKSPACE_KEYS, on_screen=True)


class WorkspaceApp(TranscriptReviewApp):
    """``transcript-review DIR``: the transcripts of a folder, each opened in the editor."""

    def __init__(
        self,
        folder: Path,
        config: Config,
        user: str | None,
        *,
        recursive: bool = False,
        mpv_socket: str | None = None,
        watch_seconds: float | None = None,
        **workspace: Any,
    ) -> None:
        """``workspace``: the workspace screen's test hooks (``clock``, ``summarise``)."""
        super().__init__(None, None, None, config, user)  # no file yet: see TranscriptReviewApp
        self.mpv_socket = mpv_socket
        """Given to every file's editor (the player is the same for all)."""
        if watch_seconds is not None:
            workspace["watch_seconds"] = watch_seconds
        self.workspace = WorkspaceScreen(folder, recursive=recursive, config=config, **workspace)

    def get_default_screen(self) -> Screen:
        return self.workspace

    def on_mount(self, event: events.Mount) -> None:
        # The workspace reads the folder itself; a file loads when it is opened. (Textual
        # calls each class's handler in turn: the one-file app's would load its file.)
        event.prevent_default()

    # -- opening a file, and coming back --------------------------------------------------------

    def on_workspace_screen_open_transcript(self, message: WorkspaceScreen.OpenTranscript) -> None:
        """``enter`` on a row: the file read and checked as ``transcript-review FILE`` does, its
        editor shown at once, its session loaded by the load worker."""
        if self.editor is not None:
            return  # an editor is open already (a second click on the row)
        try:
            decoded = read_transcript(message.path)
        except InputError as exc:
            self.notify(f"Cannot open it: {exc}", severity="error", timeout=8)
            return
        editor = WorkspaceEditor(
            message.path, decoded, self.config, EditorOptions(mpv_socket=self.mpv_socket)
        )
        self.editor = editor
        self.push_screen(editor, lambda result: self._left(editor, result))
        self.call_after_refresh(lambda: self._load(editor, editor.text_width()))

    def _left(self, editor: WorkspaceEditor, next_file: Path | None) -> None:
        """The editor was dismissed: its row read again; on to ``next_file`` when one was
        accepted."""
        if self.editor is editor:
            self.editor = None
        self.workspace.refresh_row(editor.path)
        if next_file is not None and self.workspace.select(next_file):
            self.workspace.action_open_transcript()

    def on_load_failed(self, message: LoadFailed) -> None:
        """The sidecar (or the transcript's parse) failed: said on the workspace, the editor
        closed; nothing was written. (Not the one-file app's: that one ends the app.)"""
        message.prevent_default()
        if message.editor is not self.editor:
            return
        self.notify(f"Cannot open it: {message.error}", severity="error", timeout=10)
        message.editor.dismiss(None)

    def on_workspace_editor_past_the_last(self, message: WorkspaceEditor.PastTheLast) -> None:
        """``n`` past a file's last open item: the next file with open work is offered (the
        workspace's order and filter decide which); with unsaved changes, or none left, the
        editor rounds to its first item and says why."""
        from ..core.quoting import printable
        from .dialogs import ConfirmDialog

        editor = message.editor
        session = editor.session
        following = self.workspace.next_open_after(editor.path)
        if following is None:
            editor.round_to_first("back to the first open item · no other file has open work")
            return
        name = printable(following.relative, one_line=True)
        if session is not None and session.dirty:
            # A toast, not only the note: at 80 columns the status line cuts a long note, and
            # this one says how to go on.
            editor.round_to_first("past the last open item: back to the first")
            self.notify(
                f"That was the last open item. To go on to {name} (next with open work), "
                "save first (ctrl+s), then n.",
                timeout=10,
            )
            return

        def answer(go: bool | None) -> None:
            if go:
                editor.leave_for(following.path)
            else:
                editor.round_to_first("past the last open item: back to the first")

        what = f"{following.open_work} open item{'s' if following.open_work != 1 else ''}"
        self.push_screen(
            ConfirmDialog(
                f"That was the last open item of {printable(editor.path.name, one_line=True)}."
                f" Open the next file with open work, {name} ({what})?",
                yes="Open it",
                no="Stay here",
            ),
            answer,
        )

    # -- keys -------------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The session's keys (ctrl+s, undo, listening) only while a file's editor (or the
        review queue over it) is shown: on the workspace there is no session to act on."""
        if action in _ON_EVERY_SCREEN and (self.editor is None or _is_workspace(self.screen)):
            return False
        return super().check_action(action, parameters)

    def action_help(self) -> None:
        from .dialogs import MessageDialog

        if _is_workspace(self.screen):
            self.workspace.action_help()
            return
        body = help_text(review_first=getattr(self.screen, "is_review_queue", False),
                         first=WORKSPACE_FILE)
        self.push_screen(MessageDialog("Keys", body))

    def get_system_commands(self, screen: Screen):
        """The workspace's actions on the workspace; on an editor its own, with "back"."""
        if not _is_workspace(screen) and not isinstance(screen, WorkspaceEditor):
            yield from super().get_system_commands(screen)
            return
        yield from super(TranscriptReviewApp, self).get_system_commands(screen)
        entries = WORKSPACE_PALETTE if _is_workspace(screen) else FILE_PALETTE
        for title, action, help_ in entries:
            yield SystemCommand(title, help_, lambda a=action: self.run_action(a))


def _is_workspace(screen: object) -> bool:
    return getattr(screen, "is_workspace", False)
