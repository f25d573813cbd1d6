"""What the transcript view shows: text, styled spans, inserted words, gutter times, tokens.

Built from the parsed transcript and the corrections known so far (saved and unsaved); the view
itself only wraps and paints it. Kept free of Textual so it can be tested on its own.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..core.text.timecodes import format_timecode
from ..core.text.words import WORD
from .layout import Insertion
from .spans import Span, SpanIndex

if TYPE_CHECKING:
    from ..core.editing.session import EditingSession
    from ..core.text.transcript import Transcript

#: Tags of spans that are whole tokens for the cursor (one press of → steps over them).
_ATOMIC = frozenset({"gap", "gap-decided", "stamp", "speaker"})


@dataclass
class GutterTime:
    """The time shown beside a paragraph's first row."""

    seconds: float
    estimated: bool

    def label(self) -> str:
        return format_timecode(self.seconds, estimated=self.estimated)


@dataclass
class ViewDocument:
    """Everything the view paints, in source offsets of :attr:`text`."""

    text: str
    spans: SpanIndex
    insertions: list[Insertion] = field(default_factory=list)
    gutter: dict[int, GutterTime] = field(default_factory=dict)
    """File line index -> time shown on its first row."""
    _atomic: list[Span] = field(default_factory=list, repr=False)
    _atomic_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._atomic = sorted(
            (s for s in self.spans.overlapping(0, len(self.text)) if s.tag in _ATOMIC),
            key=lambda s: s.start,
        )
        self._atomic_starts = [s.start for s in self._atomic]

    # -- tokens: what the word cursor steps over ------------------------------------------

    def tokens(self, start: int, end: int) -> list[tuple[int, int]]:
        """Words and atomic spans (gaps, stamps, labels) that start inside ``[start, end)``."""
        text = self.text
        start = max(0, start)
        end = min(len(text), end)
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_'’-"):
            start -= 1  # never begin inside a word: "adugli" is not a token
        i = bisect.bisect_left(self._atomic_starts, start)
        atoms = []
        while i < len(self._atomic) and self._atomic[i].start < end:
            atoms.append((self._atomic[i].start, self._atomic[i].end))
            i += 1
        # a word that begins inside an atomic span that started before `start` is not a token
        j = bisect.bisect_right(self._atomic_starts, start) - 1
        covered_until = self._atomic[j].end if j >= 0 else -1
        tokens: list[tuple[int, int]] = []
        k = 0
        for m in WORD.finditer(self.text, start, end):
            s, e = m.span()
            while k < len(atoms) and atoms[k][0] <= s:
                tokens.append(atoms[k])
                covered_until = max(covered_until, atoms[k][1])
                k += 1
            if s >= covered_until:
                tokens.append((s, e))
        tokens.extend(atoms[k:])
        return tokens

    def token_at(self, offset: int) -> tuple[int, int] | None:
        """The token holding ``offset``, else the next one, else the last one."""
        for s, e in self.tokens(offset - 200, offset + 400):
            if e > offset:
                return (s, e)
        return self.next_token(offset) or self.previous_token(offset)

    def next_token(self, offset: int) -> tuple[int, int] | None:
        """The first token starting after ``offset``."""
        window = 512
        pos = offset + 1
        while pos < len(self.text):
            for token in self.tokens(pos, pos + window):
                if token[0] > offset:
                    return token
            pos += window
            window *= 2
        return None

    def previous_token(self, offset: int) -> tuple[int, int] | None:
        """The last token starting before ``offset``."""
        window = 512
        pos = offset
        while pos > 0:
            found = [t for t in self.tokens(pos - window, pos) if t[0] < offset]
            if found:
                return found[-1]
            pos -= window
            window *= 2
        return None


