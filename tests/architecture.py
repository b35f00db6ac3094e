"""A contract of our own for import-linter: no app imports another app's private names.

An app's private names are its modules, functions, classes and constants whose name starts
with an underscore (``cycles.services._common``, ``surveys.views.report._report``); another
app uses only what the owning module makes public. Imports inside an app, and of a package's
``__init__``, are free. pyproject.toml registers this class as the contract type
``private_names`` (docs/architecture.md, "Layers").
"""

from __future__ import annotations

import ast
import importlib.util
from functools import cache
from pathlib import Path

from grimp import ImportGraph
from importlinter import Contract, ContractCheck, fields, output


def _app_of(module: str, root: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == root and len(parts) > 1 else None


def _private(part: str) -> bool:
    return part.startswith("_") and not (part.startswith("__") and part.endswith("__"))


@cache
def _tree(module: str) -> ast.Module | None:
    """The module's syntax tree, read from its file (found without importing anything but the
    root package, so no Django app is set up)."""
    root, *rest = module.split(".")
    spec = importlib.util.find_spec(root)
    if spec is None or not spec.submodule_search_locations:
        return None
    base = Path(next(iter(spec.submodule_search_locations))).joinpath(*rest)
    for path in (base.with_suffix(".py"), base / "__init__.py"):
        if path.is_file():
            return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return None


def _names_at(module: str, line: int) -> list[str]:
    """The names an ``import``/``from … import`` statement starting on this line imports."""
    tree = _tree(module)
    if tree is None:
        return []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.lineno <= line <= (node.end_lineno or node.lineno):
            return [alias.name for alias in node.names]
    return []


class PrivateNamesContract(Contract):
    """No module of an app imports a private module or name of another app of the root package."""

    root = fields.StringField()

    def check(self, graph: ImportGraph, verbose: bool) -> ContractCheck:
        root = str(self.root)
        broken: list[str] = []
        for importer in sorted(graph.modules):
            importer_app = _app_of(importer, root)
            if importer_app is None:
                continue
            for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                imported_app = _app_of(imported, root)
                if imported_app is None or imported_app == importer_app:
                    continue
                for detail in graph.get_import_details(importer=importer, imported=imported):
                    line = detail["line_number"]
                    private = [p for p in imported.split(".")[2:] if _private(p)]
                    private += [n for n in _names_at(importer, line) if _private(n)]
                    if private:
                        broken.append(f"{importer} (l.{line}) imports {imported}: {', '.join(sorted(set(private)))}")
        return ContractCheck(kept=not broken, warnings=None, metadata={"broken": broken})

    def render_broken_contract(self, check: ContractCheck) -> None:
        for line in check.metadata["broken"]:
            output.print_error(f"- {line}", bold=False)
        output.new_line()
