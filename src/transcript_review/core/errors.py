"""Errors that mean "the input is wrong", as opposed to bugs.

The CLI turns an :class:`InputError` into one line on stderr and exit status 2; anything else
is a bug and may show a traceback. Every message names the file and says what to do next.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .quoting import one_line, safe_path


@dataclass
class InputError(Exception):
    """Bad input from the user's side: a missing, unreadable, binary or malformed file."""

    path: str | Path | None
    reason: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        # One line whatever a library or a file put in it: control characters escaped, and
        # capped, so a 5 MB scalar or a file name holding ESC or a newline cannot flood or
        # drive the terminal.
        where = safe_path(self.path) if self.path is not None else ""
        if where and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        reason = one_line(self.reason)
        return f"{where}: {reason}" if where else reason
