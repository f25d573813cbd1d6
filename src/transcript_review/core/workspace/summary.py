"""One transcript's figures (``status --json``'s keys and a few more) and a folder's totals."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from ..config import Config
from ..editing.session import EditingSession
from ..editing.session_timing import time_session
from ..errors import InputError
from ..sidecar.records import Role
from ..timing.transcript_times import ESTIMATED_CODE
from .cache import SummaryCache
from .scan import Entry, Folder, shown_name


def status_summary(session: EditingSession) -> dict[str, Any]:
    """The ``status --json`` object of one transcript (keys documented in the README)."""
    transcript = session.transcript
    source = transcript.source
    states = session.state_counts()  # counted without making the items: see state_counts

    def tally(kind: str) -> dict[str, int]:
        mine = states[kind]
        return {
            "total": mine.total(),
            "open": mine["open"],
            "proposed": mine["proposed"],
            "resolved": mine["resolved"],
        }

    counts = session.state.counts()
    return {
        "transcript": transcript.name,
        "path": str(transcript.path),
        "encoding": source.encoding,
        "bom": source.bom,
        "newline": {"\n": "lf", "\r\n": "crlf", "\r": "cr"}[source.newline],
        "sha256": transcript.sha256,
        "words": transcript.word_count,
        "paragraphs": sum(1 for p in transcript.paragraphs if p.kind == "body"),
        "headings": [
            " ".join(transcript.text[p.start : p.end].split())
            for p in transcript.paragraphs
            if p.kind == "header"
        ],
        "speakers": sorted({s.name for s in transcript.speakers}),
        "stamps": len(transcript.stamps),
        "sidecar": session.sidecar_path.name if session.sidecar.exists else None,
        "revision": session.saved_revision,
        "gaps": tally("gap"),
        "uncertain": tally("uncertain"),
        "flags": len(session.state.active_flags()),
        "corrections": {
            key: counts.get(key, 0)
            for key in ("proposed", "approved", "rejected", "withdrawn", "orphaned")
        },
        "warnings": [*source.warnings, *session.sidecar.warnings],
    }


def summarise(entry: Entry, config: Config) -> dict[str, Any]:
    """The folder row of one entry: ``file`` (its path in the folder), ``error`` (None, or the
    one line saying why it cannot be read, with only ``transcript`` and ``path`` beside it),
    ``status --json``'s keys, ``timing_source`` (as ``timing --json`` says it), ``duration``
    (seconds to the end of the last timed word, None when every time is an estimate) and
    ``last_revision`` (``{revision, author, role, saved}`` or None). Never raises for a bad
    file: a folder of 190 statements must not stop at the one that is broken."""
    head = {
        "file": entry.relative,
        "transcript": shown_name(entry.path.name),
        "path": shown_name(str(entry.path)),
    }
    if entry.error is not None:
        return {**head, "error": shown_name(entry.error)}
    try:
        session = EditingSession.open(entry.path, config, user="-", role=Role.EDITOR)
        summary = status_summary(session)
        timing = time_session(session, markers=config.markers)
    except InputError as exc:
        return {**head, "error": shown_name(str(exc))}
    except Exception as exc:  # noqa: BLE001
        # A bug met on one odd file must not hide the other 189 statements of the meeting:
        # it becomes that file's row, named so it can be reported (one file alone still
        # shows the traceback, as every other bug does).
        reason = f"could not be summarised (internal error: {type(exc).__name__}: {exc})"
        return {
            **head,
            "error": shown_name(str(InputError(entry.path, reason + "; please report it"))),
        }
    timed = any(code != ESTIMATED_CODE for code in timing.sources)
    last = session.sidecar.revisions[-1] if session.sidecar.revisions else None
    return {
        "file": entry.relative,
        "error": None,
        **summary,
        **head,
        "warnings": [*summary["warnings"], *timing.warnings],
        "timing_source": timing.source_name,
        "duration": round(max(timing.time_ends), 1) if timed and len(timing) else None,
        "last_revision": None
        if last is None
        else {
            "revision": last.number,
            "author": last.author,
            "role": last.role.value,
            "saved": last.saved.strftime("%Y-%m-%dT%H:%M:%SZ"),
        },
    }


def summarise_folder(
    folder: Folder, config: Config, cache: SummaryCache | None = None
) -> list[dict[str, Any]]:
    """Every entry's row, from the cache where its fingerprint is unchanged (then the file is
    not read at all), else read and put in the cache (saved once, at the end). Each row with a
    last revision gets ``age_seconds``, worked out now (it is never cached)."""
    rows = []
    now = datetime.now(timezone.utc)
    for entry in folder.entries:
        key = entry.fingerprint()
        row = cache.get(entry.relative, key) if cache is not None else None
        if row is None:
            row = summarise(entry, config)
            if cache is not None:
                cache.put(entry.relative, key, row)
        row = dict(row)
        last = row.get("last_revision")
        if last:
            saved = datetime.strptime(last["saved"], "%Y-%m-%dT%H:%M:%SZ")
            age = now - saved.replace(tzinfo=timezone.utc)
            row["last_revision"] = {**last, "age_seconds": max(0, int(age.total_seconds()))}
        rows.append(row)
    if cache is not None:
        cache.save(keep=[e.relative for e in folder.entries])
    return rows


#: Counters summed over the folder: ``status --json``'s numbers, with the same names.
_SUMMED = ("words", "paragraphs", "stamps", "revision", "flags")
_TALLIED = {
    "gaps": ("total", "open", "proposed", "resolved"),
    "uncertain": ("total", "open", "proposed", "resolved"),
    "corrections": ("proposed", "approved", "rejected", "withdrawn", "orphaned"),
}


def short_timing(source: str) -> str:
    """``timing --json``'s timing source in one word, for a table column (``status DIR``, the
    workspace)."""
    if source.startswith("the recording"):
        return "recording"
    for start, word in (("inline", "stamps"), ("manual", "pins"), ("estimates", "estimates")):
        if source.startswith(start):
            return word
    return "captions"


def folder_totals(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The folder's totals under the per-file keys that add up (``words``, ``gaps``…), plus
    ``transcripts``, ``errors`` (rows that could not be read), ``sidecars``, ``speakers``
    (distinct names over the folder) and ``duration`` (of the timed transcripts)."""
    good = [r for r in rows if r.get("error") is None]
    totals: dict[str, Any] = {
        "transcripts": len(rows),
        "errors": len(rows) - len(good),
        "sidecars": sum(1 for r in good if r["sidecar"]),
    }
    for key in _SUMMED:
        totals[key] = sum(r[key] for r in good)
    for key, names in _TALLIED.items():
        totals[key] = {name: sum(r[key][name] for r in good) for name in names}
    totals["speakers"] = len({name for r in good for name in r["speakers"]})
    totals["duration"] = round(sum(r["duration"] or 0 for r in good), 1)
    return totals
