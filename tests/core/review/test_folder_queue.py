"""The folder's review queue (:class:`.FolderQueue`): rows of every file, the same filters and
rules as one file's queue, verdicts routed per file, one revision per touched sidecar."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, SEED
from transcript_review.core.config import Config
from transcript_review.core.editing import session as session_module
from transcript_review.core.editing.session import EditingSession
from transcript_review.core.errors import InputError
from transcript_review.core.review.folder_queue import FolderQueue
from transcript_review.core.review.queue import build_queue
from transcript_review.core.sidecar.records import Role
from transcript_review.core.sidecar.store import LockError, load_sidecar, sidecar_path_for
from transcript_review.core.text.anchors import anchor_for_quote

CONFIG = Config()


def propose(path: Path, quote: str, new: str, user: str) -> str:
    """Save a proposal of ``new`` for the first ``quote`` in ``path`` by ``user``; its id."""
    session = EditingSession.open(path, CONFIG, user=user)
    anchor = anchor_for_quote(session.transcript.text, quote, 1, path=path)
    cid = session.replace(anchor.start, anchor.end, new)
    session.save(f"proposed by {user}")
    return cid


@pytest.fixture
def meeting(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """a.txt (two proposals by ana), b.txt (one by cy), day2/c.txt (one by ben, the
    reviewer), quiet.txt (none: no sidecar), and a binary file; the ids by name."""
    folder = tmp_path / "meeting"
    (folder / "day2").mkdir(parents=True)
    for name in ("a.txt", "b.txt", "day2/c.txt"):
        shutil.copy(SEED, folder / name)
    shutil.copy(SAMPLES / "press-briefing-stamped-lines.txt", folder / "quiet.txt")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\x00\x01\x02" * 20)
    ids = {
        "a1": propose(folder / "a.txt", "Secretary General", "Secretary-General", "ana"),
        "a2": propose(folder / "a.txt", "regional organizations", "regional bodies", "ana"),
        "b1": propose(folder / "b.txt", "Secretary General", "the SG", "cy"),
        "c1": propose(folder / "day2/c.txt", "Secretary General", "SecGen", "ben"),
    }
    return folder, ids


def open_queue(folder: Path, *, recursive: bool = True, user: str = "ben") -> FolderQueue:
    return FolderQueue.open(folder, CONFIG, user=user, recursive=recursive)


def listed(queue: FolderQueue, query: str = "status:proposed") -> list[tuple[str | None, str]]:
    return [(row.file, row.id) for row in queue.rows(query)]


def test_rows_come_from_every_file_with_their_file(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    assert queue.files == ["a.txt", "b.txt", "day2/c.txt"]
    assert listed(queue) == [
        ("a.txt", ids["a1"]),
        ("a.txt", ids["a2"]),
        ("b.txt", ids["b1"]),
        ("day2/c.txt", ids["c1"]),
    ]
    # Each file's rows are exactly one file's queue of it, in its order, with the file added.
    alone = EditingSession.open(folder / "a.txt", CONFIG, user="ben", role=Role.REVIEWER)
    one = build_queue(alone, queue.timing("a.txt"))
    assert [r.id for r in one] == [r.id for r in queue.rows() if r.file == "a.txt"]
    assert [r.file for r in one] == [None, None]
    assert not recursive_rows(folder)


def recursive_rows(folder: Path) -> list[tuple[str | None, str]]:
    """Without --recursive, the subfolder's file is not listed."""
    return [r for r in listed(open_queue(folder, recursive=False)) if r[0] == "day2/c.txt"]


