"""Drive mpv for listening while correcting: play, pause, seek, speed, loop a window.

A :class:`Player` either starts its own mpv (``Player.start()``: ``mpv --idle --no-terminal
--input-ipc-server=<socket in a private 0700 temporary directory>``) or attaches to one the user
runs (``Player.attach(socket_path)``, the CLI's ``--mpv-socket``). Every method returns within
a bounded time, with a value or one of the :mod:`~transcript_review.media.errors` exceptions,
whose messages are one line for a status bar. :class:`PlayerGone` means mpv has quit or died:
the player is unusable and a new one must be started.

mpv is started with an argument list (never a shell), and what is loaded is checked first: an
http(s) URL or an existing local file, nothing else (no ``av://``, ``lavfi://``, ``edl://``…
names from a shared sidecar).

Timing notes, measured with mpv 0.35: ``time-pos`` is the audible position (it accounts for
the audio output's buffer), exact after a seek and while paused, so it is what a stamp should
record. Inside an A-B loop the audio itself loops exactly at A and B, but ``time-pos`` lags
by up to the audio buffer (~0.2-0.5 s) around the jump back.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
import weakref
from pathlib import Path

from .errors import (
    MediaError,
    MediaRefused,
    MpvError,
    MpvNotFound,
    NothingLoaded,
    PlayerGone,
    PlayerTimeout,
)
from .mpv_ipc import DEFAULT_TIMEOUT, MpvIpc

#: Playback speeds that ``faster()`` and ``slower()`` step through.
SPEEDS: tuple[float, ...] = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)
MIN_SPEED, MAX_SPEED = SPEEDS[0], SPEEDS[-1]

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)://")
#: Longest UNIX socket path we rely on (sun_path is 108 bytes on Linux, 104 on macOS).
_MAX_SOCKET_PATH = 100


def find_mpv(name: str | None = None) -> str | None:
    """The mpv to run: ``name``, else ``$TRANSCRIPT_REVIEW_MPV``, else ``mpv`` on PATH."""
    candidates = [name] if name else [os.environ.get("TRANSCRIPT_REVIEW_MPV") or "mpv"]
    if not name and sys.platform == "darwin":
        candidates.append("/Applications/mpv.app/Contents/MacOS/mpv")
    for candidate in candidates:
        found = shutil.which(candidate) if candidate else None
        if found:
            return found
    return None


def install_hint() -> str:
    """One line saying that mpv is missing and how to install it on this system."""
    if sys.platform == "darwin":
        how = "`brew install mpv`"
    elif sys.platform.startswith("win"):
        how = "`winget install mpv` (https://mpv.io/installation/)"
    elif shutil.which("apt-get"):
        how = "`sudo apt-get install mpv`"
    elif shutil.which("dnf"):
        how = "`sudo dnf install mpv`"
    elif shutil.which("pacman"):
        how = "`sudo pacman -S mpv`"
    else:
        how = "`sudo apt-get install mpv` or `brew install mpv`"
    return f"mpv is not installed, so playback is off; install it with {how}"


def resolve_media(media: str, base: str | Path | None = None) -> str:
    """What to hand mpv for ``media``: an http(s) URL as given, or an existing file's full path.

    Relative paths are taken from ``base`` (e.g. the transcript's folder for a sidecar's
    ``media:``), else the current directory. Anything else raises :class:`MediaRefused`.
    """
    text = media.strip()
    if not text:
        raise MediaRefused("no media given: name an audio/video file or an http(s) URL")
    match = _SCHEME.match(text)
    if match:
        if match.group(1).lower() not in ("http", "https"):
            raise MediaRefused(
                f"will not play {text!r}: only http(s) URLs and local files are played"
            )
        return text
    path = Path(text).expanduser()
    if not path.is_absolute() and base is not None:
        path = Path(base) / path
    if not path.is_file():
        raise MediaRefused(f"media file not found: {path} (give --media FILE or an http(s) URL)")
    return str(path.resolve())


def _private_socket_path() -> tuple[str, str]:
    """A fresh 0700 directory and the socket path inside it."""
    directory = tempfile.mkdtemp(prefix="transcript-review-mpv-")
    if len(os.path.join(directory, "mpv.sock")) > _MAX_SOCKET_PATH and os.path.isdir("/tmp"):
        os.rmdir(directory)  # $TMPDIR too deep for a socket path (macOS): use /tmp
        directory = tempfile.mkdtemp(prefix="tr-mpv-", dir="/tmp")
    os.chmod(directory, 0o700)
    return directory, os.path.join(directory, "mpv.sock")


def _reap(process: subprocess.Popen[bytes] | None, ipc: MpvIpc, directory: str | None) -> None:
    """Quit mpv (politely, then firmly), close the socket, remove the private directory."""
    if process is not None and process.poll() is None:
        with contextlib.suppress(MediaError):
            ipc.command("quit", timeout=1.0)
    ipc.close()
    if process is not None:
        try:
            process.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            process.terminate()
            try:
                process.wait(timeout=1.0)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=2.0)
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)


class Player:
    """An mpv under remote control. Start one with :meth:`start` or :meth:`attach`."""

    def __init__(
        self,
        ipc: MpvIpc,
        process: subprocess.Popen[bytes] | None = None,
        socket_dir: str | None = None,
    ) -> None:
        self.ipc = ipc
        self.process = process
        self.socket_dir = socket_dir
        self.media: str | None = None
        """What :meth:`load` loaded last (or what an attached mpv was playing)."""
        self._finalizer = weakref.finalize(self, _reap, process, ipc, socket_dir)

    # -- starting and stopping ----------------------------------------------------------------

    @classmethod
    def start(
        cls,
        *,
        mpv: str | None = None,
        video: bool = False,
        audio_output: str | None = None,
        use_config: bool = True,
        extra_args: list[str] | tuple[str, ...] | None = None,
        timeout: float = 5.0,
    ) -> Player:
        """Start mpv, idle, controlled over a socket in a private temporary directory.

        ``video=False`` (the default) plays sound only (``--no-video``); ``audio_output="null"``
        plays silently (tests); ``use_config=False`` ignores the user's mpv.conf (``--no-config``).
        ``extra_args`` go last; by default they are ``$TRANSCRIPT_REVIEW_MPV_OPTIONS`` split like
        a shell would (but never run by one), e.g. ``--ao=pulse --volume=70``.
        Raises :class:`MpvNotFound` (with :func:`install_hint`) or :class:`PlayerGone`.
        """
        executable = find_mpv(mpv)
        if executable is None:
            raise MpvNotFound(install_hint())
        if sys.platform.startswith("win"):
            raise MediaError("controlling mpv needs a UNIX socket; not supported on Windows yet")
        if extra_args is None:
            try:
                extra_args = shlex.split(os.environ.get("TRANSCRIPT_REVIEW_MPV_OPTIONS", ""))
            except ValueError as exc:
                raise MediaError(f"$TRANSCRIPT_REVIEW_MPV_OPTIONS cannot be split: {exc}") from None
        directory, socket_path = _private_socket_path()
        args = [
            executable,
            "--idle=yes",
            "--no-terminal",
            f"--input-ipc-server={socket_path}",
            "--keep-open=yes",  # stay on the last frame at the end, so seeking back still works
            "--force-window=no",
            "--resume-playback=no",
        ]
        if not use_config:
            args.append("--no-config")
        if not video:
            args += ["--no-video", "--ytdl-format=bestaudio/best"]
        if audio_output:
            args.append(f"--ao={audio_output}")
        args += list(extra_args)
        try:
            process = subprocess.Popen(
                args,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                close_fds=True,
            )
        except OSError as exc:
            shutil.rmtree(directory, ignore_errors=True)
            raise MpvNotFound(f"cannot run {executable}: {exc.strerror or exc}") from None

        def gone() -> str | None:
            code = process.poll()
            return None if code is None else f"mpv exited (status {code})"

        try:
            ipc = MpvIpc.connect(
                socket_path, timeout=DEFAULT_TIMEOUT, retry_for=timeout, alive=gone
            )
        except MediaError as exc:
            process.kill()
            process.wait(timeout=2.0)
            shutil.rmtree(directory, ignore_errors=True)
            raise PlayerGone(f"mpv did not start: {exc}") from None
        return cls(ipc, process, directory)

    @classmethod
    def attach(cls, socket_path: str | Path, *, timeout: float = DEFAULT_TIMEOUT) -> Player:
        """Control an mpv the user started with ``--input-ipc-server=socket_path``.

        :meth:`close` then only disconnects; the user's mpv keeps running.
        """
        ipc = MpvIpc.connect(socket_path, timeout=timeout)
        player = cls(ipc)
        try:
            ipc.get_property("mpv-version")
            path = ipc.get_property_or("path")
        except MpvError:
            player.close()
            raise PlayerGone(f"{socket_path} does not answer like mpv") from None
        player.media = path if isinstance(path, str) else None
        return player

    @property
    def owned(self) -> bool:
        """True when this player started mpv (and :meth:`close` quits it)."""
        return self.process is not None

    def alive(self) -> bool:
        """Whether mpv is still there to talk to (cheap; no round trip for a started mpv)."""
        if self.ipc.closed:
            return False
        return self.process is None or self.process.poll() is None

    def close(self) -> None:
        """Quit a started mpv and remove its socket directory; detach from an attached one.

        Never raises and never hangs (a stuck mpv is killed after a few seconds). Idempotent.
        """
        self._finalizer()

    def __enter__(self) -> Player:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- media ---------------------------------------------------------------------------------

    def load(
        self,
        media: str,
        *,
        base: str | Path | None = None,
        paused: bool = True,
        timeout: float = 15.0,
    ) -> str:
        """Load ``media`` (a file path or http(s) URL) and wait until mpv has opened it.

        Stays paused unless ``paused=False``. Returns what was loaded (a file's full path).
        Raises :class:`MediaRefused` before asking mpv for anything but a file or http(s) URL,
        :class:`MediaError` when mpv cannot open it, :class:`PlayerTimeout` after ``timeout``
        seconds (a URL resolved through yt-dlp can take a while: call this from a worker).
        """
        target = resolve_media(media, base)
        self.ipc.set_property("pause", bool(paused))
        self.ipc.clear_events()
        reply = self.ipc.command("loadfile", target, "replace")
        entry = reply.get("playlist_entry_id") if isinstance(reply, dict) else None
        deadline = time.monotonic() + timeout
        started = entry is None
        while True:
            try:
                event = self.ipc.next_event(
                    ("start-file", "file-loaded", "end-file"),
                    timeout=max(0.0, deadline - time.monotonic()),
                )
            except PlayerTimeout:
                raise PlayerTimeout(
                    f"mpv was still opening {target} after {timeout:g} s; try again later"
                ) from None
            kind, event_entry = event.get("event"), event.get("playlist_entry_id")
            if kind == "start-file" and (entry is None or event_entry == entry):
                started = True
            elif kind == "file-loaded" and started:
                self.media = target
                # mpv accepts seeks only once playback is initialised, which "playback-restart"
                # announces (also when paused); an audio output that cannot start ends the
                # file right after loading it, so wait for one or the other (not too long).
                # (mpv 0.35 reports a failed audio output just after "playback-restart", so
                # without an audio or video output, give it a moment to say so.)
                for wanted, wait in ((("playback-restart", "end-file"), 2.0), (("end-file",), 0.3)):
                    try:
                        event = self.ipc.next_event(wanted, timeout=wait)
                    except PlayerTimeout:
                        return target
                    if event.get("event") != "end-file" and self._has_output():
                        return target
                    if event.get("event") == "end-file":
                        self.media = None
                        why = event.get("file_error") or event.get("reason") or "unknown error"
                        if "audio output" in str(why):
                            why = f"{why} (no sound device? choose one with --ao=… in mpv.conf)"
                        raise MediaError(f"mpv could not play {target}: {why}")
                return target
            elif kind == "end-file" and event.get("reason") == "redirect":
                if event_entry == entry or entry is None:  # a playlist: wait for its first entry
                    entry, started = None, False
            elif kind == "end-file" and (event_entry == entry or (entry is None and started)):
                why = event.get("file_error") or event.get("reason") or "unknown error"
                self.media = None
                raise MediaError(f"mpv could not open {target}: {why}")

    def _has_output(self) -> bool:
        return any(self.ipc.get_property_or(p) for p in ("current-ao", "current-vo"))

    def duration(self) -> float | None:
        """Length of the loaded media in seconds (None for none loaded or a live stream)."""
        value = self.ipc.get_property_or("duration")
        return float(value) if isinstance(value, (int, float)) else None

    def loaded(self) -> bool:
        """Whether mpv has media loaded (it is not idle)."""
        return not bool(self.ipc.get_property_or("idle-active", True))

    def _require_media(self) -> None:
        if not self.loaded():
            raise NothingLoaded("nothing to play: no media loaded (give --media or set media:)")

    # -- playing ------------------------------------------------------------------------------

    def paused(self) -> bool:
        return bool(self.ipc.get_property("pause"))

    def pause(self) -> None:
        self.ipc.set_property("pause", True)

    def resume(self) -> None:
        self._require_media()
        self.ipc.set_property("pause", False)

    def play_pause(self) -> bool:
        """Toggle pause; returns True when now playing, False when now paused.

        :class:`NothingLoaded` when there is nothing to play."""
        self._require_media()
        if self.paused():
            self.resume()
            return True
        self.pause()
        return False

    def position(self) -> float | None:
        """The audible playback position in seconds; None when nothing is loaded."""
        value = self.ipc.get_property_or("time-pos")
        return float(value) if isinstance(value, (int, float)) else None

    def seek(self, seconds: float, relative: bool = False) -> float | None:
        """Go to ``seconds`` (or that many seconds back/forward with ``relative``); exact.

        Positions before 0 become 0; past the end, mpv stops at the end. Returns the new
        position.
        """
        if not math.isfinite(seconds):
            raise ValueError(f"cannot seek to {seconds!r}")
        self._require_media()
        if relative:
            self._seek(float(seconds), "relative+exact")
        else:
            self._seek(max(0.0, float(seconds)), "absolute+exact")
        return self.position()

    def _seek(self, target: float, flags: str, settle: float = 1.0) -> None:
        """Seek, then wait (at most ``settle`` s) until mpv has done it, so that ``time-pos``
        read next is the new position even while paused."""
        self.ipc.clear_events()
        deadline = time.monotonic() + settle
        while True:
            try:
                self.ipc.command("seek", target, flags)
                break
            except MpvError:
                # mpv refuses seeks until a file just opened is ready to play: retry briefly
                if time.monotonic() >= deadline or not self.loaded():
                    raise
                time.sleep(0.05)
        with contextlib.suppress(PlayerTimeout):
            for wanted in ("seek", "playback-restart"):
                self.ipc.next_event((wanted,), timeout=max(0.0, deadline - time.monotonic()))

    # -- speed --------------------------------------------------------------------------------

    def current_speed(self) -> float:
        value = self.ipc.get_property_or("speed", 1.0)
        return float(value) if isinstance(value, (int, float)) else 1.0

    def speed(self, factor: float) -> float:
        """Set the playback speed, clamped to 0.5..2.0 (pitch kept); returns the speed set."""
        if not math.isfinite(factor):
            raise ValueError(f"not a speed: {factor!r}")
        value = min(MAX_SPEED, max(MIN_SPEED, float(factor)))
        self.ipc.set_property("speed", value)
        return value

    def faster(self) -> float:
        """The next speed up in :data:`SPEEDS` (stays at 2.0); returns the speed set."""
        now = self.current_speed()
        return self.speed(next((s for s in SPEEDS if s > now + 1e-6), MAX_SPEED))

    def slower(self) -> float:
        """The next speed down in :data:`SPEEDS` (stays at 0.5); returns the speed set."""
        now = self.current_speed()
        return self.speed(next((s for s in reversed(SPEEDS) if s < now - 1e-6), MIN_SPEED))

    # -- windows and loops --------------------------------------------------------------------

    def play_window(
        self, start: float, end: float, loop: bool = False, speed: float | None = None
    ) -> tuple[float, float]:
        """Play from ``start``; with ``loop``, repeat ``start``..``end`` (mpv's A-B loop).

        Without ``loop`` any A-B loop is cleared and playback simply goes on past ``end``.
        ``speed`` (clamped to 0.5..2.0) is set first when given. Returns the window played,
        clipped to the media's length when that is known.
        """
        if not (math.isfinite(start) and math.isfinite(end)):
            raise ValueError(f"not a time window: {start!r}..{end!r}")
        self._require_media()
        start = max(0.0, float(start))
        end = max(start, float(end))
        length = self.duration()
        if length is not None:
            if start >= length:
                raise MediaError(
                    f"{_clock(start)} is past the end of the media ({_clock(length)} long)"
                )
            end = min(end, length)
        if speed is not None:
            self.speed(speed)
        if loop:
            self.set_loop(start, end)
        else:
            self.stop_loop()
        self._seek(start, "absolute+exact")
        self.ipc.set_property("pause", False)
        return (start, end)

    def set_loop(self, start: float, end: float) -> None:
        """Loop ``start``..``end`` from now on, without jumping (to widen or narrow a loop)."""
        if not (math.isfinite(start) and math.isfinite(end)) or end <= start:
            raise ValueError(f"not a loop window: {start!r}..{end!r}")
        self.ipc.set_property("ab-loop-a", max(0.0, float(start)))
        self.ipc.set_property("ab-loop-b", float(end))

    def loop(self) -> tuple[float, float] | None:
        """The A-B loop in force, or None."""
        a = self.ipc.get_property_or("ab-loop-a")
        b = self.ipc.get_property_or("ab-loop-b")
        if isinstance(a, (int, float)) and isinstance(b, (int, float)):
            return (float(a), float(b))
        return None

    def stop_loop(self) -> None:
        """Clear the A-B loop; playback goes on from where it is."""
        self.ipc.set_property("ab-loop-a", "no")
        self.ipc.set_property("ab-loop-b", "no")

    def play_until(self, end: float, *, timeout: float, poll: float = 0.05) -> float | None:
        """Wait (playing) until the position reaches ``end``, the media ends or ``timeout``
        passes, then pause. Returns the position where it paused. For the headless ``play``."""
        deadline = time.monotonic() + timeout
        position = self.position()
        while time.monotonic() < deadline:
            position = self.position()
            if position is None or position >= end - 0.01:
                break
            if self.ipc.get_property_or("eof-reached", False) or self.paused():
                break
            time.sleep(min(poll, max(0.0, deadline - time.monotonic())))
        self.pause()
        return self.position() if position is not None else None

    def __repr__(self) -> str:
        how = f"pid {self.process.pid}" if self.process else f"attached to {self.ipc.path}"
        return f"<Player {how} media={self.media!r}>"


def _clock(seconds: float) -> str:
    whole = int(seconds)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"
