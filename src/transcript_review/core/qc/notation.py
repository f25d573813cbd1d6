"""Notation of doubt left in the text to be published: ``word (ph)``, ``(sp?)``,
``[unclear: words]``. The fix offered keeps the words and drops the notation."""

from __future__ import annotations

from collections.abc import Iterator

from .document import QcDocument
from .findings import Hit, Severity
from .registry import Rule


def notation_left(doc: QcDocument) -> Iterator[Hit]:
    text = doc.text
    for m in doc.transcript.markers:
        if m.kind != "uncertain" or m.style not in ("phonetic", "unclear"):
            continue
        words = text[m.inner_start : m.inner_end]
        if m.style == "phonetic":
            note = text[m.inner_end : m.end].strip()
            message = f"“{note}” left in after “{words}”: check the spelling, then remove it"
        else:
            marker = text[m.start : m.end]
            message = f"“{marker}” left in: settle the words, then remove the brackets"
        yield Hit(m.start, m.end, message, suggestion=words)


RULES = [
    Rule(
        "notation-left",
        Severity.WARNING,
        "`(ph)`, `(sp?)` or `[unclear: …]` still in the text",
        notation_left,
    )
]
