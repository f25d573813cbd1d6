"""Merge benchmark: a three-way merge of sidecars with long histories on both sides.

Run: ``python tests/bench/bench_merge.py`` (or ``python tests/bench/run.py merge``).
Loading dominates; ordering and conflict detection are O(n log n) in the revisions merged.
Measures; never fails on time.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1] / "src"))

from transcript_review.core.sharing.merge import merge_files  # noqa: E402
from transcript_review.core.sidecar.records import (  # noqa: E402
    Approve,
    Header,
    ProposalKind,
    Propose,
    Reject,
    Revision,
    Role,
)
from transcript_review.core.sidecar.store import encode_sidecar  # noqa: E402
from transcript_review.core.text.anchors import Anchor  # noqa: E402

SHA = "9c1e" * 16
T0 = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _revisions(prefix: str, count: int, start: int, parent: str | None) -> list[Revision]:
    out = []
    for i in range(count):
        rid = f"{prefix}{i:07x}"
        anchor = Anchor("word", "p" * 32, "s" * 32, 10 * i, 10 * i + 4)
        events = (
            Propose(f"c-{rid}", ProposalKind.REPLACE, anchor, "new words"),
            Approve(f"c-{rid}") if i % 2 else Reject(f"c-{rid}"),
        )
        out.append(
            Revision(
                start + i,
                rid,
                parent,
                prefix,
                Role.REVIEWER,
                T0 + timedelta(seconds=7 * i + (3 if prefix == "b" else 0)),
                SHA,
                f"{prefix} revision {i}",
                events,
            )
        )
        parent = rid
    return out


def main() -> None:
    print(f"{'base+each side':>16} {'merge (s)':>10} {'per revision (ms)':>18}")
    for base_n, side_n in ((100, 100), (1000, 1000), (2000, 4000)):
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            base = _revisions("0", base_n, 1, None)
            a = base + _revisions("a", side_n, base_n + 1, base[-1].id)
            b = base + _revisions("b", side_n, base_n + 1, base[-1].id)
            header = Header("speech.txt")
            paths = []
            for name, revs in (("base", base), ("a", a), ("b", b)):
                path = folder / f"{name}.review.yaml"
                path.write_bytes(encode_sidecar(header, revs))
                paths.append(path)
            times = []
            for _ in range(3):
                began = time.perf_counter()
                merge_files(*paths)
                times.append(time.perf_counter() - began)
            took = statistics.median(times)
            total = base_n + 2 * side_n
            print(f"{f'{base_n}+{side_n}':>16} {took:>10.3f} {1000 * took / total:>18.3f}")


if __name__ == "__main__":
    main()
