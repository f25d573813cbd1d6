"""The messages between the app, the editor and the review queue.

Screens never import the app module (tests/tui/test_screen_layering.py checks it): a screen gets
the session and timing it works on when it is made, says what it did by posting a message that
bubbles up to the app, and learns what changed elsewhere from a message posted to it. The app
passes the first kind on, as the second kind, to the screen they concern. One line each:

- the review queue gives a verdict: it posts :class:`SessionEdited`; the app posts
  :class:`SessionChanged` to the editor, which brings its text up to date when shown again;
- the editor changes the session under the queue (``ctrl+s``, ``u``, others' saves read in): it
  posts :class:`SessionChanged` to the queue, which refreshes its rows and footer;
- the editor's note or times change while the queue is open: :class:`NoteChanged`,
  :class:`TimingChanged` to the queue (its status line and details show them);
- the review queue has a confirmation to show: it posts :class:`Say`; the app posts it to the
  editor, whose note it becomes (shown on both status lines);
- the open-work panel is resized: it posts :class:`PanelResized`; the editor fits its rows.

A message posted *to* a screen does not bubble (the screen it is for handles it); one posted *by*
a screen about itself does.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from ..core.timing.transcript_times import TranscriptTiming


class SessionEdited(Message):
    """Posted by a screen that changed the session (a verdict): bubbles to the app."""


class SessionChanged(Message, bubble=False):
    """Posted to a screen: the session it shows was changed by another screen."""


@dataclass
class TimingChanged(Message, bubble=False):
    """Posted to the review queue: the transcript's times changed (a stamp, an alignment)."""
    timing: TranscriptTiming


@dataclass
class NoteChanged(Message, bubble=False):
    """Posted to the review queue: the editor's note changed ("" when it expired)."""
    note: str


@dataclass
class Say(Message):
    """A routine confirmation for the status line, from a screen that does not own the note:
    bubbles to the app, which posts it to the editor."""

    text: str


class PanelResized(Message):
    """Posted by the open-work panel when its size changed: bubbles to the editor."""
