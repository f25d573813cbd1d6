"""Ready to publish? The final check of a corrected transcript (``qc``)."""
