"""A folder of transcripts: what in it is a transcript, what belongs to which, a summary of each.

This package owns the headless half of working on a meeting's worth of transcripts: turning a
folder into entries (:func:`scan_folder`: transcripts, with their sidecars, captions, alignment
files, exports, recordings and glossaries attached by name; unreadable files as entries carrying
their one-line error; companions whose transcript is missing), the per-file summary that
``status DIR`` prints (:func:`summarise`), and the cache of those summaries in the platform's
cache folder, so that a folder of hundreds of transcripts is not read again while unchanged
(:class:`SummaryCache`). The CLI's folder commands and, later, the workspace screen build on it;
nothing here imports a UI library.

May import: foundation, text, sidecar, timing, config, editing
"""

from __future__ import annotations

from .cache import SummaryCache, cache_folder
from .scan import Companion, Entry, Folder, scan_folder
from .summary import folder_totals, short_timing, status_summary, summarise, summarise_folder

__all__ = [
    "Companion",
    "Entry",
    "Folder",
    "SummaryCache",
    "cache_folder",
    "folder_totals",
    "scan_folder",
    "short_timing",
    "status_summary",
    "summarise",
    "summarise_folder",
]
