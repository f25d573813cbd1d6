"""A small editor for correcting a span or a paragraph; the app turns the difference into
``replace`` proposals (one per changed run of words)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class EditDialog(ModalScreen[str | None]):
    """Edit ``text``; ``ctrl+s`` keeps the edit (dismisses the new text), ``escape`` cancels."""

    DEFAULT_CSS = """
    EditDialog { align: center middle; }
    EditDialog > Vertical {
        width: 90%; max-width: 110; height: 70%; padding: 1 2; border: thick $accent;
        background: $panel;
    }
    EditDialog TextArea { height: 1fr; }
    EditDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep edit", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content.styled(self.title_text, "bold"))
            yield TextArea(self.text, soft_wrap=True, id="edit-text")
            yield Label(
                Content(
                    "ctrl+s: keep the edit (each changed run of words becomes a proposal)"
                    " · escape: cancel"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_keep(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
