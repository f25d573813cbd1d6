"""Saving from the editor (``ctrl+s``: a revision with a message) and reading others' saves
(the sidecar is watched every two seconds; their work is shown, ours replayed on top).

A part of :class:`~.editor_screen.EditorScreen`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.screen import Screen

from ..core.errors import InputError

if TYPE_CHECKING:
    from ..core.config import Config
    from ..core.editing.session import EditingSession


class SavingKeys(Screen[None]):
    """Saving and others' saves (a base of :class:`~.editor_screen.EditorScreen`)."""

    session: EditingSession | None
    config: Config
    user_source: str | None
    """Where the user's name came from when neither ``--user`` nor the config chose it (git's
    user.name, the login name): the first save says so, once, and how to choose."""
    _sidecar_seen: tuple[int, int] | None

    if TYPE_CHECKING:  # the editor's, used here

        def _say(self, message: str) -> None: ...
        def refresh_document(self, keep_cursor: bool = True) -> None: ...

    def _check_sidecar(self) -> None:
        """Every two seconds: did someone else save to this sidecar? Then show their work.

        A shared folder has no notifications, so the file's size and time are compared; a
        change that is not ours is read, our unsaved actions replayed on top, and what the
        others added is said in one line.
        """
        from ..core.sharing.merge import added_since

        session = self.session
        if session is None:
            return
        stamp = file_stamp(session.sidecar_path)
        if stamp == self._sidecar_seen:
            return
        self._sidecar_seen = stamp
        before = session.sidecar
        try:
            set_aside = session.reload()
        except InputError as exc:  # only a sidecar that cannot be read now
            self.notify(f"The sidecar changed and cannot be read now: {exc}", severity="error")
            return
        added = added_since(before, session.sidecar)
        self.refresh_document()
        if added.revisions:
            self.notify(added.summary(), severity="warning", timeout=10)
        for dropped in set_aside:  # unsaved actions their save made inapplicable
            self.notify(dropped.message, severity="warning", timeout=15)


    def action_save(self) -> None:
        from .dialogs import PromptDialog

        session = self.session
        if session is None:
            return
        if not session.dirty:
            self._say("nothing to save")
            return

        def done(message: str | None) -> None:
            if message is None:
                return
            try:
                result = session.save(message.strip() or None)
            except InputError as exc:
                self.notify(f"Not saved: {exc}", severity="error", timeout=15)
                return
            self._sidecar_seen = file_stamp(session.sidecar_path)
            self.refresh_document()
            if self.user_source is not None:  # once: the name is on the status line anyway
                from ..core.config import how_to_name_yourself

                self.notify(
                    f"Saved as “{session.user}” ({self.user_source}). To save under another "
                    f"name: {how_to_name_yourself(self.config)}.",
                    title="Who you are",
                    timeout=15,
                )
                self.user_source = None
            if result.others or result.torn_moved or result.lock_broken is not None:
                # someone saved meanwhile, or the file needed mending: more than a note
                self.notify(result.summary(), severity="warning", timeout=10)
            else:
                self._say(f"✓ {result.summary()}")

        self.app.push_screen(
            PromptDialog(
                f"Save a revision as {session.user} ({session.role.value}) — message:",
                value=session.summary_message(),
                hint="enter: save · escape: cancel",
            ),
            done,
        )


def file_stamp(path: Path) -> tuple[int, int] | None:
    """Size and modification time of a file (None when it does not exist)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns)


