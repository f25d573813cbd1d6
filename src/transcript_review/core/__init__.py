"""The domain core: transcripts, markers, corrections, sidecars and timing.

Nothing in this package imports textual, rich or click (tests/test_layering.py keeps it so),
so every rule about transcripts can be read, tested and reused without the UI.

The packages, lowest first; each may import only those its docstring names on its
``May import:`` line (tests/test_layering.py reads that line and checks every import,
function-local and type-only ones included):

- the foundation, the modules at the top of ``core/``: ``errors`` (the one-line input error),
  ``quoting`` (file text made safe to show), ``safe_files`` (the one way files are opened).
  They import nothing else in core.
- ``text/``: a transcript as read: decoding, paragraphs and words, markers, items, anchors.
- ``sidecar/``: the sidecar format: its records, schema, strict YAML and the append-only store.
- ``corrections/``: what the revisions add up to (folding), the write side (``Draft``), and
  the corrected text.
- ``timing/``: captions, recognizer output, the recording's alignment; times for a transcript.
- ``config.py``: the user's settings (foundation, text, and ``qc.rule_ids`` for rule grades).
- ``editing/``: an editing session, its actions and undo, span edits, the timing set-up.
- ``export/``, ``sharing/`` (merge, git), ``review/`` (the review queue), ``qc/`` (the final
  check) and ``workspace/`` (a folder of transcripts) sit on top.
"""
