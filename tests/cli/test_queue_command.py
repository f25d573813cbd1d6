"""``transcript-review queue``: the review screen's rows and filters, from the command line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SEED
from transcript_review.cli import main
from transcript_review.core.config import Config
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.editing.session_timing import time_session
from transcript_review.core.review.queue import build_queue
from transcript_review.core.sidecar.store import sidecar_path_for


@pytest.fixture
def seed(tmp_path: Path) -> Path:
    target = tmp_path / "canada.txt"
    shutil.copy(SEED, target)
    return target


def run(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def propose(capsys: pytest.CaptureFixture[str], seed: Path, quote: str, new: str, user: str) -> str:
    code, out, err = run(
        capsys, "replace", seed, "--quote", quote, "--occurrence", 1, "--with", new,
        "--user", user, "--json",
    )  # fmt: skip
    assert code == 0, err
    return json.loads(out)["created"][0]["id"]


def queue_json(capsys: pytest.CaptureFixture[str], seed: Path, *args: str) -> dict:
    code, out, err = run(capsys, "queue", seed, "--json", *args)
    assert code == 0, err
    return json.loads(out)


def test_the_queue_lists_what_the_review_screen_lists(
    seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first = propose(capsys, seed, "Secretary General", "Secretary-General", "ana")
    second = propose(capsys, seed, "regional organizations", "regional bodies", "cy")
    assert run(capsys, "approve", seed, first, "--user", "ben")[0] == 0
    session = EditingSession.open(seed, Config())
    timing = time_session(session)
    for query in ("status:proposed", "status:approved", "", "author:a", "-author:cy", "bodies"):
        args = ("--filter", query)
        listed = [row["id"] for row in queue_json(capsys, seed, *args)["rows"]]
        assert listed == [row.id for row in build_queue(session, timing, query)], query
    data = queue_json(capsys, seed)
    assert data["filter"] == "status:proposed"
    (row,) = data["rows"]
    assert row["id"] == second and row["status"] == "proposed" and row["author"] == "cy"
    assert row["change"] == "regional organizations → regional bodies"
    assert row["line"] > 0 and row["end"] - row["start"] == len("regional organizations")
    approved = queue_json(capsys, seed, "--filter", "status:approved")["rows"]
    assert [r["id"] for r in approved] == [first]


def test_the_table_shows_each_row_on_one_line_when_piped(
    seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cid = propose(capsys, seed, "Secretary General", "Secretary-General", "ana")
    code, out, err = run(capsys, "queue", seed)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "canada.txt: 1 proposal(s) matching “status:proposed”"
    assert lines[1].split() == ["id", "kind", "author", "time", "age", "status", "change"]
    assert lines[2].startswith(cid) and "Secretary General → Secretary-General" in lines[2]
    code, out, _ = run(capsys, "queue", seed, "--filter", "status:rejected")
    assert code == 0 and out == "canada.txt: no proposals match “status:rejected”.\n"


def test_an_author_with_control_characters_is_shown_escaped(
    seed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    propose(capsys, seed, "Secretary General", "Secretary-General", "ana\x1b]0;pwned\x07")
    code, out, _ = run(capsys, "queue", seed)
    assert code == 0 and "\x1b" not in out and "\x07" not in out
    assert "ana\\x1b]0;pwned\\x07" in out


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--filter", "status:aproved"), "no status starts with 'aproved'"),
        (("--filter", "-kind:swap"), "no kind starts with 'swap'"),
        (("--filter", "is:new"), "no is starts with 'new'"),
    ],
)
def test_a_filter_that_can_match_nothing_is_refused(
    seed: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], says: str
) -> None:
    propose(capsys, seed, "Secretary General", "Secretary-General", "ana")
    before = sidecar_path_for(seed).read_bytes()
    code, out, err = run(capsys, "queue", seed, *args)
    assert code == 2 and out == ""
    assert err.startswith("transcript-review: error: ") and err.count("\n") == 1, err
    assert says in err
    assert sidecar_path_for(seed).read_bytes() == before


def test_bad_files_end_with_one_line(
    seed: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "scan.pdf"
    binary.write_bytes(b"%PDF-1.4\x00\x01\x02" * 20)
    # (a folder was refused here before `queue DIR` existed: tests/cli/test_folder_queue.py)
    for bad in (tmp_path / "missing.txt", binary):
        code, out, err = run(capsys, "queue", bad)
        assert code == 2 and out == "", bad
        assert err.startswith("transcript-review: error: ") and err.count("\n") == 1, err


def test_a_long_queue_is_printed_one_plain_line_a_row(
    seed: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from transcript_review.cli import queue_command

    monkeypatch.setattr(queue_command, "TABLE_ROWS", 1)  # as if there were thousands
    first = propose(capsys, seed, "Secretary General", "Secretary-General", "ana")
    second = propose(capsys, seed, "regional organizations", "regional bodies", "cy")
    code, out, _ = run(capsys, "queue", seed)
    assert code == 0
    title, *rows = out.splitlines()
    assert title == "canada.txt: 2 proposal(s) matching “status:proposed”"
    assert [row.split()[0] for row in rows] == [first, second]
    assert rows[1].endswith("regional organizations → regional bodies")
