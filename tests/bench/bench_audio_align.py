"""Accuracy and speed of aligning a transcript to its recording (issue 12).

Run: ``python tests/bench/run.py audio`` (options through ``AUDIO_BENCH_ARGS``) or directly
``python tests/bench/bench_audio_align.py [--cases clean-5min,hard,session-60min,real]
[--repeat N] [--repeat-long N] [--keep DIR] [--fake]``. The command measured is this checkout's
``transcript-review`` console script (the venv's); ``AUDIO_BENCH_COMMAND`` names another, e.g. a
build of another branch.
Not a pytest module on purpose: its figures go in the issue's closing note, not in CI.

Cases: the synthetic ones of :mod:`tests.bench.audio_synth` (true word times from libespeak-ng)
and the two real recordings in ``../shared/corpus/audio`` (hand-set reference points; skipped
with a printed reason when that folder is absent). Each run copies the transcript and the audio
into a fresh temporary folder (so no earlier alignment is reused) and runs
``transcript-review align CASE.txt --media AUDIO --json`` as a child process, measuring wall time,
the CPU seconds of the child and its descendants, and peak memory two ways: the largest single
process (``ru_maxrss``) and the whole process tree summed (sampled from /proc every 0.1 s). Then
it runs the same command again in the same folder ("rerun": nothing changed, should be instant).

Times of words the alignment did not place are filled the way the tool fills them
(``estimate_between``: by word count between placed neighbours). The *baseline* row is the tool
with no timing at all: word k of the transcript at 0.4 k s (150 words a minute).

``--fake`` scores an alignment made from the truth plus noise instead of running the command: it
shows the table (and tests the scorer) before ``align`` exists.
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import random
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
CORPUS_AUDIO = REPO.parent / "shared" / "corpus" / "audio"
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO))

from tests.bench import audio_synth  # noqa: E402
from transcript_review.core.text.transcript import WORD, parse_text  # noqa: E402
from transcript_review.core.timing import estimate_between  # noqa: E402

BASELINE_SECONDS_PER_WORD = 0.4
LONG_CASE_SECONDS = 600  # cases longer than this run --repeat-long times


# --------------------------------------------------------------------------- cases


@dataclass
class RefPoint:
    """A time the alignment should give the transcript word starting at ``offset``."""

    offset: int
    time: float
    label: str


@dataclass
class Case:
    name: str
    transcript: Path
    audio: Path
    duration: float
    points: list[RefPoint]  # paragraph starts (synthetic, sonnet) or word onsets (JFK)
    point_kind: str
    truth: dict | None = None  # synthetic cases only
    notes: list[str] = field(default_factory=list)


def synthetic_case(name: str) -> Case:
    files = audio_synth.build_case(name)
    truth = files.truth()
    points = [
        RefPoint(p["start"], p["time"], f"paragraph {i + 1}")
        for i, p in enumerate(truth["paragraphs"])
    ]
    case = Case(name, files.transcript, files.audio, truth["duration"], points, "para", truth)
    starts = set(tool_words(case)[0])
    strays = [w["text"] for w in truth["words"] if w["start"] not in starts]
    if strays:  # the tool's parser changed (a label or heading read differently)
        case.notes.append(f"{len(strays)} truth words are not words the tool times: {strays[:5]}")
    return case


def _block_offsets(text: str) -> list[int]:
    """Char offset of the first word of each blank-line-separated block of ``text``."""
    out, pos = [], 0
    for block in text.split("\n\n"):
        m = WORD.search(block)
        if m:
            out.append(pos + m.start())
        pos += len(block) + 2
    return out


def _media_duration(path: Path) -> float:
    out = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return float(out.stdout.strip())


def real_cases() -> tuple[list[Case], str | None]:
    """The recordings with hand-set references, or why there are none."""
    if not CORPUS_AUDIO.is_dir():
        return [], f"{CORPUS_AUDIO} is absent: real recordings skipped"
    cases = []
    for ref_path in sorted(CORPUS_AUDIO.glob("*/*.reference.json")):
        ref = json.loads(ref_path.read_text(encoding="utf-8"))
        folder = ref_path.parent
        transcript, audio = folder / ref["transcript"], folder / ref["audio"]
        text = transcript.read_text(encoding="utf-8").replace("\r\n", "\n")
        points: list[RefPoint] = []
        if "paragraph_starts" in ref:
            blocks = _block_offsets(text)
            points = [
                RefPoint(blocks[p["paragraph"] - 1], p["start"], p["first_words"])
                for p in ref["paragraph_starts"]
            ]
            kind = "para"
        else:
            words = [m.start() for m in WORD.finditer(text)]
            points = [
                RefPoint(words[w["word_index"]], w["start"], w["word"]) for w in ref["word_starts"]
            ]
            kind = "word"
        cases.append(Case(folder.name, transcript, audio, _media_duration(audio), points, kind))
    return cases, None


# --------------------------------------------------------------------------- running


@dataclass
class Run:
    alignment: dict | None
    wall: float
    cpu: float
    peak_process_mb: float
    peak_tree_mb: float
    rerun_wall: float | None = None
    error: str | None = None
    summary: Any = None


# Runs the command, then reports its children's rusage: ru_maxrss of RUSAGE_CHILDREN only grows
# over a process's life, so each run needs a fresh parent to get its own peak.
_WRAPPER = """
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[2:], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
u = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(sys.argv[1], "w") as f:
    json.dump({"rc": p.returncode, "cpu": u.ru_utime + u.ru_stime, "maxrss_kb": u.ru_maxrss,
               "stdout": p.stdout.decode("utf-8", "replace"),
               "stderr": p.stderr.decode("utf-8", "replace")}, f)
