"""``qc`` on 100k and 1M words: time and memory, against ``status`` on the same file.

Each command runs as ``transcript-review CMD FILE --json`` would, in a fresh Python process
(imports included, output to /dev/null), several times; the table shows medians of the wall
time and of the peak RSS, and the ratio of ``qc`` to ``status``. The transcript is the generated
benchmark text (a gap every ~200 words, a ``*…*`` passage every ~1000) with a misspelled
Member State every ~5000 words, so the glossary index has near misses to find.

A third run checks the same file after up to :data:`DISMISSED` of its findings were dismissed
(``qc-dismiss`` events in its sidecar, one revision), so the cost of reading the dismissals and
setting those findings aside shows (it should be small: a lookup by id).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench.generate import generate_transcript

SIZES = (100_000, 1_000_000)
RUNS = 5
DISMISSED = 500
MISSPELLINGS = ("Phillipines", "Kazakstan", "Security Counsel", "Columbia", "Isreal")

_CHILD = r"""
import contextlib, io, json, os, resource, sys, time
t0 = time.perf_counter()
from transcript_review.cli import main
with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
    code = main([sys.argv[1], sys.argv[2], "--json"])
seconds = time.perf_counter() - t0
usage = resource.getrusage(resource.RUSAGE_SELF)
cpu = usage.ru_utime + usage.ru_stime
print(json.dumps({"seconds": seconds, "cpu": cpu, "rss": usage.ru_maxrss, "code": code}))
"""


def write_bench_transcript(folder: Path, words: int) -> Path:
    """The generated transcript with a misspelled name every ~5000 words."""
    path = folder / f"qc-{words}.txt"
    tokens = generate_transcript(words).split(" ")
    for n, i in enumerate(range(2500, len(tokens), 5000)):
        if tokens[i].isalpha():
            tokens[i] = MISSPELLINGS[n % len(MISSPELLINGS)]
    path.write_text(" ".join(tokens), encoding="utf-8")
    return path


def _run(command: str, path: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, command, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def dismiss_some(path: Path, limit: int = DISMISSED) -> int:
    """Dismiss up to ``limit`` findings of ``path`` (not of the open-work rules) in one saved
    revision; how many."""
    from transcript_review.core.config import Config
    from transcript_review.core.editing.session import EditingSession
    from transcript_review.core.qc.check import check_session
    from transcript_review.core.qc.decisions import dismiss_finding
    from transcript_review.core.qc.rule_ids import OPEN_WORK_RULES

    config = Config()
    session = EditingSession.open(path, config, user="bench")
    chosen = [
        f for f in check_session(session, config).findings if f.rule not in OPEN_WORK_RULES
    ][:limit]
    for finding in chosen:
        dismiss_finding(session, finding, "bench")
    if chosen:
        session.save("bench dismissals")
    return len(chosen)


def main() -> None:
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in SIZES:
            path = write_bench_transcript(Path(folder), size)
            measured = {}
            for command in ("status", "qc"):
                runs = [_run(command, path) for _ in range(RUNS)]
                measured[command] = (
                    statistics.median(r["seconds"] for r in runs),
                    statistics.median(r["rss"] for r in runs) / 1024,
                )
                measured[command + " cpu"] = (statistics.median(r["cpu"] for r in runs), 0)
            dismissed = dismiss_some(path)
            runs = [_run("qc", path) for _ in range(RUNS)]
            measured["dismissed"] = (statistics.median(r["seconds"] for r in runs), dismissed)
            measured["dismissed cpu"] = (statistics.median(r["cpu"] for r in runs), 0)
            rows.append((size, path.stat().st_size, measured))
    print(f"qc vs status on the same file, `CMD FILE --json` in a fresh process, median of {RUNS}")
    print(
        f"{'words':>10} {'MB':>5} {'status s':>9} {'qc s':>7} {'qc/status':>9} "
        f"{'status RSS MB':>13} {'qc RSS MB':>9} {'RSS ratio':>9} "
        f"{'dismissed':>9} {'qc s then':>9} {'ratio':>6}"
    )
    for size, nbytes, m in rows:
        (st, st_rss), (qc, qc_rss), (qd, n) = m["status"], m["qc"], m["dismissed"]
        print(
            f"{size:>10,} {nbytes / 1e6:>5.1f} {st:>9.2f} {qc:>7.2f} {qc / st:>9.2f} "
            f"{st_rss:>13.0f} {qc_rss:>9.0f} {qc_rss / st_rss:>9.2f} "
            f"{n:>9} {qd:>9.2f} {qd / qc:>6.2f}"
        )
    print("CPU seconds (user + system; steadier than wall time on a shared machine):")
    print(
        f"{'words':>10} {'status':>7} {'qc':>7} {'qc/status':>9} {'qc, dismissed':>13} "
        f"{'ratio':>6}"
    )
    for size, _, m in rows:
        st, qc, qd = m["status cpu"][0], m["qc cpu"][0], m["dismissed cpu"][0]
        print(f"{size:>10,} {st:>7.2f} {qc:>7.2f} {qc / st:>9.2f} {qd:>13.2f} {qd / qc:>6.2f}")


if __name__ == "__main__":
    main()
