"""The review queue without a UI: the rows a reviewer works through, and their filters.

Owns the queue model (``queue``): which corrections and questions are listed, in what order,
with what placement and age, and how a filter narrows them. The editor's review screen and the
``queue`` command both show it. ``folder_queue``: the same queue over every transcript of a
folder, verdicts routed to each file's session and saved as one revision per touched sidecar.

May import: foundation, config, text, sidecar, corrections, timing, editing, workspace
"""
