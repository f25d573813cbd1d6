"""``status DIR --json`` on folders of 10, 100 and 500 transcripts, cold (no cache) and warm.

Each folder holds generated transcripts of ~4,000 words (a gap every ~200 words, a ``*…*``
passage every ~1,000; each begins with its own title line, so no two are the same text), and
every fourth one has a sidecar of 4 revisions resolving 20 gaps. Each run is
``transcript-review status DIR --json`` in a fresh Python process (imports included, output to
/dev/null) with its own ``XDG_CACHE_HOME``: *cold* empties the cache first, *warm* follows a run
that filled it. The table gives medians, the cold cost per file (with and without the process
start-up, which the warm run is mostly made of), the cache's size, and the warm time at each
size against the warm time at 10 files (measured in the same run). Measures; never fails.
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


if __name__ == "__main__":
    main()
