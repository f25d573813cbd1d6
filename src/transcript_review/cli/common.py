"""What the commands share: options, loading a session, JSON output, the timing of a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..core.config import Config, how_to_name_yourself
from ..core.corrections import State, invalid_verdicts_note
from ..core.editing.session import EditingSession
from ..core.editing.session_timing import time_session
from ..core.quoting import json_printable, one_line, visible
from ..core.sidecar.records import (
    ClearFlag,
    Flag,
    Pin,
    ProposalKind,
    Propose,
    Revision,
    Role,
    Withdraw,
)
from ..core.timing.transcript_times import TranscriptTiming
from . import PROG
from .options import (  # noqa: F401  (re-exported: commands import their options from here)
    break_lock_option,
    file_argument,
    json_option,
    message_option,
    reference_option,
    timing_option,
    user_option,
)

if TYPE_CHECKING:
    from ..core.sidecar.store import SaveResult


def open_session(config: Config, file: Path, user: str | None, role: Role) -> EditingSession:
    """The transcript and its sidecar, with warnings (cp1252, torn tail) on stderr."""
    session = EditingSession.open(file, config, user=user, role=role)
    for warning in (*session.transcript.source.warnings, *session.sidecar.warnings):
        warn(warning)
    return session


def timing_for(
    session: EditingSession,
    config: Config,
    timing_path: Path | None = None,
    reference_path: Path | None = None,
) -> TranscriptTiming:
    """Times for the session's transcript (:func:`.time_session`), its warnings on stderr."""
    timing = time_session(
        session, timing_path=timing_path, reference_path=reference_path, markers=config.markers
    )
    for warning in timing.warnings:
        warn(warning)
    return timing


def report_invalid_verdicts(state: State) -> None:
    """A warning naming verdicts the review rules kept from being applied (see ``check``)."""
    note = invalid_verdicts_note(state)
    if note:
        warn(note)


def warn(message: str) -> None:
    """One line on stderr; what it quotes from files is escaped and capped."""
    click.echo(f"{PROG}: warning: {one_line(message, 2000)}", err=True)


def print_json(data: object) -> None:
    click.echo(json_printable(json.dumps(data, indent=2, ensure_ascii=False)))


def say(line: str) -> None:
    """One line of a report made of text from files (names, messages, reasons), escaped."""
    click.echo(one_line(line, 2000))


def print_text(text: str) -> None:
    """A corrected transcript on standard output: as it is into a file or a pipe, with control
    characters shown as ``�`` at a terminal (they could rewrite the screen)."""
    if sys.stdout.isatty():
        text = visible(text)
    click.echo(text, nl=False)


def saved(
    session: EditingSession,
    config: Config,
    message: str | None,
    break_lock: bool = False,
    *,
    as_json: bool = False,
) -> None:
    """Save the session's one action as a revision and say so: one line, then a line per id
    the revision created (so ``approve``/``reject`` can follow in a script), or with
    ``as_json`` all of it as JSON (keys in the README). Under a name the user did not choose,
    a note on stderr says which and how to choose."""
    result = session.save(message, break_lock=break_lock)
    created, withdrawn = created_ids(result.revision)
    if as_json:
        print_json(
            {
                **revision_json(session, result),
                "created": [{"id": cid, "kind": kind} for cid, kind in created],
                "withdrawn": withdrawn,
                "summary": result.summary(),
            }
        )
    else:
        say(result.summary())
        for cid, kind in created:
            click.echo(f"created {cid} ({kind})")
        for cid in withdrawn:
            click.echo(f"withdrew {cid} (your earlier proposal on these words)")
    note_guessed_name(session, config)


def revision_json(session: EditingSession, result: SaveResult) -> dict[str, Any]:
    """The keys every save's ``--json`` starts with: which file, which revision, by whom."""
    return {
        "transcript": session.transcript.name,
        "sidecar": result.path.name,
        "revision": result.revision.number,
        "revision_id": result.revision.id,
        "author": result.revision.author,
        "role": result.revision.role.value,
    }


def note_guessed_name(session: EditingSession, config: Config) -> None:
    """After a save under a name the user did not choose: a note on stderr saying which name
    and how to choose one."""
    if session.user_source is not None:
        click.echo(
            one_line(
                f"{PROG}: note: saved as “{session.user}” ({session.user_source}); to choose the "
                f"name: {how_to_name_yourself(config)}",
                2000,
            ),
            err=True,
        )


def created_ids(revision: Revision) -> tuple[list[tuple[str, str]], list[str]]:
    """The ids a revision's events created, with their kinds (``replace``, ``flag``, …), and
    the ids it withdrew (a ``replace`` supersedes the user's own proposal on the same words)."""
    created: list[tuple[str, str]] = []
    withdrawn: list[str] = []
    for event in revision.events:
        if isinstance(event, Propose):
            created.append((event.id, event.kind.value))
        elif isinstance(event, Flag):
            created.append((event.id, ProposalKind.FLAG.value))
        elif isinstance(event, ClearFlag):
            created.append((event.id, ProposalKind.CLEAR_FLAG.value))
        elif isinstance(event, Pin):
            created.append((event.id, "pin"))
        elif isinstance(event, Withdraw):
            withdrawn.append(event.id)
    return created, withdrawn
