"""Writing the corrected transcript out: plain text, Markdown, WebVTT, SRT and JSON.

Approved corrections only, unless proposed ones are asked for. Gaps still open (and gaps
confirmed as truly inaudible) are written in the house style chosen with ``gap_style``:

* ``as-typed`` — the marker exactly as the transcriber typed it (the default);
* ``inaudible`` — ``[inaudible]``;
* ``inaudible-time`` — ``[inaudible 00:12:34]`` when the time is known from a stamp, a pin or the
  captions, ``[inaudible]`` when it would only be an estimate (an estimate is no quotation);
* any template with ``{time}`` and/or ``{marker}``, e.g. ``(inaudible at {time})``.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from ..corrections import CorrectedText, State, apply_corrections
from ..errors import InputError
from ..text.items import Item
from ..text.timecodes import format_timecode
from ..text.transcript import Transcript, sentence_breaks
from ..timing.transcript_times import (
    ESTIMATED_CODE,
    EXPORT_MARK,
    TranscriptTiming,
    item_moment,
)
from .json_format import export_json

FORMATS = ("txt", "md", "vtt", "srt", "json")
GAP_STYLES = ("as-typed", "inaudible", "inaudible-time")


@dataclass(frozen=True)
class ExportOptions:
    format: str = "txt"
    include_proposed: bool = False
    gap_style: str = "as-typed"


def check_gap_style(style: str) -> str:
    """The style, or InputError: a template must use {time} or {marker}."""
    if style in GAP_STYLES or "{time}" in style or "{marker}" in style:
        try:
            style.format(time="00:00:00", marker="(inaudible)")
        except (KeyError, IndexError, ValueError) as exc:
            raise InputError(
                None, f"--gap-style {style!r} is not a valid template: {exc}"
            ) from None
        return style
    raise InputError(
        None,
        f"--gap-style {style!r}: use one of {', '.join(GAP_STYLES)} or a template with {{time}}",
    )


def export(
    transcript: Transcript,
    state: State,
    items: list[Item] | Callable[[], list[Item]],
    timing: TranscriptTiming,
    options: ExportOptions,
) -> str:
    """The corrected transcript in ``options.format``.

    ``items`` may be a function giving them (the session's, found on first use): plain text
    with gaps as typed, the default export, never needs them, and in a transcript with a
    million markers finding them cost more than the rest of the export.
    """
    corrected = apply_corrections(state, options.include_proposed)
    if options.format == "txt" and options.gap_style == "as-typed":
        # Every open gap is written as it stands in the corrected text: that text as it is.
        text = corrected.text
        return text if text.endswith("\n") else text + "\n"
    if callable(items):
        items = items()
    if options.format == "json":
        return export_json(transcript, state, items, corrected, timing, options.include_proposed)
    text, styled = _with_gap_style(corrected, items, timing, options.gap_style)
    edits = OffsetMap.of(corrected)
    if options.format == "txt":
        return text if text.endswith("\n") else text + "\n"
    if options.format == "md":
        return _markdown(transcript, state, edits, styled, text, items, options)
    if options.format in ("vtt", "srt"):
        return _captions(transcript, edits, styled, text, items, corrected, timing, options.format)
    raise InputError(None, f"unknown format {options.format!r}; use one of {', '.join(FORMATS)}")


class OffsetMap:
    """Offsets before and after a set of non-overlapping replacements, both ways, by bisection
    (a 10-hour transcript has tens of thousands of paragraphs and may have thousands of edits).
    """

    def __init__(self, spans: list[tuple[int, int, int, int]]) -> None:
        """``spans``: (start, end, new_start, new_end) sorted by start."""
        self._starts = [s for s, _, _, _ in spans]
        self._ends = [e for _, e, _, _ in spans]
        self._new_starts = [ns for _, _, ns, _ in spans]
        self._new_ends = [ne for _, _, _, ne in spans]
        self._cum = [0]
        for s, e, ns, ne in spans:
            self._cum.append(self._cum[-1] + (ne - ns) - (e - s))

    @classmethod
    def of(cls, corrected: CorrectedText) -> OffsetMap:
        return cls([(e.start, e.end, e.new_start, e.new_end) for e in corrected.edits])

    def forward(self, offset: int, *, inside: bool = False) -> int | None:
        """Where ``offset`` lands after the replacements. Inside a replaced span: None, or with
        ``inside`` the start of what replaced it (a paragraph that opens with a gap)."""
        k = bisect.bisect_right(self._ends, offset)
        if k < len(self._starts) and self._starts[k] <= offset < self._ends[k]:
            return self._new_starts[k] if inside else None
        return offset + self._cum[k]

    def forward_edge(self, offset: int, *, end: bool, widen: bool) -> int | None:
        """Where ``offset`` lands as the start (or, with ``end``, the end) of a span.

        An edge on a replaced span's edge stays with the words it marks: a span starting where
        a replaced one starts starts at what replaced it, one ending where a replaced one ends
        ends after what replaced it (so a mark whose first or last words were corrected takes
        in the corrected words); a span ending where a replaced one begins ends before it, one
        starting where a replaced one ends starts after it. Text inserted exactly at an edge is
        outside the span. Strictly inside a replaced span: None, or with ``widen`` the start
        (end) of what replaced it, so the span takes all of it in."""
        if end:
            # Replacements wholly before the end, not an insertion at it.
            k = bisect.bisect_left(self._starts, offset)
            if k and self._ends[k - 1] > offset:  # strictly inside replacement k - 1
                return self._new_ends[k - 1] if widen else None
        else:
            # Replacements ending at or before the start, an insertion at it too.
            k = bisect.bisect_right(self._ends, offset)
            if k < len(self._starts) and self._starts[k] < offset:  # strictly inside k
                return self._new_starts[k] if widen else None
        return offset + self._cum[k]

    def covers(self, start: int, end: int) -> bool:
        """Whether one replacement of some text spans all of ``start``..``end``."""
        k = bisect.bisect_left(self._ends, end)
        return (
            k < len(self._starts) and self._starts[k] <= start and self._starts[k] < self._ends[k]
        )

    def backward(self, offset: int) -> int:
        """The original offset of ``offset`` (inside new text: where that text was put)."""
        k = bisect.bisect_right(self._new_ends, offset)
        if k < len(self._new_starts) and self._new_starts[k] <= offset < self._new_ends[k]:
            return self._starts[k]
        return offset - self._cum[k]


def _open_gaps(corrected: CorrectedText, items: list[Item]) -> list[tuple[Item, int, int]]:
    """Gaps still standing in the corrected text (open, or confirmed as truly inaudible), with
    their span there."""
    edits = OffsetMap.of(corrected)
    by_start = {e.start: e for e in corrected.edits}
    out = []
    for item in items:
        if item.kind != "gap":
            continue
        start = edits.forward(item.start)
        if start is not None:
            out.append((item, start, start + item.end - item.start))
            continue
        edit = by_start.get(item.start)  # a confirm-gap "edit" leaves the marker as it was
        if edit and corrected.text[edit.new_start : edit.new_end] == item.marker:
            out.append((item, edit.new_start, edit.new_end))
    return out


def _with_gap_style(
    corrected: CorrectedText, items: list[Item], timing: TranscriptTiming, style: str
) -> tuple[str, OffsetMap]:
    """The corrected text with open gaps in the house style, and the map from the corrected
    text into it."""
    text = corrected.text
    spans: list[tuple[int, int, int, int]] = []
    pieces = []
    pos = 0
    shift = 0
    for item, start, end in _open_gaps(corrected, items):
        new = _gap_text(item, text[start:end], timing, style)
        pieces.append(text[pos:start])
        pieces.append(new)
        spans.append((start, end, start + shift, start + shift + len(new)))
        shift += len(new) - (end - start)
        pos = end
    pieces.append(text[pos:])
    return "".join(pieces), OffsetMap(spans)


def _gap_text(item: Item, marker: str, timing: TranscriptTiming, style: str) -> str:
    if style == "as-typed" or (item.style == "crosstalk" and style in GAP_STYLES):
        return marker  # crosstalk is not inaudible: a house style for gaps leaves it as typed
    moment = item_moment(item, timing)
    seconds = moment.seconds if moment and not moment.estimated else None
    time = format_timecode(seconds) if seconds is not None else ""
    if style == "inaudible":
        return "[inaudible]"
    if style == "inaudible-time":
        return f"[inaudible {time}]" if time else "[inaudible]"
    if "{time}" in style and not time:
        return marker  # a template about the time, and no time known: keep what was typed
    return " ".join(style.format(time=time, marker=marker).split())


def _markdown(
    transcript: Transcript,
    state: State,
    edits: OffsetMap,
    styled: OffsetMap,
    text: str,
    items: list[Item],
    options: ExportOptions,
) -> str:
    """Headings as headings, uncertain passages and standing flags in italics with a note."""
    # (start, end, why, offsets of the stars of a *…* passage, a standing flag?) in the
    # transcript.
    notes: list[tuple[int, int, str, tuple[int, ...], bool]] = []
    for item in items:
        if item.kind == "uncertain":
            stars = (item.start, item.end - 1) if item.style == "asterisks" else ()
            notes.append((item.start, item.end, "uncertain in the transcript", stars, False))
    for flag in state.active_flags(include_proposed=options.include_proposed):
        if flag.span:
            reason = " ".join((flag.reason or "").split())
            why = f"flagged: {_escape_md(reason)}" if reason else "flagged"
            notes.append((flag.span[0], flag.span[1], why, (), True))
    marks: list[tuple[int, int, str]] = []
    drop: set[int] = set()
    for start, end, why, stars, standing in notes:
        # A standing flag is always kept: an edge on or inside a corrected span takes the
        # corrected words in (a flag whose words were all deleted keeps its reference where
        # they were). An uncertain passage whose words were corrected (one correction over all
        # of it, or an edge strictly inside one) loses its note with them. An edge inside a gap
        # written in the house style widens the mark over the gap.
        if not standing and edits.covers(start, end):
            continue
        s = _through(edits, styled, start, edge="start", widen=standing)
        e = _through(edits, styled, end, edge="end", widen=standing)
        if s is None or e is None or e < s or (e == s and not standing):
            continue
        marks.append((s, e, why))
        for star in stars:  # the stars are notation: the italics say it now
            at = _through(edits, styled, star)
            if at is not None and s <= at < e and text[at] == "*":
                drop.add(at)
    out, footnotes = _annotate(text, marks, drop)
    headings = [
        " ".join(transcript.text[p.start : p.end].split())
        for p in transcript.paragraphs
        if p.kind == "header"
    ]
    lines = out.split("\n")
    for n, heading in enumerate(headings):
        for i, line in enumerate(lines):
            if line.strip() == _escape_md(heading):
                lines[i] = ("# " if n == 0 else "## ") + line.strip()
                break
    body = "\n".join(lines).rstrip("\n") + "\n"
    if footnotes:
        body += "\n" + "".join(f"[^{n}]: {why}\n" for n, why in enumerate(footnotes, 1))
    return body


def _escape_md(text: str) -> str:
    return re.sub(r"([\\`*_{}\[\]<>#|])", r"\\\1", text)


#: A paragraph break: emphasis cannot run across it, so a mark spanning one is set per paragraph.
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n\s*)")


def _annotate(
    text: str, marks: list[tuple[int, int, str]], drop: set[int] | frozenset[int] = frozenset()
) -> tuple[str, list[str]]:
    """``text`` escaped for Markdown with each mark in italics and a footnote reference, and the
    footnotes in the order of their references (``[^1]`` is the first in the body).

    Marks that overlap — one nested in another (a doubt inside an uncertain passage, a flag on
    words of one) or crossing (a flag running past the end of a doubt) — are set as one run of
    italics over their union, and the references of all of them follow that run, together, in
    order of their starts (the outer mark first): every note is kept, and each is referenced
    exactly once, after the end of the outermost mark. Characters at offsets in ``drop`` (the
    stars of a ``*…*`` passage) are left out inside italics.
    """
    runs: list[tuple[int, int, list[str]]] = []
    for start, end, why in sorted(marks, key=lambda m: (m[0], -m[1])):
        if runs and start < runs[-1][1]:
            run_start, run_end, whys = runs[-1]
            runs[-1] = (run_start, max(run_end, end), [*whys, why])
        else:
            runs.append((start, end, [why]))
    pieces: list[str] = []
    footnotes: list[str] = []
    pos = 0
    for start, end, whys in runs:
        pieces.append(_escape_md(text[pos:start]))
        refs = ""
        for why in whys:
            footnotes.append(why)
            refs += f"[^{len(footnotes)}]"
        pieces.append(_italics(text, start, end, drop, refs))
        pos = end
    pieces.append(_escape_md(text[pos:]))
    return "".join(pieces), footnotes


def _italics(text: str, start: int, end: int, drop: set[int] | frozenset[int], refs: str) -> str:
    """``text[start:end]`` in italics (per paragraph, whitespace at the edges outside them), with
    ``refs`` right after the last italic run, or at the end when there are no words to set."""
    kept = "".join(text[i] for i in range(start, end) if i not in drop)
    parts = _PARAGRAPH_BREAK.split(kept)
    last = max((i for i, part in enumerate(parts) if i % 2 == 0 and part.strip()), default=None)
    out = []
    for i, part in enumerate(parts):
        core = part.strip()
        if i % 2 or not core:
            out.append(part)
            continue
        lead = part[: len(part) - len(part.lstrip())]
        trail = part[len(part.rstrip()) :]
        out.append(f"{lead}_{_escape_md(core)}_{refs if i == last else ''}{trail}")
    if last is None:
        out.append(refs)
    return "".join(out)


def _through(
    edits: OffsetMap,
    styled: OffsetMap,
    offset: int,
    *,
    inside: bool = False,
    edge: str | None = None,
    widen: bool = False,
) -> int | None:
    """A transcript offset through both maps: corrections, then the gap style. With ``edge``
    (``start`` or ``end`` of a span), see :meth:`OffsetMap.forward_edge`: strictly inside a
    correction it is None (with ``widen``, that edge of what replaced it), inside a gap in the
    house style it goes to that edge of the gap."""
    if edge is not None:
        out = edits.forward_edge(offset, end=edge == "end", widen=widen)
        return None if out is None else styled.forward_edge(out, end=edge == "end", widen=True)
    out = edits.forward(offset, inside=inside)
    return None if out is None else styled.forward(out, inside=inside)


@dataclass
class _Token:
    """A run of caption text that is never split (a word, or a marker as a whole), with its
    time in milliseconds."""

    text: str
    start: int
    end: int
    estimated: bool
    boundary: int = 0
    """What follows it: 0 a word of the same clause, 1 a clause break, 2 a sentence end."""


@dataclass
class _Cue:
    tokens: list[_Token]
    speaker: str | None
    opens_turn: bool
    start: int = 0
    end: int = 0


#: Caption limits: two lines of 42 characters (the common broadcast limit), seven seconds.
_LINE_CHARS = 42
_CUE_LINES = 2
_CUE_MS = 7000
#: A cue stays up at least this long when the next one leaves room for it.
_MIN_SHOW_MS = 1000
#: The least a cue lasts when clamped times leave it none.
_MIN_CUE_MS = 100
#: Punctuation that ends a clause, after closing quotes and brackets are taken off.
_CLAUSE_END = (",", ";", ":", "—", "–")
_CLOSERS = "\"'”’)]"


def _captions(
    transcript: Transcript,
    edits: OffsetMap,
    styled: OffsetMap,
    text: str,
    items: list[Item],
    corrected: CorrectedText,
    timing: TranscriptTiming,
    fmt: str,
) -> str:
    """Cues in reading order, never overlapping, each at most two lines of 42 characters and
    seven seconds, split at sentence and clause ends where it can be; a marker is never split.

    Speaker labels and stamps are left out of the text (WebVTT names the speaker with a voice
    tag on every cue, SRT with ``Name:`` before the first cue of each turn); the stars of a
    ``*…*`` passage are left out. Each word keeps its time; times that run backwards (an
    estimated word next to an aligned one, a pin) are clamped, never reordered.
    """
    turns = _caption_turns(transcript, edits, styled, text, items, corrected, timing)
    cues: list[_Cue] = []
    for speaker, tokens in turns:
        lead = len(speaker) + 2 if speaker else 0
        for n, part in enumerate(_segment(tokens, lead)):
            cues.append(_Cue(part, speaker, n == 0))
    _time_cues(cues)
    lines = ["WEBVTT", "", f"NOTE {EXPORT_MARK}", ""] if fmt == "vtt" else []
    if fmt == "vtt" and any(t.estimated for c in cues for t in c.tokens):
        lines += ["NOTE Some times are estimated by word count, not measured.", ""]
    for n, cue in enumerate(cues, 1):
        words = [t.text for t in cue.tokens]
        if fmt == "srt":
            lead = f"{cue.speaker}: " if cue.speaker and cue.opens_turn else ""
            rows = _wrap(words, len(lead))
            lines.append(str(n))
            rows[0] = lead + rows[0]
            rows = [row.replace("-->", "->") for row in rows]
        else:  # the voice tag is not cue text: players show the name apart, if at all
            rows = [_cue_text(row) for row in _wrap(words, 0)]
            if cue.speaker:
                rows[0] = f"<v {_cue_text(cue.speaker)}>{rows[0]}"
        lines.append(f"{_stamp(cue.start / 1000, fmt)} --> {_stamp(cue.end / 1000, fmt)}")
        lines.extend(rows)
        lines.append("")
    return "\n".join(lines)


def _caption_turns(
    transcript: Transcript,
    edits: OffsetMap,
    styled: OffsetMap,
    text: str,
    items: list[Item],
    corrected: CorrectedText,
    timing: TranscriptTiming,
) -> list[tuple[str | None, list[_Token]]]:
    """Each body paragraph's speaker and caption tokens, in reading order, with times made
    monotone across the whole document."""
    # Spans of the exported text left out of captions: speaker labels (with a stamp that
    # leads their line) and stamps. A label or stamp a correction touched is shown as it is.
    hidden: list[tuple[int, int]] = []
    for a, b in [(t.line_start, t.end) for t in transcript.speakers] + [
        (s.start, s.end) for s in transcript.stamps
    ]:
        s = _through(edits, styled, a, edge="start")
        e = _through(edits, styled, b, edge="end")
        if s is not None and e is not None and s < e:
            hidden.append((s, e))
    # Markers kept whole: gaps standing in the text, and uncertain passages other than *…*.
    whole: list[tuple[int, int]] = []
    for _, s, e in _open_gaps(corrected, items):
        ws = styled.forward_edge(s, end=False, widen=True)
        we = styled.forward_edge(e, end=True, widen=True)
        if ws is not None and we is not None and ws < we:
            whole.append((ws, we))
    for item in items:
        if item.kind != "uncertain":
            continue
        if item.style == "asterisks":
            for star in (item.start, item.end - 1):
                at = _through(edits, styled, star)
                if at is not None and text[at] == "*":
                    hidden.append((at, at + 1))
            continue
        s = _through(edits, styled, item.start, edge="start")
        e = _through(edits, styled, item.end, edge="end")
        if s is not None and e is not None and s < e:
            whole.append((s, e))
    hidden.sort()
    whole.sort()
    speaker_at = {t.line_start: t.name for t in transcript.speakers}
    turns: list[tuple[str | None, list[_Token]]] = []
    clock = 0
    for para in transcript.paragraphs:
        if para.kind != "body":
            continue
        s = _through(edits, styled, para.start, inside=True)
        e = _through(edits, styled, para.end, inside=True)
        if s is None or e is None:
            continue
        line_start = para.start - transcript.line_column(para.start)[1] + 1
        speaker = speaker_at.get(line_start) or para.speaker
        tokens = _paragraph_tokens(text, s, e, hidden, whole, edits, styled, timing)
        for token in tokens:  # times never run backwards: clamp, keep the reading order
            clock = token.start = max(token.start, clock)
            token.end = max(token.end, token.start)
        if tokens:
            turns.append((speaker, tokens))
    return turns


def _paragraph_tokens(
    text: str,
    s: int,
    e: int,
    hidden: list[tuple[int, int]],
    whole: list[tuple[int, int]],
    edits: OffsetMap,
    styled: OffsetMap,
    timing: TranscriptTiming,
) -> list[_Token]:
    """The caption tokens of ``text[s:e]``: words with hidden spans cut out, a marker kept as
    one token, each with its time and the kind of break after it."""
    breaks = set(sentence_breaks(text, s, e))
    h = max(0, bisect.bisect_left(hidden, (s, s)) - 1)
    w = max(0, bisect.bisect_left(whole, (s, s)) - 1)
    spans: list[tuple[int, int, str]] = []  # (start, end, text) in the exported text
    for m in re.finditer(r"\S+", text[s:e]):
        a, b = s + m.start(), s + m.end()
        while h < len(hidden) and hidden[h][1] <= a:
            h += 1
        word = m.group()
        k = h
        while k < len(hidden) and hidden[k][0] < b:
            cut_a, cut_b = max(hidden[k][0], a) - a, min(hidden[k][1], b) - a
            if cut_a < cut_b:
                word = word[:cut_a] + "\0" * (cut_b - cut_a) + word[cut_b:]
            k += 1
        word = word.replace("\0", "")
        if not word:
            continue
        while w < len(whole) and whole[w][1] <= a:
            w += 1
        if spans and w < len(whole) and whole[w][0] < a and whole[w][0] < spans[-1][1]:
            spans[-1] = (spans[-1][0], b, f"{spans[-1][2]} {word}")  # inside a marker
        else:
            spans.append((a, b, word))
    tokens = []
    for n, (a, b, word) in enumerate(spans):
        start, end, estimated = _token_times(a, b, edits, styled, timing)
        if start is None:  # no word of its own (a gap, inserted words): after the one before
            start = tokens[-1].end if tokens else end
            end = max(start, min(end, start + 3000))
        token = _Token(word, start, end, estimated)
        if n + 1 == len(spans) or spans[n + 1][0] in breaks:
            token.boundary = 2
        elif word.rstrip(_CLOSERS).endswith(_CLAUSE_END):
            token.boundary = 1
        tokens.append(token)
    return tokens


def _token_times(
    a: int, b: int, edits: OffsetMap, styled: OffsetMap, timing: TranscriptTiming
) -> tuple[int | None, int, bool]:
    """(start, end, estimated) in milliseconds of the words spoken in ``text[a:b]``; start is
    None when none is (then end is the time of the next word)."""
    n = len(timing.times)
    if not n:
        return None, 0, True
    oa = edits.backward(styled.backward(a))
    ob = max(oa + 1, edits.backward(styled.backward(b - 1)) + 1)
    i = bisect.bisect_left(timing.starts, oa)
    j = bisect.bisect_left(timing.starts, ob)
    if i + 1 == j:  # one word: most tokens
        return (
            round(timing.times[i] * 1000),
            round(timing.time_ends[i] * 1000),
            timing.sources[i] == ESTIMATED_CODE,
        )
    if i < j:
        end = max(timing.time_ends[i:j])
        estimated = ESTIMATED_CODE in timing.sources[i:j]
        return round(timing.times[i] * 1000), round(end * 1000), estimated
    k = min(j, n - 1)
    return None, round(timing.times[k] * 1000), timing.sources[k] == ESTIMATED_CODE


def _segment(tokens: list[_Token], lead: int) -> list[list[_Token]]:
    """``tokens`` cut into cues at the least cost: every cue costs 1; a cue ending inside a
    clause costs 4 more, at a clause break 1 more; a sentence end inside a cue 1.5; a short
    cue a little. A cue must fit two lines of 42 (``lead`` characters of the first cue go to
    the speaker's name) and seven seconds, unless it is a single token."""
    n = len(tokens)
    sizes = [len(t.text) for t in tokens]
    ends = [t.end for t in tokens]
    # What ending a cue after each token costs: nothing at a sentence (or the turn's) end.
    after = [(4.0, 1.0, 0.0)[t.boundary] for t in tokens]
    after[-1] = 0.0
    best = [float("inf")] * (n + 1)
    back = [0] * (n + 1)
    best[0] = 0.0
    for i in range(n):
        base = best[i] + 1.0
        first = tokens[i].start
        line, rows = (lead if i == 0 else 0) + sizes[i], 1
        chars = sizes[i]
        last_end = ends[i]
        for j in range(i, n):
            if j > i:
                size = sizes[j]
                if ends[j] > last_end:
                    last_end = ends[j]
                if line + 1 + size > _LINE_CHARS:
                    line, rows = size, rows + 1
                else:
                    line += 1 + size
                if rows > _CUE_LINES or last_end - first > _CUE_MS:
                    break
                if tokens[j - 1].boundary == 2:
                    base += 1.5  # a sentence ends inside the cue
                chars += size + 1
            cost = base + after[j] + (0.0 if chars >= 20 else (20 - chars) / 10)
            if cost < best[j + 1]:
                best[j + 1], back[j + 1] = cost, i
    cuts = []
    j = n
    while j > 0:
        cuts.append(tokens[back[j] : j])
        j = back[j]
    return cuts[::-1]


def _time_cues(cues: list[_Cue]) -> None:
    """Start at the first word, end at the last word's end; never before the previous cue
    ends, never after the next begins (but up at least a second when there is room), never
    longer than seven seconds, never empty."""
    previous_end = 0
    for n, cue in enumerate(cues):
        first = cue.tokens[0].start
        last = max(t.end for t in cue.tokens)
        following = cues[n + 1].tokens[0].start if n + 1 < len(cues) else None
        start = max(first, previous_end)
        end = min(max(last, start), start + _CUE_MS)
        if following is not None and end > following:
            end = following
        if end - start < _MIN_SHOW_MS:
            room = start + _MIN_SHOW_MS if following is None else following
            end = max(end, min(start + _MIN_SHOW_MS, room))
        if end <= start:
            end = start + _MIN_CUE_MS
        cue.start, cue.end = start, end
        previous_end = end


def _wrap(words: list[str], lead: int) -> list[str]:
    """The cue's words on one line when they fit, else two lines as even as they can be
    (each at most 42 characters, counting ``lead`` on the first); a cue that cannot fit
    (one very long token) is wrapped greedily."""
    if lead + len(" ".join(words)) <= _LINE_CHARS:
        return [" ".join(words)]
    best: tuple[int, int] | None = None
    for k in range(1, len(words)):
        one = lead + len(" ".join(words[:k]))
        two = len(" ".join(words[k:]))
        if one <= _LINE_CHARS and two <= _LINE_CHARS and (best is None or max(one, two) < best[0]):
            best = (max(one, two), k)
    if best is not None:
        return [" ".join(words[: best[1]]), " ".join(words[best[1] :])]
    rows: list[str] = []
    width = lead
    for word in words:
        if rows and width + 1 + len(word) <= _LINE_CHARS:
            rows[-1] += " " + word
            width += 1 + len(word)
        else:
            rows.append(word)
            width = (lead if not rows[:-1] else 0) + len(word)
    return rows


def _cue_text(text: str) -> str:
    """Cue text as WebVTT wants it: ``&``, ``<`` and ``>`` escaped (so ``-->`` is too)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _stamp(seconds: float, fmt: str) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    sep = "," if fmt == "srt" else "."
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"
