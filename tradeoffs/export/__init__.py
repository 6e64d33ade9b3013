"""Exports: a selected subgraph as files other tools read, or as a workshop pack.

The formats are :mod:`tradeoffs.formats`' own (its registry: each format's writer, a pure
function from a :class:`~tradeoffs.models.Subgraph` to file content); the workshop pack is
:mod:`.workshop`'s. :func:`export` only chooses and writes: all-or-nothing, replacing only
what tradeoffs wrote (:mod:`tradeoffs.io`). A format's module (NetworkX, WeasyPrint, the map)
is imported only when it is written.

    >>> from tradeoffs import open_store, queries
    >>> store = open_store()
    >>> subgraph = queries.select(store, queries.Selection(focus="rag-vs-fine-tuning"))
    >>> export(subgraph, "graphml", Path("rag.graphml"))  # doctest: +SKIP
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, cast

from tradeoffs.errors import ExportError, Report
from tradeoffs.formats.registry import FORMATS as REGISTRY
from tradeoffs.formats.registry import Format, Output, writable
from tradeoffs.models import Subgraph
from tradeoffs.queries.session import SESSION_MINUTES, Rule

if TYPE_CHECKING:
    from tradeoffs.formats.catalog_json import CatalogLayout

__all__ = ["FORMATS", "SESSION_MINUTES", "WORKSHOP", "export", "read_json_export"]

WORKSHOP = "workshop"
FORMATS = (*writable(), WORKSHOP)
"""What ``tradeoffs export`` writes: every format of the registry that has a writer, and the
workshop pack (a view of its own, not a file format)."""


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

    ``csv``, ``yaml``, ``catalog-json`` and ``workshop`` write a folder, or a zip when ``path``
    ends in ``.zip``; ``mermaid`` is wrapped in a Markdown code block when ``path`` ends in
    ``.md``. An existing
    ``path`` is replaced only with ``force``; on any error ``path`` is left as it was.
    ``focus``, ``minutes`` (one of :data:`SESSION_MINUTES`), ``participants`` and ``rule``
    (how the room decides) shape the workshop pack, one folder (inside the zip too, named
    after it); ``records``, the team's records folder, goes into its ``tradeoffs decide``
    commands, and ``report`` hears what the session was not asked for.
    ``catalog-json`` writes the public catalog's JSON files into the folder ``path``, following
    the layout an import left beside the card files in ``catalog`` when there is one.
    """
    from tradeoffs.io.write import check_target, write_file, write_files

    if fmt not in FORMATS:
        raise ExportError(
            f"unknown export format {{value}} (choose from {', '.join(FORMATS)})", value=fmt
        )
    if not subgraph.cards:
        raise ExportError("no card matches the selection")
    # Before the work (a workshop pack takes seconds): refused or unwritable fails now.
    check_target(path, force=force)
    if fmt == WORKSHOP:
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
            pack = {f"{path.stem}/{name}": text for name, text in pack.items()}
        return write_files(path, pack, force=force)
    written = REGISTRY[fmt]
    content: Output
    if "layout" in written.carries:
        content = written.layout_writer()(subgraph, _layout(written, catalog))
    else:
        content = written.writer()(subgraph)
    if isinstance(content, dict):
        return write_files(path, content, force=force)
    if written.fence and isinstance(content, str) and path.suffix.lower() == ".md":
        content = f"```{written.fence}\n{content}```\n"
    return write_file(path, content, force=force)


def _layout(fmt: Format, catalog: Path | None) -> CatalogLayout | None:
    """The layout an import of ``fmt`` left beside the card files of ``catalog`` (in the
    file its module names, ``LAYOUT_FILE``), if any, read by its module's ``read_layout``."""
    from tradeoffs.io.read import read_text

    code = fmt.code()
    path = catalog / code.LAYOUT_FILE if catalog else None
    if path is None or not (path.exists() or path.is_symlink()):
        return None
    text = read_text(path, fmt.max_bytes, f"an import's {fmt.name} layout file")
    return cast("CatalogLayout", code.read_layout(text, str(path)))


def read_json_export(path: Path) -> Subgraph:
    """The subgraph a ``json`` export (or a workshop's ``subgraph.json``) holds."""
    from tradeoffs.loaders.importer import read_source

    return read_source(path, "json").subgraph
