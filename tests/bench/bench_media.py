"""Player benchmarks: what the editor pays per key and per follow-mode poll, with a real mpv.

Run: ``python tests/bench/bench_media.py`` (or ``python tests/bench/run.py media``).
Prints medians as a plain-text table; skips when mpv is not installed. Never fails on time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))
sys.path.insert(0, str(HERE.parents[1]))

from tests.media.helpers import write_tone  # noqa: E402
from transcript_review.media import Player, find_mpv  # noqa: E402


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def main() -> None:
    mpv = find_mpv()
    if mpv is None:
        print("mpv not installed: nothing to measure")
        return
    with tempfile.TemporaryDirectory() as directory:
        tone = write_tone(Path(directory) / "tone.wav")
        rows: list[tuple[str, float]] = []
        started = time.perf_counter()
        player = Player.start(mpv=mpv, audio_output="null", use_config=False, extra_args=[])
        rows.append(("start mpv (to first answer)", (time.perf_counter() - started) * 1000))
        try:
            started = time.perf_counter()
            player.load(str(tone))
            rows.append(("load a local file", (time.perf_counter() - started) * 1000))
            rows.append(("position() (follow-mode poll)", _median_ms(player.position, 200)))
            rows.append(("seek(4.0) incl. settle", _median_ms(lambda: player.seek(4.0), 30)))
            rows.append(("seek(-5, relative)", _median_ms(lambda: player.seek(-5, True), 30)))
            rows.append(("speed(1.25)", _median_ms(lambda: player.speed(1.25), 50)))
            rows.append(
                ("play_window(2, 3, loop)", _median_ms(lambda: player.play_window(2, 3, True), 30))
            )
        finally:
            started = time.perf_counter()
            player.close()
            rows.append(("close (quit mpv)", (time.perf_counter() - started) * 1000))
    print(f"{'operation':<34} {'median ms':>10}")
    for name, ms in rows:
        print(f"{name:<34} {ms:>10.2f}")


if __name__ == "__main__":
    main()
