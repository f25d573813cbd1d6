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
#: "1)", "a)", "ii)": a list item's number, which opens no bracket (looked at only before a
#: ")" that closes nothing).
_LIST_ITEM = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-z]|[ivx]{1,4})$", re.IGNORECASE)
_LONE_STAR = re.compile(r"(?<!\*)\*(?!\*)")
_DOUBLED_WORD = re.compile(r"\b([^\W\d_]+)[ \t]+(\1)\b", re.IGNORECASE)
#: Doubled words that are grammar ("that that is", "had had"), not slips.
_GRAMMATICAL_DOUBLES = frozenset({"had", "that", "is"})
#: A run of marks; an ellipsis ("...", "…") is no slip.
_PUNCT_RUN = re.compile(r"[,;:.…]{2,}")
#: A mark after a space (the spaces before it and the word before them are found from there:
#: marks are ten times rarer than spaces, so the search starts at the mark).
_SPACE_BEFORE = re.compile(r"[ \t](?P<mark>[,;:.!?])(?![.…])(?=\s|$|[\"'”’)\]])")
#: Two or more spaces before a word; after a sentence's end they are a typing convention.
_DOUBLE_SPACE = re.compile(r"[ \t]{2,}(?=\S)")


#: Characters of text one regular-expression scan covers at most (see :func:`_scan`).
_CHUNK = 1 << 16


def _scan(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)``, a stretch of lines at a time.

    The editor runs the check in a thread; one scan of a million words is a single call into
    the regular-expression engine that holds the interpreter for half a second, freezing the
    screen. These patterns never match a line break (nor look past one differently at a
    stretch's end), so cutting the text just before a ``\n`` finds the same matches."""
    start, size = 0, len(text)
    while start < size:
        end = text.find("\n", min(start + _CHUNK, size))
        end = size if end < 0 else end
        yield from pattern.finditer(text, start, end)
        start = end if end > start else end + 1


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
        for m in _BRACKET.finditer(text, para.start, para.end):
            ch, at = m.group(), m.start()
            if ch in _OPENERS:
                stack.append((ch, at))
            elif stack and stack[-1][0] == _CLOSERS[ch]:
                stack.pop()
            elif ch == ")" and _LIST_ITEM.search(text[max(para.start, at - 6) : at]):
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
    for m in _scan(_DOUBLED_WORD, doc.text):
        word = m.group(1)
        if word.lower() in _GRAMMATICAL_DOUBLES or markers.inside(m.start(), m.end()):
            continue
        yield Hit(m.start(), m.end(), f"“{word}” twice in a row", suggestion=word)


def doubled_punctuation(doc: QcDocument) -> Iterator[Hit]:
    markers = marker_spans(doc)
    for m in _scan(_PUNCT_RUN, doc.text):
        run = m.group()
        if "..." in run or "…" in run or markers.inside(m.start(), m.end()):
            continue  # an ellipsis, alone or with a mark after it, is a style
        keep = "." if "." in run else run[-1]
        yield Hit(m.start(), m.end(), f"doubled punctuation “{run}”", suggestion=keep)


def space_before_punctuation(doc: QcDocument) -> Iterator[Hit]:
    markers = marker_spans(doc)
    text = doc.text
    for m in _scan(_SPACE_BEFORE, text):
        mark, at = m.group("mark"), m.start("mark")
        start = at - 1
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        if start == 0 or text[start - 1] == "\n":
            continue  # a mark opening a line: no word before it
        if markers.inside(start, at + 1):
            continue
        if mark == ":" and text[at + 1 : at + 2] == " ":
            continue  # "hash : path", " : " set apart on both sides is a separator
        yield Hit(start, at + 1, f"a space before “{mark}”", suggestion=mark)


def double_spaces(doc: QcDocument) -> Iterator[Hit]:
    text = doc.text
    for m in _scan(_DOUBLE_SPACE, text):
        if m.start() == 0 or text[m.start() - 1] in "\n.!?:":
            continue  # indentation, or two spaces after a sentence's end
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
