"""The review queue without a UI: the rows a reviewer works through, and their filters.

Owns the queue model (``queue``): which corrections and questions are listed, in what order,
with what placement and age, and how a filter narrows them. The editor's review screen and the
``queue`` command both show it.

May import: foundation, text, sidecar, corrections, timing, editing
"""
