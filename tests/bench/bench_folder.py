"""``status DIR --json`` on folders of 10, 100 and 500 transcripts, cold (no cache) and warm.

Each folder holds generated transcripts of ~4,000 words (a gap every ~200 words, a ``*…*``
passage every ~1,000; each begins with its own title line, so no two are the same text), and
every fourth one has a sidecar of 4 revisions resolving 20 gaps. Each run is
``transcript-review status DIR --json`` in a fresh Python process (imports included, output to
/dev/null) with its own ``XDG_CACHE_HOME``: *cold* empties the cache first, *warm* follows a run
that filled it. The table gives medians, the cold cost per file (with and without the process
start-up, which the warm run is mostly made of), the cache's size, and the warm time at each
size against the warm time at 10 files (measured in the same run). Measures; never fails.

The second table is the workspace screen (``tui/workspace_screen.py``) on the same folders, in a
fresh process each time (a bare app pushing the screen, headless, 120×40): *first paint* is the
time from the process start (imports included) until the screen has been drawn once, *filled*
until every row has its figures; cold with an empty cache, warm after a run that filled it.
The screen must appear at once whatever the folder's size: warm first paint at 500 files
against 10 is the ratio to watch (the goal: at most 1.5×).
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE.parents[1]))

from tests.bench.generate import generate_transcript  # noqa: E402
from transcript_review.core.config import Config  # noqa: E402
from transcript_review.core.editing.session import EditingSession  # noqa: E402

SIZES = (10, 100, 500)
WORDS = 4_000
COLD_RUNS = {10: 5, 100: 3, 500: 3}
WARM_RUNS = 7

_CHILD = r"""
import contextlib, io, json, os, sys, time
t0 = time.perf_counter()
from transcript_review.cli import main
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
    code = main(["status", sys.argv[1], "--json"])
print(json.dumps({"seconds": time.perf_counter() - t0, "code": code}))
"""


def make_pool(folder: Path, count: int) -> list[Path]:
    """``count`` transcripts (and their sidecars) in ``folder``."""
    body = generate_transcript(WORDS)
    paths = []
    config = Config()
    for n in range(count):
        path = folder / f"statement-{n:03d}.txt"
        path.write_text(f"Statement {n} by delegation {n}\n\n{body}", encoding="utf-8")
        if n % 4 == 0:
            session = EditingSession.open(path, config, user="bench-editor")
            gaps = [i for i in session.items if i.kind == "gap"][:20]
            for k in range(4):
                for item in gaps[k * 5 : k * 5 + 5]:
                    session.resolve_gap(item, f"words {k}")
                session.save(f"batch {k}")
        paths.append(path)
    return paths


def folder_of(pool: list[Path], target: Path, count: int) -> Path:
    """A folder with the first ``count`` transcripts of the pool (hard links: same bytes)."""
    target.mkdir()
    for path in pool[:count]:
        for source in (path, path.with_name(path.name + ".review.yaml")):
            if source.exists():
                os.link(source, target / source.name)
    return target


_SCREEN_CHILD = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from textual.app import App
from transcript_review.tui.workspace_screen import WorkspaceScreen

class Bare(App):
    def on_mount(self):
        self.done = asyncio.Event()
        self.push_screen(WorkspaceScreen(sys.argv[1], watch_seconds=0))

    def on_workspace_screen_filled(self, message):
        self.done.set()

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.done.wait()  # no polling: it would take the interpreter from the reader
        screen = app.screen
        print(json.dumps({
            "first_paint": screen.first_paint_at - t0,
            "filled": screen.filled_at - t0,
            "rows": len(screen.rows),
            "reads": screen.source.reads,
        }))

asyncio.run(main())
"""
SCREEN_COLD_RUNS = {10: 3, 100: 2, 500: 1}
SCREEN_WARM_RUNS = 5


