"""The sidecar on disk: ``<transcript file name>.review.yaml``, append-only, crash-safe.

Layout. The first document is the header; every revision is one document written as
``---`` ... ``...``. The ``...`` end marker is written in the same ``write()`` as the rest, so a
final revision without it was cut short by a crash (a *torn tail*): the loader reports it and
keeps every whole revision; the next save first moves the torn bytes to ``<sidecar>.torn``
(appended there, never deleted) and then appends. A hand-written last revision without ``...``
is therefore treated as torn too; the warning says to add the marker. The header needs no end
marker: it is only ever written together with the first revision, atomically.

Saving (:func:`append_revision`), every step chosen so that no failure loses data:

1. Take ``<sidecar>.lock``, created exclusively (written to a temporary file and hard-linked into
   place, so a lock file is never empty) holding host, pid, user and time. A lock whose holder is
   a dead process on this host is removed (the result says so); any other existing lock is
   waited for up to ``lock_timeout`` seconds, then refused naming its holder and how to break it
   (``rm <lock>`` or the CLI's ``--break-lock``, i.e. ``break_lock=True``). A lock older than
   ``stale_after`` seconds is called stale in that message but still not stolen: its holder may
   be alive on another machine sharing the folder.
2. Detect other writers without re-reading the history: the :class:`Snapshot` taken at load
   holds the byte length of the whole documents and sha256 digests of their first and last
   4 KiB. If the file is shorter, or either digest differs, it was rewritten: refuse. If it is
   longer, only the new bytes are parsed: they are others' revisions, kept as they are, and ours
   is renumbered to follow them (its ``parent`` stays the revision we loaded on). Cost: O(bytes
   appended since load), independent of the history's length.
3. A sidecar (or new part) that fails validation is never written to: the save is refused with
   the reason, ``file:line:col`` included.
4. Write with ``O_APPEND`` in one call loop, ``fsync`` the file and its directory. If the write
   fails (disk full, I/O error), the file is truncated back to its length before the write,
   and :class:`InputError` says the sidecar was left as it was.

The one write that is not an append is a merge's result (:func:`replace_sidecar`, used by
``transcript-review merge``): under the lock, only if the file is still the one the merge read,
written to a temporary file, fsynced and renamed over the old one.

A new sidecar is written to a temporary file, fsynced and hard-linked into place
(``os.link`` fails if the name exists), so two first writers cannot clobber each other: the
loser's revision is appended after the winner's. The transcript file is never written.

Limits: sidecars over :data:`MAX_SIDECAR_BYTES` are refused before reading (a hostile 50 MB
file costs one ``stat``). Lock liveness checks are POSIX (``kill(pid, 0)``).
"""

from __future__ import annotations

import contextlib
import dataclasses
import errno
import hashlib
import os
import re
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from ..errors import InputError
from ..quoting import safe_path
from ..safe_files import O_NOFOLLOW, open_for_append_nofollow, read_regular
from .records import Header, Revision
from .schema import (
    SchemaError,
    format_time,
    header_from_data,
    header_to_data,
    revision_from_data,
    revision_to_data,
)
from .strict_yaml import dump_document, gc_paused, load_documents, locate

SIDECAR_SUFFIX = ".review.yaml"
LOCK_SUFFIX = ".lock"
TORN_SUFFIX = ".torn"

#: Largest sidecar read. 10,000 revisions of typical size take about 6 MB; 32 MB leaves room
#: for years of work while a hostile or mistaken multi-GB file is refused after one stat().
MAX_SIDECAR_BYTES = 32 * 1024 * 1024

#: Bytes at each end of the whole-document part whose digests detect a rewritten file.
_EDGE_BYTES = 4096

#: A lock file holds four short lines; more is not one of ours and is not read.
_MAX_LOCK_BYTES = 4096

#: Default seconds to wait for a lock held by a live process before refusing.
LOCK_TIMEOUT = 5.0
#: A lock older than this is reported as stale (with how to break it).
STALE_AFTER = 600.0

#: The rest of a marker line: a marker counts only with its newline (``...`` cut short is torn).
_MARKER_TAIL = re.compile(rb"[ \t]*(?:#[^\n]*)?\r?\n")


def sidecar_path_for(transcript: str | Path) -> Path:
    """``speech.txt`` -> ``speech.txt.review.yaml`` in the same folder."""
    p = Path(transcript)
    return p.with_name(p.name + SIDECAR_SUFFIX)


