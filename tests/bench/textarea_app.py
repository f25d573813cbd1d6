"""The baseline of the editor benchmark: a bare Textual app showing a file in a read-only
TextArea, with ``n`` jumping to the next "(inaudible)" the obvious way.

Run: ``python tests/bench/textarea_app.py FILE``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import TextArea


class TextAreaApp(App[None]):
    BINDINGS = [("n", "next_gap", "Next gap"), ("q", "quit", "Quit")]

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.text = path.read_text(encoding="utf-8")

    def compose(self) -> ComposeResult:
        yield TextArea(self.text, read_only=True, soft_wrap=True, id="text")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_next_gap(self) -> None:
        area = self.query_one(TextArea)
        offset = area.document.get_index_from_location(area.cursor_location)
        found = self.text.find("(inaudible)", offset + 1)
        if found >= 0:
            area.move_cursor(area.document.get_location_from_index(found), center=True)


if __name__ == "__main__":
    TextAreaApp(Path(sys.argv[1])).run()
