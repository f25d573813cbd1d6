"""The sidecar format: ``<transcript>.review.yaml``, an append-only log of revisions.

Owns the records a sidecar holds (``records``: header, revisions, their events), their YAML
layout (``schema``: documents <-> records, with file:line:col errors), strict YAML loading and
dumping (``strict_yaml``) and the store (``store``: append-only saving under a lock, torn-tail
recovery, loading). A change of the sidecar's layout is made here and nowhere else; other
packages use the records and the store's functions, never the YAML documents.

May import: foundation, text
"""
