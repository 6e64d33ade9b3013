"""The cache of built graphs: what the memory store answers from, kept per set of catalog and
records folders, so that a warm command stats the files, reads one cache file, and validates
only the cards it answers with, however large the catalog.

It can never change an answer:

- a cached graph is used only while every folder lists the same files, and every file has the
  size, modification and change times, inode and device it had when the graph was built,
  under the same code (:func:`~tradeoffs.loaders.cache.code_version`) and for the same
  folders, as given and as resolved, and the same options; a graph built while a file was
  modified less than :data:`~tradeoffs.loaders.cache.RACY_NS` before is not kept;
- the cache file is untrusted input: a header line, then a JSON header validated on reading
  (ids, kinds, edges, where each card comes from, problems) with a CRC-32 of its own, then
  each card's JSON and the search texts, each with a CRC-32, checked and validated (a card
  by its own kind's model) when first used. A file that is missing, a symlink, too large,
  truncated, of another version or another state is ignored: the graph is built afresh and
  the file replaced. A part that does not read back when it is used is the same: the store
  reads afresh (:meth:`~tradeoffs.graph.memory.MemoryStore._spoiled`) and answers from that.

Without a cache file, the graph is built as before (:func:`tradeoffs.graph.load_catalog`,
through the read cache of each folder, :mod:`tradeoffs.loaders.cache`), then written.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import cast

from pydantic import BaseModel, ConfigDict, ValidationError

from tradeoffs.errors import OutputError, Problem
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.index import END
from tradeoffs.graph.memory import EdgeRow, SpoiledCache, Tables
from tradeoffs.io.listing import CARD_SUFFIXES, RECORD_SUFFIXES, list_files
from tradeoffs.io.read import read_cache_file
from tradeoffs.loaders.cache import RACY_NS, VIEW_CODE, code_version, stat_key
from tradeoffs.models import CARD_CLASSES, Card, Edge, Unresolved
from tradeoffs.vocabulary import EdgeType, Kind, LinkGroup

MAGIC = b"tradeoffs-graph-cache/1\n"
Span = tuple[int, int, int]
"""Where a part is in the payload: offset, length, CRC-32."""


class _Header(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, defer_build=True)

    version: str
    state: str
    ids: list[str]
    kinds: list[Kind]
    titles: list[str]
    cards: list[Span]
    catalogs: list[str]
    origins: list[int]
    """Per card, its catalog (an index into ``catalogs``), -1 for none."""
    files: list[str | None]
    replaces: dict[str, str]
    sources: list[int]
    targets: list[int]
    types: list[EdgeType]
    notes: list[str | None]
    reverse_notes: list[str | None]
    unresolved: list[tuple[str, LinkGroup, str, str]]
    problems: list[tuple[str | None, int | None, str | None, str]]
    skipped: list[str]
    texts: tuple[Span, Span, Span]


class GraphCache:
    """The built graphs under ``folder`` (the read cache's folder): one file per set of
    folders and options, replaced when their files change."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def tables(
        self,
        catalogs: Sequence[Path],
        records: Sequence[Path],
        options: str,
        load: Callable[[], CatalogGraph],
    ) -> Tables:
        """The tables of the graph ``load()`` builds from ``catalogs`` and ``records`` (with
        ``options``, whatever else it depends on), from the cache while nothing changed."""
        state = _State(self.folder, catalogs, records, options)
        data = read_cache_file(state.file, state.limit)
        read = None if data is None else _read(data, state.key)
        if read is not None:
            cached = _Cached(*read, lambda: self._fresh(state.again(), load))
            if cached.fits():
                return cached
        return self._fresh(state, load)

    def _fresh(self, state: _State, load: Callable[[], CatalogGraph]) -> Tables:
        tables = Tables(load())
        content = None if state.racy() else _dump(tables, state.key)
        if content is not None:
            from tradeoffs.io.write import write_cache_file  # only to write

            try:
                write_cache_file(state.file, content)
            except OutputError:
                pass  # a read-only or full disk: the next command builds the graph again
        return tables


