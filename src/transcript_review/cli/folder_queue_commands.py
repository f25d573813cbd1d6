"""``queue DIR``, ``approve DIR ID…`` and ``reject DIR ID…``: the folder's review queue.

Built on :class:`.FolderQueue`: only the transcripts with corrections are opened, a file that
cannot be read is one line (an ``error:`` line on stderr, a ``problems`` entry in JSON) and the
others are still listed. Ids are per file: ``approve DIR ID`` finds the one file whose
corrections have that id (or begin with it); an id found in two files is refused naming both,
and ``FILE:ID`` (the file's path in the folder) names it without doubt.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from ..core.config import Config, how_to_name_yourself
from ..core.errors import InputError
from ..core.quoting import one_line, printable
from ..core.review.folder_queue import FolderQueue, FolderSaveResult
from ..core.review.queue import QueueRow
from ..core.workspace.scan import shown_name
from . import PROG
from .common import print_json, warn
from .queue_command import row_cells, row_json
from .views import TABLE_ROWS, emit, safe


def _error(line: str) -> None:
    click.echo(f"{PROG}: error: {one_line(line, 2000)}", err=True)


def queue_folder(config: Config, folder: Path, query: str, as_json: bool, recursive: bool) -> None:
    """``queue DIR``: the folder's rows (``queue FILE``'s keys plus ``file``), its problems."""
    queue = FolderQueue.open(folder, config, user="-", recursive=recursive)
    for warning in queue.warnings():
        warn(warning)
    rows = queue.rows(query)
    if as_json:
        print_json(
            {
                "folder": shown_name(str(folder)),
                "recursive": recursive,
                "filter": query,
                "rows": [_row_json(queue, row) for row in rows],
                "problems": [{"file": p.file, "error": p.message} for p in queue.problems],
            }
        )
        return
    _print_rows(queue, str(folder), query, rows)
    for problem in queue.problems:
        _error(problem.message)


def _row_json(queue: FolderQueue, row: QueueRow) -> dict[str, Any]:
    assert row.file is not None  # every row of the folder's queue has its file
    transcript = queue.session(row.file).transcript
    return {"file": row.file, **row_json(row, transcript.line_column, transcript.text)}


def _print_rows(queue: FolderQueue, folder: str, query: str, rows: list[QueueRow]) -> None:
    if not rows:
        emit(safe(f"{folder}: no proposals match “{query}” in {len(queue.files)} file(s)."))
        return
    title = f"{folder}: {len(rows)} proposal(s) matching “{query}” in {len(queue.files)} file(s)"
    cells = []
    for row in rows:
        assert row.file is not None
        text = queue.session(row.file).transcript.text
        cells.append((printable(row.file, one_line=True), *row_cells(row, text)))
    if len(rows) > TABLE_ROWS:  # as `queue FILE`: thousands of rows print as plain lines
        click.echo(printable(title, one_line=True))
        click.echo("\n".join(" ".join(row) for row in cells))
        return
    table = Table(title=safe(title), title_justify="left")
    for column in ("file", "id", "kind", "author", "time", "age", "status"):
        table.add_column(column, no_wrap=True)
    table.add_column("change")
    for row in cells:
        table.add_row(*row[:7], Text(row[7]))
    emit(table)


def verdicts_folder(
    config: Config,
    folder: Path,
    verdict: str,
    ids: tuple[str, ...],
    comment: str | None,
    user: str | None,
    message: str | None,
    break_lock: bool,
    recursive: bool,
) -> int:
    """``approve DIR ID…`` / ``reject DIR ID…``: every verdict given first (any refused: nothing
    is saved, as for one file), then one revision per touched sidecar with one message. A file
    that cannot be saved is an error line; the others stay saved; exit 2 then."""
    queue = FolderQueue.open(folder, config, user=user, recursive=recursive, with_timing=False)
    targets = [queue.find(wanted) for wanted in ids]
    seen: dict[tuple[str, str], str] = {}
    for wanted, target in zip(ids, targets, strict=True):
        if target in seen:
            raise InputError(
                folder, f"{wanted!r} and {seen[target]!r} are the same correction; give it once"
            )
        seen[target] = wanted
    for file, cid in targets:
        getattr(queue, verdict)(file, cid, comment)
    result = queue.save(message, break_lock=break_lock)
    _report(result)
    if queue.user_source is not None and result.saved:
        click.echo(
            one_line(
                f"{PROG}: note: saved as “{queue.user}” ({queue.user_source}); to choose the "
                f"name: {how_to_name_yourself(config)}",
                2000,
            ),
            err=True,
        )
    return 0 if result.ok else 2


def _report(result: FolderSaveResult) -> None:
    for saved in result.saved:
        click.echo(saved.line())
    for failed in result.failed:  # the process ends: its verdicts are to be given again
        _error(f"{failed.file}: not saved: {failed.reason}; run the command again for its ids")
