"""Imports point one way and no module grows past the size a reader can hold.

Layers, each importing only from layers before it:
errors, answer <- core <- stats <- memory <- tools <- planning <- session <- adapters, report,
cli, evals
Lazy imports inside functions count too; `if TYPE_CHECKING:` imports are allowed upwards
only for type hints. testing may import anything (it is for tests).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "askwhy"
LAYERS = [
    {"errors", "answer", "frame", "__init__", "__main__"},
    {"core"},
    {"stats"},
    {"memory"},
    {"tools"},
    {"planning"},
    {"session"},
    {"adapters", "report", "cli", "evals"},
    {"testing"},
]
TOP_LEVEL_OK = {"__init__", "__main__"}  # the package facade imports lazily from anywhere
MAX_LINES = 400


def _layer(part: str) -> int:
    for index, names in enumerate(LAYERS):
        if part in names:
            return index
    raise AssertionError(f"askwhy.{part} is in no layer; add it to LAYERS")


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _top(path: Path) -> str:
    rel = path.relative_to(PACKAGE)
    return rel.parts[0].removesuffix(".py")


def _is_module(dotted: str) -> bool:
    path = PACKAGE.parent.joinpath(*dotted.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def _imports(tree: ast.AST) -> list[tuple[str, bool]]:
    """(module imported, only for type checking) for every askwhy import in the tree."""
    guarded: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in ast.walk(node):
                guarded.add(id(child))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from askwhy.report import sections` imports the module askwhy.report.sections
            names = [
                f"{node.module}.{a.name}" if _is_module(f"{node.module}.{a.name}") else node.module
                for a in node.names
            ]
            found += [(n, id(node) in guarded) for n in names if n.startswith("askwhy")]
        elif isinstance(node, ast.Import):
            found += [
                (a.name, id(node) in guarded) for a in node.names if a.name.startswith("askwhy.")
            ]
    return found


def test_imports_point_one_way():
    wrong = []
    for path in _modules():
        source = _top(path)
        if source in TOP_LEVEL_OK:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for module, type_only in _imports(tree):
            parts = module.split(".")
            if len(parts) < 2 or type_only:
                continue
            target = parts[1]
            if _layer(target) > _layer(source):
                wrong.append(f"{path.relative_to(PACKAGE)} imports {module}")
    assert not wrong, "imports against the layering:\n" + "\n".join(wrong)


def test_no_import_cycles_between_modules():
    import networkx as nx

    graph = nx.DiGraph()
    for path in _modules():
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        name = ".".join(rel.parts).removesuffix(".__init__")
        for module, type_only in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if not type_only and module != name:
                graph.add_edge(name, module)
    known = set(graph.nodes)
    # `from askwhy.x import y` may name a module (askwhy.x.y); edges to packages stay.
    cycles = [c for c in nx.simple_cycles(graph) if all(n in known for n in c)]
    cycles = [c for c in cycles if not any(n == "askwhy" for n in c)]
    assert not cycles, f"import cycles: {cycles[:5]}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_stay_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines; split it by responsibility"
