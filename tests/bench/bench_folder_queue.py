"""The folder's review queue (:class:`.FolderQueue`) on folders of 10, 100 and 500 transcripts.

The folders are ``bench_folder``'s (generated transcripts of ~4,000 words; every fourth one has
a sidecar of 4 revisions proposing words for 20 gaps: 20 proposals). Two tables:

* **in process**: ``FolderQueue.open(DIR)`` then ``rows()`` (the default filter), the work
  ``queue DIR`` and the review screen do before showing a row; *cold* with an empty summaries
  cache (every transcript is read once to be summarised, those with corrections again to be
  opened), *warm* after a run that filled it (only the transcripts with corrections are read).
  The baseline, measured in the same run, is one file's queue: ``EditingSession.open`` of a
  transcript with proposals, its timing, ``build_queue`` (what ``queue FILE`` does).
* **fresh process**: ``queue DIR --json`` against ``queue FILE --json``, imports and output
  included, cold and warm.

Medians; the ratio columns are against one file's queue. Measures; never fails.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE.parents[1]))

from tests.bench.bench_folder import folder_of, make_pool  # noqa: E402
from transcript_review.core.config import Config  # noqa: E402
from transcript_review.core.editing.session import EditingSession  # noqa: E402
from transcript_review.core.editing.session_timing import time_session  # noqa: E402
from transcript_review.core.review.folder_queue import FolderQueue  # noqa: E402
from transcript_review.core.review.queue import build_queue  # noqa: E402
from transcript_review.core.sidecar.records import Role  # noqa: E402

SIZES = (10, 100, 500)
RUNS = {10: 7, 100: 5, 500: 3}
ONE_FILE_RUNS = 9
CLI_RUNS = {10: 5, 100: 3, 500: 3}

_CHILD = r"""
import contextlib, json, os, sys, time
t0 = time.perf_counter()
from transcript_review.cli import main
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
    code = main(["queue", sys.argv[1], "--json"])
print(json.dumps({"seconds": time.perf_counter() - t0, "code": code}))
"""


def one_file(path: Path, config: Config) -> tuple[float, int]:
    """Seconds for one file's queue (open, timing, rows), and its row count."""
    start = time.perf_counter()
    session = EditingSession.open(path, config, user="bench-reviewer", role=Role.REVIEWER)
    rows = build_queue(session, time_session(session, markers=config.markers))
    return time.perf_counter() - start, len(rows)


def folder_queue(folder: Path, config: Config, cache_home: Path) -> tuple[float, int, int]:
    """Seconds to open the folder's queue and list its rows; rows; files opened."""
    os.environ["XDG_CACHE_HOME"] = str(cache_home)  # this run's own summaries cache
    start = time.perf_counter()
    queue = FolderQueue.open(folder, config, user="bench-reviewer")
    rows = queue.rows()
    return time.perf_counter() - start, len(rows), len(queue.files)


def run_cli(target: Path, cache: Path) -> float:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache)}
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(target)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["code"] == 0, out.stderr
    return result["seconds"]


def main() -> None:
    config = Config()
    saved_cache_home = os.environ.get("XDG_CACHE_HOME")
    try:
        _main(config)
    finally:
        if saved_cache_home is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved_cache_home


def _main(config: Config) -> None:
    table = []
    cli_rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pool").mkdir()
        pool = make_pool(root / "pool", max(SIZES))
        with_proposals = pool[0]  # every fourth has a sidecar, the first among them
        single = statistics.median(
            one_file(with_proposals, config)[0] for _ in range(ONE_FILE_RUNS)
        )
        cli_cache = root / "cli-cache-one"
        single_cli = statistics.median(run_cli(with_proposals, cli_cache) for _ in range(5))
        for size in SIZES:
            folder = folder_of(pool, root / f"folder-{size}", size)
            cache_home = root / f"cache-{size}"
            cold, warm = [], []
            rows = opened = 0
            for _ in range(RUNS[size]):
                shutil.rmtree(cache_home, ignore_errors=True)
                cache_home.mkdir()
                seconds, rows, opened = folder_queue(folder, config, cache_home)
                cold.append(seconds)
            for _ in range(RUNS[size]):
                seconds, rows, opened = folder_queue(folder, config, cache_home)
                warm.append(seconds)
            table.append((size, opened, rows, statistics.median(cold), statistics.median(warm)))
            cli_cache = root / f"cli-cache-{size}"
            cli_cold = []
            for _ in range(CLI_RUNS[size]):
                shutil.rmtree(cli_cache, ignore_errors=True)
                cli_cold.append(run_cli(folder, cli_cache))
            cli_warm = [run_cli(folder, cli_cache) for _ in range(CLI_RUNS[size])]
            cli_rows.append((size, statistics.median(cli_cold), statistics.median(cli_warm)))
    print(
        "FolderQueue.open(DIR) + rows() in process; 4,000-word transcripts, every fourth with "
        f"20 proposals; medians (runs {RUNS}); one file's queue: {1000 * single:.1f} ms"
    )
    print(
        f"{'files':>6} {'opened':>7} {'rows':>6} {'cold s':>8} {'cold ms/file':>13} "
        f"{'warm s':>8} {'warm ms/opened':>15} {'warm/one file':>14} {'cold/one file':>14}"
    )
    for size, opened, rows, cold_s, warm_s in table:
        print(
            f"{size:>6} {opened:>7} {rows:>6} {cold_s:>8.2f} {1000 * cold_s / size:>13.1f} "
            f"{warm_s:>8.3f} {1000 * warm_s / max(opened, 1):>15.1f} "
            f"{warm_s / single:>14.1f} {cold_s / single:>14.1f}"
        )
    print("warm ms/opened: per transcript with corrections (the others are not read when warm)")
    print()
    print(
        f"`queue DIR --json` in a fresh process; medians (runs {CLI_RUNS}); "
        f"`queue FILE --json` on one file: {single_cli:.3f} s"
    )
    print(f"{'files':>6} {'cold s':>8} {'warm s':>8} {'cold/FILE':>10} {'warm/FILE':>10}")
    for size, cold_s, warm_s in cli_rows:
        print(
            f"{size:>6} {cold_s:>8.2f} {warm_s:>8.2f} {cold_s / single_cli:>10.1f} "
            f"{warm_s / single_cli:>10.1f}"
        )


if __name__ == "__main__":
    main()
