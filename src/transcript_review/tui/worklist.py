"""The open work of a transcript — gaps, uncertain passages, flags, proposals, findings of the
final check — in order.

Built from an editing session; the side panel lists it and ``n``/``N`` walk it. Kept free of
Textual so the rules ("what is still open?") are tested without a screen.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..core.corrections import Status
from ..core.editing.session import EditingSession, ItemState
from ..core.sidecar.records import ProposalKind
from ..core.text.items import Item
from ..core.timing.transcript_times import TranscriptTiming, item_moment

if TYPE_CHECKING:
    from ..core.qc.findings import Finding

#: Glyph and label per kind of entry, as the panel shows them.
_LOOK = {
    "gap": ("●", "gap"),
    "uncertain": ("?", "uncertain"),
    "flag": ("⚑", "flag"),
    "proposal": ("✎", "proposal"),
    "qc": ("◆", "qc"),
}


@dataclass(frozen=True, slots=True)
class WorkEntry:
    """One line of the side panel."""

    key: str
    """Item or correction id."""
    kind: str
    """``gap``, ``uncertain``, ``flag``, ``proposal`` or ``qc`` (a finding)."""
    start: int
    end: int
    state: str
    """``open``, ``proposed``, ``unsaved`` (proposed in this session), ``approved``…"""
    quote: str
    time: float | None = None
    estimated: bool = False
    rule: str = ""
    """A finding's rule (``doubled-word``): its label in the panel."""
    severity: str = ""
    """A finding's severity (``error``, ``warning``, ``info``): its label's style."""

    @property
    def glyph(self) -> str:
        return _LOOK[self.kind][0]

    @property
    def label(self) -> str:
        return self.rule or _LOOK[self.kind][1]


