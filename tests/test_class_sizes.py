"""No class in core/ grows past 500 lines: past that, a class holds several jobs (issue 14)."""

from __future__ import annotations

import ast
from pathlib import Path

import transcript_review.core as core

LIMIT = 500


def test_every_class_in_core_is_under_500_lines() -> None:
    too_long = []
    for path in Path(core.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines >= LIMIT:
                    too_long.append(f"{path.name}: {node.name} has {lines} lines")
    assert too_long == []
