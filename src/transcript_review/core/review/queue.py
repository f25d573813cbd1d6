"""The reviewer's queue: every proposal with who, what, when and where, filtered and sorted.

Kept free of Textual: the rules (what is outdated, what a filter means, what "approve all
visible" may touch) are tested on their own; the review screen only shows them.

Open questions (a merge found conflicting verdicts on a correction, see
:attr:`.corrections.State.open_questions`) belong to the correction they are about: its row
carries them (:attr:`QueueRow.questions`) until a new verdict answers them. See
:class:`QueueFilter` for how the filter treats a questioned correction.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timezone

from ..corrections import Correction, QuestionState, Status
from ..editing.session import EditingSession
from ..sidecar.records import ProposalKind
from ..text.anchors import PlacementMethod
from ..text.items import Item
from ..timing.transcript_times import Moment, TranscriptTiming, item_moment
from .filter_terms import FilterTerms

#: Filter keys a reviewer may type (``status:proposed author:ana kind:replace is:question``);
#: a ``-`` before a term excludes what it names (``-author:ana``, ``-is:question``).
#: ``file:`` names a transcript of the folder's queue (:mod:`.folder_queue`): its path in the
#: folder or its file name (prefixes match); in one file's queue no row has a file, so a
#: ``file:`` term there matches nothing.
FILTER_KEYS = ("status", "author", "kind", "is", "file")
DEFAULT_FILTER = "status:proposed"
#: What ``is:`` may name: an open question, a proposal made on another transcript version,
#: one touched by the reviewer's unsaved actions.
IS_VALUES = ("question", "outdated", "unsaved")
#: The filter prompt's hint and the help's line for it.
FILTER_HINT = (
    "status: author: kind: is:question|outdated|unsaved (prefixes match), -term excludes, "
    "any words · questioned ones show unless excluded"
)
#: The same for the folder's queue, where ``file:`` narrows to transcripts.
FOLDER_FILTER_HINT = (
    "status: author: kind: is:question|outdated|unsaved file: (prefixes match), -term excludes, "
    "any words · questioned ones show unless excluded"
)


@dataclass(frozen=True)
class QueuePlace:
    """Where the reviewer was in the queue when they left it (``o`` to open a proposal in the
    text, ``R`` or ``escape`` to the editor): coming back restores it, so the next verdict key
    acts on the proposal they were looking at, not on the first row."""

    query: str
    """The filter."""
    selected: str | None
    """The id of the selected proposal."""
    row: int
    """Its row, for when it is no longer listed (the cursor stays near where it was)."""
    scroll_y: float


@dataclass(frozen=True)
class QueueRow:
    """One proposal as the queue lists it."""

    correction: Correction
    time: float | None
    estimated: bool
    unsaved: bool
    """A verdict or the proposal itself is in the reviewer's unsaved actions, or an unsaved
    verdict changed its status (an alternative it superseded)."""
    questions: tuple[QuestionState, ...] = ()
    """Open questions about this correction (conflicting verdicts merged), oldest first."""
    saved_status: Status | None = None
    """Its status as saved, when the reviewer's unsaved verdicts changed it (approved it,
    rejected it, or approved an alternative that superseded it): until the save the row still
    matches a filter on this status, so a verdict just given stays in view (marked •)."""
    file: str | None = None
    """The transcript's path inside the folder (``/``-separated), in the folder's queue
    (:class:`.folder_queue.FolderQueue`); None in one file's queue. Ids are per file, so
    (``file``, ``id``) is what names a row of the folder's queue."""

    @property
    def id(self) -> str:
        return self.correction.id

    @property
    def start(self) -> int | None:
        span = self.correction.span
        return span[0] if span else None

    @property
    def outdated(self) -> bool:
        """Made on another version of the transcript and placed again by its context."""
        placement = self.correction.placement
        return placement is not None and placement.method not in (
            PlacementMethod.POSITION,
            PlacementMethod.ORPHANED,
        )

    @property
    def orphaned(self) -> bool:
        return self.correction.status is Status.ORPHANED

    @property
    def questioned(self) -> bool:
        """An open question waits for a verdict on this correction."""
        return bool(self.questions)

    def statuses(self) -> tuple[str, ...]:
        """The statuses a ``status:`` term sees: the correction's own, plus ``proposed`` while
        a question is open (it waits for a verdict just as a proposal does), plus the saved
        one while an unsaved verdict changed it (see :attr:`saved_status`)."""
        own = self.correction.status.value
        also = [Status.PROPOSED.value] if self.questioned else []
        if self.saved_status is not None:
            also.append(self.saved_status.value)
        return (own, *(s for s in dict.fromkeys(also) if s != own))

    def flags(self) -> tuple[str, ...]:
        """What ``is:`` terms match."""
        found = (
            ("question", self.questioned),
            ("outdated", self.outdated),
            ("unsaved", self.unsaved),
        )
        return tuple(name for name, on in found if on)

    def file_names(self) -> tuple[str, ...]:
        """What ``file:`` terms match (lower case): the path in the folder and the file name
        (``file:day2/`` and ``file:closing`` both find ``day2/closing.txt``)."""
        if self.file is None:
            return ()
        path = self.file.lower()
        return tuple(dict.fromkeys((path, path.rsplit("/", 1)[-1])))


