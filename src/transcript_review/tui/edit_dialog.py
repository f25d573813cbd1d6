"""A small editor for correcting a span or a paragraph as it reads now (with the corrections
already made in it); the app turns the difference into ``replace`` proposals (one per changed
run of words, see :mod:`..core.span_edit`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea


class EditDialog(ModalScreen[str | None]):
    """Edit ``text``; ``ctrl+s`` keeps the edit (dismisses the new text), ``escape`` cancels.

    ``keep``, when given, is called with the new text on ``ctrl+s`` and returns why the edit
    cannot be kept (None when it was): the dialog then stays open with the user's words, so a
    refused edit (words that are someone else's correction) can be mended, not retyped.
    """

    DEFAULT_CSS = """
    EditDialog { align: center middle; }
    EditDialog > Vertical {
        width: 90%; max-width: 110; height: 70%; padding: 1 2; border: thick $accent;
        background: $panel;
    }
    EditDialog TextArea { height: 1fr; }
    EditDialog Label { width: 100%; }
    EditDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "keep", "Keep edit", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]

    def __init__(
        self, title: str, text: str, keep: Callable[[str], str | None] | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self._keep = keep

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content.styled(self.title_text, "bold"))
            yield TextArea(self.text, soft_wrap=True, id="edit-text")
            yield Label(
                Content(
                    "ctrl+s: keep the edit · escape: cancel — each changed run of words becomes"
                    " a proposal (unsaved until ctrl+s in the editor); changing your own"
                    " proposal revises it"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_keep(self) -> None:
        text = self.query_one(TextArea).text
        problem = self._keep(text) if self._keep is not None else None
        if problem:
            self.notify(problem, severity="error", timeout=10)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
