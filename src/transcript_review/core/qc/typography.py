"""Slips of typing: unbalanced ``*`` and brackets, doubled words and punctuation, a space
before punctuation, double spaces. Markers (``[??]``, ``(inaudible)``) are never taken apart.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

from .document import QcDocument
from .findings import Hit, Severity
from .registry import Rule

_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_BRACKET = re.compile(r"[()\[\]{}]")
#: "1)", "a)", "ii)": a list item's number, which opens no bracket.
_LIST_ITEM = re.compile(r"(?:^|(?<=\s))(?:\d{1,2}|[a-z]|[ivx]{1,4})\)", re.IGNORECASE)
_LONE_STAR = re.compile(r"(?<!\*)\*(?!\*)")
_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)[ \t]+(\1)\b", re.IGNORECASE)
#: Doubled words that are grammar ("that that is", "had had"), not slips.
_GRAMMATICAL_DOUBLES = frozenset({"had", "that", "is"})
#: A run of marks; an ellipsis ("...", "…") is no slip.
_PUNCT_RUN = re.compile(r"[,;:.…]{2,}")
_SPACE_BEFORE = re.compile(r"(?<=\S)[ \t]+(?=[,;:.!?](?![.…])(?:\s|$|[\"'”’)\]]))")
#: Two or more spaces between words; after a sentence's end they are a typing convention.
_DOUBLE_SPACE = re.compile(r"(?<=[^\s.!?:])[ \t]{2,}(?=\S)")


class _Spans:
    """Sorted, non-nested spans (the markers) for "is this offset inside one?"."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        merged: list[tuple[int, int]] = []
        for s, e in sorted(spans):
            if merged and s < merged[-1][1]:
                merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
            else:
                merged.append((s, e))
        self._starts = [s for s, _ in merged]
        self._ends = [e for _, e in merged]

    def inside(self, start: int, end: int) -> bool:
        k = bisect.bisect_right(self._starts, start) - 1
        return k >= 0 and start < self._ends[k] and end <= self._ends[k]


def marker_spans(doc: QcDocument) -> _Spans:
    return _Spans([(m.start, m.end) for m in doc.transcript.markers])


def unbalanced(doc: QcDocument) -> Iterator[Hit]:
    text = doc.text
    stars = {m.start for m in doc.transcript.markers if m.style == "asterisks"}
    stars |= {m.end - 1 for m in doc.transcript.markers if m.style == "asterisks"}
    for para in doc.transcript.paragraphs:
        stack: list[tuple[str, int]] = []
        list_items = {m.end() - 1 for m in _LIST_ITEM.finditer(text, para.start, para.end)}
        for m in _BRACKET.finditer(text, para.start, para.end):
            ch, at = m.group(), m.start()
            if ch in _OPENERS:
                stack.append((ch, at))
            elif stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            elif at in list_items:
                continue
            else:
                yield Hit(at, at + 1, f"“{ch}” closes nothing opened before it in the paragraph")
        for ch, at in stack:
            yield Hit(at, at + 1, f"“{ch}” is never closed (no “{_OPENERS[ch]}” in the paragraph)")
        for m in _LONE_STAR.finditer(text, para.start, para.end):
            if m.start() not in stars:
                yield Hit(
                    m.start(),
                    m.end(),
                    "a lone “*”: an uncertain passage opened and never closed, or a stray star",
                )


def doubled_words(doc: QcDocument) -> Iterator[Hit]:
    markers = marker_spans(doc)
    for m in _DOUBLED_WORD.finditer(doc.text):
        word = m.group(1)
        if word.lower() in _GRAMMATICAL_DOUBLES or markers.inside(m.start(), m.end()):
            continue
        yield Hit(m.start(), m.end(), f"“{word}” twice in a row", suggestion=word)


def doubled_punctuation(doc: QcDocument) -> Iterator[Hit]:
    markers = marker_spans(doc)
    for m in _PUNCT_RUN.finditer(doc.text):
        run = m.group()
        if "..." in run or "…" in run or markers.inside(m.start(), m.end()):
            continue  # an ellipsis, alone or with a mark after it, is a style
        keep = "." if "." in run else run[-1]
        yield Hit(m.start(), m.end(), f"doubled punctuation “{run}”", suggestion=keep)


def space_before_punctuation(doc: QcDocument) -> Iterator[Hit]:
    markers = marker_spans(doc)
    text = doc.text
    for m in _SPACE_BEFORE.finditer(text):
        mark = text[m.end()]
        if markers.inside(m.start(), m.end() + 1):
            continue
        if mark == ":" and text[m.end() + 1 : m.end() + 2] == " ":
            continue  # "hash : path", " : " set apart on both sides is a separator
        yield Hit(m.start(), m.end() + 1, f"a space before “{mark}”", suggestion=mark)


def double_spaces(doc: QcDocument) -> Iterator[Hit]:
    for m in _DOUBLE_SPACE.finditer(doc.text):
        yield Hit(m.start(), m.end(), "more than one space between words", suggestion=" ")


RULES = [
    Rule(
        "unbalanced",
        Severity.ERROR,
        "a `*`, bracket or parenthesis opened and not closed (or closed and not opened)",
        unbalanced,
    ),
    Rule("doubled-word", Severity.WARNING, "the same word twice (“the the”)", doubled_words),
    Rule(
        "doubled-punctuation",
        Severity.WARNING,
        "two punctuation marks in a row (“,,” “.,”); an ellipsis is fine",
        doubled_punctuation,
    ),
    Rule(
        "space-before-punctuation",
        Severity.WARNING,
        "a space before , ; : . ! ?",
        space_before_punctuation,
    ),
    Rule(
        "double-space",
        Severity.INFO,
        "two or more spaces between words (not after a sentence's end)",
        double_spaces,
    ),
]