"""


def _tree_rss_kb(root: int) -> int:
    """Summed VmRSS of ``root`` and its descendants (Linux /proc; 0 elsewhere)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/status", encoding="ascii", errors="replace") as f:
                status = f.read()
        except OSError:
            continue
        pid = int(entry.name)
        for line in status.splitlines():
            if line.startswith("PPid:"):
                parents[pid] = int(line.split()[1])
            elif line.startswith("VmRSS:"):
                rss[pid] = int(line.split()[1])
    total, stack = 0, [root]
    children: dict[int, list[int]] = {}
    for pid, ppid in parents.items():
        children.setdefault(ppid, []).append(pid)
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def _align_command() -> list[str] | None:
    """The console script of this checkout's venv (``AUDIO_BENCH_COMMAND`` overrides it)."""
    if os.environ.get("AUDIO_BENCH_COMMAND"):
        return shlex.split(os.environ["AUDIO_BENCH_COMMAND"])
    exe = shutil.which(
        "transcript-review",
        path=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
    )
    return [exe] if exe else None


def align_available() -> str | None:
    """None when ``transcript-review align`` exists, else why not."""
    cmd = _align_command()
    if cmd is None:
        return "the transcript-review console script is not on PATH (activate the venv)"
    p = subprocess.run([*cmd, "align", "--help"], capture_output=True, text=True)
    if p.returncode != 0:
        return "`transcript-review align` does not exist on this branch yet"
    return None


def _run_once(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[dict, float, float]:
    report = cwd / ".rusage.json"
    peak = [0]
    proc = subprocess.Popen([sys.executable, "-c", _WRAPPER, str(report), *cmd], cwd=cwd, env=env)
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.1):
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    t0 = time.perf_counter()
    sampler.start()
    proc.wait()
    wall = time.perf_counter() - t0
    stop.set()
    sampler.join()
    data = json.loads(report.read_text(encoding="utf-8"))
    report.unlink()
    return data, wall, peak[0] / 1024


