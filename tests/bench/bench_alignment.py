"""Accuracy and speed of transcript-to-timing alignment on real data (issue 4).

Run: ``python tests/bench/bench_alignment.py`` from the repository root. Reads
``../shared/corpus`` (next to the repository); prints a message and exits 0 when it is absent.
Not a pytest module on purpose: its figures go in the issue's closing note, not in CI.

* talkpython-350: the podcast transcript's ``HH:MM:SS`` prefixes are removed, the plain text is
  aligned to the YouTube VTT (another recognizer, another edit: intro cut, offset only locally
  constant), and each line's time (its first word's) is compared with its prefix after removing
  the median offset of its ~40 neighbours.
* gleicher: human transcript vs AWS words; share of word starts within 0.25 s of the BBC
  aligner's result.
* speed: 1-hour and 10-hour inputs (the talkpython pair repeated) against
  ``difflib.SequenceMatcher`` on the same word lists, each run in a child process with a timeout.
"""

from __future__ import annotations

import difflib
import json
import multiprocessing as mp
import re
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "src"))

from transcript_review.core.timing import (  # noqa: E402
    TimedWord,
    align,
    estimate_between,
    read_timing,
)

TALK = CORPUS / "pairs" / "talkpython-350"
GLEICHER = CORPUS / "pairs" / "gleicher"
_PREFIX = re.compile(r"^(\d\d):(\d\d):(\d\d) (.*)$")
DIFFLIB_TIMEOUT = 120.0
INTRO_SECONDS = 94.0  # the YouTube recording starts ~94.5 s into the show


def _talk_lines() -> list[tuple[float, list[str]]]:
    lines: list[tuple[float, list[str]]] = []
    for raw in (TALK / "350-steering-council.txt").read_text(encoding="utf-8").splitlines():
        m = _PREFIX.match(raw.strip())
        if m and m.group(4).split():
            t = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + int(m.group(3))
            lines.append((float(t), m.group(4).split()))
    return lines


def _precise_starts(lines: list[tuple[float, list[str]]]) -> list[float]:
    """Each line's start to the millisecond, from the podcast's own captions.

    The ``HH:MM:SS`` prefixes are these cue starts cut to whole seconds (a cue may hold only
    the first part of a long line), so they measure the same thing without the rounding.
    """
    cues = read_timing(TALK / "350-steering-council.vtt").cues
    out: list[float] = []
    c = 0
    for t, ws in lines:
        text = " ".join(ws)
        while not (int(cues[c].start) == int(t) and text.startswith(cues[c].text[:20])):
            c += 1
        out.append(cues[c].start)
        c += 1
    return out


def _naive_mapping(words: Sequence[str], timed: Sequence[TimedWord]) -> list[int | None]:
    """The baseline: difflib on lower-cased, punctuation-stripped words, one to one."""

    def key(w: str) -> str:
        return re.sub(r"[^\w']", "", w.lower())

    sm = difflib.SequenceMatcher(
        None, [key(w) for w in words], [key(w.text) for w in timed], autojunk=False
    )
    mapping: list[int | None] = [None] * len(words)
    for block in sm.get_matching_blocks():
        for t in range(block.size):
            mapping[block.a + t] = block.b + t
    return mapping


def _line_errors(
    lines: list[tuple[float, list[str]]],
    starts: list[float],
    timed_line: list[bool],
    reference: list[float] | None = None,
    half: int = 20,
) -> dict[str, float]:
    """Median / p90 error against the local median offset (``2 * half`` neighbours) and shares.

    ``reference`` replaces the lines' whole-second prefixes (see :func:`_precise_starts`).
    """
    ref = reference or [t for t, _ in lines]
    offsets = [(k, starts[k] - ref[k]) for k in range(len(lines)) if timed_line[k]]
    errors: list[float] = []
    for n, (_, off) in enumerate(offsets):
        near = [o for _, o in offsets[max(0, n - half) : n + half + 1]]
        errors.append(abs(off - statistics.median(near)))
    errors.sort()
    count = len(errors)
    return {
        "timed": sum(timed_line) / len(lines),
        "median": statistics.median(errors) if errors else float("nan"),
        "p90": errors[min(count - 1, int(0.9 * count))] if errors else float("nan"),
        "within2": sum(1 for e in errors if e <= 2.0) / count if count else 0.0,
    }