def lock_path_for(sidecar: str | Path) -> Path:
    """The lock file guarding ``sidecar``."""
    p = Path(sidecar)
    return p.with_name(p.name + LOCK_SUFFIX)


def torn_path_for(sidecar: str | Path) -> Path:
    """Where torn tails of ``sidecar`` are kept."""
    p = Path(sidecar)
    return p.with_name(p.name + TORN_SUFFIX)


# -- records ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """What a save needs to know about the sidecar as it was loaded (cheap to compare)."""

    exists: bool
    size: int
    """Bytes of whole documents (a torn tail after them is not included)."""
    head_sha256: str
    tail_sha256: str
    revisions: int
    last_id: str | None

    @classmethod
    def missing(cls) -> Snapshot:
        """The snapshot of a sidecar that does not exist yet."""
        return cls(False, 0, "", "", 0, None)


@dataclass(frozen=True)
class TornTail:
    """Bytes after the last whole document: a save interrupted by a crash."""

    offset: int
    length: int


@dataclass(frozen=True)
class LoadedSidecar:
    """A sidecar as read: header, whole revisions, and what was noticed on the way."""

    path: Path
    header: Header | None
    revisions: tuple[Revision, ...]
    sha256: str
    """sha256 of every byte read (torn tail included), hex."""
    size: int
    """Number of bytes read."""
    torn: TornTail | None
    warnings: tuple[str, ...]
    snapshot: Snapshot

    @property
    def exists(self) -> bool:
        """False when there is no sidecar yet (nothing saved for this transcript)."""
        return self.snapshot.exists


@dataclass(frozen=True)
class LockHolder:
    """Who holds a lock, as written in the lock file."""

    host: str
    pid: int | None
    user: str
    since: str

    def describe(self) -> str:
        pid = self.pid if self.pid is not None else "?"
        return f"{self.user or 'someone'} on {self.host or '?'} (pid {pid}) since {self.since}"


@dataclass(frozen=True)
class SaveResult:
    """What a save did, for the one line the CLI prints."""

    path: Path
    revision: Revision
    """The revision as written (renumbered when others saved meanwhile)."""
    others: tuple[Revision, ...]
    """Revisions other writers appended since the snapshot, now before ours."""
    torn_moved: int
    """Bytes of a torn tail moved to the ``.torn`` file before appending."""
    lock_broken: LockHolder | None
    created: bool
    snapshot: Snapshot
    """Snapshot after the save, for the next one."""
    warnings: tuple[str, ...] = ()
    """Things the user must hear though the save stands (the folder could not be fsynced)."""

    def summary(self) -> str:
        """One line: what was saved and anything the user should know."""
        parts = [f"saved revision {self.revision.number} to {self.path.name}"]
        if self.others:
            n = len(self.others)
            parts.append(
                f"{n} revision{'s' if n != 1 else ''} by others "
                f"{'were' if n != 1 else 'was'} added since you loaded (kept, before yours)"
            )
        if self.torn_moved:
            parts.append(
                f"{self.torn_moved} bytes of an interrupted save were moved to "
                f"{torn_path_for(self.path).name}"
            )
        if self.lock_broken is not None:
            parts.append(f"removed a lock left by a dead process ({self.lock_broken.describe()})")
        parts.extend(f"warning: {w}" for w in self.warnings)
        return "; ".join(parts)


# -- splitting the stream ---------------------------------------------------------------------


def _marker_lines(data: bytes, marker: bytes) -> Iterator[tuple[int, int]]:
    """(line start, line end) of lines starting with ``marker``, last first."""
    pos = len(data)
    while pos > 0:
        i = data.rfind(b"\n" + marker, 0, pos)
        start = i + 1 if i >= 0 else (0 if data.startswith(marker) else -1)
        if start < 0:
            return
        match = _MARKER_TAIL.match(data, start + len(marker))
        if match is not None:
            yield start, match.end()
        elif marker == b"---" and data[start + 3 : start + 4] in (b" ", b"\t"):
            yield start, start  # "--- content": a document start with content on the line
        if start == 0:
            return
        pos = i


def _blank(data: bytes) -> bool:
    return all(not line.strip() or line.lstrip().startswith(b"#") for line in data.splitlines())


