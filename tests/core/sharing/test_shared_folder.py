"""Shared folders: several processes saving to one sidecar at the same moment keep everything."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from transcript_review.core.corrections import fold
from transcript_review.core.sidecar.store import load_sidecar, sidecar_path_for

from .helpers import SPEECH

WRITER = Path(__file__).with_name("writer_process.py")


def _spawn(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_stress_four_processes_appending_for_three_seconds(tmp_path: Path) -> None:
    sidecar = tmp_path / "speech.txt.review.yaml"
    start = time.time() + 1.5  # after the interpreters have started
    stop = start + 3.0
    outs = [tmp_path / f"w{i}.ids" for i in range(4)]
    procs = [
        _spawn("stress", str(sidecar), f"w{i}", str(start), str(stop), str(out))
        for i, out in enumerate(outs)
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    lines = [line.split() for out in outs for line in out.read_text().splitlines()]
    written = [rid for rid, _ in lines]
    assert all(out.read_text() for out in outs), "every writer saved at least once"
    # The writers really raced: saves found others' revisions appended after their snapshot.
    assert sum(int(n) for _, n in lines) > 0
    loaded = load_sidecar(sidecar)
    assert loaded.torn is None and loaded.warnings == ()
    ids = Counter(r.id for r in loaded.revisions)
    assert ids == Counter(written)  # every revision written is there, exactly once
    assert max(ids.values()) == 1
    assert [r.number for r in loaded.revisions] == list(range(1, len(written) + 1))
    text = "Mr. President, we thank you. (inaudible) and so on.\n"
    state = fold(loaded.header, loaded.revisions, text)
    assert not state.problems and len(state.corrections) == len(written)
    assert not list(tmp_path.glob("*.lock")) and not list(tmp_path.glob(".*"))


def test_two_editors_saving_at_the_same_moment_both_keep_their_revision(tmp_path: Path) -> None:
    transcript = tmp_path / "speech.txt"
    transcript.write_text(SPEECH, encoding="utf-8")
    start = time.time() + 1.5
    ann = _spawn("editor", str(transcript), "ann", str(start), "flown")
    bob = _spawn("editor", str(transcript), "bob", str(start), "proactive")
    reports = {}
    for name, proc in (("ann", ann), ("bob", bob)):
        out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
        reports[name] = json.loads(out)
    loaded = load_sidecar(sidecar_path_for(transcript))
    assert sorted(r.id for r in loaded.revisions) == sorted(r["id"] for r in reports.values())
    # Whoever saved second found the other's revision and kept it before its own ...
    second = [n for n, r in reports.items() if r["others_at_save"]]
    assert len(second) == 1
    assert loaded.revisions[-1].author == second[0]
    # ... and each can be told what the other added since it opened the file.
    assert reports["ann"]["added_by_others"] == [reports["bob"]["id"]]
    assert reports["bob"]["added_by_others"] == [reports["ann"]["id"]]
    assert reports["ann"]["summary"].startswith("bob added 1 revision since you opened this:")
    state = fold(loaded.header, loaded.revisions, SPEECH)
    assert len(state.active_flags()) == 2 and not state.problems
