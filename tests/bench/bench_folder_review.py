"""``transcript-review DIR --review`` on folders of 10, 100 and 500 transcripts.

The folders are ``bench_folder``'s (generated transcripts of ~4,000 words; every fourth one has
a sidecar proposing words for 20 gaps: 20 proposals). Each figure is a fresh process running
the app headless (``run_test(size=(120, 40))``), timed from the process start (imports
included) to:

* *paint*: the review screen is up (its status line and empty state drawn; the folder not
  yet read);
* *rows*: the first rows are shown (the first batch of transcripts open);
* *filled*: every transcript with corrections is open and its rows shown.

Cold: an empty summaries cache (every transcript is read to be summarised); warm: after a run
that filled it. The baseline, measured in the same run, is ``FILE --review`` on one of the
transcripts with proposals (``TranscriptReviewApp`` as a reviewer, until the queue holds its
rows). Medians; the ratios are against that baseline. Measures; never fails.
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

from tests.bench.bench_folder import folder_of, make_pool  # noqa: E402

SIZES = (10, 100, 500)
RUNS = {10: 5, 100: 3, 500: 3}
ONE_FILE_RUNS = 5

_FOLDER_CHILD = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from pathlib import Path
from transcript_review.core.config import Config
from transcript_review.tui.folder_review_app import FolderReviewApp

async def main():
    app = FolderReviewApp(Path(sys.argv[1]), Config(), "bench-reviewer")
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        out["paint"] = time.perf_counter() - t0
        while not app.review.rows:
            await pilot.pause(0.005)
        out["rows"] = time.perf_counter() - t0
        while app.source.loading:
            await pilot.pause(0.005)
        await pilot.pause()
        out["filled"] = time.perf_counter() - t0
        out["count"] = len(app.review.rows)
    print(json.dumps(out))

asyncio.run(main())
"""

_FILE_CHILD = r"""
import asyncio, json, sys, time
t0 = time.perf_counter()
from transcript_review.core.config import Config
from transcript_review.core.sidecar.records import Role
from transcript_review.tui.app import TranscriptReviewApp

async def main():
    app = TranscriptReviewApp.for_file(sys.argv[1], Config(), "bench-reviewer", Role.REVIEWER)
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        out["paint"] = time.perf_counter() - t0
        while not getattr(app.screen, "rows", None):
            await pilot.pause(0.005)
        await pilot.pause()
        out["rows"] = out["filled"] = time.perf_counter() - t0
        out["count"] = len(app.screen.rows)
    print(json.dumps(out))

asyncio.run(main())
"""


def run_child(script: str, target: Path, cache: Path) -> dict[str, float]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", script, str(target)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        timeout=600,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {key: statistics.median(r[key] for r in runs) for key in runs[0]}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pool").mkdir()
        pool = make_pool(root / "pool", max(SIZES))
        one = medians(
            [run_child(_FILE_CHILD, pool[0], root / "cache-one") for _ in range(ONE_FILE_RUNS)]
        )
        table = []
        for size in SIZES:
            folder = folder_of(pool, root / f"folder-{size}", size)
            cache = root / f"cache-{size}"
            cold = []
            for _ in range(RUNS[size]):
                shutil.rmtree(cache, ignore_errors=True)
                cold.append(run_child(_FOLDER_CHILD, folder, cache))
            warm = [run_child(_FOLDER_CHILD, folder, cache) for _ in range(RUNS[size])]
            table.append((size, medians(cold), medians(warm)))
    print(
        "DIR --review headless (120x40), seconds from process start; 4,000-word transcripts, "
        f"every fourth with 20 proposals; medians (runs {RUNS})"
    )
    print(
        f"FILE --review (baseline): paint {one['paint']:.3f} s, rows {one['rows']:.3f} s "
        f"({int(one['count'])} rows)"
    )
    head = (
        f"{'files':>6} {'rows':>6} {'cache':>6} {'paint s':>8} {'paint/FILE':>11} "
        f"{'1st rows s':>11} {'filled s':>9} {'filled/FILE rows':>17}"
    )
    print(head)
    for size, cold, warm in table:
        for label, m in (("cold", cold), ("warm", warm)):
            print(
                f"{size:>6} {int(m['count']):>6} {label:>6} {m['paint']:>8.3f} "
                f"{m['paint'] / one['paint']:>11.2f} {m['rows']:>11.3f} {m['filled']:>9.3f} "
                f"{m['filled'] / one['rows']:>17.2f}"
            )


if __name__ == "__main__":
    main()
