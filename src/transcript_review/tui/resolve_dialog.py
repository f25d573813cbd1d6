"""The dialog for a gap: new words (with evidence), or truly inaudible, or not a gap."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioButton, RadioSet, Static

from ..core.sidecar.records import Evidence
from ..core.text.items import Item
from ..core.text.timecodes import format_timecode
from ..core.timing.transcript_times import Suggestion
from .dialogs import after_typed_keys

#: How a suggestion's source is named in the dialog.
_SOURCE = {
    "captions": "The captions have",
    "official-text": "The official text has",
    "recogniser": "The recogniser heard",
}
#: The evidence recorded when a suggestion is taken.
#: A recogniser's words are machine-heard, like ASR captions: the sidecar's evidence has no
#: value of its own for them (a new one would make older versions refuse the sidecar).
_EVIDENCE = {
    "captions": Evidence.CAPTIONS,
    "official-text": Evidence.OFFICIAL_TEXT,
    "recogniser": Evidence.CAPTIONS,
}


class EvidenceButton(RadioButton):
    """A radio button whose dot shows only when chosen.

    Textual's radio buttons draw the same dot on and off, told apart by colour alone; on a
    monochrome terminal, or to a colour-blind transcriber, four identical dots say nothing.
    """

    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 (Textual's class attribute, read per render)
        return "●" if self.value else " "


@dataclass(frozen=True)
class ResolveAnswer:
    """What the editor decided about the gap."""

    action: str
    """``resolve``, ``confirm`` or ``dismiss``."""
    text: str = ""
    evidence: Evidence = Evidence.LISTENED


class ResolveDialog(ModalScreen[ResolveAnswer | None]):
    """Shows the gap in its sentence, its time and suggestions; takes the words."""

    DEFAULT_CSS = """
    ResolveDialog { align: center middle; }
    ResolveDialog > Vertical {
        width: 90%; max-width: 100; height: auto; padding: 1 2; border: thick $error;
        background: $panel;
    }
    ResolveDialog .context { margin-bottom: 1; }
    ResolveDialog .suggestion { color: $accent; }
    ResolveDialog .hint { color: $text-muted; margin-top: 1; width: 100%; }
    ResolveDialog .error { color: $error; text-style: bold; display: none; width: 100%; }
    ResolveDialog .error.shown { display: block; }
    ResolveDialog RadioSet { layout: horizontal; height: auto; border: none; padding: 0; }
    ResolveDialog RadioSet > RadioButton { width: auto; margin-right: 2; }
    ResolveDialog Horizontal { height: auto; margin-top: 1; }
    ResolveDialog Button { margin-right: 1; min-width: 0; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        # Priority: the evidence buttons and the radio set take enter for themselves, yet the
        # hint promises "enter: propose the words" wherever the focus is.
        Binding("enter", "propose", "Propose words", priority=True),
        Binding("ctrl+g", "use_suggestion", "Use suggestion", priority=True),
        Binding("ctrl+t", "confirm", "Truly inaudible", priority=True),
        Binding("ctrl+d", "dismiss_gap", "Not a gap", priority=True),
    ]

    def __init__(self, item: Item, suggestions: list[Suggestion], time_label: str = "") -> None:
        super().__init__()
        self.item = item
        self.suggestions = suggestions
        self.time_label = time_label or (
            format_timecode(item.time) if item.time is not None else "time unknown"
        )
        self._next_suggestion = 0
        self.evidence = Evidence.LISTENED

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content.styled(f"Gap {self.item.id} at {self.time_label}", "bold"))
            yield Static(self._gap_in_sentence(), classes="context")
            for n, s in enumerate(self.suggestions, 1):
                conf = f" ({s.confidence:.0%} confident)" if s.confidence is not None else ""
                yield Label(
                    Content(f"{n}. {_SOURCE[s.source]}: “{s.text}”{conf}"), classes="suggestion"
                )
            if not self.suggestions:
                yield Label(
                    Content("No captions, official text or recording cover this moment."),
                    classes="hint",
                )
            yield Input(placeholder="the words you hear in the gap", id="words")
            yield Label("", id="words-error", classes="error")
            with RadioSet(id="evidence"):
                for ev in Evidence:
                    yield EvidenceButton(ev.value, value=ev is Evidence.LISTENED, name=ev.value)
            # Keys go in the hint below, not on the buttons: four labelled buttons do not fit
            # an 80-column terminal.
            with Horizontal():
                yield Button("Propose words", variant="primary", id="resolve")
                yield Button("Truly inaudible", id="confirm")
                yield Button("Not a gap", id="dismiss")
                yield Button("Cancel", id="cancel")
            keys = ["enter: propose the words", "ctrl+t: truly inaudible", "ctrl+d: not a gap"]
            if self.suggestions:
                keys.append("ctrl+g: use a suggestion")
            keys += ["tab: evidence", "esc: cancel"]
            yield Label(Content(" · ".join(keys)), classes="hint")

    def _gap_in_sentence(self) -> Content:
        context = self.item.context
        i = context.find(self.item.marker)
        if i < 0:
            return Content(context)
        return Content.assemble(
            context[:i], (self.item.marker, "bold reverse"), context[i + len(self.item.marker) :]
        )

    def on_mount(self) -> None:
        self.query_one("#words", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#words-error", Label).remove_class("shown")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        self.evidence = Evidence(event.pressed.name)

    def _set_evidence(self, evidence: Evidence) -> None:
        self.evidence = evidence
        for button in self.query(RadioButton):
            button.value = button.name == evidence.value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._resolve()

    def action_propose(self) -> None:
        """enter: propose the words, wherever the focus is in the dialog. On the evidence
        buttons it takes the evidence highlighted there first (arrows, then enter: proposed
        with that evidence); on a decision button it presses that button, as enter does on
        any button."""
        after_typed_keys(self, self._propose)

    def _propose(self) -> None:
        focused = self.focused
        if isinstance(focused, Button):
            focused.press()
            return
        if isinstance(focused, RadioSet):
            highlighted = focused._selected  # (the highlight: RadioSet has no public name for it)
            buttons = list(focused.query(RadioButton))
            if highlighted is not None and highlighted < len(buttons):
                self._set_evidence(Evidence(buttons[highlighted].name))
        self._resolve()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        {
            "resolve": self._resolve,
            "confirm": self.action_confirm,
            "dismiss": self.action_dismiss_gap,
            "cancel": self.action_cancel,
        }[event.button.id or "cancel"]()

    def _resolve(self) -> None:
        words = self.query_one("#words", Input).value.strip()
        if not words:
            error = self.query_one("#words-error", Label)
            error.update(
                Content("Type the words you hear, or ctrl+t (truly inaudible), ctrl+d (not a gap).")
            )
            error.add_class("shown")
            self.query_one("#words", Input).focus()
            return
        self.dismiss(ResolveAnswer("resolve", words, self.evidence))

    def action_use_suggestion(self) -> None:
        if not self.suggestions:
            self.notify("There is no suggestion for this gap.")
            return
        suggestion = self.suggestions[self._next_suggestion % len(self.suggestions)]
        self._next_suggestion += 1
        self.query_one("#words", Input).value = suggestion.text
        self._set_evidence(_EVIDENCE[suggestion.source])

    def action_confirm(self) -> None:
        self.dismiss(ResolveAnswer("confirm"))

    def action_dismiss_gap(self) -> None:
        self.dismiss(ResolveAnswer("dismiss"))

    def action_cancel(self) -> None:
        self.dismiss(None)
