"""Hearing the recording: pocketsphinx decoders in worker processes, one per core.

Two jobs, both on stretches of the recording:

- :func:`hear_chunks` recognises each chunk with the transcript's language model (or any model)
  and returns the words heard, with times and posterior probabilities;
- :func:`force_align` places a known word sequence in a stretch (``Decoder.set_align_text``),
  for transcript words between heard anchors that the recogniser missed. Forced alignment of a
  whole file fails on any mismatch ("Final result does not match the grammar"), so it is only
  ever given short stretches whose ends are known.

Worker processes (:mod:`.worker`, plain subprocesses: safe from a thread of the editor) each
load the decoder once; chunks go to whichever worker is free, results come back as they finish.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from .alignment_file import HeardWord
from .decode import SAMPLE_RATE

#: Frames per second of pocketsphinx's front end.
FRAME_RATE = 100


@dataclass(frozen=True, slots=True)
class DecoderSetup:
    """Paths of the acoustic model, dictionary and language model (None: none loaded)."""

    hmm: str
    dict: str
    lm: str | None


def default_model() -> tuple[str, str, str]:
    """(acoustic model folder, dictionary, general language model) of pocketsphinx's wheel."""
    import pocketsphinx  # noqa: PLC0415

    base = pocketsphinx.get_model_path()
    return (
        os.path.join(base, "en-us", "en-us"),
        os.path.join(base, "en-us", "cmudict-en-us.dict"),
        os.path.join(base, "en-us", "en-us.lm.bin"),
    )


def make_decoder(setup: DecoderSetup, *, fillers: bool = True):  # noqa: ANN201 - no stubs
    """A pocketsphinx decoder; ``fillers=False`` lets forced alignment insert no silence or
    noise between words (see :class:`.pipeline._Aligner` for when that helps)."""
    from pocketsphinx import Decoder  # noqa: PLC0415

    kwargs: dict[str, object] = {"hmm": setup.hmm, "dict": setup.dict, "loglevel": "FATAL"}
    kwargs["lm"] = setup.lm
    if not fillers:
        kwargs["fsgusefiller"] = False
    return Decoder(**kwargs)


def decode_words(decoder, pcm: bytes, offset: float) -> list[HeardWord]:  # noqa: ANN001
    """Recognise one stretch of PCM; words with times shifted by ``offset`` seconds."""
    decoder.start_utt()
    decoder.process_raw(pcm, full_utt=True)
    decoder.end_utt()
    if decoder.hyp() is None:
        return []
    # Computes the lattice's posterior probabilities; without it every word's ``prob`` is 1.
    decoder.get_prob()
    out: list[HeardWord] = []
    for seg in decoder.seg():
        word = seg.word
        if not _is_word(word):
            continue
        word = word.split("(", 1)[0]
        start = offset + seg.start_frame / FRAME_RATE
        end = offset + (seg.end_frame + 1) / FRAME_RATE
        confidence = min(1.0, max(0.0, seg.prob))
        out.append(HeardWord(word, start, end, confidence))
    return out


def _is_word(word: str) -> bool:
    return bool(word) and not word.startswith(("<", "[", "+")) and word != "sil"


@dataclass(frozen=True, slots=True)
class Stretch:
    """A stretch of audio to hear: an index, where it starts, and its samples."""

    index: int
    start: float
    pcm: bytes | memoryview


def hear_chunks(
    setup: DecoderSetup,
    stretches: Sequence[Stretch],
    *,
    workers: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[int, list[HeardWord]]]:
    """Recognise ``stretches`` in parallel worker processes (:mod:`.worker`); yields
    ``(index, words)`` as each finishes, in any order. Stops early, killing the workers, when
    ``cancelled()`` turns true (checked five times a second)."""
    if not stretches:
        return
    count = max(1, min(workers or os.cpu_count() or 1, len(stretches)))
    queue = list(reversed(stretches))
    pool = [_Worker(setup) for _ in range(count)]
    try:
        busy: dict[int, _Worker] = {}
        while queue or busy:
            for worker in pool:
                if worker.job is None and queue:
                    worker.send(queue.pop())
                    busy[worker.fd] = worker
            ready, _, _ = select.select(list(busy), [], [], 0.2)
            for fd in ready:
                yield busy.pop(fd).receive()
            if cancelled():
                return
    finally:
        for worker in pool:
            worker.stop()


class _Worker:
    """One recognition process and the job it is working on."""

    def __init__(self, setup: DecoderSetup) -> None:
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", f"{__package__}.worker",
                setup.hmm, setup.dict, setup.lm or "",
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # ^C stops the parent, which stops its workers
        )  # fmt: skip
        assert self.process.stdin is not None and self.process.stdout is not None
        self.fd = self.process.stdout.fileno()
        self.job: Stretch | None = None

    def send(self, job: Stretch) -> None:
        assert self.process.stdin is not None
        self.job = job
        header = {"index": job.index, "start": job.start, "bytes": len(job.pcm)}
        try:
            self.process.stdin.write(json.dumps(header).encode() + b"\n" + job.pcm)
            self.process.stdin.flush()
        except BrokenPipeError:
            raise RecogniserFailed(self.process.poll()) from None

    def receive(self) -> tuple[int, list[HeardWord]]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        self.job = None
        if not line:
            raise RecogniserFailed(self.process.poll())
        data = json.loads(line)
        return data["index"], [HeardWord(t, a, b, p) for t, a, b, p in data["words"]]

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                with contextlib.suppress(OSError):
                    stream.close()


class RecogniserFailed(RuntimeError):
    """A recognition worker died (out of memory, killed): a bug or the machine, not input."""

    def __init__(self, status: int | None) -> None:
        super().__init__(f"a recognition worker stopped unexpectedly (exit status {status})")


def force_align(
    decoder, pcm: bytes, offset: float, words: Sequence[str]
) -> list[tuple[float, float]] | None:  # noqa: ANN001,E501
    """Place ``words`` (dictionary tokens, in order) in the stretch; their (start, end) times,
    or None when pocketsphinx cannot fit them (the text is not what was said there)."""
    if not words or len(pcm) < SAMPLE_RATE // 10:
        return None
    try:
        decoder.set_align_text(" ".join(words))
        decoder.start_utt()
        decoder.process_raw(pcm, full_utt=True)
        decoder.end_utt()
        if decoder.hyp() is None:
            return None
        segments = [(seg.start_frame, seg.end_frame) for seg in decoder.seg() if _is_word(seg.word)]
    except (RuntimeError, ValueError):
        return None
    if len(segments) != len(words):
        return None
    return [(offset + a / FRAME_RATE, offset + (b + 1) / FRAME_RATE) for a, b in segments]
