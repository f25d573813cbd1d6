"""A link that opens the webcast at a given moment.

Each player takes the start time differently: UN Web TV asset pages pass
``kalturaStartTime=<whole seconds>`` to their Kaltura player, YouTube takes ``t=<s>s``, and any
other media URL gets the W3C media fragment ``#t=<s>``. Only http(s) URLs are accepted: the link
is shown to a reviewer and opened in a browser, where ``file:`` or ``javascript:`` URLs from a
sidecar header would be a hazard; anything else raises :class:`ValueError` (a programming or
sidecar error the caller reports, not a file format problem).
"""

from __future__ import annotations

import math
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}


def _seconds(value: float) -> int:
    if not math.isfinite(value):
        raise ValueError(f"time {value!r} is not a finite number of seconds")
    return max(0, int(math.floor(value)))


def _with_query(parts: object, key: str, value: str) -> str:
    """Replace (or add) one query parameter, keeping the others and their order."""
    scheme, netloc, path, query, fragment = parts  # type: ignore[misc]
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if k != key]
    pairs.append((key, value))
    return urlunsplit((scheme, netloc, path, urlencode(pairs), fragment))


def url_at(url: str, seconds: float) -> str:
    """``url`` changed to start playing at ``seconds`` (rounded down to whole seconds).

    Raises :class:`ValueError` for a non-http(s) URL, a URL without a host, or a time that is
    not finite. Negative times become 0.
    """
    parts = urlsplit(url.strip())
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValueError(f"not an http(s) webcast URL: {url!r}")
    s = _seconds(seconds)
    host = parts.hostname.lower()
    if (host == "webtv.un.org" or host.endswith(".webtv.un.org")) and "/asset/" in parts.path:
        return _with_query(parts, "kalturaStartTime", str(s))
    if host in _YOUTUBE_HOSTS and (parts.path == "/watch" or parts.path.startswith("/live/")):
        return _with_query(parts, "t", f"{s}s")
    if host == "youtu.be":
        return _with_query(parts, "t", f"{s}s")
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, f"t={s}"))