def test_filters_are_one_files_plus_file(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    assert listed(queue, "file:b") == [("b.txt", ids["b1"])]
    assert listed(queue, "file:day2/") == [("day2/c.txt", ids["c1"])]
    assert listed(queue, "file:c.txt") == [("day2/c.txt", ids["c1"])]  # its file name
    assert [f for f, _ in listed(queue, "-file:a")] == ["b.txt", "day2/c.txt"]
    assert listed(queue, "author:cy") == [("b.txt", ids["b1"])]
    assert listed(queue, "file:a author:cy") == []
    assert listed(queue, "bodies") == [("a.txt", ids["a2"])]
    assert listed(queue, "kind:replace file:a -is:outdated") == [
        ("a.txt", ids["a1"]),
        ("a.txt", ids["a2"]),
    ]
    assert listed(queue, "status:approved") == []


def test_a_file_without_corrections_is_never_opened(meeting, monkeypatch) -> None:
    folder, _ = meeting
    opened: list[str] = []
    real = EditingSession.open.__func__

    def counting(cls, path, *args, **kwargs):
        opened.append(Path(path).name)
        return real(cls, path, *args, **kwargs)

    open_queue(folder)  # fills the summaries' cache
    monkeypatch.setattr(EditingSession, "open", classmethod(counting))
    queue = open_queue(folder)
    assert sorted(opened) == ["a.txt", "b.txt", "c.txt"]  # not quiet.txt, not scan.pdf
    assert queue.skipped == 1
    # Cold (no cache): quiet.txt is read once to summarise it, still not opened for review.
    opened.clear()
    cold = FolderQueue.open(folder, CONFIG, user="ben", recursive=True, cache=None)
    assert "quiet.txt" not in cold.files


def test_self_approval_is_refused_across_the_folder(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    with pytest.raises(InputError, match="own") as caught:
        queue.approve("day2/c.txt", ids["c1"])
    assert "c.txt" in str(caught.value)
    assert queue.dirty == []
    result = queue.approve_all(queue.rows())
    assert sorted(result.approved) == sorted(
        [("a.txt", ids["a1"]), ("a.txt", ids["a2"]), ("b.txt", ids["b1"])]
    )
    assert result.own == 1 and result.refused == ()
    assert queue.dirty == ["a.txt", "b.txt"]
    # Every row it approved is marked unsaved and still shown under status:proposed.
    assert all(r.unsaved for r in queue.rows() if r.file != "day2/c.txt")


def test_one_revision_per_touched_sidecar_with_one_message(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    queue.approve("a.txt", ids["a1"])
    queue.reject("a.txt", ids["a2"], "not house style")
    queue.amend("b.txt", ids["b1"], "the Secretary-General")
    before = {n: len(load_sidecar(sidecar_path_for(folder / n)).revisions) for n in queue.files}
    message = queue.summary_message()
    result = queue.save()
    assert result.ok and [s.file for s in result.saved] == ["a.txt", "b.txt"]
    assert result.message == message
    for name in ("a.txt", "b.txt"):
        revisions = load_sidecar(sidecar_path_for(folder / name)).revisions
        assert len(revisions) == before[name] + 1
        assert revisions[-1].message == message and revisions[-1].author == "ben"
        assert revisions[-1].role is Role.REVIEWER
    untouched = load_sidecar(sidecar_path_for(folder / "day2/c.txt")).revisions
    assert len(untouched) == before["day2/c.txt"]
    assert result.lines()[0].startswith("a.txt: saved revision 3 to a.txt.review.yaml")
    assert queue.dirty == [] and listed(queue) == [("day2/c.txt", ids["c1"])]
    statuses = {r.id: r.correction.status.value for r in queue.rows("")}
    assert statuses[ids["a1"]] == "approved" and statuses[ids["a2"]] == "rejected"


def test_a_save_failing_in_one_file_keeps_the_others_and_its_verdicts(meeting, monkeypatch) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    queue.approve("a.txt", ids["a1"])
    queue.approve("b.txt", ids["b1"])
    real = session_module.append_revision

    def locked_for_a(path, *args, **kwargs):
        if Path(path).name == "a.txt.review.yaml":
            raise LockError(path, "locked by mallory on other-host (pid 4242); try again later")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(session_module, "append_revision", locked_for_a)
    result = queue.save("Day one verdicts")
    assert [s.file for s in result.saved] == ["b.txt"]
    (failed,) = result.failed
    assert failed.file == "a.txt" and "mallory" in failed.reason and failed.unsaved == 1
    assert "a.txt: not saved: locked by mallory" in result.lines()[1]
    assert load_sidecar(sidecar_path_for(folder / "b.txt")).revisions[-1].message == (
        "Day one verdicts"
    )
    assert len(load_sidecar(sidecar_path_for(folder / "a.txt")).revisions) == 2
    assert queue.dirty == ["a.txt"]  # the verdict is still there, unsaved
    monkeypatch.setattr(session_module, "append_revision", real)
    again = queue.save("Day one verdicts")
    assert [s.file for s in again.saved] == ["a.txt"] and again.ok
    assert load_sidecar(sidecar_path_for(folder / "a.txt")).revisions[-1].message == (
        "Day one verdicts"
    )


def test_a_sidecar_rewritten_on_disk_fails_alone(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    queue.approve("a.txt", ids["a1"])
    queue.approve("b.txt", ids["b1"])
    sidecar = sidecar_path_for(folder / "b.txt")
    data = sidecar.read_bytes()
    sidecar.write_bytes(data.replace(b"proposed by cy", b"proposed by CY"))  # same size
    result = queue.save("verdicts")
    assert [s.file for s in result.saved] == ["a.txt"]
    (failed,) = result.failed
    assert failed.file == "b.txt" and "rewritten since you loaded it" in failed.reason
    assert queue.dirty == ["b.txt"] and failed.unsaved == 1


def test_a_hostile_file_is_one_escaped_problem(meeting) -> None:
    folder, ids = meeting
    (folder / "evil\x1b]0;pwned\x07.txt").write_bytes(b"\x00\x01binary\x1b[2J" * 50)
    sidecar = sidecar_path_for(folder / "b.txt")
    sidecar.write_text("not: [a sidecar\n\x1b[31m", encoding="utf-8")
    queue = open_queue(folder)
    problems = {p.file: p.message for p in queue.problems}
    assert set(problems) >= {"scan.pdf", "b.txt"}
    assert any(f.startswith("evil") for f in problems)
    for message in problems.values():
        assert "\x1b" not in message and "\x07" not in message and "\n" not in message
    assert "b.txt" not in queue.files
    assert [f for f, _ in listed(queue)] == ["a.txt", "a.txt", "day2/c.txt"]


def test_undo_takes_back_the_last_verdict_in_whichever_file(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    queue.approve("a.txt", ids["a1"])
    queue.approve("b.txt", ids["b1"])
    assert queue.undo() == ("b.txt", f"Approve {ids['b1']}")
    assert queue.dirty == ["a.txt"]
    assert queue.redo() == ("b.txt", f"Approve {ids['b1']}")
    assert queue.dirty == ["a.txt", "b.txt"]


def test_find_names_the_file_of_an_id_and_refuses_a_clash(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    assert queue.find(ids["b1"]) == ("b.txt", ids["b1"])
    assert queue.find(f"day2/c.txt:{ids['c1']}") == ("day2/c.txt", ids["c1"])
    shutil.copy(folder / "a.txt", folder / "copy.txt")
    shutil.copy(sidecar_path_for(folder / "a.txt"), sidecar_path_for(folder / "copy.txt"))
    queue = open_queue(folder)
    with pytest.raises(InputError, match="is in both a.txt and copy.txt; give it as FILE:ID"):
        queue.find(ids["a1"])
    assert queue.find(f"copy.txt:{ids['a1']}") == ("copy.txt", ids["a1"])
    with pytest.raises(InputError, match="no correction with id"):
        queue.find("zzz")


def test_a_full_disk_on_one_file_leaves_its_sidecar_as_it_was(meeting, monkeypatch) -> None:
    import errno
    import os

    from transcript_review.core.sidecar import store

    folder, ids = meeting
    queue = open_queue(folder)
    queue.approve("a.txt", ids["a1"])
    queue.approve("b.txt", ids["b1"])
    b_sidecar = sidecar_path_for(folder / "b.txt")
    before = b_sidecar.read_bytes()
    real = store._write_all

    def full_for_b(fd, data):
        if os.path.samefile(f"/proc/self/fd/{fd}", b_sidecar):
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd, data)

    monkeypatch.setattr(store, "_write_all", full_for_b)
    result = queue.save("verdicts")
    assert [s.file for s in result.saved] == ["a.txt"]
    (failed,) = result.failed
    assert failed.file == "b.txt" and "the disk is full" in failed.reason
    assert b_sidecar.read_bytes() == before and queue.dirty == ["b.txt"]


def test_a_bug_met_on_one_file_is_its_problem_not_a_crash(meeting, monkeypatch) -> None:
    folder, ids = meeting
    real = EditingSession.open.__func__

    def broken_on_b(cls, path, *args, **kwargs):
        if Path(path).name == "b.txt":
            raise ValueError("odd\x1b[2J")
        return real(cls, path, *args, **kwargs)

    open_queue(folder)  # the summaries, cached: the next open goes straight to the sessions
    monkeypatch.setattr(EditingSession, "open", classmethod(broken_on_b))
    queue = open_queue(folder)
    problems = {p.file: p.message for p in queue.problems}
    assert "internal error: ValueError: odd\\x1b[2J" in problems["b.txt"]
    assert queue.files == ["a.txt", "day2/c.txt"]


def test_prepare_then_load_opens_a_few_files_at_a_time(meeting) -> None:
    folder, ids = meeting
    queue = FolderQueue.prepare(folder, CONFIG, user="ben", recursive=True)
    assert queue.files == [] and [e.relative for e in queue.pending] == [
        "a.txt",
        "b.txt",
        "day2/c.txt",
    ]
    assert queue.rows() == [] and queue.skipped == 1
    assert queue.load(2) == ["a.txt", "b.txt"]
    assert [f for f, _ in listed(queue)] == ["a.txt", "a.txt", "b.txt"]
    assert queue.load() == ["day2/c.txt"] and queue.pending == []


def test_reload_shows_what_others_saved_and_sets_aside_what_no_longer_applies(meeting) -> None:
    folder, ids = meeting
    queue = open_queue(folder)
    queue.approve("a.txt", ids["a2"])
    other = EditingSession.open(folder / "a.txt", CONFIG, user="ana")
    other.withdraw(ids["a2"])
    other.save("taken back")
    reviewer = EditingSession.open(folder / "b.txt", CONFIG, user="dee", role=Role.REVIEWER)
    reviewer.approve(ids["b1"])
    reviewer.save("approved by dee")
    (line,) = queue.reload()
    assert line.startswith(f"a.txt: Your unsaved action (Approve {ids['a2']}) no longer applies")
    assert queue.dirty == []
    statuses = {r.id: r.correction.status.value for r in queue.rows("")}
    assert statuses[ids["a2"]] == "withdrawn" and statuses[ids["b1"]] == "approved"
