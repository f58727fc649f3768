"""The package's shape: no import cycles, short modules, kinds named in few places."""

from __future__ import annotations

import ast
import pathlib
import re

import pytest

SRC = pathlib.Path(__file__).resolve().parent.parent / "src" / "palermo"
MAX_LINES = 600
MAX_MODULES_NAMING_A_KIND = 5


def _module_name(path: pathlib.Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: pathlib.Path, name: str) -> set[str]:
    """Modules of the package ``path`` imports, function-level imports included,
    imports under ``if TYPE_CHECKING:`` excepted."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and "TYPE_CHECKING" in ast.unparse(child.test):
                for stmt in child.orelse:
                    visit(stmt)
                continue
            if isinstance(child, ast.Import):
                found.update(a.name for a in child.names if a.name.startswith("palermo"))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = package.rsplit(".", child.level - 1)[0] if child.level > 1 else package
                    module = f"{base}.{child.module}" if child.module else base
                else:
                    module = child.module or ""
                if module.startswith("palermo"):
                    # "from . import display" imports the module palermo.display
                    # (its package is already being imported).
                    if child.module or path.name == "__init__.py":
                        found.add(module)
                    for alias in child.names:
                        sub = f"{module}.{alias.name}"
                        if (SRC.parent / sub.replace(".", "/")).with_suffix(".py").exists():
                            found.add(sub)
            visit(child)

    visit(tree)
    found.discard(name)
    return found


def _graph() -> dict[str, set[str]]:
    return {_module_name(p): _imports(p, _module_name(p)) for p in SRC.rglob("*.py")}


def test_no_import_cycles() -> None:
    graph = _graph()
    # A package's own __init__ importing its submodules is how a package is
    # made, not a cycle; an edge back to a package from its own submodule is.
    state: dict[str, int] = {}
    stack: list[str] = []

    def walk(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in graph:
                continue
            if nxt == "palermo" or (node.startswith(nxt + ".") and nxt != node):
                # Importing the package one is part of re-enters its __init__.
                assert nxt not in stack or nxt == stack[0], f"cycle: {' -> '.join(stack)} -> {nxt}"
            if state.get(nxt) == 1 and not node.startswith(nxt + "."):
                cycle = stack[stack.index(nxt) :]
                pytest.fail(f"import cycle: {' -> '.join([*cycle, nxt])}")
            if state.get(nxt) is None and not node.startswith(nxt + "."):
                walk(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if state.get(node) is None:
            walk(node)


def test_no_module_imports_the_package_itself() -> None:
    for name, imported in _graph().items():
        if name != "palermo":
            assert "palermo" not in imported, f"{name} imports palermo"


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: p.name)
def test_modules_are_short(path: pathlib.Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.name} has {lines} lines"


@pytest.mark.parametrize("name", ["SDGTarget", "Disagreement"])
def test_a_kind_is_named_in_few_modules(name: str) -> None:
    word = re.compile(rf"\b{name}\b")
    naming = [p.name for p in SRC.rglob("*.py") if word.search(p.read_text(encoding="utf-8"))]
    assert len(naming) <= MAX_MODULES_NAMING_A_KIND, naming
