"""One review queue over a folder: every proposal of every transcript, verdicts saved per file.

A reviewer approves a day's corrections across the ~190 statements of a meeting, not one file
at a time. :class:`FolderQueue` is that queue without a UI (the ``queue DIR`` and ``approve
DIR`` commands use it; the review screen is to show it). It adds nothing to the rules of one
file's queue: each transcript that has corrections gets its own :class:`.EditingSession`
(as a reviewer), its rows come from the same :class:`.QueueBuilder` (so the same row type,
filters, outdated and orphaned marks), and every verdict is given by that file's session (so
the same refusals: no self-approval, verdicts only as a reviewer, nothing on an orphaned
proposal). What is new is only which session a row belongs to (:attr:`.QueueRow.file`), the
``file:`` filter term, and saving: one revision per touched sidecar, all with one message;
one file failing to save (a lock held, the sidecar changed, a full disk) does not stop the
others, and keeps its unsaved verdicts for the next try.

Which files are opened: the folder is scanned and summarised as ``status DIR`` does it
(:mod:`.workspace`, summaries cached while a file is unchanged), and only the transcripts whose
summary counts at least one correction (any status, so ``status:approved`` finds them too)
are opened. A folder of 500 statements where 40 have proposals opens 40 sessions, and with a
warm cache reads no other file at all. A file that cannot be read is a
:class:`FolderProblem` (one escaped line), never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..config import Config, resolve_user
from ..corrections import Status
from ..editing.session import EditingSession, SetAside
from ..editing.session_timing import time_session
from ..editing.wording import summary_message
from ..errors import InputError
from ..quoting import one_line
from ..sidecar.records import Role
from ..sidecar.store import SaveResult
from ..timing.transcript_times import TranscriptTiming
from ..workspace import Entry, SummaryCache, scan_folder, summarise_folder
from ..workspace.scan import shown_name
from .queue import DEFAULT_FILTER, QueueBuilder, QueueRow


@dataclass(frozen=True)
class FolderProblem:
    """A transcript of the folder that could not be opened for review."""

    file: str
    """Its path in the folder."""
    message: str
    """One line, control characters escaped: ``path: what is wrong; what to do``."""


@dataclass(frozen=True)
class SavedFile:
    """One sidecar the folder's save wrote a revision to."""

    file: str
    result: SaveResult

    def line(self) -> str:
        """``day2/closing.txt: saved revision 3 to closing.txt.review.yaml``, one line."""
        return one_line(f"{self.file}: {self.result.summary()}", 2000)


@dataclass(frozen=True)
class FailedFile:
    """One sidecar the folder's save could not write: nothing of it was written."""

    file: str
    reason: str
    """One line: why (as a save of that file alone would say it)."""
    unsaved: int
    """Unsaved actions (verdicts) still held for the file, to save again."""
    set_aside: tuple[SetAside, ...] = ()
    """Verdicts dropped because another writer's save made them no longer apply."""

    def line(self) -> str:
        kept = f"; {self.unsaved} unsaved verdict(s) kept, save again" if self.unsaved else ""
        return one_line(f"{self.file}: not saved: {self.reason}{kept}", 2000)


@dataclass(frozen=True)
class FolderSaveResult:
    """What :meth:`FolderQueue.save` did, file by file (in the folder's order)."""

    message: str
    """The revision message every saved revision carries."""
    saved: tuple[SavedFile, ...]
    failed: tuple[FailedFile, ...]

    @property
    def ok(self) -> bool:
        return not self.failed

    def lines(self) -> list[str]:
        """One line per file: what was saved, then what was not and why."""
        return [s.line() for s in self.saved] + [f.line() for f in self.failed]


@dataclass(frozen=True)
class ApproveAllResult:
    """What :meth:`FolderQueue.approve_all` did with the rows it was given."""

    approved: tuple[tuple[str, str], ...]
    """(file, id) of each proposal approved (unsaved)."""
    own: int
    """Proposed rows left alone because they are the reviewer's own (self-approval is off)."""
    refused: tuple[tuple[str, str, str], ...] = ()
    """(file, id, why) of each the session refused."""


@dataclass
class _Opened:
    """A transcript of the folder open for review."""

    entry: Entry
    session: EditingSession
    timing: TranscriptTiming | None
    builder: QueueBuilder = field(default_factory=QueueBuilder)


