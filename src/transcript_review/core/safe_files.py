"""Opening files someone else may have planted: one place that every reader and writer uses.

Everything this program reads (a transcript, a timing or reference file, the config, a sidecar,
a lock, a merge input) may be a named pipe that blocks ``open()`` forever, ``/dev/zero`` that
never ends, a device, a socket or a symlink loop. :func:`read_regular` refuses anything that is
not a regular file *before* opening it, opens without blocking and without following a final
symlink that changed meanwhile, checks again on the open descriptor, and reads at most
``limit`` bytes however large ``stat`` says the file is (a size of 0 proves nothing: ``/proc``
files and devices report 0 and go on forever).

The few files we create beside a sidecar (``.torn``, the lock's temporary file) are opened with
:func:`open_for_append_nofollow` / ``O_EXCL``, so a symlink planted at that name is never
written through.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import InputError

#: Read in pieces of this size, so that a cap is enforced without trusting ``stat``.
_CHUNK = 1 << 20

#: Open flags for reading: never block on a FIFO, never make a terminal our controlling one.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
#: Fails with ELOOP when the last component is a symlink (POSIX); 0 where unsupported.
O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


def describe_mode(mode: int) -> str:
    """What a file that is not a regular file is, in words (``a named pipe (FIFO)``, …)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(path: str | Path, mode: int, what: str) -> InputError:
    if stat.S_ISDIR(mode):
        return InputError(path, f"is a folder, not a file; give the path of {what}")
    return InputError(
        path, f"is {describe_mode(mode)}, not a regular file; give the path of {what}"
    )


def os_error(path: str | Path, exc: OSError, what: str) -> InputError:
    """A one-line :class:`InputError` for an OS failure while opening or reading ``path``."""
    if exc.errno == errno.ENOENT:
        return InputError(path, "no such file; check the path")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(path, "permission denied; check the file's permissions")
    if exc.errno == errno.ELOOP:
        return InputError(
            path, f"is a symbolic link that loops (or leads too deep); give the path of {what}"
        )
    if exc.errno == errno.EISDIR:
        return InputError(path, f"is a folder, not a file; give the path of {what}")
    return InputError(path, f"cannot be read: {exc.strerror or exc}")


def check_regular(path: str | Path, what: str = "a text file") -> os.stat_result:
    """``stat`` of ``path`` (following symlinks) if it is a regular file; else InputError.

    ``FileNotFoundError`` passes through, so callers decide what a missing file means.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise os_error(path, exc, what) from None
    if not stat.S_ISREG(st.st_mode):
        raise _not_regular(path, st.st_mode, what)
    return st


def read_regular(path: str | Path, limit: int, what: str = "a text file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them, else InputError.

    Refuses FIFOs, devices, sockets, folders and symlink loops before opening; reads in
    chunks and stops at ``limit + 1`` bytes whatever ``stat`` said. ``FileNotFoundError``
    passes through (a missing sidecar or default config is not an error).
    """
    check_regular(path, what)
    try:
        fd = os.open(path, _READ_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise os_error(path, exc, what) from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped for something else since the stat
            raise _not_regular(path, st.st_mode, what)
        if st.st_size > limit:
            raise too_large(path, st.st_size, limit)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        parts: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
            except OSError as exc:
                raise os_error(path, exc, what) from None
            if not chunk:
                break
            parts.append(chunk)
            total += len(chunk)
            if total > limit:
                raise too_large(path, None, limit)
        return b"".join(parts)
    finally:
        os.close(fd)


def too_large(path: str | Path, size: int | None, limit: int) -> InputError:
    """The file is over the size we read whole."""
    how_big = f"is {size / 1048576:.1f} MB" if size is not None else "grew while being read"
    return InputError(
        path,
        f"{how_big}, over the {limit / 1048576:g} MB limit for this file; is it the right file?",
    )


def open_for_append_nofollow(path: str | Path, mode: int = 0o644) -> int:
    """A descriptor appending to ``path`` (created if missing), never through a symlink.

    Raises :class:`InputError` when ``path`` is a symlink or not a regular file: a link
    planted at a name we write (say ``speech.txt.review.yaml.torn`` -> ``~/.bashrc``) must
    never redirect our bytes into another file.
    """
    try:
        fd = os.open(
            path,
            os.O_WRONLY | os.O_APPEND | os.O_CREAT | O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0),
            mode,
        )
    except OSError as exc:
        if exc.errno == errno.ENXIO:  # a FIFO nobody reads
            raise InputError(path, "is a named pipe (FIFO); refusing to write to it") from None
        if exc.errno == errno.ELOOP or (os.path.islink(path) and not O_NOFOLLOW):
            raise InputError(
                path,
                "is a symbolic link; refusing to write through it (remove it and try again)",
            ) from None
        raise
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):
        os.close(fd)
        raise InputError(
            path, f"is {describe_mode(st.st_mode)}; refusing to write to it (remove it)"
        )
    os.set_blocking(fd, True)
    return fd
