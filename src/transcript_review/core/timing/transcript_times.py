"""Webcast times for a parsed transcript: every word, paragraph and gap, with its source.

Sources, by precedence (DESIGN.md, "Timing"): a manual pin from the sidecar, an inline stamp in
the transcript, a word aligned to a timing file (captions or ASR) or to the recording itself
(``align``: the better-covered of the two wins per paragraph), and an estimate by word count
between known times (or at a steady speaking rate when nothing is known).

Clocks: inline stamps were typed while watching the webcast, so when a transcript has them,
their clock is the webcast's; aligned times are moved onto it by the offset measured between
the two (a recording whose intro was cut starts later). Without stamps the timing file's clock
is the webcast's.
"""

from __future__ import annotations

import bisect
from array import array
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..errors import InputError
from ..text.items import Item
from ..text.transcript import Transcript
from . import (
    Alignment,
    TimedWord,
    TimingTrack,
    align,
    estimate_in_place,
    read_timing,
    words_in_window,
)
from .audio import RecordingAlignment, alignment_path, read_alignment

TimeSource = Literal["manual", "inline", "aligned", "recording", "estimated"]

#: Extensions looked for beside a transcript, in this order, when no --timing is given.
TIMING_EXTENSIONS = (".vtt", ".srt", ".sbv", ".json")
#: An offset smaller than this between stamps and timing is taken as the same clock.
_SAME_CLOCK = 1.5
#: Seconds per word when estimating: ~150 words a minute, a common speaking rate.
_RATE = 0.4
#: Words with a recognizer confidence below this are listed as candidates for flagging.
LOW_CONFIDENCE = 0.5
#: A timing file in which fewer than this share of the transcript's words are found (in runs of
#: four or more, :meth:`.Alignment.found_share`) is probably not this transcript's: a warning
#: says so. Measured on the corpus, unrelated pairs find 0-3% (while matching up to 12% of
#: words by chance, scattered common words), captions of the same session 84-99%; a timing
#: file covering under 5% of a transcript deserves the question even when it is the right one.
LOW_COVERAGE = 0.05


@dataclass(frozen=True, slots=True)
class Moment:
    """A time in the webcast and how it is known."""

    seconds: float
    source: TimeSource
    confidence: float | None = None

    @property
    def estimated(self) -> bool:
        return self.source == "estimated"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """Words someone else heard where the transcript has a gap."""

    source: Literal["captions", "official-text", "recogniser"]
    text: str
    confidence: float | None
    start: float | None = None
    end: float | None = None


#: Sources as stored per word (one byte each), in precedence order.
_SOURCES: tuple[TimeSource, ...] = ("estimated", "aligned", "recording", "inline", "manual")
_CODE = {name: code for code, name in enumerate(_SOURCES)}
#: The byte :attr:`TranscriptTiming.sources` holds for an estimated word.
ESTIMATED_CODE = _CODE["estimated"]
_NAN = float("nan")