class _State:
    """The files a graph is built from, as they are now: the name of its cache file and the
    key a cached graph must have been written for."""

    def __init__(
        self, folder: Path, catalogs: Sequence[Path], records: Sequence[Path], options: str
    ) -> None:
        self.started = time.time_ns()
        self._args = (folder, catalogs, records, options)
        given = [*map(str, catalogs), "", *map(str, records)]
        resolved = [str(path.resolve()) for path in [*catalogs, *records]]
        # A relative records folder is found from the current folder, and named as given.
        here = os.getcwd() if not all(map(Path.is_absolute, [*catalogs, *records])) else ""
        identity = json.dumps([given, resolved, here, options])
        name = hashlib.sha256(identity.encode()).hexdigest()[:32]
        self.file = folder / "graph" / f"{name}.cache"
        lines = [code_version(), identity]
        self._stats: list[tuple[int, int, int, int, int]] = []
        listed = [(path.resolve(), CARD_SUFFIXES) for path in catalogs]
        listed += [(path, RECORD_SUFFIXES) for path in records]
        for root, suffixes in listed:
            listing = list_files(root, suffixes)
            keys = [stat_key(path) for path in listing.files]
            lines += [f"{root}\0{suffixes}", *map(str, listing.problems), *map(str, listing.files)]
            lines.append(repr(keys))
            self._stats += [key for key in keys if key is not None]
        self.key = hashlib.sha256("\n".join(lines).encode("utf-8", "surrogatepass")).hexdigest()
        # A cache file is about the size of the files; far larger is not ours.
        self.limit = 16 * sum(key[0] for key in self._stats) + 1024 * 1024

    def racy(self) -> bool:
        """A file was modified so recently that a second change may not show in its times
        (the read cache's rule, :data:`~tradeoffs.loaders.cache.RACY_NS`)."""
        return any(key[1] >= self.started - RACY_NS for key in self._stats)

    def again(self) -> _State:
        return _State(*self._args)


def _read(data: bytes, key: str) -> tuple[_Header, bytes] | None:
    """The header of a cache file written for ``key``, checked, and the payload after it;
    None for any other file."""
    if not data.startswith(MAGIC):
        return None
    end = data.find(b"\n", len(MAGIC))
    try:
        size, crc = map(int, data[len(MAGIC) : end].split(b" "))
    except ValueError:
        return None
    start = end + 1
    raw = data[start : start + size]
    if size < 0 or len(raw) != size or zlib.crc32(raw) != crc:
        return None
    try:
        header = _Header.model_validate_json(raw)
    except ValidationError:
        return None
    if (header.version, header.state) != (code_version(), key):
        return None
    return header, data[start + size :]


class _Cached(Tables):
    """Tables read from a cache file: the header's rows at once, each card and the search
    texts when first used (:class:`SpoiledCache` when one does not read back)."""

    def __init__(self, header: _Header, payload: bytes, reread: Callable[[], Tables]) -> None:
        self._payload = payload
        self._header = header
        self._reread = reread
        self.ids = header.ids
        self.kinds = header.kinds
        self.titles = header.titles
        self.problems = [Problem(*problem) for problem in header.problems]
        self.skipped = header.skipped
        self.replaces = header.replaces

    def fits(self) -> bool:
        """Whether the header's parts agree with each other and with the payload."""
        h, n = self._header, len(self._header.ids)
        ends = [*h.sources, *h.targets]
        spans = [*h.cards, *h.texts]
        return (
            len(h.kinds) == len(h.titles) == len(h.cards) == len(h.origins) == len(h.files) == n
            and all(a < b for a, b in zip(h.ids, h.ids[1:], strict=False))
            and len(h.targets) == len(h.types) == len(h.notes) == len(h.reverse_notes)
            and len(h.sources) == len(h.targets)
            and (not ends or (min(ends) >= 0 and max(ends) < n))
            and all(-1 <= origin < len(h.catalogs) for origin in h.origins)
            and all(
                0 <= at and 0 <= size and at + size <= len(self._payload) for at, size, _ in spans
            )
        )

    def rows(self) -> list[EdgeRow]:
        h, ids = self._header, self.ids
        return [
            (ids[s], ids[t], kind, note, back)
            for s, t, kind, note, back in zip(
                h.sources, h.targets, h.types, h.notes, h.reverse_notes, strict=True
            )
        ]

    def where(self) -> tuple[dict[str, str], dict[str, str]]:
        h = self._header
        origins = {i: h.catalogs[o] for i, o in zip(self.ids, h.origins, strict=True) if o >= 0}
        files = {i: f for i, f in zip(self.ids, h.files, strict=True) if f is not None}
        return origins, files

    def _part(self, span: Span) -> bytes:
        at, size, crc = span
        part = self._payload[at : at + size]
        if zlib.crc32(part) != crc:
            raise SpoiledCache
        return part

    def card(self, at: int) -> Card:
        model = CARD_CLASSES[self.kinds[at]]
        try:
            card = model.model_validate_json(self._part(self._header.cards[at]))
        except ValidationError as exc:
            raise SpoiledCache from exc
        if (card.id, card.title) != (self.ids[at], self.titles[at]):
            raise SpoiledCache
        return cast(Card, card)

    def edge(self, at: int, row: EdgeRow) -> Edge:
        source, target, kind, note, back = row
        return Edge(source=source, target=target, type=kind, note=note, reverse_note=back)

    def unresolved(self) -> list[Unresolved]:
        return [
            Unresolved(card_id=card_id, group=group, target=target, reason=reason)
            for card_id, group, target, reason in self._header.unresolved
        ]

    def texts(self) -> tuple[str, str, str]:
        try:
            texts = tuple(self._part(span).decode() for span in self._header.texts)
        except UnicodeDecodeError as exc:
            raise SpoiledCache from exc
        if any(column.count(END) != len(self.ids) for column in texts):
            raise SpoiledCache
        return texts[0], texts[1], texts[2]

    def reread(self) -> Tables:
        return self._reread()


