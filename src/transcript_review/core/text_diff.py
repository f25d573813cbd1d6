"""Turning an edited passage into the smallest word-level replacements of the original.

When an editor rewrites a paragraph, reviewers should see "“flown” → “flowed”", not the whole
paragraph replaced; each changed run of words becomes one ``replace`` proposal.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Replacement:
    """``text[start:end]`` (offsets in the original) becomes ``new``."""

    start: int
    end: int
    new: str


def word_replacements(old: str, new: str, offset: int = 0) -> list[Replacement]:
    """Replacements that turn ``old`` into ``new``, in order, with offsets shifted by ``offset``.

    A pure insertion takes in the word before it (or after it, at the very start), so every
    replacement quotes some original text and can be re-anchored later.
    """
    a = [m.group(0) for m in _TOKEN.finditer(old)]
    b = [m.group(0) for m in _TOKEN.finditer(new)]
    starts = [0]
    for token in a:
        starts.append(starts[-1] + len(token))
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: list[Replacement] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        start, end, text = starts[i1], starts[i2], "".join(b[j1:j2])
        if start == end:  # insertion: widen to a neighbouring word of the original
            if i1 > 0:
                k = i1 - 1 if not a[i1 - 1].isspace() or i1 < 2 else i1 - 2
                start = starts[k]
                text = "".join(a[k:i1]) + text
            elif i2 < len(a):
                end = starts[i2 + 1]
                text = text + a[i2]
            else:
                continue
        start, end, text = _trim_space(old, start, end, text)
        out.append(Replacement(start + offset, end + offset, text))
    return out


def _trim_space(old: str, start: int, end: int, text: str) -> tuple[int, int, str]:
    """Keep shared leading/trailing whitespace out of the replaced span."""
    while start < end and text and old[start].isspace() and text[0] == old[start]:
        start += 1
        text = text[1:]
    while start < end and text and old[end - 1].isspace() and text[-1] == old[end - 1]:
        end -= 1
        text = text[:-1]
    return start, end, text
