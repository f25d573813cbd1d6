"""Editing a transcript: the session the CLI and the editor share.

Owns :class:`~.session.EditingSession` (a transcript with its sidecar: actions, undo/redo,
saving), the actions it records (``actions``), turning an edited passage into corrections
(``span_edit``), putting edits into words for undo, messages and the save prompt
(``wording``), where each gap and uncertain passage stands (``item_states``) and the one
timing set-up of the CLI and the editor (``session_timing``).

May import: foundation, text, sidecar, corrections, timing, config
"""
