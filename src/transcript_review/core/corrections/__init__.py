"""Corrections: what a sidecar's revisions add up to, new events, and the corrected text.

Three modules, one concern each: ``fold`` recomputes the state of every correction from the
revisions (lenient: it reads what a file says); ``draft`` is the write side, :class:`Draft`,
strict about the review rules for the events of the next revision; ``apply`` builds the
corrected text from a state. The public names are re-exported here: import them from
``core.corrections``, whichever module defines them.

May import: foundation, text, sidecar
"""

from __future__ import annotations

from .apply import CorrectedText, apply_corrections, changed_regions, corrected_text
from .draft import Draft
from .fold import (
    AlreadyDecidedError,
    Correction,
    Dismissal,
    OrphanedCorrectionError,
    QuestionState,
    ReviewRuleError,
    SelfApprovalError,
    State,
    Status,
    UnknownCorrectionError,
    fold,
    invalid_verdicts_note,
    own_overlaps,
    spans_conflict,
)

__all__ = [
    "AlreadyDecidedError",
    "CorrectedText",
    "Correction",
    "Dismissal",
    "Draft",
    "OrphanedCorrectionError",
    "QuestionState",
    "ReviewRuleError",
    "SelfApprovalError",
    "State",
    "Status",
    "UnknownCorrectionError",
    "apply_corrections",
    "changed_regions",
    "corrected_text",
    "fold",
    "invalid_verdicts_note",
    "own_overlaps",
    "spans_conflict",
]