def run_screen(folder: Path, cache: Path) -> dict[str, float]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", _SCREEN_CHILD, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_status(folder: Path, cache: Path) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(folder)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, out.stderr
    return result["seconds"]


def main() -> None:
    rows = []
    screen_rows: list[tuple[int, float, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pool").mkdir()
        pool = make_pool(root / "pool", max(SIZES))
        for size in SIZES:
            folder = folder_of(pool, root / f"folder-{size}", size)
            cache = root / f"cache-{size}"
            cold = []
            for _ in range(COLD_RUNS[size]):
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(run_status(folder, cache))
            warm = [run_status(folder, cache) for _ in range(WARM_RUNS)]
            cache_bytes = sum(p.stat().st_size for p in cache.rglob("*.json"))
            rows.append((size, statistics.median(cold), statistics.median(warm), cache_bytes))
            screen_cache = root / f"screen-cache-{size}"
            cold_runs = []
            for _ in range(SCREEN_COLD_RUNS[size]):
                shutil.rmtree(screen_cache, ignore_errors=True)
                cold_runs.append(run_screen(folder, screen_cache))
            warm_runs = [run_screen(folder, screen_cache) for _ in range(SCREEN_WARM_RUNS)]
            assert all(r["rows"] == size for r in cold_runs + warm_runs)
            assert all(r["reads"] == 0 for r in warm_runs), "warm runs read no file"

            def median(runs: list[dict[str, float]], key: str) -> float:
                return statistics.median(r[key] for r in runs)

            screen_rows.append(
                (
                    size,
                    median(cold_runs, "first_paint"),
                    median(cold_runs, "filled"),
                    median(warm_runs, "first_paint"),
                    median(warm_runs, "filled"),
                )
            )
    base_warm = rows[0][2]
    print(
        f"`status DIR --json` in a fresh process; {WORDS:,}-word transcripts, a sidecar on every "
        f"fourth; medians (cold runs {COLD_RUNS}, warm {WARM_RUNS})"
    )
    print(
        f"{'files':>6} {'cold s':>8} {'cold ms/file':>13} {'(cold-warm)/file':>17} "
        f"{'warm s':>8} {'warm/10 files':>14} {'cold/warm':>10} {'cache KB':>9}"
    )
    for size, cold_s, warm_s, cache_bytes in rows:
        print(
            f"{size:>6} {cold_s:>8.2f} {1000 * cold_s / size:>13.1f} "
            f"{1000 * (cold_s - warm_s) / size:>14.1f} ms {warm_s:>8.3f} "
            f"{warm_s / base_warm:>14.2f} {cold_s / warm_s:>10.1f} {cache_bytes / 1024:>9.0f}"
        )
    print("(cold-warm)/file: the cost of reading one file, start-up and listing taken out")
    print()
    print(
        "workspace screen in a fresh process (headless, 120x40); seconds from the process "
        f"start; medians (cold runs {SCREEN_COLD_RUNS}, warm {SCREEN_WARM_RUNS})"
    )
    print(
        f"{'files':>6} {'cold paint':>11} {'cold filled':>12} {'cold ms/file':>13} "
        f"{'warm paint':>11} {'warm filled':>12} {'warm paint/10':>14} {'warm filled/10':>15}"
    )
    base_paint, base_filled = screen_rows[0][3], screen_rows[0][4]
    for size, c_paint, c_filled, w_paint, w_filled in screen_rows:
        print(
            f"{size:>6} {c_paint:>11.3f} {c_filled:>12.2f} "
            f"{1000 * (c_filled - w_filled) / size:>13.1f} {w_paint:>11.3f} {w_filled:>12.3f} "
            f"{w_paint / base_paint:>14.2f} {w_filled / base_filled:>15.2f}"
        )
    print(
        "paint: the screen drawn once (before any file is read); filled: every row has its "
        "figures; cold ms/file: (cold filled - warm filled) / files"
    )


if __name__ == "__main__":
    main()
