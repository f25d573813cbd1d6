"""The gaps and uncertain passages an editor walks through, with ids, places and context."""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from ..errors import InputError
from .gc_pause import cycle_collector_paused
from .markers import MarkerKind
from .transcript import Paragraph, Transcript

if TYPE_CHECKING:
    from .qc.findings import Finding

#: What an item is: a gap or uncertain passage (a marker), or a finding of the final check.
ItemKind = MarkerKind | Literal["qc"]

#: Characters of context on either side hashed into an item's id.
_ID_CONTEXT = 32
#: Longest context shown for an item; longer sentences are trimmed around the marker.
_MAX_CONTEXT = 300


# Not ``frozen``: a frozen dataclass sets each field through ``object.__setattr__``, and
# making the items of a million markers took 2 s more that way (16 fields each). Read-only by
# convention: nothing assigns to an item's fields. ``unsafe_hash`` keeps the hash and the
# equality that ``frozen`` gave.
@dataclass(slots=True, unsafe_hash=True)
class Item:
    """One gap or uncertain passage, as the commands and the editor present it; or a finding
    of the final check (kind ``qc``, made by :func:`.qc.work_items.qc_item_states`). Never
    changed once made."""

    id: str
    """``g-`` or ``u-`` and six hex digits hashed from the marker and the text around it, so the
    id stays the same while the transcript is unchanged (and even when text elsewhere changes);
    a finding's id (``q-…``) for kind ``qc``."""
    kind: ItemKind
    style: str
    marker: str
    """The exact text of the marker (for an uncertain passage, the whole passage)."""
    start: int
    end: int
    inner_start: int
    """Start of the doubted words of an uncertain passage (a gap: same as ``start``)."""
    inner_end: int
    paragraph: int
    line: int
    column: int
    time: float | None
    """Seconds from a time in the marker, or from an inline stamp inside or just before it in
    the same paragraph; None when the transcript says nothing."""
    parent: str | None
    """Id of the uncertain passage this item lies inside, if any."""
    time_in_marker: bool = False
    """The time was written in the marker itself (``[inaudible 00:12:34]``): exact. Otherwise
    :attr:`time` is only the paragraph's last stamp before it; callers with word timing
    (:mod:`.transcript_times`) have better."""
    finding: Finding | None = None
    """Kind ``qc``: the finding (rule, severity, words, message, suggestion); None otherwise."""
    _transcript: Transcript | None = field(default=None, repr=False, compare=False)
    """The transcript the item was found in, for :attr:`context`."""

    @property
    def context(self) -> str:
        """The sentence around the marker, on one line (trimmed around it when long).

        Worked out when asked for, not when the item is found: ``status``, ``check`` and
        ``export`` never show it, and a transcript with a million markers spent a third of
        its time building sentences nobody read.
        """
        if self._transcript is None:
            return self.marker
        return _context(self._transcript, self.start, self.end, self.paragraph)

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "style": self.style,
            "marker": self.marker,
            "start": self.start,
            "end": self.end,
            "paragraph": self.paragraph,
            "line": self.line,
            "column": self.column,
            "time": self.time,
            "context": self.context,
            "parent": self.parent,
        }


def find_items(transcript: Transcript) -> list[Item]:
    """Every marker of ``transcript`` as an :class:`Item`, in document order.

    Markers come sorted by start, so the paragraph and line of each are found by walking
    forward from the previous marker's, not searched for again (this loop runs once per
    marker: a million times in the worst transcripts).
    """
    with cycle_collector_paused():  # an item per marker: there may be a million
        return _find_items(transcript)