def split_whole(data: bytes, *, has_header: bool = True) -> int:
    """Byte length of the whole documents at the start of ``data``; the rest is a torn tail.

    With ``has_header``, an unterminated first document is the header (whole): it is only ever
    written together with a revision, atomically.
    """
    last_end = next(_marker_lines(data, b"..."), (0, 0))[1]
    last_start = next(_marker_lines(data, b"---"), (-1, -1))[0]
    if last_start >= last_end:
        if has_header and _blank(data[:last_start]):
            return len(data)  # the only document is the header
        return last_end if _blank(data[last_end:last_start]) else last_start
    if _blank(data[last_end:]):
        return len(data)
    if has_header and last_end == 0:
        return len(data)  # a header without markers, nothing else
    return last_end


# -- loading ----------------------------------------------------------------------------------


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _edges(data: bytes, size: int) -> tuple[str, str]:
    return _digest(data[: min(size, _EDGE_BYTES)]), _digest(data[max(0, size - _EDGE_BYTES) : size])


def _decode(data: bytes, path: Path, first_line: int = 1) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = first_line + data.count(b"\n", 0, exc.start)
        raise InputError(
            path,
            "the sidecar is not UTF-8 text (was it saved in another encoding?); save it as "
            "UTF-8, or restore it from a copy or from git; nothing was written",
            line,
        ) from None


def _schema_error(path: Path, text: str, exc: SchemaError, first_line: int = 1) -> InputError:
    mark = locate(text, exc.where, first_line=first_line)
    if mark is None:
        return InputError(path, exc.reason)
    return InputError(path, exc.reason, mark.line, mark.column)


def _parse_revisions(
    text: str, path: Path, *, first_line: int = 1, pure: bool = False
) -> list[Revision]:
    docs = load_documents(text, path, pure=pure, first_line=first_line)
    try:
        return [revision_from_data(doc, (i,)) for i, doc in enumerate(docs)]
    except SchemaError as exc:
        raise _schema_error(path, text, exc, first_line) from None


def load_sidecar(path: str | Path, *, pure: bool = False) -> LoadedSidecar:
    """Read and validate a sidecar; a missing one loads as empty (``exists`` False).

    ``pure`` forces PyYAML's pure-Python parser (for comparison in the bench and tests).
    Raises :class:`InputError` with ``file:line:col`` for anything invalid.
    """
    path = Path(path)
    try:
        data = read_regular(path, MAX_SIDECAR_BYTES, "a sidecar file")
    except FileNotFoundError:
        return LoadedSidecar(path, None, (), _digest(b""), 0, None, (), Snapshot.missing())
    if not data.strip():
        raise InputError(
            path, "the sidecar is empty; restore it from a backup or delete it to start over"
        )
    whole = split_whole(data)
    text = _decode(data[:whole], path)
    with gc_paused():
        docs = load_documents(text, path, pure=pure)
        if not docs:
            raise InputError(path, "the sidecar holds no header document")
        try:
            header = header_from_data(docs[0])
            revisions = [revision_from_data(doc, (i,)) for i, doc in enumerate(docs) if i > 0]
        except SchemaError as exc:
            raise _schema_error(path, text, exc) from None
    warnings = _consistency_warnings(path, header, revisions)
    torn = None
    if whole < len(data):
        torn = TornTail(whole, len(data) - whole)
        line = data.count(b"\n", 0, whole) + 1
        warnings.insert(
            0,
            f"{path}:{line}: the last {torn.length} bytes are an unfinished revision (a save was "
            f"interrupted); they will be moved to {torn_path_for(path).name} on the next save"
            " (if you wrote that revision by hand, end it with a line `...`)",
        )
    head, tail = _edges(data, whole)
    snapshot = Snapshot(
        True, whole, head, tail, len(revisions), revisions[-1].id if revisions else None
    )
    return LoadedSidecar(
        path, header, tuple(revisions), _digest(data), len(data), torn, tuple(warnings), snapshot
    )


def _consistency_warnings(path: Path, header: Header, revisions: list[Revision]) -> list[str]:
    """Things that do not stop loading but deserve a mention (hand edits, odd merges): one
    line for the lot, however many revisions a hand edit broke (a line per problem let one
    sidecar flood the terminal)."""
    problems: list[str] = []
    expected = Path(path).name.removesuffix(SIDECAR_SUFFIX)
    if header.transcript != expected:
        problems.append(f"the header names transcript {header.transcript!r}, not {expected!r}")
    seen: set[str] = set()
    for i, rev in enumerate(revisions, start=1):
        if rev.number != i:
            problems.append(f"revision {i} is numbered {rev.number}; the position counts")
        if rev.id in seen:
            problems.append(f"revision id {rev.id} occurs twice (revision {i})")
        if rev.parent is not None and rev.parent not in seen:
            problems.append(f"revision {i} names parent {rev.parent}, not an earlier revision")
        seen.add(rev.id)
    if not problems:
        return []
    listed = "; ".join(problems[:_LISTED_PROBLEMS])
    more = len(problems) - _LISTED_PROBLEMS
    return [f"{path}: {listed}" + (f" (and {more} more like these)" if more > 0 else "")]


