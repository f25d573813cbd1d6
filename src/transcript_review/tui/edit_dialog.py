"""A small editor for correcting a span or a paragraph as it reads now (with the corrections
already made in it); the app turns the difference into ``replace`` proposals (one per changed
run of words, see :mod:`..core.editing.span_edit`)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, TextArea

from .dialogs import after_typed_keys

#: A line break with the spaces around it (in a paragraph, it can only be a space).
_BREAK = re.compile(r"[^\S\n\r\u2028\u2029]*[\n\r\u2028\u2029]+\s*")


def keep_line_breaks(old: str, new: str) -> tuple[str, str | None]:
    """``new`` with no line break the passage ``old`` did not have: ``(text, None)``, or
    ``(new, why not)`` when it cannot be made so.

    A correction inside a paragraph cannot hold a line break: the transcript's line breaks are
    its paragraphs (or, in a file with no blank lines, its utterances). Typed or pasted into a
    passage without one, a break becomes a space. In a passage that spans lines, its breaks
    must stay as many as they were: which one was added is not for us to guess.
    """
    had = len(_BREAK.findall(old))
    if not had:
        return _BREAK.sub(" ", new), None
    has = len(_BREAK.findall(new))
    if has == had:
        return new, None
    return new, (
        f"the passage spans {had + 1} lines and now has {has + 1}: a correction cannot add or "
        "remove a line break (a paragraph's end); join the lines back, or edit one paragraph"
    )


class EditDialog(ModalScreen[str | None]):
    """Edit ``text``; ``enter`` or ``ctrl+s`` keeps the edit (dismisses the new text),
    ``escape`` cancels. A line break typed or pasted inside a paragraph becomes a space (see
    :func:`keep_line_breaks`).

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
        # A passage is words within a paragraph: enter cannot start a new line in it, so it
        # keeps the edit, as it proposes the words in the gap dialog.
        Binding("enter", "keep", "Keep edit", priority=True),
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
                    "enter or ctrl+s: keep the edit · escape: cancel — each changed run of words"
                    " becomes a proposal (unsaved until ctrl+s in the editor); changing your own"
                    " proposal revises it"
                ),
                classes="hint",
            )

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_keep(self) -> None:
        after_typed_keys(self, self._keep_edit)

    def _keep_edit(self) -> None:
        text, problem = keep_line_breaks(self.text, self.query_one(TextArea).text)
        if problem is None and self._keep is not None:
            problem = self._keep(text)
        if problem:
            self.notify(problem, severity="error", timeout=10)
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)