@dataclass(frozen=True)
class QueueFilter:
    """``status:``, ``author:``, ``kind:`` and ``is:`` terms (prefixes match), plus free words.

    Terms of one key are alternatives (``status:proposed status:approved``); different keys
    and words must all match. A term written with a leading ``-`` excludes what it names
    (``-author:ana``, ``-is:question``, ``-status:rejected``).

    Open questions are never hidden by accident. A correction with an open question counts as
    ``proposed`` for ``status:`` terms as well as having its own status: it waits for a verdict
    again. So the default filter ``status:proposed`` shows an approved or rejected correction
    whose verdicts conflicted in a merge, and so does an empty filter. It is hidden only by a
    filter that explicitly leaves it out: ``-is:question``, ``-status:proposed``, a
    ``status:`` that names neither ``proposed`` nor its own status (``status:withdrawn``), or
    an ``author:``, ``kind:`` or word that does not match it. ``is:question`` shows only
    questioned corrections.
    """

    status: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    is_: tuple[str, ...] = ()
    file: tuple[str, ...] = ()
    words: tuple[str, ...] = ()
    without: tuple[tuple[str, str], ...] = ()
    """Excluded terms as (key, value): ``-is:question`` is ``("is", "question")``."""

    @classmethod
    def parse(cls, text: str) -> QueueFilter:
        terms = FilterTerms.parse(text, FILTER_KEYS)  # the grammar shared with the workspace
        return cls(
            status=terms.values("status"),
            author=terms.values("author"),
            kind=terms.values("kind"),
            is_=terms.values("is"),
            file=terms.values("file"),
            words=terms.words,
            without=terms.without,
        )

    def matches(self, row: QueueRow, text: str) -> bool:
        c = row.correction
        terms = FilterTerms(
            (
                ("status", self.status),
                ("author", self.author),
                ("kind", self.kind),
                ("is", self.is_),
                ("file", self.file),
            ),
            self.words,
            self.without,
        )
        values: dict[str, tuple[str, ...]] = {
            "status": row.statuses(),
            "author": (c.author.lower(),),
            "kind": (c.kind.value,),
            "is": row.flags(),
            "file": row.file_names(),
        }
        haystack = (
            " ".join(
                filter(
                    None,
                    (c.id, c.text, c.note, c.reason, c.anchor.exact, c.author, row.file, text),
                )
            )
            if self.words
            else ""
        )
        return terms.matches(values, haystack)


def build_queue(
    session: EditingSession, timing: TranscriptTiming | None, query: str = DEFAULT_FILTER
) -> list[QueueRow]:
    """The proposals matching ``query``, sorted by position (orphaned ones last)."""
    return QueueBuilder().build(session, timing, query)


def queue_order(row: QueueRow) -> tuple[bool, int, int, str]:
    """By position in the text (orphaned ones last), then revision, then id."""
    return (row.start is None, row.start or 0, row.correction.revision, row.id)


class QueueBuilder:
    """:func:`build_queue` that remembers: a correction unchanged since the last build keeps
    its row (and its verdict on the filter), so a verdict costs a pass over the corrections,
    not a row, a time lookup and a filter match for each of 10,000 of them.

    A correction counts as unchanged when it is the same object (a save, an undo or a reload
    folds new ones) with the same review status, history length, words, placement, unsaved
    mark and open questions; another filter, session or timing forgets everything.
    """

    def __init__(self) -> None:
        self._context: tuple[object, ...] = ()
        self._memo: dict[str, tuple[tuple[object, ...], QueueRow, bool]] = {}

    def build(
        self,
        session: EditingSession,
        timing: TranscriptTiming | None,
        query: str,
        file: str | None = None,
    ) -> list[QueueRow]:
        """The rows of ``session`` matching ``query``; ``file``: the transcript's path in the
        folder, carried by every row (the folder's queue builds one file at a time)."""
        context = (id(session), id(timing), query, file)
        if context != self._context:
            self._context, self._memo = context, {}
        wanted = QueueFilter.parse(query)
        unsaved = {getattr(e, "id", "") for e in session.draft.events}
        state = session.state
        asked: dict[str, list[QuestionState]] = {}
        for question in state.open_questions:
            asked.setdefault(question.about, []).append(question)
        text = session.transcript.text
        on_items = {(item.start, item.end): item for item in session.items}
        memo: dict[str, tuple[tuple[object, ...], QueueRow, bool]] = {}
        old = self._memo
        rows = []
        for corr in state.corrections.values():
            questions = tuple(asked.get(corr.id, ()))
            saved = session.saved_status(corr.id)
            decided = saved if saved is not None and saved is not corr.status else None
            signature = (
                id(corr),
                corr.review_status,
                len(corr.history),
                corr.text,
                id(corr.placement),
                corr.id in unsaved,
                tuple(id(q) for q in questions),
                decided,
            )
            known = old.get(corr.id)
            if known is not None and known[0] == signature:
                row, shown = known[1], known[2]
            else:
                span = corr.span
                moment = _moment(span, on_items, timing)
                row = QueueRow(
                    corr,
                    moment.seconds if moment else None,
                    moment.estimated if moment else False,
                    corr.id in unsaved or decided is not None,
                    questions,
                    decided,
                    file,
                )
                shown = wanted.matches(row, text[span[0] : span[1]] if span else "")
            memo[corr.id] = (signature, row, shown)
            if shown:
                rows.append(row)
        self._memo = memo
        rows.sort(key=queue_order)
        return rows


