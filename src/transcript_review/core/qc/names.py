"""A name that is a near miss of a glossary entry ("Phillipines" for Philippines)."""

from __future__ import annotations

from collections.abc import Iterator

from .document import QcDocument
from .findings import Hit, Severity
from .registry import Rule


def glossary_near_misses(doc: QcDocument) -> Iterator[Hit]:
    index = doc.glossary
    if index is None or not len(index):
        return
    for miss in index.scan(doc.text):
        term = miss.term
        also = f" ({term.note})" if term.note else ""
        yield Hit(
            miss.start,
            miss.end,
            f"“{miss.found}” looks like a misspelling of “{miss.form}”"
            f" (glossary {term.source}){also}",
            suggestion=miss.form,
        )


RULES = [
    Rule(
        "glossary-near-miss",
        Severity.WARNING,
        "a name spelled or sounding almost like a glossary term (listed variants never count)",
        glossary_near_misses,
    )
]
