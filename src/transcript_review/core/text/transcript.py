"""The transcript as the program sees it: text, paragraphs, speakers, stamps, markers, words.

Parsing is a few passes of regular expressions over the whole text, linear in its length, so a
10-hour session (about 1M words) is indexed in about a second. Word spans are computed on demand
for the part of the text asked about, never a million of them up front.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
from array import array
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from .decoding import DecodedText, read_text_file
from .gc_pause import cycle_collector_paused
from .markers import Marker, MarkerPatterns, find_markers
from .timecodes import TIMECODE, parse_timecode
from .words import WORD  # a word: letters/digits, with inner ' or - (``don't``, ``sub-regional``)

ParagraphKind = Literal["header", "body"]

_NAME = (
    r"[A-ZÀ-Þ0-9][\w.'’\-]*"
    r"(?:[ \t]+(?:[A-ZÀ-Þ0-9(][\w.'’\-)]*|of|the|de|del|la|le|van|von|al|bin|ibn|and|for|da|du))"
    r"{0,5}"
)
#: A label may follow a stamp that opens the line: ``[00:00:14] Chile: Thank you``.
_LEAD = rf"^(?:[\[(]{TIMECODE}[\])][ \t]*|\d{{1,2}}:\d{{2}}:\d{{2}}(?:[.,]\d{{1,3}})?[ \t]+)?"
_SPEAKER_WITH_TIME = re.compile(
    rf"{_LEAD}(?P<name>{_NAME})[ \t]*\((?P<time>{TIMECODE})\)[ \t]*:[ \t]*", re.M
)
_SPEAKER_THEN_TIME = re.compile(
    rf"{_LEAD}(?P<name>{_NAME})[ \t]*:[ \t]+(?P<time>{TIMECODE})\b[ \t]*", re.M
)
_SPEAKER_PLAIN = re.compile(rf"{_LEAD}(?P<name>{_NAME})[ \t]*:[ \t]+(?=\S)", re.M)
_TITLES = re.compile(
    r"^(?:mr|mrs|ms|miss|dr|prof|h\.?\s?e|sir|madam|mme|m|ambassador|senator|judge|president"
    r"|chair|chairman|chairperson|moderator|speaker|interpreter|delegate|representative)\b\.?",
    re.IGNORECASE,
)
_LINE_STAMP = re.compile(r"^(?P<time>\d{1,2}:\d{2}:\d{2}(?:[.,]\d{1,3})?)[ \t]+(?=\S)", re.M)
_BRACKET_STAMP = re.compile(rf"[\[(](?P<time>{TIMECODE})[\])]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]*]*\s+(?=[\"“(\[*A-ZÀ-Þ0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Prof|No|Nos|vs|etc|H\.E|U\.S|U\.N)\.|\b[A-Z]\.)$"
)


@dataclass(frozen=True, slots=True)
class Stamp:
    """An inline timestamp written in the transcript."""

    start: int
    end: int
    seconds: float
    style: Literal["bracket", "line", "speaker"]


@dataclass(frozen=True, slots=True)
class SpeakerTurn:
    """``Name:``, ``Name (00:12:34):`` or ``Name: 00:12:34`` opening a paragraph."""

    name: str
    line_start: int
    """Offset of the line it opens (before any stamp that leads the line)."""
    start: int
    """Offset of the label itself."""
    end: int
    """End of the label (the spoken text starts here)."""
    time: float | None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A block of lines; a speaker turn or a leading stamp also starts a new one."""

    index: int
    start: int
    end: int
    line: int
    """1-based line number of its first line."""
    kind: ParagraphKind
    speaker: str | None = None
    time: float | None = None
    """The time stamped at its start, if any."""


