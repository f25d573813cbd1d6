"""Run the benchmarks and print their tables: ``python tests/bench/run.py [NAME ...]``.

Each ``bench_<name>.py`` beside this file has a ``main()`` printing one table. With no names,
all run in turn. Benchmarks measure; they never fail a build on wall-clock time.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))


def main(names: list[str]) -> int:
    available = sorted(p.stem.removeprefix("bench_") for p in HERE.glob("bench_*.py"))
    chosen = names or available
    chosen = ["audio_align" if n == "audio" else n for n in chosen]  # `audio`: its short name
    unknown = [n for n in chosen if n not in available]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}")
        return 2
    for name in chosen:
        print(f"\n== {name} ==")
        importlib.import_module(f"tests.bench.bench_{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