def run_align(
    case: Case, rerun: bool = True, command: list[str] | None = None, keep: Path | None = None
) -> Run:
    """Align a fresh copy of the case; time it; read the alignment file it wrote."""
    cmd = command or _align_command()
    assert cmd is not None, "no transcript-review command"
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as tmp:
        folder = Path(tmp)
        txt = folder / case.transcript.name
        audio = folder / case.audio.name
        shutil.copyfile(case.transcript, txt)
        shutil.copyfile(case.audio, audio)
        env = dict(os.environ, XDG_CACHE_HOME=str(folder / "cache"))  # no cache from elsewhere
        full = [*cmd, "align", txt.name, "--media", audio.name, "--json"]
        data, wall, tree_mb = _run_once(full, folder, env)
        if data["rc"] != 0:
            err = data["stderr"].strip().splitlines()
            return Run(
                None,
                wall,
                data["cpu"],
                data["maxrss_kb"] / 1024,
                tree_mb,
                error=f"exit {data['rc']}: {err[-1] if err else ''}",
            )
        out = folder / f"{txt.name}.alignment.json"
        if not out.exists():
            return Run(
                None,
                wall,
                data["cpu"],
                data["maxrss_kb"] / 1024,
                tree_mb,
                error=f"{out.name} was not written",
            )
        alignment = json.loads(out.read_text(encoding="utf-8"))
        if keep is not None:  # for a look at what the tool made of the case
            keep.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(out, keep / f"{case.name}.alignment.json")
        try:
            summary = json.loads(data["stdout"])
        except ValueError:
            summary = None
        rerun_wall = _run_once(full, folder, env)[1] if rerun else None
    return Run(
        alignment, wall, data["cpu"], data["maxrss_kb"] / 1024, tree_mb, rerun_wall, summary=summary
    )


def fake_alignment(case: Case, rng: random.Random) -> dict:
    """An alignment file as ``align`` would write it, made from the truth plus noise.

    90% of words placed with ~40 ms jitter (2% of them off by about a second, as a wrong anchor
    would be), gap windows from the truth words around each gap widened by 0-0.3 s, the
    untranscribed stretches found with 0.1 s jitter, missing text reported unaligned.
    """
    text = case.transcript.read_text(encoding="utf-8")
    words: list[dict] = []
    if case.truth is None:  # real recordings: only the reference points are known
        for p in case.points:
            m = WORD.match(text, p.offset)
            end = m.end() if m else p.offset + 1
            t = max(0.0, p.time + rng.gauss(0, 0.04))
            words.append(
                {
                    "start": p.offset,
                    "end": end,
                    "text": text[p.offset : end],
                    "time": round(t, 3),
                    "time_end": round(t + 0.3, 3),
                    "confidence": 0.9,
                    "how": "recognised",
                }
            )
        return _fake_file(case, words, [], [], [])
    truth = case.truth
    for w in truth["words"]:
        if rng.random() < 0.1:
            continue
        jitter = rng.gauss(0, 0.04) + (rng.choice([-1, 1]) * 1.0 if rng.random() < 0.02 else 0)
        t = max(0.0, w["time"] + jitter)
        words.append(
            {
                **{k: w[k] for k in ("start", "end", "text")},
                "time": round(t, 3),
                "time_end": round(max(t, w["time_end"] + jitter), 3),
                "confidence": round(rng.uniform(0.5, 1), 2),
                "how": rng.choice(["recognised", "forced"]),
            }
        )
    starts = [w["start"] for w in truth["words"]]
    gaps = []
    for k, g in enumerate(truth["gaps"]):
        i = bisect.bisect_left(starts, g["start"])
        before = truth["words"][i - 1]["time_end"] if i > 0 else 0.0
        after = truth["words"][i]["time"] if i < len(starts) else truth["duration"]
        gaps.append(
            {
                "id": f"g-{k}",
                "start": g["start"],
                "end": g["end"],
                "window": {
                    "start": round(before - rng.uniform(0, 0.15), 3),
                    "end": round(after + rng.uniform(0, 0.15), 3),
                },
                "heard": {"text": g["spoken"], "confidence": 0.4},
            }
        )
    untranscribed = [
        {
            "start": round(u["time"] + rng.gauss(0, 0.1), 3),
            "end": round(u["time_end"] + rng.gauss(0, 0.1), 3),
            "heard": u["text"],
        }
        for u in truth["untranscribed"]
    ]
    unaligned = [
        {
            "start": m["start"],
            "end": m["end"],
            "words": len(WORD.findall(text[m["start"] : m["end"]])),
        }
        for m in truth["missing"]
    ]
    return _fake_file(case, words, gaps, untranscribed, unaligned)


