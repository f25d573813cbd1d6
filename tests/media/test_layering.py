"""media/ is shared by the editor, the CLI and tests: no UI libraries; core never imports it."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import transcript_review.core as core
import transcript_review.media as media


def _loaded_after_importing(packages: list[str], watch: tuple[str, ...]) -> list[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {packages!r}: importlib.import_module(name)\n"
        f"print(json.dumps(sorted(m for m in {watch!r} if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_media_loads_no_ui_library() -> None:
    modules = [m.name for m in pkgutil.walk_packages(media.__path__, "transcript_review.media.")]
    assert "transcript_review.media.player" in modules
    assert _loaded_after_importing(modules, ("textual", "rich", "click")) == []


def test_core_does_not_import_media() -> None:
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, "transcript_review.core.")]
    assert _loaded_after_importing(modules, ("transcript_review.media",)) == []
