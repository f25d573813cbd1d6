"""Findings of the final check as work items, in the shape the editor gives gaps.

The editor lists gaps and uncertain passages as :class:`.session.ItemState` s (an
:class:`.items.Item` and where it stands) and visits them with ``n``; a finding becomes one of
kind ``qc`` here, placed in the transcript as the editor shows it (the original text, with
corrections drawn over it), so the same panel, gutter and ``n`` serve both. The finding itself
rides along in :attr:`.items.Item.finding` (rule, severity, words, message, suggestion).
"""

from __future__ import annotations

import bisect

from ..corrections import Correction, Status
from ..editing.session import EditingSession, ItemState
from ..text.items import Item
from .check import QcResult
from .rule_ids import OPEN_WORK_RULES, RULE_IDS


def qc_item_states(
    session: EditingSession, result: QcResult, *, open_work: bool = False
) -> list[ItemState]:
    """The findings of ``result`` (a :func:`.check.check_session` of ``session``) as items of
    kind ``qc``, in text order; findings dismissed in the session *now* are not among them.

    Dismissals are read from the session at each call, not from ``result``: after
    :func:`.decisions.dismiss_finding`, an undo of it, or a restore, calling this again
    with the same ``result`` gives the right list without running the rules again. (Run them
    again when the corrected text changes: an approval, or proposals with
    ``include_proposed``.) States are likewise the session's now, so a fix just proposed with
    :func:`.decisions.propose_suggestion` shows as ``proposed`` at once.

    Findings of the open-work rules (``gap-open``…) are left out unless ``open_work``: the
    gap, doubt, flag or proposal they are about is an item of its own already.

    Each item's ``start``/``end``, ``paragraph``, ``line`` and ``column`` are in the
    transcript itself (a finding inside words a correction put there takes in that
    correction's span; ``inner_start``/``inner_end`` are the same span); ``marker`` is the
    finding's words, ``style`` its rule, ``time`` None (the editor's timing places any offset),
    ``context`` the sentence around it. Its state is ``open``, or ``proposed`` / ``resolved``
    once a text-changing correction that stands (proposed / approved) overlaps it — such as
    the fix proposed with :func:`.decisions.propose_suggestion`; ``corrections`` are those.
    """
    doc = result.document
    if doc is None:
        raise ValueError("the result carries no document: make it with check_session")
    transcript = session.transcript
    standing = sorted(
        (
            (c.span[0], c.span[1], c)
            for c in session.state.corrections.values()
            if c.span is not None
            and c.changes_text
            and c.status in (Status.PROPOSED, Status.APPROVED)
        ),
        key=lambda t: (t[0], t[1]),
    )
    starts = [s for s, _, _ in standing]
    longest = max((e - s for s, e, _ in standing), default=0)
    dismissed = session.state.dismissed()
    order = {rule: n for n, rule in enumerate(RULE_IDS)}
    every = sorted(
        [*result.findings, *result.dismissed], key=lambda f: (f.start, f.end, order[f.rule])
    )
    states: list[ItemState] = []
    for finding in every:
        if finding.id in dismissed or (finding.rule in OPEN_WORK_RULES and not open_work):
            continue
        start, end = doc.source_span(finding.start, finding.end)
        line, column = transcript.line_column(start)
        item = Item(
            id=finding.id,
            kind="qc",
            style=finding.rule,
            marker=finding.words,
            start=start,
            end=end,
            inner_start=start,
            inner_end=end,
            paragraph=transcript.paragraph_at(start).index,
            line=line,
            column=column,
            time=None,
            _transcript=transcript,
            parent=None,
            finding=finding,
        )
        lo = bisect.bisect_left(starts, start - longest)
        hi = bisect.bisect_right(starts, end)
        on_it: list[Correction] = [
            c for s, e, c in standing[lo:hi] if s < end and start < e or s == e == start
        ]
        if any(c.status is Status.APPROVED for c in on_it):
            state = "resolved"
        elif on_it:
            state = "proposed"
        else:
            state = "open"
        states.append(ItemState(item, state, on_it))
    return states


def qc_item_json(state: ItemState) -> dict[str, object]:
    """One qc item for ``items --json --qc``: an item's keys (``id``, ``kind``: ``qc``,
    ``style``: the rule, ``marker``: the words, ``start``/``end``/``paragraph``/``line``/
    ``column`` in the transcript, ``context``, ``status``, ``corrections``) and the finding's
    ``rule``, ``severity``, ``message`` and ``suggestion``."""
    item = state.item
    finding = item.finding
    assert finding is not None
    data = item.to_json()
    data.update(
        {
            "status": state.state,
            "corrections": [c.id for c in state.corrections],
            "rule": finding.rule,
            "severity": finding.severity.value,
            "message": finding.message,
            "suggestion": finding.suggestion,
        }
    )
    return data
