"""Pathological transcripts (issue 13): ``diff`` and marker indexing must stay near-linear.

- ``diff`` of 2k vs 20k words with the same three corrections (the whole command, in-process);
  the old whole-text word diff at 2k words for reference (it was quadratic: 36 s at 20k).
- parse + index of one paragraph holding 1k vs 10k markers (it was quadratic: 69 s at 10k).
- ``status``, ``items``, ``check`` and ``export`` of transcripts with 1e5 and 1e6 markers, each
  in a fresh process, against the same transcripts without markers (and an older tree with
  ``BENCH_BEFORE_SRC``).

Medians of several runs; ratios against the smaller size measured in the same run.
"""

from __future__ import annotations

import contextlib
import io
import os
import resource
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


def _many_markers(folder: Path, markers: int, *, plain: bool = False) -> Path:
    """A transcript of ``markers`` markers, 100 to a paragraph; with ``plain``, the same
    transcript with every marker turned into a word of the same length (the baseline)."""
    path = folder / f"{'plain' if plain else 'markers'}-{markers}.txt"
    per = 100
    doubt, gap = ("phon", "unheardable") if plain else ("(ph)", "(inaudible)")
    paragraphs = []
    for p in range(markers // per):
        paragraphs.append(
            " ".join(
                f"Name{i} {doubt} said" if i % 3 == 0 else f"word{p}x{i} {gap}." for i in range(per)
            )
        )
    path.write_text("Title line\n\n" + "\n\n".join(paragraphs) + "\n")
    return path


def _command_seconds(command: str, path: Path, src: str | None = None) -> float:
    """Seconds of one ``transcript-review COMMAND PATH`` in a fresh process (with ``src``, the
    package imported from that tree instead of this one)."""
    env = dict(os.environ, PYTHONPATH=src) if src else None
    t0 = _children_cpu()
    subprocess.run(
        [sys.executable, "-m", "transcript_review.cli", command, str(path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env=env,
    )
    return _children_cpu() - t0


def _children_cpu() -> float:
    """CPU seconds (user + system) of the finished child processes so far. The process's CPU
    time, not the wall clock: on a shared machine the wall clock of the same run swung 3x
    with other people's load, its CPU time much less."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def bench_million(folder: Path, sizes: tuple[int, ...] = (100_000, 1_000_000)) -> None:
    """Each command in a fresh process on a transcript full of markers and on the same
    transcript with the markers turned into plain words (the baseline, measured in the same
    run): medians of 3 runs at 1e5, 1 run at 1e6 (a run takes seconds to a minute).

    With ``BENCH_BEFORE_SRC=/tmp/old/src`` (an older tree, e.g. ``git archive main``), that
    tree is timed too, each of its runs next to this one's, so both see the same machine load.
    ``BENCH_MILLION_RUNS=3`` takes the median of 3 runs at 1e6 too (minutes more).
    """
    before_src = os.environ.get("BENCH_BEFORE_SRC")
    print("\ncommands on transcripts full of markers vs the same size without markers")
    million_runs = int(os.environ.get("BENCH_MILLION_RUNS", "1"))
    print(
        f"(a fresh process each; median of 3 runs at 1e5, {million_runs} at 1e6; "
        "CPU seconds, user+sys)"
    )
    head = f"{'markers':>8} {'MB':>5} {'command':>8} {'plain s':>8}"
    if before_src:
        head += f" {'before s':>9} {'x plain':>8}"
    print(head + f" {'marked s':>9} {'x plain':>8}")
    marked_by_size = []
    for markers in sizes:
        runs = 3 if markers <= 100_000 else million_runs
        path = _many_markers(folder, markers)
        plain = _many_markers(folder, markers, plain=True)
        mb = path.stat().st_size / 1e6
        row = []
        for command in COMMANDS:
            base, old, new = [], [], []
            for _ in range(runs):  # interleaved: a burst of load hits all three alike
                base.append(_command_seconds(command, plain))
                if before_src:
                    old.append(_command_seconds(command, path, before_src))
                new.append(_command_seconds(command, path))
            b, n = statistics.median(base), statistics.median(new)
            row.append(n)
            line = f"{markers:>8} {mb:>5.1f} {command:>8} {b:>8.2f}"
            if before_src:
                o = statistics.median(old)
                line += f" {o:>9.2f} {o / b:>8.1f}"
            print(line + f" {n:>9.2f} {n / b:>8.1f}", flush=True)
        marked_by_size.append(row)
    if len(marked_by_size) == 2:
        ratios = " ".join(
            f"{c}={b / a:.1f}"
            for c, a, b in zip(COMMANDS, marked_by_size[0], marked_by_size[1], strict=True)
        )
        print(f"10x markers -> x time: {ratios}")


COMMANDS = ("status", "items", "check", "export")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        bench_diff(Path(folder))
        bench_markers()
        if "--quick" not in sys.argv:
            bench_million(Path(folder))


if __name__ == "__main__":
    main()
