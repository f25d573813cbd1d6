"""Textual's footer, fitted to the window: the keys that matter most, help always.

Textual's :class:`~textual.widgets.Footer` lists the keys in binding order and loses the rest
off the right edge. Here each screen names its keys in order of importance; the footer shows
them in that order, as many as fit, and always keeps the help key (``?`` lists every key).
When not every key fits it first takes Textual's compact style, then leaves out the command
palette's key (always below 100 columns; the help names ``ctrl+p``), then the least important
keys.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from .keys import Key

#: From this many columns the command palette's key is shown.
PALETTE_FROM = 100


def action_name(action: str) -> str:
    """``app.act('gap')`` -> ``act``: the name a footer order uses."""
    return action.split("(", 1)[0].rsplit(".", 1)[-1]


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    """Textual's bindings for the keys of the key table a screen binds itself (see
    :attr:`Key.binds`)."""
    return [
        Binding(k.keys, k.action, k.label, show=k.show, priority=k.priority, id=k.id)
        for k in keys
        if k.binds
    ]


def key_width(key: str, description: str, compact: bool) -> int:
    """Cells a key takes in the footer (Textual's FooterKey padding and margins)."""
    return cell_len(key) + cell_len(description) + (2 if compact else 3)


def choose(
    keys: Iterable[tuple[str, str, str]],
    order: Sequence[str],
    width: int,
    compact: bool,
    always: str = "help",
) -> list[tuple[str, str, str]]:
    """The ``(action, key, description)`` triples to show in ``width`` cells: the first ones
    in ``order`` (unnamed actions after it) that fit, ``always`` kept last."""
    rank = {name: i for i, name in enumerate(order)}
    ranked = sorted(keys, key=lambda k: rank.get(action_name(k[0]), len(rank)))
    kept_last = [k for k in ranked if action_name(k[0]) == always]
    room = width - sum(key_width(k, d, compact) for _, k, d in kept_last)
    chosen = []
    for triple in ranked:
        if triple in kept_last:
            continue
        needed = key_width(triple[1], triple[2], compact)
        if needed > room:
            break  # a less important key never takes the place of a more important one
        chosen.append(triple)
        room -= needed
    return chosen + kept_last


class KeyFooter(Footer):
    """The footer for a screen whose keys are named in order of importance."""

    def __init__(
        self,
        order: Sequence[str],
        *,
        same_width: Mapping[str, int] | None = None,
        id: str | None = None,
    ) -> None:
        """``order``: action names, most important first. ``same_width``: action name -> cells
        its label is padded to, so :meth:`relabel` can change it without a layout pass."""
        super().__init__(id=id)
        self.order = tuple(order)
        self.same_width = dict(same_width or {})
        self._width = 0

    def _label(self, action: str, description: str) -> str:
        return description.ljust(self.same_width.get(action_name(action), 0))

    def relabel(self, action: str, description: str) -> bool:
        """Show the key of ``action``'s name as ``action`` with ``description``, repainting
        only that key (a layout pass costs more than a key press on a long document); False
        when no such key is shown (then refresh the bindings instead)."""
        name = action_name(action)
        if name not in self.same_width:
            return False
        for key in self.query(FooterKey):
            if action_name(key.action) == name:
                key.action = action
                key.description = self._label(action, description)
                key.refresh()
                return True
        return False

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.app.size.width
        active = self.screen.active_bindings
        by_action: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in by_action:
                by_action[binding.action] = (binding, enabled, tooltip)
        triples = [
            (action, self.app.get_key_display(binding), self._label(action, binding.description))
            for action, (binding, _, _) in by_action.items()
        ]
        palette = None
        if width >= PALETTE_FROM and self.app.ENABLE_COMMAND_PALETTE:
            palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        # Roomy with the palette's key; else compact; else compact without it; else fewer keys.
        for compact, with_palette in ((False, True), (True, True), (True, False)):
            shown_palette = palette if with_palette else None
            room = width - 1
            if shown_palette is not None:
                key = self.app.get_key_display(shown_palette.binding)
                room -= key_width(key, shown_palette.binding.description, compact) + 2
            chosen = choose(triples, self.order, room, compact)
            if len(chosen) == len(triples):
                break
        self.set_reactive(Footer.compact, compact)
        self.set_class(compact, "-compact")
        for action, key, description in chosen:
            binding, enabled, tooltip = by_action[action]
            yield FooterKey(
                binding.key, key, description, action, disabled=not enabled, tooltip=tooltip
            ).data_bind(compact=Footer.compact)
        if shown_palette is not None:
            binding = shown_palette.binding
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                classes="-command-palette",
                disabled=not shown_palette.enabled,
                tooltip=binding.tooltip or binding.description,
            )

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            if self._bindings_ready:
                self.call_after_refresh(self.recompose)
