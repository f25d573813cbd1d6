"""Recognising files people pass for a transcript that are something else: a caption or ASR
timing file, or a transcript's own sidecar. Read as a transcript they give nonsense that looks
plausible (``WEBVTT`` as a heading, cue times as stamps, a sidecar's keys as paragraphs), so they
are refused with what the file is and what to pass instead.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import InputError

SIDECAR_SUFFIX = ".review.yaml"
_SIDECAR_START = re.compile(r"\A(?:\s*#[^\n]*\n|\s*---[^\n]*\n)*\s*schema:\s*transcript-review/")
_SIDECAR_TRANSCRIPT = re.compile(r"^transcript:\s*(\S[^\n]*?)\s*$", re.MULTILINE)
_CUE_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}"
_CAPTIONS = (
    ("a WebVTT caption file", re.compile(r"\A\ufeff?WEBVTT(?:[ \t][^\n]*)?\n")),
    ("an SRT caption file", re.compile(rf"\A\ufeff?\s*\d+[ \t]*\n{_CUE_TIME}[ \t]*-->")),
    ("an SBV caption file", re.compile(rf"\A\ufeff?\s*{_CUE_TIME},{_CUE_TIME}[ \t]*\n")),
)
_CAPTION_SUFFIXES = {".vtt": "a WebVTT", ".srt": "an SRT", ".sbv": "an SBV"}
_JSON_WORDS = re.compile(r"\A\ufeff?\s*[\[{]")


def refuse_if_not_a_transcript(path: str | Path, text: str) -> None:
    """Raise :class:`InputError` when ``text`` (the file at ``path``) is a sidecar or a timing
    file rather than a transcript, saying what it is and what to pass instead."""
    path = Path(path)
    head = text[:4000]
    if path.name.endswith(SIDECAR_SUFFIX) or _SIDECAR_START.match(head):
        named = _SIDECAR_TRANSCRIPT.search(head)
        transcript = named.group(1).strip("'\"") if named else path.name[: -len(SIDECAR_SUFFIX)]
        raise InputError(
            path,
            f"this is the sidecar of {transcript} (its corrections), not a transcript; "
            f"pass the transcript: {path.with_name(transcript)}",
        )
    what = next((name for name, pattern in _CAPTIONS if pattern.match(head)), None)
    suffix = path.suffix.lower()
    if what is None and suffix in _CAPTION_SUFFIXES and "-->" in head:
        what = f"{_CAPTION_SUFFIXES[suffix]} caption file"
    if what is None and suffix == ".json" and _JSON_WORDS.match(head):
        what = "a JSON file (word timings from speech recognition?)"
    if what is None:
        return
    raise InputError(
        path,
        f"this is {what}, not a transcript; pass the transcript "
        f"(e.g. {_transcript_beside(path)}) and this file as --timing {path.name}",
    )


def _transcript_beside(path: Path) -> str:
    """The transcript that goes with a timing file: one with its stem beside it, if any."""
    for candidate in sorted(path.parent.glob(f"{path.stem}.*")):
        if candidate.suffix.lower() in (".txt", ".md", ".text") and candidate != path:
            return candidate.name
    return f"{path.stem}.txt"
