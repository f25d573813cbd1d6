"""Turning an edited passage into the smallest word-level replacements of the original.

When an editor rewrites a paragraph, reviewers should see "“flown” → “flowed”", not the whole
paragraph replaced; each changed run of words becomes one ``replace`` proposal.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass

_TOKEN = re.compile(r"\s+|[^\s]+")


@dataclass(frozen=True, slots=True)
class Replacement:
    """``text[start:end]`` (offsets in the original) becomes ``new``."""

    start: int
    end: int
    new: str


def word_replacements(
    old: str, new: str, offset: int = 0, *, keep: Sequence[tuple[int, int]] = ()
) -> list[Replacement]:
    """Replacements that turn ``old`` into ``new``, in order, with offsets shifted by ``offset``.

    A pure insertion takes in the word before it (or after it, at the very start), so every
    replacement quotes some original text and can be re-anchored later. ``keep`` lists spans of
    ``old`` (offsets before shifting) that an insertion should take in only when no other
    neighbour will do: words someone else proposed, say, which a word typed after them must not
    turn into an edit of theirs.
    """
    a = [m.group(0) for m in _TOKEN.finditer(old)]
    b = [m.group(0) for m in _TOKEN.finditer(new)]
    starts = [0]
    for token in a:
        starts.append(starts[-1] + len(token))

    def kept(k: int) -> bool:
        return any(s < starts[k + 1] and starts[k] < e for s, e in keep)

    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    # An insertion with only spaces between it and another change joins that change: were it
    # widened over a neighbouring word on its own, the word could be one the change replaces.
    runs: list[tuple[int, int, int, int]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if runs:
            p1, p2, q1, _ = runs[-1]
            between = a[p2:i1]
            if (i1 == i2 or p1 == p2) and all(t.isspace() for t in between):
                runs[-1] = (p1, i2, q1, j2)
                continue
        runs.append((i1, i2, j1, j2))
    spans: list[list[int | str]] = []  # [start, end, text], offsets in `old`
    for i1, i2, j1, j2 in runs:
        start, end, text = starts[i1], starts[i2], "".join(b[j1:j2])
        if start == end:  # insertion: widen to a neighbouring word of the original
            before = next((k for k in range(i1 - 1, -1, -1) if not a[k].isspace()), None)
            after = next((k for k in range(i1, len(a)) if not a[k].isspace()), None)
            if spans and before is not None and int(spans[-1][1]) > starts[before]:
                # the word before was taken in by the previous insertion: join it
                spans[-1][2] = f"{spans[-1][2]}{old[int(spans[-1][1]) : start]}{text}"
                spans[-1][1] = start
                continue
            if before is not None and (after is None or not kept(before) or kept(after)):
                start = starts[before]
                text = "".join(a[before:i1]) + text
            elif after is not None:
                end = starts[after + 1]
                text = text + "".join(a[i1 : after + 1])
            else:
                continue
        spans.append([start, end, text])
    out: list[Replacement] = []
    for start, end, text in spans:
        start, end, text = _trim_space(old, int(start), int(end), str(text))
        out.append(Replacement(start + offset, end + offset, text))
    return out


def _trim_space(old: str, start: int, end: int, text: str) -> tuple[int, int, str]:
    """Keep shared leading/trailing whitespace out of the replaced span (never all of it: an
    empty span quotes nothing to find the place by)."""
    while start + 1 < end and text and old[start].isspace() and text[0] == old[start]:
        start += 1
        text = text[1:]
    while start + 1 < end and text and old[end - 1].isspace() and text[-1] == old[end - 1]:
        end -= 1
        text = text[:-1]
    return start, end, text
