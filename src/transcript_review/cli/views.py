"""Rich renderings of command results for people at a terminal (JSON goes elsewhere).

Everything from a transcript is passed as :class:`~rich.text.Text`, never as markup, so
``[crosstalk]`` prints as typed.
"""

from __future__ import annotations

from typing import Any

import click
from rich.console import Console, RenderableType
from rich.table import Table
from rich.text import Text

from ..core.quoting import visible
from ..core.text.timecodes import format_timecode
from ..core.timing.transcript_times import share


def safe(text: str) -> Text:
    """Transcript text for the terminal: control characters (an escape sequence hidden in a
    transcript from the web) shown as ``�``, never sent to the terminal."""
    return Text(visible(text))


def console(stderr: bool = False) -> Console:
    return Console(highlight=False, soft_wrap=False, stderr=stderr)


#: Width a table is laid out at when the output is not a terminal: wide enough that no cell
#: wraps (a script reads one line per row), the trailing spaces of the layout then cut.
_PIPED_WIDTH = 10_000


def emit(*renderables: RenderableType) -> None:
    """Print for a person at a terminal, or plainly for a pipe or a file.

    At a terminal, Rich fits tables to its width (cells wrap, colours on). Piped, nothing is
    wrapped or cut, tables lose their rules, and no line is padded with spaces to some
    assumed 80 columns: what ``grep`` and ``cut`` need.
    """
    out = console()
    if out.is_terminal:
        for renderable in renderables:
            out.print(renderable)
        return
    plain = Console(
        width=_PIPED_WIDTH, highlight=False, soft_wrap=True, no_color=True, color_system=None
    )
    with plain.capture() as captured:
        for renderable in renderables:
            if isinstance(renderable, Table):
                renderable.box = None
                renderable.show_edge = False
                renderable.pad_edge = False
            plain.print(renderable)
    click.echo("\n".join(line.rstrip() for line in captured.get().splitlines()))


def print_status(summary: dict[str, Any]) -> None:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold")
    table.add_column()
    gaps, uncertain = summary["gaps"], summary["uncertain"]
    table.add_row("Transcript", safe(summary["transcript"]))
    bom = " with BOM" if summary["bom"] else ""
    table.add_row("Encoding", f"{summary['encoding']}{bom}, {summary['newline'].upper()} line ends")
    if summary["headings"]:
        table.add_row("Heading", safe(" / ".join(summary["headings"])))
    paragraphs = summary["paragraphs"]
    plural = "" if paragraphs == 1 else "s"
    table.add_row("Words", f"{summary['words']:,} in {paragraphs:,} paragraph{plural}")
    if summary["speakers"]:
        table.add_row("Speakers", safe(", ".join(summary["speakers"])))
    table.add_row("Inline stamps", str(summary["stamps"]))
    table.add_row("Gaps", _tally(gaps, "bold red"))
    table.add_row("Uncertain", _tally(uncertain, "bold yellow"))
    table.add_row("Flags", str(summary["flags"]))
    sidecar = summary["sidecar"]
    if sidecar:
        c = summary["corrections"]
        table.add_row(
            "Sidecar",
            Text(
                f"{sidecar}: revision {summary['revision']}; {c['proposed']} proposed, "
                f"{c['approved']} approved, {c['rejected']} rejected, {c['orphaned']} orphaned"
            ),
        )
    else:
        table.add_row("Sidecar", "none yet (the first save creates it)")
    emit(table)


def _tally(t: dict[str, int], open_style: str) -> Text:
    text = Text(f"{t['open']} open", style=open_style if t["open"] else "green")
    text.append(f", {t['proposed']} proposed, {t['resolved']} resolved, {t['total']} in all")
    return text


#: Above this many items a table costs more than it helps (Rich measures every cell: 26 s for
#: 10,000 rows); the items are printed one plain line each instead, as they come.
TABLE_ROWS = 500


def print_items(name: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        emit(safe(f"{name}: no gaps or uncertain passages found."))
        return
    if len(rows) > TABLE_ROWS:
        _print_item_lines(name, rows)
        return
    table = Table(title=safe(f"{name}: {len(rows)} item(s)"), title_justify="left")
    table.add_column("id", no_wrap=True)
    table.add_column("kind", no_wrap=True)
    table.add_column("state", no_wrap=True)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("time", no_wrap=True)
    table.add_column("context")
    for row in rows:
        gap = row["kind"] == "gap"
        context = safe(row["context"])
        context.highlight_words([row["marker"]], style="bold red" if gap else "yellow")
        for s in row.get("suggestions", []):
            context.append(visible(f"\n  {s['source']}: “{s['text']}”"), style="cyan")
        time = row["time"]
        when = (
            "—"
            if time is None
            else format_timecode(time, estimated=row.get("time_source") == "estimated")
        )
        table.add_row(
            row["id"],
            Text(row["kind"], style="red" if gap else "yellow"),
            row.get("status", "open"),
            str(row["line"]),
            when,
            context,
        )
    emit(table)


def _print_item_lines(name: str, rows: list[dict[str, Any]]) -> None:
    """One line per item (id, kind, state, line, time, context), written in batches."""
    import click

    click.echo(visible(f"{name}: {len(rows)} item(s)"))
    batch: list[str] = []
    for row in rows:
        time = row["time"]
        when = (
            "—"
            if time is None
            else format_timecode(time, estimated=row.get("time_source") == "estimated")
        )
        context = visible(" ".join(row["context"].split()))
        batch.append(
            f"{row['id']:<10} {row['kind']:<9} {row.get('status', 'open'):<9} "
            f"{row['line']:>6} {when:<10} {context}"
        )
        if len(batch) >= 1000:
            click.echo("\n".join(batch))
            batch.clear()
    if batch:
        click.echo("\n".join(batch))


def print_timing(data: dict[str, Any]) -> None:
    source = f"{data['transcript']}: times from {data['timing_source']}"
    lines: list[RenderableType] = [Text(source)]
    if data["timing_file"]:
        offset = "none measured" if data["offset"] is None else f"{data['offset']:+.2f} s"
        # One figure, the one the low-coverage warning gives: words found in runs, chance
        # matches of common words left out.
        lines.append(
            Text(
                f"coverage {share(data['coverage'])} of {data['words']:,} words found in the "
                f"timing file{' or the recording' if data.get('recording') else ''}; offset "
                f"between stamps and timing: {offset}"
            )
        )
    sources = ", ".join(f"{n:,} {s}" for s, n in sorted(data["word_sources"].items()))
    lines.append(Text(f"word times: {sources}"))
    rec = data.get("recording")
    if rec:
        placed = share(rec["coverage"])
        lines.append(Text(f"recording: {placed} of the words placed in {rec['media']}"))
        for u in rec["unaligned"]:
            quote = f"line {u['line']}: {u['quote']}"
            lines.append(safe(f"  not in the recording (estimated): {quote}"))
        for u in rec["untranscribed"]:
            heard = f": {u['heard']}" if u["heard"] else ""
            lines.append(
                safe(
                    f"  untranscribed speech {format_timecode(u['start'])}–"
                    f"{format_timecode(u['end'])}{heard}"
                )
            )
    table = Table(show_edge=False)
    table.add_column("time", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("paragraph starts")
    blank = 0
    for p in data["paragraphs"]:
        if p["timecode"] is None:
            blank += 1
        table.add_row(p["timecode"] or "", p["source"] or "", str(p["line"]), safe(p["text"]))
    lines.append(table)
    if blank:
        lines.append(
            Text(
                f"{blank} paragraph(s) without a time: said before the timing file begins "
                "(an intro the recording lacks?)"
            )
        )
    emit(*lines)
