"""The word-timing file ``align`` writes beside a transcript, and reading it back.

``speech.txt`` -> ``speech.txt.alignment.json`` (named like the sidecar, so it is never taken for
a caption file with the transcript's stem). JSON, because every tool reads it; one object:

- ``format`` ``"transcript-review/alignment"``, ``version`` 1;
- ``transcript``: ``{name, sha256, words}`` — the text it was made from (sha256 of the text as
  read, LF line ends: the same hash the sidecar records);
- ``media``: ``{name, size, head_sha256, duration}`` — the recording, identified by its size and
  the sha256 of its first MiB (hashing a 2 GB video whole would cost more than aligning it);
- ``tool``: ``{name, version, recogniser, model}``; ``created``: UTC time;
- ``words``: the transcript words the recording placed, ``{start, end, text, time, time_end,
  confidence, how}`` (``start``/``end``: code point offsets; ``how``: ``recognised`` when the
  recogniser heard the word, ``forced`` when it was placed by forced alignment between heard
  words, ``onset`` for the first words of a paragraph put where its speech begins); words not
  listed were not found in the audio and keep estimated times;
- ``gaps``: ``{id, start, end, window: {start, end} | null, heard: {text, confidence} | null}``;
- ``untranscribed``: speech in the recording no transcript word was placed on ``{start, end,
  heard}``; ``unaligned``: transcript stretches not found in the audio ``{start, end, words}``;
- ``coverage``: share of the transcript's words placed; ``heard``: every word the recogniser
  heard ``[text, start, end, confidence]`` and ``speech``: voice-activity regions ``[start,
  end]``, kept so a re-run after a transcript edit need not hear the recording again.

Reading is strict (a hand-edited or hostile file is refused with one line, never half-used).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ...errors import InputError
from ...text.decoding import read_text_file

FORMAT = "transcript-review/alignment"
VERSION = 1
#: Appended to the transcript's file name.
ALIGNMENT_SUFFIX = ".alignment.json"

How = Literal["recognised", "forced", "onset"]


@dataclass(frozen=True, slots=True)
class AlignedWord:
    """A transcript word placed in the recording."""

    start: int
    end: int
    text: str
    time: float
    time_end: float
    confidence: float | None
    how: How


@dataclass(frozen=True, slots=True)
class HeardWord:
    """A word the recogniser heard, with its time and posterior probability."""

    text: str
    start: float
    end: float
    confidence: float | None


@dataclass(frozen=True, slots=True)
class GapWindow:
    """Where a gap lies in the recording, and what the recogniser heard there."""

    id: str
    start: int
    end: int
    window: tuple[float, float] | None
    heard: str | None = None
    confidence: float | None = None


@dataclass(frozen=True, slots=True)
class Untranscribed:
    """Speech in the recording that no transcript word was placed on."""

    start: float
    end: float
    heard: str


@dataclass(frozen=True, slots=True)
class MediaIdentity:
    """Which recording an alignment was made from."""

    name: str
    size: int
    head_sha256: str
    duration: float


@dataclass
class RecordingAlignment:
    """Everything ``align`` found out about a transcript and its recording."""

    transcript_name: str
    transcript_sha256: str
    transcript_words: int
    media: MediaIdentity
    tool: dict[str, str]
    created: str
    words: list[AlignedWord]
    coverage: float
    """Share of the transcript's body words placed (heading words, placed when heard, are not
    counted: they are not among the words the rest of the program times)."""
    gaps: list[GapWindow] = field(default_factory=list)
    untranscribed: list[Untranscribed] = field(default_factory=list)
    unaligned: list[tuple[int, int, int]] = field(default_factory=list)
    heard: list[HeardWord] = field(default_factory=list)
    speech: list[tuple[float, float]] = field(default_factory=list)
    path: Path | None = None

    def gap(self, item_id: str) -> GapWindow | None:
        return next((g for g in self.gaps if g.id == item_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "transcript": {
                "name": self.transcript_name,
                "sha256": self.transcript_sha256,
                "words": self.transcript_words,
            },
            "media": {
                "name": self.media.name,
                "size": self.media.size,
                "head_sha256": self.media.head_sha256,
                "duration": round(self.media.duration, 3),
            },
            "tool": self.tool,
            "created": self.created,
            "coverage": round(self.coverage, 4),
            "words": [
                {
                    "start": w.start,
                    "end": w.end,
                    "text": w.text,
                    "time": round(w.time, 3),
                    "time_end": round(w.time_end, 3),
                    "confidence": None if w.confidence is None else round(w.confidence, 3),
                    "how": w.how,
                }
                for w in self.words
            ],
            "gaps": [
                {
                    "id": g.id,
                    "start": g.start,
                    "end": g.end,
                    "window": None
                    if g.window is None
                    else {"start": round(g.window[0], 3), "end": round(g.window[1], 3)},
                    "heard": None
                    if g.heard is None
                    else {
                        "text": g.heard,
                        "confidence": None if g.confidence is None else round(g.confidence, 3),
                    },
                }
                for g in self.gaps
            ],
            "untranscribed": [
                {"start": round(u.start, 3), "end": round(u.end, 3), "heard": u.heard}
                for u in self.untranscribed
            ],
            "unaligned": [{"start": a, "end": b, "words": n} for a, b, n in self.unaligned],
            "heard": [
                [h.text, round(h.start, 3), round(h.end, 3), _round(h.confidence)]
                for h in self.heard
            ],
            "speech": [[round(a, 3), round(b, 3)] for a, b in self.speech],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def alignment_path(transcript_path: Path) -> Path:
    """``speech.txt`` -> ``speech.txt.alignment.json``."""
    return transcript_path.with_name(transcript_path.name + ALIGNMENT_SUFFIX)


def write_alignment(alignment: RecordingAlignment, path: Path) -> None:
    """Write atomically (a temporary file in the same folder, then a rename): a crash leaves
    the old file or the new one, never half of one; a symlink at ``path`` is replaced, never
    written through."""
    data = json.dumps(alignment.to_json(), ensure_ascii=False, separators=(",", ":"))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".alignment.json", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if exc.errno == 28:
            raise InputError(
                path, "the disk is full; free some space and run align again"
            ) from None
        raise InputError(path, f"cannot be written: {exc.strerror or exc}") from None
    alignment.path = path


class _Bad(Exception):
    """A field of an alignment file has the wrong shape."""


def read_alignment(path: Path) -> RecordingAlignment:
    """Read an alignment file strictly; any deviation is one :class:`InputError`."""
    text = read_text_file(path).text
    try:
        doc = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise InputError(path, f"is not valid JSON ({str(exc)[:120]}); run align again") from None
    try:
        result = _from_json(doc)
    except _Bad as exc:
        raise InputError(
            path, f"is not an alignment file transcript-review can use ({exc}); run align again"
        ) from None
    result.path = path
    return result


def _from_json(doc: Any) -> RecordingAlignment:
    obj = _dict(doc, "file")
    if obj.get("format") != FORMAT:
        raise _Bad("no transcript-review/alignment format mark")
    if obj.get("version") != VERSION:
        raise _Bad(f"version {obj.get('version')!r}, this program reads {VERSION}")
    tr = _dict(obj.get("transcript"), "transcript")
    media = _dict(obj.get("media"), "media")
    tool = _dict(obj.get("tool"), "tool")
    words = [
        AlignedWord(
            _int(w.get("start"), "word start"),
            _int(w.get("end"), "word end"),
            _str(w.get("text"), "word text"),
            _num(w.get("time"), "word time"),
            _num(w.get("time_end"), "word time_end"),
            _opt_num(w.get("confidence"), "word confidence"),
            _choice(w.get("how"), ("recognised", "forced", "onset"), "word how"),
        )
        for w in map(lambda x: _dict(x, "word"), _list(obj.get("words"), "words"))
    ]
    gaps = []
    for g in map(lambda x: _dict(x, "gap"), _list(obj.get("gaps", []), "gaps")):
        window = g.get("window")
        win = None
        if window is not None:
            wd = _dict(window, "gap window")
            win = (_num(wd.get("start"), "window start"), _num(wd.get("end"), "window end"))
        heard = g.get("heard")
        heard_text = heard_conf = None
        if heard is not None:
            hd = _dict(heard, "gap heard")
            heard_text = _str(hd.get("text"), "heard text")
            heard_conf = _opt_num(hd.get("confidence"), "heard confidence")
        gaps.append(
            GapWindow(
                _str(g.get("id"), "gap id"),
                _int(g.get("start"), "gap start"),
                _int(g.get("end"), "gap end"),
                win,
                heard_text,
                heard_conf,
            )
        )
    untranscribed = [
        Untranscribed(
            _num(u.get("start"), "start"), _num(u.get("end"), "end"), _str(u.get("heard"), "heard")
        )
        for u in map(
            lambda x: _dict(x, "untranscribed"),
            _list(obj.get("untranscribed", []), "untranscribed"),
        )
    ]
    unaligned = [
        (_int(u.get("start"), "start"), _int(u.get("end"), "end"), _int(u.get("words"), "words"))
        for u in map(lambda x: _dict(x, "unaligned"), _list(obj.get("unaligned", []), "unaligned"))
    ]
    heard = []
    for h in _list(obj.get("heard", []), "heard"):
        row = _list(h, "heard word")
        if len(row) != 4:
            raise _Bad("a heard word is not [text, start, end, confidence]")
        heard.append(
            HeardWord(
                _str(row[0], "heard"),
                _num(row[1], "heard"),
                _num(row[2], "heard"),
                _opt_num(row[3], "heard"),
            )
        )
    speech = []
    for s in _list(obj.get("speech", []), "speech"):
        row = _list(s, "speech")
        if len(row) != 2:
            raise _Bad("a speech region is not [start, end]")
        speech.append((_num(row[0], "speech"), _num(row[1], "speech")))
    return RecordingAlignment(
        transcript_name=_str(tr.get("name"), "transcript name"),
        transcript_sha256=_str(tr.get("sha256"), "transcript sha256"),
        transcript_words=_int(tr.get("words"), "transcript words"),
        media=MediaIdentity(
            _str(media.get("name"), "media name"),
            _int(media.get("size"), "media size"),
            _str(media.get("head_sha256"), "media head_sha256"),
            _num(media.get("duration"), "media duration"),
        ),
        tool={str(k): _str(v, "tool") for k, v in tool.items()},
        created=_str(obj.get("created", ""), "created"),
        words=words,
        coverage=_num(obj.get("coverage"), "coverage"),
        gaps=gaps,
        untranscribed=untranscribed,
        unaligned=unaligned,
        heard=heard,
        speech=speech,
    )


def _dict(value: Any, what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _Bad(f"{what} is not an object")
    return value


def _list(value: Any, what: str) -> list[Any]:
    if not isinstance(value, list):
        raise _Bad(f"{what} is not a list")
    return value


def _str(value: Any, what: str) -> str:
    if not isinstance(value, str):
        raise _Bad(f"{what} is not text")
    return value


def _int(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise _Bad(f"{what} is not a whole number")
    return value


def _num(value: Any, what: str) -> float:
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise _Bad(f"{what} is not a time in seconds")
    return float(value)


def _opt_num(value: Any, what: str) -> float | None:
    return None if value is None else _num(value, what)


def _choice(value: Any, choices: tuple[str, ...], what: str) -> Any:
    if value not in choices:
        raise _Bad(f"{what} is not one of {', '.join(choices)}")
    return value
