"""Wrapping a transcript into screen rows, fast enough for a 1M-word session.

The view shows the text exactly as typed, each file line wrapped at spaces to the width of the
text column. Corrections that add words (a proposal shows its new words after the struck-out
old ones) make a line's *display* differ from its source, so each line is a list of pieces:
runs of source text and inserted runs. Rows are kept as compact arrays of offsets; a resize
rebuilds them in one pass (``str.rfind`` per row: ~100k rows in well under a second).
"""

from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from itertools import accumulate

from rich.cells import cell_len, get_character_cell_size

#: Characters that would move a terminal's cursor (C0, DEL, C1, line and paragraph separators)
#: shown as one space each, so a row never runs out of its column; same length, same offsets.
_BREAK = re.compile(r"\s*[\n\r\u2028\u2029]\s*")
SAFE_CELLS = {c: " " for c in (*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)}


def one_line(words: str) -> str:
    """Inserted words as one line: a line break (with the spaces around it) is one space, any
    other control character a space. A correction may hold anything a sidecar was given."""
    if words.isprintable():
        return words
    return _BREAK.sub(" ", words).translate(SAFE_CELLS)


@dataclass(frozen=True, slots=True)
class Insertion:
    """Words shown in the text that are not in the source, placed after ``at`` (a source offset)."""

    at: int
    text: str
    tag: str
    """What the words are, for styling: e.g. ``proposed`` or ``approved``."""


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of a display line: source text ``[start, end)``, or inserted words."""

    display_start: int
    source_start: int
    length: int
    insertion: Insertion | None = None


@dataclass(frozen=True, slots=True)
class RowSpan:
    """One screen row: which file line, and which part of its display text."""

    line: int
    display_start: int
    display_end: int
    first_of_line: bool


class DocumentLayout:
    """Rows of the whole document at one width, with lookups both ways.

    ``row -> (line, display part)`` by bisecting the cumulative row counts of lines, and
    ``source offset -> row`` by bisecting line starts then the line's row starts.
    """

    def __init__(
        self,
        text: str,
        width: int,
        insertions: list[Insertion] | None = None,
        *,
        reuse: DocumentLayout | None = None,
        line_limit: int | None = None,
    ) -> None:
        """Wrap ``text`` at ``width``; with ``reuse`` (a layout of the same text and width),
        only lines whose insertions changed are wrapped again — a correction costs one line.
        With ``line_limit``, only the first lines are wrapped (a first screenful of a big
        document); :attr:`complete` says which it is."""
        self.text = text
        self.width = max(8, width)
        if reuse is not None and (
            reuse.text is not text or reuse.width != self.width or not reuse.complete
        ):
            reuse = None
        if reuse is not None:
            self.line_starts = reuse.line_starts
        else:
            self.line_starts = array("q", [0])
            pos = text.find("\n")
            while pos != -1:
                self.line_starts.append(pos + 1)
                pos = text.find("\n", pos + 1)
        self._insertions_by_line: dict[int, list[Insertion]] = {}
        for ins in sorted(insertions or [], key=lambda i: i.at):
            self._insertions_by_line.setdefault(self.line_of(ins.at), []).append(ins)
        self._display_cache: dict[int, tuple[str, list[Piece]]] = {}
        self.row_offsets: list[array] = []
        """Per line, the display offsets where its rows start."""
        if reuse is not None:
            self.row_offsets = list(reuse.row_offsets)
            changed = {
                line
                for line in set(self._insertions_by_line) | set(reuse._insertions_by_line)
                if self._insertions_by_line.get(line) != reuse._insertions_by_line.get(line)
            }
            for line in changed:
                self.row_offsets[line] = wrap(self.display(line)[0], self.width)
        else:
            lines = len(self.line_starts)
            if line_limit is not None:
                lines = min(lines, line_limit)
            for line in range(lines):
                self.row_offsets.append(wrap(self.display(line)[0], self.width))
        self.complete = len(self.row_offsets) == len(self.line_starts)
        self.first_row = array("q", accumulate((len(r) for r in self.row_offsets), initial=0))
        """Per line, the index of its first row (cumulative; one extra entry: the total)."""
        self.row_count = self.first_row.pop()

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1

    def line_end(self, line: int) -> int:
        if line + 1 < len(self.line_starts):
            return self.line_starts[line + 1] - 1
        return len(self.text)

    def display(self, line: int) -> tuple[str, list[Piece]]:
        """The line as shown, and the pieces it is made of."""
        cached = self._display_cache.get(line)
        if cached is not None:
            return cached
        start, end = self.line_starts[line], self.line_end(line)
        insertions = self._insertions_by_line.get(line)
        if not insertions:
            result = (self.text[start:end], [Piece(0, start, end - start)])
            if len(self._display_cache) < 4096:
                self._display_cache[line] = result
            return result
        parts: list[str] = []
        pieces: list[Piece] = []
        display_pos = 0
        source_pos = start
        for ins in insertions:
            at = min(max(ins.at, start), end)
            if at > source_pos:
                pieces.append(Piece(display_pos, source_pos, at - source_pos))
                parts.append(self.text[source_pos:at])
                display_pos += at - source_pos
                source_pos = at
            shown = " " + one_line(ins.text)
            pieces.append(Piece(display_pos, at, len(shown), ins))
            parts.append(shown)
            display_pos += len(shown)
        if end > source_pos:
            pieces.append(Piece(display_pos, source_pos, end - source_pos))
            parts.append(self.text[source_pos:end])
        result = ("".join(parts), pieces)
        self._display_cache[line] = result
        return result

    def row(self, index: int) -> RowSpan:
        line = bisect.bisect_right(self.first_row, index) - 1
        starts = self.row_offsets[line]
        k = index - self.first_row[line]
        end = starts[k + 1] if k + 1 < len(starts) else len(self.display(line)[0])
        return RowSpan(line, starts[k], end, k == 0)

    def row_of_offset(self, offset: int) -> int:
        """The row showing source ``offset`` (the last row, past a partial layout's end)."""
        line = self.line_of(offset)
        if line >= len(self.row_offsets):
            return self.row_count - 1
        display_offset = self.source_to_display(line, offset)
        starts = self.row_offsets[line]
        return self.first_row[line] + bisect.bisect_right(starts, display_offset) - 1

    def source_to_display(self, line: int, offset: int) -> int:
        _, pieces = self.display(line)
        for piece in pieces:
            if (
                piece.insertion is None
                and piece.source_start <= offset < piece.source_start + piece.length
            ):
                return piece.display_start + offset - piece.source_start
        return pieces[-1].display_start + pieces[-1].length if pieces else 0

    def display_to_source(self, line: int, display_offset: int) -> int:
        """Source offset under a display offset (inserted words map to where they were inserted)."""
        _, pieces = self.display(line)
        for piece in pieces:
            if piece.display_start <= display_offset < piece.display_start + piece.length:
                if piece.insertion is not None:
                    return piece.source_start
                return piece.source_start + display_offset - piece.display_start
        return self.line_end(line)


def wrap(text: str, width: int) -> array:
    """Start offsets of the rows of ``text`` wrapped at spaces to ``width`` cells (greedy).

    Written by hand because textwrap and Rich's wrapping build a string per row and copy the
    whole text; here one ``rfind`` per row suffices, and only offsets are kept.
    """
    starts = array("q", [0])
    if text.isascii():
        pos, n = 0, len(text)
        while n - pos > width:
            brk = text.rfind(" ", pos + 1, pos + width + 1)
            if brk == -1:
                pos += width  # a word longer than the row: cut it
            else:
                pos = brk + 1
                while pos < n and text[pos] == " ":
                    pos += 1
                if pos >= n:
                    break
            starts.append(pos)
        return starts
    if cell_len(text) <= width:
        return starts
    pos, cells, last_space = 0, 0, -1
    for i, char in enumerate(text):
        size = get_character_cell_size(char)
        if cells + size > width and i > pos:
            if char == " ":
                pos, cells, last_space = i + 1, 0, -1
                starts.append(pos)
                continue
            pos = last_space + 1 if last_space >= pos else i
            starts.append(pos)
            cells = sum(get_character_cell_size(c) for c in text[pos:i])
            last_space = -1
        if char == " ":
            last_space = i
        cells += size
    if starts[-1] >= len(text):
        starts.pop()
    return starts
