"""What a subgraph holds, counted: the line every export heads its file with, and the
report ``tradeoffs export`` prints of the selection."""

from __future__ import annotations

from collections import Counter

from tradeoffs.models import Subgraph
from tradeoffs.vocabulary import EDGE_TYPES, KINDS, EdgeType, Kind, counted, kind_label


def counts(subgraph: Subgraph) -> tuple[dict[Kind, int], dict[EdgeType, int]]:
    """(cards by kind, edges by type), every kind and type listed in vocabulary order."""
    kinds = Counter(card.kind for card in subgraph.cards)
    types = Counter(edge.type for edge in subgraph.edges)
    return {k: kinds[k] for k in KINDS}, {t: types[t] for t in EDGE_TYPES}


def selection_report(subgraph: Subgraph) -> str:
    """Two lines: the cards by kind and the edges by type (those with any)."""
    kinds, types = counts(subgraph)
    by_kind = ", ".join(f"{n} {kind}" for kind, n in kinds.items() if n)
    by_type = ", ".join(f"{n} {edge_type}" for edge_type, n in types.items() if n)
    return (
        f"selected {counted(len(subgraph.cards), 'card')} ({by_kind or 'none'})\n"
        f"     and {counted(len(subgraph.edges), 'edge')} ({by_type or 'none'})"
    )


def selection_summary(subgraph: Subgraph) -> str:
    """One line: "6 cards (2 decisions, ...), 12 edges"."""
    kinds, _ = counts(subgraph)
    parts = [kind_label(k, n) for k, n in kinds.items() if n]
    cards = len(subgraph.cards)
    edges = len(subgraph.edges)
    return (
        f"{cards} card{'s' if cards != 1 else ''} ({', '.join(parts) or 'none'}), "
        f"{edges} edge{'s' if edges != 1 else ''}"
    )