@dataclass
class TranscriptTiming:
    """Times of a transcript's words, and what they were worked out from.

    Per-word data lives in arrays (offsets, seconds, a source byte, a confidence with NaN for
    none): a 10-hour session has a million words, and an object per word would take ~400 MB.
    """

    transcript: Transcript
    starts: array
    """Start offset of each spoken word."""
    ends: array
    times: array
    """Seconds in the webcast, per word."""
    time_ends: array
    """When each word ends (aligned: as the timing file says; otherwise estimated)."""
    sources: bytearray
    """Index into :data:`_SOURCES`, per word."""
    confidences: array
    """Recognizer confidence per word; NaN where there is none."""
    track: TimingTrack | None = None
    reference_words: list[str] | None = None
    reference_map: list[int | None] | None = None
    """For each transcript word, the index of the matched reference word."""
    coverage: float = 0.0
    """Share of words aligned to the timing file or placed in the recording (0 without
    either), chance matches included."""
    offset: float | None = None
    """Median seconds to add to a transcript stamp to get the timing file's time."""
    clock_shifts: array | None = None
    """Per word, what was subtracted from its aligned time to put it on the stamps' clock
    (None: the timing file's clock is used as it is)."""
    warnings: list[str] = field(default_factory=list)
    found: float = 0.0
    """Share of words found in the timing file in runs (see :meth:`.Alignment.found_share`),
    or, with the recording, the share timed by it or the captions: the one coverage figure
    people are shown, the low-coverage warning's too."""
    recording: RecordingAlignment | None = None
    """The alignment to the recording itself (``align``), when there is a current one."""

    def __len__(self) -> int:
        return len(self.times)

    def moment(self, k: int) -> Moment:
        """The time of word ``k``."""
        confidence = self.confidences[k]
        return Moment(
            self.times[k],
            _SOURCES[self.sources[k]],
            None if confidence != confidence else confidence,
        )

    def source_counts(self) -> dict[str, int]:
        """Number of words per time source."""
        return {_SOURCES[code]: self.sources.count(code) for code in sorted(set(self.sources))}

    @property
    def source_name(self) -> str:
        """What the times come from, for people: a file name, "inline stamps" or "estimates"."""
        recorded = _CODE["recording"] in self.sources
        if self.track is not None and recorded:
            return f"the recording and {self.track.path.name} ({self.track.format})"
        if recorded and self.recording is not None:
            return f"the recording ({self.recording.media.name}, aligned)"
        if self.track is not None:
            return f"{self.track.path.name} ({self.track.format})"
        if _CODE["inline"] in self.sources:
            return "inline stamps"
        if _CODE["manual"] in self.sources:
            return "manual pins"
        return "estimates (no timing file, stamps or pins)"

    def moment_at(self, offset: int) -> Moment | None:
        """The time of the first word at or after ``offset`` (else the last word's)."""
        if not self.times:
            return None
        return self.moment(min(bisect.bisect_left(self.starts, offset), len(self.times) - 1))

    def paragraph_moments(self) -> dict[int, Moment]:
        """Paragraph index -> time of its first spoken word (body paragraphs only).

        A paragraph whose words come before the recording's start has no time: an intro the
        timing file lacks, estimated backwards from the first timed word, runs into 0:00 and
        every paragraph of it would read ``~00:00:00``. Those are left out (shown blank)."""
        out: dict[int, Moment] = {}
        for para in self.transcript.paragraphs:
            if para.kind != "body":
                continue
            i = bisect.bisect_left(self.starts, para.start)
            if i < len(self.times) and self.starts[i] < para.end and not self._before_start(i):
                out[para.index] = self.moment(i)
        return out

    def _before_start(self, k: int) -> bool:
        """Whether word ``k``'s estimate was cut off at 0:00 (it and the word after it both at
        0 s, estimated): it was said before the recording begins, when it was said at all."""
        estimated = _CODE["estimated"]
        return (
            self.times[k] == 0.0
            and self.sources[k] == estimated
            and k + 1 < len(self.times)
            and self.times[k + 1] == 0.0
            and self.sources[k + 1] == estimated
        )

    def window(self, item: Item) -> tuple[float, float] | None:
        """The time between the word before ``item`` and the word after it: for a gap placed in
        the recording, exactly its window there (trimmed of silence by ``align``)."""
        if self.recording is not None:
            gap = self.recording.gap(item.id)
            if gap is not None and gap.window is not None:
                return gap.window
        return self.window_between(item.start, item.end)

    def offset_at(self, seconds: float) -> int | None:
        """The start of the word spoken at ``seconds`` (for following playback)."""
        if not self.times:
            return None
        k = max(0, bisect.bisect_right(self.times, seconds) - 1)
        return self.starts[k]

    def window_between(self, start: int, end: int) -> tuple[float, float] | None:
        """The time between the word before ``start`` and the word at or after ``end``."""
        n = len(self.times)
        if not n:
            return None
        i = bisect.bisect_left(self.starts, start)
        j = bisect.bisect_left(self.starts, end)
        after = self.times[j] if j < n else None
        if i > 0:
            begin = self.time_ends[i - 1]
        else:  # nothing before it: up to five seconds before the first word after it
            begin = max(0.0, after - 5.0) if after is not None else 0.0
        finish = after if after is not None else begin + 5.0
        return (begin, max(begin, finish))

    def suggestions(self, item: Item) -> list[Suggestion]:
        """What the captions (and the official text) have where a gap is."""
        found: list[Suggestion] = []
        window = self.window(item)
        if self.track is not None and window is not None:
            start, end = window
            shift = 0.0
            if self.clock_shifts:
                k = min(bisect.bisect_left(self.starts, item.start), len(self.clock_shifts) - 1)
                shift = self.clock_shifts[k]
            words = words_in_window(self.track, start + shift, end + shift)
            if words:
                confs = [w.confidence for w in words if w.confidence is not None]
                found.append(
                    Suggestion(
                        "captions",
                        " ".join(w.text for w in words),
                        min(confs) if confs else None,
                        start,
                        end,
                    )
                )
        if self.reference_words is not None and self.reference_map is not None:
            text = self._reference_across(item)
            if text:
                found.append(Suggestion("official-text", text, None))
        gap = self.recording.gap(item.id) if self.recording is not None else None
        if gap is not None and gap.heard:
            start, end = gap.window or (None, None)
            found.append(Suggestion("recogniser", gap.heard, gap.confidence, start, end))
        return found

    def _reference_across(self, item: Item) -> str:
        assert self.reference_map is not None and self.reference_words is not None
        i = bisect.bisect_left(self.starts, item.start)
        j = bisect.bisect_left(self.starts, item.end)
        before = next(
            (
                self.reference_map[k]
                for k in range(i - 1, max(-1, i - 20), -1)
                if self.reference_map[k] is not None
            ),
            None,
        )
        after = next(
            (
                self.reference_map[k]
                for k in range(j, min(len(self.reference_map), j + 20))
                if self.reference_map[k] is not None
            ),
            None,
        )
        if before is None or after is None or after - before <= 1 or after - before > 40:
            return ""
        return " ".join(self.reference_words[before + 1 : after])

    def low_confidence(self, threshold: float = LOW_CONFIDENCE) -> list[tuple[int, int, float]]:
        """Spans of aligned words the recognizer was unsure of: candidates for flagging."""
        return [
            (self.starts[k], self.ends[k], c)
            for k, c in enumerate(self.confidences)
            if c == c and c < threshold
        ]


