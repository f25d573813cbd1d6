"""Commands that look without changing anything: status, items, timing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from ..core.config import Config
from ..core.editing.session import EditingSession
from ..core.errors import InputError
from ..core.sidecar.records import Role
from ..core.text.gc_pause import cycle_collector_paused
from ..core.text.timecodes import format_timecode
from ..core.timing.transcript_times import TranscriptTiming, item_time_fields
from ..core.workspace.summary import status_summary
from .common import (
    file_argument,
    json_option,
    open_session,
    print_json,
    reference_option,
    timing_for,
    timing_option,
)
from .options import recursive_option, refuse_recursive
from .views import TABLE_ROWS, print_items, print_status, print_timing


@click.command()
@file_argument
@json_option
@recursive_option
@click.pass_obj
def status(config: Config, file: Path, as_json: bool, recursive: bool) -> None:
    """Summarise FILE: words, paragraphs, gaps, doubts and corrections.

    Given a folder, a row per transcript and the totals (summaries cached while unchanged).
    """
    if file.is_dir():
        from .folder_commands import status_folder

        return status_folder(config, file, as_json, recursive)
    refuse_recursive(file, recursive)
    summary = status_summary(open_session(config, file, None, Role.EDITOR))
    if as_json:
        print_json(summary)
    else:
        print_status(summary)


@click.command()
@file_argument
@json_option
@click.option(
    "--kind",
    type=click.Choice(["gap", "uncertain", "qc"]),
    help="Only gaps, only uncertain passages, or only the final check's findings (implies --qc).",
)
@click.option(
    "--qc",
    "with_qc",
    is_flag=True,
    help="Also the final check's findings (`qc`), as items of kind qc, dismissed ones left out.",
)
@recursive_option
@timing_option
@reference_option
@click.pass_obj
def items(
    config: Config,
    file: Path,
    as_json: bool,
    kind: str | None,
    with_qc: bool,
    recursive: bool,
    timing_path: Path | None,
    reference_path: Path | None,
) -> None:
    """List every gap and uncertain passage of FILE in document order.

    Given a folder, every transcript's, each item and correction carrying its file.
    """
    with_qc = with_qc or kind == "qc"
    if file.is_dir():
        from .folder_commands import items_folder

        if timing_path or reference_path:
            raise InputError(file, "is a folder; --timing and --reference name one file's files")
        return items_folder(config, file, as_json, recursive, kind, with_qc)
    refuse_recursive(file, recursive)
    session = open_session(config, file, None, Role.EDITOR)
    timing = timing_for(session, config, timing_path, reference_path)
    states = session.item_states()
    # So many rows that they are listed one line each (views.TABLE_ROWS): those lines never
    # show the captions' suggestions, so they are not looked up (a million gaps, a million
    # lookups). Counted before the final check's findings, which only add rows.
    brief = not as_json and sum(kind in (None, s.item.kind) for s in states) > TABLE_ROWS
    with cycle_collector_paused():  # a row (a dict, lists) per item: maybe a million
        rows = item_rows(session, config, states, timing, kind, with_qc, brief=brief)
    if as_json:
        print_json(
            {
                "transcript": session.transcript.name,
                "items": rows,
                "corrections": corrections_json(session, states),
            }
        )
    else:
        print_items(session.transcript.name, rows)


def item_rows(
    session: EditingSession,
    config: Config,
    states: list[Any],
    timing: TranscriptTiming,
    kind: str | None,
    with_qc: bool,
    glossary_cache: Any = None,
    *,
    brief: bool = False,
) -> list[dict[str, Any]]:
    """``items``' rows: the gaps and uncertain passages (of ``kind``), and with ``with_qc``
    the final check's findings as items of kind ``qc``, all in text order. ``brief``: without
    ``suggestions`` and ``window`` (see :func:`item_json`)."""
    rows = [item_json(s, timing, brief=brief) for s in states if kind in (None, s.item.kind)]
    if not with_qc:
        return rows
    from ..core.qc.check import check_session
    from ..core.qc.work_items import qc_item_json, qc_item_states
    from .common import warn

    result = check_session(session, config, glossary_cache=glossary_cache)
    for warning in result.warnings:
        warn(warning)
    found = [
        {**qc_item_json(s), **item_time_fields(s.item, timing)}
        for s in qc_item_states(session, result)
    ]
    if kind == "qc":
        return found
    return sorted(rows + found, key=lambda r: r["start"])  # stable: an item before a finding


def corrections_json(session: EditingSession, states: list[Any]) -> list[dict[str, Any]]:
    """Every correction, flag and proposal in the sidecar, whatever its status and whether or
    not it lies on a gap or uncertain passage, in the order they were made: ``items --json``'s
    ``corrections`` (keys in the README; ``export --format json`` adds anchors and history)."""
    on_items: dict[str, list[str]] = {}
    for state in states:
        for corr in state.corrections:
            on_items.setdefault(corr.id, []).append(state.item.id)
    text = session.transcript.text
    out = []
    for c in session.state.corrections.values():
        span = c.span
        line = session.transcript.line_column(span[0])[0] if span else None
        out.append(
            {
                "id": c.id,
                "kind": c.kind.value,
                "status": c.status.value,
                "author": c.author,
                "revision": c.revision,
                "quote": text[span[0] : span[1]] if span else c.anchor.exact,
                "text": c.text,
                "reason": c.reason,
                "flag": c.flag,
                "start": span[0] if span else None,
                "end": span[1] if span else None,
                "line": line,
                "items": on_items.get(c.id, []),
            }
        )
    return out


def _opening(text: str, limit: int = 80) -> str:
    """A paragraph's first words, at most ``limit`` characters, cut between words (``…``)."""
    words = " ".join(text.split())
    if len(words) <= limit:
        return words
    cut = words.rfind(" ", 0, limit)
    return words[: cut if cut > 0 else limit - 1] + "…"


