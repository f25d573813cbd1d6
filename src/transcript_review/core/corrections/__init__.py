"""Corrections: the state of a transcript's corrections, folded from its sidecar's revisions.

Public names are re-exported here, so ``from transcript_review.core.corrections import Draft``
works whichever module of the package defines the name.

May import: foundation, text, sidecar
"""

from __future__ import annotations

from .fold import (
    AlreadyDecidedError,
    CorrectedText,
    Correction,
    Draft,
    OrphanedCorrectionError,
    QuestionState,
    ReviewRuleError,
    SelfApprovalError,
    State,
    Status,
    UnknownCorrectionError,
    apply_corrections,
    changed_regions,
    corrected_text,
    fold,
    invalid_verdicts_note,
    own_overlaps,
    spans_conflict,
)

__all__ = [
    "AlreadyDecidedError",
    "CorrectedText",
    "Correction",
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
