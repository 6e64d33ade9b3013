"""What each page of the site shows, decided here from the loaded catalog: the templates only
lay it out. Every page is a :class:`Page`: where it goes, which cards it shows (so a rebuild
knows which pages a changed card touches), and how it is made.

Addresses are relative (``cards/<id>/index.html`` from the top, ``../../`` back up), so the
site works from ``file://`` and from any sub-path of a web server alike.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path, PurePosixPath
from typing import Protocol
from urllib.parse import unquote, urlsplit

from tradeoffs.formats.facets import Facet, facets
from tradeoffs.graph.build import CatalogGraph
from tradeoffs.graph.memory import MemoryStore
from tradeoffs.graph.view import EdgeView, view
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.models import Card, CardRef, Edge, Record
from tradeoffs.site.markdown import Resolve
from tradeoffs.vocabulary import (
    CONCEPT_LABEL,
    EDGE_SPECS,
    KIND_SPECS,
    KINDS,
    LINK_GROUP_SPECS,
    RECORD_STATE_SPECS,
    Kind,
    KindSpec,
    RecordStateSpec,
)

INDEX = "index.html"
LOG = "log/index.html"
SEARCH = "search/index.html"
MAP = "map/index.html"
FEED = "feed.xml"
NO_CATEGORY = "No category"
FEED_ENTRIES = 50
"""The newest records and card changes the feed carries (feed readers keep older ones)."""
# Facets a card page shows under its title, not among the others.
HEADLINE = frozenset({"summary", "category"})
# Entries' ids in the feed: the same card or record keeps the same id from build to build.
FEED_NAMESPACE = uuid.UUID("5d0f8a39-7a3e-4a43-9d55-2f1c3c6f0b8e")


def folder_of(kind: Kind) -> str:
    """The folder of the site that holds the pages of cards of ``kind``."""
    return "records" if kind == "record" else "cards"


def page_of(card_id: str, kind: Kind) -> str:
    """Where a card's page is, from the top of the site."""
    return f"{folder_of(kind)}/{card_id}/index.html"


def root_of(path: str) -> str:
    """The way back to the top of the site from the page at ``path`` (``../../``)."""
    return "../" * (len(PurePosixPath(path).parts) - 1)


@dataclass(frozen=True)
class Ref:
    """A card or record as a link: enough to name it, and its state for a record."""

    id: str
    title: str
    kind: Kind
    path: str
    status: str | None = None
    date: str | None = None
    state: RecordStateSpec | None = None

    @property
    def spec(self) -> KindSpec:
        return KIND_SPECS[self.kind]


@dataclass(frozen=True)
class Relation:
    """One other card and every edge between it and the page's card, each read from the
    page's side (:func:`tradeoffs.graph.view.view`): as ``tradeoffs related`` lists it."""

    other: Ref
    edges: list[EdgeView]


@dataclass(frozen=True)
class Group:
    """Relations to cards of one kind."""

    spec: KindSpec
    relations: list[Relation]


@dataclass(frozen=True)
class Named:
    """A link that is not to a card here: a free-text concept, or a link that did not resolve."""

    label: str
    text: str
    note: str | None = None


@dataclass(frozen=True)
class Area:
    """The cards of one category, by kind: a row of the index's table and its section."""

    anchor: str
    name: str
    kinds: list[tuple[KindSpec, list[Ref]]]

    def count(self, kind: Kind) -> int:
        return next((len(refs) for spec, refs in self.kinds if spec.name == kind), 0)

    @property
    def total(self) -> int:
        return sum(len(refs) for _, refs in self.kinds)


@dataclass(frozen=True)
class Page:
    """One file of the site: ``shows`` the ids of the cards whose content it shows (None: it
    shows every card, as the index does), ``render`` makes its content."""

    path: str
    shows: frozenset[str] | None
    render: Callable[[], str | bytes]


