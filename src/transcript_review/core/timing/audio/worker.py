"""A recognition worker process: ``python -m transcript_review.core.timing.audio.worker``.

Why a plain subprocess rather than :mod:`multiprocessing`: the editor runs the alignment from a
thread while Textual has replaced ``sys.stderr``, and multiprocessing's spawn machinery (its
resource tracker passes stderr's descriptor on) fails there; it would also re-import the
caller's main module. A worker started with :mod:`subprocess` depends on neither.

Protocol, over its standard input and output: the decoder's paths as arguments; then per job
one JSON line ``{"index", "start", "bytes"}`` followed by that many bytes of 16 kHz mono
16-bit PCM, answered by one JSON line ``{"index", "words": [[text, start, end, p], …]}``.
End of input ends the worker.
"""

from __future__ import annotations

import json
import sys


def main(argv: list[str]) -> int:
    from .recognise import DecoderSetup, decode_words, make_decoder

    hmm, dictionary, lm = argv
    decoder = make_decoder(DecoderSetup(hmm, dictionary, lm or None))
    source, sink = sys.stdin.buffer, sys.stdout
    while True:
        line = source.readline()
        if not line:
            return 0
        job = json.loads(line)
        pcm = source.read(job["bytes"])
        words = decode_words(decoder, pcm, job["start"])
        sink.write(
            json.dumps(
                {
                    "index": job["index"],
                    "words": [[w.text, w.start, w.end, w.confidence] for w in words],
                }
            )
            + "\n"
        )
        sink.flush()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