def build_view_document(
    transcript: Transcript,
    extra_spans: list[Span] | None = None,
    insertions: list[Insertion] | None = None,
    gutter: dict[int, GutterTime] | None = None,
    decided_gaps: set[tuple[int, int]] | None = None,
) -> ViewDocument:
    """The plain transcript's spans (markers, stamps, labels, headings) plus any extra ones.

    A gap in ``decided_gaps`` (its ``(start, end)``: a decision proposed or approved on it) is
    no longer open work: not red, no ● in the gutter (its proposal's ✎ shows instead)."""
    spans: list[Span] = []
    decided_gaps = decided_gaps or set()
    for m in transcript.markers:
        if m.kind != "gap":
            tag = "uncertain"
        else:
            tag = "gap-decided" if (m.start, m.end) in decided_gaps else "gap"
        spans.append(Span(m.start, m.end, tag))
    for s in transcript.stamps:
        if s.style != "speaker":
            spans.append(Span(s.start, s.end, "stamp"))
    for turn in transcript.speakers:
        spans.append(Span(turn.start, turn.end, "speaker"))
    for p in transcript.paragraphs:
        if p.kind == "header":
            spans.append(Span(p.start, p.end, "heading"))
    spans.extend(extra_spans or [])
    return ViewDocument(
        transcript.text, SpanIndex(spans), list(insertions or []), dict(gutter or {})
    )


_BLANK_LINE = re.compile(r"\n")


def correction_decorations(session: EditingSession) -> tuple[list[Span], list[Insertion]]:
    """How each standing correction shows in the text.

    A proposal strikes the old words and shows the new ones after them (unsaved ones in their
    own style); an approved change shows the same in the approved style; a gap confirmed as
    inaudible is marked, a dismissed one struck; a standing flag is shaded.
    """
    from ..core.corrections import Status
    from ..core.sidecar.records import ProposalKind

    unsaved = {getattr(e, "id", "") for e in session.draft.events}
    standing_flags = {f.id for f in session.state.active_flags(include_proposed=True)}
    spans: list[Span] = []
    insertions: list[Insertion] = []
    for corr in session.state.corrections.values():
        span = corr.span
        if span is None:
            continue
        start, end = span
        if corr.kind is ProposalKind.FLAG:
            if corr.id in standing_flags:
                spans.append(Span(start, end, "pending-flag" if corr.id in unsaved else "flag"))
            continue
        if corr.status not in (Status.PROPOSED, Status.APPROVED) or not corr.changes_text:
            continue
        approved = corr.status is Status.APPROVED
        look = "approved" if approved else ("pending" if corr.id in unsaved else "proposed")
        if corr.kind is ProposalKind.CONFIRM_GAP:
            spans.append(Span(start, end, "confirmed"))
            if not approved:  # (no style of its own: the gutter's ✎ for a proposal)
                spans.append(Span(start, end, f"{look}-confirm"))
            continue
        text = session.transcript.text
        for old_start, old_end, words in _changed_runs(text, start, end, corr.text):
            if old_end > old_start:
                spans.append(Span(old_start, old_end, f"{look}-old"))
            if words:
                insertions.append(Insertion(old_end, words, look))
    return spans, insertions


#: Words, single marks and spaces: what a correction's display is diffed by.
_DIFF_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


def _changed_runs(
    text: str, start: int, end: int, new: str | None
) -> list[tuple[int, int, str]]:
    """Where a correction of ``text[start:end]`` to ``new`` differs, as ``(old start, old end,
    new words)`` runs in source offsets: what the view strikes and what it shows after it.

    Words the correction keeps are not struck and shown again: taking the ``*`` off an
    uncertain passage strikes the two ``*``, not the whole passage followed by its copy (a
    resolved gap, whose words have nothing in common with its marker, is struck whole).
    """
    import difflib  # (not needed for the first paint)

    old = text[start:end]
    if not new or start == end:
        return [(start, end, new or "")]
    a = _DIFF_TOKEN.findall(old)
    b = _DIFF_TOKEN.findall(new)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    kept = sum(size for *_, size in matcher.get_matching_blocks())
    if not any(t.strip() for t in a) or kept * 2 < len(a):
        return [(start, end, new)]  # mostly rewritten: struck whole, the new words after it
    offsets = [start]
    for token in a:
        offsets.append(offsets[-1] + len(token))
    runs = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        at = offsets[i1]
        if op == "insert":  # shown after the word before it, not glued to the word after
            while at > start and text[at - 1].isspace():
                at -= 1
            runs.append((at, at, "".join(b[j1:j2]).strip()))
        else:
            runs.append((at, offsets[i2], "".join(b[j1:j2]).strip()))
    return runs or [(start, end, new)]
