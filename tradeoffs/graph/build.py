"""From cards to typed edges: resolve links, merge both-sided declarations, report the rest.

This is pure Python shared by every backend, so each store holds exactly the same edges.
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from tradeoffs.errors import Problem
from tradeoffs.loaders import collector_paused
from tradeoffs.loaders.snapshot import Snapshot
from tradeoffs.models import Card, Edge, Link, Replacement, Unresolved
from tradeoffs.vocabulary import LINK_GROUP_SPECS, SYMMETRIC_EDGE_TYPES, EdgeType, LinkGroup


class OneSided(BaseModel):
    """A symmetric link declared by only one of its two cards."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    declared_by: str
    missing_on: str
    type: str

    def __str__(self) -> str:
        return (
            f"{self.declared_by}: links.{self.type}: {self.missing_on!r} does not link back "
            f"(links.{self.type} belongs on both cards)"
        )


class CatalogGraph(BaseModel):
    """Cards, the edges built from their links, and what could not be linked.

    A graph loaded from files (:func:`tradeoffs.graph.load_catalog`) also says where each card
    came from: ``sources`` its file (relative to its catalog folder), ``origins`` its catalog
    (``bundled``, a path, or ``records``), and what went wrong on the way: ``problems``,
    ``failed`` files that did not become a card, ``skipped`` files of a records folder that are
    not records. ``complete`` is False when part of a folder could not be read at all.
    ``replaced`` lists the cards a later catalog replaced. For a Neo4j load: ``folders`` gives
    each card's folder (absolute and resolved; ``bundled`` for the bundled catalog), ``read``
    the folders read, and ``snapshot`` every file as it was read. ``files_read`` says how many
    files each catalog or records folder held.
    """

    model_config = ConfigDict(extra="forbid", defer_build=True)

    cards: dict[str, Card]
    edges: list[Edge]
    unresolved: list[Unresolved]
    one_sided: list[OneSided]
    sources: dict[str, str] = {}
    origins: dict[str, str] = {}
    problems: list[Problem] = []
    failed: list[str] = []
    skipped: list[str] = []
    complete: bool = True
    replaced: list[Replacement] = []
    files_read: dict[str, int] = {}
    folders: dict[str, str] = {}
    read: list[str] = []
    snapshot: Snapshot = Field(default_factory=Snapshot)


@collector_paused()
def build_graph(cards: Mapping[str, Card]) -> CatalogGraph:
    by_title = {card.title.casefold(): card.id for card in cards.values()}
    edges: dict[tuple[str, str, str], Edge] = {}
    declared: set[tuple[str, str, str]] = set()
    unresolved: list[Unresolved] = []

    for card_id in sorted(cards):
        card = cards[card_id]
        for group, links in card.links.groups():
            for link in links:
                target, problem = _resolve(card, group, link, cards, by_title)
                if target is None:
                    if problem:
                        unresolved.append(
                            Unresolved(
                                card_id=card_id,
                                group=group,
                                target=link.target or "(title lost)",
                                reason=problem,
                            )
                        )
                    continue
                edge_type = LINK_GROUP_SPECS[group].edge
                source, dest = (
                    (target, card_id) if LINK_GROUP_SPECS[group].reverse else (card_id, target)
                )
                declared.add((source, dest, edge_type))
                _add_edge(edges, source, dest, edge_type, link.note)

    one_sided = [
        OneSided(declared_by=edge.source, missing_on=edge.target, type=edge.type)
        for edge in edges.values()
        if edge.type in SYMMETRIC_EDGE_TYPES
        and (edge.target, edge.source, edge.type) not in declared
    ]
    return CatalogGraph(
        cards=dict(cards),
        edges=sorted(edges.values(), key=lambda e: e.key),
        unresolved=unresolved,
        one_sided=one_sided,
    )


def _resolve(
    card: Card,
    group: LinkGroup,
    link: Link,
    cards: Mapping[str, Card],
    by_title: Mapping[str, str],
) -> tuple[str | None, str | None]:
    """The target id, or None with the reason (None when the link is free text on purpose)."""
    if link.id is not None:
        target = link.id if link.id in cards else None
        if target is None:
            return None, "no card with this id"
    elif link.title is not None:
        target = by_title.get(link.title.casefold())
        if target is None:
            return None, "no card with this title"
    elif link.concept is not None:
        return None, None
    else:
        return None, "the target's title was lost; only the note remains"
    if target == card.id:
        return None, "a card cannot link to itself"
    expected = LINK_GROUP_SPECS[group].target_kind or card.kind
    actual = cards[target].kind
    if actual != expected:
        return None, f"is a {actual}, but links.{group} must point at a {expected}"
    return target, None


def _add_edge(
    edges: dict[tuple[str, str, str], Edge],
    source: str,
    target: str,
    edge_type: EdgeType,
    note: str | None,
) -> None:
    if edge_type in SYMMETRIC_EDGE_TYPES:
        existing = edges.get((target, source, edge_type))
        if existing is not None:  # the other side declared it first: same edge, its own note
            existing.reverse_note = existing.reverse_note or note
            return
    existing = edges.get((source, target, edge_type))
    if existing is not None:
        existing.note = existing.note or note
        return
    edges[(source, target, edge_type)] = Edge(
        source=source,
        target=target,
        type=edge_type,
        note=note,
    )
