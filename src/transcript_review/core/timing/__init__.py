"""Webcast timing: read captions and recognizer output, align them to a transcript.

Public API (no UI imports here): :func:`read_timing`, :func:`align`, :func:`estimate_between`,
:func:`words_in_window`, :func:`url_at`, and the records they use.

May import: foundation, text
"""

from __future__ import annotations

from .align import Alignment, WordTiming, align, estimate_between, estimate_in_place
from .model import Cue, TimedWord, TimingTrack, spread_words
from .readers import FORMATS, detect_format, read_timing
from .suggest import words_in_window
from .webcast_url import url_at

__all__ = [
    "FORMATS",
    "Alignment",
    "Cue",
    "TimedWord",
    "TimingTrack",
    "WordTiming",
    "align",
    "detect_format",
    "estimate_between",
    "estimate_in_place",
    "read_timing",
    "spread_words",
    "url_at",
    "words_in_window",
]
