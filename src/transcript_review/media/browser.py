"""Open the online webcast at a passage's time in the user's web browser.

Only http(s) links are ever opened (:func:`~transcript_review.core.timing.url_at` refuses the
rest), and only in a graphical browser: a text-mode browser (lynx, w3m…) started from inside the
editor would take over the terminal, so then the link is returned in the error for the user to
open by hand. Nothing goes through a shell: :mod:`webbrowser` runs browsers with argument lists.
"""

from __future__ import annotations

import os
import sys
import webbrowser
from collections.abc import Callable

from ..core.timing.webcast_url import url_at
from .errors import MediaRefused, NoBrowser


def webcast_link(url: str, seconds: float) -> str:
    """The webcast ``url`` set to start at ``seconds``; :class:`MediaRefused` (a ValueError)
    for anything but an http(s) URL with a host."""
    try:
        link = url_at(url, seconds)
    except ValueError as exc:
        raise MediaRefused(f"will not open the webcast: {exc}") from None
    if not link.lower().startswith(("http://", "https://")):  # belt and braces
        raise MediaRefused(f"will not open the webcast: not an http(s) URL: {link!r}")
    return link


def _graphical(browser: webbrowser.BaseBrowser) -> bool:
    """False for browsers that run in the terminal (and would take over the editor's screen)."""
    if isinstance(browser, webbrowser.BackgroundBrowser):
        return True
    if isinstance(browser, webbrowser.GenericBrowser):
        return False  # www-browser, lynx, w3m, links, $BROWSER entries: run in the foreground
    return not (isinstance(browser, webbrowser.UnixBrowser) and not browser.background)


def _open_in_graphical_browser(link: str) -> bool:
    if (
        sys.platform.startswith(("linux", "freebsd", "openbsd", "netbsd"))
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        return False  # no desktop: xdg-open would fall back to a text-mode browser
    try:
        browser = webbrowser.get()
    except webbrowser.Error:
        return False
    if not _graphical(browser):
        return False
    try:
        return bool(browser.open(link, new=2))
    except (OSError, webbrowser.Error):
        return False


def open_webcast(
    url: str,
    seconds: float,
    *,
    opener: Callable[[str], bool] | None = None,
) -> str:
    """Open ``url`` at ``seconds`` in a graphical web browser; returns the link opened.

    Raises :class:`MediaRefused` (also a ValueError) for a URL that is not http(s), and
    :class:`NoBrowser`, whose message carries the link, when no graphical browser could be
    started. ``opener`` replaces the browser (tests, or an editor with its own way).
    """
    link = webcast_link(url, seconds)
    if not (opener or _open_in_graphical_browser)(link):
        raise NoBrowser(f"no graphical web browser available; open {link}")
    return link
