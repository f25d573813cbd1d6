"""The sidecar on disk: append-only saving, other writers, torn tails, locks and failures."""

from __future__ import annotations

import errno
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from transcript_review.core.corrections import Status
from transcript_review.core.errors import InputError
from transcript_review.core.sidecar.records import Evidence, Header, Role
from transcript_review.core.sidecar.store import (
    LockError,
    append_revision,
    load_sidecar,
    lock_path_for,
    sidecar_path_for,
    torn_path_for,
)
from transcript_review.core.text.anchors import text_sha256

from .helpers import SPEECH, Workspace, span_of


@pytest.fixture
def ws(tmp_path: Path) -> Workspace:
    return Workspace(tmp_path)


def propose_once(ws: Workspace, author: str = "alice", message: str = "save") -> str:
    loaded, draft = ws.draft(author)
    cid = draft.replace(span_of(ws.text, "flown"), f"flowed ({author})")
    ws.save(loaded, draft, message)
    return cid


def test_sidecar_name_sits_beside_the_transcript(tmp_path: Path) -> None:
    assert sidecar_path_for(tmp_path / "speech.txt") == tmp_path / "speech.txt.review.yaml"


def test_missing_sidecar_loads_empty(ws: Workspace) -> None:
    loaded = load_sidecar(ws.sidecar)
    assert not loaded.exists and loaded.revisions == () and loaded.header is None


def test_first_save_writes_header_and_revision(ws: Workspace) -> None:
    loaded, draft = ws.draft("alice")
    cid = draft.resolve_gap(span_of(SPEECH, "(inaudible)"), "in our efforts", Evidence.LISTENED)
    result = ws.save(loaded, draft, "Resolve the gap in paragraph 2")
    assert result.created and result.revision.number == 1
    raw = ws.sidecar.read_text(encoding="utf-8")
    assert raw.startswith("schema: transcript-review/1\ntranscript: speech.txt\n...\n---\n")
    assert raw.endswith("\n...\n")
    assert "\nsaved: 20" in raw and "\nrevision: 1\n" in raw  # written as a person would
    again = load_sidecar(ws.sidecar)
    assert again.revisions == (result.revision,)
    assert again.snapshot == result.snapshot
    assert again.warnings == ()
    _, state = ws.load()
    assert state.get(cid).status is Status.PROPOSED


def test_each_save_appends_and_never_rewrites(ws: Workspace) -> None:
    propose_once(ws)
    before = ws.sidecar.read_bytes()
    propose_once(ws, "carol")
    after = ws.sidecar.read_bytes()
    assert after.startswith(before) and len(after) > len(before)
    assert [r.number for r in load_sidecar(ws.sidecar).revisions] == [1, 2]


def test_another_writers_revisions_are_kept_and_ours_follows(ws: Workspace) -> None:
    propose_once(ws)
    ours_loaded, ours = ws.draft("bob", Role.REVIEWER)
    theirs_loaded, theirs = ws.draft("carol")
    theirs.replace(span_of(SPEECH, "apply"), "applaud")
    their_result = ws.save(theirs_loaded, theirs)
    ours.reject(next(iter(ours.state.corrections)), "no")
    result = ws.save(ours_loaded, ours)
    assert result.revision.number == 3
    assert result.revision.parent == ours_loaded.revisions[-1].id  # what we loaded on
    assert result.others == (their_result.revision,)
    assert "1 revision by others was added" in result.summary()
    loaded = load_sidecar(ws.sidecar)
    assert [r.author for r in loaded.revisions] == ["alice", "carol", "bob"]
    assert loaded.snapshot == result.snapshot


def test_two_first_writers_do_not_clobber_each_other(ws: Workspace) -> None:
    a_loaded, a = ws.draft("alice")
    b_loaded, b = ws.draft("carol")
    a.flag(span_of(SPEECH, "proactive"), "productive?")
    b.flag(span_of(SPEECH, "flown"), "flowed?")
    ws.save(a_loaded, a)
    result = ws.save(b_loaded, b)
    assert not result.created and result.revision.number == 2
    assert [r.author for r in load_sidecar(ws.sidecar).revisions] == ["alice", "carol"]


def test_the_transcript_is_never_written(ws: Workspace) -> None:
    before = (ws.transcript.read_bytes(), ws.transcript.stat().st_mtime_ns)
    propose_once(ws)
    propose_once(ws, "carol")
    assert (ws.transcript.read_bytes(), ws.transcript.stat().st_mtime_ns) == before


