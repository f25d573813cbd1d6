"""The screens and widgets of tui/ do not reach into the app (issue 14): no module but the apps'
(app.py, and workspace_app.py for a folder) imports it, and nothing calls the app's own methods
through ``self.app`` (Textual's App API — notify, push_screen, call_after_refresh… — is fine).
They get what they need when they are made and talk by messages (tui/messages.py).

Each check is a function over source text, so it is shown to fail on a bad example below."""

from __future__ import annotations

import ast
from pathlib import Path

from textual.app import App

import transcript_review.tui as tui

TUI = Path(tui.__file__).parent
APP_MODULE = "transcript_review.tui.app"
#: The apps: the one-file app, and the folder's (a one-file app with the workspace first).
APP_MODULES = {APP_MODULE, "transcript_review.tui.workspace_app"}


def imported_modules(source: str, module: str) -> set[str]:
    """Every module ``module``'s source imports, anywhere in it (TYPE_CHECKING blocks and
    function bodies too), relative imports resolved; ``from X import y`` gives X and X.y."""
    package = module.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parent = ".".join(parts[: len(parts) - node.level + 1])
                base = f"{parent}.{base}" if base else parent
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def app_methods_called(source: str) -> set[str]:
    """Names used as ``self.app.<name>`` that Textual's ``App`` does not have: the app's own."""
    textual_app = set(dir(App))
    used = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "app"
            and isinstance(node.value.value, ast.Name)
            and node.value.value.id == "self"
        ):
            used.add(node.attr)
    return used - textual_app


def _tui_modules() -> dict[str, str]:
    return {
        f"transcript_review.tui.{path.stem}": path.read_text("utf-8")
        for path in sorted(TUI.glob("*.py"))
    }


def test_no_module_of_tui_but_the_app_imports_the_app_module() -> None:
    modules = _tui_modules()
    assert APP_MODULE in modules and "transcript_review.tui.editor_screen" in modules
    offenders = [
        name
        for name, source in modules.items()
        if name not in APP_MODULES and APP_MODULE in imported_modules(source, name)
    ]
    assert offenders == []


def test_no_screen_or_widget_calls_the_apps_own_methods() -> None:
    found = {
        name: sorted(app_methods_called(source))
        for name, source in _tui_modules().items()
        if name not in APP_MODULES
    }
    assert {name: used for name, used in found.items() if used} == {}


def import_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of the import graph (module -> the modules it imports), or []."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return []
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, [*path, node])
            if cycle:
                return cycle
        done.add(node)
        return []

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return []


def test_the_modules_of_tui_import_each_other_without_a_cycle() -> None:
    """Counting every import (type-only and deferred ones too): a cycle would tie two modules
    so neither can be read, tested or moved alone."""
    modules = _tui_modules()
    graph = {
        name: {m for m in imported_modules(source, name) if m in modules and m != name}
        for name, source in modules.items()
    }
    assert import_cycle(graph) == []


def test_the_checks_catch_a_screen_that_reaches_into_the_app() -> None:
    """The old review screen's ways: each is found."""
    module = "transcript_review.tui.review_screen"
    assert APP_MODULE in imported_modules(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .app import X\n", module
    )
    assert APP_MODULE in imported_modules("def f():\n    from . import app\n", module)
    assert APP_MODULE in imported_modules("import transcript_review.tui.app\n", module)
    assert APP_MODULE not in imported_modules("from .application import X\n", module)
    source = "def f(self):\n    self.app.fit_panel()\n    self.app.notify('x')\n"
    assert app_methods_called(source) == {"fit_panel"}
    assert import_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert import_cycle({"a": {"b"}, "b": set(), "c": {"b"}}) == []
