"""What the user is told about their edits: an edit's label for undo and redo, the message
after an edit, and the revision message that sums up the unsaved actions.

Split from :class:`~.session.EditingSession`: the wording reads the transcript, its items and
the plan or actions, and changes nothing, so the session keeps to actions, undo and saving.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable

from ..quoting import short
from ..sidecar.records import ProposalKind
from ..text.items import Item
from ..text.transcript import Transcript
from .actions import Action
from .span_edit import EditPlan, GapOutcome


class EditWording:
    """Phrases for a planned edit of one transcript (gaps named by their item ids)."""

    def __init__(self, transcript: Transcript, items: Callable[[], list[Item]]) -> None:
        self.transcript = transcript
        self._items = items
        """Gives the session's items when a gap is named: a session that never names one
        (``check``, ``status``) never has them found."""

    @property
    def items(self) -> list[Item]:
        return self._items()

    def message(self, plan: EditPlan) -> str:
        """What an applied edit did, for the user, the most important first: a gap open again
        (its words deleted) or a gap decision that became a correction of the passage, then
        the rest of what the edit's label says."""
        notes = [
            g.describe(self.gap_name(g.start, g.end))
            for g in plan.gap_changes
            if g.outcome is not GapOutcome.REVISED
        ]
        rest = self.parts(plan, notes=False) if plan.replaces or plan.gaps else []
        text = "; ".join(notes + [", ".join(rest)] if rest else notes) or self.label(plan)
        return text[0].upper() + text[1:]

    def gap_name(self, start: int, end: int) -> str:
        """The id of the gap marker at ``[start, end)`` (``g-773522``), else where it is."""
        for item in self.items:
            if item.kind == "gap" and (item.start, item.end) == (start, end):
                return item.id
        line, column = self.transcript.line_column(start)
        return f"at {line}:{column}"

    def label(self, plan: EditPlan) -> str:
        """The name of an ``edit`` action, as undo and redo say it."""
        label = ", ".join(self.parts(plan))
        return label[0].upper() + label[1:]

    def parts(self, plan: EditPlan, *, notes: bool = True) -> list[str]:
        """What the edit did, one phrase per proposal it made or took back; without ``notes``,
        leaving out what :meth:`message` says in a note of its own."""
        text = self.transcript.text
        parts = []
        for change in plan.gap_changes:
            gap = self.gap_name(change.start, change.end)
            confirmed = change.kind is ProposalKind.CONFIRM_GAP
            if change.outcome is GapOutcome.REVISED:
                parts.append(
                    f"resolve gap {gap} (was confirmed inaudible)"
                    if confirmed
                    else f"revise your words for gap {gap}"
                )
            elif change.outcome is GapOutcome.REOPENED and notes:
                what = {
                    ProposalKind.CONFIRM_GAP: "confirmation of",
                    ProposalKind.DISMISS_GAP: "dismissal of",
                }.get(change.kind, "words for")
                parts.append(f"take back your {what} gap {gap}")
        if len(plan.replaces) == 1:
            one = plan.replaces[0]
            parts.insert(0, f"correct “{short(text[one.start : one.end], 30)}”")
        elif plan.replaces:
            parts.insert(0, f"correct {len(plan.replaces)} passages")
        if not parts:
            parts.append(
                "take back your proposal" if len(plan.withdraw) == 1 else "take back proposals"
            )
        said = {
            g.correction
            for g in plan.gap_changes
            if g.outcome is not GapOutcome.ABSORBED or not notes
        }
        if plan.replaces and any(c not in said for c in plan.withdraw):
            parts[0] += " (revising your earlier proposal)"
        return parts


#: Each action kind's phrase in a revision message, for one and for many.
_SUMMARY_WORDS = {
    "resolve_gap": ("resolve {} gap", "resolve {} gaps"),
    "confirm_gap": ("confirm {} gap inaudible", "confirm {} gaps inaudible"),
    "dismiss_gap": ("dismiss {} false gap", "dismiss {} false gaps"),
    "replace": ("correct {} passage", "correct {} passages"),
    "flag": ("flag {} passage", "flag {} passages"),
    "clear_flag": ("clear {} flag", "clear {} flags"),
    "pin": ("pin {} time", "pin {} times"),
    "approve": ("approve {} correction", "approve {} corrections"),
    "reject": ("reject {} correction", "reject {} corrections"),
    "amend": ("amend {} correction", "amend {} corrections"),
    "withdraw": ("withdraw {} proposal", "withdraw {} proposals"),
    "dismiss_finding": ("dismiss {} qc finding", "dismiss {} qc findings"),
    "restore_finding": ("restore {} qc finding", "restore {} qc findings"),
    "supersede": ("revise {} earlier proposal", "revise {} earlier proposals"),
}


def summary_message(actions: Iterable[Action]) -> str:
    """A revision message describing the unsaved ``actions``, to prefill the save prompt."""
    counts: Counter[str] = Counter()
    for action in actions:
        counts.update(action.tally())
    parts = []
    for method, n in counts.items():
        if not n:
            continue
        one, many = _SUMMARY_WORDS.get(method, (method + " {}", method + " {}"))
        parts.append((one if n == 1 else many).format(n))
    text = ", ".join(parts) or "no changes"
    return text[0].upper() + text[1:]