#: Consistency problems named in the one warning line; the rest are counted.
_LISTED_PROBLEMS = 3


# -- locking ----------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _user() -> str:
    for var in ("USER", "LOGNAME", "USERNAME"):
        if os.environ.get(var):
            return os.environ[var]
    return "?"


def read_lock(lock: Path) -> LockHolder | None:
    """The holder named in a lock file, or None when there is no lock."""
    try:
        raw = read_regular(lock, _MAX_LOCK_BYTES, "a lock file").decode("utf-8", "replace")
    except FileNotFoundError:
        return None
    except InputError:  # not a lock this program wrote (a planted link, a huge file): no holder
        return LockHolder(host="", pid=None, user="", since="")
    fields: dict[str, str] = {}
    for line in raw.splitlines():
        key, _, value = line.partition(":")
        fields[key.strip()] = value.strip()
    pid_text = fields.get("pid", "")
    return LockHolder(
        host=fields.get("host", ""),
        pid=int(pid_text) if pid_text.isdigit() else None,
        user=fields.get("user", ""),
        since=fields.get("since", ""),
    )


@dataclass
class LockError(InputError):
    """The sidecar is locked by another writer (the message names them and how to break it)."""


def _os_error(path: Path, exc: OSError, doing: str) -> InputError:
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        why = "the folder or file is read-only"
    elif exc.errno in (errno.ENOSPC, errno.EDQUOT):
        why = "the disk is full"
    else:
        why = exc.strerror or str(exc)
    return InputError(path, f"could not {doing}: {why}; the sidecar was left as it was")


class SidecarLock:
    """The exclusive lock file ``<sidecar>.lock`` held while saving."""

    def __init__(
        self,
        sidecar: Path,
        *,
        timeout: float = LOCK_TIMEOUT,
        stale_after: float = STALE_AFTER,
        break_lock: bool = False,
    ) -> None:
        self.sidecar = sidecar
        self.path = lock_path_for(sidecar)
        self.timeout = timeout
        self.stale_after = stale_after
        self.break_lock = break_lock
        self.broken: LockHolder | None = None
        self._inode: int | None = None

    def __enter__(self) -> SidecarLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def acquire(self) -> None:
        """Create the lock, removing it first only when its holder is provably gone."""
        host, pid = socket.gethostname(), os.getpid()
        content = (
            f"host: {host}\npid: {pid}\nuser: {_user()}\n"
            f"since: {format_time(datetime.now(timezone.utc))}\n"
        ).encode()
        deadline = time.monotonic() + self.timeout
        self._clean_temp_files(host)
        tmp = self.path.with_name(f".{self.path.name}.{pid}.{os.urandom(3).hex()}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise _os_error(self.sidecar, exc, "take the lock to save") from None
        try:
            _write_all(fd, content)
        except OSError as exc:  # a full disk: leave no temporary file behind
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise _os_error(self.sidecar, exc, "take the lock to save") from None
        os.close(fd)
        try:
            while True:
                try:
                    os.link(tmp, self.path)
                    self._inode = os.stat(self.path).st_ino
                    return
                except FileExistsError:
                    pass
                except OSError as exc:
                    raise _os_error(self.sidecar, exc, "take the lock to save") from None
                if self._try_remove_dead(host):
                    continue
                if time.monotonic() >= deadline:
                    raise self._busy()
                time.sleep(0.02)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _try_remove_dead(self, host: str) -> bool:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return True
        holder = read_lock(self.path)
        dead = (
            holder is not None
            and holder.host == host
            and holder.pid is not None
            and not _pid_alive(holder.pid)
        )
        if not (dead or self.break_lock):
            return False
        with contextlib.suppress(FileNotFoundError):
            if os.stat(self.path).st_ino == st.st_ino:
                os.unlink(self.path)
        self.broken = holder
        self.break_lock = False  # break one lock, not every lock that follows
        return True

    def _busy(self) -> LockError:
        holder = read_lock(self.path)
        who = holder.describe() if holder else "another writer"
        try:
            age = time.time() - os.stat(self.path).st_mtime
        except OSError:
            age = 0.0
        stale = (
            f"; it is {age / 60:.0f} minutes old and probably stale"
            if age > self.stale_after
            else ""
        )
        return LockError(
            self.path,
            f"the sidecar is being saved by {who}{stale}. If no one is saving, remove the lock "
            f"(rm '{self.path}') or save again with --break-lock",
        )

    def _clean_temp_files(self, host: str) -> None:
        """Remove temporary files (lock, new sidecar) left by killed processes of this host."""
        names = "|".join(re.escape(f".{n}.") for n in (self.path.name, self.sidecar.name))
        pattern = re.compile(rf"(?:{names})(\d+)\.[0-9a-f]+\.(?:tmp|new)")
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.path.parent):
                match = pattern.fullmatch(entry.name)
                if match and not _pid_alive(int(match.group(1))):
                    with contextlib.suppress(OSError):
                        os.unlink(entry.path)

    def release(self) -> None:
        """Remove the lock if it is still ours."""
        if self._inode is None:
            return
        with contextlib.suppress(FileNotFoundError):
            if os.stat(self.path).st_ino == self._inode:
                os.unlink(self.path)
        self._inode = None


