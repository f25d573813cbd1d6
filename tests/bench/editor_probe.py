"""Drive one app headless on one file and print JSON: per-key times and peak memory.

``python tests/bench/editor_probe.py editor|textarea FILE KEYS`` — run in a fresh process per
measurement by bench_editor.py, so the peak RSS belongs to that app and file alone.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

SIZE = (120, 40)


def make_app(kind: str, path: Path):
    if kind == "textarea":
        from tests.bench.textarea_app import TextAreaApp

        return TextAreaApp(path)
    from transcript_review.core.config import Config
    from transcript_review.tui.app import TranscriptReviewApp

    return TranscriptReviewApp.for_file(path, Config(), "bench")


async def probe(kind: str, path: Path, presses: int) -> dict[str, float]:
    app = make_app(kind, path)
    async with app.run_test(size=SIZE) as pilot:
        start = time.perf_counter()
        await app.workers.wait_for_complete()
        await pilot.pause()
        while kind == "editor" and app.session is None:
            await pilot.pause(0.01)
        await pilot.pause()
        ready = time.perf_counter() - start
        result = {"ready_after_mount": ready}
        # The final check runs in a thread once the text is shown (an editor that has it):
        # the keys are timed after it has landed, or process_time would count its thread.
        editor = getattr(app, "editor", None)
        if editor is not None and hasattr(editor, "qc_state"):
            while editor.qc_state in ("waiting", "running"):
                await pilot.pause(0.01)
            await app.workers.wait_for_complete()
            await pilot.pause()
            result["qc_after_mount"] = time.perf_counter() - start
        for key in ("n", "pagedown"):
            times, cpu = [], []
            for _ in range(presses):
                t0, c0 = time.perf_counter(), time.process_time()
                await pilot.press(key)
                await pilot.pause()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            result[key] = statistics.median(times)
            # CPU time excludes the pilot's idle waits (~80 ms of sleeping per press, the same
            # for both apps): it is the work of handling the key and repainting.
            result[f"{key}_cpu"] = statistics.median(cpu)
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


if __name__ == "__main__":
    kind, file, presses = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
    print(json.dumps(asyncio.run(probe(kind, file, presses))))