@dataclass
class Worklist:
    """Entries sorted by position, with lookups for the cursor."""

    entries: list[WorkEntry]

    def __post_init__(self) -> None:
        self.entries.sort(key=lambda e: (e.start, e.end))
        self._starts = [e.start for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def index_at(self, offset: int) -> int | None:
        """Index of the last entry starting at or before ``offset`` (None before the first)."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i if i >= 0 else None

    def next_after(self, offset: int) -> WorkEntry | None:
        i = bisect.bisect_right(self._starts, offset)
        return self.entries[i] if i < len(self.entries) else None

    def previous_before(self, offset: int) -> WorkEntry | None:
        i = bisect.bisect_left(self._starts, offset) - 1
        return self.entries[i] if i >= 0 else None


def build_worklist(
    session: EditingSession,
    timing: TranscriptTiming | None = None,
    states: list[ItemState] | None = None,
) -> Worklist:
    """Open items (not yet resolved), standing flags and live proposals not on an item.

    ``states`` are the session's item states when the caller has them already."""

    def when(item_time: float | None, start: int) -> tuple[float | None, bool]:
        if item_time is not None:
            return item_time, False
        moment = timing.moment_at(start) if timing is not None else None
        return (moment.seconds, moment.estimated) if moment else (None, False)

    text = session.transcript.text
    unsaved = _unsaved_ids(session)
    on_items: set[str] = set()
    known = states if states is not None else session.item_states()
    for state in known:
        on_items.update(c.id for c in state.corrections)
    entries = _item_entries(text, unsaved, timing, known)
    standing_flags = {f.id for f in session.state.active_flags(include_proposed=True)}
    for corr in session.state.corrections.values():
        span = corr.span
        if span is None or corr.id in on_items:
            continue
        if corr.kind is ProposalKind.FLAG:
            if corr.id not in standing_flags:
                continue
            kind = "flag"
        elif corr.kind is not ProposalKind.CLEAR_FLAG and corr.status is Status.PROPOSED:
            kind = "proposal"
        else:
            continue
        state = "unsaved" if corr.id in unsaved else corr.status.value
        quote = text[span[0] : span[1]]
        if corr.text is not None:
            quote = f"{quote} → {corr.text}"
        quote = _quote(quote)
        time, estimated = when(None, span[0])
        entries.append(WorkEntry(corr.id, kind, span[0], span[1], state, quote, time, estimated))
    return Worklist(entries)


def finding_entries(
    session: EditingSession, timing: TranscriptTiming | None, findings: list[ItemState]
) -> list[WorkEntry]:
    """The panel's entries of the final check's findings (qc item states), not yet resolved.

    Apart from :func:`build_worklist` so the findings of a check that lands later are added
    to the list already made (the gaps' entries cost most of it on a big transcript). A
    proposal on a finding keeps its own entry: once checked again, the finding it fixed is
    gone while the proposal waits for review."""
    return _item_entries(session.transcript.text, _unsaved_ids(session), timing, findings)


def _item_entries(
    text: str, unsaved: set[str], timing: TranscriptTiming | None, states: list[ItemState]
) -> list[WorkEntry]:
    entries: list[WorkEntry] = []
    for state in states:
        if state.state == "resolved":
            continue
        shown = state.state
        if state.state == "proposed" and all(c.id in unsaved for c in state.corrections):
            shown = "unsaved"
        item = state.item
        moment = item_moment(item, timing)
        time, estimated = (moment.seconds, moment.estimated) if moment else (None, False)
        quote = _quote(_item_words(text, item, state))
        finding = item.finding
        rule, severity = (finding.rule, finding.severity.value) if finding else ("", "")
        entries.append(
            WorkEntry(
                item.id, item.kind, item.start, item.end, shown, quote, time, estimated,
                rule, severity,
            )
        )
    return entries


#: Words of context shown before a gap in the panel (six "(inaudible)" lines say nothing).
_WORDS_BEFORE = 2
_WORDS_AFTER = 4
_WORD = re.compile(r"\S+")


def _item_words(text: str, item: Item, state: ItemState) -> str:
    """What the panel's second line says of an item.

    A gap: the words before it and after it, so gaps are told apart; once decided, by its
    decision's words ("the future → in our collective efforts", "→ truly inaudible"), not its
    marker. An uncertain passage: its words. A finding: its words and the suggested fix, or
    its message when it has none.
    """
    if item.finding is not None:
        return finding_words(item.finding)
    if item.kind != "gap":
        return item.marker
    line_start = text.rfind("\n", 0, item.start) + 1
    line_end = text.find("\n", item.end)
    head = text[line_start : item.start]
    tail = text[item.end : line_end if line_end >= 0 else len(text)]
    starts = [m.start() for m in _WORD.finditer(head)][-_WORDS_BEFORE:]
    ends = [m.end() for m in _WORD.finditer(tail)][:_WORDS_AFTER]
    before = head[starts[0] :] if starts else head
    lead = ("…" if head[: starts[0] if starts else 0].strip() else "") + before
    decision = next((c for c in reversed(state.corrections) if c.kind in _DECIDED), None)
    if decision is not None:
        return f"{lead.rstrip()} → {_DECIDED[decision.kind] or decision.text or ''}".strip()
    after = tail[: ends[-1]] if ends else tail
    more = "…" if tail[len(after) :].strip() else ""
    return f"{lead}{item.marker}{after}{more}"


#: What a decision on a gap says in the panel ("": its words).
_DECIDED = {
    ProposalKind.RESOLVE_GAP: "",
    ProposalKind.REPLACE: "",
    ProposalKind.CONFIRM_GAP: "truly inaudible",
    ProposalKind.DISMISS_GAP: "not a gap",
}


def finding_words(finding: Finding) -> str:
    """A finding in a few words: ``the the → the``, or its words and message without a fix."""
    if finding.suggestion is None:
        return f"{finding.words}: {finding.message}"
    return f"{finding.words} → {finding.suggestion or '(delete)'}"


def _unsaved_ids(session: EditingSession) -> set[str]:
    return {getattr(e, "id", "") for e in session.draft.events}


def _quote(text: str, limit: int = 60) -> str:
    """The words on one line, at most ``limit`` characters (the panel cuts them to its width)."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