# -- saving -----------------------------------------------------------------------------------


def _fsync_dir(folder: Path) -> str | None:
    """fsync the folder so a new or renamed name survives a power cut; a failure is returned
    as a warning to report (the data itself was fsynced: the save stands, but say so)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        return _fsync_warning(folder, exc)
    try:
        os.fsync(fd)
    except OSError as exc:
        return _fsync_warning(folder, exc)
    finally:
        os.close(fd)
    return None


def _fsync_warning(folder: Path, exc: OSError) -> str:
    return (
        f"{folder}: the folder could not be synced to disk ({exc.strerror or exc}); the save "
        "is written but might not survive a power cut"
    )


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def check_sidecar_link(path: Path) -> None:
    """Refuse to append through a sidecar that is a symlink leading anywhere but to a file of
    the same name inside the transcript's folder (or a folder below it).

    A collaborator could otherwise commit ``speech.txt.review.yaml -> ~/.bashrc`` and have
    the next save append YAML to that file. A link kept inside the folder, to this
    transcript's sidecar (``speech.txt.review.yaml -> reviews/speech.txt.review.yaml``), is
    a layout someone chose, and is followed.
    """
    if not path.is_symlink():
        return
    try:
        target = path.resolve(strict=False)
        folder = path.parent.resolve(strict=True)
    except (OSError, RuntimeError):  # a loop (RuntimeError before Python 3.13)
        raise InputError(
            path,
            "the sidecar is a symbolic link that loops; remove the link (nothing was saved)",
        ) from None
    inside = target == folder or folder in target.parents
    if inside and target.name == path.name:
        return
    why = "outside the transcript's folder" if not inside else f"to a file not named {path.name}"
    raise InputError(
        path,
        f"the sidecar is a symbolic link {why} ({safe_path(target)}); refusing to save through "
        "it: replace the link with the sidecar itself (nothing was saved)",
    )


def encode_revision(revision: Revision) -> bytes:
    """The bytes of one revision document, ``---`` to ``...``."""
    return dump_document(revision_to_data(revision)).encode("utf-8")


def encode_header(header: Header) -> bytes:
    """The header document (no start marker, with an end marker)."""
    return dump_document(header_to_data(header), start=False).encode("utf-8")


def append_revision(
    path: str | Path,
    revision: Revision,
    snapshot: Snapshot,
    *,
    header: Header | None = None,
    break_lock: bool = False,
    lock_timeout: float = LOCK_TIMEOUT,
    stale_after: float = STALE_AFTER,
) -> SaveResult:
    """Append ``revision`` to the sidecar at ``path`` (creating it with ``header`` if needed).

    ``snapshot`` is :attr:`LoadedSidecar.snapshot` from when the user's state was loaded.
    Returns what happened; raises :class:`InputError` (nothing written) when the sidecar is
    invalid, was rewritten since loading, is locked, or cannot be written.
    """
    path = Path(path)
    check_sidecar_link(path)
    with SidecarLock(
        path, timeout=lock_timeout, stale_after=stale_after, break_lock=break_lock
    ) as lock:
        if snapshot.exists and not path.exists():
            raise InputError(path, "the sidecar was deleted since you loaded it; nothing was saved")
        if not path.exists():
            if header is None:
                raise InputError(path, "no sidecar yet: a header is needed to create it")
            created = _create(path, header, dataclasses.replace(revision, number=1))
            if created is not None:
                return dataclasses.replace(created, lock_broken=lock.broken)
            snapshot = Snapshot.missing()  # another process created it first: follow theirs
        result = _append(path, revision, snapshot)
        return dataclasses.replace(result, lock_broken=lock.broken)


def _create(path: Path, header: Header, revision: Revision) -> SaveResult | None:
    """Write header + first revision atomically; None if the sidecar appeared meanwhile."""
    data = encode_header(header) + encode_revision(revision)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(3).hex()}.new")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            _write_all(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
        os.link(tmp, path)
    except FileExistsError:
        return None
    except OSError as exc:
        raise _os_error(path, exc, "create the sidecar") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    synced = _fsync_dir(path.parent)
    whole = len(data)
    head, tail = _edges(data, whole)
    snap = Snapshot(True, whole, head, tail, 1, revision.id)
    return SaveResult(path, revision, (), 0, None, True, snap, _warnings(synced))


def _append(path: Path, revision: Revision, snapshot: Snapshot) -> SaveResult:
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND)
    except OSError as exc:
        raise _os_error(path, exc, "open the sidecar to save") from None
    try:
        size = os.fstat(fd).st_size
        if size > MAX_SIDECAR_BYTES:
            raise InputError(path, "the sidecar is over the size limit; refusing to add to it")
        others, whole_end, torn_len = _read_news(fd, path, size, snapshot)
        torn_synced = _move_torn(fd, path, whole_end, size) if torn_len else None
        number = snapshot.revisions + len(others) + 1
        ours = dataclasses.replace(revision, number=number)
        data = encode_revision(ours)
        if whole_end and os.pread(fd, 1, whole_end - 1) != b"\n":
            data = b"\n" + data  # a hand-written file may lack its last newline
        try:
            _write_all(fd, data)
            os.fsync(fd)
        except OSError as exc:
            _undo_partial(fd, path, whole_end)
            raise _os_error(path, exc, "save") from None
    finally:
        os.close(fd)
    synced = _fsync_dir(path.parent)
    new_end = whole_end + len(data)
    head = _digest(_pread_range(path, 0, min(new_end, _EDGE_BYTES)))
    tail = _digest(_pread_range(path, max(0, new_end - _EDGE_BYTES), new_end))
    snap = Snapshot(True, new_end, head, tail, number, ours.id)
    warnings = _warnings(torn_synced, synced)
    return SaveResult(path, ours, tuple(others), torn_len, None, False, snap, warnings)


def _warnings(*found: str | None) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w for w in found if w))


def _pread_range(path: Path, start: int, end: int) -> bytes:
    with open(path, "rb") as fh:
        fh.seek(start)
        return fh.read(end - start)


def _read_news(
    fd: int, path: Path, size: int, snapshot: Snapshot
) -> tuple[list[Revision], int, int]:
    """Others' revisions appended since ``snapshot``, the end of whole documents, torn length."""
    if not snapshot.exists:
        # Created by someone else after we looked: read it whole (it is small and new).
        loaded = load_sidecar(path)
        torn = loaded.torn.length if loaded.torn else 0
        return list(loaded.revisions), loaded.snapshot.size, torn
    if size < snapshot.size:
        raise _rewritten(path, "it is shorter than when you loaded it")
    head = os.pread(fd, min(snapshot.size, _EDGE_BYTES), 0)
    tail_start = max(0, snapshot.size - _EDGE_BYTES)
    tail = os.pread(fd, snapshot.size - tail_start, tail_start)
    if _digest(head) != snapshot.head_sha256 or _digest(tail) != snapshot.tail_sha256:
        raise _rewritten(path, "its content changed, not just grew")
    news = os.pread(fd, size - snapshot.size, snapshot.size) if size > snapshot.size else b""
    whole = split_whole(news, has_header=False)
    others: list[Revision] = []
    if whole:
        try:
            text = _decode(news[:whole], path)
            others = _parse_revisions(text, path)
        except InputError:
            load_sidecar(path)  # raises with the right line numbers in the whole file
            raise
    return others, snapshot.size + whole, len(news) - whole


