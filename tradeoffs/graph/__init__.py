"""The graph: edges built from cards, the store interface, and its backends."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal, get_args

from tradeoffs.errors import TradeoffsError
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.store import GraphStore
from tradeoffs.loaders import BUNDLED_CATALOG, LoadedCards, load_cards, load_layers

Backend = Literal["memory", "neo4j"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)


def load_catalog(
    path: Path | Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    records: Path | None = None,
) -> tuple[CatalogGraph, LoadedCards]:
    """Load card files (the bundled catalog by default; several catalogs side by side when
    ``path`` is a list) and a folder of decision ``records``, and build their graph."""
    if isinstance(path, Path | None) and records is None:
        loaded = load_cards(path or BUNDLED_CATALOG, keep_going=keep_going)
    else:
        paths = [path] if isinstance(path, Path) else list(path or [])
        loaded = load_layers(paths, records, keep_going=keep_going)
    return build_graph(loaded.cards), loaded


def open_store(
    backend: Backend = "memory",
    catalog: Path | Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    report: Callable[[str], None] | None = None,
    records: Path | None = None,
    on_load: Callable[[LoadedCards], None] | None = None,
) -> GraphStore:
    """A store by name. ``memory`` reads the catalog files and the decision ``records`` (with
    ``keep_going``, the problems of invalid ones go to ``report``); ``neo4j`` connects to the
    server named by the ``TRADEOFFS_NEO4J_*`` variables and queries what ``tradeoffs load``
    put there. ``on_load`` is given what the memory store loaded (where each card came from)."""
    if backend == "memory":
        from tradeoffs.graph.memory import MemoryStore

        graph, loaded = load_catalog(catalog, keep_going=keep_going, records=records)
        for problem in loaded.problems:
            if report is not None:
                report(problem)
        if on_load is not None:
            on_load(loaded)
        return MemoryStore(graph)
    if backend == "neo4j":
        from tradeoffs.graph.neo4j import Neo4jStore

        return Neo4jStore.from_env(os.environ)
    raise TradeoffsError(f"unknown store {backend!r} (choose from {', '.join(BACKENDS)})")
