"""The one-line status bar of the editor and the review queue, fitted to the window.

A status line says more than 80 columns hold (file, revision, who, what is unsaved, where the
cursor is, what is left to do). Rather than lose its right end, it is built from
:class:`Part` s, each with a priority: when the line is too long, the least important parts
first take their short form or give way; a note (the last action's confirmation) is cut to
the room left. Parts keep their order, so the line reads the same at every width.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from ..core.quoting import printable

SEPARATOR = " · "
#: A note is cut to the room left, but not below this many cells.
_SHORTEST_NOTE = 16


@dataclass(frozen=True)
class Part:
    """One fact on the status line."""

    text: str
    priority: int = 1
    """0: always shown; the higher the number, the sooner it gives way."""
    short: str | None = None
    """A shorter form, taken before the part gives way."""
    short_from: int | None = None
    """The priority of the long form's extra words (default: the part's own)."""
    style: str = ""
    note: bool = False
    """Cut (with “…”) at :attr:`short_from` to the room left, before it gives way whole."""

    def __post_init__(self) -> None:
        # Notes quote names, ids and reasons from files: never let them drive the terminal.
        object.__setattr__(self, "text", printable(self.text, one_line=True))
        if self.short is not None:
            object.__setattr__(self, "short", printable(self.short, one_line=True))

    @property
    def detail(self) -> int:
        return self.priority if self.short_from is None else self.short_from


#: A name longer than this is shortened on a narrow status line (the role never is).
_SHORT_NAME = 10


def who(user: str, role: str) -> Part:
    """Who saves, and in what role: always on the status line (the name a save goes under
    must never be a surprise); in a narrow window a long name is shortened to its first
    word (“Ana… (editor)”), cut if that is long too."""
    short = None
    if cell_len(user) > _SHORT_NAME:
        first = user.split()[0] if user.split() else user
        if cell_len(first) > _SHORT_NAME:
            first = _cut(first, _SHORT_NAME - 1)
        short = f"{first}… ({role})"
    return Part(f"{user} ({role})", 0, short=short, short_from=4)


def fit(parts: Sequence[Part], width: int, lead: str = " ") -> Content:
    """The parts that fit in ``width`` cells, in order, least important shortened or left out."""
    shown = [[part, part.text] for part in parts if part.text]

    def length() -> int:
        texts = [cell_len(text) for _, text in shown if text]
        return cell_len(lead) + sum(texts) + cell_len(SEPARATOR) * max(0, len(texts) - 1)

    # Least important first (of equal ones, the rightmost): a long form gives way to its
    # short form (a note is cut, to no fewer than a few cells), then a part gives way whole.
    steps = [
        (part.detail, i, 0)
        for i, (part, _) in enumerate(shown)
        if part.short is not None or part.note
    ]
    steps += [(part.priority, i, 1) for i, (part, _) in enumerate(shown) if part.priority > 0]
    for _, i, whole in sorted(steps, key=lambda s: (-s[0], -s[1], s[2])):
        over = length() - width
        if over <= 0:
            break
        part, text = shown[i]
        if whole:
            shown[i][1] = ""
        elif part.note:
            keep = max(_SHORTEST_NOTE, cell_len(text) - over)
            if keep < cell_len(text):
                shown[i][1] = _cut(text, keep - 1) + "…"
        elif text:
            shown[i][1] = part.short or ""
    for entry in shown:  # a note cut early takes back the room parts after it gave up
        part, text = entry
        if part.note and text and text != part.text:
            room = width - length() + cell_len(text)
            entry[1] = part.text if cell_len(part.text) <= room else _cut(part.text, room - 1) + "…"
    kept = [(part, text) for part, text in shown if text]
    content = Content(lead) + Content(SEPARATOR).join(
        Content.styled(text, part.style) if part.style else Content(text) for part, text in kept
    )
    return content.truncate(width, ellipsis=True) if content.cell_length > width else content


def _cut(text: str, cells: int) -> str:
    """The start of ``text`` that fits in ``cells`` cells."""
    while cell_len(text) > cells:
        text = text[: max(0, len(text) - max(1, cell_len(text) - cells))]
    return text


class StatusLine(Widget):
    """A line of :class:`Part` s, fitted to its width each time it is drawn."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        background: $panel;
        color: $text;
    }
    """

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.parts: tuple[Part, ...] = (Part(text, 0),)

    def show(self, parts: Sequence[Part]) -> None:
        """Show ``parts`` (repainting only this line: no layout pass on a cursor move)."""
        parts = tuple(parts)
        if parts != self.parts:
            self.parts = parts
            self.refresh()

    def render(self) -> Content:
        return fit(self.parts, self.size.width)

    @property
    def plain(self) -> str:
        """Every part in full, as text (for tests and logs: what the line would say)."""
        return SEPARATOR.join(part.text for part in self.parts if part.text)
