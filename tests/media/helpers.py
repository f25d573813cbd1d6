"""Test media: a WAV made with the standard library, and reading back the pitch of audio."""

from __future__ import annotations

import math
import struct
import wave
from pathlib import Path

RATE = 8000
#: Second k of the tone (0-based) sounds at (k + 1) * STEP Hz.
STEP = 100


def write_tone(path: Path, seconds: int = 8) -> Path:
    """Mono 16-bit WAV whose pitch steps up every second: 100 Hz, 200 Hz, … (so the pitch
    heard tells which second of the file is playing)."""
    frames = bytearray()
    phase = 0.0
    for i in range(seconds * RATE):
        phase += 2 * math.pi * STEP * (1 + i // RATE) / RATE
        frames += struct.pack("<h", int(12000 * math.sin(phase)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(RATE)
        out.writeframes(bytes(frames))
    return path


def second_heard(samples: tuple[int, ...] | list[int], start: int, count: int) -> int:
    """Which second of the tone a stretch of samples comes from (by counting zero crossings)."""
    chunk = samples[start : start + count]
    crossings = sum(1 for a, b in zip(chunk, chunk[1:], strict=False) if (a < 0) != (b < 0))
    hertz = crossings / 2 / (count / RATE)
    return round(hertz / STEP) - 1


def seconds_heard(raw: bytes, tenth: int = RATE // 10) -> list[int]:
    """For each tenth of a second of raw s16 mono audio: which second of the tone it is."""
    samples = struct.unpack(f"<{len(raw) // 2}h", raw[: len(raw) // 2 * 2])
    return [second_heard(samples, k, tenth) for k in range(0, len(samples) - tenth + 1, tenth)]
