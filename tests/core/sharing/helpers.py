"""Builders for the merge tests: sidecars as revision lists, on disk or in memory."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from transcript_review.core.corrections import State, fold
from transcript_review.core.sidecar.records import Event, Header, Revision, Role
from transcript_review.core.sidecar.store import (
    LoadedSidecar,
    Snapshot,
    encode_sidecar,
    load_sidecar,
)
from transcript_review.core.text.anchors import text_sha256

from ..sidecar.helpers import SPEECH, span_of

__all__ = ["SPEECH", "span_of"]

T0 = datetime(2026, 11, 26, 20, 0, 0, tzinfo=timezone.utc)
HEADER = Header("speech.txt")


def rev(
    rev_id: str,
    events: Sequence[Event],
    *,
    parent: str | None = None,
    author: str = "alice",
    role: Role = Role.EDITOR,
    minute: int = 0,
    number: int = 0,
) -> Revision:
    """A revision saved ``minute`` minutes after :data:`T0` (numbers are fixed by the file)."""
    return Revision(
        number,
        rev_id,
        parent,
        author,
        role,
        T0 + timedelta(minutes=minute),
        text_sha256(SPEECH),
        f"revision {rev_id}",
        tuple(events),
    )


def numbered(revisions: Sequence[Revision]) -> list[Revision]:
    return [
        Revision(
            i, r.id, r.parent, r.author, r.role, r.saved, r.transcript_sha256, r.message, r.events
        )
        for i, r in enumerate(revisions, start=1)
    ]


def write(path: Path, revisions: Sequence[Revision], header: Header = HEADER) -> Path:
    """Write a whole sidecar (revisions renumbered by position)."""
    path.write_bytes(encode_sidecar(header, numbered(revisions)))
    return path


def in_memory(name: str, revisions: Sequence[Revision], header: Header = HEADER) -> LoadedSidecar:
    """A loaded sidecar without a file (for fast property tests)."""
    return LoadedSidecar(
        Path(name), header, tuple(numbered(revisions)), "", 0, None, (), Snapshot.missing()
    )


def folded(revisions: Sequence[Revision]) -> State:
    return fold(HEADER, revisions, SPEECH)


def summary(state: State) -> dict[str, object]:
    """What "the same folded state" means: every correction's status and words, questions."""
    return {
        "corrections": {
            c.id: (c.kind.value, c.status.value, c.text, c.superseded_by, c.cleared_by)
            for c in state.corrections.values()
        },
        "questions": [(q.id, q.about, q.open) for q in state.questions],
        "revision": state.revision,
    }


def load(path: Path) -> LoadedSidecar:
    return load_sidecar(path)


def console_script() -> Path:
    """The installed ``transcript-review`` script, with the merge commands registered."""
    script = Path(sys.executable).parent / "transcript-review"
    if not script.exists():
        pytest.skip(f"the console script is not installed at {script}")
    from transcript_review.cli import COMMANDS

    if "merge" not in COMMANDS or "git-setup" not in COMMANDS:
        pytest.skip("merge/git-setup are not registered in transcript_review.cli.COMMANDS yet")
    return script


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=60
    )
    if check and proc.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} failed: {proc.stdout}{proc.stderr}")
    return proc