def _rewritten(path: Path, how: str) -> InputError:
    load_sidecar(path)  # an invalid sidecar is reported as such: that is the reason to give
    return InputError(
        path,
        f"the sidecar was rewritten since you loaded it ({how}); nothing was saved: "
        "reload and redo the change",
    )


def _move_torn(fd: int, path: Path, whole_end: int, size: int) -> str | None:
    """Append the torn bytes to ``<sidecar>.torn`` (durably), then cut them off the sidecar.

    The ``.torn`` file is never written through a symlink (one planted there could point at
    any file of the user's). Returns a warning when the folder could not be synced."""
    torn = os.pread(fd, size - whole_end, whole_end)
    torn_path = torn_path_for(path)
    note = (
        f"# {len(torn)} bytes of an interrupted save, moved from {path.name} "
        f"(offset {whole_end}) at {format_time(datetime.now(timezone.utc))}\n"
    ).encode()
    body = torn if torn.endswith(b"\n") else torn + b"\n"
    try:
        try:
            tfd = open_for_append_nofollow(torn_path)
        except InputError as exc:
            raise InputError(
                torn_path,
                f"{exc.reason}; nothing was saved (the unfinished revision stays in the sidecar)",
            ) from None
        try:
            _write_all(tfd, note + body)
            os.fsync(tfd)
        finally:
            os.close(tfd)
        synced = _fsync_dir(path.parent)
        os.ftruncate(fd, whole_end)
        os.fsync(fd)
        return synced
    except OSError as exc:
        raise _os_error(path, exc, "move the unfinished revision aside before saving") from None