def item_moment(item: Item, timing: TranscriptTiming | None) -> Moment | None:
    """The time of ``item``, the one every view prints (``items``, ``export --format json``, the
    review queue, the gap dialog): the time written in its marker (``[inaudible 00:12:34]``,
    exact, source ``inline``) when there is one, else the timing's moment at the item's start.

    A gap located in the recording (``align``) starts where its window does. Never
    :attr:`.Item.time` on its own otherwise: that is only the paragraph's last stamp, which the
    timing already takes into account.
    """
    if item.time_in_marker and item.time is not None:
        return Moment(item.time, "inline")
    if timing is None:
        return None
    gap = timing.recording.gap(item.id) if timing.recording is not None else None
    if gap is not None and gap.window is not None:
        return Moment(gap.window[0], "recording")  # where the gap's sound begins
    return timing.moment_at(item.start)


def item_time_fields(item: Item, timing: TranscriptTiming | None) -> dict[str, object]:
    """``{"time": seconds (2 decimals) or None, "time_source": ...}`` for JSON output."""
    moment = item_moment(item, timing)
    if moment is None:
        return {"time": None, "time_source": None}
    return {"time": round(moment.seconds, 2), "time_source": moment.source}


#: Written into every caption file ``export`` makes, so it is never taken for webcast timing.
EXPORT_MARK = "written by transcript-review export"


def find_timing_file(transcript_path: Path) -> Path | None:
    """A timing file beside the transcript with the same stem (``speech.vtt`` for
    ``speech.txt``), if there is one; never a file this program exported."""
    for ext in TIMING_EXTENSIONS:
        candidate = transcript_path.with_suffix(ext)
        if candidate != transcript_path and candidate.is_file() and not is_exported(candidate):
            return candidate
    return None


