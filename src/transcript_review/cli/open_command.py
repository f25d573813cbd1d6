"""``open`` (the default command): the editor."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from ..core.config import Config
from .options import (
    file_argument,
    recursive_option,
    reference_option,
    timing_option,
    user_option,
)


@click.command("open")
@file_argument
@user_option
@timing_option
@reference_option
@click.option("--review", is_flag=True, help="Open the review queue (approve, reject, amend).")
@click.option("--media", help="The recording to listen to: a file or an http(s) URL.")
@click.option("--webcast", help="The webcast's page (http/https), opened at a passage with w.")
@click.option("--mpv-socket", help="Control an mpv already running with --input-ipc-server.")
@recursive_option
@click.pass_obj
def open_command(
    config: Config,
    file: Path,
    user: str | None,
    timing_path: Path | None,
    reference_path: Path | None,
    review: bool,
    media: str | None,
    webcast: str | None,
    mpv_socket: str | None,
    recursive: bool,
) -> int:
    """Open FILE in the editor (the default command: `transcript-review FILE`).

    `transcript-review DIR --review` opens one review queue over the folder's transcripts.
    """
    if review and file.is_dir():
        from .folder_review_command import review_folder

        return review_folder(config, file, user, recursive)
    if not file.is_dir():
        from .options import refuse_recursive

        refuse_recursive(file, recursive)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        # No terminal to draw on (piped or scripted): say what the editor would have shown.
        from ..core.sidecar.records import Role
        from .common import open_session
        from .inspect_commands import status_summary
        from .views import print_status

        print_status(status_summary(open_session(config, file, user, Role.EDITOR)))
        click.echo("(not a terminal: this is the summary; run it in a terminal to edit)", err=True)
        return 0
    # Start-up makes some 90,000 objects that live as long as the program (Textual's modules,
    # classes and CSS rules); Python's cyclic garbage collector walks them over and over while
    # they are made, for nothing (some 15 ms of the 0.25 s to the first paint). It is paused
    # until the editor's first frame is on the screen: the app resumes it then (on_ready).
    gc.disable()
    try:
        from ..tui.app import TranscriptReviewApp  # Textual loads only when the editor is wanted

        role = None  # an editor; the sidecar's modules load after the first paint
        if review:
            from ..core.sidecar.records import Role

            role = Role.REVIEWER

        app = TranscriptReviewApp.for_file(
            file,
            config,
            user,  # None: the config's, git's or the login name, found after the first paint
            role,
            timing_path=timing_path,
            reference_path=reference_path,
            media=media,
            webcast=webcast,
            mpv_socket=mpv_socket,
        )
        app.run()
    finally:
        gc.enable()  # (already, unless the editor ended before its first frame)
    if app.load_error is not None:
        raise app.load_error
    return app.return_code or 0
