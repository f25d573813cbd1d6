"""What the commands share: options, loading a session, JSON output, the timing of a file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..core.config import Config, default_user
from ..core.corrections import State, invalid_verdicts_note
from ..core.errors import InputError
from ..core.quoting import json_printable, one_line, visible
from ..core.revisions import Role
from ..core.safe_files import check_regular
from ..core.session import EditingSession
from ..core.transcript import load_transcript
from ..core.transcript_times import TranscriptTiming, find_timing_file, time_transcript
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


def open_session(config: Config, file: Path, user: str | None, role: Role) -> EditingSession:
    """The transcript and its sidecar, with warnings (cp1252, torn tail) on stderr."""
    session = EditingSession.open(file, config, user=user or default_user(config), role=role)
    for warning in (*session.transcript.source.warnings, *session.sidecar.warnings):
        warn(warning)
    return session


def timing_for(
    session: EditingSession,
    config: Config,
    timing_path: Path | None = None,
    reference_path: Path | None = None,
) -> TranscriptTiming:
    """Times for the session's transcript: pins, stamps, the timing file, estimates."""
    transcript = session.transcript
    path = timing_path or (find_timing_file(transcript.path) if transcript.path else None)
    if timing_path is not None:
        try:
            check_regular(timing_path, "a timing file (captions or ASR output)")
        except FileNotFoundError:
            raise InputError(timing_path, "no such timing file; check the --timing path") from None
    reference = None
    if reference_path is not None:
        reference = load_transcript(reference_path, config.markers)
    pins = [
        (pin.placement.start, pin.seconds)
        for pin in session.state.active_pins()
        if pin.placement is not None and pin.placement.start is not None
    ]
    try:
        timing = time_transcript(transcript, timing=path, pins=pins, reference=reference)
    except InputError as exc:
        if timing_path is not None:
            raise  # asked for by name: a broken file is an error
        warn(f"{exc} (found beside the transcript; ignored)")
        timing = time_transcript(transcript, pins=pins, reference=reference)
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


def saved(session: EditingSession, message: str | None, break_lock: bool = False) -> None:
    """Save the session's one action as a revision and say so in one line."""
    result = session.save(message, break_lock=break_lock)
    say(result.summary())
