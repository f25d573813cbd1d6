"""The keys help: the review queue's own keys first there, and one meaning per key shown."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from transcript_review.tui.app import help_text


def _titles(review_first: bool) -> list[str]:
    return [
        part.plain.strip() for part in help_text(review_first).renderables if isinstance(part, Text)
    ]


def test_the_review_queue_shows_its_own_keys_first() -> None:
    assert _titles(False)[0] == "Moving"
    assert _titles(True)[0].startswith("Review queue")
    assert sorted(_titles(True)) == sorted(_titles(False))


def test_descriptions_wrap_under_themselves_at_80_columns() -> None:
    console = Console(width=66, record=True, color_system=None)
    console.print(help_text())
    lines = console.export_text().splitlines()
    wrapped = [line for line in lines if line.startswith(" " * 16) and line.strip()]
    assert wrapped, "some description is long enough to wrap at this width"
    titles = set(_titles(False))
    at_margin = {line.strip() for line in lines if line.strip() and not line[0].isspace()}
    assert at_margin <= titles, "only section titles start at the margin"
