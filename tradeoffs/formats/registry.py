"""Every format tradeoffs reads or writes, one record each: the one table that the
``export`` and ``import`` commands, their ``--help`` and the tests read.

A format is one module of this package (:attr:`Format.module`) holding its code, pure: text or
bytes in, cards out; a subgraph in, file contents out. No format opens a file (that is
:mod:`tradeoffs.io`'s job, called by :mod:`tradeoffs.export`, :mod:`tradeoffs.loaders`,
:mod:`tradeoffs.generate` and :mod:`tradeoffs.queries.records`) or knows the command line.
A module is imported when its format is used, never when the table is read, so
``tradeoffs export --help`` lists the formats without importing NetworkX.

The catalog's own two formats are here too: native YAML cards (``yaml``) and decision
records in Markdown (``records``). Every command reads them from ``--catalog`` and
``--records`` folders (:mod:`tradeoffs.loaders`, file by file, through the read cache), so
``import`` does not offer them; ``export yaml`` writes cards for another catalog. Which
commands offer a format is said by :attr:`Format.offered_by`, never implied.

What a module defines, by what its record says:

- a writer (:attr:`Format.writes`): ``write(subgraph) -> str | bytes`` for one file, or
  ``dict[str, str | bytes]`` (relative name -> content) when :attr:`Format.folder`; a format
  that carries a ``layout`` takes it as ``write(subgraph, layout)``, and names the file an
  import leaves it in beside the cards (``LAYOUT_FILE``) and reads it (``read_layout``);
- a reader (:attr:`Format.reads`): ``read(files, root=None) -> Read``, ``files`` the text of
  each file by its path, or with ``root`` a folder's files by their path relative to it;
- ``recognises(text) -> bool`` and ``SHAPE`` (what its files are, in words), when another
  format ``import`` offers shares a suffix with it (``.json``: our export or the public
  catalog's): which of them a file is, and what a file that is neither is not.

Adding a format: one module here, one entry in :data:`FORMATS`, and its entry in
``tests/test_formats_registry.py`` (which fails until the entry says how the format is read
back). See docs/architecture.md, "Adding a format".
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from dataclasses import KW_ONLY, dataclass, field
from pathlib import PurePath
from types import ModuleType
from typing import TYPE_CHECKING, Literal, Protocol, cast

from tradeoffs.io.read import MAX_COLLECTION_BYTES, MAX_FILE_BYTES

if TYPE_CHECKING:
    from tradeoffs.errors import Problem
    from tradeoffs.formats.catalog_json import CatalogLayout
    from tradeoffs.models import Subgraph

Carried = Literal["cards", "edges", "records", "layout"]
Command = Literal["export", "import"]
Content = str | bytes
Output = Content | dict[str, Content]
"""What a writer gives: one file's content, or a folder's files by relative name."""


@dataclass
class Read:
    """What a reader found in a source: the cards (the decision records, and the edges, when
    the format carries them), how its files were laid out (when the format keeps that), and
    the files of a folder that were not of the format, each with why it was skipped."""

    subgraph: Subgraph
    layout: CatalogLayout | None = None
    skipped: list[Problem] = field(default_factory=list)


Writer = Callable[["Subgraph"], Output]
LayoutWriter = Callable[["Subgraph", "CatalogLayout | None"], Output]


class Reader(Protocol):
    def __call__(self, files: Mapping[str, str], root: str | None = None) -> Read: ...


@dataclass(frozen=True)
class Format:
    """One format: its name on the command line, the module holding its code, what it is in
    one line (for ``--help``), the suffixes of its files, and what it carries."""

    name: str
    module: str
    summary: str
    suffixes: tuple[str, ...]
    """Lower case, with the dot; none for a reading format that takes any file no other
    reading format claims (card text) or a folder format whose files are named for it."""
    carries: frozenset[Carried]
    _: KW_ONLY
    offered_by: frozenset[Command]
    """Which of ``tradeoffs export`` (it writes) and ``tradeoffs import`` (it reads) offer
    it: said for every format, so a format with a writer or a reader that no command offers
    is so by decision (the catalog's own formats, read by every command from its folders)."""
    reads: bool = False
    writes: bool = False
    folder: bool = False
    """Several files: written as a folder (or a zip), read from a folder."""
    max_bytes: int = MAX_COLLECTION_BYTES
    """The largest file of it read."""
    fence: str | None = None
    """In a file whose path ends in ``.md``, written inside a code block of this language."""
    links_by_title: bool = False
    """Its cards name the cards they link to by title, for the importer to resolve."""

    def code(self) -> ModuleType:
        return importlib.import_module(f"tradeoffs.formats.{self.module}")

    def writer(self) -> Writer:
        return cast(Writer, self.code().write)

    def layout_writer(self) -> LayoutWriter:
        return cast(LayoutWriter, self.code().write)

    def reader(self) -> Reader:
        return cast(Reader, self.code().read)

    def recognises(self, text: str) -> bool:
        return cast(Callable[[str], bool], self.code().recognises)(text)

    def shape(self) -> str:
        return cast(str, self.code().SHAPE)


CARDS: frozenset[Carried] = frozenset({"cards"})
GRAPH: frozenset[Carried] = frozenset({"cards", "edges"})
EXPORT: frozenset[Command] = frozenset({"export"})
IMPORT: frozenset[Command] = frozenset({"import"})
BOTH: frozenset[Command] = EXPORT | IMPORT

FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            "export_json",
            "node-link, every facet",
            (".json",),
            GRAPH,
            offered_by=BOTH,
            reads=True,
            writes=True,
        ),
        Format(
            "graphml", "graphml", "Gephi, yEd", (".graphml",), GRAPH, offered_by=EXPORT, writes=True
        ),
        Format("gexf", "gexf", "Gephi", (".gexf",), GRAPH, offered_by=EXPORT, writes=True),
        Format(
            "csv",
            "neo4j_csv",
            "for neo4j-admin database import",
            (),
            GRAPH,
            offered_by=EXPORT,
            writes=True,
            folder=True,
        ),
        Format(
            "cypher",
            "cypher",
            "a script that recreates them on any Neo4j",
            (".cypher",),
            GRAPH,
            offered_by=EXPORT,
            writes=True,
        ),
        Format(
            "mermaid",
            "mermaid",
            "a flowchart for GitHub Markdown",
            (".mmd", ".md"),
            GRAPH,
            offered_by=EXPORT,
            writes=True,
            fence="mermaid",
        ),
        Format(
            "markdown",
            "markdown",
            "the cards as one document",
            (".md",),
            CARDS,
            offered_by=EXPORT,
            writes=True,
        ),
        Format(
            "yaml",
            "native",
            "native card files, a folder per kind, for a catalog of your own",
            (".yaml", ".yml"),
            CARDS,
            # Imported by pointing --catalog at them: every command reads card files.
            offered_by=EXPORT,
            reads=True,
            writes=True,
            folder=True,
            max_bytes=MAX_FILE_BYTES,
        ),
        Format(
            "catalog-json",
            "catalog_json",
            "the public catalog's JSON files, laid out as they were imported",
            (".json",),
            CARDS | {"layout"},
            offered_by=BOTH,
            reads=True,
            writes=True,
            folder=True,
        ),
        Format(
            "text",
            "text.read",
            "a card as the catalog's site shows it, pasted or typed",
            (),
            CARDS,
            offered_by=IMPORT,
            reads=True,
            max_bytes=MAX_FILE_BYTES,
            links_by_title=True,
        ),
        Format(
            "records",
            "adr.read",
            "decision records in Markdown (MADR, Nygard, log4brains), read in any common layout",
            (".md", ".markdown"),
            frozenset({"records"}),
            # Read by every command from --records folders; written one at a time by
            # `decide` (a new record) and `link` (one line of one), never exported.
            offered_by=frozenset(),
            reads=True,
            folder=True,
            max_bytes=MAX_FILE_BYTES,
        ),
    )
}


def source_path(name: str, root: str | None) -> str:
    """The path a reader names a file by in a problem: ``name``, inside ``root`` if given."""
    return str(PurePath(root, name)) if root is not None else name


def writable() -> list[str]:
    """The formats ``tradeoffs export`` writes, in the table's order."""
    return [f.name for f in FORMATS.values() if "export" in f.offered_by]


def readable() -> list[str]:
    """The formats ``tradeoffs import`` reads, in the table's order."""
    return [f.name for f in FORMATS.values() if "import" in f.offered_by]