def bench_talkpython() -> list[tuple[str, str, str]]:
    lines = _talk_lines()
    track = read_timing(TALK / "youtube_350-steering-council.vtt")
    words: list[str] = []
    first: list[int] = []
    known: dict[int, float] = {}
    for t, ws in lines:
        first.append(len(words))
        known[len(words)] = t
        words.extend(ws)
    rows: list[tuple[str, str, str]] = []

    # Ours.
    result = align(words, track.words, known)
    starts = [result.words[k].time for k in first]
    timed = [result.words[k].source == "aligned" for k in first]
    ours = _line_errors(lines, starts, timed)
    intro = [k for k, (t, _) in enumerate(lines) if t < INTRO_SECONDS - 5]
    intro_wrong = sum(1 for k in intro if timed[k])
    # Lines the recording has (some word aligned), timed by their first word, estimated or not.
    ends = [*first[1:], len(words)]
    heard = [
        any(result.mapping[x] is not None for x in range(a, b))
        for a, b in zip(first, ends, strict=True)
    ]
    ours_heard = _line_errors(lines, starts, heard)

    # Baseline: naive difflib + proportional interpolation inside cues (track words).
    mapping = _naive_mapping(words, track.words)
    known_b = [
        (track.words[m].start, track.words[m].end) if m is not None else None for m in mapping
    ]
    filled = estimate_between(known_b)
    starts_b = [filled[k][0] if filled[k] else 0.0 for k in first]  # type: ignore[index]
    timed_b = [mapping[k] is not None for k in first]
    base = _line_errors(lines, starts_b, timed_b)
    intro_wrong_b = sum(1 for k in intro if timed_b[k])
    heard_b = [
        any(mapping[x] is not None for x in range(a, b)) for a, b in zip(first, ends, strict=True)
    ]
    base_heard = _line_errors(lines, starts_b, heard_b)

    for name, key, fmt in (
        ("lines timed (first word aligned)", "timed", "{:.1%}"),
        ("median error vs local offset (s)", "median", "{:.2f}"),
        ("p90 error vs local offset (s)", "p90", "{:.2f}"),
        ("timed lines within 2 s", "within2", "{:.1%}"),
    ):
        rows.append((f"talkpython: {name}", fmt.format(ours[key]), fmt.format(base[key])))
    # Where the error comes from: the same measure with the prefixes' rounding removed, then
    # also with the offset taken from 6 neighbours instead of 40 (the podcast was edited:
    # silences trimmed, an ad inserted, so the offset drifts within 40 lines).
    precise = _precise_starts(lines)
    for label, half in (("40", 20), ("6", 3)):
        o = _line_errors(lines, starts, timed, precise, half)
        b = _line_errors(lines, starts_b, timed_b, precise, half)
        for key in ("median", "p90"):
            rows.append(
                (
                    f"talkpython: {key} error, ms reference, offset of {label} neighbours (s)",
                    f"{o[key]:.2f}",
                    f"{b[key]:.2f}",
                )
            )
    both = [k for k in range(len(lines)) if timed[k] and timed_b[k]]
    same = sum(1 for k in both if abs(starts[k] - starts_b[k]) <= 0.1)
    rows.append(
        ("talkpython: lines both time, at the same time (within 0.1 s)", f"{same}/{len(both)}", "-")
    )
    for name, key, fmt in (
        ("lines with any word aligned", "timed", "{:.1%}"),
        ("  their first word (aligned or estimated): p90 error (s)", "p90", "{:.2f}"),
        ("  their first word within 2 s", "within2", "{:.1%}"),
    ):
        rows.append(
            (f"talkpython: {name}", fmt.format(ours_heard[key]), fmt.format(base_heard[key]))
        )
    rows.append(
        (
            f"talkpython: intro lines (<{INTRO_SECONDS - 5:.0f} s) aligned, should be 0",
            f"{intro_wrong}/{len(intro)}",
            f"{intro_wrong_b}/{len(intro)}",
        )
    )
    rows.append(
        (
            "talkpython: word coverage",
            f"{result.coverage:.1%}",
            f"{sum(m is not None for m in mapping) / len(words):.1%}",
        )
    )
    first_sample = result.offset_samples[0]
    rows.append(
        (
            "talkpython: offset at first aligned line / local (40) / whole-show median (s)",
            f"{first_sample[1]:+.1f} / {result.offset_near(first_sample[0]):+.1f} / "
            f"{result.offset:+.1f}",
            "-",
        )
    )
    return rows


def bench_gleicher() -> list[tuple[str, str, str]]:
    human = (GLEICHER / "gleicher_human_transcript.txt").read_text(encoding="utf-8").split()
    track = read_timing(GLEICHER / "gleicher_asr_words_dpe.json")
    expected = json.loads((GLEICHER / "gleicher_expected_alignment.json").read_text())["words"]
    result = align(human, track.words)
    close = sum(
        1 for w, e in zip(result.words, expected, strict=True) if abs(w.time - e["start"]) <= 0.25
    )
    mapping = _naive_mapping(human, track.words)
    known = [(track.words[m].start, track.words[m].end) if m is not None else None for m in mapping]
    filled = estimate_between(known)
    close_b = sum(
        1
        for f, e in zip(filled, expected, strict=True)
        if f is not None and abs(f[0] - e["start"]) <= 0.25
    )
    return [
        (
            "gleicher: word starts within 0.25 s of BBC aligner",
            f"{close / len(expected):.1%}",
            f"{close_b / len(expected):.1%}",
        ),
        ("gleicher: words aligned (coverage)", f"{result.coverage:.1%}", "-"),
    ]