def _fake_file(case: Case, words: list, gaps: list, untranscribed: list, unaligned: list) -> dict:
    return {
        "format": "transcript-review/alignment",
        "version": 1,
        "transcript": {"name": case.transcript.name, "sha256": None, "words": None},
        "media": {
            "name": case.audio.name,
            "size": case.audio.stat().st_size,
            "head_sha256": None,
            "duration": case.duration,
        },
        "tool": {"name": "fake (truth + noise)"},
        "words": words,
        "gaps": gaps,
        "untranscribed": untranscribed,
        "unaligned": unaligned,
        "coverage": None,
    }


# --------------------------------------------------------------------------- scoring


@dataclass
class Score:
    points: int = 0
    within_25: float | None = None
    within_50: float | None = None
    median: float | None = None
    p90: float | None = None
    word_median: float | None = None
    placed: float | None = None  # share of (truth / all) transcript words the audio placed
    placed_off: int | None = None  # placed truth words more than 0.5 s from their true time
    gaps: str = "-"
    untranscribed: str = "-"
    missing: str = "-"
    notes: list[str] = field(default_factory=list)


def tool_words(case: Case) -> tuple[list[int], list[int]]:
    """Start and end offsets of the words the tool times (headings and labels excluded)."""
    t = parse_text(case.transcript.read_text(encoding="utf-8"))
    starts, ends = t.word_offsets()
    return list(starts), list(ends)


def predicted_times(starts: list[int], alignment: dict | None) -> list[float]:
    """Start time of every tool word: placed by the alignment, else estimated as the tool does."""
    placed = {
        w["start"]: (float(w["time"]), float(w.get("time_end") or w["time"]))
        for w in (alignment or {}).get("words", [])
    }
    known = [placed.get(s) for s in starts]
    if not any(known):
        return [BASELINE_SECONDS_PER_WORD * k for k in range(len(starts))]
    return [v[0] if v else float("nan") for v in estimate_between(known)]


def _pct(xs: Sequence[bool]) -> float | None:
    return 100.0 * sum(xs) / len(xs) if xs else None


def _p90(xs: list[float]) -> float:
    return sorted(xs)[min(len(xs) - 1, int(round(0.9 * (len(xs) - 1))))]


def _overlap(a0: float, a1: float, b0: float, b1: float) -> float:
    return max(0.0, min(a1, b1) - max(a0, b0))


def score(case: Case, alignment: dict | None, baseline: bool = False) -> Score:
    starts, _ends = tool_words(case)
    times = (
        [BASELINE_SECONDS_PER_WORD * k for k in range(len(starts))]
        if baseline
        else predicted_times(starts, alignment)
    )
    index = {s: k for k, s in enumerate(starts)}
    s = Score()
    errors = []
    for p in case.points:
        k = index.get(p.offset)
        if k is None:
            s.notes.append(
                f"{p.label!r} at {p.time:.2f} s is not a word the tool times "
                "(a heading for it): not scored"
            )
            continue
        errors.append(abs(times[k] - p.time))
    if errors:
        s.points = len(errors)
        s.within_25 = _pct([e <= 0.25 for e in errors])
        s.within_50 = _pct([e <= 0.5 for e in errors])
        s.median = statistics.median(errors)
        s.p90 = _p90(errors)
    placed_starts = {w["start"] for w in (alignment or {}).get("words", [])}
    if case.truth is None:
        if not baseline:
            s.placed = _pct([st in placed_starts for st in starts])
        return s
    truth = case.truth
    word_errors = [
        abs(times[index[w["start"]]] - w["time"]) for w in truth["words"] if w["start"] in index
    ]
    s.word_median = statistics.median(word_errors) if word_errors else None
    if baseline:
        return s
    s.placed = _pct([w["start"] in placed_starts for w in truth["words"]])
    placed_at = {w["start"]: float(w["time"]) for w in (alignment or {}).get("words", [])}
    s.placed_off = sum(
        1 for w in truth["words"] if abs(placed_at.get(w["start"], w["time"]) - w["time"]) > 0.5
    )
    s.gaps = _score_gaps(truth, alignment or {})
    s.untranscribed = _score_untranscribed(truth, alignment or {})
    s.missing = _score_missing(truth, alignment or {}, starts, placed_starts)
    return s


