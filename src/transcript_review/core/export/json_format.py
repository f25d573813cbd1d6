"""The JSON export (``export --format json``): its keys, named here and nowhere else.

Why its own serialiser: the export is a published format that scripts read (README, "JSON
output"), while the sidecar's YAML layout belongs to the sidecar package and may change with
it. Writing anchors with the sidecar's ``anchor_to_data`` tied the two, so a change of the
sidecar's layout would have changed the export without anyone noticing. Every key below is
spelt out instead; tests/core/export/test_json_format.py pins the shape.
"""

from __future__ import annotations

import json
from typing import Any

from ..corrections import CorrectedText, Correction, State
from ..text.anchors import Anchor
from ..text.items import Item
from ..text.transcript import Transcript
from ..timing.transcript_times import TranscriptTiming, item_time_fields


def export_json(
    transcript: Transcript,
    state: State,
    items: list[Item],
    corrected: CorrectedText,
    timing: TranscriptTiming,
    include_proposed: bool,
) -> str:
    """The export as JSON text: the corrected text, every correction, what was applied, items."""
    data = {
        "transcript": transcript.name,
        "revision": state.revision,
        "include_proposed": include_proposed,
        "text": corrected.text,
        "corrections": [correction_json(c) for c in state.corrections.values()],
        "applied": [e.correction for e in corrected.edits],
        "skipped": list(corrected.skipped),
        # Each item's time as every other view gives it (not the paragraph's last stamp).
        "items": [{**i.to_json(), **item_time_fields(i, timing)} for i in items],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def anchor_json(anchor: Anchor) -> dict[str, Any]:
    """A correction's anchor in the export: the quoted words, their context and offsets."""
    return {
        "exact": anchor.exact,
        "prefix": anchor.prefix,
        "suffix": anchor.suffix,
        "start": anchor.start,
        "end": anchor.end,
    }


def correction_json(c: Correction) -> dict[str, Any]:
    """One correction in the export, with where it stands now and its history."""
    placement = c.placement
    return {
        "id": c.id,
        "kind": c.kind.value,
        "status": c.status.value,
        "author": c.author,
        "role": c.role.value,
        "revision": c.revision,
        "text": c.text,
        "evidence": c.evidence.value if c.evidence else None,
        "note": c.note,
        "reason": c.reason,
        "flag": c.flag,
        "anchor": anchor_json(c.anchor),
        "placement": None
        if placement is None
        else {
            "start": placement.start,
            "end": placement.end,
            "method": placement.method.value,
            "score": placement.score,
        },
        "superseded_by": c.superseded_by,
        "history": [
            {
                "action": h.action,
                "by": h.by,
                "role": h.role.value,
                "revision": h.revision,
                "comment": h.comment,
                "text": h.text,
            }
            for h in c.history
        ],
    }
