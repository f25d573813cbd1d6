"""Hearing the recording: pocketsphinx decoders in worker processes, one per core.

Two jobs, both on stretches of the recording:

- :func:`hear_chunks` recognises each chunk with the transcript's language model (or any model)
  and returns the words heard, with times and posterior probabilities;
- :func:`force_align` places a known word sequence in a stretch (``Decoder.set_align_text``),
  for transcript words between heard anchors that the recogniser missed. Forced alignment of a
  whole file fails on any mismatch ("Final result does not match the grammar"), so it is only
  ever given short stretches whose ends are known.

Worker processes are started with ``spawn`` (safe from a thread of the editor) and each loads
the decoder once; chunks go to whichever worker is free, results come back as they finish.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
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


def make_decoder(setup: DecoderSetup):  # noqa: ANN201 - pocketsphinx has no type stubs
    from pocketsphinx import Decoder  # noqa: PLC0415

    kwargs = {"hmm": setup.hmm, "dict": setup.dict, "loglevel": "FATAL"}
    kwargs["lm"] = setup.lm
    return Decoder(**kwargs)


_DECODER = None
_ALIGNER = None


def _init_worker(setup: DecoderSetup) -> None:
    global _DECODER
    # ^C in the terminal reaches the whole process group: the parent stops the pool; a worker
    # must not print a traceback of its own.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _DECODER = make_decoder(setup)


def _hear(index: int, offset: float, pcm: bytes) -> tuple[int, list[HeardWord]]:
    assert _DECODER is not None
    return index, decode_words(_DECODER, pcm, offset)


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
    pcm: bytes


def hear_chunks(
    setup: DecoderSetup,
    stretches: Sequence[Stretch],
    *,
    workers: int | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[int, list[HeardWord]]]:
    """Recognise ``stretches`` in parallel; yields ``(index, words)`` as each finishes (in any
    order). Stops early, cancelling what is queued, when ``cancelled()`` turns true."""
    if not stretches:
        return
    workers = max(1, min(workers or os.cpu_count() or 1, len(stretches)))
    if workers == 1:
        decoder = make_decoder(setup)
        for s in stretches:
            if cancelled():
                return
            yield s.index, decode_words(decoder, s.pcm, s.start)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(setup,)
    ) as pool:
        pending: set[Future] = set()
        queue = list(reversed(stretches))
        try:
            while queue or pending:
                while queue and len(pending) < 2 * workers:
                    s = queue.pop()
                    pending.add(pool.submit(_hear, s.index, s.start, s.pcm))
                done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
                for future in done:
                    yield future.result()
                if cancelled():
                    break
        finally:
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)


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