def _score_gaps(truth: dict, alignment: dict) -> str:
    """'contained/n +wider s heard k/m'.

    Windows holding the buried words' true span (50 ms slack: the truth's own precision), the
    median extra width of the windows, and how many of the buried words the recogniser's
    suggestion got (each spoken word counted once, case-insensitive).
    """
    if not truth["gaps"]:
        return "-"
    found, wider, heard, spoken = 0, [], 0, 0
    for g in truth["gaps"]:
        a = next(
            (
                x
                for x in alignment.get("gaps", [])
                if x["start"] < g["end"] and g["start"] < x["end"]
            ),
            None,
        )
        said = [w.lower() for w in WORD.findall(g["spoken"])]
        spoken += len(said)
        got = [w.lower() for w in WORD.findall(((a or {}).get("heard") or {}).get("text") or "")]
        for w in said:
            if w in got:
                got.remove(w)
                heard += 1
        w = a and a.get("window")
        if not w:
            continue
        if w["start"] <= g["time"] + 0.05 and w["end"] >= g["time_end"] - 0.05:
            found += 1
        wider.append((w["end"] - w["start"]) - (g["time_end"] - g["time"]))
    extra = f" {statistics.median(wider):+.2f}s" if wider else " no window"
    return f"{found}/{len(truth['gaps'])}{extra} heard {heard}/{spoken}"


def _score_untranscribed(truth: dict, alignment: dict) -> str:
    """'found% +extra s': share of untranscribed speech reported, and reported seconds elsewhere."""
    found = alignment.get("untranscribed", [])
    truth_spans = [(u["time"], u["time_end"]) for u in truth["untranscribed"]]
    buried = [(g["time"], g["time_end"]) for g in truth["gaps"]]  # fair to report these too
    total = sum(b - a for a, b in truth_spans)
    covered = sum(_overlap(a, b, f["start"], f["end"]) for a, b in truth_spans for f in found)
    elsewhere = sum(
        max(
            0.0,
            (f["end"] - f["start"])
            - sum(_overlap(a, b, f["start"], f["end"]) for a, b in truth_spans + buried),
        )
        for f in found
    )
    if not truth_spans:
        return f"- +{elsewhere:.1f}s" if found else "-"
    return f"{100 * covered / total:.0f}% +{elsewhere:.1f}s"


def _score_missing(truth: dict, alignment: dict, starts: list[int], placed: set[int]) -> str:
    """'kept/n': transcript words absent from the audio that the alignment did not place."""
    missing_words = [
        st for st in starts if any(m["start"] <= st < m["end"] for m in truth["missing"])
    ]
    if not missing_words:
        return "-"
    kept = sum(1 for st in missing_words if st not in placed)
    reported = sum(
        1
        for st in missing_words
        if any(u["start"] <= st < u["end"] for u in alignment.get("unaligned", []))
    )
    return f"{kept}/{len(missing_words)} ({reported} reported)"