class FolderQueue:
    """The review queue over the transcripts of a folder, for one reviewer.

    Build it with :meth:`open`; list rows with :meth:`rows`; give verdicts with
    :meth:`approve`, :meth:`reject`, :meth:`amend`, :meth:`approve_all` (each names the row's
    file, since ids are per file); take them back with :meth:`undo`/:meth:`redo`; write them
    with :meth:`save`.
    """

    def __init__(
        self,
        folder: Path,
        config: Config,
        *,
        user: str,
        recursive: bool = False,
        with_timing: bool = True,
    ) -> None:
        """An empty queue for ``folder``; :meth:`open` (or :meth:`prepare`) fills it."""
        self.folder = folder
        self.config = config
        self.recursive = recursive
        self.user = user
        self.user_source: str | None = None
        """Where :attr:`user` came from when the reviewer did not choose it (as
        :attr:`.EditingSession.user_source`), for the note after a save."""
        self.with_timing = with_timing
        self._files: dict[str, _Opened] = {}
        self.problems: list[FolderProblem] = []
        """Transcripts that could not be read (in the folder's order), then those that could
        not be opened (as :meth:`load` met them)."""
        self.skipped = 0
        """Transcripts not opened because their summary counts no correction."""
        self.pending: list[Entry] = []
        """Transcripts with corrections not opened yet (see :meth:`load`)."""
        self._done: list[str] = []
        """The file of each verdict given through this queue, in order (for undo)."""
        self._undone: list[str] = []

    @classmethod
    def open(
        cls,
        folder: str | Path,
        config: Config,
        *,
        user: str | None = None,
        recursive: bool = False,
        cache: SummaryCache | None = None,
        with_timing: bool = True,
    ) -> FolderQueue:
        """Scan ``folder`` and open, as a reviewer named ``user`` (None: the config's, git's,
        the login name, as for one file), each transcript whose summary counts corrections:
        :meth:`prepare`, then :meth:`load` of them all."""
        queue = cls.prepare(
            folder, config, user=user, recursive=recursive, cache=cache, with_timing=with_timing
        )
        queue.load()
        return queue

    @classmethod
    def prepare(
        cls,
        folder: str | Path,
        config: Config,
        *,
        user: str | None = None,
        recursive: bool = False,
        cache: SummaryCache | None = None,
        with_timing: bool = True,
    ) -> FolderQueue:
        """The queue with nothing opened yet: the folder scanned and summarised, the
        transcripts to open in :attr:`pending`, the unreadable ones in :attr:`problems`. A
        screen can show itself at once and :meth:`load` a few files at a time.

        ``cache``: the summaries' cache (default: the folder's own in the platform cache, as
        ``status DIR`` uses it). ``with_timing``: work out each file's times for the rows'
        time column (``queue`` shows them; a caller that does not can skip the cost).
        Raises :class:`InputError` only for the folder itself (missing, not a folder,
        unlisted); every bad file inside it becomes a :class:`FolderProblem`.
        """
        root = Path(folder)
        scanned = scan_folder(root, recursive=recursive)
        if cache is None:
            cache = SummaryCache(root, recursive=recursive, markers=config.markers)
        summaries = summarise_folder(scanned, config, cache)
        name, source = resolve_user(config, user)  # once: asking git costs a process
        queue = cls(root, config, user=name, recursive=recursive, with_timing=with_timing)
        queue.user_source = source
        for entry, summary in zip(scanned.entries, summaries, strict=True):
            if summary.get("error") is not None:
                queue.problems.append(
                    FolderProblem(entry.relative, one_line(summary["error"], 2000))
                )
            elif any(summary["corrections"].values()):
                queue.pending.append(entry)
            else:
                queue.skipped += 1  # no correction of any status: nothing to list, never opened
        return queue

    def load(self, limit: int | None = None) -> list[str]:
        """Open the next ``limit`` (None: all) :attr:`pending` transcripts, in the folder's
        order; the files opened. One that cannot be opened becomes a problem."""
        return self.add(self.open_next(limit))

    def open_next(self, limit: int | None = None) -> list[_Opened | FolderProblem]:
        """Open the next ``limit`` (None: all) :attr:`pending` transcripts without adding
        them to the queue (:meth:`add` does). Split from :meth:`load` because opening is the
        slow part: a screen does it in a worker thread while it shows (and iterates) the rows
        already open, and adds the batch on its own thread."""
        todo = self.pending if limit is None else self.pending[:limit]
        self.pending = self.pending[len(todo) :]
        return [self._open_one(entry) for entry in todo]

    def add(self, batch: Iterable[_Opened | FolderProblem]) -> list[str]:
        """Add what :meth:`open_next` opened (its problems to :attr:`problems`); the files
        added."""
        opened = []
        for done in batch:
            if isinstance(done, FolderProblem):
                self.problems.append(done)
                continue
            self._files[done.entry.relative] = done
            opened.append(done.entry.relative)
        return opened

    def _open_one(self, entry: Entry) -> _Opened | FolderProblem:
        try:
            session = EditingSession.open(
                entry.path, self.config, user=self.user, role=Role.REVIEWER
            )
            timing = (
                time_session(session, markers=self.config.markers) if self.with_timing else None
            )
        except InputError as exc:  # changed since it was summarised, or its timing files
            return FolderProblem(entry.relative, shown_name(str(exc)))
        except Exception as exc:  # noqa: BLE001
            # As for the folder's summaries: a bug met on one odd file must not hide the
            # other statements' proposals; it is that file's problem, named for a report.
            why = f"could not be opened (internal error: {type(exc).__name__}: {exc})"
            message = str(InputError(entry.path, why + "; please report it"))
            return FolderProblem(entry.relative, shown_name(message))
        return _Opened(entry, session, timing)

    # -- what is listed ----------------------------------------------------------------------

    @property
    def files(self) -> list[str]:
        """The opened transcripts' paths in the folder, in the folder's order."""
        return list(self._files)

    def session(self, file: str) -> EditingSession:
        """The session of ``file`` (its text, its items, for showing a row's details)."""
        return self._opened(file).session

    def timing(self, file: str) -> TranscriptTiming | None:
        return self._opened(file).timing

    def warnings(self) -> list[str]:
        """Each opened file's reading warnings (cp1252, a torn sidecar tail, timing), one line
        each, prefixed by the file."""
        out = []
        for file, o in self._files.items():
            found = [*o.session.transcript.source.warnings, *o.session.sidecar.warnings]
            found += list(o.timing.warnings) if o.timing is not None else []
            out += [one_line(f"{file}: {w}", 2000) for w in found]
        return out

    def rows(self, query: str = DEFAULT_FILTER) -> list[QueueRow]:
        """The proposals of every opened file matching ``query`` (one file's filter terms plus
        ``file:``), by file, then as one file's queue orders them. Each carries its ``file``.
        Rebuilding after a verdict costs a pass over the corrections (see
        :class:`.QueueBuilder`)."""
        rows: list[QueueRow] = []
        for file, o in self._files.items():
            rows += o.builder.build(o.session, o.timing, query, file)
        return rows

    def find(self, wanted: str) -> tuple[str, str]:
        """(file, full id) of the correction ``wanted`` names: ``ID`` (or a unique beginning of
        one) found in exactly one file, or ``FILE:ID`` naming the file. Ids are per file, so
        an id found in two files is refused, naming both (give ``FILE:ID`` then)."""
        file, sep, cid = wanted.rpartition(":")
        if sep and file in self._files:
            return file, self.session(file).correction_id(cid)
        found: list[tuple[str, str]] = []
        for name, o in self._files.items():
            try:
                found.append((name, o.session.correction_id(wanted)))
            except InputError:
                continue
        if len(found) == 1:
            return found[0]
        if not found:
            unread = (
                f" ({len(self.problems)} file(s) could not be read; `queue` names them)"
                if self.problems
                else ""
            )
            raise InputError(
                self.folder,
                f"no correction with id {wanted!r} in the folder's transcripts{unread}; "
                f"`transcript-review queue {self.folder} --filter ''` lists them",
            )
        first, second = found[0][0], found[1][0]
        more = f" and {len(found) - 2} more" if len(found) > 2 else ""
        raise InputError(
            self.folder,
            f"id {wanted!r} is in both {first} and {second}{more}; "
            f"give it as FILE:ID (e.g. {first}:{found[0][1]})",
        )

    # -- verdicts ----------------------------------------------------------------------------

    def approve(self, file: str, correction_id: str, comment: str | None = None) -> None:
        """Approve (unsaved) the proposal ``correction_id`` of ``file``; refused as one file's
        session refuses it (raises :class:`InputError` naming the file, nothing changed)."""
        self._give(file, lambda s: s.approve(correction_id, comment))

    def reject(self, file: str, correction_id: str, comment: str | None = None) -> None:
        self._give(file, lambda s: s.reject(correction_id, comment))

    def amend(self, file: str, correction_id: str, text: str, comment: str | None = None) -> None:
        self._give(file, lambda s: s.amend(correction_id, text, comment))

    def approve_all(self, rows: Iterable[QueueRow]) -> ApproveAllResult:
        """Approve every ``proposed`` row of ``rows`` (the ones shown) the reviewer may
        approve: not their own unless self-approval is allowed. One refused (the session's
        rules) does not stop the others; it is reported."""
        approved: list[tuple[str, str]] = []
        refused: list[tuple[str, str, str]] = []
        own = 0
        for row in rows:
            if row.file is None or row.correction.status is not Status.PROPOSED:
                continue
            session = self.session(row.file)
            if row.correction.author == session.user and not session.allow_self_approval:
                own += 1
                continue
            try:
                self.approve(row.file, row.id)
            except InputError as exc:
                refused.append((row.file, row.id, one_line(exc.reason, 500)))
                continue
            approved.append((row.file, row.id))
        return ApproveAllResult(tuple(approved), own, tuple(refused))

    @property
    def can_undo(self) -> bool:
        """There is a verdict given through the queue to take back (the footer offers undo)."""
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self) -> tuple[str, str] | None:
        """Take back the last verdict given through the queue: (file, its label), or None."""
        while self._done:
            file = self._done.pop()
            action = self.session(file).undo()
            if action is not None:
                self._undone.append(file)
                return file, action.label
        return None

    def redo(self) -> tuple[str, str] | None:
        """Give again the last verdict undone: (file, its label), or None. Refused (an
        :class:`InputError`) when it no longer applies; it then stays to redo."""
        while self._undone:
            file = self._undone[-1]
            action = self.session(file).redo()
            self._undone.pop()
            if action is not None:
                self._done.append(file)
                return file, action.label
        return None

    @property
    def dirty(self) -> list[str]:
        """The files with unsaved verdicts, in the folder's order."""
        return [file for file, o in self._files.items() if o.session.dirty]

    def summary_message(self) -> str:
        """A message describing every unsaved verdict of the folder (``Approve 12, reject
        3``), to prefill the save prompt: every saved revision carries the same message."""
        return summary_message(a for o in self._files.values() for a in o.session.actions)

    def reload(self, files: Iterable[str] | None = None) -> list[str]:
        """Read again the sidecars of ``files`` (None: every opened file), to show what others
        saved meanwhile; unsaved verdicts are replayed on top, as :meth:`.EditingSession.reload`
        does. Returns one line per verdict set aside (it no longer applies) and per sidecar
        that could not be read (that file keeps what it showed)."""
        lines = []
        for file in list(self._files) if files is None else list(files):
            try:
                dropped = self.session(file).reload()
            except InputError as exc:
                lines.append(one_line(f"{file}: {exc.reason}", 2000))
                continue
            lines += [one_line(f"{file}: {d.message}", 2000) for d in dropped]
        return lines

    # -- saving ------------------------------------------------------------------------------

    def save(self, message: str | None = None, *, break_lock: bool = False) -> FolderSaveResult:
        """Save each file with unsaved verdicts as one revision, all with ``message`` (default:
        :meth:`summary_message`), file by file in the folder's order.

        A file that cannot be saved (its sidecar locked by another writer, changed or removed
        since it was read, a full or read-only disk) is reported in
        :attr:`FolderSaveResult.failed` with the reason; the others are saved all the same,
        and the failed file keeps its unsaved verdicts (a save appends whole or not at all),
        so saving again tries just those. Verdicts that another writer's save made
        inapplicable are set aside by the session, as for one file, and reported.
        """
        text = message or self.summary_message()
        saved: list[SavedFile] = []
        failed: list[FailedFile] = []
        for file in self.dirty:
            session = self.session(file)
            aside = len(session.set_aside)
            try:
                result = session.save(text, break_lock=break_lock)
            except InputError as exc:
                reason = exc.reason if exc.path is not None else str(exc)
                failed.append(
                    FailedFile(
                        file,
                        one_line(reason, 1000),
                        len(session.actions),
                        tuple(session.set_aside[aside:]),
                    )
                )
                continue
            except OSError as exc:  # the store turns write errors into InputError; a read too
                why = exc.strerror or str(exc)
                failed.append(FailedFile(file, one_line(why, 1000), len(session.actions)))
                continue
            saved.append(SavedFile(file, result))
        # The undo stack spans files: after a save, only the failed files' verdicts remain.
        keep = {f.file for f in failed}
        self._done = [f for f in self._done if f in keep]
        self._undone = [f for f in self._undone if f in keep]
        return FolderSaveResult(text, tuple(saved), tuple(failed))

    # -- internals ---------------------------------------------------------------------------

    def _opened(self, file: str) -> _Opened:
        try:
            return self._files[file]
        except KeyError:
            raise InputError(
                self.folder, f"{file!r} is not a transcript with corrections in this folder"
            ) from None

    def _give(self, file: str, verdict: Callable[[EditingSession], Any]) -> None:
        verdict(self.session(file))
        self._done.append(file)
        self._undone.clear()