def _find_items(transcript: Transcript) -> list[Item]:
    text = transcript.text
    # Times written in the text, by offset: stamps, and markers that carry a time of their own.
    known = sorted(
        [(s.start, s.seconds) for s in transcript.stamps]
        + [(m.start, m.time) for m in transcript.markers if m.time is not None]
    )
    known_starts = [k[0] for k in known]
    items: list[Item] = []
    allocate = IdAllocator().allocate  # (a local name: looked up a million times)
    open_parents: list[Item] = []
    paragraphs = transcript.paragraphs
    para_starts = transcript._paragraph_starts
    line_starts = transcript._line_starts
    p = 0  # index of the paragraph holding the current marker (as Transcript.paragraph_at)
    li = 0  # index of its line (as Transcript.line_column)
    for marker in transcript.markers:
        start = marker.start
        while p + 1 < len(para_starts) and para_starts[p + 1] <= start:
            p += 1
        while li + 1 < len(line_starts) and line_starts[li + 1] <= start:
            li += 1
        para = paragraphs[p]
        time = marker.time
        if time is None and known_starts:
            i = bisect.bisect_left(known_starts, marker.end) - 1
            if i >= 0 and known[i][0] >= para.start:
                time = known[i][1]
        while open_parents and open_parents[-1].end <= start:
            open_parents.pop()
        # Fields by position, in the order Item declares them: by keyword, making the items
        # of a million markers took half a second more.
        item = Item(
            allocate(_base_id(text, marker.kind, start, marker.end, para)),  # id
            marker.kind,
            marker.style,
            text[start : marker.end],  # marker
            start,
            marker.end,
            marker.inner_start,
            marker.inner_end,
            para.index,  # paragraph
            li + 1,  # line
            start - line_starts[li] + 1,  # column
            time,
            open_parents[-1].id if open_parents else None,  # parent
            marker.time is not None,  # time_in_marker
            None,  # finding
            transcript,  # _transcript
        )
        items.append(item)
        if marker.kind == "uncertain":
            open_parents.append(item)
    return items


def find_item(items: list[Item], wanted: str) -> Item | None:
    """The item whose id is ``wanted`` or starts with it uniquely (like git's short hashes)."""
    wanted = wanted.strip().lower()
    if not wanted:
        return None
    exact = [i for i in items if i.id == wanted]
    if exact:
        return exact[0]
    matches = [i for i in items if i.id.startswith(wanted)]
    return matches[0] if len(matches) == 1 else None


def item_by_id(items: list[Item], wanted: str, path: Path | None) -> Item:
    """The item with id (or unique id prefix) ``wanted``; InputError naming the file if none."""
    found = find_item(items, wanted)
    if found is None:
        matching = [i.id for i in items if wanted and i.id.startswith(wanted.lower())]
        why = (
            f"{wanted!r} could be any of {', '.join(matching[:5])}; give more of the id"
            if len(matching) > 1
            else f"no gap or uncertain passage with id {wanted!r}"
        )
        raise InputError(path, f"{why}; `transcript-review items {path}` lists them")
    return found


def _base_id(text: str, kind: str, start: int, end: int, para: Paragraph) -> str:
    """Hash of the marker and up to 32 characters either side, within its paragraph."""
    # Comparisons rather than max()/min(): this runs once per marker.
    lo = start - _ID_CONTEXT
    if lo < para.start:
        lo = para.start
    hi = end + _ID_CONTEXT
    if hi > para.end:
        hi = para.end if para.end > end else end
    key = f"{kind}\x00{text[start:end]}\x00{text[lo:start]}\x00{text[end:hi]}"
    return ("g-" if kind == "gap" else "u-") + hashlib.sha1(key.encode("utf-8")).hexdigest()[:6]


class IdAllocator:
    """Unique item ids: the base id, then ``base-2``, ``base-3``… for markers with the same
    words around them (a paragraph of ten thousand ``(inaudible)``). Each base remembers the
    last suffix it gave, so the n-th repeat costs one probe, not n (quadratic before)."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self._next: dict[str, int] = {}
        self.probes = 0
        """Membership tests made so far (for the test that keeps this linear)."""

    def allocate(self, base: str) -> str:
        n = self._next.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while True:
            self.probes += 1
            if candidate not in self.used:
                break
            n += 1
            candidate = f"{base}-{n}"
        self._next[base] = n + 1
        self.used.add(candidate)
        return candidate


def item_context(transcript: Transcript, start: int, end: int) -> str:
    """The sentence(s) around ``[start, end)``, whitespace collapsed, trimmed with ``…``."""
    return _context(transcript, start, end)


def _context(transcript: Transcript, start: int, end: int, paragraph: int | None = None) -> str:
    s, e = transcript.sentence_around(start, end, paragraph)
    if e - s > _MAX_CONTEXT:
        room = max(40, (_MAX_CONTEXT - (end - start)) // 2)
        s2, e2 = max(s, start - room), min(e, end + room)
        trimmed = " ".join(transcript.text[s2:e2].split())
        return ("…" if s2 > s else "") + trimmed + ("…" if e2 < e else "")
    return " ".join(transcript.text[s:e].split())
