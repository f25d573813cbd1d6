"""What a final check finds: one :class:`Finding` per slip, with where it is and how to fix it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How much a finding stands in the way of publishing: errors make ``qc`` exit 1."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule reports, before the runner grades it and places it in lines and paragraphs.

    Offsets are code points in the corrected text the rules read."""

    start: int
    end: int
    message: str
    suggestion: str | None = None
    """Text that should replace ``start``..``end`` (None: no fix can be offered)."""
    about: str | None = None
    """The id of the gap, uncertain passage or correction the finding is about, if any."""


@dataclass(frozen=True, slots=True)
class Finding:
    """One graded finding, as ``qc`` lists it (keys of ``qc --json``, see the README)."""

    id: str
    """``q-`` and six hex digits hashed from the rule, the words and up to 32 characters either
    side within the paragraph, so the same slip keeps its id while the text around it is
    unchanged (a dismissal names it; see :func:`finding_id`)."""
    rule: str
    severity: Severity
    start: int
    end: int
    paragraph: int
    line: int
    column: int
    words: str
    message: str
    suggestion: str | None
    source_start: int | None
    """Where the words are in the transcript file itself (None: inside a correction's words)."""
    source_end: int | None
    about: str | None = None

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "rule": self.rule,
            "severity": self.severity.value,
            "paragraph": self.paragraph,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "words": self.words,
            "message": self.message,
            "suggestion": self.suggestion,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "about": self.about,
        }


def finding_id(
    rule: str,
    text: str,
    start: int,
    end: int,
    used: dict[str, int],
    bounds: tuple[int, int] | None = None,
) -> str:
    """A stable id: the rule, the words, and up to 32 characters either side *within the
    paragraph* (``bounds``: its start and end), as item ids are made (:mod:`..items`).

    So an edit in another paragraph, or anywhere more than 32 characters away, leaves the id
    alone, and a dismissal saved in the sidecar (``qc-dismiss``) still names the finding after
    a reload and on a colleague's machine: nothing of the config, the glossary or the grade
    goes into it. ``used`` counts the ids given so far by their hash, so the n-th finding with
    the same context gets ``-n`` in one step (a repetitive transcript has thousands of them).
    """
    low, high = bounds if bounds is not None else (0, len(text))
    before = text[max(low, start - 32) : start]
    after = text[end : min(max(high, end), end + 32)]
    key = "\x00".join((rule, before, text[start:end], after))
    base = "q-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]
    n = used.get(base, 0) + 1
    used[base] = n
    return base if n == 1 else f"{base}-{n}"
