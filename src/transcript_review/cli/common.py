"""What the commands share: options, loading a session, JSON output, the timing of a file."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..core.config import Config, default_user
from ..core.revisions import Role
from ..core.session import EditingSession
from ..core.session_timing import time_session
from ..core.transcript_times import TranscriptTiming
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
    """Times for the session's transcript (:func:`.time_session`), its warnings on stderr."""
    timing = time_session(
        session, timing_path=timing_path, reference_path=reference_path, markers=config.markers
    )
    for warning in timing.warnings:
        warn(warning)
    return timing


def warn(message: str) -> None:
    click.echo(f"{PROG}: warning: {message}", err=True)


def print_json(data: object) -> None:
    click.echo(json.dumps(data, indent=2, ensure_ascii=False))


def saved(session: EditingSession, message: str | None, break_lock: bool = False) -> None:
    """Save the session's one action as a revision and say so in one line."""
    result = session.save(message, break_lock=break_lock)
    click.echo(result.summary())
