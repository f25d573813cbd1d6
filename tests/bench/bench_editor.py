"""The editor against a bare TextArea: first paint, next gap, page down, peak memory.

* First paint: from starting the real program (the console script, or the TextArea app) in a
  120x40 tmux window until its first text line shows in ``tmux capture-pane`` (polled every
  10 ms), median of several starts, the two apps started in turn. This is what a person waits
  for.
* ``n`` (next gap; in the TextArea app, a jump to the next "(inaudible)") and ``pagedown``:
  the median time from the key press until the screen has been repainted, driven by Textual's
  pilot in a headless run of the same app, in a fresh process that also reports peak RSS.
  The editor's keys are timed once its final check (run in a thread after the first paint)
  has landed; ``qc s`` is when it landed, in seconds from the app's start in that run.

Sizes: the seed, and generated transcripts of 100k and 1M words with a gap every ~200 words.
Ratios compare each figure with the seed's (flat is the goal) and with the TextArea's.
"""

from __future__ import annotations

import compileall
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from tests.bench.generate import write_transcript  # noqa: E402

SEED = REPO / "sample_transcripts" / "canada-r2p-2011.txt"
STARTS = 9
PRESSES = 7


def first_paint(command: list[str], needle: str, cwd: Path) -> float:
    """Seconds from launching ``command`` in tmux until ``needle`` is on the screen."""
    name = f"bench-{uuid.uuid4().hex[:8]}"
    launch = [
        "tmux",
        "new-session",
        "-d",
        "-s",
        name,
        "-x",
        "120",
        "-y",
        "40",
        "-c",
        str(cwd),
        "env -u COLUMNS -u LINES " + " ".join(command),
    ]
    start = time.perf_counter()
    if subprocess.run(launch, check=False).returncode != 0:
        # The tmux server of the previous start may still be exiting ("server exited
        # unexpectedly"); one more try, timed from then.
        time.sleep(0.5)
        start = time.perf_counter()
        subprocess.run(launch, check=True)
    try:
        while time.perf_counter() - start < 120:
            screen = subprocess.run(
                ["tmux", "capture-pane", "-p", "-t", name], capture_output=True, text=True
            ).stdout
            if needle in screen:
                return time.perf_counter() - start
            time.sleep(0.01)
        return float("nan")
    finally:
        subprocess.run(["tmux", "kill-session", "-t", name], capture_output=True)


def probe(kind: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(HERE / "editor_probe.py"), kind, str(path), str(PRESSES)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if shutil.which("tmux") is None:
        print("tmux is not installed: the first-paint figures need it (apt-get install tmux)")
        return
    script = Path(sys.executable).parent / "transcript-review"
    # An installed program starts from bytecode (pip compiles it); an editable checkout run
    # with PYTHONDONTWRITEBYTECODE (as here) would compile every module on every start and
    # time the compiler. Compile once, as an install would.
    compileall.compile_dir(REPO / "src", quiet=1)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        files = [("seed", shutil.copy(SEED, work / "seed.txt"))]
        files += [(f"{n // 1000}k", write_transcript(work, n)) for n in (100_000, 1_000_000)]
        for label, path in files:
            path = Path(path)
            needle = path.read_text(encoding="utf-8").split("\n")[2 if label == "seed" else 0][:30]
            commands = {
                "editor": [str(script), path.name, "--user", "bench"],
                "textarea": [sys.executable, str(HERE / "textarea_app.py"), path.name],
            }
            # The two apps start in turn, so a machine busy with something else slows both
            # alike and the ratio holds (all of one, then all of the other, it did not).
            paints: dict[str, list[float]] = {kind: [] for kind in commands}
            for _ in range(STARTS):
                for kind, command in commands.items():
                    paints[kind].append(first_paint(command, needle, work))
            for kind in commands:
                rows.append((label, kind, statistics.median(paints[kind]), probe(kind, path)))
    seed = {kind: (paint, keys) for label, kind, paint, keys in rows if label == "seed"}
    print(
        f"first paint: median of {STARTS} starts in tmux; keys: median of {PRESSES} presses, "
        "wall time (including the pilot's ~80 ms idle wait) and CPU time (the work itself)"
    )
    print(
        f"{'file':>5} {'app':>8} {'paint s':>8} {'x seed':>7} {'n ms':>7} {'n cpu':>6} "
        f"{'x seed':>7} {'pgdn ms':>8} {'pg cpu':>7} {'x seed':>7} {'RSS MB':>7} {'qc s':>6}"
    )
    for label, kind, paint, keys in rows:
        base_paint, base = seed[kind]
        print(
            f"{label:>5} {kind:>8} {paint:>8.2f} {paint / base_paint:>7.2f} "
            f"{keys['n'] * 1000:>7.1f} {keys['n_cpu'] * 1000:>6.1f} "
            f"{keys['n_cpu'] / base['n_cpu']:>7.2f} "
            f"{keys['pagedown'] * 1000:>8.1f} {keys['pagedown_cpu'] * 1000:>7.1f} "
            f"{keys['pagedown_cpu'] / base['pagedown_cpu']:>7.2f} {keys['rss_mb']:>7.0f}"
            + (f" {keys['qc_after_mount']:>6.2f}" if "qc_after_mount" in keys else "")
        )
    print(
        "\neditor vs TextArea: first paint as editor / TextArea (the goal: at most 1.2 on the "
        "seed; below 1 the editor is first); keys as TextArea / editor CPU (above 1: faster)"
    )
    by = {(label, kind): (paint, keys) for label, kind, paint, keys in rows}
    for label, _, _, _ in rows[::2]:
        (ep, ek), (tp, tk) = by[(label, "editor")], by[(label, "textarea")]
        print(
            f"{label:>5}  first paint {ep:5.2f} s / {tp:5.2f} s = {ep / tp:4.2f}x   "
            f"n {tk['n_cpu'] / ek['n_cpu']:5.1f}x   "
            f"pagedown {tk['pagedown_cpu'] / ek['pagedown_cpu']:5.1f}x"
        )


if __name__ == "__main__":
    main()
