"""Parse + index transcripts of 10k, 100k and 1M words: time and peak memory.

Each size runs in a fresh Python process (so peak RSS belongs to that size alone), several times;
the table shows medians and the cost per word relative to the smallest size, which must stay flat
(linear growth) or fall.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.generate import write_transcript

SIZES = (10_000, 100_000, 1_000_000)
RUNS = 5

_CHILD = r"""
import json, resource, sys, time, tracemalloc
from transcript_review.core.text.transcript import load_transcript
from transcript_review.core.text.items import find_items
path = sys.argv[1]
tracemalloc.start()
t0 = time.perf_counter()
transcript = load_transcript(path)
items = find_items(transcript)
words = transcript.word_count
seconds = time.perf_counter() - t0
_, peak = tracemalloc.get_traced_memory()
tracemalloc.stop()
print(json.dumps({"seconds": seconds, "peak": peak, "words": words,
                  "items": len(items), "rss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""
_UNTRACED = (
    _CHILD.replace("tracemalloc.start()", "")
    .replace("_, peak = tracemalloc.get_traced_memory()", "peak = 0")
    .replace("tracemalloc.stop()", "")
)


def _run(path: Path, code: str) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = write_transcript(Path(folder), size)
            timed = [_run(path, _UNTRACED) for _ in range(RUNS)]
            traced = _run(path, _CHILD)
            seconds = statistics.median(r["seconds"] for r in timed)
            rows.append(
                (
                    size,
                    path.stat().st_size,
                    timed[0]["words"],
                    timed[0]["items"],
                    seconds,
                    traced["peak"],
                    statistics.median(r["rss"] for r in timed),
                )
            )
    base_per_word = rows[0][4] / rows[0][2]
    print(
        "parse + index (load_transcript + find_items + word_count), "
        f"median of {RUNS} runs, a fresh process each"
    )
    print(
        f"{'words':>10} {'MB':>6} {'items':>6} {'seconds':>8} {'us/word':>8} {'x 10k/word':>10} "
        f"{'py peak MB':>10} {'RSS MB':>7}"
    )
    for _size, nbytes, words, items, seconds, peak, rss in rows:
        per_word = seconds / words
        print(
            f"{words:>10,} {nbytes / 1e6:>6.1f} {items:>6,} {seconds:>8.3f} {per_word * 1e6:>8.2f} "
            f"{per_word / base_per_word:>10.2f} {peak / 1e6:>10.1f} {rss / 1024:>7.0f}"
        )


if __name__ == "__main__":
    main()
