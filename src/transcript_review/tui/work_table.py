"""The open-work panel's table. Its own module so the editor imports it (and Textual lays it
out) only once the transcript is parsed: the first paint shows the text without it."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType

from .messages import PanelResized
from .virtual_table import VirtualTable


class WorkTable(VirtualTable):
    """The open-work panel: a table that renders only the rows on screen; tab goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "screen.toggle_focus", "Text", id="toggle_focus"),
    ]

    def on_resize(self, event: events.Resize) -> None:
        self.post_message(PanelResized())  # the editor fits the rows to the new width
