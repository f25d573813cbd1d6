"""No class in src/ grows past 500 lines, and the app module stays under 600: past that, a
class holds several jobs (issue 14)."""

from __future__ import annotations

import ast
from pathlib import Path

import transcript_review
import transcript_review.tui.app as app_module

LIMIT = 500
APP_MODULE_LIMIT = 600


def test_every_class_in_src_is_under_500_lines() -> None:
    too_long = []
    for path in Path(transcript_review.__file__).parent.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                lines = node.end_lineno - node.lineno + 1
                if lines >= LIMIT:
                    too_long.append(f"{path.name}: {node.name} has {lines} lines")
    assert too_long == []


def test_the_app_module_is_under_600_lines() -> None:
    lines = Path(app_module.__file__).read_text(encoding="utf-8").count("\n")
    assert lines < APP_MODULE_LIMIT
