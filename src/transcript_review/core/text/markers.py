"""Finding gaps and uncertain passages in transcript text.

A *gap* is a place where the transcriber could not hear the words: ``(inaudible)``,
``[inaudible 00:12:34]``, ``(Inaudible.)``, ``[crosstalk]``, ``[??]``, ``_____``.
An *uncertain passage* holds words the transcriber wrote but doubts: ``*…*``, ``word (ph)``,
``[unclear: words]``, ``(words?)``. Editorial insertions such as ``[sic]``, ``[came]``,
``(Laughter.)`` or ``(Applause)`` match neither and are left alone. Markers nest: a gap may lie
inside an uncertain passage. Extra patterns come from the user's config (:class:`MarkerPatterns`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .timecodes import TIMECODE, parse_timecode

MarkerKind = Literal["gap", "uncertain"]

_CLOSE = r"[\])]"
_OPEN = r"[\[(]"

#: Words that say "nothing could be transcribed here". ``unclear`` counts only when bare:
#: ``[unclear: words]`` is an uncertain passage instead.
_GAP_WORDS = (
    r"inaudible|unintelligible|indiscernible|incomprehensible|cross[- ]?talk"
    r"|audio (?:gap|drops?(?: out)?|cut(?:s)? out)|no audio|unclear(?=\s*\.?\s*[\])])"
)

_GAP_BRACKETED = re.compile(
    rf"{_OPEN}\s*(?:{_GAP_WORDS})\b[^\[\]()\n]{{0,80}}?{_CLOSE}",
    re.IGNORECASE,
)
_GAP_QUESTION_MARKS = re.compile(rf"{_OPEN}\s*\?{{1,3}}\s*{_CLOSE}")
_GAP_UNDERSCORES = re.compile(r"_{3,}")
_TIME_INSIDE = re.compile(rf"(?<![\d:])({TIMECODE})(?![\d:])")

#: ``*…*`` within one paragraph: the opening star follows a non-word, the closing one precedes a
#: non-word; ``**bold**`` is not a passage. Capped so a stray star cannot swallow a document.
_ASTERISKS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])((?:[^*\n]|\n(?![ \t]*\n)){1,3000}?)(?<=\S)\*(?![\w*])"
)
#: ``word (ph)``, ``word (sp?)``, ``word [ph]`` — the doubt covers the word before. The note is
#: found first and the word looked up behind it: a pattern starting with the word would be tried
#: at every letter of the document, thirty times slower.
_PHONETIC = re.compile(r"[\[(](?:ph|sp)\.?\??[\])]", re.IGNORECASE)
#: Searched in the few characters before a note. Only where a word starts (or the window does):
#: tried at every letter, the search cost the square of the window, per note. The possessive
#: ``++``/``*+`` give back nothing, which changes nothing here (letters and spaces are disjoint)
#: but saves retrying the word at every length.
_WORD_BEFORE = re.compile(r"(?<![\w'’.\-])([\w'’.\-]++)[ \t]*+$")
_CAPITALISED = re.compile(r"[A-ZÀ-Þ][\w'’.\-]*+[ \t]++$")
#: ``[unclear: words]`` and its siblings.
_UNCLEAR = re.compile(
    rf"{_OPEN}\s*(?:unclear|unsure|uncertain|guess)\s*:\s*([^\[\]()\n]{{1,200}}?)\s*{_CLOSE}",
    re.IGNORECASE,
)
#: ``(words?)`` / ``[words?]``: up to eight words of a guess, ending in a question mark.
_QUESTIONED = re.compile(r"[\[(]((?=[^\[\]()\n?]*[^\W\d_])[^\[\]()\n?]{1,80}?)\s*\?[\])]")


# Not ``frozen``, for the speed of making a million of them (as :class:`.items.Item`);
# ``unsafe_hash`` keeps the hash and equality ``frozen`` gave. Nothing assigns to its fields.
@dataclass(slots=True, unsafe_hash=True)
class Marker:
    """One gap or uncertain passage, as found in the text (offsets in code points). Never
    changed once made."""

    kind: MarkerKind
    style: str
    """Which notation it uses: ``inaudible``, ``crosstalk``, ``question-marks``, ``underscores``,
    ``asterisks``, ``phonetic``, ``unclear``, ``questioned`` or ``custom``."""
    start: int
    end: int
    inner_start: int
    """Start of the doubted words of an uncertain passage (a gap: same as ``start``)."""
    inner_end: int
    time: float | None = None
    """A time written in the marker itself, e.g. ``[inaudible 00:12:34]``."""


@dataclass(frozen=True)
class MarkerPatterns:
    """Extra regular expressions from the user's config, compiled case-insensitively.

    For an uncertain pattern, a group named ``text`` marks the doubted words; without it the
    whole match is doubted.
    """

    gaps: tuple[re.Pattern[str], ...] = ()
    uncertain: tuple[re.Pattern[str], ...] = field(default=())


def find_markers(text: str, extra: MarkerPatterns | None = None) -> list[Marker]:
    """Every gap and uncertain passage in ``text``, sorted by start (outer before inner)."""
    extra = extra or MarkerPatterns()
    gaps = _find_gaps(text, extra.gaps)
    uncertain = _find_uncertain(text, extra.uncertain, gaps)
    return sorted(gaps + uncertain, key=lambda m: (m.start, -m.end))


def _find_gaps(text: str, extra: Iterable[re.Pattern[str]]) -> list[Marker]:
    found: list[Marker] = []
    sources: list[tuple[str, re.Pattern[str]]] = [
        ("bracketed", _GAP_BRACKETED),
        ("question-marks", _GAP_QUESTION_MARKS),
        ("underscores", _GAP_UNDERSCORES),
    ]
    sources += [("custom", p) for p in extra]
    taken: _Spans | None = None
    taken_count = 0
    for style, pattern in sources:
        # A match is checked only against the gaps of the sources before: the matches of one
        # ``finditer`` never share a code point. And against none while there are none (the
        # first source, which in a transcript of a million gaps finds nearly all of them).
        if len(found) > taken_count:  # listed again only when the source before added some
            taken = _Spans.of(sorted((g.start, g.end) for g in found))
            taken_count = len(found)
        for m in pattern.finditer(text):
            start, end = m.span()
            if taken is not None and taken.overlapping(start, end):
                continue
            marker_text = m.group(0)
            if style == "bracketed":
                style_name = "crosstalk" if "cross" in marker_text.lower() else "inaudible"
            else:
                style_name = style
            seconds = None
            if ":" in marker_text:  # every time code has one; most gaps have no time at all
                time_match = _TIME_INSIDE.search(marker_text)
                seconds = parse_timecode(time_match.group(1)) if time_match else None
            found.append(Marker("gap", style_name, start, end, start, end, seconds))
    return found


def _find_uncertain(
    text: str, extra: Iterable[re.Pattern[str]], gaps: list[Marker]
) -> list[Marker]:
    gap_spans = _Spans.of(sorted((g.start, g.end) for g in gaps))
    phonetic = _Spans()

    def clashes(start: int, end: int, may_contain_gaps: bool) -> bool:
        hits = gap_spans.overlapping(start, end)
        if not hits:  # the usual case: not worth starting the any() below, once per marker
            return False
        return any(not (may_contain_gaps and start <= s and e <= end) for s, e in hits)

    found: list[Marker] = []
    for m in _ASTERISKS.finditer(text):
        if not clashes(m.start(), m.end(), may_contain_gaps=True):
            found.append(Marker("uncertain", "asterisks", m.start(), m.end(), m.start(1), m.end(1)))
    for m in _PHONETIC.finditer(text):
        lo = max(0, m.start() - 60)
        word = _WORD_BEFORE.search(text[lo : m.start()])  # a slice: a word cut by it counts
        if word is None:
            continue
        inner_start = _extend_over_capitalised_name(text, lo + word.start(1))
        if not clashes(inner_start, m.end(), may_contain_gaps=False):
            found.append(
                Marker("uncertain", "phonetic", inner_start, m.end(), inner_start, lo + word.end(1))
            )
            phonetic.add(inner_start, m.end())
    for style, pattern in (("unclear", _UNCLEAR), ("questioned", _QUESTIONED)):
        for m in pattern.finditer(text):
            if len(m.group(1).split()) > 8 or clashes(m.start(), m.end(), may_contain_gaps=False):
                continue
            if phonetic.overlapping(m.start(), m.end()):
                continue  # the "(sp?)" of "word (sp?)" is not a questioned guess of its own
            found.append(Marker("uncertain", style, m.start(), m.end(), m.start(1), m.end(1)))
    for pattern in extra:
        group = "text" if "text" in pattern.groupindex else 0
        for m in pattern.finditer(text):
            if m.end() > m.start() and not clashes(m.start(), m.end(), may_contain_gaps=True):
                found.append(
                    Marker("uncertain", "custom", m.start(), m.end(), m.start(group), m.end(group))
                )
    return _drop_duplicate_spans(found)


def _extend_over_capitalised_name(text: str, start: int) -> int:
    """``Alassane Ouattara (ph)`` doubts the whole name: extend back over capitalised words."""
    if not text[start : start + 1].isupper():
        return start
    for _ in range(3):
        window = text[max(0, start - 40) : start]
        m = _CAPITALISED.search(window)
        if not m:
            break
        start -= len(window) - m.start()
    return start


def _drop_duplicate_spans(markers: list[Marker]) -> list[Marker]:
    seen: set[tuple[int, int]] = set()
    unique = []
    for marker in markers:
        if (marker.start, marker.end) not in seen:
            seen.add((marker.start, marker.end))
            unique.append(marker)
    return unique


class _Spans:
    """Non-overlapping spans kept sorted, for fast "what overlaps this?" questions.

    Markers are checked against each other thousands of times in a long transcript, so a
    linear scan per check would make finding them quadratic.
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []

    @classmethod
    def of(cls, spans: list[tuple[int, int]]) -> _Spans:
        """Spans already sorted and not overlapping, taken in one go (not one ``add`` each)."""
        made = cls()
        made._starts = [s for s, _ in spans]
        made._ends = [e for _, e in spans]
        return made

    def add(self, start: int, end: int) -> None:
        if not self._starts or start > self._starts[-1]:  # found in order: the usual case
            self._starts.append(start)
            self._ends.append(end)
            return
        i = bisect.bisect_left(self._starts, start)
        self._starts.insert(i, start)
        self._ends.insert(i, end)

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """Spans that share at least one code point with ``[start, end)``."""
        i = bisect.bisect_left(self._starts, end)
        hits = []
        while i > 0 and self._ends[i - 1] > start:
            i -= 1
            hits.append((self._starts[i], self._ends[i]))
        return hits
