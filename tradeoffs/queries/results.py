"""What the queries return: plain pydantic objects, the same from every backend."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tradeoffs.graph.build import OneSided
from tradeoffs.graph.view import EdgeView
from tradeoffs.models import Card, CardRef, Provenance, Replacement, Unresolved
from tradeoffs.vocabulary import EdgeType, RecordState


class Result(BaseModel):
    # Built on first use: a command needs one or two of these, and start-up time matters.
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Neighbour(Result):
    card: CardRef
    distance: int
    edges: list[EdgeView]


class Related(Result):
    card: CardRef
    depth: int
    neighbours: list[Neighbour]


class Hop(Result):
    """One step of a path, read from the card it leaves (see :func:`tradeoffs.graph.view.view`)."""

    source: CardRef
    target: CardRef
    type: EdgeType
    direction: Literal["out", "in"]
    label: str
    note: str | None = None

    @classmethod
    def along(cls, source: CardRef, target: CardRef, seen: EdgeView) -> Hop:
        return cls(
            source=source,
            target=target,
            type=seen.type,
            direction=seen.direction,
            label=seen.label,
            note=seen.any_note,
        )


class PathResult(Result):
    source: CardRef
    target: CardRef
    hops: list[Hop]


class SearchHit(Result):
    card: CardRef
    score: int


class SearchResult(Result):
    query: str
    hits: list[SearchHit]


class FactorHit(Result):
    card: CardRef
    factors: list[str]


class FactorResult(Result):
    factor: str
    decisions: list[FactorHit]


class Comparison(Result):
    left: Card
    right: Card
    distinctions: list[EdgeView]
    edges: list[EdgeView]


class Degree(Result):
    card: CardRef
    degree: int


class Stats(Result):
    nodes: int
    edges: int
    relations: int
    """Pairs of linked cards: the edges two cards declare of each other are one relation."""
    nodes_by_kind: dict[str, int]
    edges_by_type: dict[str, int]
    unresolved: list[Unresolved]
    most_connected: list[Degree]
    cards_by_catalog: dict[str, int] = {}
    replacing: dict[str, Provenance] = {}
    """Cards of a later catalog that replace an earlier catalog's card of the same id."""


class ValidationReport(Result):
    cards: int
    edges: int
    errors: list[str]
    unresolved: list[Unresolved]
    one_sided: list[OneSided]
    isolated: list[str]
    replaced: list[Replacement] = []
    """Not a problem: a later catalog's card replacing an earlier one's, listed so it is seen."""
    files_read: dict[str, int] = {}
    """How many files each catalog or records folder held (:func:`tradeoffs.io.list_files`)."""

    def problems(self, strict: bool) -> list[str]:
        """What fails validation: errors always; with ``strict`` every warning too."""
        problems = list(self.errors)
        if strict:
            problems += [str(u) for u in self.unresolved] + [str(o) for o in self.one_sided]
            problems += [f"{card_id}: has no edges" for card_id in self.isolated]
        return problems


class Revisit(Result):
    """A re-look trigger of a card a record applies."""

    card: CardRef
    trigger: str


class ReviewedRecord(Result):
    """A record no newer one replaced: how old it is, what would force a re-look at the
    cards it applies, and the failure modes and red flags linked to them. ``status`` is the
    record's own word, ``state`` what it means."""

    record: CardRef
    status: str | None
    state: RecordState
    date: str | None
    age_days: int | None
    applies: list[CardRef]
    revisit: list[Revisit]
    watch: list[CardRef]
    overdue: bool = False


class Scored(Result):
    """A decision card suggested for a record, with the ranking's score."""

    card: CardRef
    score: float


class Suggestion(Result):
    """A record that applies no card, and the decision cards that fit its text (none when
    no card fits, or when suggestions were not asked for)."""

    record: CardRef
    status: str | None
    state: RecordState
    suggestions: list[Scored]


class Review(Result):
    today: str
    older_than: str | None
    cutoff: str | None
    records: int
    current: list[ReviewedRecord]
    """Accepted records no newer record replaced."""
    unknown: list[ReviewedRecord]
    """Records without a status, or with a word no state has: they need one."""
    unlinked: list[Suggestion]

    @property
    def overdue(self) -> list[ReviewedRecord]:
        return [item for item in self.current if item.overdue]


class Decided(Result):
    """What ``decide`` wrote: the new record's file, number (none in a folder of dated
    records), title and template, and the card it applies."""

    path: str
    number: int | None
    title: str
    template: str
    card: CardRef


class Linked(Result):
    """What ``link`` changed: the record's file and the cards it applies before and after."""

    path: str
    record: CardRef
    before: list[str]
    after: list[str]
