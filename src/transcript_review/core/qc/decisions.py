"""What an editor may do with a finding of the final check: dismiss it, or propose its fix.

The rules about findings live here, beside the check, rather than in the editing session:
the session records a dismissal or a correction like any other action, and knows nothing of
rules or suggestions (``editing`` sits below ``qc`` in the layers; see ``core/__init__``).
"""

from __future__ import annotations

from ..editing.actions import DismissFinding, RestoreFinding
from ..editing.session import EditingSession
from ..errors import InputError
from ..quoting import short
from .findings import Finding
from .rule_ids import OPEN_WORK_RULES


def dismiss_finding(session: EditingSession, finding: Finding, note: str | None = None) -> str:
    """Set ``finding`` aside for this transcript (one undoable action, saved as a
    ``qc-dismiss`` event); returns the dismissal's id (``d-…``).

    Refused for the open-work rules (``gap-open``, ``uncertain-open``, ``flag-open``,
    ``proposal-unreviewed``): those findings are the work itself and go away when it is done
    (a gap confirmed inaudible, a flag cleared, a proposal reviewed), so the final check and
    the open-work panel never disagree. Also refused when already dismissed."""
    if finding.rule in OPEN_WORK_RULES:
        raise InputError(
            session.transcript.path,
            f"{finding.id} ({finding.rule}) is open work, not a slip: it goes away when the "
            f"work is done ({OPEN_WORK_RULES[finding.rule]}); it cannot be dismissed",
        )
    return session.record(
        DismissFinding(
            finding=finding.id,
            rule=finding.rule,
            words=finding.words,
            note=note,
            label=f"Dismiss {finding.id} ({finding.rule})",
        )
    )


def propose_suggestion(
    session: EditingSession, finding: Finding, note: str | None = None
) -> str:
    """Propose a finding's suggested fix as one correction (one undoable action, a
    ``replace`` of the finding's words in the transcript): the editor's ``enter`` on a
    finding. Returns the new correction's id.

    Refused (InputError, nothing changes) when the finding has no suggestion, when its words
    are not the transcript's own (they lie in words a correction put there: amend that
    correction instead), or when the transcript no longer has them there (the check is older
    than the last change). The note defaults to the rule and its message, so a reviewer sees
    why."""
    path = session.transcript.path
    if finding.suggestion is None:
        raise InputError(path, f"{finding.id} has no suggested fix")
    start, end = finding.source_start, finding.source_end
    if start is None or end is None:
        raise InputError(
            path,
            f"{finding.id} lies in words a correction put there; change that correction instead",
        )
    if session.transcript.text[start:end] != finding.words:
        raise InputError(
            path,
            f"{finding.id}: the transcript does not have “{short(finding.words, 30)}” there (a "
            "correction changed some of those words, or the check is older than the last "
            "change): run the check again, or change that correction",
        )
    if note is None:
        note = f"qc {finding.rule}: {finding.message}"
    return session.replace(start, end, finding.suggestion, note=note)


def dismissals_of(session: EditingSession, wanted: str) -> tuple[str, list[str]]:
    """The finding id ``wanted`` names (exactly, or as a unique prefix of a dismissed
    finding's id) and the ids of its standing dismissals; InputError when none stands."""
    dismissed = session.state.dismissed()
    path = session.transcript.path
    key = wanted.strip().lower()
    if key not in dismissed:
        matching = [f for f in dismissed if key and f.startswith(key)]
        if len(matching) != 1:
            why = (
                f"{wanted!r} could be any of {', '.join(matching[:5])}; give more of the id"
                if matching
                else f"no dismissed finding with id {wanted!r}"
            )
            raise InputError(
                path,
                f"{why}; `transcript-review qc {path} --json --include-dismissed` lists them",
            )
        key = matching[0]
    return key, [d.id for d in dismissed[key]]


def restore_finding(session: EditingSession, wanted: str, comment: str | None = None) -> list[str]:
    """List a dismissed finding again (``wanted``: its id or a unique prefix): every
    dismissal of it that stands is taken back (``qc-restore``), as one undoable action. An
    unsaved dismissal is simply undone by the session's undo. Returns the dismissal ids."""
    finding, dismissals = dismissals_of(session, wanted)
    session.record(
        RestoreFinding(
            finding=finding,
            dismissals=tuple(dismissals),
            comment=comment,
            label=f"Restore {finding}",
        )
    )
    return dismissals
