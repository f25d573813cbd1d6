"""One time per item, wherever it is printed: ``items``, ``items --json``, ``export --format
json``, the review queue's time column, the open-work list and the editor's gap dialog all
give the item's time from :func:`item_moment` (a time written in the marker, else the timing's
moment at the item's start), never the paragraph's last stamp."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.conftest import SAMPLES
from transcript_review.cli import main
from transcript_review.cli.common import timing_for
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.sidecar.records import Role
from transcript_review.core.text.timecodes import format_timecode
from transcript_review.core.timing.transcript_times import item_moment, time_transcript

COUNCIL = SAMPLES / "security-council-briefing-speakers.txt"


@pytest.fixture
def council(tmp_path: Path) -> Path:
    path = tmp_path / "council.txt"
    shutil.copy(COUNCIL, path)
    return path


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([str(a) for a in args]) == 0
    return json.loads(capsys.readouterr().out)


def test_item_moment_prefers_the_time_written_in_the_marker(council: Path) -> None:
    session = EditingSession.open(council, Config(), user="ana", role=Role.EDITOR)
    timing = time_transcript(session.transcript)
    by_marker = {i.marker: i for i in session.items}
    written = item_moment(by_marker["[inaudible 00:03:05]"], timing)
    assert written is not None and (written.seconds, written.source) == (185.0, "inline")
    assert item_moment(by_marker["(inaudible at 00:05:12)"], timing).seconds == 312.0  # type: ignore[union-attr]
    plain = by_marker["(inaudible)"]
    assert plain.time == 72.0  # the paragraph's stamp: not the item's time
    moment = item_moment(plain, timing)
    assert moment is not None and moment.estimated
    assert moment == timing.moment_at(plain.start) and moment.seconds != 72.0
    assert item_moment(plain, None) is None


def test_every_view_gives_an_item_the_same_time(
    council: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = _cli_json(capsys, "items", council, "--json")["items"]
    exported = _cli_json(capsys, "export", council, "--format", "json")["items"]
    items_times = {i["id"]: (i["time"], i["time_source"]) for i in listed}
    export_times = {i["id"]: (i["time"], i["time_source"]) for i in exported}
    assert export_times == items_times
    assert items_times["g-f48296"] == (185.0, "inline")  # [inaudible 00:03:05]
    assert items_times["g-399b97"] == (81.2, "estimated")  # (inaudible), not the 72.0 stamp

    session = EditingSession.open(council, Config(), user="ana", role=Role.EDITOR)
    timing = timing_for(session, Config())
    expected = {
        item.id: round(item_moment(item, timing).seconds, 2)  # type: ignore[union-attr]
        for item in session.items
    }
    assert {k: t for k, (t, _) in items_times.items()} == expected

    # The open-work list beside the editor.
    from transcript_review.tui.worklist import build_worklist

    entries = [e for e in build_worklist(session, timing).entries if e.key in expected]
    assert entries
    for entry in entries:
        assert entry.time is not None and round(entry.time, 2) == expected[entry.key], entry

    # The editor's gap dialog heading ("Gap g-… at 00:03:05").
    from transcript_review.tui.editor_correcting import CorrectingKeys

    host = SimpleNamespace(timing=timing)
    for item in session.items:
        label = CorrectingKeys._time_label(host, item)  # type: ignore[arg-type]
        moment = item_moment(item, timing)
        assert moment is not None
        assert label.startswith(format_timecode(moment.seconds, estimated=moment.estimated))

    # The review queue's time column, for a proposal on each gap.
    from transcript_review.core.review.queue import build_queue

    on_gap = {}
    for item in session.items:
        if item.kind == "gap":
            on_gap[session.confirm_gap(item)] = item.id
    rows = build_queue(session, timing, "")
    assert {r.id for r in rows} >= set(on_gap)
    for row in rows:
        if row.id in on_gap:
            assert row.time is not None
            assert round(row.time, 2) == expected[on_gap[row.id]], (row.id, on_gap[row.id])
            assert row.estimated == (items_times[on_gap[row.id]][1] == "estimated")
