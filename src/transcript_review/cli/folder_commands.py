"""``status``, ``items``, ``check`` and ``export`` given a folder: each file in turn.

:func:`folder_of` is the one place a DIR argument becomes entries (:func:`.scan_folder`); the
single-file commands hand over to the functions here when their argument is a folder, and are
otherwise unchanged. A file that cannot be read is reported with its one line (a row in
``status``, an ``errors`` entry in ``items --json``, exit status 2 for ``check`` and ``export``)
and the others are still done.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click
from rich import box
from rich.table import Table
from rich.text import Text

from ..core.config import Config
from ..core.editing.session import EditingSession
from ..core.errors import InputError
from ..core.export.formats import ExportOptions, export
from ..core.sidecar.records import Role
from ..core.sidecar.store import sidecar_path_for
from ..core.workspace import (
    Entry,
    Folder,
    SummaryCache,
    folder_totals,
    scan_folder,
    short_timing,
    summarise_folder,
)
from ..core.workspace.scan import shown_name
from . import PROG
from .common import print_json, timing_for
from .views import console, safe


def folder_of(path: Path, recursive: bool) -> Folder:
    """The folder's entries (transcripts, unreadable files, companions without a transcript)."""
    return scan_folder(path, recursive=recursive)


def _session(config: Config, entry: Entry) -> EditingSession:
    """The entry's session, or InputError with the one line for its file."""
    if entry.error is not None:
        raise InputError(None, entry.error)
    return EditingSession.open(entry.path, config, user="-", role=Role.EDITOR)


def _error(message: str) -> None:
    click.echo(f"{PROG}: error: {safe(message).plain}", err=True)


# -- status -----------------------------------------------------------------------------------


def status_folder(config: Config, path: Path, as_json: bool, recursive: bool) -> None:
    """``status DIR``: a row per transcript (from the cache when unchanged) and the totals."""
    folder = folder_of(path, recursive)
    cache = SummaryCache(path, recursive=recursive, markers=config.markers)
    rows = summarise_folder(folder, config, cache)
    data = {
        "folder": shown_name(str(path)),
        "recursive": recursive,
        "files": rows,
        "totals": folder_totals(rows),
        "unattached": [
            {"file": shown_name(c.path.relative_to(path).as_posix()), "kind": c.kind}
            for c in folder.unattached
        ],
    }
    if as_json:
        print_json(data)
    else:
        _print_status_table(data)


def _age(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit}"
    return "now"


def _print_status_table(data: dict[str, Any]) -> None:
    rows, totals = data["files"], data["totals"]
    out = console()
    table = Table(
        title=safe(f"{data['folder']}: {totals['transcripts']} transcript(s)"),
        title_justify="left",
        box=box.SIMPLE_HEAD,
        padding=(0, 1),
        pad_edge=False,
        collapse_padding=True,
    )
    # Every column but the file's keeps its width; the file name gives way (ellipsis).
    numbers = ("words", "gaps", "unc.", "flags", "prop.", "rev")
    table.add_column("file", overflow="ellipsis", no_wrap=True)
    for name in numbers:
        table.add_column(name, justify="right", no_wrap=True)
    table.add_column("last", no_wrap=True)
    table.add_column("timing", no_wrap=True)
    widest = max((len(r["file"]) for r in rows), default=4)
    fixed = 7 + 5 + 5 + 5 + 5 + 3 + 12 + 10 + 10
    file_width = max(12, min(widest, out.width - fixed))
    for row in rows:
        name = safe(row["file"])
        name.truncate(file_width, overflow="ellipsis")
        if row["error"] is not None:
            dashes = ["—"] * (len(numbers) + 1)
            table.add_row(name, *dashes, Text("unreadable", style="red"))
            continue
        last = row["last_revision"]
        author = f"{last['author'][:8]}, {_age(last['age_seconds'])}" if last else "—"
        table.add_row(
            name,
            f"{row['words']:,}",
            f"{row['gaps']['open']}/{row['gaps']['total']}",
            f"{row['uncertain']['open']}/{row['uncertain']['total']}",
            str(row["flags"]),
            str(row["corrections"]["proposed"]),
            str(row["revision"]),
            safe(author),
            short_timing(row["timing_source"]),
        )
    out.print(table)
    gaps, unc = totals["gaps"], totals["uncertain"]
    out.print(
        f"total: {totals['words']:,} words; gaps {gaps['open']} open of {gaps['total']}; "
        f"uncertain {unc['open']} open of {unc['total']}; {totals['flags']} flags; "
        f"{totals['corrections']['proposed']} proposals awaiting review; "
        f"{totals['errors']} unreadable"
    )
    for row in rows:
        if row["error"] is not None:
            out.print(Text(safe(row["error"]).plain, style="red"), soft_wrap=True)
    for c in data["unattached"]:
        out.print(
            safe(f"{c['file']}: {c['kind']} whose transcript is not in the folder"),
            soft_wrap=True,
        )


# -- items ------------------------------------------------------------------------------------