def is_exported(path: Path) -> bool:
    """True for a caption or JSON file ``export`` wrote (its mark in the first 4 KB)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return EXPORT_MARK.encode() in head or b'"include_proposed"' in head


def time_transcript(
    transcript: Transcript,
    *,
    timing: str | Path | TimingTrack | None = None,
    pins: list[tuple[int, float]] | None = None,
    reference: Transcript | None = None,
    recording: RecordingAlignment | None = None,
) -> TranscriptTiming:
    """Give every spoken word of ``transcript`` a time.

    ``timing`` is a timing file (or a track already read); ``pins`` are (offset, seconds) manual
    time pins; ``reference`` an official text aligned without times, for gap suggestions;
    ``recording`` an alignment to the recording itself (made for this very text).
    """
    starts, ends = transcript.word_offsets()
    n = len(starts)
    times = array("d", [_NAN]) * n
    time_ends = array("d", [_NAN]) * n
    sources = bytearray(n)
    confidences = array("d", [_NAN]) * n
    warnings: list[str] = []

    inline: dict[int, float] = {}
    for stamp in transcript.stamps:
        k = bisect.bisect_left(starts, stamp.end)
        if k < n and k not in inline:
            inline[k] = stamp.seconds

    track: TimingTrack | None = None
    coverage = found = 0.0
    offset: float | None = None
    shifts: array | None = None
    if timing is not None:
        track = timing if isinstance(timing, TimingTrack) else read_timing(timing)
        warnings.extend(track.warnings)
        words = [transcript.text[s:e] for s, e in zip(starts, ends, strict=True)]
        result = align(words, track.words, inline or None)
        del words
        warnings.extend(result.warnings)
        coverage, offset = result.coverage, result.offset
        found = result.found_share()
        if n and found < LOW_COVERAGE:
            warnings.append(_low_coverage_warning(track.path.name, found, coverage))
        if inline and result.offset_samples:
            shifts = _local_offsets(result, n)
            if offset is not None and abs(offset) >= _SAME_CLOCK:
                warnings.append(
                    f"{track.path.name} runs {offset:+.1f} s (median) from the transcript's "
                    "stamps; times are shown on the transcript's clock"
                )
        for k, m in enumerate(result.mapping):
            if m is not None:
                w = result.words[k]
                shift = shifts[k] if shifts is not None else 0.0
                times[k], time_ends[k] = w.time - shift, w.end - shift
                sources[k] = _CODE["aligned"]
                if w.confidence is not None:
                    confidences[k] = w.confidence
        del result
    if recording is not None:
        _apply_recording(transcript, recording, starts, times, time_ends, sources, confidences)
        if n:  # what is timed from a recording of the speech: captions or the audio itself
            coverage = (sources.count(_CODE["aligned"]) + sources.count(_CODE["recording"])) / n
            if _CODE["recording"] in sources:  # placed words are found, not chance matches
                found = coverage
    for k, seconds in inline.items():
        times[k], time_ends[k] = seconds, seconds + 0.4
        sources[k] = _CODE["inline"]
        confidences[k] = _NAN
    for offset_, seconds in pins or []:
        k = bisect.bisect_left(starts, offset_)
        if k < n:
            times[k], time_ends[k] = seconds, seconds + 0.4
            sources[k] = _CODE["manual"]
            confidences[k] = _NAN
    if track is None and recording is None and any(code for code in sources):
        _follow_stamps(times, time_ends)
    elif not estimate_in_place(times, time_ends):
        for k in range(n):
            times[k], time_ends[k] = k * _RATE, (k + 1) * _RATE
    reference_words = reference_map = None
    if reference is not None:
        ref_starts, ref_ends = reference.word_offsets()
        reference_words = [reference.text[s:e] for s, e in zip(ref_starts, ref_ends, strict=True)]
        words = [transcript.text[s:e] for s, e in zip(starts, ends, strict=True)]
        # The aligner takes timed words; a reference has none, so its word numbers stand in.
        ref = align(
            words, [TimedWord(w, float(i), float(i)) for i, w in enumerate(reference_words)]
        )
        reference_map = list(ref.mapping)
    return TranscriptTiming(
        transcript,
        starts,
        ends,
        times,
        time_ends,
        sources,
        confidences,
        track,
        reference_words,
        reference_map,
        coverage,
        offset,
        shifts,
        warnings,
        found,
        recording,
    )


def _apply_recording(
    transcript: Transcript,
    recording: RecordingAlignment,
    starts: array,
    times: array,
    time_ends: array,
    sources: bytearray,
    confidences: array,
) -> None:
    """Put the recording's word times in, paragraph by paragraph, where it placed at least as
    many words as the timing file did (the better-covered source wins each stretch; the two are
    never mixed inside a paragraph, whose words would then follow two clocks)."""
    placed: dict[int, int] = {}
    for index, word in enumerate(recording.words):
        k = bisect.bisect_left(starts, word.start)
        if k < len(starts) and starts[k] == word.start:
            placed[k] = index
    aligned = _CODE["aligned"]
    for para in transcript.paragraphs:
        if para.kind != "body":
            continue
        i = bisect.bisect_left(starts, para.start)
        j = bisect.bisect_left(starts, para.end)
        ours = [k for k in range(i, j) if k in placed]
        if not ours or len(ours) < sources.count(aligned, i, j):
            continue
        for k in range(i, j):
            if sources[k] == aligned:
                times[k] = time_ends[k] = confidences[k] = _NAN
                sources[k] = ESTIMATED_CODE
        for k in ours:
            word = recording.words[placed[k]]
            times[k], time_ends[k] = word.time, word.time_end
            sources[k] = _CODE["recording"]
            confidences[k] = _NAN if word.confidence is None else word.confidence


def find_recording_alignment(transcript: Transcript) -> tuple[RecordingAlignment | None, list[str]]:
    """The alignment ``align`` wrote beside the transcript, if it is of this very text; and
    what to tell the user when one is there but cannot be used."""
    if transcript.path is None:
        return None, []
    path = alignment_path(transcript.path)
    if not path.exists() and not path.is_symlink():
        return None, []
    try:
        recording = read_alignment(path)
    except InputError as exc:
        return None, [f"{exc} (ignored)"]
    if recording.transcript_sha256 != transcript.sha256:
        return None, [
            f"{path.name} was made from another version of the transcript, so its times are "
            f"not used; run: transcript-review align {transcript.name} (only what changed is "
            "done again)"
        ]
    return recording, []


def share(found: float) -> str:
    """A share of words as people read it: ``under 1%`` rather than a misleading ``0%``."""
    return "under 1%" if 0 < found < 0.01 else f"{found:.0%}"


def _low_coverage_warning(name: str, found: float, coverage: float) -> str:
    """What to say when (almost) none of the transcript's words are found in a timing file."""
    amount = share(found) if 0 < found < 0.01 else f"only {share(found)}"
    chance = ""
    if coverage - found >= 0.01:
        chance = f" ({coverage - found:.0%} more matched only as scattered common words)"
    rest = "Times of the other words are estimated." if found else "Times are estimated."
    return (
        f"{name}: {amount} of the transcript's words were found in this timing file{chance}; "
        f"is it the right file? {rest}"
    )


