"""Pathological transcripts (issue 13): ``diff`` and marker indexing must stay near-linear.

- ``diff`` of 2k vs 20k words with the same three corrections (the whole command, in-process);
  the old whole-text word diff at 2k words for reference (it was quadratic: 36 s at 20k).
- parse + index of one paragraph holding 1k vs 10k markers (it was quadratic: 69 s at 10k).
- ``status``, ``items``, ``check`` and ``export`` of transcripts with 1e5 and 1e6 markers, each
  in a fresh process, once (they take seconds to a minute).

Medians of several runs; ratios against the smaller size measured in the same run.
"""

from __future__ import annotations

import contextlib
import io
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.generate import generate_transcript

RUNS = 5


def _median(run: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _cli(*args: object) -> None:
    from transcript_review.cli import main

    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        code = main([str(a) for a in args])
    assert code in (0, 1), (args, code)


def _corrected(folder: Path, words: int) -> Path:
    path = folder / f"diff-{words}.txt"
    path.write_text(generate_transcript(words) + "\nThe zebra closed the meeting.\n")
    for quote, new in (("Generated benchmark", "A generated"), ("zebra", "chair")):
        _cli("replace", path, "--quote", quote, "--with", new, "--user", "ana")
    return path


def bench_diff(folder: Path) -> None:
    from transcript_review.cli.history_commands import word_diff
    from transcript_review.core.config import Config
    from transcript_review.core.corrections import corrected_text
    from transcript_review.core.editing.session import EditingSession

    print("diff FILE --include-proposed (2 corrections), whole command in-process")
    print(f"{'words':>8} {'median s':>9} {'x 2k':>6}")
    base = None
    for words in (2_000, 20_000, 200_000):
        path = _corrected(folder, words)
        seconds = _median(lambda p=path: _cli("diff", p, "--include-proposed"))
        base = base or seconds
        print(f"{words:>8} {seconds:>9.3f} {seconds / base:>6.1f}")
    path = folder / "diff-2000.txt"
    session = EditingSession.open(path, Config())
    old = session.transcript.text
    new = corrected_text(session.state, include_proposed=True)
    seconds = _median(lambda: word_diff(old, new), 3)
    print(f"(before: a word diff of the whole text took {seconds:.3f} s at 2,000 words)")


def _one_paragraph(markers: int) -> str:
    return "Title\n\n" + " ".join("We heard (inaudible)." for _ in range(markers)) + "\n"


def bench_markers() -> None:
    from transcript_review.core.text.decoding import decode_bytes
    from transcript_review.core.text.items import find_items
    from transcript_review.core.text.transcript import parse_transcript

    print("\nparse + find_items, all markers in one paragraph")
    print(f"{'markers':>8} {'median s':>9} {'x 1k':>6}")
    base = None
    for markers in (1_000, 10_000, 100_000):
        data = _one_paragraph(markers).encode()

        def run(data: bytes = data) -> None:
            find_items(parse_transcript(decode_bytes(data, "t.txt"), Path("t.txt")))

        seconds = _median(run)
        base = base or seconds
        print(f"{markers:>8} {seconds:>9.3f} {seconds / base:>6.1f}")


def _many_markers(folder: Path, markers: int) -> Path:
    path = folder / f"markers-{markers}.txt"
    per = 100
    paragraphs = []
    for p in range(markers // per):
        paragraphs.append(
            " ".join(
                f"Name{i} (ph) said" if i % 3 == 0 else f"word{p}x{i} (inaudible)."
                for i in range(per)
            )
        )
    path.write_text("Title line\n\n" + "\n\n".join(paragraphs) + "\n")
    return path


def bench_million(folder: Path) -> None:
    print("\ncommands on transcripts full of markers (a fresh process each, one run)")
    print(f"{'markers':>8} {'MB':>5} " + " ".join(f"{c:>8}" for c in COMMANDS) + "  (seconds)")
    rows = []
    for markers in (100_000, 1_000_000):
        path = _many_markers(folder, markers)
        times = []
        for command in COMMANDS:
            t0 = time.perf_counter()
            subprocess.run(
                [sys.executable, "-m", "transcript_review.cli", command, str(path)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                check=False,
            )
            times.append(time.perf_counter() - t0)
        rows.append(times)
        mb = path.stat().st_size / 1e6
        print(f"{markers:>8} {mb:>5.1f} " + " ".join(f"{t:>8.1f}" for t in times))
    ratios = " ".join(f"{b / a:>8.1f}" for a, b in zip(rows[0], rows[1], strict=True))
    print(f"{'x 1e5':>14} {ratios}")


COMMANDS = ("status", "items", "check", "export")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bench_diff(Path(folder))
        bench_markers()
        if "--quick" not in sys.argv:
            bench_million(Path(folder))


if __name__ == "__main__":
    main()
