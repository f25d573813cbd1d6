"""Where someone is speaking: voice activity per 30 ms frame, chunks cut at pauses.

The recogniser is given chunks of at most :data:`MAX_CHUNK` seconds so that they can be heard in
parallel and a bad stretch costs one chunk, not the file; cutting at pauses keeps words whole.
The same frame flags trim gap windows (silence must not stretch "listen to this gap") and find
speech that no transcript word was placed on.
"""

from __future__ import annotations

from dataclasses import dataclass

from .decode import SAMPLE_RATE, Pcm

#: Seconds per voice-activity frame (pocketsphinx's Vad takes 10, 20 or 30 ms).
FRAME = 0.03
#: Longest chunk handed to one decoder.
MAX_CHUNK = 20.0
#: A pause at least this long is a place to cut.
MIN_PAUSE = 0.3
#: Silence kept either side of a chunk so its first and last words are whole.
PAD = 0.15


@dataclass(frozen=True, slots=True)
class Chunk:
    """A stretch of the recording handed to the recogniser."""

    index: int
    start: float
    end: float


class VoiceActivity:
    """Speech/non-speech per frame of the recording, and questions about it."""

    def __init__(self, flags: bytes | bytearray) -> None:
        self.flags = bytes(flags)
        """One byte per :data:`FRAME`: 1 where speech was detected."""

    @classmethod
    def of(cls, pcm: Pcm, mode: int | None = None) -> VoiceActivity:
        """Run pocketsphinx's WebRTC-style voice activity detector over ``pcm``."""
        from pocketsphinx import Vad  # noqa: PLC0415 - heavy, loaded only when aligning

        vad = Vad(Vad.LOOSE if mode is None else mode, SAMPLE_RATE, FRAME)
        size = vad.frame_bytes
        data = pcm.data
        is_speech = vad.is_speech
        flags = bytearray(len(data) // size)
        for i in range(len(flags)):
            flags[i] = is_speech(data[i * size : (i + 1) * size])
        return cls(flags)

    @property
    def duration(self) -> float:
        return len(self.flags) * FRAME

    def speech_seconds(self) -> float:
        return self.flags.count(1) * FRAME

    def regions(
        self, min_pause: float = MIN_PAUSE, min_speech: float = 0.1
    ) -> list[tuple[float, float]]:
        """Stretches of speech, joined across pauses shorter than ``min_pause``."""
        out: list[tuple[float, float]] = []
        gap = max(1, round(min_pause / FRAME))
        flags = self.flags
        n = len(flags)
        i = 0
        while i < n:
            if not flags[i]:
                i += 1
                continue
            start = i
            last = i
            j = i + 1
            while j < n and j - last <= gap:
                if flags[j]:
                    last = j
                j += 1
            if (last + 1 - start) * FRAME >= min_speech:
                out.append((start * FRAME, (last + 1) * FRAME))
            i = last + 1
        return out

    def onset_before(self, at: float) -> float | None:
        """Where the stretch of speech holding (or ending just before) ``at`` begins, after a
        pause of at least :data:`MIN_PAUSE`; None when there is no speech there."""
        flags = self.flags
        k = min(len(flags) - 1, int(at / FRAME))
        back = k
        while back >= 0 and not flags[back] and k - back < 3:  # ``at`` itself may be silent
            back -= 1
        if back < 0 or not flags[back]:
            return None
        pause = max(1, round(MIN_PAUSE / FRAME))
        silent = 0
        i = back
        while i > 0:
            i -= 1
            if flags[i]:
                silent = 0
                back = i
            else:
                silent += 1
                if silent >= pause:
                    break
        return back * FRAME

    def trim(self, start: float, end: float) -> tuple[float, float]:
        """``[start, end]`` without the silence at its edges (unchanged when all silent)."""
        a = max(0, int(start / FRAME))
        b = min(len(self.flags), int(end / FRAME))  # the frame holding ``end`` is after it
        while a < b and not self.flags[a]:
            a += 1
        while b > a and not self.flags[b - 1]:
            b -= 1
        if a >= b:
            return (start, end)
        return (max(start, a * FRAME), min(end, b * FRAME))

    def speech_within(self, start: float, end: float) -> float:
        """Seconds of speech between two times."""
        a = max(0, int(start / FRAME))
        b = min(len(self.flags), int(end / FRAME))
        return self.flags.count(1, a, b) * FRAME if b > a else 0.0

    def chunks(self, max_chunk: float = MAX_CHUNK) -> list[Chunk]:
        """Chunks of at most ``max_chunk`` seconds covering every stretch of speech, cut in the
        middle of pauses; a stretch with no pause for longer than that is cut at the shortest
        silence inside it, or hard at the limit when there is none."""
        pieces: list[tuple[float, float]] = []
        for start, end in self.regions():
            pieces.extend(self._split(start, end, max_chunk))
        out: list[Chunk] = []
        cur_start: float | None = None
        cur_end = 0.0
        for start, end in pieces:
            if cur_start is not None and end - cur_start <= max_chunk - 2 * PAD:
                cur_end = end
                continue
            if cur_start is not None:
                out.append(self._padded(len(out), cur_start, cur_end))
            cur_start, cur_end = start, end
        if cur_start is not None:
            out.append(self._padded(len(out), cur_start, cur_end))
        return out

    def _padded(self, index: int, start: float, end: float) -> Chunk:
        return Chunk(index, max(0.0, start - PAD), min(self.duration, end + PAD))

    def _split(self, start: float, end: float, max_chunk: float) -> list[tuple[float, float]]:
        """Split one region longer than the limit at its longest inner silence, recursively."""
        limit = max_chunk - 2 * PAD
        if end - start <= limit:
            return [(start, end)]
        a, b = int(start / FRAME), int(end / FRAME)
        lo, hi = a + int(2.0 / FRAME), b - int(2.0 / FRAME)  # keep pieces >= 2 s
        best, best_len, run = None, 0, 0
        for i in range(max(a, lo), min(b, hi)):
            run = run + 1 if not self.flags[i] else 0
            if run > best_len:
                best_len, best = run, i - run // 2
        cut = best * FRAME if best is not None else start + limit
        if cut - start > limit:  # the longest silence lies past the limit: cut at the limit
            cut = start + limit
        return [(start, cut)] + self._split(cut, end, max_chunk)
