"""A separate process that saves to a shared sidecar (run by test_shared_folder.py).

``stress SIDECAR NAME START STOP OUT``: from time START until STOP, append revisions (sometimes on
a stale snapshot, as an editor that loaded a while ago would), writing to OUT a line per save:
its id and how many revisions of others it found appended since its snapshot.

``editor TRANSCRIPT NAME START QUOTE``: open an editing session, flag QUOTE, wait for START, save,
wait until the other editor's revision is there too, and print what the save and
:func:`added_since` reported, as JSON.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sharing.merge import AddedSince, added_since
from transcript_review.core.sidecar.records import (
    Flag,
    Header,
    Revision,
    Role,
    new_id,
    new_revision_id,
    utc_now,
)
from transcript_review.core.sidecar.store import append_revision, load_sidecar
from transcript_review.core.text.anchors import Anchor, text_sha256


def _wait(start: float) -> None:
    while time.time() < start:
        time.sleep(0.001)


def stress(sidecar: Path, name: str, start: float, stop: float, out: Path) -> None:
    text = "Mr. President, we thank you. (inaudible) and so on.\n"
    anchor = Anchor.from_span(text, 0, 3)
    digest = text_sha256(text)
    rng = random.Random(name)
    loaded = load_sidecar(sidecar)
    _wait(start)
    with open(out, "a", encoding="utf-8") as record:
        while time.time() < stop:
            if rng.random() < 0.6:  # else: save on the snapshot of an earlier load
                loaded = load_sidecar(sidecar)
            revision = Revision(
                len(loaded.revisions) + 1,
                new_revision_id(),
                loaded.snapshot.last_id,
                name,
                Role.EDITOR,
                utc_now(),
                digest,
                f"{name} flags",
                (Flag(new_id("f"), anchor, f"by {name}"),),
            )
            result = append_revision(
                sidecar, revision, loaded.snapshot, header=Header("speech.txt"), lock_timeout=30
            )
            record.write(f"{result.revision.id} {len(result.others)}\n")
            record.flush()


def editor(transcript: Path, name: str, start: float, quote: str) -> None:
    session = EditingSession.open(transcript, Config(), user=name)
    opened = session.sidecar
    pos = session.transcript.text.index(quote)
    session.flag(pos, pos + len(quote), f"{name} doubts it")
    _wait(start)
    result = session.save(f"{name}'s flag")
    own = result.revision.id
    deadline = time.time() + 20
    while len(load_sidecar(session.sidecar_path).revisions) < 2 and time.time() < deadline:
        time.sleep(0.01)
    news = added_since(opened)
    others = AddedSince(tuple(r for r in news.revisions if r.id != own), news.rewritten)
    print(
        json.dumps(
            {
                "id": own,
                "others_at_save": [r.id for r in result.others],
                "added_by_others": [r.id for r in others.revisions],
                "summary": others.summary(),
            }
        )
    )


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    if mode == "stress":
        stress(Path(args[0]), args[1], float(args[2]), float(args[3]), Path(args[4]))
    else:
        editor(Path(args[0]), args[1], float(args[2]), args[3])
