"""What the rules read: the transcript *as corrected*, and the work still open on it.

The corrected text is built by :func:`.corrections.apply_corrections`, the same folding that
``show`` and ``export`` use, and parsed again as a transcript so that speakers, stamps and
markers are those of the text that would be published. The open work (gaps, uncertain
passages, flags, proposals) is the session's, placed in the original transcript; its spans are
carried into the corrected text with the export's :class:`.export.OffsetMap`.
"""

from __future__ import annotations

import bisect
import functools
from dataclasses import dataclass

from ..corrections import CorrectedText, apply_corrections
from ..corrections.apply import AppliedEdit
from ..editing.session import EditingSession, ItemState
from ..export.formats import OffsetMap
from ..text.markers import MarkerPatterns
from ..text.transcript import Transcript, parse_text
from .glossary import GlossaryIndex


@dataclass
class QcDocument:
    """One transcript under check."""

    session: EditingSession
    include_proposed: bool
    corrected: CorrectedText
    transcript: Transcript
    """The corrected text, parsed (the session's own transcript when nothing changes it)."""
    offsets: OffsetMap
    recording_end: float | None = None
    """Seconds: the recording's length when known (from ``align``'s file), for stamps."""
    glossary: GlossaryIndex | None = None

    @classmethod
    def build(
        cls,
        session: EditingSession,
        *,
        include_proposed: bool = False,
        markers: MarkerPatterns | None = None,
        recording_end: float | None = None,
        glossary: GlossaryIndex | None = None,
    ) -> QcDocument:
        corrected = apply_corrections(session.state, include_proposed)
        if corrected.text == session.transcript.text:
            transcript = session.transcript  # nothing changes the text: no second parse
        else:
            transcript = parse_text(corrected.text, markers)
        return cls(
            session=session,
            include_proposed=include_proposed,
            corrected=corrected,
            transcript=transcript,
            offsets=OffsetMap.of(corrected),
            recording_end=recording_end,
            glossary=glossary,
        )

    @property
    def text(self) -> str:
        return self.transcript.text

    @functools.cached_property
    def item_states(self) -> list[ItemState]:
        return self.session.item_states()

    def forward(self, start: int, end: int) -> tuple[int, int]:
        """A span of the original transcript as it lies in the corrected text (a span that a
        correction replaced in part takes in all of what replaced it)."""
        s = self.offsets.forward_edge(start, end=False, widen=True)
        e = self.offsets.forward_edge(end, end=True, widen=True)
        s = 0 if s is None else s
        e = s if e is None or e < s else e
        return s, e

    def backward(self, start: int, end: int) -> tuple[int | None, int | None]:
        """A span of the corrected text in the original transcript; None for an edge that lies
        in words a correction put there."""
        return self._back(start), self._back(end, at_end=True)

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """A span of the corrected text in the original transcript, always placed: an edge in
        words a correction put there goes to that correction's edge in the original (so a
        finding inside corrected words is shown on the whole correction)."""
        s, e = self.backward(start, end)
        if s is None:
            s = self._edit_at(start).start
        if e is None:
            e = self._edit_at(end).end
        return s, max(s, e)

    def _edit_at(self, offset: int) -> AppliedEdit:
        """The applied edit whose new words hold ``offset`` (the one :meth:`_back` found)."""
        k = bisect.bisect_right(self._new_starts, offset) - 1
        return self.corrected.edits[max(k, 0)]

    def _back(self, offset: int, at_end: bool = False) -> int | None:
        k = bisect.bisect_right(self._new_starts, offset) - 1
        if k >= 0:
            edit = self.corrected.edits[k]
            if edit.new_start < offset < edit.new_end or (
                edit.new_start == offset < edit.new_end and not at_end
            ):
                return None
        return self.offsets.backward(offset)

    @functools.cached_property
    def _new_starts(self) -> list[int]:
        return [e.new_start for e in self.corrected.edits]
