"""What can go wrong when talking to a player or a browser.

Every message is one line a person can act on, fit for the editor's status line or the CLI's
``error:`` line. Catch :class:`MediaError` to handle them all; :class:`PlayerGone` means the
player is no longer there (start a new one to go on listening), anything else leaves it usable.
"""

from __future__ import annotations


class MediaError(Exception):
    """A player or browser problem, with a one-line message for the user."""


class PlayerGone(MediaError):
    """mpv quit, crashed or closed its socket (possibly in the middle of a command)."""


class PlayerTimeout(MediaError):
    """mpv did not answer in time; it may be busy (loading a URL) or stuck."""


class MpvError(MediaError):
    """mpv answered a command with an error (``property unavailable``, ``invalid parameter``…)."""

    def __init__(self, command: str, error: str) -> None:
        super().__init__(f"mpv refused {command!r}: {error}")
        self.command = command
        self.error = error


class MpvNotFound(MediaError):
    """No mpv executable on PATH; the message says how to install it."""


class NothingLoaded(MediaError):
    """The player has no media loaded, so there is nothing to play, seek or loop."""


class MediaRefused(MediaError, ValueError):
    """A media name or webcast URL that will not be played or opened (not http(s), not a file)."""


class NoBrowser(MediaError):
    """No graphical web browser could be started; the message carries the link to open by hand."""