def items_folder(
    config: Config,
    path: Path,
    as_json: bool,
    recursive: bool,
    kind: str | None,
    with_qc: bool = False,
) -> None:
    """``items DIR``: every file's items and corrections, each carrying its ``file``."""
    from .inspect_commands import corrections_json, item_rows
    from .views import print_items

    items: list[dict[str, Any]] = []
    corrections: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    per_file: list[tuple[str, list[dict[str, Any]]]] = []
    glossaries: dict[Any, Any] = {}
    for entry in folder_of(path, recursive).entries:
        try:
            session = _session(config, entry)
            timing = timing_for(session, config)
            states = session.item_states()
            found = item_rows(session, config, states, timing, kind, with_qc, glossaries)
        except InputError as exc:
            errors.append({"file": entry.relative, "error": shown_name(str(exc))})
            continue
        rows = [{"file": entry.relative, **row} for row in found]
        items += rows
        corrections += [{"file": entry.relative, **c} for c in corrections_json(session, states)]
        per_file.append((entry.relative, rows))
    if as_json:
        print_json(
            {
                "folder": shown_name(str(path)),
                "items": items,
                "corrections": corrections,
                "errors": errors,
            }
        )
        return
    for name, rows in per_file:
        print_items(safe(name).plain, rows)
    for e in errors:
        _error(e["error"])


# -- check ------------------------------------------------------------------------------------


def check_folder(config: Config, path: Path, as_json: bool, recursive: bool) -> int:
    """``check DIR``: every sidecar in the folder; the exit status is the worst of them (2 for
    a sidecar or transcript that cannot be read; 1 for a sidecar whose transcript is gone)."""
    from .history_commands import check_report, check_status, print_check

    folder = folder_of(path, recursive)
    results: list[dict[str, Any]] = []
    worst = 0
    for entry in folder.entries:
        if entry.companion("sidecar") is None:
            continue
        try:
            session = _session(config, entry)
        except InputError as exc:
            results.append({"file": entry.relative, "exit": 2, "error": shown_name(str(exc))})
            worst = 2
            if not as_json:
                _error(str(exc))
            continue
        report = check_report(session)
        code = check_status(report)
        worst = max(worst, code)
        results.append({"file": entry.relative, "exit": code, "error": None, **report})
        if not as_json:
            print_check(session, report)
    unattached = []
    for c in folder.unattached:
        if c.kind == "sidecar":
            name = shown_name(c.path.relative_to(path).as_posix())
            unattached.append(name)
            worst = max(worst, 1)
            if not as_json:
                click.echo(safe(f"{name}: its transcript is not in the folder").plain)
    if as_json:
        print_json(
            {
                "folder": shown_name(str(path)),
                "sidecars": results,
                "unattached": unattached,
                "exit": worst,
            }
        )
    elif not results and not unattached:
        click.echo(safe(f"{path}: no sidecars yet; nothing to check").plain)
    return worst


# -- export -----------------------------------------------------------------------------------


def check_out_folder(folder: Path, out: Path) -> None:
    """Refuse an output folder that would put exports among transcripts: the folder itself,
    one inside it (a later ``--recursive`` would take the exports for transcripts) or one
    that contains it (exports would land beside the transcripts of a parent folder)."""
    source, target = folder.resolve(), out.resolve()
    if target == source:
        raise InputError(out, "is the folder being exported; give another --out folder")
    if source in target.parents:
        raise InputError(
            out, "is inside the folder being exported; give an --out folder outside it"
        )
    if target in source.parents:
        raise InputError(out, "contains the folder being exported; give an --out folder outside it")
    if target.exists() and not target.is_dir():
        raise InputError(out, "is a file; --out takes a folder")


def export_folder(
    config: Config,
    path: Path,
    out: Path,
    options: ExportOptions,
    recursive: bool,
) -> int:
    """``export DIR --out OUTDIR``: one output per transcript, at its path inside the folder
    with the format's suffix; 2 when some transcript could not be exported (the others are)."""
    check_out_folder(path, out)
    folder = folder_of(path, recursive)
    suffix = f".{options.format}"
    taken: set[Path] = set()
    written = failed = 0
    for entry in folder.entries:
        relative = Path(os.path.relpath(entry.path, path))
        target = out / relative.with_suffix(suffix)
        if target in taken:  # speech.txt and speech.md both -> speech.txt: keep both
            target = out / relative.with_name(relative.name + suffix)
        try:
            session = _session(config, entry)
            if sidecar_path_for(target).exists():
                raise InputError(
                    target, "has a sidecar beside it: it is a transcript, never overwritten"
                )
            timing = timing_for(session, config)
            text = export(session.transcript, session.state, session.items, timing, options)
            target.parent.mkdir(parents=True, exist_ok=True)
            from .export_command import _write_atomically  # the one atomic writer of exports

            _write_atomically(target, text)
        except (InputError, OSError) as exc:
            failed += 1
            _error(str(exc) if isinstance(exc, InputError) else f"{target}: {exc}")
            continue
        taken.add(target)
        written += 1
        click.echo(safe(f"wrote {target} ({options.format})").plain, err=True)
    click.echo(
        safe(f"exported {written} of {written + failed} transcript(s) to {out}").plain, err=True
    )
    return 2 if failed else 0


def export_dir(
    config: Config,
    folder: Path,
    out_folder: Path | None,
    output: Path | None,
    options: ExportOptions,
    recursive: bool,
    per_file_option: Path | None,
) -> int:
    """``export DIR`` as the command was given: the options that name one file make no sense
    for a folder, and --out is needed."""
    if output is not None:
        raise InputError(folder, "is a folder; give --out OUTDIR (one output per transcript)")
    if out_folder is None:
        raise InputError(folder, "is a folder; give --out OUTDIR for its exports")
    if per_file_option is not None:
        raise InputError(folder, "is a folder; --timing and --reference name one file's files")
    return export_folder(config, folder, out_folder, options, recursive)
