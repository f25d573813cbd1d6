"""The layers of src/: core/ free of UI libraries, each core package importing only the packages
its docstring allows, and no import cycle anywhere.

Imports are read from the source with :mod:`ast`, so every import counts for the layering
rules: module-level ones, those under ``if TYPE_CHECKING:`` (a type-only import still ties two
packages together) and those inside functions (lazy imports for start-up speed are still
dependencies). For cycles, module-level and ``TYPE_CHECKING`` imports count (a type-only cycle
does not fail at run time, but it is the same knot in the design); function-local ones do
not: they run after every module involved has loaded, so they cannot fail at import time, and
they are how commands and the editor load what they need late, for start-up speed
(``cli.export_command`` and ``cli.folder_commands`` call each other that way, deliberately).
"""

from __future__ import annotations

import ast
import graphlib
import importlib
import json
import pkgutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import transcript_review
import transcript_review.core as core

SRC = Path(transcript_review.__file__).resolve().parent.parent
CORE = "transcript_review.core"

#: The modules at the top of core/ that everything may use; they import only each other.
FOUNDATION = frozenset({f"{CORE}.errors", f"{CORE}.quoting", f"{CORE}.safe_files"})
#: Units that are single modules rather than packages, with what they may import.
MODULE_RULES = {
    "foundation": frozenset({"foundation"}),
    "config": frozenset({"foundation", "text"}),
}
#: Single imports allowed across the rules, each with its reason.
EXCEPTIONS = {
    # The settings grade rules by id; rule_ids is a table of constants that imports nothing.
    (f"{CORE}.config", f"{CORE}.qc.rule_ids"),
}


@dataclass(frozen=True)
class Import:
    """One import statement's target, and where it stands in the importing module."""

    importer: str
    target: str
    kind: str  # "module", "type_checking" or "function"


def _module_names() -> dict[str, Path]:
    names = {}
    for path in (SRC / "transcript_review").rglob("*.py"):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names[".".join(parts)] = path
    return names


MODULES = _module_names()


def _imports_of(name: str, path: Path) -> list[Import]:
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: list[Import] = []

    def target_of(node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        base = package.split(".")[: len(package.split(".")) - (node.level - 1)]
        return ".".join(base + ([node.module] if node.module else []))

    def visit(node: ast.AST, kind: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import):
                found.extend(Import(name, alias.name, kind) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                target = target_of(child)
                for alias in child.names:  # `from pkg import submodule` imports the submodule
                    sub = f"{target}.{alias.name}"
                    found.append(Import(name, sub if sub in MODULES else target, kind))
            elif isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                visit_body(child.body, "type_checking" if kind == "module" else kind)
                visit_body(child.orelse, kind)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(child, "function")
            else:
                visit(child, kind)

    def visit_body(body: list[ast.stmt], kind: str) -> None:
        holder = ast.Module(body=body, type_ignores=[])
        visit(holder, kind)

    visit(ast.parse(path.read_text(encoding="utf-8")), "module")
    return [imp for imp in found if imp.target.split(".")[0] == "transcript_review"]


ALL_IMPORTS = [imp for name, path in MODULES.items() for imp in _imports_of(name, path)]


def unit_of(module: str) -> str:
    """The layering unit of a core module: 'foundation', 'config' or its package under core/."""
    if module in FOUNDATION:
        return "foundation"
    parts = module.split(".")
    return parts[2] if len(parts) > 2 else "core"


def package_rule(unit: str) -> frozenset[str]:
    """What a core package may import, from the ``May import:`` line of its docstring."""
    doc = importlib.import_module(f"{CORE}.{unit}").__doc__ or ""
    lines = [line for line in doc.splitlines() if line.startswith("May import:")]
    assert len(lines) == 1, f"core/{unit}/__init__.py: its docstring needs one 'May import:' line"
    return frozenset(word.strip() for word in lines[0].removeprefix("May import:").split(","))


def core_packages() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules(core.__path__) if m.ispkg)


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


def test_every_core_package_says_what_it_may_import() -> None:
    known = {*core_packages(), *MODULE_RULES}
    assert {"text", "sidecar", "corrections", "editing", "export", "timing"} <= set(known)
    for package in core_packages():
        assert package_rule(package) <= known, f"core/{package}: unknown names in 'May import:'"


def test_core_packages_import_only_what_their_docstrings_allow() -> None:
    rules = {**{p: package_rule(p) for p in core_packages()}, **MODULE_RULES}
    wrong = []
    for imp in ALL_IMPORTS:
        if not imp.importer.startswith(CORE + ".") or imp.target == "transcript_review":
            continue  # the top package holds only __version__
        if (imp.importer, imp.target) in EXCEPTIONS:
            continue
        if not imp.target.startswith(CORE + "."):
            wrong.append(f"{imp.importer} imports {imp.target} (core imports no cli/tui/media)")
            continue
        source, target = unit_of(imp.importer), unit_of(imp.target)
        if source != target and target not in rules[source]:
            wrong.append(f"{imp.importer} imports {imp.target} ({imp.kind}): {source} -> {target}")
    assert wrong == []


def test_the_layering_check_sees_every_kind_of_import(tmp_path: Path) -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "from .errors import InputError\n"
        "if TYPE_CHECKING:\n"
        "    from .text.items import Item\n"
        "def later():\n"
        "    from .editing import session\n"
    )
    path = tmp_path / "probe.py"
    path.write_text(source)
    found = {(i.target, i.kind) for i in _imports_of(f"{CORE}.probe", path)}
    assert found == {
        (f"{CORE}.errors", "module"),
        (f"{CORE}.text.items", "type_checking"),
        (f"{CORE}.editing.session", "function"),
    }


def module_graph() -> dict[str, set[str]]:
    """Each module of src/ -> the modules it imports at its top level (type-only ones too)."""
    graph: dict[str, set[str]] = {name: set() for name in MODULES}
    for imp in ALL_IMPORTS:
        if imp.kind != "function" and imp.target in MODULES and imp.target != imp.importer:
            graph[imp.importer].add(imp.target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle in ``graph`` (its modules in order, the first repeated last), or None."""
    try:
        tuple(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as error:
        return list(error.args[1])
    return None


def test_no_import_cycle_in_src() -> None:
    assert find_cycle(module_graph()) is None


def test_the_cycle_check_sees_a_cycle_through_a_package() -> None:
    graph = module_graph()
    # As if sidecar/records.py imported the corrections package (which imports records).
    graph[f"{CORE}.sidecar.records"].add(f"{CORE}.corrections")
    cycle = find_cycle(graph)
    assert cycle is not None and f"{CORE}.sidecar.records" in cycle


def test_core_reads_the_sidecar_only_through_its_records_and_public_functions() -> None:
    """The YAML layout (schema, strict_yaml) stays inside core/sidecar/, so changing it is local."""
    public = {f"{CORE}.sidecar", f"{CORE}.sidecar.records", f"{CORE}.sidecar.store"}
    wrong = [
        f"{imp.importer} imports {imp.target}"
        for imp in ALL_IMPORTS
        if imp.importer.startswith(CORE + ".")
        and not imp.importer.startswith(f"{CORE}.sidecar")
        and imp.target.startswith(f"{CORE}.sidecar")
        and imp.target not in public
    ]
    assert wrong == []
