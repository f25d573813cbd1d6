"""A small client for mpv's JSON IPC over a UNIX socket (``mpv --input-ipc-server=PATH``).

The protocol (https://mpv.io/manual/stable/#json-ipc) is one JSON object per line each way: we
send ``{"command": [...], "request_id": N}``; mpv answers ``{"request_id": N, "error":
"success", "data": ...}`` and, interleaved, sends events such as ``{"event": "file-loaded"}``.

Written by hand on the standard library (socket + json), on purpose: the protocol is a few
dozen lines, and the one well-known library, python-mpv, drives libmpv through ctypes (a
shared-library dependency, and a crash in libmpv would take the editor down with it), while
python-mpv-jsonipc runs its own reader threads and callbacks and offers no per-call timeouts.
What the editor needs is exactly: a reply or a clear exception within a bounded time.

Guarantees:

* every read and write has a deadline (:class:`PlayerTimeout` when it passes);
* mpv closing the socket or dying, even half-way through a reply, raises :class:`PlayerGone`,
  and every later call raises it at once (the client never blocks on a dead socket);
* replies are matched by ``request_id``, so a late reply to a call that timed out is dropped
  rather than taken for the answer to the next call; events are kept (the last 512) for
  :meth:`MpvIpc.next_event`;
* calls are serialised by a lock, so the editor may call from its event loop and from worker
  threads; waiting for the lock is bounded too.

Nothing here starts processes or touches a shell: strings from a transcript or sidecar travel
only inside JSON strings, where a newline or quote cannot start another command.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from .errors import MpvError, PlayerGone, PlayerTimeout

#: Seconds to wait for a reply unless the call says otherwise.
DEFAULT_TIMEOUT = 2.0
#: A line longer than this is not mpv talking (playlists and track lists stay far below it).
MAX_LINE = 16 * 1024 * 1024
_EVENTS_KEPT = 512


class MpvIpc:
    """One connection to an mpv IPC socket. Use :meth:`connect` to make one."""

    def __init__(self, sock: socket.socket, path: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._sock = sock
        self.path = path
        self.timeout = timeout
        self._buffer = b""
        self._next_id = 0
        self._events: deque[dict[str, Any]] = deque(maxlen=_EVENTS_KEPT)
        self._lock = threading.Lock()
        self._gone: str | None = None
        self.alive: Callable[[], str | None] | None = None
        """Optional check, set by the owner of the mpv process: returns why mpv is gone, or None.
        Consulted when the socket fails, for a better message than "connection reset"."""

    # -- connecting -------------------------------------------------------------------------

    @classmethod
    def connect(
        cls,
        path: str | Path,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        retry_for: float = 0.0,
        alive: Callable[[], str | None] | None = None,
    ) -> MpvIpc:
        """Connect to the socket at ``path``.

        ``retry_for`` keeps trying (every 20 ms) while the socket does not exist yet or refuses,
        as when mpv has just been started; ``alive`` (returning a reason when the process has
        died) stops the retrying early with :class:`PlayerGone`.
        """
        path = str(path)
        deadline = time.monotonic() + max(retry_for, 0.0)
        while True:
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            try:
                sock.connect(path)
            except (FileNotFoundError, ConnectionRefusedError) as exc:
                sock.close()
                reason = alive() if alive else None
                if reason:
                    raise PlayerGone(reason) from None
                if time.monotonic() >= deadline:
                    what = "no such socket" if isinstance(exc, FileNotFoundError) else "refused"
                    raise PlayerGone(
                        f"cannot connect to mpv at {path} ({what}); is mpv running with "
                        f"--input-ipc-server={path}?"
                    ) from None
                time.sleep(0.02)
                continue
            except TimeoutError:
                sock.close()
                raise PlayerTimeout(
                    f"mpv at {path} did not accept the connection in time"
                ) from None
            except OSError as exc:
                sock.close()
                raise PlayerGone(
                    f"cannot connect to mpv at {path}: {exc.strerror or exc}"
                ) from None
            client = cls(sock, path, timeout)
            client.alive = alive
            return client

    # -- state ------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._gone is not None

    def close(self) -> None:
        """Drop the connection (mpv itself keeps running). Safe to call more than once."""
        if self._gone is None:
            self._gone = "the connection to mpv was closed"
        with suppress(OSError):
            self._sock.close()

    def __enter__(self) -> MpvIpc:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- commands ---------------------------------------------------------------------------

    def command(self, *args: Any, timeout: float | None = None) -> Any:
        """Run one mpv command and return its ``data`` (None when it has none).

        Raises :class:`MpvError` when mpv answers with an error, :class:`PlayerTimeout` when no
        answer comes within ``timeout`` seconds, :class:`PlayerGone` when mpv is gone.
        """
        if not args:
            raise ValueError("an mpv command needs a name")
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        name = str(args[0])
        with self._locked(deadline, name):
            self._check_open()
            self._next_id += 1
            request_id = self._next_id
            payload = json.dumps(
                {"command": list(args), "request_id": request_id}, ensure_ascii=False
            )
            self._send(payload.encode("utf-8", "surrogateescape") + b"\n", deadline, name)
            while True:
                message = self._read_message(deadline, name)
                if "event" in message:
                    self._events.append(message)
                    continue
                if message.get("request_id") != request_id:
                    continue  # a late reply to an earlier call that timed out
                error = message.get("error", "success")
                if error != "success":
                    raise MpvError(name, str(error))
                return message.get("data")

    def get_property(self, name: str, *, timeout: float | None = None) -> Any:
        """The value of an mpv property (:class:`MpvError` if unavailable, e.g. nothing loaded)."""
        return self.command("get_property", name, timeout=timeout)

    def get_property_or(
        self, name: str, default: Any = None, *, timeout: float | None = None
    ) -> Any:
        """The value of a property, or ``default`` when mpv says it is unavailable."""
        try:
            return self.command("get_property", name, timeout=timeout)
        except MpvError:
            return default

    def set_property(self, name: str, value: Any, *, timeout: float | None = None) -> None:
        self.command("set_property", name, value, timeout=timeout)

    # -- events -----------------------------------------------------------------------------

    def clear_events(self) -> None:
        """Forget the events received so far (before starting something whose events matter)."""
        with self._locked(time.monotonic() + self.timeout, "clear_events"):
            self._events.clear()

    def next_event(
        self, names: Iterable[str] | None = None, *, timeout: float | None = None
    ) -> dict[str, Any]:
        """The next event (of one of ``names``, others are dropped), buffered or newly read.

        :class:`PlayerTimeout` when none arrives within ``timeout`` seconds.
        """
        wanted = set(names) if names is not None else None
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        with self._locked(deadline, "waiting for an event"):
            while self._events:
                event = self._events.popleft()
                if wanted is None or event.get("event") in wanted:
                    return event
            self._check_open()
            while True:
                message = self._read_message(deadline, "waiting for an event")
                if "event" in message and (wanted is None or message["event"] in wanted):
                    return message

    # -- the wire ---------------------------------------------------------------------------

    @contextmanager
    def _locked(self, deadline: float, what: str):  # type: ignore[no-untyped-def]
        if not self._lock.acquire(timeout=max(0.0, deadline - time.monotonic())):
            raise PlayerTimeout(f"mpv is busy with another request ({what} gave up waiting)")
        try:
            yield
        finally:
            self._lock.release()

    def _check_open(self) -> None:
        if self._gone is not None:
            raise PlayerGone(self._gone)

    def _lost(self, why: str) -> PlayerGone:
        """Mark the connection dead and return the exception to raise."""
        reason = None
        if self.alive is not None:
            # Give a dying process a moment to be reaped, for "mpv exited" over "reset".
            for _ in range(10):
                reason = self.alive()
                if reason:
                    break
                time.sleep(0.01)
        self._gone = reason or why
        with suppress(OSError):
            self._sock.close()
        return PlayerGone(self._gone)

    def _send(self, data: bytes, deadline: float, what: str) -> None:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise PlayerTimeout(f"mpv did not answer {what!r} in time")
        try:
            self._sock.settimeout(remaining)
            self._sock.sendall(data)
        except TimeoutError:
            # Part of the line may have gone out: the stream can no longer be trusted.
            raise self._lost(f"mpv stopped reading its socket (sending {what!r})") from None
        except OSError as exc:
            raise self._lost(f"mpv went away (sending {what!r}: {exc.strerror or exc})") from None

    def _read_message(self, deadline: float, what: str) -> dict[str, Any]:
        """The next JSON object from mpv; lines that are not objects are skipped."""
        while True:
            while b"\n" not in self._buffer:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise PlayerTimeout(f"mpv did not answer {what!r} in time")
                try:
                    self._sock.settimeout(remaining)
                    chunk = self._sock.recv(65536)
                except TimeoutError:
                    raise PlayerTimeout(f"mpv did not answer {what!r} in time") from None
                except OSError as exc:
                    raise self._lost(
                        f"mpv went away during {what!r} ({exc.strerror or exc})"
                    ) from None
                if not chunk:
                    raise self._lost(f"mpv closed the connection during {what!r}")
                self._buffer += chunk
                if len(self._buffer) > MAX_LINE and b"\n" not in self._buffer:
                    raise self._lost(f"mpv sent a line of more than {MAX_LINE} bytes; giving up")
            line, _, self._buffer = self._buffer.partition(b"\n")
            if not line.strip():
                continue
            try:
                message = json.loads(line.decode("utf-8", "replace"))
            except ValueError:
                continue  # not JSON: mpv only ever sends JSON here; ignore noise
            except RecursionError:
                # Nested deeper than Python's parser recurses: not mpv, whoever it is.
                raise self._lost(
                    f"the player's socket sent a message nested too deeply (during {what!r}); "
                    "is it really mpv?"
                ) from None
            if isinstance(message, dict):
                return message
