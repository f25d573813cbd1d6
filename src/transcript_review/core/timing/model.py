"""Records for webcast timing: what a caption file or a recognizer says was heard, and when.

Everything downstream (alignment, gap suggestions, "open the webcast here" links) works on
:class:`TimedWord` lists, whatever the source format, so that one alignment algorithm serves
captions and ASR output alike. Caption cues only time whole phrases; their words get times
spread across the cue and are marked ``interpolated`` so callers never mistake a guessed word
time for a measured one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class TimedWord:
    """One word with its time in the recording, in seconds from the start of the media.

    ``confidence`` is the recognizer's own score in [0, 1] when it gives one, else ``None``.
    ``interpolated`` is True when the time was spread across a caption cue rather than
    measured for this word, so a caller can show it as approximate.
    """

    text: str
    start: float
    end: float
    confidence: float | None = None
    interpolated: bool = False


@dataclass(frozen=True, slots=True)
class Cue:
    """A caption cue as read from the file: its span, cleaned text and 1-based start line.

    ``line`` points at the cue's timing line so a reviewer (or an error message) can find it.
    """

    start: float
    end: float
    text: str
    line: int


@dataclass(frozen=True)
class TimingTrack:
    """Everything read from one timing file.

    ``words`` is always filled (from cues when the format has only cues) in reading order:
    cues sorted by start, each cue's words in order, so overlapping cues never interleave.
    ``cues`` is empty for word-level ASR formats. ``warnings`` carries non-fatal oddities
    (cp1252 fallback, end before start, missing header) worth showing to the reviewer.
    """

    path: Path
    format: str
    words: tuple[TimedWord, ...]
    cues: tuple[Cue, ...] = ()
    warnings: tuple[str, ...] = field(default=())
    midpoints: tuple[float, ...] = field(init=False, repr=False, compare=False)
    """Word midpoints, sorted; with :attr:`mid_order` an index for time-window lookups."""
    mid_order: tuple[int, ...] = field(init=False, repr=False, compare=False)
    """Indices into :attr:`words` in the order of :attr:`midpoints`."""

    def __post_init__(self) -> None:
        # Words from overlapping cues are not sorted by time; index them once here so that
        # window lookups stay logarithmic.
        mids = [(w.start + w.end) / 2 for w in self.words]
        order = sorted(range(len(mids)), key=mids.__getitem__)
        object.__setattr__(self, "mid_order", tuple(order))
        object.__setattr__(self, "midpoints", tuple(mids[k] for k in order))


_WORD_RE = re.compile(r"\S+")


def spread_words(
    text: str, start: float, end: float, confidence: float | None = None
) -> list[TimedWord]:
    """Split ``text`` into words and share the span [start, end] among them by word length.

    Longer words take longer to say, so length is a better guess than equal slots; every
    result is marked ``interpolated``. Used for caption cues and for ASR segments without
    word times.
    """
    words = _WORD_RE.findall(text)
    if not words:
        return []
    end = max(end, start)
    weights = [len(w) + 1 for w in words]  # +1: the gap after the word
    total = float(sum(weights))
    span = end - start
    out: list[TimedWord] = []
    acc = 0.0
    for word, weight in zip(words, weights, strict=True):
        w_start = start + span * acc / total
        acc += weight
        w_end = start + span * acc / total
        out.append(TimedWord(word, w_start, w_end, confidence, True))
    return out
