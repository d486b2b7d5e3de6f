"""The layering rule of STYLE.md, read from the code's own imports.

Layers point down only: ``config`` and the ``demo`` composer may know every app; a domain app
imports ``core`` and the apps it builds on, never one that builds on it; ``core`` imports no
domain app; selectors read and import no services or tasks. Imports under
``if TYPE_CHECKING:`` are annotations only and do not count.

``python -m tests.layering`` prints the numbers the architecture issue asks for.
"""

from __future__ import annotations

import ast
import re
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# May import every app; nothing below may import them.
COMPOSERS = ("config", "demo")
GROUND = "core"


@dataclass(frozen=True)
class Import:
    source: str  # dragoman.orders.views
    target: str  # dragoman.assignments.selectors
    path: str  # dragoman/orders/views.py
    line: int
    local: bool  # inside a function
    type_only: bool  # under `if TYPE_CHECKING:`

    @property
    def source_app(self) -> str | None:
        return app_of(self.source)

    @property
    def target_app(self) -> str | None:
        return app_of(self.target)

    def where(self) -> str:
        return f"{self.path}:{self.line}"


def app_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "dragoman" else None


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(node: ast.ImportFrom, module: str, is_package: bool, root: Path) -> list[str]:
    if node.level == 0:
        base = node.module or ""
    else:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([node.module] if node.module else []))
    # `from dragoman.orders import services` imports the module dragoman.orders.services;
    # `from dragoman.orders.models import Order` imports dragoman.orders.models.
    targets = []
    for alias in node.names:
        candidate = root.joinpath(*f"{base}.{alias.name}".split("."))
        is_module = candidate.with_suffix(".py").exists() or (candidate / "__init__.py").exists()
        targets.append(f"{base}.{alias.name}" if is_module else base)
    return targets


def imports_under(root: Path, package: str = "dragoman") -> list[Import]:
    """Every import between modules of ``package`` under ``root``, tests and migrations aside."""
    found: list[Import] = []
    for path in sorted((root / package).rglob("*.py")):
        relative = path.relative_to(root)
        if {"tests", "migrations"} & set(relative.parts):
            continue
        module = _module_name(path, root)
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(relative))

        def visit(node: ast.AST, *, local: bool, type_only: bool) -> None:
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.Import | ast.ImportFrom):
                    if isinstance(child, ast.Import):
                        targets = [alias.name for alias in child.names]
                    else:
                        targets = _resolve(child, module, path.name == "__init__.py", root)
                    for target in targets:
                        if target == package or target.startswith(package + "."):
                            found.append(
                                Import(
                                    module,
                                    target,
                                    relative.as_posix(),
                                    child.lineno,
                                    local,
                                    type_only,
                                )
                            )
                    continue
                if isinstance(child, ast.If) and _is_type_checking(child.test):
                    for stmt in child.body:
                        visit(ast.Module(body=[stmt], type_ignores=[]), local=local, type_only=True)
                    for stmt in child.orelse:
                        visit(
                            ast.Module(body=[stmt], type_ignores=[]),
                            local=local,
                            type_only=type_only,
                        )
                    continue
                inner = local or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                visit(child, local=inner, type_only=type_only)

        visit(tree, local=False, type_only=False)
    return found


def app_edges(imports: list[Import]) -> dict[tuple[str, str], list[Import]]:
    """App → app arrows that exist at run time, with the imports that make each."""
    edges: dict[tuple[str, str], list[Import]] = defaultdict(list)
    for item in imports:
        source, target = item.source_app, item.target_app
        if item.type_only or not source or not target or source == target:
            continue
        edges[(source, target)].append(item)
    return edges


def cycles(edges: dict[tuple[str, str], list[Import]]) -> list[list[str]]:
    """Groups of apps that reach each other (Tarjan's strongly connected components)."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        if source not in COMPOSERS and target not in COMPOSERS:
            graph[source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def strongconnect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                strongconnect(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(list(graph)):
        if node not in index:
            strongconnect(node)
    return sorted(groups)


def _is_writer(module: str) -> bool:
    return bool(re.search(r"\.(services|tasks)(\.|$)", module))


def _is_selector(module: str) -> bool:
    return bool(re.search(r"\.selectors(\.|$)", module))


def violations(imports: list[Import]) -> list[str]:
    """Every break of the rule, one line each, stable across runs (no line numbers)."""
    found: set[str] = set()
    for item in imports:
        if item.type_only:
            continue
        source, target = item.source_app, item.target_app
        if source == GROUND and target and target != GROUND:
            found.add(f"core imports a domain app: {item.source} -> {item.target}")
        if target in COMPOSERS and source not in COMPOSERS:
            found.add(f"an app imports a composer: {item.source} -> {item.target}")
        if _is_selector(item.source) and _is_writer(item.target):
            found.add(f"a selector imports a writer: {item.source} -> {item.target}")
    for group in cycles(app_edges(imports)):
        found.add(f"app cycle: {' <-> '.join(group)}")
    return sorted(found)


def report(root: Path = ROOT) -> str:
    imports = imports_under(root)
    edges = app_edges(imports)
    lines = [
        f"function-local imports: {sum(1 for i in imports if i.local)}",
        f"app-level import cycles: {len(cycles(edges))}",
        f"arrows from core to domain apps: "
        f"{len({t for (s, t) in edges if s == GROUND and t != GROUND})}",
        f"layering violations: {len(violations(imports))}",
    ]
    for group in cycles(edges):
        lines.append("  cycle: " + " <-> ".join(group))
        for source in group:
            for target in group:
                for item in edges.get((source, target), [])[:3]:
                    lines.append(f"    {source} -> {target}: {item.where()} ({item.target})")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(report() + "\n")