@pytest.mark.parametrize("cut", [1, 5, 40, 200, -4, -1])
def test_torn_tail_is_reported_and_moved_aside(ws: Workspace, cut: int) -> None:
    propose_once(ws)
    whole = ws.sidecar.read_bytes()
    propose_once(ws, "carol")
    full = ws.sidecar.read_bytes()
    torn_len = cut if cut > 0 else len(full) - len(whole) + cut
    ws.sidecar.write_bytes(full[: len(whole) + torn_len])
    loaded = load_sidecar(ws.sidecar)
    assert [r.author for r in loaded.revisions] == ["alice"]
    assert loaded.torn is not None and loaded.torn.length == torn_len
    assert "unfinished revision" in loaded.warnings[0]
    torn_bytes = full[len(whole) : len(whole) + torn_len]
    propose_once(ws, "dave")
    assert torn_bytes in torn_path_for(ws.sidecar).read_bytes()
    after = load_sidecar(ws.sidecar)
    assert [r.author for r in after.revisions] == ["alice", "dave"]
    assert after.torn is None and after.warnings == ()


def test_torn_file_is_appended_to_never_replaced(ws: Workspace) -> None:
    propose_once(ws)
    for author in ("carol", "dave"):
        whole = ws.sidecar.read_bytes()
        with open(ws.sidecar, "ab") as fh:
            fh.write(f"---\nrevision: 9\nauthor: {author}-torn\n".encode())
        assert load_sidecar(ws.sidecar).torn is not None
        propose_once(ws, author)
        assert ws.sidecar.read_bytes().startswith(whole)
    kept = torn_path_for(ws.sidecar).read_text()
    assert "carol-torn" in kept and "dave-torn" in kept


def test_a_hand_written_last_revision_without_end_marker_is_explained(ws: Workspace) -> None:
    propose_once(ws)
    raw = ws.sidecar.read_text()
    ws.sidecar.write_text(raw.removesuffix("...\n"))
    loaded = load_sidecar(ws.sidecar)
    assert loaded.revisions == () and "end it with a line `...`" in loaded.warnings[0]


def test_header_only_sidecar_written_by_hand_loads(ws: Workspace) -> None:
    ws.sidecar.write_text("schema: transcript-review/1\ntranscript: speech.txt\n")
    loaded = load_sidecar(ws.sidecar)
    assert loaded.header == Header("speech.txt") and loaded.torn is None
    propose_once(ws)
    assert len(load_sidecar(ws.sidecar).revisions) == 1


def test_invalid_sidecar_is_never_written_to(ws: Workspace) -> None:
    propose_once(ws)
    loaded, draft = ws.draft("carol")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    broken = ws.sidecar.read_text().replace("role: editor", "role: boss")
    ws.sidecar.write_text(broken)
    with pytest.raises(InputError, match="role"):
        ws.save(loaded, draft)
    assert ws.sidecar.read_text() == broken


def test_invalid_revision_appended_by_someone_else_stops_the_save(ws: Workspace) -> None:
    propose_once(ws)
    loaded, draft = ws.draft("carol")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    with open(ws.sidecar, "a") as fh:
        fh.write("---\nrevision: two\n...\n")
    before = ws.sidecar.read_bytes()
    with pytest.raises(InputError) as caught:
        ws.save(loaded, draft)
    assert "whole number" in caught.value.reason and caught.value.line is not None
    assert ws.sidecar.read_bytes() == before


def test_a_rewritten_sidecar_is_not_appended_to(ws: Workspace) -> None:
    propose_once(ws)
    loaded, draft = ws.draft("carol")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    rewritten = ws.sidecar.read_text().replace("message: save", "message: edited")
    ws.sidecar.write_text(rewritten)
    with pytest.raises(InputError, match="rewritten"):
        ws.save(loaded, draft)
    assert ws.sidecar.read_text() == rewritten


def _hold_lock(sidecar: Path, host: str, pid: int, age_seconds: float = 0) -> Path:
    lock = lock_path_for(sidecar)
    lock.write_text(f"host: {host}\npid: {pid}\nuser: mallory\nsince: 2026-11-26T20:00:00Z\n")
    if age_seconds:
        old = lock.stat().st_mtime - age_seconds
        os.utime(lock, (old, old))
    return lock


def _save_with(ws: Workspace, **options: object) -> object:
    loaded, draft = ws.draft("alice")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    rev = draft.revision("m", text_sha256(SPEECH))
    return append_revision(ws.sidecar, rev, loaded.snapshot, header=Header("speech.txt"), **options)


