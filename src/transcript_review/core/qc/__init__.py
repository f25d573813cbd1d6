"""Ready to publish? The final check of a corrected transcript (``qc``).

May import: foundation, text, sidecar, corrections, timing, config, editing, export
"""
