"""Pausing Python's cycle collector while objects are made by the million."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collector_paused() -> Iterator[None]:
    """Run the block with the cycle collector off, then turn it back on (if it was on).

    Why: the collector runs every few hundred new objects and, as they pile up, walks the
    ones that survived again and again. The markers and items of a transcript hold no
    reference cycles, so those walks free nothing; for a million markers they cost a second
    or more of the few it takes to make them. Only the cycle collector is paused: everything
    else is freed as usual, and cycles made meanwhile are collected on its next run.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