def _moment(
    span: tuple[int, int] | None,
    on_items: dict[tuple[int, int], Item],
    timing: TranscriptTiming | None,
) -> Moment | None:
    """The time a proposal shows: for one made on a gap or passage (its span is the item's),
    the item's time as every other view shows it (:func:`.item_moment`: a time written in the
    marker wins); for any other span, the timing's moment at its start."""
    if span is None:
        return None
    item = on_items.get(span)
    if item is not None:
        return item_moment(item, timing)
    return timing.moment_at(span[0]) if timing is not None else None


def describe_age(saved: datetime, now: datetime | None = None) -> str:
    """``5m``, ``3h``, ``2d``: how long ago a proposal was saved."""
    now = now or datetime.now(timezone.utc)
    seconds = max(0, int((now - saved).total_seconds()))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return "now"


def proposed_words(corr: Correction, original: str) -> str:
    """What the text becomes if the proposal is approved (for the diff)."""
    if corr.kind in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE):
        return corr.text or ""
    if corr.kind is ProposalKind.DISMISS_GAP:
        return ""
    return original


def reading_now(text: str, start: int, end: int, approved: Iterable[Correction]) -> str:
    """``text[start:end]`` as it reads with ``approved`` applied (corrections lying inside
    it, not overlapping one another): the context of a proposal in the details is the text a
    reader sees, not the stale ``(inaudible)`` an approved correction already filled."""
    pieces: list[str] = []
    pos = start
    for corr in sorted(approved, key=lambda c: c.span or (0, 0)):
        if corr.span is None:
            continue
        s, e = corr.span
        pieces.append(text[pos:s])
        pieces.append(proposed_words(corr, text[s:e]))
        pos = e
    pieces.append(text[pos:end])
    return "".join(pieces)


def filter_problem(query: str) -> str | None:
    """What is wrong with a filter, or None: a ``status:``, ``kind:`` or ``is:`` term whose
    value starts no status, kind or ``is:`` value (``status:aproved``) can only match nothing,
    so a script is told instead of getting an empty queue. Free words are never wrong."""
    known = {
        "status": tuple(s.value for s in Status),
        "kind": tuple(k.value for k in ProposalKind),
        "is": IS_VALUES,
    }
    for term in query.lower().split():
        key, sep, value = term.removeprefix("-").partition(":")
        if sep and value and key in known and not any(v.startswith(value) for v in known[key]):
            return f"filter term {term!r}: no {key} starts with {value!r} ({', '.join(known[key])})"
    return None


def change_line(row: QueueRow, text: str) -> str:
    """The change a row proposes, on one line: ``old → new``, a flag's reason, a removal.

    ``text`` is the transcript's text (the words the correction's span covers now).
    """
    c = row.correction
    span = c.span
    old = text[span[0] : span[1]] if span else c.anchor.exact
    old = " ".join(old.split())
    if c.kind is ProposalKind.FLAG:
        return f"⚑ {old} — {c.reason}"
    if c.kind is ProposalKind.CLEAR_FLAG:
        return f"clear flag {c.flag}"
    if c.kind is ProposalKind.CONFIRM_GAP:
        return f"{old} is truly inaudible"
    new = proposed_words(c, old)
    replaced = replaced_by_amendment(c)
    amended = f" (amended; proposed: {replaced})" if replaced else ""
    return (f"{old} → {new}" if new else f"{old} → (removed)") + amended


def replaced_by_amendment(c: Correction) -> str | None:
    """The proposer's words when a reviewer's amendment replaced them, else None."""
    if c.amended_by is None or c.proposed_text == c.text:
        return None
    return " ".join((c.proposed_text or "").split()) or "(nothing)"
