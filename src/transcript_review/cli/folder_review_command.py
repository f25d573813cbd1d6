"""``transcript-review DIR --review``: the folder's review queue on screen (a path of its
own beside ``open FILE``, so the editor's start-up is not touched)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..core.config import Config
from ..core.review.queue import DEFAULT_FILTER


def review_folder(config: Config, folder: Path, user: str | None, recursive: bool) -> int:
    """Open the review screen over ``folder`` (its subfolders too with ``recursive``).

    The folder is scanned by the app's worker after the first paint; a folder that cannot be
    listed ends the app with its one-line error (exit 2), as a bad FILE does for the editor.
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # No terminal to draw on: what the screen would have listed, as `queue DIR` prints it.
        from .folder_queue_commands import queue_folder

        queue_folder(config, folder, DEFAULT_FILTER, False, recursive)
        click.echo("(not a terminal: this is the queue; run it in a terminal to review)", err=True)
        return 0
    from ..tui.folder_review_app import FolderReviewApp  # Textual loads only for the screen

    app = FolderReviewApp(folder, config, user, recursive=recursive)
    app.run()
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0