@dataclass
class Transcript:
    """A parsed transcript. Offsets are code points in :attr:`text` (``\\n`` line ends)."""

    path: Path | None
    source: DecodedText
    paragraphs: list[Paragraph]
    speakers: list[SpeakerTurn]
    stamps: list[Stamp]
    markers: list[Marker]
    _spoken: str = field(repr=False)
    """The text with what is not spoken (headings, labels, stamps, marker notation) blanked out
    to spaces, same length, so word offsets in it are offsets in :attr:`text`."""
    _line_starts: array = field(repr=False)
    _paragraph_starts: list[int] = field(repr=False)
    _breaks: dict[int, list[int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    """Sentence breaks by paragraph index, found once per paragraph when first asked for: a
    paragraph with thousands of markers is scanned once, not once per marker."""

    @property
    def text(self) -> str:
        return self.source.text

    @property
    def name(self) -> str:
        return self.path.name if self.path else "<text>"

    @functools.cached_property
    def word_count(self) -> int:
        """Spoken words in the body (counted on first use: one pass over the text)."""
        return sum(1 for _ in WORD.finditer(self._spoken))

    @property
    def sha256(self) -> str:
        """Hash of the text as read (UTF-8, ``\\n`` line ends): a re-saved CRLF copy matches."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def line_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of ``offset``."""
        i = bisect.bisect_right(self._line_starts, offset) - 1
        return i + 1, offset - self._line_starts[i] + 1

    def paragraph_at(self, offset: int) -> Paragraph:
        """The paragraph holding ``offset``, or the one before it when it falls between two."""
        i = max(0, bisect.bisect_right(self._paragraph_starts, offset) - 1)
        return self.paragraphs[i]

    def word_offsets(self) -> tuple[array, array]:
        """Start and end offsets of every spoken word, as two compact arrays."""
        starts, ends = array("q"), array("q")
        for m in WORD.finditer(self._spoken):
            starts.append(m.start())
            ends.append(m.end())
        return starts, ends

    def word_spans(self, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
        """``(start, end)`` of each spoken word inside ``[start, end)``.

        Computed on demand: a 1M-word transcript would spend most of its parsing time building
        a million spans of which the editor shows a screenful at a time.
        """
        stop = len(self._spoken) if end is None else end
        return [m.span() for m in WORD.finditer(self._spoken, start, stop)]

    def sentence_around(
        self, start: int, end: int, paragraph: int | None = None
    ) -> tuple[int, int]:
        """Span of the sentence(s) holding ``[start, end)``, kept inside its paragraph.

        ``paragraph``: the index of :meth:`paragraph_at` ``start``, when the caller knows it
        (an item does), saving the search: this runs once per item listed."""
        para = self.paragraph_at(start) if paragraph is None else self.paragraphs[paragraph]
        breaks = self._breaks.get(para.index)
        if breaks is None:
            breaks = self._breaks[para.index] = sentence_breaks(self.text, para.start, para.end)
        i = bisect.bisect_right(breaks, start)  # breaks[:i] are at or before start
        sentence_start = breaks[i - 1] if i else para.start
        j = bisect.bisect_left(breaks, end, lo=i)  # the first break at or after end
        sentence_end = breaks[j] if j < len(breaks) else max(para.end, end)
        return sentence_start, sentence_end


def sentence_breaks(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``[start, end)`` where a new sentence begins (after ``.``, ``?``, ``!``,
    not after abbreviations such as ``Mr.`` or initials)."""
    breaks = []
    for m in _SENTENCE_END.finditer(text, start, end):
        if not _ABBREVIATION.search(text, max(start, m.start() - 5), m.start() + 1):
            breaks.append(m.end())
    return breaks


def load_transcript(path: str | Path, patterns: MarkerPatterns | None = None) -> Transcript:
    """Read, decode and parse a transcript file (:class:`~.errors.InputError` on bad input,
    and on a caption file or a sidecar passed for a transcript)."""
    from .wrong_file import refuse_if_not_a_transcript

    decoded = read_text_file(path)
    refuse_if_not_a_transcript(path, decoded.text)
    return parse_transcript(decoded, Path(path), patterns)


def parse_text(text: str, patterns: MarkerPatterns | None = None) -> Transcript:
    """Parse text already in memory (tests, generated documents)."""
    source = DecodedText(text.replace("\r\n", "\n").replace("\r", "\n"), "utf-8", False, "\n")
    return parse_transcript(source, None, patterns)


def parse_transcript(
    source: DecodedText, path: Path | None, patterns: MarkerPatterns | None = None
) -> Transcript:
    text = source.text
    line_starts = array("q", [0])
    line_starts.extend(m.end() for m in re.finditer("\n", text))
    speakers = _find_speakers(text, line_starts)
    stamps = _find_stamps(text, line_starts, speakers)
    with cycle_collector_paused():  # a marker is an object: there may be a million
        markers = find_markers(text, patterns)
    paragraphs = _split_paragraphs(text, line_starts, speakers, stamps)
    paragraphs = _mark_headers(text, paragraphs, markers)
    with cycle_collector_paused():  # (a span or two per marker)
        spoken = _blank_unspoken(text, paragraphs, speakers, stamps, markers)
    return Transcript(
        path=path,
        source=source,
        paragraphs=paragraphs,
        speakers=speakers,
        stamps=stamps,
        markers=markers,
        _spoken=spoken,
        _line_starts=line_starts,
        _paragraph_starts=[p.start for p in paragraphs],
    )


def _at_line_starts(
    pattern: re.Pattern[str], text: str, line_starts: array
) -> Iterator[re.Match[str]]:
    """Matches of a line-start pattern, tried only where lines start.

    ``finditer`` with ``re.M`` would try ``^`` at every one of a document's millions of
    positions; there are only thousands of line starts.
    """
    for pos in line_starts:
        m = pattern.match(text, pos)
        if m is not None:
            yield m


def _find_speakers(text: str, line_starts: array) -> list[SpeakerTurn]:
    """Speaker labels at line starts.

    A plain ``Name:`` is taken only when it cannot be a sentence or a title line: the name is in
    capitals, starts with a title (``Mr.``, ``Ambassador``), follows a stamp that opens the line
    (``[00:00:14] Chile:``), or labels two or more turns —
    "General Assembly Debate Statement: Canada" is a heading, not a speaker.
    """
    turns: dict[int, SpeakerTurn] = {}
    for pattern in (_SPEAKER_WITH_TIME, _SPEAKER_THEN_TIME):
        for m in _at_line_starts(pattern, text, line_starts):
            if m.start() not in turns:
                seconds = parse_timecode(m.group("time"))
                turns[m.start()] = SpeakerTurn(
                    m.group("name").strip(), m.start(), m.start("name"), m.end(), seconds
                )
    plain = [
        m for m in _at_line_starts(_SPEAKER_PLAIN, text, line_starts) if m.start() not in turns
    ]
    counts = Counter(m.group("name").strip() for m in plain)
    for m in plain:
        name = m.group("name").strip()
        letters = [c for c in name if c.isalpha()]
        shouting = len(letters) >= 2 and all(c.isupper() for c in letters)
        after_stamp = m.start("name") > m.start()
        if counts[name] >= 2 or shouting or after_stamp or _TITLES.match(name):
            turns[m.start()] = SpeakerTurn(name, m.start(), m.start("name"), m.end(), None)
    return [turns[k] for k in sorted(turns)]


def _find_stamps(text: str, line_starts: array, speakers: list[SpeakerTurn]) -> list[Stamp]:
    stamps = [Stamp(s.start, s.end, s.time, "speaker") for s in speakers if s.time is not None]
    for m in _at_line_starts(_LINE_STAMP, text, line_starts):
        seconds = parse_timecode(m.group("time"))
        if seconds is not None:
            stamps.append(Stamp(m.start(), m.end(), seconds, "line"))
    label_starts = [s.start for s in speakers]

    def inside_label(offset: int) -> bool:
        i = bisect.bisect_right(label_starts, offset) - 1
        return i >= 0 and offset < speakers[i].end

    for m in _BRACKET_STAMP.finditer(text):
        seconds = parse_timecode(m.group("time"))
        if seconds is not None and not inside_label(m.start()):
            stamps.append(Stamp(m.start(), m.end(), seconds, "bracket"))
    stamps.sort(key=lambda s: s.start)
    return stamps


def _split_paragraphs(
    text: str, line_starts: array, speakers: list[SpeakerTurn], stamps: list[Stamp]
) -> list[Paragraph]:
    """Runs of non-blank lines; a speaker label or a stamp at a line start opens a new one."""
    # Lines are walked once; headings are decided afterwards by _mark_headers.
    opener_time: dict[int, float | None] = {}
    for stamp in stamps:
        if stamp.start in _line_start_set(line_starts, stamp.start):
            opener_time.setdefault(stamp.start, stamp.seconds)
    opener_speaker = {s.line_start: s for s in speakers}
    for turn in speakers:
        opener_time.setdefault(turn.line_start, turn.time)
    paragraphs: list[Paragraph] = []
    current: list[int] | None = None  # [start, end, line, speaker-offset]
    current_speaker: str | None = None
    current_time: float | None = None

    def close() -> None:
        if current is not None:
            paragraphs.append(
                Paragraph(
                    len(paragraphs),
                    current[0],
                    current[1],
                    current[2],
                    "body",
                    current_speaker,
                    current_time,
                )
            )

    text_len = len(text)
    # A document with no blank line at all is one utterance per line, not one huge paragraph.
    line_per_paragraph = re.search(r"\n[ \t]*\n", text.strip()) is None
    for number, start in enumerate(line_starts, 1):
        end = line_starts[number] - 1 if number < len(line_starts) else text_len
        line = text[start:end]
        if not line.strip():
            close()
            current = None
            continue
        if current is None or start in opener_time or line_per_paragraph:
            close()
            lead = len(line) - len(line.lstrip())
            current = [start + lead, end, number]
            turn = opener_speaker.get(start)
            current_speaker = turn.name if turn else None
            current_time = opener_time.get(start)
            if turn is not None and current_time is None:
                current_time = _time_right_after(stamps, turn)
        else:
            current[1] = end
    close()
    return paragraphs


def _line_start_set(line_starts: array, offset: int) -> set[int]:
    i = bisect.bisect_right(line_starts, offset) - 1
    return {line_starts[i]} if i >= 0 and line_starts[i] == offset else set()


def _time_right_after(stamps: list[Stamp], turn: SpeakerTurn) -> float | None:
    """A plain speaker label followed at once by ``[00:12:34]`` takes that time."""
    i = bisect.bisect_left(stamps, turn.end, key=lambda s: s.start)
    if i < len(stamps) and stamps[i].start == turn.end:
        return stamps[i].seconds
    return None


def _mark_headers(text: str, paragraphs: list[Paragraph], markers: list[Marker]) -> list[Paragraph]:
    """Short unpunctuated one-line paragraphs at the top are the title and heading lines.

    Only when a body paragraph follows them: a document of short lines is all body.
    """
    first_marker = markers[0].start if markers else len(text)
    count = 0
    for para in paragraphs[:5]:
        line = text[para.start : para.end]
        if (
            "\n" in line
            or len(line) > 120
            or line.rstrip().endswith((".", "?", "!", '"', "”", ",", ";"))
            or para.speaker is not None
            or para.time is not None
            or para.end > first_marker
        ):
            break
        count += 1
    if count == 0 or count == len(paragraphs):
        return paragraphs
    return [
        Paragraph(p.index, p.start, p.end, p.line, "header", p.speaker, p.time) if i < count else p
        for i, p in enumerate(paragraphs)
    ]


def _blank_unspoken(
    text: str,
    paragraphs: list[Paragraph],
    speakers: list[SpeakerTurn],
    stamps: list[Stamp],
    markers: list[Marker],
) -> str:
    """``text`` with headings, labels, stamps and the notation of markers turned to spaces.

    Doubted words of an uncertain passage stay (they were spoken); "(ph)", "[unclear:" and whole
    gap markers go. Same length as ``text``, so word offsets need no mapping.
    """
    hidden: list[tuple[int, int]] = [(p.start, p.end) for p in paragraphs if p.kind == "header"]
    hidden += [(s.start, s.end) for s in speakers]
    hidden += [(s.start, s.end) for s in stamps]
    for m in markers:
        if m.kind == "gap":
            hidden.append((m.start, m.end))
        else:
            hidden.append((m.start, m.inner_start))
            hidden.append((m.inner_end, m.end))
    hidden.sort()
    pieces = []
    pos = 0
    for start, end in hidden:
        if end <= pos:
            continue
        start = max(start, pos)
        pieces.append(text[pos:start])
        pieces.append(" " * (end - start))
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces)
