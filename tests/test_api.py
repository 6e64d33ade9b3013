"""The public API: what ``tradeoffs`` exports, how its modules layer (as docs/architecture.md
says), and the README's example."""

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


ARCHITECTURE = ROOT / "docs" / "architecture.md"


def _unit(name: str) -> str:
    """The unit a top-level name of the package is: ``cli/`` for a sub-package, ``models.py``."""
    return f"{name}/" if (PACKAGE / name).is_dir() else f"{name}.py"


def _module_unit(module: Path) -> str:
    return _unit(module.relative_to(PACKAGE).with_suffix("").parts[0])


def _imported_units(module: Path) -> set[str]:
    """The units ``module`` imports from: every import, inside functions and under
    TYPE_CHECKING too; ``from tradeoffs import x`` is the unit ``x`` when it is one."""
    tree = ast.parse(module.read_text(encoding="utf-8"))
    package = module.relative_to(ROOT).with_suffix("").parts[:-1]
    if module.name == "__init__.py":
        package = module.relative_to(ROOT).parent.parts
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = (
                ".".join([*package[: len(package) - node.level + 1], node.module or ""]).rstrip(".")
                if node.level
                else node.module or ""
            )
            if base == "tradeoffs":
                names.update(f"tradeoffs.{alias.name}" for alias in node.names)
            else:
                names.add(base)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    units = set()
    for name in names:
        parts = name.split(".")
        if parts[0] != "tradeoffs":
            continue
        top = parts[1] if len(parts) > 1 else "__init__"
        exists = (PACKAGE / top).is_dir() or (PACKAGE / f"{top}.py").exists()
        units.add(_unit(top) if exists else "__init__.py")  # a public name of the package
    return units


def _documented_layers() -> dict[str, int]:
    """The layer of each unit, as the table under "layers" in docs/architecture.md says."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    layers: dict[str, int] = {}
    for row in re.findall(r"^\| (\d+) \| ([^|]+) \|", text, flags=re.M):
        for unit in re.findall(r"`([^`]+)`", row[1]):
            assert unit not in layers, f"{unit} is in two layers"
            layers[unit] = int(row[0])
    return layers


def _documented_graph() -> dict[str, set[str]]:
    """The import graph docs/architecture.md draws: ``unit -> units it imports from``."""
    text = ARCHITECTURE.read_text(encoding="utf-8")
    return {
        unit: set(imported.split())
        for unit, imported in re.findall(r"^(\S+)\s+-> (.*)$", text, flags=re.M)
    }


def _import_graph() -> nx.DiGraph:
    graph = nx.DiGraph()
    for module in PACKAGE.rglob("*.py"):
        unit = _module_unit(module)
        graph.add_node(unit)
        graph.add_edges_from((unit, other) for other in _imported_units(module) if other != unit)
    return graph


def test_every_module_imports_only_its_layer_and_below() -> None:
    layers = _documented_layers()
    graph = _import_graph()
    assert sorted(set(graph) - set(layers)) == [], "units docs/architecture.md does not place"
    assert sorted(set(layers) - set(graph)) == [], "units docs/architecture.md names in vain"
    upward = [
        f"{unit} (layer {layers[unit]}) imports {other} (layer {layers[other]})"
        for unit, other in graph.edges
        if layers[other] > layers[unit]
    ]
    assert upward == []
    assert list(nx.simple_cycles(graph)) == []
    drawn = {unit: set(graph.successors(unit)) for unit in graph if graph.out_degree(unit)}
    assert _documented_graph() == drawn


def test_the_readme_library_example_runs() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    [example] = re.findall(r"```python\n(.*?)```", readme, flags=re.S)
    assert "from tradeoffs import" in example
    done = subprocess.run(
        [sys.executable, "-c", example], capture_output=True, text=True, check=True, timeout=60
    )
    assert "rag-vs-fine-tuning" in done.stdout
