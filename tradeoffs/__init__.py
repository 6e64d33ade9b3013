"""tradeoffs: engineering decision cards as a knowledge graph.

The library API: load cards, open a store, and ask it questions.

    >>> from tradeoffs import open_store, queries
    >>> store = open_store()                      # the bundled catalog, in memory
    >>> related = queries.related(store, "model-api-vs-self-hosted-model", types=["confused_with"])
    >>> "rag-vs-fine-tuning" in [n.card.id for n in related.neighbours]
    True
"""

from tradeoffs import queries
from tradeoffs.errors import (
    CardNotFound,
    CatalogError,
    ExportError,
    StoreError,
    TradeoffsError,
)
from tradeoffs.graph import Backend, load_catalog, open_store
from tradeoffs.graph.build import CatalogGraph, OneSided
from tradeoffs.graph.store import GraphStore
from tradeoffs.graph.view import EdgeView, view
from tradeoffs.loaders import BUNDLED_CATALOG
from tradeoffs.models import (
    Card,
    CardRef,
    Decision,
    Edge,
    FailureMode,
    Playbook,
    RedFlag,
    Subgraph,
    Unresolved,
)
from tradeoffs.queries import Selection
from tradeoffs.queries.results import (
    Comparison,
    FactorResult,
    Hop,
    Neighbour,
    PathResult,
    Related,
    SearchResult,
    Stats,
    ValidationReport,
)
from tradeoffs.vocabulary import EdgeType, Kind, LinkGroup

__all__ = [
    "BUNDLED_CATALOG",
    "Backend",
    "Card",
    "CardNotFound",
    "CardRef",
    "CatalogError",
    "CatalogGraph",
    "Comparison",
    "Decision",
    "Edge",
    "EdgeType",
    "EdgeView",
    "ExportError",
    "FactorResult",
    "FailureMode",
    "GraphStore",
    "Hop",
    "Kind",
    "LinkGroup",
    "Neighbour",
    "OneSided",
    "PathResult",
    "Playbook",
    "RedFlag",
    "Related",
    "SearchResult",
    "Selection",
    "Stats",
    "StoreError",
    "Subgraph",
    "TradeoffsError",
    "Unresolved",
    "ValidationReport",
    "load_catalog",
    "open_store",
    "queries",
    "view",
]
