"""core/ must stay free of UI libraries, so it can be read and reused without them."""

from __future__ import annotations

import json
import pkgutil
import subprocess
import sys

import transcript_review.core as core


def test_importing_every_core_module_loads_no_ui_library() -> None:
    modules = [m.name for m in pkgutil.walk_packages(core.__path__, "transcript_review.core.")]
    code = (
        "import importlib, json, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(m for m in ('textual', 'rich', 'click') if m in sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == []
    assert "transcript_review.core.text.markers" in modules
