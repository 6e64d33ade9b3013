"""Building the site, whole or page by page.

:meth:`Site.build` writes every page into a folder as one output (``write_files``: replaced
as a whole, and only with ``force`` when it is tradeoffs' unchanged output). After a card or
record changed, :meth:`Site.rebuild` loads the catalog again (the read cache re-reads only
the files that changed) and makes only the pages that show a changed card: each page knows
the cards it shows (its own card and the cards it links, or every card for the index, the
search, the map and the feed). Of those, it writes the pages whose content differs from what
is in the folder, through ``update_files``, which also refuses a folder someone else changed.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from tradeoffs.errors import CatalogError, Problem, TradeoffsError
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.cache import TextCache
from tradeoffs.io.git import last_changes
from tradeoffs.io.marks import as_bytes, content_hash
from tradeoffs.io.write import check_target, update_files, write_files
from tradeoffs.loaders import collector_paused
from tradeoffs.site.content import Content, Page
from tradeoffs.site.render import Pages

DEFAULT_TITLE = "Tradeoffs"


class Site:
    """The site of the catalog ``load`` reads, in the folder ``out``. ``folders`` are the
    catalog and records folders it reads: where cards' last changes in git are looked up,
    and which changed paths concern the site. ``live`` makes the preview's pages. ``cache``
    is the cache folder, where the map's data and the search index are kept for the next
    build of the same catalog (:class:`~tradeoffs.graph.cache.TextCache`)."""

    def __init__(
        self,
        out: Path,
        load: Callable[[], CatalogGraph],
        *,
        folders: Sequence[Path] = (),
        title: str = DEFAULT_TITLE,
        live: bool = False,
        cache: Path | None = None,
    ) -> None:
        self.out = out
        self.title = title
        self.folders = [folder.resolve() for folder in folders]
        self.problems: list[Problem] = []
        """What the last load could not read (with ``keep_going``, the rest was built)."""
        self._load = load
        texts = (
            None if cache is None else TextCache(cache, json.dumps(list(map(str, self.folders))))
        )
        self._pages = Pages(live=live, cache=texts)
        self._content: Content | None = None
        self._written: dict[str, Page] = {}
        self._hashes: dict[str, str] = {}

    @property
    def content(self) -> Content:
        """The catalog as the site in the folder shows it now."""
        if self._content is None:
            raise TradeoffsError("the site is not built yet")
        return self._content

    # The cycle collector is paused while the site is made, as while cards are read: the
    # loaded catalog's objects all live on, and the collector walked them again and again
    # (about 50 ms of a 1 s build of the bundled catalog and 250 records), while making the
    # pages leaves little cyclic garbage (about 3,000 objects for those 555 pages), which
    # the collector frees when it runs again.
    @collector_paused()
    def build(self, *, force: bool = False) -> list[str]:
        """Write the whole site into ``out``; the paths written, from the top of the site."""
        check_target(self.out, force=force)
        content = self._read()
        pages = self._all_pages(content)
        # Encoded once: stamping, the manifest, writing and the hashes kept each need bytes.
        files = {path: as_bytes(page.render()) for path, page in pages.items()}
        write_files(self.out, files, force=force)
        self._keep(content, pages, files)
        return sorted(files)

    @collector_paused()
    def rebuild(self, changed: Iterable[Path]) -> list[str]:
        """Bring the site up to date after ``changed`` files changed (edited, added or
        removed): the paths of the pages rewritten or removed. Files outside the catalog and
        records folders change nothing. When a changed file cannot be read (an error of the
        load, or a problem of a file among ``changed``), nothing is written and the error is
        raised (:class:`CatalogError`): the site keeps the pages of the last good version."""
        old = self.content
        paths = {path.resolve() for path in changed}
        if not any(self._concerns(path) for path in paths):
            return []
        content = self._read()
        broken = [p for p in self.problems if p.path and Path(p.path).resolve() in paths]
        if broken:  # a file being edited is broken: the pages stay as they were
            raise CatalogError(broken)
        pages = self._all_pages(content)
        touched = changed_cards(old, content)
        files = {}
        for path, page in pages.items():
            before = self._written.get(path)
            if before is not None and not (_shows(page, touched) or _shows(before, touched)):
                continue
            rendered = as_bytes(page.render())
            if content_hash(rendered) != self._hashes.get(path):
                files[path] = rendered
        removed = sorted(set(self._written) - set(pages))
        if files or removed:
            update_files(self.out, files, remove=removed)
        self._keep(content, pages, files)
        return sorted([*files, *removed])

    def _read(self) -> Content:
        graph = self._load()
        self.problems = list(graph.problems)
        content = Content(graph, self.title)
        times = last_changes(self.folders)
        for card_id in graph.cards if times else ():  # outside git, no path to resolve
            file = content.file_of(card_id)
            if file is not None and (when := times.get(file.resolve())):
                content.changed_at[card_id] = when
        return content

    def _all_pages(self, content: Content) -> dict[str, Page]:
        assets = {
            path: Page(path, frozenset(), partial(str, text))
            for path, text in self._pages.assets().items()
        }
        return assets | content.pages(self._pages)

    def _keep(self, content: Content, pages: dict[str, Page], files: dict[str, bytes]) -> None:
        self._content = content
        self._written = pages
        self._hashes = {path: self._hashes[path] for path in pages if path in self._hashes} | {
            path: content_hash(text) for path, text in files.items()
        }

    def _concerns(self, path: Path) -> bool:
        return any(path.is_relative_to(folder) for folder in self.folders)


def changed_cards(old: Content, new: Content) -> set[str]:
    """The ids of the cards whose page would show something else: the card itself, where it
    comes from, its last change, an edge at it or a link of it that did not resolve."""
    a, b = old.graph, new.graph
    changed = {
        card_id
        for card_id in a.cards.keys() | b.cards.keys()
        if a.cards.get(card_id) != b.cards.get(card_id)
        or a.origins.get(card_id) != b.origins.get(card_id)
        or a.sources.get(card_id) != b.sources.get(card_id)
        or old.changed_at.get(card_id) != new.changed_at.get(card_id)
    }
    old_edges = {edge.key: edge for edge in a.edges}
    new_edges = {edge.key: edge for edge in b.edges}
    for key in old_edges.keys() | new_edges.keys():
        if old_edges.get(key) != new_edges.get(key):
            changed.update(key[:2])
    changed.update(u.card_id for u in set(a.unresolved) ^ set(b.unresolved))
    changed.update(r.id for r in a.replaced if r not in b.replaced)
    changed.update(r.id for r in b.replaced if r not in a.replaced)
    return changed


def _shows(page: Page, cards: set[str]) -> bool:
    return page.shows is None or not page.shows.isdisjoint(cards)


def build_site(
    out: Path,
    load: Callable[[], CatalogGraph],
    *,
    folders: Sequence[Path] = (),
    title: str = DEFAULT_TITLE,
    force: bool = False,
    cache: Path | None = None,
) -> Site:
    """Write the site of the catalog ``load`` reads into ``out``; the :class:`Site`, to
    rebuild it as files change."""
    site = Site(out, load, folders=folders, title=title, cache=cache)
    site.build(force=force)
    return site
