"""WebVTT, SRT and SBV readers, written by hand.

Why not webvtt-py (0.6.0, installed and evaluated against ``shared/corpus/captions``): it reads
the happy paths well, but on the broken samples it is silently wrong or says too little to act on:

* ``invalid_timeframe.srt``/``.vtt``/``.sbv`` (a stamp like ``00:00:1d.890``) load without error;
  the bad cue is simply dropped, so a reviewer would never learn a caption is missing;
* ``missing_timeframe.srt`` loads with cue 2's number and text glued into cue 1's text;
* the errors it does raise (``MalformedFileError: Invalid format``) carry no line number;
* a file with a ``.vtt`` name but no ``WEBVTT`` header is refused outright.

The rule here is the reverse: tolerate what real files do (BOMs and encodings through
:func:`~transcript_review.core.text.decoding.decode_bytes`, missing cue numbers, cue settings,
NOTE/STYLE/REGION blocks, tags, entities, inline stamps, ``MM:SS.mmm`` and non-padded stamps,
bare-number cue text, overlapping and empty cues, a cue that starts without the blank line before
it, YouTube's rolling two-line captions) and refuse what is ambiguous with ``file:line: reason``.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from .model import Cue, TimedWord, spread_words

# h:mm:ss.fff with hours optional, any padding, '.' or ',' before the fraction (SRT uses ',').
_STAMP = r"(?:\d+:)?\d{1,2}:\d{1,2}(?:[.,]\d{1,9})?"
_STAMP_RE = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[.,](\d{1,9}))?")
_TIMING_RE = re.compile(rf"^\s*({_STAMP})\s*-->\s*({_STAMP})(?:[ \t]+(.*?))?\s*$")
_SBV_TIMING_RE = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{1,2}(?:\.\d{1,9})?)\s*,\s*((?:\d+:)?\d{1,2}:\d{1,2}(?:\.\d{1,9})?)\s*$"
)
_SBV_LOOSE_RE = re.compile(r"^\s*[\w:.]+\s*,\s*[\w:.]+\s*$")
_SPECIAL_BLOCK_RE = re.compile(r"^(NOTE|STYLE|REGION)(\s|$)")
_INLINE_STAMP_RE = re.compile(rf"<({_STAMP})>")
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>|</>|\{\\[^{}]*\}")
_INT_RE = re.compile(r"^\s*\d+\s*$")


@dataclass(slots=True)
class _RawCue:
    """A cue before its text is cleaned: timing, 1-based line of the timing line, text lines."""

    start: float
    end: float
    line: int
    lines: list[str]


def parse_stamp(text: str) -> float | None:
    """Seconds for ``[h:]m:s[.fff]`` (also ``,fff``); None when it is not a stamp.

    Minutes and seconds above 59 are refused (``00:00:75.000`` is a typo, not 75 s).
    """
    m = _STAMP_RE.fullmatch(text.strip())
    if not m:
        return None
    hours, minutes, seconds, frac = m.groups()
    if int(seconds) > 59 or (int(minutes) > 59 and hours is not None):
        return None
    value = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if frac:
        value += int(frac) / 10 ** len(frac)
    return float(value)


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """Split into blocks separated by blank (or whitespace-only) lines, with 1-based first line."""
    out: list[tuple[int, list[str]]] = []
    current: list[str] = []
    first = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            if not current:
                first = number
            current.append(line.rstrip())
        elif current:
            out.append((first, current))
            current = []
    if current:
        out.append((first, current))
    return out


def _timing(
    path: Path, line: str, number: int, sbv: bool = False
) -> tuple[float, float, list[str]] | None:
    """Parse a timing line; None when the line is not one; InputError when it is a broken one."""
    warnings: list[str] = []
    if sbv:
        m = _SBV_TIMING_RE.match(line)
        if not m:
            if _SBV_LOOSE_RE.match(line) and any(c.isdigit() for c in line) and ":" in line:
                raise InputError(path, f"malformed timing line {line.strip()!r}", line=number)
            return None
    else:
        m = _TIMING_RE.match(line)
        if not m:
            if "-->" in line:
                left, _, right = line.partition("-->")
                bad = left if parse_stamp(left) is None else right
                column = line.index(bad.strip()) + 1 if bad.strip() else None
                raise InputError(
                    path,
                    f"malformed timing line {line.strip()!r}: {bad.strip()!r} is not a time "
                    "like 00:01:02.500",
                    line=number,
                    column=column,
                )
            return None
    start, end = parse_stamp(m.group(1)), parse_stamp(m.group(2))
    if start is None or end is None:
        raise InputError(
            path, f"timing line {line.strip()!r} has minutes or seconds above 59", line=number
        )
    if end < start:
        warnings.append(f"{path}:{number}: cue ends before it starts; its end is set to its start")
        end = start
    return start, end, warnings


def _cues_from_blocks(path: Path, text: str, fmt: str) -> tuple[list[_RawCue], list[str]]:
    """Walk blocks and collect raw cues for ``vtt``, ``srt`` or ``sbv``."""
    blocks = _blocks(text)
    warnings: list[str] = []
    cues: list[_RawCue] = []
    if fmt == "vtt":
        if blocks and blocks[0][1][0].lstrip().startswith("WEBVTT"):
            header_first, header = blocks[0]
            # A header block normally holds only metadata; a cue glued to it is still a cue.
            rest = [i for i, ln in enumerate(header) if _TIMING_RE.match(ln)]
            if rest:
                cut = max(rest[0] - 1, 1)
                blocks[0] = (header_first + cut, header[cut:])
            else:
                blocks = blocks[1:]
        else:
            warnings.append(f"{path}: no WEBVTT header on the first line; read as plain cues")
    sbv = fmt == "sbv"
    for first, lines in blocks:
        if fmt == "vtt" and _SPECIAL_BLOCK_RE.match(lines[0]):
            continue
        timing_at = None
        for i, line in enumerate(lines):
            t = _timing(path, line, first + i, sbv)
            if t is not None:
                timing_at = i
                break
        if timing_at is None:
            raise InputError(
                path,
                f"text {lines[0].strip()[:40]!r} has no timing line before it (a missing "
                "timeframe, or a blank line inside a cue)",
                line=first,
            )
        if timing_at > 1 or (sbv and timing_at > 0):
            raise InputError(
                path,
                f"expected a timing line, found {lines[0].strip()[:40]!r}",
                line=first,
            )
        if timing_at == 1 and fmt == "srt" and not _INT_RE.match(lines[0]):
            raise InputError(
                path,
                f"expected a cue number or a timing line, found {lines[0].strip()[:40]!r}",
                line=first,
            )
        current: _RawCue | None = None
        for i in range(timing_at, len(lines)):
            number = first + i
            line = lines[i]
            t = _timing(path, line, number, sbv)
            if t is not None:
                if current is not None:
                    if not current.lines:
                        raise InputError(
                            path,
                            "a second timing line where cue text was expected",
                            line=number,
                        )
                    if fmt == "srt" and len(current.lines) > 1 and _INT_RE.match(current.lines[-1]):
                        current.lines.pop()  # the next cue's number, the blank line was lost
                    cues.append(current)
                start, end, w = t
                warnings.extend(w)
                current = _RawCue(start, end, number, [])
            else:
                assert current is not None
                current.lines.append(line)
        if current is not None:
            cues.append(current)
    return cues, warnings


def _dedupe_rolling(cues: list[_RawCue]) -> tuple[list[_RawCue], bool]:
    """Drop the lines YouTube repeats from the previous cue in its rolling auto-captions.

    Rolling captions show two lines, the older one scrolling up, so each cue repeats the last
    line of the one before, and 10 ms "transition" cues repeat it alone. Deduplicating only when
    most multi-line cues follow that pattern keeps genuine repetitions ("Thanks." said by two
    people in a row) in ordinary files.
    """
    multi = 0
    rolling = 0
    prev_last = ""
    for cue in cues:
        plain = [_plain(x) for x in cue.lines]
        plain = [x for x in plain if x]
        if len(plain) >= 2:
            multi += 1
            if plain[0] == prev_last:
                rolling += 1
        if plain:
            prev_last = plain[-1]
    if rolling == 0 or rolling * 2 < multi:
        return cues, False
    out: list[_RawCue] = []
    prev_plain: list[str] = []
    for cue in cues:
        kept = [x for x in cue.lines if _plain(x)]
        plain = [_plain(x) for x in kept]
        # Longest prefix of this cue equal to a suffix of the previous cue's lines.
        drop = 0
        for k in range(min(len(plain), len(prev_plain)), 0, -1):
            if plain[:k] == prev_plain[-k:]:
                drop = k
                break
        if plain:
            prev_plain = plain
        rest = kept[drop:]
        if rest:
            out.append(_RawCue(cue.start, cue.end, cue.line, rest))
    return out, True


def _plain(line: str) -> str:
    """A cue line without tags, inline stamps and entities, whitespace collapsed."""
    return " ".join(html.unescape(_TAG_RE.sub("", _INLINE_STAMP_RE.sub("", line))).split())


def _cue_words(cue: _RawCue) -> tuple[str, list[TimedWord]]:
    """Clean text and timed words of one cue, using inline ``<00:00:01.000>`` stamps if any."""
    raw = " ".join(cue.lines)
    pieces = _INLINE_STAMP_RE.split(raw)
    # pieces: text, stamp, text, stamp, text ...
    segments: list[tuple[float, str]] = [(cue.start, pieces[0])]
    for k in range(1, len(pieces), 2):
        stamp = parse_stamp(pieces[k])
        at = cue.start if stamp is None else min(max(stamp, cue.start), cue.end)
        segments.append((at, pieces[k + 1]))
    words: list[TimedWord] = []
    texts: list[str] = []
    for n, (at, seg) in enumerate(segments):
        clean = " ".join(html.unescape(_TAG_RE.sub("", seg)).split())
        if not clean:
            continue
        texts.append(clean)
        until = segments[n + 1][0] if n + 1 < len(segments) else cue.end
        spread = spread_words(clean, at, max(until, at))
        if n > 0 and spread:
            w = spread[0]
            spread[0] = TimedWord(w.text, w.start, w.end, None, False)
        words.extend(spread)
    return " ".join(texts), words


def sniff_caption_format(lines: list[str]) -> str | None:
    """``srt`` when a line is a ``-->`` timing line, ``sbv`` for a ``start,end`` line, else None.

    (A WebVTT file is recognised earlier by its ``WEBVTT`` header; an SRT-like file named
    ``.vtt`` is read as WebVTT by the caller.)
    """
    if any(_TIMING_RE.match(line) for line in lines):
        return "srt"
    if any(_SBV_TIMING_RE.match(line) for line in lines):
        return "sbv"
    return None


def parse_captions(path: Path, text: str, fmt: str) -> tuple[list[Cue], list[TimedWord], list[str]]:
    """Parse decoded caption ``text`` of format ``vtt``/``srt``/``sbv`` into cues and words.

    Empty cues are skipped; cues are ordered by start (stably), and words follow cue order.
    Raises :class:`InputError` with a line number for malformed files and when nothing is found.
    """
    raw, warnings = _cues_from_blocks(path, text, fmt)
    if fmt == "vtt":
        raw, rolled = _dedupe_rolling(raw)
        if rolled:
            warnings.append(f"{path}: rolling captions; lines repeated from the cue before dropped")
    raw.sort(key=lambda c: c.start)
    cues: list[Cue] = []
    words: list[TimedWord] = []
    for rc in raw:
        clean, cue_words = _cue_words(rc)
        if not clean:
            continue
        cues.append(Cue(rc.start, rc.end, clean, rc.line))
        words.extend(cue_words)
    if not cues:
        raise InputError(path, f"no captions found in this {fmt.upper()} file")
    return cues, words, warnings