def item_json(state: Any, timing: TranscriptTiming, *, brief: bool = False) -> dict[str, Any]:
    """One item for ``items --json``: where, when, its state and what the captions heard.

    ``brief``: without ``suggestions`` and ``window``, for the one-line-per-item listing,
    which shows neither (looking them up was a third of listing a million items)."""
    item = state.item
    data = item.to_json()
    data.update(item_time_fields(item, timing))
    data["status"] = state.state
    data["corrections"] = [c.id for c in state.corrections]
    if brief:
        return data
    data["suggestions"] = [
        {"source": s.source, "text": s.text, "confidence": s.confidence}
        for s in (timing.suggestions(item) if item.kind == "gap" else [])
    ]
    if item.kind == "gap":
        window = timing.window(item)
        data["window"] = (
            None if window is None else {"start": round(window[0], 2), "end": round(window[1], 2)}
        )
    return data


@click.command()
@file_argument
@json_option
@timing_option
@reference_option
@click.pass_obj
def timing(
    config: Config,
    file: Path,
    as_json: bool,
    timing_path: Path | None,
    reference_path: Path | None,
) -> None:
    """Show when each paragraph of FILE is spoken in the webcast, and how that is known."""
    session = open_session(config, file, None, Role.EDITOR)
    result = timing_for(session, config, timing_path, reference_path)
    transcript = session.transcript
    paragraphs = []
    moments = result.paragraph_moments()
    for para in transcript.paragraphs:
        if para.kind != "body":
            continue
        # No moment: said before the recording starts (an intro the timing lacks): no time.
        moment = moments.get(para.index)
        if moment is None and not transcript.word_spans(para.start, para.end):
            continue  # no spoken words (a stamp alone): nothing is said there
        paragraphs.append(
            {
                "paragraph": para.index,
                "line": para.line,
                "time": None if moment is None else round(moment.seconds, 2),
                "timecode": None
                if moment is None
                else format_timecode(moment.seconds, estimated=moment.estimated),
                "source": None if moment is None else moment.source,
                "text": _opening(transcript.text[para.start : para.end]),
            }
        )
    data = {
        "transcript": transcript.name,
        "timing_source": result.source_name,
        "timing_file": str(result.track.path) if result.track else None,
        "coverage": round(result.found, 4),
        "offset": None if result.offset is None else round(result.offset, 2),
        "words": len(result),
        "word_sources": result.source_counts(),
        "low_confidence": [
            {
                "start": start,
                "end": end,
                "quote": transcript.text[start:end],
                "confidence": round(conf, 3),
                "time": round(result.moment_at(start).seconds, 2),  # type: ignore[union-attr]
            }
            for start, end, conf in result.low_confidence()
        ],
        "paragraphs": paragraphs,
        "recording": recording_json(result),
        "warnings": result.warnings,
    }
    if as_json:
        print_json(data)
    else:
        print_timing(data)


def recording_json(timing: TranscriptTiming) -> dict[str, Any] | None:
    """What ``align`` found, for ``timing --json``: the file, the recording, coverage, speech
    nobody transcribed, and transcript stretches not found in the audio (left estimated)."""
    rec = timing.recording
    if rec is None:
        return None
    transcript = timing.transcript
    return {
        "alignment_file": str(rec.path) if rec.path else None,
        "media": rec.media.name,
        "duration": round(rec.media.duration, 2),
        "coverage": round(rec.coverage, 4),
        "untranscribed": [
            {"start": round(u.start, 2), "end": round(u.end, 2), "heard": u.heard}
            for u in rec.untranscribed
        ],
        "unaligned": [
            {
                "start": a,
                "end": b,
                "words": n,
                "line": transcript.line_column(a)[0],
                "quote": " ".join(transcript.text[a:b].split())[:120],
            }
            for a, b, n in rec.unaligned
        ],
    }
