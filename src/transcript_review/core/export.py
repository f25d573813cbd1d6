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
import json
import re
from dataclasses import dataclass
from typing import Any

from .corrections import CorrectedText, State, apply_corrections
from .errors import InputError
from .items import Item
from .sidecar_schema import anchor_to_data
from .timecodes import format_timecode
from .transcript import Transcript, sentence_breaks
from .transcript_times import EXPORT_MARK, TranscriptTiming

FORMATS = ("txt", "md", "vtt", "srt", "json")
GAP_STYLES = ("as-typed", "inaudible", "inaudible-time")
#: Longest caption cue, in characters (two lines of 42, the common broadcast limit).
_CUE_CHARS = 84


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
    items: list[Item],
    timing: TranscriptTiming,
    options: ExportOptions,
) -> str:
    """The corrected transcript in ``options.format``."""
    corrected = apply_corrections(state, options.include_proposed)
    if options.format == "json":
        return _json(transcript, state, items, corrected, options)
    text, styled = _with_gap_style(corrected, items, timing, options.gap_style)
    edits = OffsetMap.of(corrected)
    if options.format == "txt":
        return text if text.endswith("\n") else text + "\n"
    if options.format == "md":
        return _markdown(transcript, state, edits, styled, text, items, options)
    if options.format in ("vtt", "srt"):
        return _captions(transcript, edits, styled, text, timing, options.format)
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
        """Where ``offset`` lands as the start (or, with ``end``, the end) of a span. A span
        ending where a replaced one begins ends before what replaced it. Otherwise inside a
        replaced span: None, or with ``widen`` the start (end) of what replaced it, so the
        span takes all of it in."""
        k = bisect.bisect_right(self._ends, offset)
        if k < len(self._starts) and self._starts[k] <= offset < self._ends[k]:
            if end and offset == self._starts[k]:
                return self._new_starts[k]
            if not widen:
                return None
            return self._new_ends[k] if end else self._new_starts[k]
        return offset + self._cum[k]

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
    seconds = item.time if item.time_in_marker else None
    if seconds is None:
        moment = timing.moment_at(item.start)
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
    # (start, end, why, offsets of the stars of a *…* passage) in the transcript.
    notes: list[tuple[int, int, str, tuple[int, ...]]] = []
    for item in items:
        if item.kind == "uncertain":
            stars = (item.start, item.end - 1) if item.style == "asterisks" else ()
            notes.append((item.start, item.end, "uncertain in the transcript", stars))
    for flag in state.active_flags(include_proposed=options.include_proposed):
        if flag.span:
            reason = " ".join((flag.reason or "").split())
            why = f"flagged: {_escape_md(reason)}" if reason else "flagged"
            notes.append((flag.span[0], flag.span[1], why, ()))
    marks: list[tuple[int, int, str]] = []
    drop: set[int] = set()
    for start, end, why, stars in notes:
        # An edge inside a corrected span: the marked words were corrected, the note goes with
        # them. An edge inside a gap written in the house style widens the mark over the gap.
        s = _through(edits, styled, start, edge="start")
        e = _through(edits, styled, end, edge="end")
        if s is None or e is None or e <= s:
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
) -> int | None:
    """A transcript offset through both maps: corrections, then the gap style. With ``edge``
    (``start`` or ``end`` of a span), see :meth:`OffsetMap.forward_edge`: inside a correction
    it is None, inside a gap in the house style it goes to that edge of the gap."""
    if edge is not None:
        out = edits.forward_edge(offset, end=edge == "end", widen=False)
        return None if out is None else styled.forward_edge(out, end=edge == "end", widen=True)
    out = edits.forward(offset, inside=inside)
    return None if out is None else styled.forward(out, inside=inside)


