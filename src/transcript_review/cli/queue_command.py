"""``queue``: the review queue without the editor, the same rows and filters as its screen.

Given a folder, the folder's queue (:class:`.FolderQueue`): every proposal of every transcript,
each row carrying its ``file``; ``approve DIR``/``reject DIR`` give verdicts on it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from rich.table import Table
from rich.text import Text

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import printable
from ..core.review.queue import (
    DEFAULT_FILTER,
    FILTER_HINT,
    QueueRow,
    build_queue,
    change_line,
    describe_age,
    filter_problem,
)
from ..core.sidecar import format_time
from ..core.sidecar.records import Role
from ..core.text.timecodes import format_timecode
from .common import file_argument, json_option, open_session, print_json, timing_for
from .options import recursive_option, refuse_recursive
from .views import TABLE_ROWS, emit, safe


@click.command("queue")
@file_argument
@click.option(
    "--filter",
    "query",
    default=DEFAULT_FILTER,
    show_default=True,
    help=f"The review screen's filter: {FILTER_HINT}; with a folder also file:.",
)
@json_option
@recursive_option
@click.pass_obj
def queue_command(config: Config, file: Path, query: str, as_json: bool, recursive: bool) -> None:
    """List the proposals awaiting review in FILE, as the editor's review queue shows them.

    Given a folder, every proposal of every transcript in it, each with its file (only the
    transcripts that have corrections are opened; `file:NAME` narrows the list)."""
    problem = filter_problem(query)
    if problem is not None:
        raise InputError(file, f"{problem}; see `transcript-review queue --help`")
    if file.is_dir():
        from .folder_queue_commands import queue_folder

        return queue_folder(config, file, query, as_json, recursive)
    refuse_recursive(file, recursive)
    session = open_session(config, file, None, Role.REVIEWER)
    timing = timing_for(session, config)
    rows = build_queue(session, timing, query)
    text = session.transcript.text
    if as_json:
        print_json(
            {
                "transcript": session.transcript.name,
                "filter": query,
                "rows": [row_json(row, session.transcript.line_column, text) for row in rows],
            }
        )
        return
    _print_rows(session.transcript.name, query, rows, text)


def status_cell(row: QueueRow) -> str:
    """The status cell as the screen writes it: ``?`` questioned, ``↻`` outdated."""
    status = row.correction.status.value
    if row.questioned:
        status = "? " + status
    if row.outdated:
        status += " ↻"
    return status


def when_cell(row: QueueRow) -> str:
    return "—" if row.time is None else format_timecode(row.time, estimated=row.estimated)


def row_json(row: QueueRow, line_column: Any, text: str) -> dict[str, Any]:
    """A row as ``queue --json`` gives it (the folder's queue adds ``file``)."""
    c = row.correction
    return {
        "id": c.id,
        "kind": c.kind.value,
        "status": c.status.value,
        "author": c.author,
        "revision": c.revision,
        "saved": format_time(c.saved),
        "time": row.time,
        "time_estimated": row.estimated,
        "line": line_column(row.start)[0] if row.start is not None else None,
        "start": row.start,
        "end": c.span[1] if c.span else None,
        "change": change_line(row, text),
        "questioned": row.questioned,
        "outdated": row.outdated,
        "orphaned": row.orphaned,
    }


def row_cells(row: QueueRow, text: str) -> tuple[str, ...]:
    """A row's cells in the printed table (id, kind, author, time, age, status, change), from
    the transcript's ``text``: control characters from the sidecar escaped."""
    return (
        row.id,
        row.correction.kind.value,
        printable(row.correction.author, one_line=True),
        when_cell(row),
        describe_age(row.correction.saved),
        status_cell(row),
        printable(change_line(row, text), one_line=True),
    )


def _print_rows(name: str, query: str, rows: list[QueueRow], text: str) -> None:
    title = f"{name}: {len(rows)} proposal(s) matching “{query}”"
    if not rows:
        emit(safe(f"{name}: no proposals match “{query}”."))
        return
    cells = [row_cells(row, text) for row in rows]
    if len(rows) > TABLE_ROWS:  # a table of thousands of rows costs more than it helps
        click.echo(printable(title, one_line=True))
        click.echo("\n".join(" ".join(row) for row in cells))
        return
    table = Table(title=safe(title), title_justify="left")
    for column in ("id", "kind", "author", "time", "age", "status"):
        table.add_column(column, no_wrap=True)
    table.add_column("change")
    for row in cells:
        table.add_row(*row[:6], Text(row[6]))
    emit(table)
