"""Small modal dialogs: each a ``ModalScreen[T]`` that dismisses with its answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.console import RenderableType
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Static


def after_typed_keys(screen: Screen[object], callback: Callable[[], None]) -> None:
    """Run ``callback`` once the focused field has taken every key typed before this one.

    A priority binding (enter in the resolve and edit dialogs) runs as the app receives the
    key, while the keys typed just before it still wait in the field's own queue: words typed
    fast, pasted by a terminal without bracketed paste, or sent by ``tmux send-keys "words"
    Enter`` were read as an empty field. Queued behind them on the field, the callback sees
    the words."""
    focused = screen.focused
    if focused is None:
        callback()
    else:
        focused.call_later(callback)


class PromptDialog(ModalScreen[str | None]):
    """Ask for one line of text; ``enter`` accepts, ``escape`` cancels (dismisses None).

    ``check``, when given, is called with the text on ``enter`` and returns why it cannot be
    taken (None when it was taken): the dialog then stays open with the reason under the field
    and the user's words kept. Closing on a refusal would send the next keys to the editor,
    where a tester once typed "999" into a gap that way.
    """

    DEFAULT_CSS = """
    PromptDialog { align: center middle; }
    PromptDialog > Vertical {
        width: 90%; max-width: 100; height: auto; padding: 1 2; border: thick $primary;
        background: $panel;
    }
    PromptDialog Label { width: 100%; }
    PromptDialog .hint { color: $text-muted; }
    PromptDialog .error { color: $error; text-style: bold; display: none; }
    PromptDialog .error.shown { display: block; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        *,
        value: str = "",
        placeholder: str = "",
        hint: str = "",
        check: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.placeholder = placeholder
        self.hint = hint
        self._check = check

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self.title_text))
            yield Input(self.value, placeholder=self.placeholder, id="prompt-input")
            yield Label("", id="prompt-error", classes="error")
            yield Label(Content(self.hint or "enter: accept · escape: cancel"), classes="hint")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        problem = self._check(event.value) if self._check is not None else None
        if problem:
            self.show_error(problem)
            return
        self.dismiss(event.value)

    def show_error(self, problem: str) -> None:
        """Say under the field why the text was not taken (it stays, to be mended)."""
        error = self.query_one("#prompt-error", Label)
        error.update(Content(problem))
        error.add_class("shown")

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#prompt-error", Label).remove_class("shown")  # typing: a fresh try

    def action_cancel(self) -> None:
        self.dismiss(None)


def lose_unsaved(n: int, leave: str) -> str:
    """The question asked before ``n`` unsaved changes would be lost by ``leave`` ("Quit",
    "Leave this file"): the same words wherever they are asked."""
    it = "them" if n != 1 else "it"
    return (
        f"You have {n} unsaved change{'s' if n != 1 else ''}. {leave} and lose {it}? "
        f"(To keep {it}: Keep editing, then ctrl+s.)"
    )


class ConfirmDialog(ModalScreen[bool]):
    """A yes/no question; ``y``/``enter`` yes, ``n``/``escape`` no."""

    DEFAULT_CSS = """
    ConfirmDialog { align: center middle; }
    ConfirmDialog > Vertical {
        width: 64; height: auto; padding: 1 2; border: thick $warning; background: $panel;
    }
    ConfirmDialog Horizontal { height: auto; margin-top: 1; }
    ConfirmDialog Button { margin-right: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question))
            with Horizontal():
                yield Button(f"{self.yes} (y)", variant="warning", id="yes")
                yield Button(f"{self.no} (n)", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class MessageDialog(ModalScreen[None]):
    """A scrollable text to read (help, orphaned corrections); any of ``escape``/``q`` closes."""

    DEFAULT_CSS = """
    MessageDialog { align: center middle; }
    MessageDialog > Vertical {
        width: 90%; max-width: 100; height: 90%; padding: 0 1; border: thick $primary;
        background: $panel;
    }
    MessageDialog VerticalScroll { height: 1fr; }
    MessageDialog .hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "close", "Close"),
    ]

    def __init__(self, title: str, body: Content | RenderableType) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content.styled(self.title_text, "bold"))
            with VerticalScroll():
                yield Static(self.body)
            yield Label(Content("escape: close"), classes="hint")

    def action_close(self) -> None:
        self.dismiss(None)
