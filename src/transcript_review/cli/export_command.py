"""``export``: the corrected transcript as text, Markdown, captions or JSON."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from ..core.config import Config
from ..core.editing.session import EditingSession
from ..core.errors import InputError
from ..core.export.formats import FORMATS, GAP_STYLES, ExportOptions, check_gap_style, export
from ..core.quoting import safe_path
from ..core.sidecar.records import Role
from ..core.timing.transcript_times import find_timing_file
from .common import (
    file_argument,
    open_session,
    print_text,
    reference_option,
    report_invalid_verdicts,
    timing_for,
    timing_option,
)
from .options import recursive_option, refuse_recursive


@click.command("export")
@file_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="txt", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: standard output).",
)
@click.option("--include-proposed", is_flag=True, help="Apply proposals not yet approved too.")
@click.option(
    "--gap-style",
    default="as-typed",
    show_default=True,
    help=f"How open gaps are written: {', '.join(GAP_STYLES)}, or a template with "
    "{time}, e.g. '(inaudible at {time})'.",
)
@click.option(
    "--out",
    "out_folder",
    type=click.Path(file_okay=False, path_type=Path),
    help="With a folder: write one output per transcript into this folder (outside it).",
)
@recursive_option
@timing_option
@reference_option
@click.pass_obj
def export_command(
    config: Config,
    file: Path,
    fmt: str,
    output: Path | None,
    include_proposed: bool,
    gap_style: str,
    out_folder: Path | None,
    recursive: bool,
    timing_path: Path | None,
    reference_path: Path | None,
) -> int | None:
    """Write FILE's corrected text (approved corrections only, by default).

    Given a folder, write each transcript's into --out OUTDIR (never beside the transcripts).
    """
    gap_style = check_gap_style(gap_style)
    if file.is_dir():
        from .folder_commands import export_dir

        return export_dir(
            config,
            file,
            out_folder,
            output,
            ExportOptions(fmt, include_proposed, gap_style),
            recursive,
            timing_path or reference_path,
        )
    refuse_recursive(file, recursive)
    if out_folder is not None:
        raise InputError(
            file,
            "is a file; --out takes the output folder of a folder's export, "
            "use -o OUT for one file",
        )
    session = open_session(config, file, None, Role.EDITOR)
    if output is not None:
        _check_output(output, session, timing_path, reference_path)
    timing = timing_for(session, config, timing_path, reference_path)
    report_invalid_verdicts(session.state)
    text = export(
        session.transcript,
        session.state,
        lambda: session.items,  # found only if the format needs them
        timing,
        ExportOptions(fmt, include_proposed, gap_style),
    )
    if output is None:
        print_text(text)
        return
    _write_atomically(output, text)
    click.echo(f"wrote {safe_path(output)} ({fmt})", err=True)


def _check_output(
    output: Path, session: EditingSession, timing: Path | None, reference: Path | None
) -> None:
    """Refuse to write over the files the work lives in."""
    from ..core.sidecar.store import (
        LOCK_SUFFIX,
        SIDECAR_SUFFIX,
        TORN_SUFFIX,
        lock_path_for,
        torn_path_for,
    )

    target = output.resolve()
    sidecar = session.sidecar_path
    protected = {
        session.transcript.path: "the transcript itself; it is never overwritten",
        sidecar: "the sidecar with every correction; export somewhere else",
        lock_path_for(sidecar): "the sidecar's lock file",
        torn_path_for(sidecar): "where interrupted saves are kept",
    }
    for extra in (timing, reference, find_timing_file(session.transcript.path)):
        if extra is not None:
            protected[extra] = "a timing or reference file this export reads"
    for path, why in protected.items():
        if path is not None and Path(path).resolve() == target:
            raise InputError(output, f"is {why}; choose another -o")
    # Any transcript's sidecar, lock or kept torn bytes, by name, whether or not it exists
    # and whatever a symlink at the name points to: another history must never be replaced
    # by plain text (export a.txt -o b.txt.review.yaml).
    for name in (output.name, target.name):
        for suffix, what in (
            (SIDECAR_SUFFIX, "a transcript's sidecar (its history of corrections)"),
            (SIDECAR_SUFFIX + LOCK_SUFFIX, "a sidecar's lock file"),
            (SIDECAR_SUFFIX + TORN_SUFFIX, "where a sidecar's interrupted saves are kept"),
        ):
            if name.endswith(suffix):
                raise InputError(output, f"is named like {what}; choose another -o")


def _write_atomically(path: Path, text: str) -> None:
    """Write beside the target and rename, so a full disk never leaves half a file."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(path, f"cannot write here: {exc.strerror or exc}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)  # as an ordinary new file would be, not mkstemp's 0600
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(temp, path)
    except OSError as exc:
        Path(temp).unlink(missing_ok=True)
        raise InputError(
            path, f"not written ({exc.strerror or exc}); nothing was changed"
        ) from None
