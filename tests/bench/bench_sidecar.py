"""Sidecar benchmarks: append cost against history length, loading, folding, corrected text.

Run: ``python tests/bench/bench_sidecar.py`` (or ``python tests/bench/run.py sidecar``).
Prints medians of several runs as a plain-text table. Measures; never fails on time.
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

from transcript_review.core.corrections import apply_corrections, fold  # noqa: E402
from transcript_review.core.sidecar.records import (  # noqa: E402
    Approve,
    Header,
    ProposalKind,
    Propose,
    Revision,
    Role,
    new_revision_id,
    utc_now,
)
from transcript_review.core.sidecar.store import (  # noqa: E402
    append_revision,
    encode_header,
    load_sidecar,
)
from transcript_review.core.sidecar.strict_yaml import c_loader_available  # noqa: E402
from transcript_review.core.text.anchors import Anchor, Reanchorer, text_sha256  # noqa: E402

SHA = "9c1e" * 16


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls of ``action`` (after one untimed warm-up call)."""
    action()
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        action()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def revision_text(number: int) -> str:
    """One revision document holding one proposal and its approval, as the store writes it."""
    return f"""---
revision: {number}
id: {number:08x}
parent: {"null" if number == 1 else f"{number - 1:08x}"}
author: transcriber-a
role: reviewer
saved: 2026-11-26T21:41:07Z
transcript_sha256: {SHA}
message: Resolve gap number {number}
events:
- propose:
    id: c-{number:08x}
    kind: resolve-gap
    text: in our collective efforts
    evidence: listened
    anchor:
      exact: (inaudible)
      prefix: 'we are committed to improving '
      suffix: ' the responsibility to protect'
      start: 812
      end: 823
- approve:
    id: c-{number:08x}
    comment: matches the webcast
...
"""


def write_sidecar(folder: Path, revisions: int) -> Path:
    path = folder / f"h{revisions}.txt.review.yaml"
    parts = [encode_header(Header(path.name.removesuffix(".review.yaml"))).decode()]
    parts.extend(revision_text(n) for n in range(1, revisions + 1))
    path.write_text("".join(parts), encoding="utf-8")
    return path


def one_revision(parent: str | None) -> Revision:
    anchor = Anchor("(inaudible)", "x", "y", 812, 823)
    event = Propose("c-bench", ProposalKind.CONFIRM_GAP, anchor)
    return Revision(
        0, new_revision_id(), parent, "bench", Role.EDITOR, utc_now(), SHA, "b", (event,)
    )


def bench_append(folder: Path, history: int, runs: int = 15) -> float:
    path = write_sidecar(folder, history)
    loaded = load_sidecar(path)
    state = {"snapshot": loaded.snapshot, "parent": loaded.revisions[-1].id}

    def append() -> None:
        result = append_revision(path, one_revision(state["parent"]), state["snapshot"])
        state["snapshot"], state["parent"] = result.snapshot, result.revision.id

    return median_seconds(append, runs)


def transcript_with_corrections(words: int, corrections: int) -> tuple[str, list[Revision]]:
    try:
        from tests.bench.generate import generate_transcript

        text = generate_transcript(words)
    except Exception:  # the generator needs sample_transcripts/; fall back to plain words
        text = " ".join(f"word{i % 5000}" for i in range(words)) + "\n"
    step = len(text) // corrections
    events: list[Propose | Approve] = []
    approvals: list[Approve] = []
    for i in range(corrections):
        start = text.index(" ", i * step) + 1
        end = text.index(" ", start)
        cid = f"c-{i:08x}"
        events.append(Propose(cid, ProposalKind.REPLACE, Anchor.from_span(text, start, end), "X"))
        approvals.append(Approve(cid))
    digest = text_sha256(text)
    now = utc_now()
    revs = [
        Revision(1, "00000001", None, "ed", Role.EDITOR, now, digest, "p", tuple(events)),
        Revision(
            2, "00000002", "00000001", "rv", Role.REVIEWER, now, digest, "a", tuple(approvals)
        ),
    ]
    return text, revs


def main() -> None:
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = bench_append(folder, 10)
        large = bench_append(folder, 10_000)
        rows.append(("append 1 revision, history of 10", f"{small * 1000:.2f} ms"))
        rows.append(("append 1 revision, history of 10,000", f"{large * 1000:.2f} ms"))
        rows.append(("  ratio 10,000 / 10", f"{large / small:.2f}x"))
        path = write_sidecar(folder, 10_000)
        size = path.stat().st_size
        c_load = median_seconds(lambda: load_sidecar(path), 5) if c_loader_available() else None
        pure_load = median_seconds(lambda: load_sidecar(path, pure=True), 3)
        rows.append(
            (
                f"load 10,000 corrections ({size / 1e6:.1f} MB), C loader",
                f"{c_load:.2f} s" if c_load is not None else "libyaml missing",
            )
        )
        rows.append(("load 10,000 corrections, pure-Python loader", f"{pure_load:.2f} s"))
        if c_load:
            rows.append(("  pure / C", f"{pure_load / c_load:.1f}x"))
        loaded = load_sidecar(path)
        text_small = "we are committed to improving (inaudible) the responsibility to protect\n"
        fold_small = median_seconds(lambda: fold(loaded.header, loaded.revisions, text_small), 3)
        rows.append(("fold 10,000 revisions (all anchors re-anchored)", f"{fold_small:.2f} s"))

    text, revs = transcript_with_corrections(1_000_000, 10_000)
    header = Header("big.txt")
    fold_time = median_seconds(lambda: fold(header, revs, text), 5)
    state = fold(header, revs, text)
    apply_time = median_seconds(lambda: apply_corrections(state), 5)
    rows.append(
        (
            f"fold 10,000 corrections on 1M words ({len(text) / 1e6:.1f} M chars)",
            f"{fold_time:.3f} s",
        )
    )
    rows.append(("corrected text, 1M words, 10,000 corrections", f"{apply_time:.3f} s"))
    shifted = "A new first sentence.\n\n" + text
    anchors = [e.anchor for e in revs[0].events if isinstance(e, Propose)]
    shift_time = median_seconds(lambda: Reanchorer(shifted).place_all(anchors), 3)
    rows.append(("re-anchor 10,000 anchors after an insertion at the top", f"{shift_time:.3f} s"))
    edited = text.replace(" the ", " the very ", 200)
    edit_time = median_seconds(lambda: Reanchorer(edited).place_all(anchors), 3)
    rows.append(("re-anchor 10,000 anchors after 200 scattered insertions", f"{edit_time:.3f} s"))

    width = max(len(name) for name, _ in rows)
    print(f"{'measure':<{width}}  median")
    print(f"{'-' * width}  ------")
    for name, value in rows:
        print(f"{name:<{width}}  {value}")


if __name__ == "__main__":
    main()