def _captions(
    transcript: Transcript,
    edits: OffsetMap,
    styled: OffsetMap,
    text: str,
    timing: TranscriptTiming,
    fmt: str,
) -> str:
    """One cue per sentence (long sentences split), timed by their first word."""
    cues: list[tuple[float, str, bool]] = []
    for para in transcript.paragraphs:
        if para.kind != "body":
            continue
        s = _through(edits, styled, para.start, inside=True)
        e = _through(edits, styled, para.end, inside=True)
        if s is None or e is None:
            continue
        bounds = [s, *sentence_breaks(text, s, e), e]
        for a, b in zip(bounds, bounds[1:], strict=False):
            sentence = " ".join(text[a:b].split())
            if not sentence:
                continue
            moment = timing.moment_at(edits.backward(styled.backward(a)))
            seconds = moment.seconds if moment else 0.0
            estimated = moment.estimated if moment else True
            for part in _split_cue(sentence):
                cues.append((seconds, part, estimated))
                seconds += 0.4 * len(part.split())
    cues.sort(key=lambda c: c[0])
    lines = ["WEBVTT", "", f"NOTE {EXPORT_MARK}", ""] if fmt == "vtt" else []
    if fmt == "vtt" and any(est for _, _, est in cues):
        lines += ["NOTE Some times are estimated by word count, not measured.", ""]
    for n, (start, cue, _) in enumerate(cues, 1):
        end = cues[n][0] if n < len(cues) else start + 0.4 * len(cue.split()) + 1
        end = max(end, start + 0.5)
        if fmt == "srt":
            lines.append(str(n))
        lines.append(f"{_stamp(start, fmt)} --> {_stamp(end, fmt)}")
        lines.append(_cue_text(cue) if fmt == "vtt" else cue.replace("-->", "->"))
        lines.append("")
    return "\n".join(lines)


def _cue_text(text: str) -> str:
    """Cue text as WebVTT wants it: ``&``, ``<`` and ``>`` escaped (so ``-->`` is too)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _split_cue(sentence: str) -> list[str]:
    if len(sentence) <= _CUE_CHARS:
        return [sentence]
    parts, current = [], ""
    for word in sentence.split():
        if current and len(current) + 1 + len(word) > _CUE_CHARS:
            parts.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        parts.append(current)
    return parts


def _stamp(seconds: float, fmt: str) -> str:
    ms = int(round(seconds * 1000))
    h, rest = divmod(ms, 3_600_000)
    m, rest = divmod(rest, 60_000)
    s, ms = divmod(rest, 1000)
    sep = "," if fmt == "srt" else "."
    return f"{h:02d}:{m:02d}:{s:02d}{sep}{ms:03d}"


def _json(
    transcript: Transcript,
    state: State,
    items: list[Item],
    corrected: CorrectedText,
    options: ExportOptions,
) -> str:
    data = {
        "transcript": transcript.name,
        "revision": state.revision,
        "include_proposed": options.include_proposed,
        "text": corrected.text,
        "corrections": [_correction_json(c) for c in state.corrections.values()],
        "applied": [e.correction for e in corrected.edits],
        "skipped": list(corrected.skipped),
        "items": [i.to_json() for i in items],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def _correction_json(c: Any) -> dict[str, Any]:
    placement = c.placement
    return {
        "id": c.id,
        "kind": c.kind.value,
        "status": c.status.value,
        "author": c.author,
        "role": c.role.value,
        "revision": c.revision,
        "text": c.text,
        "evidence": c.evidence.value if c.evidence else None,
        "note": c.note,
        "reason": c.reason,
        "flag": c.flag,
        "anchor": anchor_to_data(c.anchor),
        "placement": None
        if placement is None
        else {
            "start": placement.start,
            "end": placement.end,
            "method": placement.method.value,
            "score": placement.score,
        },
        "superseded_by": c.superseded_by,
        "history": [
            {
                "action": h.action,
                "by": h.by,
                "role": h.role.value,
                "revision": h.revision,
                "comment": h.comment,
                "text": h.text,
            }
            for h in c.history
        ],
    }
