"""Kill a writer with SIGKILL at random moments, hundreds of times: nothing saved is ever lost.

A forked child appends revisions in a loop and, after each save returned (fsync done), writes
the revision id to a report file and fsyncs that. The parent kills it after a random delay,
reaps it (so its pid is provably dead), loads the sidecar and checks that every reported
revision is there, in order, and that the only damage is a reportable torn tail. The next
writer (the next child) must move that tail to ``.torn`` and carry on.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from transcript_review.core.sidecar.records import (
    Header,
    ProposalKind,
    Propose,
    Revision,
    Role,
    new_id,
    new_revision_id,
    utc_now,
)
from transcript_review.core.sidecar.store import (
    append_revision,
    load_sidecar,
    lock_path_for,
    torn_path_for,
)
from transcript_review.core.text.anchors import Anchor, text_sha256

TEXT = "Mr. President, the whole power of diplomacy will be relevant (inaudible).\n"


def _slow_disk() -> None:
    """Make this (child) process write at most 512 bytes per call, slowly, like a busy disk,
    so that kills land in the middle of a revision far more often."""
    real_write = os.write

    def write(fd: int, data: bytes) -> int:
        time.sleep(0.0005)
        return real_write(fd, bytes(data[:512]))

    os.write = write  # type: ignore[assignment]


def _writer(sidecar: str, report: str, seed: int, slow: bool) -> None:
    """Child: append revisions forever, reporting each one after it is durably saved."""
    if slow:
        _slow_disk()
    rng = random.Random(seed)
    path = Path(sidecar)
    loaded = load_sidecar(path)
    snapshot = loaded.snapshot
    parent = loaded.revisions[-1].id if loaded.revisions else None
    anchor = Anchor.from_span(TEXT, TEXT.index("(inaudible)"), TEXT.index("(inaudible)") + 11)
    report_fd = os.open(report, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    while True:
        words = " ".join(f"w{rng.randrange(10**6)}" for _ in range(rng.randrange(1, 3000)))
        rev = Revision(
            0,
            new_revision_id(),
            parent,
            f"writer-{seed}",
            Role.EDITOR,
            utc_now(),
            text_sha256(TEXT),
            "loop",
            (Propose(new_id("c"), ProposalKind.REPLACE, anchor, words),),
        )
        result = append_revision(path, rev, snapshot, header=Header("speech.txt"))
        os.write(report_fd, f"{result.revision.id}\n".encode())
        os.fsync(report_fd)
        snapshot, parent = result.snapshot, result.revision.id


def _check(sidecar: Path, report: Path) -> tuple[int, bool]:
    loaded = load_sidecar(sidecar)  # raises on any corruption beyond a torn tail
    ids = [r.id for r in loaded.revisions]
    assert len(ids) == len(set(ids))
    assert [r.number for r in loaded.revisions] == list(range(1, len(ids) + 1))
    reported = report.read_text().split() if report.exists() else []
    positions = {rid: i for i, rid in enumerate(ids)}
    missing = [rid for rid in reported if rid not in positions]
    assert not missing, f"saved revisions lost: {missing}"
    assert [positions[r] for r in reported] == sorted(positions[r] for r in reported)
    for warning in loaded.warnings:
        assert "unfinished revision" in warning
    return len(ids), loaded.torn is not None


@pytest.mark.slow
def test_sigkill_during_saves_never_loses_a_saved_revision(tmp_path: Path) -> None:
    context = multiprocessing.get_context("fork")
    rng = random.Random(2026)
    kills, torn_seen, rounds_per_file = 0, 0, 50
    began = time.monotonic()
    for group in range(5):
        folder = tmp_path / f"g{group}"
        folder.mkdir()
        sidecar = folder / "speech.txt.review.yaml"
        report = folder / "report"
        for i in range(rounds_per_file):
            slow = group % 2 == 1
            child = context.Process(target=_writer, args=(str(sidecar), str(report), i, slow))
            child.start()
            time.sleep(rng.uniform(0.0, 0.06))
            os.kill(child.pid, signal.SIGKILL)
            child.join()
            kills += 1
            _, torn = _check(sidecar, report)
            torn_seen += torn
            if time.monotonic() - began > 25:
                break
        # One more save by a live writer: the torn tail goes to .torn, everything else stays.
        before, torn = _check(sidecar, report) if sidecar.exists() else (0, False)
        if sidecar.exists():
            loaded = load_sidecar(sidecar)
            anchor = Anchor.from_span(TEXT, 0, 3)
            rev = Revision(
                0,
                new_revision_id(),
                None,
                "final",
                Role.EDITOR,
                utc_now(),
                text_sha256(TEXT),
                "after the storm",
                (Propose(new_id("c"), ProposalKind.CONFIRM_GAP, anchor),),
            )
            result = append_revision(sidecar, rev, loaded.snapshot)
            after = load_sidecar(sidecar)
            assert after.torn is None and len(after.revisions) == before + 1
            if torn:
                assert result.torn_moved > 0 and torn_path_for(sidecar).exists()
            assert not lock_path_for(sidecar).exists()
        if time.monotonic() - began > 25:
            break
    assert kills >= 150, f"only {kills} kills in the time budget"
    assert torn_seen > 0, "no kill landed mid-write; the test did not test torn tails"
    print(f"{kills} kills, torn tails seen {torn_seen} times")
