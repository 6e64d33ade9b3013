"""The graph: edges built from cards, the store interface, and its backends."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Literal, get_args

from tradeoffs.errors import TradeoffsError
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.store import GraphStore
from tradeoffs.loaders import BUNDLED_CATALOG, LoadedCards, load_cards

Backend = Literal["memory", "neo4j"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)


def load_catalog(
    path: Path | None = None, *, keep_going: bool = False
) -> tuple[CatalogGraph, LoadedCards]:
    """Load card files (the bundled catalog by default) and build their graph."""
    loaded = load_cards(path or BUNDLED_CATALOG, keep_going=keep_going)
    return build_graph(loaded.cards), loaded


def open_store(
    backend: Backend = "memory",
    catalog: Path | None = None,
    *,
    keep_going: bool = False,
    report: Callable[[str], None] | None = None,
) -> GraphStore:
    """A store by name. ``memory`` reads the catalog files (with ``keep_going``, the problems
    of invalid ones go to ``report``); ``neo4j`` connects to the server named by the
    ``TRADEOFFS_NEO4J_*`` variables and queries what ``tradeoffs load`` put there."""
    if backend == "memory":
        from tradeoffs.graph.memory import MemoryStore

        graph, loaded = load_catalog(catalog, keep_going=keep_going)
        for problem in loaded.problems:
            if report is not None:
                report(str(problem))
        return MemoryStore(graph)
    if backend == "neo4j":
        from tradeoffs.graph.neo4j import Neo4jStore

        return Neo4jStore.from_env(os.environ)
    raise TradeoffsError(f"unknown store {backend!r} (choose from {', '.join(BACKENDS)})")
