"""Rich renderings of command results for people at a terminal (JSON goes elsewhere).

Everything from a transcript is passed as :class:`~rich.text.Text`, never as markup, so
``[crosstalk]`` prints as typed.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..core.quoting import visible
from ..core.timecodes import format_timecode


def safe(text: str) -> Text:
    """Transcript text for the terminal: control characters (an escape sequence hidden in a
    transcript from the web) shown as ``�``, never sent to the terminal."""
    return Text(visible(text))


def console(stderr: bool = False) -> Console:
    return Console(highlight=False, soft_wrap=False, stderr=stderr)


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
    console().print(table)


def _tally(t: dict[str, int], open_style: str) -> Text:
    text = Text(f"{t['open']} open", style=open_style if t["open"] else "green")
    text.append(f", {t['proposed']} proposed, {t['resolved']} resolved, {t['total']} in all")
    return text


#: Above this many items a table costs more than it helps (Rich measures every cell: 26 s for
#: 10,000 rows); the items are printed one plain line each instead, as they come.
TABLE_ROWS = 500


def print_items(name: str, rows: list[dict[str, Any]]) -> None:
    out = console()
    if not rows:
        out.print(safe(f"{name}: no gaps or uncertain passages found."))
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
    out.print(table)


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
    out = console()
    out.print(Text(f"{data['transcript']}: times from {data['timing_source']}"))
    if data["timing_file"]:
        offset = "none measured" if data["offset"] is None else f"{data['offset']:+.2f} s"
        out.print(
            Text(
                f"coverage {data['coverage']:.1%} of {data['words']:,} words aligned; "
                f"offset between stamps and timing: {offset}"
            )
        )
    sources = ", ".join(f"{n:,} {s}" for s, n in sorted(data["word_sources"].items()))
    out.print(Text(f"word times: {sources}"))
    rec = data.get("recording")
    if rec:
        out.print(Text(f"recording: {rec['coverage']:.1%} of the words placed in {rec['media']}"))
        for u in rec["unaligned"]:
            out.print(
                safe(f"  not in the recording (estimated): line {u['line']}: {u['quote']}")
            )
        for u in rec["untranscribed"]:
            heard = f": {u['heard']}" if u["heard"] else ""
            out.print(
                safe(
                    f"  untranscribed speech {format_timecode(u['start'])}–"
                    f"{format_timecode(u['end'])}{heard}"
                )
            )
    table = Table(show_edge=False)
    table.add_column("time", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("line", justify="right")
    table.add_column("paragraph starts")
    for p in data["paragraphs"]:
        table.add_row(p["timecode"], p["source"], str(p["line"]), safe(p["text"]))
    out.print(table)
