"""Rich renderings of command results for people at a terminal (JSON goes elsewhere)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .core.items import Item
from .core.timecodes import format_timecode


def _console() -> Console:
    return Console(highlight=False, soft_wrap=False)


def print_status(summary: dict[str, Any]) -> None:
    console = _console()
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    gaps, uncertain = summary["gaps"], summary["uncertain"]
    table.add_row("Transcript", Text(summary["transcript"]))
    table.add_row(
        "Encoding",
        f"{summary['encoding']}{' with BOM' if summary['bom'] else ''}, "
        f"{summary['newline'].upper()} line ends",
    )
    if summary["headings"]:
        table.add_row("Heading", Text(" / ".join(summary["headings"])))
    paragraphs = summary["paragraphs"]
    plural = "" if paragraphs == 1 else "s"
    table.add_row("Words", f"{summary['words']:,} in {paragraphs:,} paragraph{plural}")
    if summary["speakers"]:
        table.add_row("Speakers", Text(", ".join(summary["speakers"])))
    table.add_row("Inline stamps", str(summary["stamps"]))
    table.add_row(
        "Gaps",
        Text(
            f"{gaps['open']} open of {gaps['total']}", style="bold red" if gaps["open"] else "green"
        ),
    )
    table.add_row(
        "Uncertain",
        Text(
            f"{uncertain['open']} open of {uncertain['total']}",
            style="bold yellow" if uncertain["open"] else "green",
        ),
    )
    console.print(table)


def print_items(name: str, items: list[Item]) -> None:
    console = _console()
    if not items:
        console.print(Text(f"{name}: no gaps or uncertain passages found."))
        return
    table = Table(title=Text(f"{name}: {len(items)} item(s)"), title_justify="left", expand=False)
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("context")
    for item in items:
        context = Text(item.context)
        context.highlight_words([item.marker], style="bold red" if item.kind == "gap" else "yellow")
        table.add_row(
            item.id,
            Text(item.kind, style="red" if item.kind == "gap" else "yellow"),
            str(item.line),
            format_timecode(item.time) if item.time is not None else "—",
            context,
        )
    console.print(table)
