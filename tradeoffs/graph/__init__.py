"""The graph: edges built from cards, the store interface, and its backends."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from tradeoffs.errors import Problem, Report, TradeoffsError
from tradeoffs.graph.build import CatalogGraph, build_graph
from tradeoffs.graph.store import GraphStore
from tradeoffs.loaders import BUNDLED_CATALOG, load_layers
from tradeoffs.loaders.cache import ReadCache
from tradeoffs.models import Replacement

if TYPE_CHECKING:
    from tradeoffs.graph.neo4j.settings import Neo4jSettings

Backend = Literal["memory", "neo4j"]
BACKENDS: tuple[Backend, ...] = get_args(Backend)


def load_catalog(
    path: Path | Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    records: Path | Sequence[Path] | None = None,
    strict_records: bool = True,
    cache: ReadCache | None = None,
) -> CatalogGraph:
    """Load card files (the bundled catalog by default; several catalogs side by side when
    ``path`` is a list) and a folder of decision ``records``, and build their graph: one
    object that also says where each card came from and what could not be read. With a
    ``cache``, files unchanged since they were last read are not read again."""
    roots = [path] if isinstance(path, Path) else list(path or [BUNDLED_CATALOG])
    record_folders = [records] if isinstance(records, Path) else list(records or [])
    loaded = load_layers(
        roots, record_folders, keep_going=keep_going, strict_records=strict_records, cache=cache
    )
    folders = [
        root if root.is_dir() else root.parent
        for root in (p.resolve() for p in [*roots, *record_folders])
    ]

    real_folders: dict[Path, Path] = {}

    def real(file: Path) -> Path:
        """``file.resolve()``, each folder resolved once for all its files (resolving checks
        every component of the path: for a thousand cards that was a start-up of its own)."""
        if file.is_symlink():
            return file.resolve()
        if file.parent not in real_folders:
            real_folders[file.parent] = file.parent.resolve()
        return real_folders[file.parent] / file.name

    def relative(file: Path) -> str:
        resolved = real(file)
        for folder in folders:
            if resolved.is_relative_to(folder):
                return resolved.relative_to(folder).as_posix()
        return file.as_posix()

    graph = build_graph(loaded.cards)
    graph.sources = {card_id: relative(file) for card_id, file in loaded.sources.items()}
    graph.origins = loaded.origins
    graph.folders = loaded.folders
    graph.read = loaded.read
    graph.snapshot = loaded.snapshot
    graph.problems = list(loaded.problems)
    graph.failed = sorted(relative(file) for file in loaded.failed)
    graph.skipped = [str(file) for file in loaded.skipped]
    graph.complete = loaded.complete
    graph.files_read = loaded.files_read
    graph.replaced = [
        Replacement(
            id=card_id,
            catalog=loaded.origins[card_id],
            file=graph.sources[card_id],
            replaced_catalog=catalog,
            replaced_file=relative(file),
        )
        for card_id, (catalog, file) in sorted(loaded.replaced.items())
    ]
    return graph


def open_store(
    backend: Backend = "memory",
    catalog: Path | Sequence[Path] | None = None,
    *,
    keep_going: bool = False,
    report: Report | None = None,
    records: Path | Sequence[Path] | None = None,
    strict_records: bool = True,
    neo4j: Neo4jSettings | None = None,
    cache: ReadCache | None = None,
) -> GraphStore:
    """A store by name. ``memory`` reads the catalog files and the decision ``records`` (with
    ``keep_going``, the problems of invalid ones go to ``report``, as do the files of a
    records folder that are not records); ``neo4j`` connects to the server ``neo4j`` names
    (else the ``TRADEOFFS_NEO4J_*`` variables) and queries what ``tradeoffs load`` put there
    (stored nodes that do not fit a card are left out, and go to ``report``). Without
    ``strict_records``, a record that cannot be read is reported and left out. A
    ``cache`` (:class:`~tradeoffs.loaders.cache.ReadCache`) spares ``memory`` re-reading
    unchanged files, and rebuilding an unchanged graph (:mod:`tradeoffs.graph.cache`)."""
    if backend == "memory":
        from tradeoffs.graph.memory import MemoryStore, Tables

        def load() -> CatalogGraph:
            return load_catalog(
                catalog,
                keep_going=keep_going,
                records=records,
                strict_records=strict_records,
                cache=cache,
            )

        if cache is None:
            tables = Tables(load())
        else:
            from tradeoffs.graph.cache import GraphCache

            roots = [catalog] if isinstance(catalog, Path) else list(catalog or [BUNDLED_CATALOG])
            folders = [records] if isinstance(records, Path) else list(records or [])
            options = f"keep_going={keep_going} strict_records={strict_records}"
            tables = GraphCache(cache.folder).tables(roots, folders, options, load)
        if report is not None:
            for problem in tables.problems:
                report(problem)
            for file in tables.skipped:
                report(Problem(file, None, None, "not a decision record, skipped"))
        return MemoryStore(tables)
    if backend == "neo4j":
        from tradeoffs.graph.neo4j.settings import Neo4jSettings
        from tradeoffs.graph.neo4j.store import Neo4jStore

        return Neo4jStore.connect(neo4j or Neo4jSettings.from_env(os.environ), report)
    raise TradeoffsError(
        f"unknown store {{value}} (choose from {', '.join(BACKENDS)})", value=backend
    )
