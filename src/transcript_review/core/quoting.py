"""Quoting a passage of text in a one-line message."""

from __future__ import annotations


def short(text: str, limit: int = 40) -> str:
    """``text`` on one line (runs of whitespace made one space), cut to ``limit`` with "…"."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
