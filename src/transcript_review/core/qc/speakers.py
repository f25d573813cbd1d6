"""A speaker labelled in more than one form ("MR. PRESIDENT:", "Mr President:")."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from .document import QcDocument
from .findings import Hit, Severity
from .registry import Rule

_NOT_LETTERS = re.compile(r"[\W_]+")


def speaker_key(name: str) -> str:
    """What two forms of one label share: its words, case-folded, without dots or spaces."""
    return _NOT_LETTERS.sub(" ", name).casefold().strip()


def speaker_variants(doc: QcDocument) -> Iterator[Hit]:
    turns = doc.transcript.speakers
    forms: dict[str, Counter[str]] = {}
    for turn in turns:
        forms.setdefault(speaker_key(turn.name), Counter())[turn.name] += 1
    # The form written most often is taken as the house form (the first written on a tie).
    first_seen: dict[str, int] = {}
    for n, turn in enumerate(turns):
        first_seen.setdefault(turn.name, n)
    usual = {
        key: max(counts, key=lambda name: (counts[name], -first_seen[name]))
        for key, counts in forms.items()
        if len(counts) > 1
    }
    for turn in turns:
        key = speaker_key(turn.name)
        main = usual.get(key)
        if main is None or turn.name == main:
            continue
        others = forms[key][main]
        yield Hit(
            turn.start,
            turn.start + len(turn.name),
            f"speaker written “{turn.name}” here and “{main}” in {others} other turn(s)",
            suggestion=main,
        )


RULES = [
    Rule(
        "speaker-variants",
        Severity.WARNING,
        "a speaker label written in more than one form",
        speaker_variants,
    )
]
