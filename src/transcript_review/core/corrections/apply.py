"""Applying corrections to the transcript: the corrected text, and what changed between two.

:func:`apply_corrections` builds the corrected text from a folded :class:`~.fold.State` in one
pass (approved changes, and proposed ones when asked); :func:`changed_regions` compares two
corrected texts of the same transcript. Read-only: nothing here changes the state.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..sidecar.records import ProposalKind

# The package's own helper (underscored: not for use outside corrections/).
from .fold import Correction, State, Status, _SpanIndex


@dataclass(frozen=True)
class AppliedEdit:
    """One edit as applied to the corrected text: where it was and where it ended up."""

    correction: str
    start: int
    end: int
    new_start: int
    new_end: int


@dataclass(frozen=True)
class CorrectedText:
    """The corrected text and how it maps back to the transcript."""

    text: str
    edits: tuple[AppliedEdit, ...]
    skipped: tuple[str, ...]
    """Proposed corrections left out because they overlap an approved or earlier one."""


_CLOSING = frozenset(".,;:!?)]}»”’")


def apply_corrections(state: State, include_proposed: bool = False) -> CorrectedText:
    """Build the corrected text in one pass over the spans, sorted by position.

    Approved text changes apply; with ``include_proposed``, proposed ones apply too, earliest
    proposal first, skipping any that overlaps one already chosen. ``confirm-gap`` and flags
    leave the text as it is; ``dismiss-gap`` removes the marker and one adjoining space.
    """
    source = state.text
    chosen: list[tuple[int, int, str, str]] = []
    index = _SpanIndex()
    skipped: list[str] = []
    wanted = [Status.APPROVED] + ([Status.PROPOSED] if include_proposed else [])
    for status in wanted:
        for corr in state.corrections.values():
            if corr.status is not status or not corr.changes_text or corr.span is None:
                continue
            start, end = corr.span
            if index.overlapping(start, end):
                skipped.append(corr.id)
                continue
            index.add(start, end, corr.id)
            chosen.append((start, end, _replacement(corr, source, start, end), corr.id))
    chosen.sort(key=lambda c: (c[0], c[1]))
    pieces: list[str] = []
    edits: list[AppliedEdit] = []
    pos = 0
    out_len = 0
    for i, (start, end, new, cid) in enumerate(chosen):
        if state.corrections[cid].kind is ProposalKind.DISMISS_GAP:
            next_start = chosen[i + 1][0] if i + 1 < len(chosen) else len(source)
            start, end = _tidy_removal(source, start, end, pos, next_start)
        pieces.append(source[pos:start])
        out_len += start - pos
        pieces.append(new)
        edits.append(AppliedEdit(cid, start, end, out_len, out_len + len(new)))
        out_len += len(new)
        pos = end
    pieces.append(source[pos:])
    return CorrectedText("".join(pieces), tuple(edits), tuple(skipped))


@dataclass(frozen=True)
class ChangedRegion:
    """Whole paragraphs of the transcript where two corrected texts may differ."""

    old_start: int
    """Where the region starts in the old corrected text."""
    old: str
    new: str


def changed_regions(source: str, old: CorrectedText, new: CorrectedText) -> list[ChangedRegion]:
    """The paragraphs where ``old`` and ``new`` (two corrected texts of ``source``) differ.

    Both are ``source`` with edits applied, and the edits know their spans: outside them the
    two texts are ``source`` itself. So only the paragraphs holding an edit of either side are
    compared, and the cost of a diff follows the corrections, not the transcript's length (a
    word diff of the whole text was quadratic: 36 s for 20k words with nothing changed).
    """
    spans = sorted((e.start, e.end) for e in (*old.edits, *new.edits))
    merged: list[list[int]] = []
    for start, end in spans:
        head = source.rfind("\n\n", 0, start)
        start = 0 if head < 0 else head + 2
        tail = source.find("\n\n", end)
        end = len(source) if tail < 0 else tail
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    old_map, new_map = _OffsetMap(old.edits), _OffsetMap(new.edits)
    regions = []
    for start, end in merged:
        a0, a1 = old_map.to_output(start), old_map.to_output(end)
        b0, b1 = new_map.to_output(start), new_map.to_output(end)
        if old.text[a0:a1] != new.text[b0:b1]:
            regions.append(ChangedRegion(a0, old.text[a0:a1], new.text[b0:b1]))
    return regions


class _OffsetMap:
    """Maps offsets of the source outside every edit to offsets in the corrected text, for
    ascending queries, in one pass over the edits."""

    def __init__(self, edits: Sequence[AppliedEdit]) -> None:
        self.edits = sorted(edits, key=lambda e: e.start)
        self.i = 0
        self.shift = 0

    def to_output(self, offset: int) -> int:
        while self.i < len(self.edits) and self.edits[self.i].end <= offset:
            e = self.edits[self.i]
            self.shift = e.new_end - e.end
            self.i += 1
        return offset + self.shift


def corrected_text(state: State, include_proposed: bool = False) -> str:
    """The corrected transcript text (approved corrections only, unless ``include_proposed``)."""
    return apply_corrections(state, include_proposed).text


def _replacement(corr: Correction, source: str, start: int, end: int) -> str:
    if corr.kind in (ProposalKind.RESOLVE_GAP, ProposalKind.REPLACE):
        return corr.text or ""
    if corr.kind is ProposalKind.DISMISS_GAP:
        return ""
    return source[start:end]


def _tidy_removal(source: str, start: int, end: int, floor: int, ceiling: int) -> tuple[int, int]:
    """Widen a removed marker over one space so no double space or space before punctuation
    is left behind; never into a neighbouring edit (``floor``..``ceiling``)."""
    before = source[start - 1] if start > 0 else "\n"
    after = source[end] if end < len(source) else "\n"
    if after == " " and before in " \n" and end + 1 <= ceiling:
        return start, end + 1
    if before == "\n" and after == "\n":
        # A marker alone on its line: take the line break(s) after it too, so no empty
        # paragraph is left where it stood.
        stop = end
        while stop < min(len(source), ceiling) and source[stop] == "\n":
            stop += 1
        return start, stop
    if (
        before == " "
        and (after in _CLOSING or after == "\n" or end == len(source))
        and start - 1 >= floor
    ):
        return start - 1, end
    return start, end
