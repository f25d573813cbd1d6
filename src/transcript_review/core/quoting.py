"""Quoting text from files in what we print: one line, no terminal control, bounded length.

Anything read from a file (an author's name, a message, a note, a reason, a file name) may hold
control characters: ESC starts sequences that set the terminal's title, clear the screen or
rewrite what was printed; CR and BEL do their own mischief. :func:`printable` is the one
function every place that shows such text uses (the CLI's output and errors, the editor's
status line, the review queue), so no sidecar can drive the terminal.
"""

from __future__ import annotations

import re
from pathlib import Path

#: C0 controls but tab and newline, DEL, C1 controls (0x9b is a one-byte CSI), and the
#: bidirectional overrides/isolates that reorder what is shown (the "Trojan source" trick).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same, newline and tab included: for what must stay on one line.
_CONTROL_OR_BREAK = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

#: Longest quote of a file's content in an error message (a 5 MB scalar is not echoed whole).
MESSAGE_LIMIT = 400
#: Longest file name shown in a message.
PATH_LIMIT = 240


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\t": "\\t", "\r": "\\r"}
    if char in named:
        return named[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, *, one_line: bool = False) -> str:
    """``text`` with every control character shown as an escape (``\\x1b``, ``\\r``…).

    Newlines and tabs are kept unless ``one_line``, which escapes them too (for a file name
    in a message). Ordinary text, accents and scripts of every language pass unchanged.
    """
    pattern = _CONTROL_OR_BREAK if one_line else _CONTROL
    return pattern.sub(_escape, text)


def visible(text: str) -> str:
    """``text`` with each control character replaced by ``�``: the same length, so offsets
    and styled spans over it stay right (a transcript's text in a table or a view)."""
    return _CONTROL.sub("\ufffd", text)


def has_control(text: str) -> bool:
    """True when :func:`printable` or :func:`visible` would change ``text`` (newlines aside)."""
    return _CONTROL.search(text) is not None


def json_printable(dumped: str) -> str:
    """JSON text (from ``json.dumps(..., ensure_ascii=False)``) with the controls it leaves
    raw (DEL, C1, bidirectional overrides) written as ``\\uXXXX`` escapes: the same JSON
    value, safe to print. Those characters can only occur inside strings, where the escape
    means exactly them."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def capped(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, saying how much was left out."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(text) - limit} more characters)"


def safe_path(path: str | Path) -> str:
    """A file name for a message: control characters and newlines escaped, on one line,
    and cut when absurdly long."""
    return capped(printable(str(path), one_line=True), PATH_LIMIT)


def one_line(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """A message on one line: controls escaped, runs of whitespace made one space, capped."""
    return capped(printable(" ".join(text.split()), one_line=True), limit)


def short(text: str, limit: int = 40) -> str:
    """``text`` on one line (runs of whitespace made one space), cut to ``limit`` with "…",
    control characters escaped."""
    text = printable(" ".join(text.split()), one_line=True)
    return text if len(text) <= limit else text[: limit - 1] + "…"
