"""The pipeline is the folder layout, and data flows one way (STYLE.md; issue "One house").

Every import in the package, at module level or inside a function, is read with ``ast``: a
module may import only from its own layer or the layers below it, there is no import cycle,
and nothing registers itself as a side effect of being imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

PACKAGE = Path(__file__).resolve().parent.parent / "checker"
# Lowest first. A module's layer is that of its longest matching prefix.
LAYERS = [
    ("confide", "confide.resources", "confide.source", "confide.vocabulary", "confide.display", "confide.files",
     "confide.budget"),
    ("confide.findings",),
    ("confide.inputs",),
    ("confide.language",),
    ("confide.library",),
    ("confide.unit",),
    ("confide.loader", "confide.names"),
    ("confide.graph",),
    ("confide.rules",),
    ("confide.config",),
    ("confide.check",),
    ("confide.cache", "confide.batch", "confide.discovery"),
    ("confide.report",),
    ("confide.commands",),
    ("confide.cli", "confide.__main__"),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    parts = parts[:-1] if parts[-1] == "__init__" else parts
    return ".".join(("confide", *parts))


def layer(name: str) -> int:
    best = max(((i, prefix) for i, group in enumerate(LAYERS) for prefix in group
                if name == prefix or name.startswith(prefix + ".")), key=lambda found: len(found[1]))
    return best[0]


def imports() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        name = module_name(path)
        targets = found.setdefault(name, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("confide"):
                for alias in node.names:
                    full = f"{node.module}.{alias.name}"
                    targets.add(full if (PACKAGE / Path(*full.split(".")[1:])).with_suffix(".py").exists()
                                or (PACKAGE / Path(*full.split(".")[1:])).is_dir() else node.module)
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name.startswith("confide"))
    return found


def test_every_module_has_a_layer() -> None:
    for name in imports():
        layer(name)


def test_no_module_reaches_up_the_pipeline() -> None:
    upward = [(name, target) for name, targets in imports().items() for target in targets
              if layer(target) > layer(name)]
    assert upward == []


def test_there_is_no_import_cycle() -> None:
    found = imports()
    graph = nx.DiGraph([(name, target) for name, targets in found.items() for target in targets
                        if target != name and target in found])
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)


def test_nothing_registers_itself_on_import() -> None:
    for path in PACKAGE.rglob("*.py"):
        assert "noqa: F401" not in path.read_text(encoding="utf-8"), path
