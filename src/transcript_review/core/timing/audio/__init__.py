"""Times from the recording itself: align a transcript to its audio with pocketsphinx.

The pipeline (DESIGN.md, "Timing"): :mod:`.decode` turns any media file into 16 kHz mono PCM;
:mod:`.speech` finds where someone speaks and cuts the audio into chunks of at most 20 s at
pauses; :mod:`.lexicon` builds a dictionary and a language model from the transcript's own
words; :mod:`.recognise` hears the chunks in parallel (one decoder per core) and force-aligns
stretches the recogniser missed; :mod:`.pipeline` matches transcript words to what was heard
with the caption aligner (monotone, anchored on runs) and assembles a
:class:`.alignment_file.RecordingAlignment`, which :mod:`.alignment_file` writes beside the
transcript with its provenance and reads back for the rest of the program.

Imports only the standard library and pocketsphinx (loaded lazily: only ``align`` needs it).
"""

from __future__ import annotations

from .alignment_file import (
    ALIGNMENT_SUFFIX,
    AlignedWord,
    GapWindow,
    RecordingAlignment,
    Untranscribed,
    alignment_path,
    read_alignment,
    write_alignment,
)

__all__ = [
    "ALIGNMENT_SUFFIX",
    "AlignedWord",
    "GapWindow",
    "RecordingAlignment",
    "Untranscribed",
    "alignment_path",
    "read_alignment",
    "write_alignment",
]
