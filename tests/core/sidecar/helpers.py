"""Small builders shared by the sidecar tests: texts, revisions and saving in one call."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

from transcript_review.core.corrections import Draft, State, fold
from transcript_review.core.sidecar.records import Event, Header, Revision, Role
from transcript_review.core.sidecar.store import (
    LoadedSidecar,
    SaveResult,
    append_revision,
    load_sidecar,
    sidecar_path_for,
)
from transcript_review.core.text.anchors import Anchor, text_sha256

SPEECH = (
    "Mr. President,\n\n"
    "Canada welcomes this interactive dialogue on the role of regional arrangements in "
    "implementing the responsibility to protect. The whole power of diplomacy will be relevant "
    "in the future (inaudible).\n\n"
    "Note the Secretary General believes that we must consider the means at our disposal, and "
    "the African Union has also flown to the region with (inaudible) support from partners.\n\n"
    "We apply the increasing proactive role of regional organisations, and we thank you.\n"
)

FIXED_TIME = datetime(2026, 11, 26, 21, 41, 7, tzinfo=timezone.utc)


def span_of(text: str, quote: str, occurrence: int = 1) -> Anchor:
    """The anchor of the ``occurrence``-th verbatim ``quote`` in ``text``."""
    pos = -1
    for _ in range(occurrence):
        pos = text.index(quote, pos + 1)
    return Anchor.from_span(text, pos, pos + len(quote))


def revision(
    number: int,
    events: Sequence[Event],
    *,
    author: str = "alice",
    role: Role = Role.EDITOR,
    text: str = SPEECH,
    rev_id: str | None = None,
    parent: str | None = None,
) -> Revision:
    """A revision with fixed time and the digest of ``text``."""
    return Revision(
        number,
        rev_id or f"{number:08x}",
        parent,
        author,
        role,
        FIXED_TIME,
        text_sha256(text),
        f"revision {number}",
        tuple(events),
    )


class Workspace:
    """A transcript and its sidecar in a folder, with helpers to edit, save and reload."""

    def __init__(self, folder: Path, text: str = SPEECH, name: str = "speech.txt") -> None:
        self.transcript = folder / name
        self.transcript.write_text(text, encoding="utf-8")
        self.sidecar = sidecar_path_for(self.transcript)
        self.text = text

    def load(self) -> tuple[LoadedSidecar, State]:
        loaded = load_sidecar(self.sidecar)
        return loaded, fold(loaded.header, loaded.revisions, self.text)

    def draft(
        self, author: str, role: Role = Role.EDITOR, *, allow_self_approval: bool = False
    ) -> tuple[LoadedSidecar, Draft]:
        loaded, state = self.load()
        return loaded, Draft(state, author, role, allow_self_approval=allow_self_approval)

    def save(self, loaded: LoadedSidecar, draft: Draft, message: str = "save") -> SaveResult:
        rev = draft.revision(message, text_sha256(self.text))
        return append_revision(
            self.sidecar, rev, loaded.snapshot, header=Header(self.transcript.name)
        )