def _undo_partial(fd: int, path: Path, length: int) -> None:
    """Cut a partly written revision off again, so the old sidecar is left intact."""
    try:
        if os.fstat(fd).st_size != length:
            os.ftruncate(fd, length)
            os.fsync(fd)
    except OSError as exc:
        raise InputError(
            path,
            f"could not save, and could not remove the partial revision ({exc.strerror}); "
            "it will be moved to the .torn file on the next save",
        ) from None


# -- replacing (merge output) -----------------------------------------------------------------


def encode_sidecar(header: Header, revisions: tuple[Revision, ...] | list[Revision]) -> bytes:
    """The bytes of a whole sidecar: the header, then every revision ``---`` to ``...``."""
    return encode_header(header) + b"".join(encode_revision(r) for r in revisions)


def replace_sidecar(
    path: str | Path,
    data: bytes,
    *,
    expected: Snapshot | None = None,
    lock_timeout: float = LOCK_TIMEOUT,
) -> str | None:
    """Write ``data`` as the whole sidecar at ``path``, atomically (temporary file, fsync,
    rename, fsync of the folder): the one write that is not an append, used for a merge's result.

    Taken under the sidecar's lock so no save is appended in between. With ``expected`` (the
    snapshot of the file the merge read), a file that changed since then is left alone and
    :class:`InputError` says to merge again: the merge must never drop a revision saved meanwhile.
    Anyone who loaded the old file and then saves is told it was rewritten, unless the new file
    starts with the old one's bytes (then their save simply follows the merged revisions).
    Returns a warning when the folder could not be synced afterwards.
    """
    path = Path(path)
    with SidecarLock(path, timeout=lock_timeout):
        if expected is not None:
            _check_unchanged(path, expected)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(3).hex()}.new")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            try:
                _write_all(fd, data)
                os.fsync(fd)
            finally:
                os.close(fd)
            with contextlib.suppress(OSError):
                os.chmod(tmp, os.stat(path).st_mode & 0o7777)
            os.replace(tmp, path)
        except OSError as exc:
            raise _os_error(path, exc, "write the merged sidecar") from None
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        return _fsync_dir(path.parent)


def _check_unchanged(path: Path, expected: Snapshot) -> None:
    """Raise unless the file at ``path`` is still the one ``expected`` describes."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        if not expected.exists:
            return
        data = b""
    except OSError as exc:
        raise _os_error(path, exc, "re-read the sidecar before writing") from None
    whole = split_whole(data) if data else 0
    head, tail = _edges(data, whole)
    same = (
        expected.exists
        and whole == expected.size
        and (head, tail) == (expected.head_sha256, expected.tail_sha256)
    )
    if not same:
        raise InputError(
            path,
            "the sidecar changed while merging (someone saved); nothing was written: "
            "run the merge again",
        )
