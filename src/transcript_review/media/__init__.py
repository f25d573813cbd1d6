"""Talking to media players and browsers: mpv over its JSON IPC, and webcast links.

May import :mod:`transcript_review.core`; must not import textual, rich or click, so that the
editor, the CLI and the tests share it. ``core`` never imports this package.

The names most callers need::

    from transcript_review.media import Player, MediaError, PlayerGone, MpvNotFound
    player = Player.start()          # MpvNotFound: str(exc) is the install hint
    player.load("speech.mp3")
    player.play_window(41.0, 47.0, loop=True, speed=0.75)
    player.close()
"""

from __future__ import annotations

from .browser import open_webcast, webcast_link
from .errors import (
    MediaError,
    MediaRefused,
    MpvError,
    MpvNotFound,
    NoBrowser,
    NothingLoaded,
    PlayerGone,
    PlayerTimeout,
)
from .mpv_ipc import MpvIpc
from .player import SPEEDS, Player, find_mpv, install_hint, resolve_media

__all__ = [
    "SPEEDS",
    "MediaError",
    "MediaRefused",
    "MpvError",
    "MpvIpc",
    "MpvNotFound",
    "NoBrowser",
    "NothingLoaded",
    "Player",
    "PlayerGone",
    "PlayerTimeout",
    "find_mpv",
    "install_hint",
    "open_webcast",
    "resolve_media",
    "webcast_link",
]