def _dump(tables: Tables, key: str) -> bytes | None:
    """The cache file of ``tables``; None when they cannot be written as one (an edge whose
    end is not a card: only a graph built by hand has one)."""
    at = {card_id: n for n, card_id in enumerate(tables.ids)}
    rows = tables.rows()
    if any(source not in at or target not in at for source, target, *_ in rows):
        return None
    payload: list[bytes] = []
    size = 0

    def add(part: bytes) -> Span:
        nonlocal size
        payload.append(part)
        size += len(part)
        return (size - len(part), len(part), zlib.crc32(part))

    cards = [add(tables.card(n).model_dump_json().encode()) for n in range(len(tables.ids))]
    texts = tuple(add(column.encode()) for column in tables.texts())
    origins, sources = tables.where()
    catalogs = sorted(set(origins.values()))
    header = _Header(
        version=code_version(),
        state=key,
        ids=tables.ids,
        kinds=tables.kinds,
        titles=tables.titles,
        cards=cards,
        catalogs=catalogs,
        origins=[catalogs.index(origins[i]) if i in origins else -1 for i in tables.ids],
        files=[sources.get(i) for i in tables.ids],
        replaces=tables.replaces,
        sources=[at[row[0]] for row in rows],
        targets=[at[row[1]] for row in rows],
        types=[row[2] for row in rows],
        notes=[row[3] for row in rows],
        reverse_notes=[row[4] for row in rows],
        unresolved=[(u.card_id, u.group, u.target, u.reason) for u in tables.unresolved()],
        problems=[(p.path, p.line, p.field, p.message) for p in tables.problems],
        skipped=tables.skipped,
        texts=cast(tuple[Span, Span, Span], texts),
    ).model_dump_json()
    raw = header.encode()
    return b"".join([MAGIC, f"{len(raw)} {zlib.crc32(raw)}\n".encode(), raw, *payload])


TEXT_MAGIC = b"tradeoffs-text-cache/1\n"
# The data of a map of 20,000 cards is some 150 MB: far larger is not ours.
TEXT_LIMIT = 1024**3


class TextCache:
    """Texts a view derives from a catalog at some cost (the map's data, the site's search
    index), kept under ``folder``: a text is reused only when it was made from the same
    inputs by the same code (:data:`~tradeoffs.loaders.cache.VIEW_CODE`, and Python's
    version). Each name has one file per ``slot`` (the site's folders), replaced by the next
    text made: a preview's edits leave one file, not one per edit.

    The file is untrusted input like any cache file: one that is missing, a symlink, too
    large, written for other inputs or another version of the code, whose text does not match
    its SHA-256, or that the caller's check refuses, is ignored and the text made afresh."""

    def __init__(self, folder: Path, slot: str) -> None:
        self.folder = folder / "text"
        self.slot = slot

    def text(
        self, name: str, inputs: bytes, make: Callable[[], str], *, fits: Callable[[str], bool]
    ) -> str:
        """``make()``, or what it made before from the same ``inputs`` (everything the text
        depends on besides the code), when that is still whole and ``fits``."""
        # Python's own version too: its Unicode tables split the search index's words.
        version = f"{code_version(VIEW_CODE)} {sys.version}".encode()
        key = hashlib.sha256(b"\0".join([version, name.encode(), inputs])).hexdigest()
        slot = hashlib.sha256(f"{self.slot}\0{name}".encode()).hexdigest()[:32]
        file = self.folder / f"{slot}.cache"
        data = read_cache_file(file, TEXT_LIMIT)
        if data is not None and (text := _cached_text(data, key)) is not None and fits(text):
            return text
        text = make()
        raw = text.encode()
        digest = hashlib.sha256(raw).hexdigest()
        from tradeoffs.io.write import write_cache_file  # only to write

        try:
            write_cache_file(file, b"".join([TEXT_MAGIC, f"{key} {digest}\n".encode(), raw]))
        except OutputError:
            pass  # a read-only or full disk: the next build makes the text again
        return text


def _cached_text(data: bytes, key: str) -> str | None:
    """The text of a text cache file written for ``key``, whole; None for any other file."""
    if not data.startswith(TEXT_MAGIC):
        return None
    end = data.find(b"\n", len(TEXT_MAGIC))
    found, _, digest = data[len(TEXT_MAGIC) : end].decode("ascii", "replace").partition(" ")
    raw = data[end + 1 :]
    if end < 0 or found != key or hashlib.sha256(raw).hexdigest() != digest:
        return None
    try:
        return raw.decode()
    except UnicodeDecodeError:
        return None


__all__ = ["GraphCache", "TextCache"]
