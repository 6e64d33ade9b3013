"""How an edge reads from the card you stand on: the one place the workshop pack asks it.

Every part of the pack (the guide, the table cards, the overview's "why this card is here")
calls :func:`read_edge`; none looks at ``source``, ``note`` or ``reverse_note`` itself. When a
shared vocabulary of edge labels exists, this module is what gets swapped for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tradeoffs.models import SYMMETRIC_EDGE_TYPES, Edge, EdgeType

# (read from the source, read from the target)
LABELS: dict[EdgeType, tuple[str, str]] = {
    "confused_with": ("Easy to confuse with", "Easy to confuse with"),
    "adjacent": ("Adjacent decision", "Adjacent decision"),
    "failure_mode": ("Can fail as", "A way to fail at"),
    "red_flag": ("Red flag to watch for", "Watches for"),
    "playbook": ("Playbook to reach for", "A playbook for"),
    "decision": ("Applies to the decision", "Applies here"),
    "leads_to": ("Often leads to", "Often caused by"),
}


@dataclass(frozen=True)
class Relation:
    """An edge seen from one of its two cards."""

    type: EdgeType
    other: str  # the card at the far end
    outgoing: bool  # the edge starts at the card you stand on (always True for symmetric types)
    label: str  # how the relation reads from here ("Can fail as", "Often caused by")
    own_note: str | None  # what the card you stand on wrote about it
    other_note: str | None  # what the other card wrote


def read_edge(edge: Edge, standing_on: str) -> Relation:
    """``edge`` read from the card ``standing_on`` (one of its two ends)."""
    if standing_on not in (edge.source, edge.target):
        raise ValueError(f"{standing_on!r} is not an end of {edge.key}")
    from_source = standing_on == edge.source
    symmetric = edge.type in SYMMETRIC_EDGE_TYPES
    label = LABELS[edge.type][0 if from_source or symmetric else 1]
    return Relation(
        type=edge.type,
        other=edge.target if from_source else edge.source,
        outgoing=from_source or symmetric,
        label=label,
        own_note=edge.note if from_source else edge.reverse_note,
        other_note=edge.reverse_note if from_source else edge.note,
    )
