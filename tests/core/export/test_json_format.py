"""The JSON export's shape is pinned: its keys and their types.

The other half of keeping the export apart from the sidecar's layout is in
tests/test_layering.py: core/export/ may not import core/sidecar/ at all.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED
from transcript_review.cli import main

TOP = {
    "transcript": str,
    "revision": int,
    "include_proposed": bool,
    "text": str,
    "corrections": list,
    "applied": list,
    "skipped": list,
    "items": list,
}
CORRECTION = {
    "id", "kind", "status", "author", "role", "revision", "text", "evidence", "note", "reason",
    "flag", "anchor", "placement", "superseded_by", "history",
}  # fmt: skip
ANCHOR = {"exact": str, "prefix": str, "suffix": str, "start": int, "end": int}
PLACEMENT = {"start": int, "end": int, "method": str, "score": float}
HISTORY = {"action", "by", "role", "revision", "comment", "text"}
ITEM = {
    "id", "kind", "style", "marker", "start", "end", "paragraph", "line", "column", "time",
    "context", "parent",
}  # fmt: skip


def _exported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    tmp_path.mkdir(exist_ok=True)
    seed = tmp_path / "canada.txt"
    shutil.copy(SEED, seed)
    replace = ["replace", str(seed), "--quote", "Secretary General", "--with", "Secretary-General"]
    replace += ["--occurrence", "1"]
    assert main([*replace, "--user", "ana", "--json"]) == 0
    (created,) = json.loads(capsys.readouterr().out)["created"]
    cid = created["id"]
    assert main(["approve", str(seed), cid, "--user", "ben", "--comment", "house style"]) == 0
    capsys.readouterr()
    assert main(["export", str(seed), "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_the_json_export_keeps_its_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _exported(tmp_path, capsys)
    assert {key: type(value) for key, value in data.items()} == TOP
    (correction,) = data["corrections"]
    assert set(correction) == CORRECTION
    assert {key: type(value) for key, value in correction["anchor"].items()} == ANCHOR
    placement = correction["placement"]
    assert {key: type(value) for key, value in placement.items()} == PLACEMENT
    assert [h["action"] for h in correction["history"]] == ["propose", "approve"]
    assert all(set(h) == HISTORY for h in correction["history"])
    assert data["applied"] == [correction["id"]] and data["skipped"] == []
    assert data["items"] and all(set(item) >= ITEM for item in data["items"])
