"""Exports: a selected subgraph as files other tools read, or as a workshop pack.

Each format is a pure function from a :class:`~tradeoffs.models.Subgraph` to file content
(:mod:`.data`, :mod:`.workshop`); :func:`export` writes it all-or-nothing, and replaces only
what tradeoffs wrote (:mod:`tradeoffs.io`).
The formats' modules (NetworkX, WeasyPrint, the map) are imported only when one is written.

    >>> from tradeoffs import open_store, queries
    >>> store = open_store()
    >>> subgraph = queries.select(store, queries.Selection(focus="rag-vs-fine-tuning"))
    >>> export(subgraph, "graphml", Path("rag.graphml"))  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tradeoffs.errors import ExportError, Report
from tradeoffs.models import Subgraph
from tradeoffs.queries.session import SESSION_MINUTES, Rule

__all__ = ["FORMATS", "SESSION_MINUTES", "export", "read_json_export"]

FORMATS = (
    "json",
    "graphml",
    "gexf",
    "csv",
    "cypher",
    "mermaid",
    "markdown",
    "workshop",
    "catalog-json",
)


def export(
    subgraph: Subgraph,
    fmt: str,
    path: Path,
    *,
    force: bool = False,
    focus: str | None = None,
    minutes: int = 60,
    participants: int = 8,
    rule: Rule = "advice",
    catalog: Path | None = None,
    records: Path | None = None,
    report: Report | None = None,
) -> Path:
    """Write ``subgraph`` as ``fmt`` at ``path`` and return it.

    ``csv`` and ``workshop`` write a folder, or a zip when ``path`` ends in ``.zip``;
    ``mermaid`` is wrapped in a Markdown code block when ``path`` ends in ``.md``. An existing
    ``path`` is replaced only with ``force``; on any error ``path`` is left as it was.
    ``focus``, ``minutes`` (one of :data:`SESSION_MINUTES`), ``participants`` and ``rule``
    (how the room decides) shape the workshop pack, one folder (inside the zip too, named
    after it); ``records``, the team's records folder, goes into its ``tradeoffs decide``
    commands, and ``report`` hears what the session was not asked for.
    ``catalog-json`` writes the public catalog's JSON files into the folder ``path``, following
    the layout an import left beside the card files in ``catalog`` when there is one.
    """
    from tradeoffs.io.write import check_target, write_file, write_files

    from . import data

    if fmt not in FORMATS:
        raise ExportError(
            f"unknown export format {{value}} (choose from {', '.join(FORMATS)})", value=fmt
        )
    if not subgraph.cards:
        raise ExportError("no card matches the selection")
    # Before the work (a workshop pack takes seconds): refused or unwritable fails now.
    check_target(path, force=force)
    if fmt == "catalog-json":
        from tradeoffs.formats.catalog_json import export_catalog_json, read_catalog_layout

        layout = read_catalog_layout(catalog) if catalog and catalog.is_dir() else None
        export_catalog_json(subgraph.cards, path, layout=layout, force=force)
        return path
    if fmt == "csv":
        return write_files(path, data.to_csv(subgraph), force=force)
    if fmt == "workshop":
        from .workshop import workshop_pack

        pack = workshop_pack(
            subgraph,
            focus=focus,
            minutes=minutes,
            participants=participants,
            rule=rule,
            records=records,
            report=report,
        )
        if path.suffix.lower() == ".zip":  # one folder inside the archive, never loose files
            pack = {f"{path.stem}/{name}": content for name, content in pack.items()}
        return write_files(path, pack, force=force)
    if fmt == "mermaid" and path.suffix.lower() == ".md":
        fenced = f"```mermaid\n{data.to_mermaid(subgraph)}```\n"
        return write_file(path, fenced, force=force)
    writers: dict[str, Callable[[Subgraph], str | bytes]] = {
        "json": data.to_json,
        "graphml": data.to_graphml,
        "gexf": data.to_gexf,
        "cypher": data.to_cypher,
        "mermaid": data.to_mermaid,
        "markdown": data.to_markdown,
    }
    return write_file(path, writers[fmt](subgraph), force=force)


def read_json_export(path: Path) -> Subgraph:
    """The subgraph a ``json`` export (or a workshop's ``subgraph.json``) holds."""
    from tradeoffs.io.read import MAX_COLLECTION_BYTES, read_text

    from .data import from_json

    return from_json(read_text(path, MAX_COLLECTION_BYTES, "a JSON export"))