@dataclass
class Content:
    """The loaded catalog as the site shows it. ``changed_at`` is each card's last change in
    git (ISO 8601), for the cards whose folder is a git checkout."""

    graph: CatalogGraph
    title: str
    changed_at: dict[str, str] = field(default_factory=dict)

    @cached_property
    def store(self) -> MemoryStore:
        return MemoryStore(self.graph)

    @cached_property
    def cards(self) -> list[Card]:
        """Cards and records, by kind (in vocabulary order) and title."""
        order = {kind: n for n, kind in enumerate(KINDS)}
        return sorted(
            self.graph.cards.values(), key=lambda c: (order[c.kind], c.title.casefold(), c.id)
        )

    @cached_property
    def records(self) -> list[Record]:
        """Records, newest first (undated ones last), then by id."""
        records = [card for card in self.graph.cards.values() if isinstance(card, Record)]
        return sorted(records, key=lambda r: (r.date is None, _negated(r.date or ""), r.id))

    @cached_property
    def refs(self) -> dict[str, Ref]:
        return {card.id: ref(card) for card in self.graph.cards.values()}

    @cached_property
    def relations(self) -> dict[str, list[Relation]]:
        """Each card's relations, as ``tradeoffs related`` lists them at depth 1 (the store's
        neighbourhood): the other cards by id, the edges with each by key, each edge seen
        from this card. Made for every card in one pass over the edges: a walk from each
        card (the store's) cost twice as much."""
        # One edge per key, the last given winning, as the store keeps them.
        edges = sorted({edge.key: edge for edge in self.graph.edges}.values(), key=_key)
        between: dict[str, dict[str, list[Edge]]] = {card_id: {} for card_id in self.graph.cards}
        for edge in edges:
            if edge.source != edge.target:  # a loop joins a card to no other card
                between.setdefault(edge.source, {}).setdefault(edge.target, []).append(edge)
                between.setdefault(edge.target, {}).setdefault(edge.source, []).append(edge)
        return {
            card_id: [
                Relation(self.refs[other], [view(edge, card_id) for edge in found])
                for other, found in sorted(between[card_id].items())
                if other in self.refs
            ]
            for card_id in self.graph.cards
        }

    def neighbours(self, card_id: str) -> frozenset[str]:
        return frozenset(r.other.id for r in self.relations[card_id])

    def file_of(self, card_id: str) -> Path | None:
        """The file a card was read from, when it was read from one."""
        folder, source = self.graph.folders.get(card_id), self.graph.sources.get(card_id)
        if folder is None or source is None:
            return None
        return (BUNDLED_CATALOG if folder == "bundled" else Path(folder)) / source

    @cached_property
    def pages_by_file(self) -> dict[str, str]:
        """Card and record files (normalised absolute paths) -> their pages: where a record's
        link to another record's file goes on the site."""
        found = {}
        for card_id, card in self.graph.cards.items():
            file = self.file_of(card_id)
            if file is not None:
                found[os.path.normpath(file)] = page_of(card_id, card.kind)
        return found

    # ---- the pages ----

    def pages(self, render: Renderer) -> dict[str, Page]:
        """Every page of the site, by path."""
        everything = None
        pages = [
            Page(INDEX, everything, lambda: render.index(self)),
            Page(LOG, frozenset(r.id for r in self.records), lambda: render.log(self)),
            Page(SEARCH, everything, lambda: render.search(self)),
            Page(MAP, everything, lambda: render.map(self)),
            Page(FEED, everything, lambda: render.feed(self)),
        ]
        for card in self.graph.cards.values():
            path = page_of(card.id, card.kind)
            shows = self.neighbours(card.id) | {card.id}
            if isinstance(card, Record):
                pages.append(Page(path, shows, partial(render.record, self, card)))
            else:
                pages.append(Page(path, shows, partial(render.card, self, card)))
        return {page.path: page for page in pages}

    # ---- what the templates read ----

    @cached_property
    def facets(self) -> dict[str, list[Facet]]:
        """Each card's facets (:func:`tradeoffs.formats.facets.facets`): its page and the
        search both read them."""
        return {card.id: facets(card) for card in self.graph.cards.values()}

    def headline(self, card: Card) -> list[Facet]:
        """The facets a card page lists (its summary and category stand under the title)."""
        return [facet for facet in self.facets[card.id] if facet.name not in HEADLINE]

    def groups(self, card_id: str) -> list[Group]:
        """The card's relations, grouped by the other card's kind, in vocabulary order."""
        by_kind: dict[Kind, list[Relation]] = {}
        for relation in self.relations[card_id]:
            by_kind.setdefault(relation.other.kind, []).append(relation)
        return [Group(KIND_SPECS[kind], by_kind[kind]) for kind in KINDS if kind in by_kind]

    def linked_from(self, card_id: str) -> list[Relation]:
        """The relations in which the other card links to this one (a one-way edge into it)."""
        return [
            relation
            for relation in self.relations[card_id]
            if any(e.direction == "in" and not EDGE_SPECS[e.type].symmetric for e in relation.edges)
        ]

    def named(self, card: Card) -> list[Named]:
        """What the card links to that is no card here: free-text concepts, then links that
        did not resolve, with the reason."""
        found = []
        for group, links in card.links.groups():
            for link in links:
                if link.concept and not link.id and not link.title:
                    found.append(
                        Named(
                            LINK_GROUP_SPECS[group].label,
                            f"{CONCEPT_LABEL}: {link.concept}",
                            link.note,
                        )
                    )
        for problem in self.graph.unresolved:
            if problem.card_id == card.id:
                found.append(
                    Named(LINK_GROUP_SPECS[problem.group].label, problem.target, problem.reason)
                )
        return found

    def resolver(self, card_id: str) -> Resolve:
        """How a link in the text of the card ``card_id`` (a record's Markdown) reaches the
        site: a web or mail address as it is, a link to a file of another card or record as
        its page, anything else not at all (None)."""
        card = self.graph.cards[card_id]
        file = self.file_of(card_id)
        root = root_of(page_of(card_id, card.kind))

        def resolve(address: str) -> str | None:
            parts = urlsplit(address)
            if parts.scheme.lower() in ("http", "https", "mailto"):
                return address
            if parts.scheme or parts.netloc or not parts.path or file is None:
                return None
            page = self.pages_by_file.get(os.path.normpath(file.parent / unquote(parts.path)))
            return None if page is None else root + page

        return resolve

    @property
    def feed_id(self) -> str:
        """The feed's own id: the same for a site of the same title."""
        return uuid.uuid5(FEED_NAMESPACE, f"feed:{self.title}").urn

    def provenance(self, card_id: str) -> tuple[str | None, str | None]:
        """The catalog a card comes from and its file there."""
        return self.graph.origins.get(card_id), self.graph.sources.get(card_id)

    def replaces(self, card_id: str) -> str | None:
        """The catalog whose card of the same id this one replaces."""
        for replacement in self.graph.replaced:
            if replacement.id == card_id:
                return replacement.replaced_catalog
        return None

    def areas(self) -> list[Area]:
        """Cards (not records) by category, then by kind; categories by name, the cards of
        no category last."""
        found: dict[str, dict[Kind, list[Ref]]] = {}
        for card in self.cards:
            if card.kind != "record":
                area = card.category or NO_CATEGORY
                found.setdefault(area, {}).setdefault(card.kind, []).append(self.refs[card.id])
        names = sorted(found, key=lambda name: (name == NO_CATEGORY, name.casefold()))
        return [
            Area(
                f"area-{number}",
                name,
                [(KIND_SPECS[kind], found[name][kind]) for kind in KINDS if kind in found[name]],
            )
            for number, name in enumerate(names, start=1)
        ]

    def kind_counts(self) -> dict[Kind, int]:
        counts: dict[Kind, int] = {}
        for card in self.cards:
            counts[card.kind] = counts.get(card.kind, 0) + 1
        return {kind: counts[kind] for kind in KINDS if kind in counts}

    def state_counts(self) -> list[tuple[RecordStateSpec, int]]:
        counts: dict[str, int] = {}
        for record in self.records:
            counts[record.state] = counts.get(record.state, 0) + 1
        return [(spec, counts[name]) for name, spec in RECORD_STATE_SPECS.items() if name in counts]

    def record_links(self, record: Record) -> dict[str, list[Relation]]:
        """A record's relations by what they are: the cards it applies, the records it
        supersedes and that supersede it, and the others it names."""
        found: dict[str, list[Relation]] = {
            "applies": [],
            "supersedes": [],
            "superseded_by": [],
            "relates": [],
        }
        for relation in self.relations[record.id]:
            for edge in relation.edges:
                if edge.type == "supersedes":
                    key = "supersedes" if edge.direction == "out" else "superseded_by"
                elif edge.type == "applies":
                    key = "applies"
                else:
                    key = "relates"
                if relation not in found[key]:
                    found[key].append(relation)
        return found

    def years(self) -> list[tuple[str, list[Ref]]]:
        """The decision log: records by year, newest first; undated records last."""
        years: dict[str, list[Ref]] = {}
        for record in self.records:
            years.setdefault(record.date[:4] if record.date else "No date", []).append(
                self.refs[record.id]
            )
        return list(years.items())

    def chains(self) -> list[list[Ref]]:
        """Records joined by ``supersedes``, each chain oldest first: a decision, what replaced
        it, what replaced that. A record that replaced several, or was replaced by several,
        joins their chains into one, ordered by date."""
        edges = [
            (edge.source, edge.target)
            for edge in self.graph.edges
            if edge.type == "supersedes" and edge.source in self.refs and edge.target in self.refs
        ]
        joined: dict[str, set[str]] = {}
        for newer, older in edges:
            group = joined.get(newer, {newer}) | joined.get(older, {older})
            for member in group:
                joined[member] = group
        chains = {frozenset(group) for group in joined.values()}
        ordered = [
            sorted((self.refs[i] for i in chain), key=lambda r: (r.date or "9999", r.id))
            for chain in chains
        ]
        return sorted(
            ordered, key=lambda chain: (chain[-1].date or "9999", chain[-1].id), reverse=True
        )

    def superseded_by(self, record_id: str) -> list[Ref]:
        """The records that supersede ``record_id``."""
        return [
            relation.other
            for relation in self.relations[record_id]
            if any(e.type == "supersedes" and e.direction == "in" for e in relation.edges)
        ]

    def feed_entries(self) -> list[FeedEntry]:
        """The newest records (by their own date, else their last change in git) and cards
        (by their last change in git), newest first; those with no time are left out. A
        record's date says when it was decided, which a later commit (a typo fixed, a file
        moved) must not replace."""
        entries = []
        for card in self.graph.cards.values():
            if isinstance(card, Record) and card.date:
                when: str | None = f"{card.date}T00:00:00Z"
            else:
                when = self.changed_at.get(card.id)
            if when is not None:
                entries.append(
                    FeedEntry(
                        ref=self.refs[card.id],
                        updated=when,
                        summary=card.summary,
                        id=uuid.uuid5(FEED_NAMESPACE, f"{card.kind}:{card.id}").urn,
                    )
                )
        entries.sort(key=lambda e: (e.updated, e.ref.id), reverse=True)
        return entries[:FEED_ENTRIES]


@dataclass(frozen=True)
class FeedEntry:
    ref: Ref
    updated: str
    summary: str | None
    id: str


class Renderer(Protocol):
    """What makes each kind of page (:mod:`tradeoffs.site.render`); named here so that
    :meth:`Content.pages` can say which page is made how."""

    def index(self, content: Content) -> str: ...
    def log(self, content: Content) -> str: ...
    def search(self, content: Content) -> str: ...
    def map(self, content: Content) -> str: ...
    def feed(self, content: Content) -> str: ...
    def card(self, content: Content, card: Card) -> str: ...
    def record(self, content: Content, record: Record) -> str: ...


def ref(card: Card | CardRef) -> Ref:
    if isinstance(card, Record):
        return Ref(
            card.id,
            card.title,
            card.kind,
            page_of(card.id, card.kind),
            status=card.status,
            date=card.date,
            state=RECORD_STATE_SPECS[card.state],
        )
    return Ref(card.id, card.title, card.kind, page_of(card.id, card.kind))


def _key(edge: Edge) -> tuple[str, str, str]:
    return edge.key


def _negated(date: str) -> str:
    """A key that sorts ISO dates newest first."""
    return "".join(chr(0x10FFFF - ord(c)) for c in date)
