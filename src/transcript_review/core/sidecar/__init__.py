"""The sidecar format: ``<transcript>.review.yaml``, an append-only log of revisions.

Owns the records a sidecar holds (``records``: header, revisions, their events), their YAML
layout (``schema``: documents <-> records, with file:line:col errors), strict YAML loading and
dumping (``strict_yaml``) and the store (``store``: append-only saving under a lock, torn-tail
recovery, loading). A change of the sidecar's layout is made here and nowhere else; other
packages use the records (``records``) and the functions re-exported here, never the YAML
documents or the schema's helpers.

May import: foundation, text
"""

from __future__ import annotations

from .schema import format_time
from .store import (
    LOCK_SUFFIX,
    MAX_SIDECAR_BYTES,
    SIDECAR_SUFFIX,
    TORN_SUFFIX,
    LoadedSidecar,
    SaveResult,
    append_revision,
    encode_sidecar,
    load_sidecar,
    replace_sidecar,
    sidecar_path_for,
)

__all__ = [
    "LOCK_SUFFIX",
    "MAX_SIDECAR_BYTES",
    "SIDECAR_SUFFIX",
    "TORN_SUFFIX",
    "LoadedSidecar",
    "SaveResult",
    "append_revision",
    "encode_sidecar",
    "format_time",
    "load_sidecar",
    "replace_sidecar",
    "sidecar_path_for",
]
