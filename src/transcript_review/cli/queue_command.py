"""``queue``: the review queue without the editor, the same rows and filters as its screen."""

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
from .views import TABLE_ROWS, emit, safe


@click.command("queue")
@file_argument
@click.option(
    "--filter",
    "query",
    default=DEFAULT_FILTER,
    show_default=True,
    help=f"The review screen's filter: {FILTER_HINT}.",
)
@json_option
@click.pass_obj
def queue_command(config: Config, file: Path, query: str, as_json: bool) -> None:
    """List the proposals awaiting review in FILE, as the editor's review queue shows them."""
    problem = filter_problem(query)
    if problem is not None:
        raise InputError(file, f"{problem}; see `transcript-review queue --help`")
    session = open_session(config, file, None, Role.REVIEWER)
    timing = timing_for(session, config)
    rows = build_queue(session, timing, query)
    text = session.transcript.text
    if as_json:
        print_json(
            {
                "transcript": session.transcript.name,
                "filter": query,
                "rows": [_row_json(row, session.transcript.line_column, text) for row in rows],
            }
        )
        return
    _print_rows(session.transcript.name, query, rows, text)


def _status(row: QueueRow) -> str:
    """The status cell as the screen writes it: ``?`` questioned, ``↻`` outdated."""
    status = row.correction.status.value
    if row.questioned:
        status = "? " + status
    if row.outdated:
        status += " ↻"
    return status


def _when(row: QueueRow) -> str:
    return "—" if row.time is None else format_timecode(row.time, estimated=row.estimated)


def _row_json(row: QueueRow, line_column: Any, text: str) -> dict[str, Any]:
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


def _print_rows(name: str, query: str, rows: list[QueueRow], text: str) -> None:
    title = f"{name}: {len(rows)} proposal(s) matching “{query}”"
    if not rows:
        emit(safe(f"{name}: no proposals match “{query}”."))
        return
    cells = [
        (
            row.id,
            row.correction.kind.value,
            printable(row.correction.author, one_line=True),
            _when(row),
            describe_age(row.correction.saved),
            _status(row),
            printable(change_line(row, text), one_line=True),
        )
        for row in rows
    ]
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