# --- speed -------------------------------------------------------------------------------


def _run_ours(words: list[str], timed: list[TimedWord]) -> int:
    return sum(m is not None for m in align(words, timed).mapping)


def _run_difflib(words: list[str], timed: list[TimedWord]) -> int:
    """The accuracy baseline's matcher, on the same word lists."""
    return sum(m is not None for m in _naive_mapping(words, timed))


def _child(fn_name: str, words: list[str], timed: list[TimedWord], conn: Any) -> None:
    fn: Callable[[list[str], list[TimedWord]], int] = globals()[fn_name]
    tracemalloc.start()
    t0 = time.perf_counter()
    fn(words, timed)
    elapsed = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    conn.send((elapsed, peak))


def _measure(fn_name: str, words: list[str], timed: list[TimedWord], timeout: float) -> Any:
    """(seconds, peak bytes) in a fresh process, or None on timeout.

    Seconds are measured under tracemalloc, which slows Python code ~2x for both contenders
    alike; a separate run without it gives the plain wall time.
    """
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe()
    proc = ctx.Process(target=_child, args=(fn_name, words, timed, child))
    proc.start()
    if parent.poll(timeout):
        out = parent.recv()
        proc.join()
        return out
    proc.kill()
    proc.join()
    return None


def _plain_time(fn: Callable[[list[str], list[TimedWord]], int], *args: Any) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t0


def bench_speed() -> list[tuple[str, str, str]]:
    lines = _talk_lines()
    words = [w for _, ws in lines for w in ws]
    track = read_timing(TALK / "youtube_350-steering-council.vtt")
    timed = list(track.words)
    duration = timed[-1].end
    rows: list[tuple[str, str, str]] = []
    for reps, label in ((1, "1 h"), (10, "10 h")):
        w = words * reps
        tw = [
            TimedWord(x.text, x.start + r * duration, x.end + r * duration, x.confidence, True)
            for r in range(reps)
            for x in timed
        ]
        runs = 3 if reps == 1 else 1
        ours_t = statistics.median(_plain_time(_run_ours, w, tw) for _ in range(runs))
        ours_mem = _measure("_run_ours", w, tw, 600)
        if reps == 1:
            diff_t: float | None = statistics.median(
                _plain_time(_run_difflib, w, tw) for _ in range(runs)
            )
            diff_mem = _measure("_run_difflib", w, tw, DIFFLIB_TIMEOUT)
        else:
            diff_mem = _measure("_run_difflib", w, tw, DIFFLIB_TIMEOUT)
            diff_t = None if diff_mem is None else diff_mem[0]
        diff_s = f">{DIFFLIB_TIMEOUT:.0f} s (killed)" if diff_t is None else f"{diff_t:.2f} s"
        ratio = "" if diff_t is None else f" ({diff_t / ours_t:.2g}x ours)"
        rows.append(
            (
                f"speed {label} ({len(w)} x {len(tw)} words): seconds",
                f"{ours_t:.2f} s",
                diff_s + ratio + (" traced" if reps == 10 else ""),
            )
        )
        ours_peak = f"{ours_mem[1] / 2**20:.0f} MiB" if ours_mem else "?"
        diff_peak = f"{diff_mem[1] / 2**20:.0f} MiB" if diff_mem else "?"
        rows.append((f"speed {label}: peak traced memory", ours_peak, diff_peak))
    return rows


def _table(rows: list[tuple[str, str, str]]) -> str:
    head = ("measure", "this aligner", "baseline (difflib)")
    widths = [max(len(r[c]) for r in [head, *rows]) for c in range(3)]
    out = [
        "  ".join(h.ljust(widths[c]) for c, h in enumerate(head)),
        "  ".join("-" * w for w in widths),
    ]
    out.extend("  ".join(r[c].ljust(widths[c]) for c in range(3)) for r in rows)
    return "\n".join(out)


def main() -> int:
    if not CORPUS.is_dir():
        print(f"skipped: corpus not found at {CORPUS} (needs ../shared/corpus next to the repo)")
        return 0
    rows: list[tuple[str, str, str]] = []
    rows += bench_talkpython()
    rows += bench_gleicher()
    if "--no-speed" not in sys.argv:
        rows += bench_speed()
    print(_table(rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
