"""An edge as seen from one of its cards: the one place that says which way it reads, whose
note is whose, and how it is labelled. ``related``, ``compare``, the map panel, the workshop
pack and the Markdown export all read edges through :func:`view`."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tradeoffs.models import Edge
from tradeoffs.vocabulary import EDGE_SPECS, EdgeType


class EdgeView(BaseModel):
    """``edge`` seen from ``seen_from``: ``direction`` is ``out`` when that card is the source;
    ``label`` is how that card reads the edge ("Often leads to" / "Often caused by"); ``note``
    is what that card wrote about it, ``other_note`` what the card at the other end wrote."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    type: EdgeType
    source: str
    target: str
    seen_from: str
    other: str
    direction: Literal["out", "in"]
    label: str
    note: str | None = None
    other_note: str | None = None

    @property
    def outgoing(self) -> bool:
        """The edge reads forward from here: it leaves this card, or it is symmetric."""
        return self.direction == "out" or EDGE_SPECS[self.type].symmetric

    @property
    def any_note(self) -> str | None:
        """This side's note, else the other side's: the one line a compact view shows."""
        return self.note or self.other_note


def view(edge: Edge, card_id: str) -> EdgeView:
    """``edge`` as seen from ``card_id``, one of its two ends."""
    if card_id not in (edge.source, edge.target):
        raise ValueError(f"{card_id!r} is not an end of {edge.key}")
    spec = EDGE_SPECS[edge.type]
    outgoing = edge.source == card_id
    # A one-way edge's note was written by its source; a symmetric edge has one note per side.
    own, other = (edge.note, edge.reverse_note) if outgoing else (edge.reverse_note, edge.note)
    return EdgeView(
        type=edge.type,
        source=edge.source,
        target=edge.target,
        seen_from=card_id,
        other=edge.target if outgoing else edge.source,
        direction="out" if outgoing else "in",
        label=spec.label if outgoing or spec.symmetric else spec.reverse_label,
        note=own,
        other_note=other,
    )
