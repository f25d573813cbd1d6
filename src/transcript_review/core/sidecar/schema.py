"""The sidecar schema ``transcript-review/1``: plain YAML values to records and back.

:mod:`.strict_yaml` hands over strings, ``None``, lists and dicts only; this module decides what
each field must be and converts it explicitly, so a hand-typed ``text: no`` stays the word "no",
``revision: 12`` becomes 12, and ``saved: 2024-01-02`` is refused because it is not a time.
Errors are :class:`SchemaError` with the key path of the offending value; the store turns that
into ``file:line:col`` by locating the path in the file (only when there is an error).

Unknown fields are refused rather than ignored: a misspelt ``evidnce`` would otherwise vanish
silently. A newer schema (``transcript-review/2``) is refused with an "upgrade" message.

What this program writes (every document ends with ``...``; see :mod:`.store`)::

    schema: transcript-review/1
    transcript: canada-r2p-2011.txt
    webcast: https://webtv.un.org/example      # optional, as is media:
    ...
    ---
    revision: 1
    id: 7fbcea4e
    parent: null
    author: transcriber-a
    role: editor                                # editor | reviewer
    saved: 2026-11-26T22:13:41Z
    transcript_sha256: 0008d8bf…                # sha256 of the transcript text, UTF-8
    message: Resolve the gap in paragraph 2
    events:
    - propose:                                  # resolve-gap | confirm-gap | dismiss-gap | replace
        id: c-551f9cbd
        kind: resolve-gap
        text: in our collective efforts         # resolve-gap, replace (may be '')
        evidence: listened                      # listened | captions | official-text | guess
        note: heard at 00:00:41                 # optional
        anchor: {exact: (inaudible), prefix: …, suffix: …, start: 571, end: 582}
    - flag: {id: f-07b7360b, reason: name spelling, anchor: {…}}
    - clear-flag: {id: c-…, flag: f-07b7360b}   # note optional
    - pin: {id: p-d37882ad, seconds: 41.5, anchor: {…}}
    - approve: {id: c-551f9cbd, comment: matches the webcast}   # comment optional
    - reject: {id: …, comment: …}
    - amend: {id: …, text: new words, comment: …}
    - withdraw: {id: …}
    - question: {id: q-1c0ffee5, about: c-551f9cbd, text: …}   # written by `merge`: open
                                                # until a later verdict on `about`
    - qc-dismiss: {id: d-0c1d2e3f, finding: q-3fa41c, rule: doubled-word, words: the the,
                   note: quoted as said}        # note optional; any role
    - qc-restore: {id: d-0c1d2e3f}              # comment optional
    ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from ..text.anchors import Anchor
from .records import (
    EVENT_KEYS,
    SCHEMA,
    SCHEMA_NAME,
    SCHEMA_VERSION,
    Amend,
    Approve,
    ClearFlag,
    Event,
    Evidence,
    Flag,
    Header,
    Pin,
    ProposalKind,
    Propose,
    QcDismiss,
    QcRestore,
    Question,
    Reject,
    Revision,
    Role,
    Withdraw,
)
from .strict_yaml import PlainTimestamp

KeyPath = tuple[Any, ...]

_INT = re.compile(r"[0-9]{1,15}")
_SECONDS = re.compile(r"[0-9]{1,9}(?:\.[0-9]{1,9})?")
_SHA256 = re.compile(r"[0-9a-f]{64}")
_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]{1,6})?(?:Z|[+-][0-9]{2}:[0-9]{2})"
)
#: A final-check finding's id (:func:`.qc.findings.finding_id`) and a rule's id.
_FINDING = re.compile(r"q-[0-9a-f]{6}(?:-[1-9][0-9]{0,8})?")
_RULE = re.compile(r"[a-z][a-z0-9]{0,31}(?:-[a-z0-9]{1,32}){0,7}")
_SCHEMA = re.compile(re.escape(SCHEMA_NAME) + r"/([0-9]+)")


@dataclass
class SchemaError(Exception):
    """A value does not fit the schema; ``where`` is its key path inside the stream."""

    where: KeyPath
    reason: str

    def __str__(self) -> str:
        return self.reason


class _Fields:
    """Reads the fields of one mapping, remembering which were used to refuse the others."""

    def __init__(self, value: Any, where: KeyPath, what: str) -> None:
        if not isinstance(value, dict):
            raise SchemaError(where, f"{what} must be a mapping of fields, not {_describe(value)}")
        self.data: dict[str, Any] = value
        self.where = where
        self.what = what
        self.used: set[str] = set()

    def _get(self, key: str) -> Any:
        self.used.add(key)
        return self.data.get(key)

    def text(self, key: str, *, allow_empty: bool = True) -> str:
        value = self._get(key)
        if key not in self.data:
            raise SchemaError(self.where, f"{self.what} lacks the field `{key}`")
        if not isinstance(value, str):
            raise SchemaError(
                (*self.where, key),
                f"`{key}` must be text, not {_describe(value)}"
                + ("; quote it if you mean the word" if value is None else ""),
            )
        if not allow_empty and not value.strip():
            raise SchemaError((*self.where, key), f"`{key}` must not be empty")
        return value

    def optional_text(self, key: str) -> str | None:
        if self.data.get(key) is None:
            self.used.add(key)
            return None
        return self.text(key)

    def matching(self, key: str, pattern: re.Pattern[str], expected: str) -> str:
        value = self.text(key)
        if not pattern.fullmatch(value):
            raise SchemaError((*self.where, key), f"`{key}` must be {expected}, not {value!r}")
        return value

    def integer(self, key: str) -> int:
        return int(self.matching(key, _INT, "a whole number such as 12"))

    def choice(self, key: str, allowed: type[Any]) -> Any:
        value = self.text(key)
        try:
            return allowed(value)
        except ValueError:
            names = ", ".join(m.value for m in allowed)
            raise SchemaError(
                (*self.where, key), f"`{key}` must be one of {names}, not {value!r}"
            ) from None

    def finish(self) -> None:
        unknown = [k for k in self.data if k not in self.used]
        if unknown:
            key = unknown[0]
            raise SchemaError(
                (*self.where, key),
                f"unknown field `{key}` in {self.what} (misspelt? a newer transcript-review?)",
            )


def _describe(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{value!r}"


# -- reading ----------------------------------------------------------------------------------


def check_schema_version(value: Any, where: KeyPath) -> None:
    """Refuse a stream that is not a sidecar, or one written by a newer program."""
    if not isinstance(value, str):
        raise SchemaError(where, f"`schema` must be {SCHEMA}, not {_describe(value)}")
    match = _SCHEMA.fullmatch(value)
    if match is None:
        raise SchemaError(
            where, f"not a transcript-review sidecar (schema {value!r}; expected {SCHEMA})"
        )
    version = int(match.group(1))
    if version > SCHEMA_VERSION:
        raise SchemaError(
            where,
            f"written by a newer transcript-review (schema {value}); this one reads up to "
            f"{SCHEMA}: upgrade transcript-review to open it",
        )
    if version < 1:
        raise SchemaError(where, f"unknown schema version {value!r}")


def header_from_data(value: Any, where: KeyPath = (0,)) -> Header:
    """The header document (the first of the stream)."""
    if not isinstance(value, dict):
        raise SchemaError(where, f"the first document must be the header, not {_describe(value)}")
    if "schema" not in value:
        raise SchemaError(where, "the header lacks `schema: transcript-review/1`")
    check_schema_version(value["schema"], (*where, "schema"))
    fields = _Fields(value, where, "the header")
    schema = fields.text("schema")
    header = Header(
        transcript=fields.text("transcript", allow_empty=False),
        webcast=fields.optional_text("webcast"),
        media=fields.optional_text("media"),
        schema=schema,
    )
    fields.finish()
    return header


def _time(fields: _Fields, key: str, revision: int) -> datetime:
    """A time of the right shape that is also a real one: month 13, day 45, hour 99, year 0
    or an offset that carries it past year 1 or 9999 are a validation error, never a crash."""
    value = fields.matching(key, _TIME, "a UTC time such as 2026-11-26T21:41:07Z")
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return parsed.astimezone(timezone.utc)
    except (ValueError, OverflowError) as exc:
        why = str(exc) if isinstance(exc, ValueError) else "out of range in UTC"
        why = "the UTC offset is out of range" if "offset" in why else why
        raise SchemaError(
            (*fields.where, key),
            f"revision {revision}: `{key}` is not a real time ({value!r}: {why}); "
            "write a UTC time such as 2026-11-26T21:41:07Z",
        ) from None


def anchor_from_data(value: Any, where: KeyPath) -> Anchor:
    """An anchor mapping: exact, prefix, suffix, start, end (end - start = len(exact))."""
    fields = _Fields(value, where, "an anchor")
    anchor = Anchor(
        exact=fields.text("exact"),
        prefix=fields.text("prefix"),
        suffix=fields.text("suffix"),
        start=fields.integer("start"),
        end=fields.integer("end"),
    )
    fields.finish()
    if anchor.end - anchor.start != len(anchor.exact):
        raise SchemaError(
            (*where, "end"),
            f"the anchor spans {anchor.start}..{anchor.end} but `exact` has "
            f"{len(anchor.exact)} characters",
        )
    return anchor


def _propose(fields: _Fields) -> Propose:
    kind_text = fields.text("kind")
    if kind_text in (ProposalKind.FLAG.value, ProposalKind.CLEAR_FLAG.value):
        raise SchemaError(
            (*fields.where, "kind"), f"write a {kind_text} as its own `{kind_text}:` event"
        )
    kind: ProposalKind = fields.choice("kind", ProposalKind)
    needs_text = kind in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE)
    text = fields.text("text", allow_empty=kind is ProposalKind.REPLACE) if needs_text else None
    evidence: Evidence | None = None
    optional_evidence = kind is ProposalKind.REPLACE and fields.data.get("evidence") is not None
    if kind is ProposalKind.RESOLVE_GAP or optional_evidence:
        evidence = fields.choice("evidence", Evidence)
    return Propose(
        id=fields.matching("id", _ID, "an id such as c-4be19a0f"),
        kind=kind,
        anchor=anchor_from_data(fields._get("anchor"), (*fields.where, "anchor")),
        text=text,
        evidence=evidence,
        note=fields.optional_text("note"),
    )


def _qc_event(key: str, fields: _Fields, revision: int | None) -> QcDismiss | QcRestore:
    """A ``qc-dismiss`` or ``qc-restore`` event; a value that does not fit is refused naming
    the revision (the store adds the file's line and column)."""
    try:
        ident = fields.matching("id", _ID, "an id such as d-4be19a0f")
        event: QcDismiss | QcRestore
        if key == "qc-restore":
            event = QcRestore(ident, fields.optional_text("comment"))
        else:
            event = QcDismiss(
                ident,
                fields.matching("finding", _FINDING, "a finding id such as q-3fa41c"),
                fields.matching("rule", _RULE, "a rule id such as doubled-word"),
                fields.text("words"),
                fields.optional_text("note"),
            )
        fields.finish()
        return event
    except SchemaError as exc:
        if revision is not None:
            exc.reason = f"revision {revision}: {exc.reason}"
        raise


def _event(value: Any, where: KeyPath, revision: int | None = None) -> Event:
    if not isinstance(value, dict) or len(value) != 1:
        raise SchemaError(
            where, "each event must be a mapping with one key such as `propose:` or `approve:`"
        )
    ((key, body),) = value.items()
    inner = (*where, key)
    names = {v: k for k, v in EVENT_KEYS.items()}
    if key not in names:
        known = ", ".join(EVENT_KEYS.values())
        raise SchemaError(inner, f"unknown event `{key}` (known: {known})")
    fields = _Fields(body, inner, f"the {key} event")

    def ident() -> str:
        return fields.matching("id", _ID, "an id such as c-4be19a0f")

    event: Event
    if key == "propose":
        event = _propose(fields)
    elif key == "flag":
        event = Flag(
            ident(),
            anchor_from_data(fields._get("anchor"), (*inner, "anchor")),
            fields.text("reason", allow_empty=False),
            fields.optional_text("note"),
        )
    elif key == "clear-flag":
        event = ClearFlag(
            ident(),
            fields.matching("flag", _ID, "the id of a flag"),
            fields.optional_text("note"),
        )
    elif key == "amend":
        event = Amend(ident(), fields.text("text"), fields.optional_text("comment"))
    elif key == "pin":
        seconds = float(fields.matching("seconds", _SECONDS, "seconds such as 754.5"))
        anchor = anchor_from_data(fields._get("anchor"), (*inner, "anchor"))
        event = Pin(ident(), anchor, seconds)
    elif key in ("qc-dismiss", "qc-restore"):
        event = _qc_event(key, fields, revision)
    elif key == "question":
        event = Question(
            ident(),
            fields.matching("about", _ID, "the id of a correction"),
            fields.text("text", allow_empty=False),
        )
    else:
        cls = {"approve": Approve, "reject": Reject, "withdraw": Withdraw}[key]
        event = cls(ident(), fields.optional_text("comment"))
    fields.finish()
    return event


def revision_from_data(value: Any, where: KeyPath) -> Revision:
    """A revision document."""
    if isinstance(value, dict) and "schema" in value:
        raise SchemaError(where, "a second header in the middle of the sidecar")
    fields = _Fields(value, where, "a revision")
    number = fields.integer("revision")
    rev_id = fields.matching("id", _ID, "a revision id such as 7f3a9c2e")
    parent = None
    if fields.data.get("parent") is not None:
        parent = fields.matching("parent", _ID, "a revision id or null")
    else:
        fields.used.add("parent")
    author = fields.text("author", allow_empty=False)
    role: Role = fields.choice("role", Role)
    saved = _time(fields, "saved", number)
    digest = fields.matching("transcript_sha256", _SHA256, "64 lowercase hex digits")
    message = fields.text("message")
    raw_events = fields._get("events")
    if "events" not in fields.data:
        raise SchemaError(where, "a revision lacks the field `events`")
    if not isinstance(raw_events, list):
        raise SchemaError(
            (*where, "events"), f"`events` must be a list, not {_describe(raw_events)}"
        )
    events = tuple(
        _event(item, (*where, "events", i), number) for i, item in enumerate(raw_events)
    )
    fields.finish()
    return Revision(number, rev_id, parent, author, role, saved, digest, message, events)


# -- writing ----------------------------------------------------------------------------------


def header_to_data(header: Header) -> dict[str, Any]:
    """The header as a plain mapping, optional fields only when set."""
    data: dict[str, Any] = {"schema": SCHEMA, "transcript": header.transcript}
    if header.webcast is not None:
        data["webcast"] = header.webcast
    if header.media is not None:
        data["media"] = header.media
    return data


def anchor_to_data(anchor: Anchor) -> dict[str, Any]:
    return {
        "exact": anchor.exact,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
    }


def _optional(data: dict[str, Any], key: str, value: Any) -> None:
    if value is not None:
        data[key] = value.value if hasattr(value, "value") else value


def event_to_data(event: Event) -> dict[str, Any]:
    """One event as its single-key mapping."""
    body: dict[str, Any] = {"id": event.id}
    if isinstance(event, Propose):
        body["kind"] = event.kind.value
        _optional(body, "text", event.text)
        _optional(body, "evidence", event.evidence)
        _optional(body, "note", event.note)
        body["anchor"] = anchor_to_data(event.anchor)
    elif isinstance(event, Flag):
        body["reason"] = event.reason
        _optional(body, "note", event.note)
        body["anchor"] = anchor_to_data(event.anchor)
    elif isinstance(event, ClearFlag):
        body["flag"] = event.flag
        _optional(body, "note", event.note)
    elif isinstance(event, Amend):
        body["text"] = event.text
        _optional(body, "comment", event.comment)
    elif isinstance(event, Pin):
        body["seconds"] = round(float(event.seconds), 3)
        body["anchor"] = anchor_to_data(event.anchor)
    elif isinstance(event, Question):
        body["about"] = event.about
        body["text"] = event.text
    elif isinstance(event, QcDismiss):
        body["finding"] = event.finding
        body["rule"] = event.rule
        body["words"] = event.words
        _optional(body, "note", event.note)
    else:
        _optional(body, "comment", event.comment)
    return {EVENT_KEYS[type(event)]: body}


def format_time(moment: datetime) -> str:
    """``2026-11-26T21:41:07Z``: UTC, to the second."""
    utc = moment.astimezone(timezone.utc)
    # Not strftime: its %Y gives "1", not "0001", for early years on some platforms.
    return (
        f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T"
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}Z"
    )


def revision_to_data(revision: Revision) -> dict[str, Any]:
    """A revision as a plain mapping in the documented field order."""
    return {
        "revision": revision.number,
        "id": revision.id,
        "parent": revision.parent,
        "author": revision.author,
        "role": revision.role.value,
        "saved": PlainTimestamp(format_time(revision.saved)),
        "transcript_sha256": revision.transcript_sha256,
        "message": revision.message,
        "events": [event_to_data(e) for e in revision.events],
    }
