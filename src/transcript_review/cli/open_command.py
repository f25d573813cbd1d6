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
    refuse_recursive,
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

    Given a folder, the workspace: a row per transcript in it, enter opens one in the editor;
    `transcript-review DIR --review` opens one review queue over the folder's transcripts.
    """
    if file.is_dir():
        if review:
            from .folder_review_command import review_folder

            return review_folder(config, file, user, recursive)
        one_file = {
            "--timing": timing_path, "--reference": reference_path,
            "--media": media, "--webcast": webcast,
        }
        return open_folder(config, file, user, recursive, mpv_socket, one_file)
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


def open_folder(
    config: Config,
    folder: Path,
    user: str | None,
    recursive: bool,
    mpv_socket: str | None,
    one_file: dict[str, object],
) -> int:
    """``transcript-review DIR``: the workspace. Options that name one file's companions are
    refused (each file of a folder finds its own captions and recording by name), and so is a
    folder with nothing to open: said on the command line, not in an empty screen."""
    from ..core.errors import InputError

    given = [flag for flag, value in one_file.items() if value]
    if given:
        raise InputError(
            folder,
            f"is a folder; {given[0]} applies to one transcript (open the folder, then a file: "
            "each finds its own captions and recording by name)",
        )
    refuse_empty_folder(folder, recursive)
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        from .folder_commands import status_folder

        status_folder(config, folder, False, recursive)
        click.echo("(not a terminal: this is the summary; run it in a terminal to edit)", err=True)
        return 0
    from ..tui.workspace_app import WorkspaceApp

    app = WorkspaceApp(folder, config, user, recursive=recursive, mpv_socket=mpv_socket)
    app.run()
    return app.return_code or 0


def refuse_empty_folder(folder: Path, recursive: bool) -> None:
    """InputError when the folder holds no transcript, or none that can be read. Files the scan
    would take for transcripts are read in name order until the first readable one (usually
    the first file): the folder is not classified, nor read, twice before the screen appears
    (tests/bench/bench_workspace_open.py). Only when none is found is it scanned, to say why."""
    import os

    from ..core.errors import InputError
    from ..core.workspace.scan import is_transcript_name, scan_folder
    from ..tui.app import read_transcript

    if not folder.is_dir():
        scan_folder(folder)  # (raises: missing, or not a folder)
    for directory, dirs, files in os.walk(folder):
        # As the scan walks: hidden folders and symbolic links to folders never.
        dirs[:] = sorted(
            d
            for d in dirs
            if recursive
            and not d.startswith(".")
            and not os.path.islink(os.path.join(directory, d))
        )
        for name in sorted(files):
            if is_transcript_name(name):
                try:
                    read_transcript(Path(directory, name))
                    return
                except InputError:
                    continue
    entries = scan_folder(folder, recursive=recursive).entries
    if not entries:
        deeper = "" if recursive else "; --recursive looks in its subfolders too"
        raise InputError(
            folder,
            "has no transcripts (sidecars, captions, exports and recordings are not listed as "
            f"transcripts); give a folder of transcript text files{deeper}",
        )
    entry = entries[0]
    if entry.error is not None:
        reason = entry.error.split(": ", 1)[-1]
    else:
        try:
            read_transcript(entry.path)
            return  # (it became readable meanwhile)
        except InputError as exc:
            reason = exc.reason
    # (what is wrong, not the advice for one file: the advice here is about the folder)
    many = f"none of its {len(entries)} files" if len(entries) > 1 else "its only file"
    raise InputError(
        folder,
        f"{many} can be read as a transcript (first: {entry.relative}: "
        f"{reason.split('; ')[0]}); give a folder of transcript text files",
    )
