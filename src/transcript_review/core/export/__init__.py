"""Export: the corrected text as txt, md, vtt, srt or json.

Owns the export formats (``formats``) and the JSON export's own serialiser
(``json_format``), which names every key itself, so that a change of the sidecar's layout
cannot change the export.

May import: foundation, text, corrections, timing
"""
