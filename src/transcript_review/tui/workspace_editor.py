"""The editor of a file opened from the workspace: ``q`` goes back to the workspace, ``n`` past
the file's last open item asks for the next file with open work.

An :class:`~.editor_screen.EditorScreen` with two differences, both about leaving the file:

* ``q`` (its own binding, in place of the app's quit; ``ctrl+q`` still quits) dismisses the
  screen, asking first when there are unsaved changes, in the words quitting uses;
* ``n`` past the last open item (or on a file with none left) does not round to the first item
  at once: it posts :class:`WorkspaceEditor.PastTheLast`, and the app, which knows the
  workspace's rows, offers the next file with open work (or rounds, saying why not).

The screen is dismissed with the file to open next (the app's answer to the offer), or None
for back to the workspace. Like every screen it never imports the app.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.binding import BindingType
from textual.message import Message

from .dialogs import ConfirmDialog, lose_unsaved
from .editor_screen import EditorScreen
from .key_footer import bindings
from .keys import EDITOR_KEYS, WORKSPACE_FILE_KEYS, footer_order
from .transcript_view import TranscriptView


class WorkspaceEditor(EditorScreen):
    """One transcript's editor, opened from the workspace (and back to it with ``q``)."""

    BINDINGS: ClassVar[list[BindingType]] = bindings(WORKSPACE_FILE_KEYS)
    FOOTER_ORDER: ClassVar[tuple[str, ...]] = footer_order(EDITOR_KEYS + WORKSPACE_FILE_KEYS)

    class PastTheLast(Message):
        """``n`` past the last open item of the file (or in a file with none open): the app
        offers the next file with open work, or calls :meth:`WorkspaceEditor.round_to_first`."""

        def __init__(self, editor: WorkspaceEditor) -> None:
            super().__init__()
            self.editor = editor

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # n applies in a file with nothing left open too: it offers the next file.
        if action == "next_item" and self.session is not None and not self.app.screen.is_modal:
            return True
        return super().check_action(action, parameters)

    def action_next_item(self) -> None:
        view = self.query_one(TranscriptView)
        offset = view.cursor[0] if view.cursor else -1
        if self.worklist is None or self.worklist.next_after(offset) is None:
            self.post_message(self.PastTheLast(self))
            return
        super().action_next_item()

    def round_to_first(self, note: str) -> None:
        """Past the last open item, and no other file taken: to the first open item, if any,
        with ``note`` (why) on the status line."""
        entry = self.worklist.next_after(-1) if self.worklist is not None else None
        if entry is not None:
            self.query_one(TranscriptView).move_to(entry.start, center="off-screen")
        self._say(note)

    def action_leave(self) -> None:
        """``q``: back to the workspace; with unsaved changes, asked first."""
        session = self.session
        if session is None or not session.dirty:
            self.dismiss(None)
            return

        def answer(leave_anyway: bool | None) -> None:
            if leave_anyway:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmDialog(
                lose_unsaved(len(session.actions), "Leave this file"),
                yes="Leave without saving",
                no="Keep editing",
            ),
            answer,
        )

    def leave_for(self, path: Path) -> None:
        """Leave for ``path`` (the next file with open work, accepted in the offer)."""
        self.dismiss(path)
