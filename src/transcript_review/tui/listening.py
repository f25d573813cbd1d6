"""Listening while correcting: the editor's side of the media player.

One :class:`Listening` per app holds the mpv player (started on the first key that needs it,
so an editor who never listens never starts mpv), the loop window around the current passage,
and follow mode. Every call returns a short message for the status line; player failures become
messages too, never exceptions, so a player that dies mid-command leaves the editor working.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.text.timecodes import format_timecode
from ..media import MediaError, MpvNotFound, Player, PlayerGone, find_mpv, install_hint

#: Seconds played before a passage when it is played from "a little before".
LEAD_IN = 2.0
#: Seconds either side of a gap when looping it (the keys widen or narrow it a second a time).
LOOP_MARGIN = 3.0


@dataclass
class Listening:
    """The player as the editor uses it."""

    media: str | None
    """What to play: a file (relative to the transcript's folder) or an http(s) URL."""
    base: Path
    audio_output: str | None = None
    """mpv's ``--ao`` (None: mpv's default; "null" in tests)."""
    socket: str | None = None
    """A running mpv's IPC socket to attach to (``--mpv-socket``) instead of starting one."""
    player: Player | None = None
    margin: float = LOOP_MARGIN
    follow: bool = False
    passage: tuple[float, float] | None = field(default=None)
    """The passage being looped (its window is this widened by :attr:`margin`)."""

    @property
    def loop_window(self) -> tuple[float, float] | None:
        if self.passage is None:
            return None
        return (max(0.0, self.passage[0] - self.margin), self.passage[1] + self.margin)

    def missing(self) -> str | None:
        """Why listening cannot work, said once in the status line; None when it can."""
        if self.media is None or self.socket is not None:
            return None
        if find_mpv() is None:
            return f"listening needs mpv: {install_hint()}"
        return None

    def _ready(self) -> Player:
        """The running player with the media loaded (started on first use)."""
        if self.media is None:
            raise MediaError(
                "nothing to listen to: give --media FILE or URL (or media: in the sidecar)"
            )
        if self.player is not None and not self.player.alive():
            self.player = None
        if self.player is None:
            if self.socket is not None:
                player = Player.attach(self.socket)
            else:
                player = Player.start(audio_output=self.audio_output)
            try:
                player.load(self.media, base=self.base)
            except MediaError:
                player.close()
                raise
            self.player = player
        return self.player

    def run(self, action: str, *args: float) -> str:
        """Do ``action`` (a method below) and say what happened, or why it could not."""
        try:
            return getattr(self, f"_{action}")(self._ready(), *args)
        except MpvNotFound as exc:
            return f"listening needs mpv: {exc}"
        except PlayerGone as exc:
            self.player = None
            self.follow = False
            return f"the player stopped ({exc}); the next listening key starts it again"
        except MediaError as exc:
            return str(exc)

    def position(self) -> float | None:
        """Where playback is (None when nothing plays); never raises."""
        if self.player is None:
            return None
        try:
            return self.player.position()
        except PlayerGone:
            self.player = None
            self.follow = False
            return None
        except MediaError:
            return None

    def close(self) -> None:
        if self.player is not None:
            self.player.close()
            self.player = None

    # -- actions (each returns the status message) ---------------------------------------------

    def _play_pause(self, player: Player) -> str:
        playing = player.play_pause()
        return f"{'playing' if playing else 'paused'} at {clock(player.position())}"

    def _jump(self, player: Player, seconds: float) -> str:
        at = player.seek(seconds, relative=True)
        return f"{'back' if seconds < 0 else 'forward'} {abs(seconds):g} s, at {clock(at)}"

    def _faster(self, player: Player) -> str:
        return f"speed {player.faster():g}×"

    def _slower(self, player: Player) -> str:
        return f"speed {player.slower():g}×"

    def _play_from(self, player: Player, start: float) -> str:
        begin = max(0.0, start - LEAD_IN)
        player.stop_loop()
        self.passage = None
        player.seek(begin)
        player.resume()
        return f"playing from {clock(begin)} ({LEAD_IN:g} s before the passage)"

    def _loop(self, player: Player, start: float, end: float) -> str:
        if self.passage is not None:
            player.stop_loop()
            self.passage = None
            self.margin = LOOP_MARGIN
            return "loop off"
        self.passage = (start, end)
        window = self.loop_window
        assert window is not None
        player.play_window(*window, loop=True)
        return f"looping {clock(window[0])}–{clock(window[1])} (, narrower · . wider · L stops)"

    def _loop_exact(self, player: Player, start: float, end: float) -> str:
        """Loop exactly ``[start, end]`` (a gap's window in the recording); again: stop."""
        if self.passage is not None:
            return self._loop(player, start, end)
        self.margin = 0.0
        message = self._loop(player, start, end)
        return message.replace("looping", "looping the gap's window", 1)

    def _resize_loop(self, player: Player, step: float) -> str:
        window = self.loop_window
        if window is None:
            return "no loop is playing (L loops the passage under the cursor)"
        self.margin = max(0.5, self.margin + step)
        window = self.loop_window
        assert window is not None
        player.set_loop(*window)
        return f"looping {clock(window[0])}–{clock(window[1])} (±{self.margin:g} s)"

    def _position(self, player: Player) -> str:
        at = player.position()
        if at is None:
            raise MediaError("nothing is playing, so there is no time to use")
        return f"{at:.3f}"


def clock(seconds: float | None) -> str:
    return "—" if seconds is None else format_timecode(seconds)
