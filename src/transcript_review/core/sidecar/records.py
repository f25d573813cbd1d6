"""The records a sidecar holds: its header, its revisions, and the events inside a revision.

These are plain, frozen dataclasses with no behaviour beyond naming things, so that the YAML
schema (:mod:`.schema`), the fold (:mod:`..corrections.fold`) and the store
(:mod:`.store`) agree on one vocabulary. Each event class is one kind of single-key
mapping in a revision's ``events`` list; :data:`EVENT_KEYS` gives the key written for each.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime, timezone
from enum import Enum

from ..text.anchors import Anchor

#: The schema this program writes, and the newest it reads.
SCHEMA_NAME = "transcript-review"
SCHEMA_VERSION = 1
SCHEMA = f"{SCHEMA_NAME}/{SCHEMA_VERSION}"


class Role(str, Enum):
    """Who saved a revision: editors propose, reviewers give verdicts."""

    EDITOR = "editor"
    REVIEWER = "reviewer"


class ProposalKind(str, Enum):
    """What a proposal does to the transcript."""

    RESOLVE_GAP = "resolve-gap"
    CONFIRM_GAP = "confirm-gap"
    DISMISS_GAP = "dismiss-gap"
    REPLACE = "replace"
    FLAG = "flag"
    CLEAR_FLAG = "clear-flag"


#: Kinds that decide what a span of text becomes. Overlapping ones are alternatives: approving
#: one supersedes the others. (Flags only mark a span, so they never compete with these.)
TEXT_KINDS = frozenset(
    {
        ProposalKind.RESOLVE_GAP,
        ProposalKind.CONFIRM_GAP,
        ProposalKind.DISMISS_GAP,
        ProposalKind.REPLACE,
    }
)
#: Kinds whose proposed words a reviewer may amend.
AMENDABLE_KINDS = frozenset({ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE})


class Evidence(str, Enum):
    """How the proposer knows the words: the reviewer weighs a guess differently from a listen."""

    LISTENED = "listened"
    CAPTIONS = "captions"
    OFFICIAL_TEXT = "official-text"
    GUESS = "guess"


def new_id(prefix: str) -> str:
    """A random id such as ``c-4be19a0f``: 32 random bits, so concurrent writers do not collide."""
    return f"{prefix}-{secrets.token_hex(4)}"


def new_revision_id() -> str:
    """A random 8-hex revision id, unique across writers in practice (32 random bits)."""
    return secrets.token_hex(4)


def utc_now() -> datetime:
    """Now in UTC, to the second (the precision written to the sidecar)."""
    return datetime.now(timezone.utc).replace(microsecond=0)


@dataclass(frozen=True)
class Propose:
    """A proposal of a text kind (resolve-gap, confirm-gap, dismiss-gap, replace).

    Written as ``propose:``. Flags and flag clearing have their own event types
    (:class:`Flag`, :class:`ClearFlag`) so a file reads like what happened.
    """

    id: str
    kind: ProposalKind
    anchor: Anchor
    text: str | None = None
    evidence: Evidence | None = None
    note: str | None = None


@dataclass(frozen=True)
class Flag:
    """Marks a span as uncertain, with a reason. Written as ``flag:``."""

    id: str
    anchor: Anchor
    reason: str
    note: str | None = None


@dataclass(frozen=True)
class ClearFlag:
    """Proposes that a flag no longer applies. Written as ``clear-flag:``; reviewed like others."""

    id: str
    flag: str
    note: str | None = None


@dataclass(frozen=True)
class Approve:
    """A reviewer accepts a proposal as it stands."""

    id: str
    comment: str | None = None


@dataclass(frozen=True)
class Reject:
    """A reviewer turns a proposal down (the comment says why)."""

    id: str
    comment: str | None = None


@dataclass(frozen=True)
class Amend:
    """A reviewer accepts a proposal with their own words instead (approve-with-changes)."""

    id: str
    text: str
    comment: str | None = None


@dataclass(frozen=True)
class Withdraw:
    """The proposal's author takes it back."""

    id: str
    comment: str | None = None


@dataclass(frozen=True)
class Pin:
    """A manual time pin: the paragraph at ``anchor`` is spoken at ``seconds`` in the webcast."""

    id: str
    anchor: Anchor
    seconds: float


@dataclass(frozen=True)
class Question:
    """An open question about a correction, for a reviewer to settle with a verdict.

    Written by ``transcript-review merge`` when two branches gave conflicting verdicts on the
    same proposal: the fold applies both verdicts in merge order (so the state is always well
    defined), and the question stays open in the review queue until a later verdict on
    ``about`` answers it. Nothing is picked silently.
    """

    id: str
    about: str
    """The id of the correction the question is about."""
    text: str


@dataclass(frozen=True)
class QcDismiss:
    """A finding of the final check (``qc``) set aside for this transcript: "this is right as
    it is" (a quotation kept with its slip, a name spelled as the speaker's country spells it).
    Written as ``qc-dismiss:``; its author is the revision's.

    It changes no text and needs no review: ``qc`` (and the editor) no longer list the finding
    while the dismissal stands. Two people dismissing the same finding make two events and one
    dismissed finding; a merge keeps both (a union of revisions), so a dismissal is never lost.
    ``rule`` and ``words`` are kept for the reader of the file and for ``qc --include-dismissed``
    when the finding is no longer found (its words were corrected).
    """

    id: str
    """This dismissal's own random id, ``d-`` and eight hex digits (a restore names it)."""
    finding: str
    """The finding's stable id (``q-`` and six hex digits, see :func:`.qc.findings.finding_id`)."""
    rule: str
    words: str
    note: str | None = None


@dataclass(frozen=True)
class QcRestore:
    """Takes back one dismissal (``id``), so its finding is listed again unless another
    dismissal of it stands. Written as ``qc-restore:``.

    It names the dismissal, not the finding: a restore takes back only the dismissals its
    writer had seen, so a dismissal made meanwhile on another branch survives the merge
    (dismissals are never lost; both orders of a merge give the same result)."""

    id: str
    comment: str | None = None


Event = (
    Propose
    | Flag
    | ClearFlag
    | Approve
    | Reject
    | Amend
    | Withdraw
    | Pin
    | Question
    | QcDismiss
    | QcRestore
)
Verdict = Approve | Reject | Amend | Withdraw

#: The single key each event is written under, in the order they are documented.
EVENT_KEYS: dict[type, str] = {
    Propose: "propose",
    Flag: "flag",
    ClearFlag: "clear-flag",
    Approve: "approve",
    Reject: "reject",
    Amend: "amend",
    Withdraw: "withdraw",
    Pin: "pin",
    Question: "question",
    QcDismiss: "qc-dismiss",
    QcRestore: "qc-restore",
}


@dataclass(frozen=True)
class Header:
    """The first document of a sidecar: which transcript it is about."""

    transcript: str
    webcast: str | None = None
    media: str | None = None
    schema: str = SCHEMA


@dataclass(frozen=True)
class Revision:
    """One saved revision: who saved what, when, on top of which revision and transcript."""

    number: int
    id: str
    parent: str | None
    author: str
    role: Role
    saved: datetime
    transcript_sha256: str
    message: str
    events: tuple[Event, ...] = field(default=())


def event_counts(revision: Revision) -> dict[str, int]:
    """How many events of each kind a revision holds, keyed as written (for ``log``)."""
    counts: dict[str, int] = {}
    for event in revision.events:
        key = EVENT_KEYS[type(event)]
        counts[key] = counts.get(key, 0) + 1
    return counts
