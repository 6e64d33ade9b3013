"""The public API: what ``tradeoffs`` exports, how its sub-packages layer, and the README's example."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx

import tradeoffs

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "tradeoffs"


def test_all_lists_exactly_the_public_names() -> None:
    for name in tradeoffs.__all__:  # imported on first use: each resolves
        getattr(tradeoffs, name)
    public = {
        name
        for name, value in vars(tradeoffs).items()
        if not name.startswith("_") and getattr(value, "__name__", "") != f"tradeoffs.{name}"
    } | {"queries"}
    assert sorted(tradeoffs.__all__) == sorted(public)
    assert (PACKAGE / "py.typed").exists()


def _unit(module: Path) -> str:
    """The architectural unit of a module: its sub-package, or the module itself."""
    parts = module.relative_to(PACKAGE).with_suffix("").parts
    return parts[0]


def _imported_units(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names: set[str] = set()
    package = ".".join(module.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):  # every import, inside functions too
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                names.add(".".join([*base, node.module or ""]).rstrip("."))
            elif node.module:
                names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[1] for name in names if name.startswith("tradeoffs.")}


def test_sub_packages_import_each_other_without_a_cycle() -> None:
    graph = nx.DiGraph()
    for module in PACKAGE.rglob("*.py"):
        unit = _unit(module)
        if unit in ("__init__", "__main__"):
            continue
        graph.add_node(unit)
        graph.add_edges_from((unit, other) for other in _imported_units(module) if other != unit)
    assert list(nx.simple_cycles(graph)) == []
    # The layers of docs/architecture.md: nothing below imports what sits above it.
    below = {"vocabulary": set(), "errors": set(), "models": {"vocabulary"}, "io": {"errors"}}
    for unit, allowed in below.items():
        assert set(graph.successors(unit)) <= allowed, unit


def test_the_readme_library_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert "from tradeoffs import" in example
    done = subprocess.run(
        [sys.executable, "-c", example], capture_output=True, text=True, check=True, timeout=60
    )
    assert "rag-vs-fine-tuning" in done.stdout
