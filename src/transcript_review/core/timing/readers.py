"""``read_timing``: open any supported timing file and return a :class:`TimingTrack`.

The format is decided by content first, extension second, because files get renamed
(``captions.txt`` holding WebVTT, ``.json`` holding any of four shapes). A file we cannot
place is refused with the list of what we accept rather than guessed at.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError
from ..text.decoding import read_text_file
from .asr_json import parse_json_timing
from .captions import parse_captions, sniff_caption_format
from .model import TimingTrack

#: Formats ``read_timing`` can report in :attr:`TimingTrack.format`.
FORMATS = ("vtt", "srt", "sbv", "whisper", "aws", "google", "words")

_EXTENSIONS = {".vtt": "vtt", ".webvtt": "vtt", ".srt": "srt", ".sbv": "sbv", ".json": "json"}


def detect_format(path: Path, text: str) -> str:
    """``vtt``, ``srt``, ``sbv`` or ``json`` from the content, then the extension.

    Content wins: a ``WEBVTT`` first line is WebVTT whatever the name, a leading ``{``/``[``
    is JSON, a ``-->`` timing line is SRT-like (WebVTT when the name says so), a
    ``0:00:01.000,0:00:02.000`` line is SBV.
    """
    head = text.lstrip()
    by_ext = _EXTENSIONS.get(path.suffix.lower())
    if head.startswith("WEBVTT"):
        return "vtt"
    if head.startswith(("{", "[")):
        return "json"
    sniffed = sniff_caption_format(head.split("\n", 40)[:40])
    if sniffed == "srt":
        return "vtt" if by_ext == "vtt" else "srt"
    if sniffed is not None:
        return sniffed
    if by_ext is not None:
        return by_ext
    raise InputError(
        path,
        "not a timing file we know: expected WebVTT, SRT, SBV, or Whisper/AWS/Google/words JSON",
    )


def read_timing(path: str | Path) -> TimingTrack:
    """Read a caption or recognizer file into a :class:`TimingTrack`.

    Raises :class:`InputError` (``file[:line]: reason``) for unreadable, malformed or empty
    files; never returns a track without words.
    """
    p = Path(path)
    decoded = read_text_file(p, "a timing file (captions or ASR output)")
    text = decoded.text
    fmt = detect_format(p, text)
    warnings = list(decoded.warnings)
    if fmt == "json":
        shape, words = parse_json_timing(p, text)
        return TimingTrack(p, shape, tuple(words), (), tuple(warnings))
    cues, words, w = parse_captions(p, text, fmt)
    warnings.extend(w)
    return TimingTrack(p, fmt, tuple(words), tuple(cues), tuple(warnings))