def by_voice(case: Case, alignment: dict) -> list[str]:
    """Rows of accuracy per espeak voice (synthetic cases with more than one voice).

    Recognisers hear some synthetic voices much worse than others; one table row would hide it.
    """
    truth = case.truth
    if not truth or len({p.get("voice") for p in truth["paragraphs"]}) < 2:
        return []
    starts, _ = tool_words(case)
    times = predicted_times(starts, alignment)
    index = {s: k for k, s in enumerate(starts)}
    placed = {w["start"] for w in alignment.get("words", [])}
    para_starts = [p["start"] for p in truth["paragraphs"]]
    stats: dict[str, dict[str, list]] = {}
    for p in truth["paragraphs"]:
        d = stats.setdefault(p.get("voice") or "?", {"para": [], "word": [], "placed": []})
        if p["start"] in index:
            d["para"].append(abs(times[index[p["start"]]] - p["time"]))
    for w in truth["words"]:
        if w["start"] not in index:
            continue
        voice = truth["paragraphs"][bisect.bisect_right(para_starts, w["start"]) - 1].get("voice")
        d = stats[voice or "?"]
        d["word"].append(abs(times[index[w["start"]]] - w["time"]))
        d["placed"].append(w["start"] in placed)
    rows = [
        f"  {'voice':<20}{'paras':>6}{'<=.5':>6}{'words':>7}{'placed':>8}{'word med':>9}{'off':>5}"
    ]
    for voice, d in sorted(stats.items()):
        off = sum(1 for e, p in zip(d["word"], d["placed"], strict=True) if p and e > 0.5)
        rows.append(
            f"  {voice:<20}{len(d['para']):>6}{_f(_pct([e <= 0.5 for e in d['para']]), '.0f'):>6}"
            f"{len(d['word']):>7}{_f(_pct(d['placed']), '.0f'):>8}"
            f"{_f(statistics.median(d['word']) if d['word'] else None):>9}{off:>5}"
        )
    return rows


def run_spread(scores: list[Score]) -> str:
    """The accuracy figures that differ between runs of the same input, run by run ('' if none).

    The table quotes the first run; a recogniser run in parallel chunks need not be
    deterministic, and a figure that moves between runs must not be quoted as if it were fixed.
    """
    fields = {
        "<=.5": lambda s: _f(s.within_50, ".0f"),
        "med": lambda s: _f(s.median),
        "word med": lambda s: _f(s.word_median),
        "placed": lambda s: _f(s.placed, ".0f"),
        "off": lambda s: _f(s.placed_off, "d"),
        "gaps": lambda s: s.gaps,
        "untranscribed": lambda s: s.untranscribed,
        "missing": lambda s: s.missing,
    }
    out = []
    for name, get in fields.items():
        values = [get(s) for s in scores]
        if len(set(values)) > 1:
            out.append(f"{name} {' / '.join(values)}")
    return "; ".join(out)


# --------------------------------------------------------------------------- table


def _f(v: float | None, fmt: str = ".2f") -> str:
    return "-" if v is None else format(v, fmt)


HEADER = (
    f"{'case':<20}{'row':<10}{'dur s':>7}{'pts':>5}{'<=.25':>7}{'<=.5':>7}{'med':>7}{'p90':>7}"
    f"{'word med':>9}{'placed':>8}{'off':>5}  {'gaps in window':<26}{'untranscribed':<15}"
    f"{'missing kept':<16}{'wall s':>8}{'rerun':>7}{'cpu/s':>7}{'proc MB':>8}{'tree MB':>8}"
)


