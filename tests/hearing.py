"""A short synthetic hearing, made with espeak-ng, sox and ffmpeg (fixtures in tests/conftest.py).

The recording differs from its transcript the way real ones do: a chair speaks first (not in the
transcript), a gap's words are said under loud noise, and a paragraph of the transcript is never
said. Each piece is synthesised on its own, its leading and trailing silence trimmed, and the
pieces joined with pauses of known length, so where every paragraph starts is known exactly.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

TOOLS = ("espeak-ng", "sox", "ffmpeg")

TRANSCRIPT = "\n\n".join(
    [
        "Statement by Norway",
        "Thank you, Mr. President. Norway welcomes this open debate on the protection of "
        "civilians in armed conflict.",
        "We must act together (inaudible) before it is too late for the people we are here to "
        "protect.",
        "This paragraph was written down by the transcriber but it was never spoken in the "
        "meeting.",
        "Thank you very much.\n",
    ]
)

#: (what, text or seconds, voice): the recording, piece by piece.
PIECES: list[tuple[str, str | float, str]] = [
    ("intro", "Good morning. I now give the floor to the distinguished representative of Norway.", "en-gb+m3"),  # noqa: E501
    ("pause", 1.0, ""),
    ("p1", "Thank you, Mr. President. Norway welcomes this open debate on the protection of civilians in armed conflict.", "en-us"),  # noqa: E501
    ("pause", 0.8, ""),
    ("p2a", "We must act together", "en-us"),
    ("pause", 0.3, ""),
    ("gap", "with the greatest possible urgency", "en-us"),
    ("pause", 0.3, ""),
    ("p2b", "before it is too late for the people we are here to protect.", "en-us"),
    ("pause", 1.0, ""),
    ("p4", "Thank you very much.", "en-us"),
    ("pause", 0.5, ""),
]


@dataclass(frozen=True)
class Hearing:
    """The transcript, its recording, and when each piece starts and ends (seconds)."""

    transcript: Path
    media: Path
    spans: dict[str, tuple[float, float]]


def _require_tools() -> None:
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (Debian packages; .ci/run installs them)")


def _run(*cmd: str) -> None:
    subprocess.run(cmd, check=True, capture_output=True)


def _duration(path: Path) -> float:
    out = subprocess.run(["soxi", "-D", str(path)], check=True, capture_output=True, text=True)
    return float(out.stdout)


def make_hearing(folder: Path) -> Hearing:
    """Synthesise the pieces and join them into ``folder/hearing.ogg`` beside the transcript."""
    _require_tools()
    folder.mkdir(parents=True, exist_ok=True)
    parts: list[Path] = []
    spans: dict[str, tuple[float, float]] = {}
    at = 0.0
    for n, (what, value, voice) in enumerate(PIECES):
        piece = folder / f"piece-{n:02d}.wav"
        if what == "pause":
            _run("sox", "-n", "-r", "16000", "-c", "1", str(piece), "trim", "0", str(value))
        else:
            raw = folder / "raw.wav"
            _run("espeak-ng", "-v", voice, "-s", "165", "-w", str(raw), str(value))
            # Trim silence at both ends, so the piece starts with its first word.
            _run(
                "sox", str(raw), "-r", "16000", "-c", "1", str(piece),
                "silence", "1", "0.02", "0.5%", "reverse",
                "silence", "1", "0.02", "0.5%", "reverse",
            )  # fmt: skip
            if what == "gap":  # under pink noise louder than the words
                noise = folder / "noise.wav"
                length = f"{_duration(piece):.3f}"
                _run("sox", "-n", "-r", "16000", "-c", "1", str(noise), "synth", length, "pinknoise", "vol", "0.6")  # noqa: E501
                mixed = folder / "mixed.wav"
                _run("sox", "-m", str(piece), str(noise), str(mixed))
                mixed.replace(piece)
        length = _duration(piece)
        if what != "pause":
            spans[what] = (at, at + length)
        at += length
        parts.append(piece)
    joined = folder / "joined.wav"
    _run("sox", *map(str, parts), str(joined))
    media = folder / "hearing.ogg"
    _run("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", str(joined), "-c:a", "libopus", "-b:a", "32k", str(media))  # noqa: E501
    for p in [*parts, joined]:
        p.unlink(missing_ok=True)
    transcript = folder / "hearing.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    return Hearing(transcript, media, spans)
