"""The domain core: transcripts, markers, corrections, sidecars and timing.

Nothing in this package imports textual, rich or click (tests/test_layering.py keeps it so),
so every rule about transcripts can be read, tested and reused without the UI.
"""
