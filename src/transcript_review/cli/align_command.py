"""``align``: place the transcript in its recording, word by word, and keep the result beside it."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Any

import click

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import printable, short
from ..core.sidecar.records import Role
from ..core.text.timecodes import format_timecode
from .common import file_argument, json_option, open_session, print_json, warn


@click.command("align")
@file_argument
@click.option(
    "--media",
    "media_path",
    metavar="REC",
    help="The recording: a local audio or video file (default: the sidecar header's media:, "
    "else a file beside FILE with its stem, e.g. speech.mp3).",
)
@click.option(
    "--model",
    "model_path",
    type=click.Path(file_okay=False, path_type=Path),
    help="A pocketsphinx acoustic model folder for another language (default: the en-us model "
    "pocketsphinx ships).",
)
@click.option("--force", is_flag=True, help="Hear the whole recording again, reusing nothing.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1, max=64),
    default=None,
    help="Decoders run in parallel (default: one per core).",
)
@json_option
@click.pass_obj
def align_command(
    config: Config,
    file: Path,
    media_path: str | None,
    model_path: Path | None,
    force: bool,
    jobs: int | None,
    as_json: bool,
) -> None:
    """Align FILE to its recording and write FILE.alignment.json beside it.

    Every word the recording holds gets its time there; gaps get their window in the audio and
    what a recogniser hears in it; speech that is not in the transcript is reported, never
    forced onto words. The editor, `timing`, `items`, `play` and `export` use the result.
    Running it again with nothing changed does nothing; after a transcript edit the recording
    is not heard again, only what changed is placed again.
    """
    from ..core.timing.audio import alignment_path, read_alignment, write_alignment
    from ..core.timing.audio.decode import check_media_path
    from ..core.timing.audio.pipeline import (
        Model,
        align_recording,
        reusable_alignment,
        up_to_date,
    )

    session = open_session(config, file, None, Role.EDITOR)
    transcript = session.transcript
    media = _media(session, file, media_path)
    check_media_path(media)
    model = Model.from_folder(model_path) if model_path is not None else Model.default()
    out = alignment_path(file)
    previous = None
    if out.exists() and not force:
        try:
            previous = read_alignment(out)
        except InputError as exc:
            warn(f"{exc} (it will be replaced)")
    started = time.monotonic()
    if up_to_date(previous, transcript, media, model):
        assert previous is not None
        _report(previous, out, media, "nothing changed since the last run", 0.0, as_json)
        return
    reused = reusable_alignment(previous, media, model) is not None
    with _progress(enabled=sys.stderr.isatty() and not as_json) as report:
        result = align_recording(
            transcript, media, model=model, previous=previous, progress=report, workers=jobs
        )
    assert result is not None  # never cancelled from the command line (^C interrupts)
    write_alignment(result, out)
    what = "the recording was not heard again (only the text changed)" if reused else ""
    _report(result, out, media, what, time.monotonic() - started, as_json)


def _media(session: Any, file: Path, given: str | None) -> Path:
    """--media, else the sidecar header's ``media:`` (a local file), else one beside FILE."""
    from ..core.timing.audio.decode import find_media, is_url, url_refused

    if given is not None:
        if is_url(given):  # before Path(), which would fold its "//"
            raise url_refused(given)
        return Path(given)
    header = session.sidecar.header
    if header is not None and header.media:
        if is_url(header.media):
            raise url_refused(header.media)
        return (
            (file.parent / header.media)
            if not Path(header.media).is_absolute()
            else Path(header.media)
        )
    found = find_media(file)
    if found is None:
        raise InputError(
            file,
            "no recording to align to: give --media FILE, or put the recording beside the "
            f"transcript with the same name ({file.stem}.mp3, .wav, .mp4 …)",
        )
    return found


class _progress:
    """A Rich progress bar on stderr (percent of the audio heard, elapsed, time left) on a
    terminal; nothing when piped or with --json."""

    _LABELS = {
        "decode": "Decoding",
        "hear": "Hearing",
        "place": "Placing words",
        "listen": "Hearing gaps",
    }

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.task: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return None
        from rich.progress import (
            BarColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        from .views import console

        self.bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TaskProgressColumn(),
            TimeElapsedColumn(),
            TextColumn("left"),
            TimeRemainingColumn(),
            console=console(stderr=True),
            transient=True,
        )
        self.bar.__enter__()
        self.task = self.bar.add_task("Decoding", total=1.0)
        return self.update

    def update(self, stage: str, done: float, total: float) -> None:
        label = self._LABELS.get(stage, stage)
        self.bar.update(self.task, description=label, completed=done, total=max(total, 1e-9))

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def _report(result: Any, out: Path, media: Path, note: str, seconds: float, as_json: bool) -> None:
    recognised = sum(1 for w in result.words if w.how == "recognised")
    onset = sum(1 for w in result.words if w.how == "onset")
    forced = len(result.words) - recognised - onset
    body_placed = round(result.coverage * result.transcript_words)
    left = sum(n for _, _, n in result.unaligned)
    data = {
        "transcript": result.transcript_name,
        "media": str(media),
        "alignment_file": str(out),
        "duration": round(result.media.duration, 2),
        "words": result.transcript_words,
        "coverage": round(result.coverage, 4),
        "placed": {"recognised": recognised, "forced": forced, "onset": onset},
        "estimated": result.transcript_words - body_placed,
        "unaligned": [{"start": a, "end": b, "words": n} for a, b, n in result.unaligned],
        "untranscribed": [
            {"start": round(u.start, 2), "end": round(u.end, 2), "heard": u.heard}
            for u in result.untranscribed
        ],
        "gaps": [
            {
                "id": g.id,
                "window": None
                if g.window is None
                else {"start": round(g.window[0], 2), "end": round(g.window[1], 2)},
                "heard": g.heard,
            }
            for g in result.gaps
        ],
        "note": note or None,
        "seconds": round(seconds, 2),
    }
    if as_json:
        print_json(data)
        return
    _say(
        f"{result.transcript_name}: aligned to {result.media.name} "
        f"({format_timecode(result.media.duration)}): {result.coverage:.1%} of "
        f"{result.transcript_words:,} words placed ({recognised:,} heard, {forced:,} by forced "
        f"alignment" + (f", {onset:,} at a paragraph's onset" if onset else "") + ")"
    )
    if left:
        _say(
            f"  {left:,} word(s) in {len(result.unaligned)} stretch(es) not found in the recording "
            "(their times stay estimated; `timing` lists them)"
        )
    for u in result.untranscribed:
        heard = f': "{short(u.heard, 60)}"' if u.heard else ""
        _say(f"  untranscribed speech {format_timecode(u.start)}–{format_timecode(u.end)}{heard}")
    located = sum(1 for g in result.gaps if g.window is not None)
    if result.gaps:
        _say(f"  {located} of {len(result.gaps)} gap(s) located in the audio")
    if note and not seconds:
        _say(f"  {out.name} is up to date ({note})")
    else:
        _say(f"  wrote {out.name} in {seconds:.1f} s" + (f"; {note}" if note else ""))


def _say(line: str) -> None:
    """A line of the report (names from the file system, words heard) with controls escaped."""
    click.echo(printable(line, one_line=True))