def test_a_live_lock_names_its_holder_and_how_to_break_it(ws: Workspace) -> None:
    lock = _hold_lock(ws.sidecar, socket.gethostname(), os.getpid())
    with pytest.raises(LockError) as caught:
        _save_with(ws, lock_timeout=0.1)
    message = str(caught.value)
    assert "mallory" in message and f"pid {os.getpid()}" in message
    assert f"rm '{lock}'" in message and "--break-lock" in message
    assert not ws.sidecar.exists() and lock.exists()


def test_an_old_lock_is_called_stale_but_not_stolen(ws: Workspace) -> None:
    lock = _hold_lock(ws.sidecar, "other-host", 4242, age_seconds=3600)
    with pytest.raises(LockError, match="probably stale"):
        _save_with(ws, lock_timeout=0.05)
    assert lock.exists()


def test_break_lock_removes_it(ws: Workspace) -> None:
    lock = _hold_lock(ws.sidecar, "other-host", 4242)
    result = _save_with(ws, break_lock=True)
    assert result.lock_broken is not None and result.lock_broken.host == "other-host"
    assert not lock.exists() and ws.sidecar.exists()


def test_a_lock_of_a_dead_process_on_this_host_is_removed(ws: Workspace) -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    _hold_lock(ws.sidecar, socket.gethostname(), child.pid)
    result = _save_with(ws)
    assert result.lock_broken is not None and result.lock_broken.pid == child.pid
    assert "dead process" in result.summary()
    assert not lock_path_for(ws.sidecar).exists()


def test_full_disk_leaves_the_old_sidecar_intact(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    propose_once(ws)
    before = ws.sidecar.read_bytes()
    loaded, draft = ws.draft("carol")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        if len(data) > 100:
            real_write(fd, bytes(data[: len(data) // 2]))
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(InputError) as caught:
        ws.save(loaded, draft)
    monkeypatch.undo()
    assert "disk is full" in caught.value.reason and "left as it was" in caught.value.reason
    assert ws.sidecar.read_bytes() == before
    assert not lock_path_for(ws.sidecar).exists()
    assert load_sidecar(ws.sidecar).torn is None


def test_read_only_folder_says_so(ws: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    propose_once(ws)
    before = ws.sidecar.read_bytes()
    loaded, draft = ws.draft("carol")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    real_open = os.open

    def read_only(path: object, flags: int, *args: object) -> int:
        if flags & (os.O_WRONLY | os.O_RDWR):
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(InputError) as caught:
        ws.save(loaded, draft)
    monkeypatch.undo()
    assert "read-only" in caught.value.reason and "left as it was" in caught.value.reason
    assert ws.sidecar.read_bytes() == before


def test_sidecar_that_cannot_be_opened_for_appending(
    ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    propose_once(ws)
    before = ws.sidecar.read_bytes()
    loaded, draft = ws.draft("carol")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    real_open = os.open

    def append_denied(path: object, flags: int, *args: object) -> int:
        if flags & os.O_APPEND and str(path) == str(ws.sidecar):
            raise OSError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", append_denied)
    with pytest.raises(InputError, match="read-only"):
        ws.save(loaded, draft)
    monkeypatch.undo()
    assert ws.sidecar.read_bytes() == before
    assert not lock_path_for(ws.sidecar).exists()


def test_hand_written_file_without_final_newline_gets_one(ws: Workspace) -> None:
    ws.sidecar.write_text("schema: transcript-review/1\ntranscript: speech.txt")
    propose_once(ws)
    loaded = load_sidecar(ws.sidecar)
    assert len(loaded.revisions) == 1 and loaded.warnings == ()


def test_end_marker_may_carry_a_comment(ws: Workspace) -> None:
    propose_once(ws)
    raw = ws.sidecar.read_text()
    ws.sidecar.write_text(raw.removesuffix("...\n") + "...   # checked by hand\n")
    loaded = load_sidecar(ws.sidecar)
    assert len(loaded.revisions) == 1 and loaded.torn is None


def test_log_counts_events(ws: Workspace) -> None:
    from transcript_review.core.sidecar.records import event_counts

    loaded, draft = ws.draft("alice")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    draft.replace(span_of(SPEECH, "flown"), "flowed")
    draft.replace(span_of(SPEECH, "proactive"), "productive")
    result = ws.save(loaded, draft)
    assert event_counts(result.revision) == {"flag": 1, "propose": 2}


def test_a_deleted_sidecar_is_not_silently_recreated(ws: Workspace) -> None:
    propose_once(ws)
    loaded, draft = ws.draft("carol")
    draft.flag(span_of(SPEECH, "apply"), "word?")
    ws.sidecar.unlink()
    with pytest.raises(InputError, match="deleted since you loaded it"):
        ws.save(loaded, draft)
    assert not ws.sidecar.exists()
