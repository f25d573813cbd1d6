"""What ``transcript-review DIR`` adds before the workspace appears: the check that the folder
holds something to open (:func:`transcript_review.cli.open_command.refuse_empty_folder`: a
``stat``-only scan, then reading files until the first readable one).

On folders of 10, 100 and 500 generated transcripts (bench_folder's), and on a folder where
every file is binary but the last (the worst case: each is read until the readable one), in
this process, after a warm-up. Medians of 15 runs, and each against the 10-file folder measured
in the same run. Measures; never fails.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE.parents[1]))

from tests.bench.bench_folder import folder_of, make_pool  # noqa: E402
from transcript_review.cli.open_command import refuse_empty_folder  # noqa: E402

SIZES = (10, 100, 500)
RUNS = 15


def _median_ms(folder: Path) -> float:
    refuse_empty_folder(folder, False)  # warm-up (imports, the OS's cache)
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        refuse_empty_folder(folder, False)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "pool").mkdir()
        pool = make_pool(root / "pool", max(SIZES))
        rows = [(f"{n} transcripts", _median_ms(folder_of(pool, root / f"f{n}", n))) for n in SIZES]
        binary = root / "binary"
        binary.mkdir()
        for n in range(99):
            (binary / f"scan-{n:03d}.txt").write_bytes(b"%PDF-1.4\x00\x01" * 2000)
        (binary / "zz-last.txt").write_bytes(pool[0].read_bytes())
        rows.append(("99 binary + 1", _median_ms(binary)))
    base = rows[0][1]
    print(f"refuse_empty_folder (the check before the workspace appears); medians of {RUNS}")
    print(f"{'folder':>16} {'ms':>8} {'vs 10':>7}")
    for name, ms in rows:
        print(f"{name:>16} {ms:>8.2f} {ms / base:>7.2f}")


if __name__ == "__main__":
    main()
