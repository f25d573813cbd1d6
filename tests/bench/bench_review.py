"""The review queue with many proposals: building them, first paint, and per-key times.

* Build: ``n`` ``replace`` proposals on distinct words of a generated transcript, made with one
  :class:`Draft` and saved as ONE revision (``EditingSession`` would also work, but it diffs the
  set of ids after each action, which is quadratic for a bulk load).
* First paint: the app opened headless as a reviewer (``TranscriptReviewApp.for_file(…,
  Role.REVIEWER)`` in ``run_test(size=(120, 40))``), from entering ``run_test`` until the review
  screen's queue holds its rows and a frame has been drawn.
* Keys: the median over several presses of ``down`` (move), ``s`` (skip) and ``a`` (approve: a
  verdict, so the queue and the editor's document are refreshed), wall time (including the
  pilot's idle wait after each press) and CPU time (``time.process_time()``: the work itself).
* Peak RSS of the process that ran the app (each configuration runs in a fresh process).

Run: ``python tests/bench/run.py review``. Ratios compare each figure with the queue of 100
proposals on the same transcript.
"""

from __future__ import annotations

import asyncio
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO))

from tests.bench.generate import write_transcript  # noqa: E402

SIZE = (120, 40)
PRESSES = 9
#: (transcript words, proposals)
CONFIGS = ((100_000, 100), (100_000, 10_000), (1_000_000, 10_000))