def _follow_stamps(times: array, ends: array) -> None:
    """Fill the times between stamps (and pins): each word follows the stamp before it at a
    speaking rate, compressed only when the next stamp comes sooner.

    A stamp opens a speaker's turn, and the turn is spoken from then on; the pause comes at the
    end, before the next turn. (Between aligned caption words, where silence can be anywhere,
    :func:`estimate_in_place` spreads them instead.)
    """
    n = len(times)
    known = [k for k in range(n) if times[k] == times[k]]
    first = known[0]
    for q in range(first):  # before the first stamp: back from it at the same rate
        times[q] = max(0.0, times[first] - (first - q) * _RATE)
        ends[q] = times[q] + _RATE
    for i, k1 in enumerate(known):
        k2 = known[i + 1] if i + 1 < len(known) else n
        gap = k2 - k1 - 1
        if gap <= 0:
            continue
        rate = _RATE
        if k2 < n:
            room = times[k2] - times[k1]
            rate = max(0.0, min(_RATE, room / (gap + 1)))
        for t in range(1, gap + 1):
            times[k1 + t] = times[k1] + t * rate
            ends[k1 + t] = times[k1 + t] + rate


def _local_offsets(result: Alignment, n: int) -> array:
    """Per transcript word, the offset between the stamps' clock and the timing's around it.

    A recording edited differently (an intro cut, ads inserted) has an offset that is only
    locally constant, so each word takes the median of the ~40 stamp samples nearest to it,
    computed once per sample and carried to the words up to the next one.
    """
    samples = result.offset_samples
    at = [index for index, _ in samples]
    local = [result.offset_near(index) or 0.0 for index in at]
    shifts = array("d", bytes(8 * n))
    for k in range(n):
        i = max(0, bisect.bisect_right(at, k) - 1)
        shifts[k] = local[i]
    return shifts