def row(case: Case, label: str, s: Score, runs: list[Run] | None = None) -> str:
    wall = rerun = cpu = proc = tree = None
    ok = [r for r in runs or [] if r.error is None]
    if ok:
        wall = statistics.median(r.wall for r in ok)
        reruns = [r.rerun_wall for r in ok if r.rerun_wall is not None]
        rerun = statistics.median(reruns) if reruns else None
        cpu = statistics.median(r.cpu for r in ok) / case.duration
        proc = max(r.peak_process_mb for r in ok)
        tree = max(r.peak_tree_mb for r in ok)
    return (
        f"{case.name:<20}{label:<10}{case.duration:>7.1f}{s.points:>5}{_f(s.within_25, '.0f'):>7}"
        f"{_f(s.within_50, '.0f'):>7}{_f(s.median):>7}{_f(s.p90):>7}{_f(s.word_median):>9}"
        f"{_f(s.placed, '.0f'):>8}{_f(s.placed_off, 'd'):>5}  "
        f"{s.gaps:<26}{s.untranscribed:<15}{s.missing:<16}"
        f"{_f(wall, '.1f'):>8}{_f(rerun, '.1f'):>7}{_f(cpu, '.3f'):>7}{_f(proc, '.0f'):>8}"
        f"{_f(tree, '.0f'):>8}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # from run.py, whose own arguments are benchmark names
        argv = (
            shlex.split(os.environ.get("AUDIO_BENCH_ARGS", ""))
            if __name__ != "__main__"
            else sys.argv[1:]
        )
    ap = argparse.ArgumentParser(description="accuracy and speed of transcript-review align")
    ap.add_argument(
        "--cases",
        default="clean-5min,hard,session-60min,real",
        help="comma-separated synthetic case names and/or 'real' (default: all)",
    )
    ap.add_argument("--repeat", type=int, default=3, help="runs per short case (median quoted)")
    ap.add_argument("--repeat-long", type=int, default=1, help="runs per case over 10 minutes")
    ap.add_argument(
        "--fake",
        action="store_true",
        help="score a fake alignment (truth + noise) instead of running align",
    )
    ap.add_argument("--seed", type=int, default=12, help="seed of --fake's noise")
    ap.add_argument("--keep", type=Path, help="copy each case's alignment file into this folder")
    args = ap.parse_args(argv)
    names = [n for n in args.cases.split(",") if n]
    why = audio_synth.espeak_available()
    cases: list[Case] = []
    for n in names:
        if n == "real":
            real, reason = real_cases()
            cases += real
            if reason:
                print(f"skipped: {reason}")
        elif n not in audio_synth.CASES:
            print(f"unknown case {n!r}; known: {', '.join(audio_synth.CASES)}, real")
            return 2
        elif why:
            print(f"skipped {n}: cannot synthesise ({why})")
        else:
            cases.append(synthetic_case(n))
    if not args.fake:
        missing = align_available()
        if missing:
            print(f"skipped: {missing} (--fake scores an alignment made from the truth instead)")
            return 0
    print(
        "FAKE alignment (truth + noise): this shows the scorer, not the tool\n"
        if args.fake
        else "",
        end="",
    )
    print(HEADER)
    notes: list[str] = []
    voice_rows: list[tuple[str, list[str]]] = []
    for case in cases:
        notes += [f"{case.name}: {n}" for n in case.notes]
        if args.fake:
            rng = random.Random(f"{args.seed}-{case.name}")  # same noise whatever else runs
            runs: list[Run] = [Run(fake_alignment(case, rng), 0.0, 0.0, 0.0, 0.0)]
        else:
            n = args.repeat_long if case.duration > LONG_CASE_SECONDS else args.repeat
            runs = [
                run_align(case, rerun=(i == 0), keep=args.keep and args.keep / f"run{i + 1}")
                for i in range(max(1, n))
            ]
        good = [r for r in runs if r.error is None]
        for r in runs:
            if r.error:
                notes.append(f"{case.name}: align failed: {r.error}")
        base = score(case, None, baseline=True)
        if good:
            s = score(case, good[0].alignment)
            notes += [f"{case.name}: {n}" for n in s.notes]
            spread = run_spread([score(case, r.alignment) for r in good])
            if spread:
                notes.append(f"{case.name}: runs differ (run 1, 2, ...): {spread}")
            print(row(case, "fake" if args.fake else "align", s, None if args.fake else good))
        print(row(case, "baseline", base))
        rows = by_voice(case, good[0].alignment) if good else []
        if rows:
            voice_rows.append((case.name, rows))
        sys.stdout.flush()
    for name, rows in voice_rows:
        print(f"\n{name} per voice (first run):")
        print("\n".join(rows))
    for n in dict.fromkeys(notes):
        print(f"note: {n}")
    print(
        "\npts: reference points (paragraph starts; JFK: word onsets); <=.25/<=.5: % of them "
        "within that many seconds; med/p90: their absolute error (s); word med: median error "
        "over every truth word; placed: % of words the audio placed (rest estimated); gaps in "
        "window: windows holding the buried words' true span, median extra width, buried words "
        "the recogniser's suggestion got; "
        "untranscribed: % of untranscribed speech reported, + seconds reported elsewhere; "
        "missing kept: transcript words absent from the audio left unplaced (reported in "
        "`unaligned`); cpu/s: CPU seconds per audio second (children); proc MB: largest "
        "process; tree MB: process tree summed (sampled); rerun: same command again, nothing "
        "changed. Accuracy figures are from the first run; times are medians over runs."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
