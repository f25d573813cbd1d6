"""``play``: listen to one item's stretch of the webcast from a script, then exit."""

from __future__ import annotations

from pathlib import Path

import click

from ..core.config import Config
from ..core.errors import InputError
from ..core.quoting import one_line
from ..core.sidecar.records import Role
from .common import file_argument, open_session, timing_for, timing_option
from .options import FiniteFloatRange


def _clock(seconds: float) -> str:
    whole = int(seconds)
    tenths = int(round((seconds - whole) * 10))
    if tenths == 10:
        whole, tenths = whole + 1, 0
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}.{tenths}"


@click.command("play")
@file_argument
@click.argument("item_id")
@click.option(
    "--media",
    metavar="FILE|URL",
    help="Audio/video file or http(s) URL to play (default: the sidecar header's media:, else "
    "a recording beside FILE with its stem).",
)
@click.option(
    "--mpv-socket",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use the mpv already running with --input-ipc-server=PATH instead of starting one.",
)
@timing_option
@click.option(
    "--before",
    type=FiniteFloatRange(min=0, max=3600),
    default=3.0,
    show_default=True,
    help="Seconds to play before the item.",
)
@click.option(
    "--after",
    type=FiniteFloatRange(min=0, max=3600),
    default=3.0,
    show_default=True,
    help="Seconds to play after the item.",
)
@click.option(
    "--speed",
    type=FiniteFloatRange(0.5, 2.0),
    default=1.0,
    show_default=True,
    help="Playback speed (pitch is kept).",
)
@click.option(
    "--loop",
    "passes",
    type=click.IntRange(min=1, max=1000),
    default=1,
    show_default=True,
    metavar="N",
    help="Play the window N times.",
)
@click.pass_obj
def play_command(
    config: Config,
    file: Path,
    item_id: str,
    media: str | None,
    mpv_socket: Path | None,
    timing_path: Path | None,
    before: float,
    after: float,
    speed: float,
    passes: int,
) -> None:
    """Play the webcast around the gap or passage ITEM_ID of FILE (see `items`), then exit.

    Needs mpv. The window is the item's time (see `timing`) widened by --before/--after.
    """
    # Imported here: the media package is only needed by this command.
    from ..core.timing.audio.decode import find_media
    from ..media import MediaError, Player, resolve_media
    from ..media.passage import listening_window

    session = open_session(config, file, None, Role.EDITOR)
    item = session.item(item_id)
    timing = timing_for(session, config, timing_path)
    window = listening_window(timing, item, before, after)
    if window is None:
        raise InputError(file, "the transcript has no words to time; nothing to play")

    header = session.sidecar.header
    if media is not None:
        source, base, origin = media, Path.cwd(), "--media"
    elif header is not None and header.media:
        source, base, origin = header.media, file.parent, f"media: in {session.sidecar_path.name}"
    elif (beside := find_media(file)) is not None:
        source, base, origin = beside.name, file.parent, str(beside)
    else:
        source, base, origin = None, None, None
    try:
        target = resolve_media(source, base) if source is not None else None
    except MediaError as exc:
        raise InputError(origin, str(exc)) from None
    if target is None and mpv_socket is None:
        raise InputError(
            file,
            "no media to play: give --media FILE|URL, add `media: <file or URL>` to the "
            "sidecar header, or put the recording beside the transcript with its name",
        )

    start, end = window
    moment = timing.moment_at(item.start)
    estimated = " (estimated)" if moment is not None and moment.estimated else ""
    try:
        player = Player.attach(mpv_socket) if mpv_socket is not None else Player.start()
    except MediaError as exc:
        raise InputError(mpv_socket, str(exc)) from None
    try:
        if target is not None and player.media != target:
            player.load(target, timeout=60.0 if "://" in target else 15.0)
        elif not player.loaded():
            raise InputError(mpv_socket, "the mpv there has nothing loaded; give --media FILE|URL")
        times = f" ×{passes}" if passes > 1 else ""
        click.echo(
            one_line(
                f"{item.id}: {_clock(start)}–{_clock(end)}{estimated}{times} at {speed:g}× "
                f"from {player.media or target}",
                2000,
            )
        )
        for _ in range(passes):
            start, end = player.play_window(start, end, loop=False, speed=speed)
            player.play_until(end, timeout=(end - start) / speed + 10.0)
    except MediaError as exc:
        raise InputError(mpv_socket or target, str(exc)) from None
    finally:
        player.close()