def build_sidecar(path: Path, proposals: int) -> dict[str, float]:
    """Write ``proposals`` replacements of distinct words of ``path`` as one revision."""
    from transcript_review.core.config import Config
    from transcript_review.core.corrections import Draft
    from transcript_review.core.editing.session import EditingSession
    from transcript_review.core.sidecar.records import Header, Role
    from transcript_review.core.sidecar.store import append_revision
    from transcript_review.core.text.anchors import Anchor

    t0 = time.perf_counter()
    session = EditingSession.open(path, Config(), user="ana")
    t_open = time.perf_counter() - t0
    text = session.transcript.text
    starts, ends = session.transcript.word_offsets()
    step = max(1, len(starts) // proposals)
    t0 = time.perf_counter()
    draft = Draft(session.state, "ana", Role.EDITOR)
    for k in range(proposals):
        i = k * step
        start, end = starts[i], ends[i]
        draft.replace(Anchor.from_span(text, start, end), text[start:end].upper())
    t_draft = time.perf_counter() - t0
    t0 = time.perf_counter()
    revision = draft.revision(f"{proposals} proposals", session.transcript.sha256)
    append_revision(
        session.sidecar_path,
        revision,
        session.sidecar.snapshot,
        header=Header(session.transcript.name),
    )
    t_save = time.perf_counter() - t0
    return {"open_s": t_open, "draft_s": t_draft, "save_s": t_save}


async def probe(path: Path, presses: int) -> dict[str, float]:
    """Open ``path`` as a reviewer headless; time first paint and keys; report peak RSS."""
    from transcript_review.core.config import Config
    from transcript_review.core.sidecar.records import Role
    from transcript_review.tui.app import TranscriptReviewApp
    from transcript_review.tui.editor_screen import EditorScreen
    from transcript_review.tui.review_screen import ReviewScreen

    spent = _split(EditorScreen, ReviewScreen)
    app = TranscriptReviewApp.for_file(path, Config(), "bench", Role.REVIEWER)
    start = time.perf_counter()
    cpu_start = time.process_time()
    async with app.run_test(size=SIZE) as pilot:
        while not (isinstance(app.screen, ReviewScreen) and app.screen.rows):
            await pilot.pause(0.005)
            if time.perf_counter() - start > 600:
                raise RuntimeError("the review queue did not fill in 10 minutes")
        await pilot.pause()
        result = {
            "paint_s": time.perf_counter() - start,
            "paint_cpu_s": time.process_time() - cpu_start,
            "rows": len(app.screen.rows),
        }
        for key in ("down", "s", "a"):
            spent.update(dict.fromkeys(spent, 0.0))
            times, cpu = [], []
            for _ in range(presses):
                t0, c0 = time.perf_counter(), time.process_time()
                await pilot.press(key)
                await pilot.pause()
                times.append(time.perf_counter() - t0)
                cpu.append(time.process_time() - c0)
            result[key] = statistics.median(times)
            result[f"{key}_cpu"] = statistics.median(cpu)
        queue = spent["ReviewScreen.refresh_queue"]
        result["a_queue_cpu"] = queue / presses
        result["a_editor_cpu"] = spent["EditorScreen.refresh_document"] / presses
        approved = app.session.state.counts()["approved"]
        if approved != presses:
            raise RuntimeError(f"{presses} presses of a approved {approved} proposals")
    result["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def _split(editor_class: type, screen_class: type) -> dict[str, float]:
    """CPU seconds spent in the review queue's refresh and in the editor's (which no longer
    refreshes the queue: the queue refreshes itself, the editor catches up when shown)."""
    spent: dict[str, float] = {}

    def timed(cls: type, name: str) -> None:
        inner = getattr(cls, name)
        label = f"{cls.__name__}.{name}"
        spent[label] = 0.0

        def wrapper(*args: object, **kwargs: object) -> object:
            t0 = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[label] = spent.get(label, 0.0) + time.process_time() - t0

        setattr(cls, name, wrapper)

    timed(editor_class, "refresh_document")
    timed(screen_class, "refresh_queue")
    return spent


def run_probe(path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "probe", str(path), str(PRESSES)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        for words, proposals in CONFIGS:
            sub = work / f"{words}-{proposals}"
            sub.mkdir()
            path = write_transcript(sub, words)
            built = build_sidecar(path, proposals)
            rows.append((words, proposals, built, run_probe(path)))
    base = {words: probe for words, proposals, _, probe in rows if proposals == 100}
    print(
        f"keys: median of {PRESSES} presses; wall ms includes the pilot's idle wait after each "
        "press, cpu ms is the work itself; x100: CPU time / the 100-proposal queue's on the "
        "same transcript"
    )
    print(
        "a = queue + editor: CPU ms per press in ReviewScreen.refresh_queue (the queue) and in "
        "EditorScreen.refresh_document (the editor's document and panel)"
    )
    print(
        f"{'words':>6} {'props':>6} {'build s':>8} {'save s':>7} {'paint s':>8} "
        f"{'down ms':>8} {'cpu':>6} {'s ms':>6} {'cpu':>6} {'a ms':>7} {'cpu':>7} {'x100':>6} "
        f"{'queue':>6} {'editor':>7} {'RSS MB':>7}"
    )
    for words, proposals, built, p in rows:
        ref = base.get(words)
        ratio = f"{p['a_cpu'] / ref['a_cpu']:>6.1f}" if ref else f"{'':>6}"
        print(
            f"{words // 1000:>5}k {proposals:>6} {built['draft_s']:>8.2f} {built['save_s']:>7.2f} "
            f"{p['paint_s']:>8.2f} {p['down'] * 1000:>8.1f} {p['down_cpu'] * 1000:>6.1f} "
            f"{p['s'] * 1000:>6.1f} {p['s_cpu'] * 1000:>6.1f} {p['a'] * 1000:>7.1f} "
            f"{p['a_cpu'] * 1000:>7.1f} {ratio} {p['a_queue_cpu'] * 1000:>6.1f} "
            f"{p['a_editor_cpu'] * 1000:>7.1f} {p['rss_mb']:>7.0f}"
        )
    print("\nratios against 100 proposals on the same transcript (CPU per key, first paint):")
    for words, proposals, _, p in rows:
        ref = base.get(words)
        if ref is None or proposals == 100:
            continue
        print(
            f"{words // 1000:>5}k {proposals:>6}: paint {p['paint_s'] / ref['paint_s']:5.1f}x  "
            f"down {p['down_cpu'] / ref['down_cpu']:5.1f}x  s {p['s_cpu'] / ref['s_cpu']:5.1f}x  "
            f"a {p['a_cpu'] / ref['a_cpu']:5.1f}x"
        )


if __name__ == "__main__":
    if sys.argv[1:2] == ["probe"]:
        print(json.dumps(asyncio.run(probe(Path(sys.argv[2]), int(sys.argv[3])))))
    else:
        main()
