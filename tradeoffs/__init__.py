"""tradeoffs: engineering decision cards as a knowledge graph.

The library API: load cards, open a store, and ask it questions.

    >>> from tradeoffs import open_store, queries
    >>> store = open_store()                      # the bundled catalog, in memory
    >>> related = queries.related(store, "model-api-vs-self-hosted-model", types=["confused_with"])
    >>> [n.card.id for n in related.neighbours]
    ['fast-ai-adoption-vs-governance-first', 'rag-vs-fine-tuning']
"""

from tradeoffs import queries
from tradeoffs.errors import (
    CardNotFound,
    CatalogError,
    ExportError,
    StoreError,
    TradeoffsError,
)
from tradeoffs.graph import load_catalog, open_store
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.models import Card, Decision, Edge, FailureMode, Playbook, RedFlag, Subgraph

__all__ = [
    "BUNDLED_CATALOG",
    "Card",
    "CardNotFound",
    "CatalogError",
    "Decision",
    "Edge",
    "ExportError",
    "FailureMode",
    "Playbook",
    "RedFlag",
    "StoreError",
    "Subgraph",
    "TradeoffsError",
    "load_catalog",
    "open_store",
    "queries",
]
